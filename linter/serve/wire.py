"""LanguageTool's JSON wire format: request text in, findings out as LT matches.

Three jobs, all pure (no I/O):

* ``parse_data`` reads the ``data`` annotation (``{"text": ...}`` or
  ``{"annotation": [{"text": ...}, {"markup": ..., "interpretAs": ...}]}``)
  into an :class:`Annotated`: the plain text we check, plus the map from plain
  positions back to the original annotated text, which is what LT clients count
  offsets in.
* :class:`RuleIds` is the stable two-way rule id mapping (see docs/serve.md):
  ``suicide.commit-suicide`` <-> ``COPYDESK_SUICIDE_COMMIT_SUICIDE``.
* ``to_match`` turns one :class:`~linter.base.model.Finding` into one LT match.

Python strings count code points; LT (Java) counts UTF-16 code units, so every
offset and length on the wire goes through :class:`Utf16`.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from ..base.model import Finding, Severity
from ..base.positions import Utf16
from ..engine.findings import QUOTE_NOTE, READING_NOTES

PREFIX = "COPYDESK_"
CONTEXT_SIZE = 40  # LT's context window: this many UTF-16 units each side of a match
MAX_SENTENCE_CHARS = 300  # a `sentence` longer than this is cut to a window around the match
_SURROGATE = re.compile("[\ud800-\udfff]")
# A sentence ends after . ! ? or … (plus closing quotes/brackets) before a space,
# or at a blank line. Enough for the `sentence` field; no engine logic uses it.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|\n[ \t]*\n")


class WireError(ValueError):
    """Input that the wire format does not allow; the message is shown to the client."""


# --- UTF-16 -------------------------------------------------------------------

# --- the `text` / `data` input ------------------------------------------------


@dataclass
class Annotated:
    """The text a client sent: ``original`` (markup included) and the ``plain`` text we check.

    ``segments`` holds ``(plain_start, original_start, length)`` for each text
    part; markup has no plain characters except its ``interpretAs``.
    """

    original: str
    plain: str
    segments: list[tuple[int, int, int]] = field(default_factory=list)

    @classmethod
    def from_text(cls, text: str) -> Annotated:
        return cls(text, text, [(0, 0, len(text))])

    @cached_property
    def _starts(self) -> list[int]:
        return [s[0] for s in self.segments]

    def to_original(self, pos: int, *, end: bool) -> int:
        """Original offset of plain offset ``pos``. A start maps into the segment that
        holds it; an end into the segment it closes, so markup after a match is not
        swallowed (LT does the same)."""
        starts = self._starts
        i = (bisect_left(starts, pos) if end else bisect_right(starts, pos)) - 1
        if i < 0:
            return 0 if not self.segments else self.segments[0][1]
        plain_start, orig_start, length = self.segments[i]
        return orig_start + min(pos - plain_start, length)


def parse_data(raw: str) -> Annotated:
    """Read the ``data`` parameter. Raises WireError with a client-facing message."""
    try:
        data = json.loads(raw)
    except RecursionError:
        raise WireError("'data' is nested too deeply") from None
    except ValueError as exc:
        raise WireError(f"'data' is not valid JSON ({exc})") from None
    if not isinstance(data, dict) or ("text" in data) == ("annotation" in data):
        raise WireError("'data' must be a JSON object with either 'text' or 'annotation'")
    if "text" in data:
        if not isinstance(data["text"], str):
            raise WireError("'data' field 'text' must be a string")
        return _checked(Annotated.from_text(data["text"]))
    parts = data["annotation"]
    if not isinstance(parts, list):
        raise WireError("'data' field 'annotation' must be a list")
    original, plain, segments = [], [], []
    o = p = 0
    for n, part in enumerate(parts, 1):
        if not isinstance(part, dict) or ("text" in part) == ("markup" in part):
            raise WireError(f"'annotation' item {n} must be an object with either 'text' or 'markup'")
        if "text" in part:
            text = part["text"]
            if not isinstance(text, str) or "interpretAs" in part:
                raise WireError(f"'annotation' item {n}: 'text' must be a string, without 'interpretAs'")
            if text:
                segments.append((p, o, len(text)))
            original.append(text)
            plain.append(text)
            o, p = o + len(text), p + len(text)
        else:
            markup, interpret = part["markup"], part.get("interpretAs", "")
            if not isinstance(markup, str) or not isinstance(interpret, str):
                raise WireError(f"'annotation' item {n}: 'markup' and 'interpretAs' must be strings")
            original.append(markup)
            plain.append(interpret)
            o, p = o + len(markup), p + len(interpret)
    return _checked(Annotated("".join(original), "".join(plain), segments))


def _checked(doc: Annotated) -> Annotated:
    # JSON escapes can smuggle in half a surrogate pair, which has no UTF-16 or UTF-8 form.
    if _SURROGATE.search(doc.original) or _SURROGATE.search(doc.plain):
        raise WireError("'data' contains an unpaired UTF-16 surrogate")
    return doc


# --- rule ids -----------------------------------------------------------------


def lt_rule_id(rule_id: str) -> str:
    """``suicide.commit-suicide`` -> ``COPYDESK_SUICIDE_COMMIT_SUICIDE``."""
    return PREFIX + re.sub(r"[.-]", "_", rule_id).upper()


def lt_pack_id(pack: str) -> str:
    return PREFIX + pack.replace("-", "_").upper()


class RuleIds:
    """Resolves request ids (dotted or LT-style, any case) to our rule and pack ids."""

    def __init__(self, rule_ids: Iterable[str], pack_ids: Iterable[str]):
        self._rules: dict[str, str] = {}
        self._packs: dict[str, str] = {}
        for rid in rule_ids:
            key = lt_rule_id(rid)
            if self._rules.get(key, rid) != rid:
                # Two ids that differ only in '.' vs '-' placement; refuse rather than guess.
                raise ValueError(f"rules {self._rules[key]} and {rid} both map to {key}; rename one")
            self._rules[key] = self._rules[rid.lower()] = rid
        for pack in pack_ids:
            self._packs[lt_pack_id(pack)] = self._packs[pack.lower()] = pack

    def rule(self, name: str) -> str | None:
        """Our rule or pack id for an entry of enabledRules/disabledRules, else None (LT's)."""
        return self._rules.get(name.lower()) or self._rules.get(name.upper()) or self.pack(name)

    def pack(self, name: str) -> str | None:
        """Our pack id for a category id, else None (one of LT's categories)."""
        return self._packs.get(name.lower()) or self._packs.get(name.upper())


# --- findings as matches ------------------------------------------------------


def context(original: str, index: Utf16, start: int, end: int) -> dict:
    """LT's context: up to 40 UTF-16 units each side, '...' where the window starts
    past 0 or stops short of the end (LT's exact test, boundary included), newlines
    as spaces. ``start``/``end`` and the returned offset are UTF-16 units."""
    total = index.units(len(original))
    lo, hi = start - CONTEXT_SIZE, end + CONTEXT_SIZE
    prefix = "..." if lo >= 0 else ""
    suffix = "..." if hi <= total else ""
    first = index.codepoint(max(lo, 0), ceil=True)  # never cut an emoji in half
    last = index.codepoint(min(hi, total), ceil=False)
    text = prefix + original[first:last].replace("\n", " ") + suffix
    return {"text": text, "offset": len(prefix) + start - index.units(first), "length": end - start}


class Sentences:
    """Sentence spans of the plain text, found once per response and only if needed."""

    def __init__(self, plain: str):
        self.plain = plain
        ends = [m.end() for m in _SENTENCE_END.finditer(plain)]
        self.starts = [0] + ends

    def around(self, pos: int, limit: int | None = None) -> str:
        """The sentence holding ``pos``; past ``limit`` characters (text without
        sentence ends), a window of that size around ``pos`` instead."""
        i = bisect_right(self.starts, pos) - 1
        start, stop = self.starts[i], self.starts[i + 1] if i + 1 < len(self.starts) else len(self.plain)
        if limit is not None and stop - start > limit:
            start = max(start, min(pos - limit // 2, stop - limit))
            stop = start + limit
        return self.plain[start:stop].strip()


@dataclass
class Rendering:
    """What one response needs to render matches: the text and its indexes."""

    doc: Annotated
    titles: dict[str, str]  # pack id -> pack title
    document_rules: frozenset[str] = frozenset()  # whole-article rule ids
    index: Utf16 = field(init=False)
    _sentences: Sentences | None = field(default=None, init=False)

    def __post_init__(self):
        self.index = Utf16(self.doc.original)

    def sentence(self, plain_pos: int) -> str:
        if self._sentences is None:
            self._sentences = Sentences(self.doc.plain)
        return self._sentences.around(plain_pos, MAX_SENTENCE_CHARS)


def _consider(suggestions: tuple[str, ...]) -> str:
    shown = ", ".join(f"\u201c{' '.join(s.split())}\u201d" for s in suggestions[:3])
    return f"Consider: {shown}."


def to_match(f: Finding, r: Rendering, *, why: bool = True) -> dict:
    """One finding as an LT match, keys in LT's order, plus a ``copydesk`` extra.

    ``why=False`` leaves the rule's explanation out (a response explains each
    rule once, at its first match: the why travels in ``copydesk.why``)."""
    o_start = r.doc.to_original(f.offset, end=False)
    o_end = max(o_start, r.doc.to_original(f.end_offset, end=True))
    start, end = r.index.units(o_start), r.index.units(o_end)
    title = r.titles.get(f.pack, f.pack)
    core, note = split_note(f)
    whole_article = f.rule in r.document_rules
    # LanguageTool clients apply a replacement with one click (language_tool_python's
    # correct() applies them all), so only what `copydesk fix` would apply is one;
    # other rewrites travel in the message for the writer to weigh.
    offered = "" if f.fixable or f.in_quote or not f.suggestions else _consider(f.suggestions)
    return {
        "message": " ".join(part for part in (core, offered, note) if part),
        "shortMessage": short_message(core) + (f" ({NOTE_LABELS[f.reading or 'quote']})" if note else ""),
        "replacements": [{"value": s} for s in f.suggestions] if f.fixable and not f.in_quote else [],
        "offset": start,
        "length": end - start,
        "context": context(r.doc.original, r.index, start, end),
        "sentence": r.sentence(f.offset),
        "type": {"typeName": "Other" if f.severity >= Severity.WARNING else "Hint"},
        "rule": {
            "id": lt_rule_id(f.rule),
            "description": f"{title}: {f.rule.split('.', 1)[-1].replace('-', ' ')}",
            "issueType": issue_type(f, whole_article),
            "urls": [{"value": s.url} for s in f.sources if s.url],
            "category": {"id": f.pack, "name": title},
        },
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
        "copydesk": {
            "rule": f.rule,
            "severity": str(f.severity),
            "inQuote": f.in_quote,
            "fixable": f.fixable,
            "why": f.why if why else None,
            "reading": f.reading,
            "wholeArticle": whole_article,
        },
    }


# --- the words of a match ------------------------------------------------------

# What a reading note says in a few words, after the problem in ``shortMessage``.
NOTE_LABELS = {
    "quote": "in a direct quote",
    "self": "self-description",
    "mention": "the term is discussed",
    "definition": "a definition",
    "name": "part of a name",
    "figurative": "figurative sense",
}
SHORT_LIMIT = 80  # characters; LibreOffice's context menu is one line
_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")
_PARENTHESIS = re.compile(r"\s*\([^()]*(?:\([^()]*\)[^()]*)*\)")


def split_note(f: Finding) -> tuple[str, str]:
    """The finding's message without, and then its quote or reading note, which the
    engine puts first; on the wire the problem comes first and the note after it."""
    if f.in_quote and f.message.startswith(QUOTE_NOTE):
        return f.message[len(QUOTE_NOTE) :], QUOTE_NOTE.strip()
    if f.reading in READING_NOTES:
        prefix = READING_NOTES[f.reading].format(cue=f.reading_cue)
        if f.message.startswith(prefix):
            return f.message[len(prefix) :], prefix.strip()
    return f.message, ""


def short_message(message: str) -> str:
    """The problem in a few words: the message's first clause (packs write "the
    problem; the advice"), without asides in parentheses, cut at a word near
    :data:`SHORT_LIMIT`."""
    short = _PARENTHESIS.sub("", message.split("; ", 1)[0]).strip().rstrip(".")
    head, colon, _ = short.partition(": ")
    if colon and not _QUOTED.fullmatch(head):  # '"X" needs explaining: say ...'; not '"X": say ...'
        short = head
    if len(short) > SHORT_LIMIT:
        short = short[: short.rfind(" ", 0, SHORT_LIMIT)].rstrip(",;:") + "…"
    return short


def issue_type(f: Finding, whole_article: bool) -> str:
    """LanguageTool's issueType (ITS 2.0 localization-quality issue types), which
    clients colour by: missing information (whole-article rules), a harmful term
    (warning and error), else a matter of style (suggestions, notes, quotes)."""
    if whole_article:
        return "omission"
    if f.severity >= Severity.WARNING:
        return "terminology"
    return "style"
