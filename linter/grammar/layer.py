"""LanguageTool matches as copydesk findings, at exact source offsets.

Only the prose is checked: the whole source goes to ``/v2/check`` in the API's
``data`` annotation form, prose as ``text`` and everything else as ``markup``
(a gap holding a line break reads as a paragraph break, ``"\\n\\n"``; an inline
gap reads as nothing). LanguageTool then reports offsets into the original
source, counted in UTF-16 code units, which we turn into code points.

language-tool-python's ``check()`` only sends plain text, so the request is
posted here with urllib (no ``requests`` import, so a bounded ``timeout``).

Severity, from LanguageTool's ``rule.issueType``:

=================  ==========
issueType          severity
=================  ==========
misspelling        warning
grammar            warning
typographical      suggestion
style              suggestion
anything else      suggestion
=================  ==========

House words: LanguageTool's spelling file lives inside a jar here, so instead
of language-tool-python's ``new_spellings`` we drop a ``TYPOS`` match whose
text (less a trailing possessive) is a listed word, or one word of a listed
multi-word name. A lowercase entry also covers its capitalised forms.
"""

from __future__ import annotations

import json
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Sequence

from ..base.model import Finding, Severity, Source
from ..base.positions import LineIndex, Utf16
from .errors import GrammarUnavailable
from .server import ensure_server

DEFAULT_TIMEOUT = 30.0  # seconds for one check request on a warm server
MAX_SUGGESTIONS = 5
LT_HOME = "https://languagetool.org"
SEVERITY = {"misspelling": Severity.WARNING, "grammar": Severity.WARNING}
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def build_annotation(source: str, prose_ranges: Sequence[tuple[int, int]]) -> list[dict]:
    """The ``data`` annotation: prose as text, the rest as markup, in source order.
    Concatenating every part gives back ``source`` exactly."""
    parts: list[dict] = []
    pos = 0
    for start, end in sorted(prose_ranges):
        start, end = max(start, pos), min(end, len(source))
        if start >= end:
            continue
        if start > pos:
            parts.append(_markup(source[pos:start]))
        parts.append({"text": source[start:end]})
        pos = end
    if pos < len(source):
        parts.append(_markup(source[pos:]))
    return parts


def _markup(gap: str) -> dict:
    return {"markup": gap, "interpretAs": "\n\n" if "\n" in gap else ""}


def check_grammar(
    source: str,
    prose_ranges: list[tuple[int, int]],
    *,
    locale: str = "en-US",
    disabled_rules: Iterable[str] = (),
    disabled_categories: Iterable[str] = (),
    picky: bool = False,
    spellcheck: bool = True,
    words: Iterable[str] = (),
    url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    start_timeout: float | None = None,
    cache_dir=None,
) -> list[Finding]:
    """LanguageTool findings for the prose of ``source``, sorted by offset.

    ``prose_ranges`` are ``[start, end)`` code-point ranges of ``source`` to check.
    ``url`` is a LanguageTool server to use (nothing is installed or started);
    without it this process's local server is started on first use, bounded by
    ``start_timeout``. ``timeout`` bounds the check request itself.
    Raises GrammarUnavailable with a one-line reason when LanguageTool can't answer.
    """
    if not any(source[s:e].strip() for s, e in prose_ranges):
        return []
    base = ensure_server(url, cache_dir=cache_dir, locale=locale, start_timeout=start_timeout)
    categories = list(dict.fromkeys([*disabled_categories, *([] if spellcheck else ["TYPOS"])]))
    form = {"language": locale, "data": json.dumps({"annotation": build_annotation(source, prose_ranges)})}
    if disabled_rules := ",".join(disabled_rules):
        form["disabledRules"] = disabled_rules
    if categories:
        form["disabledCategories"] = ",".join(categories)
    if picky:
        form["level"] = "picky"
    result = _post(f"{base}/v2/check", form, timeout)
    return to_findings(source, prose_ranges, result.get("matches", []), words)


def _post(endpoint: str, form: dict, timeout: float) -> dict:
    where = endpoint.rsplit("/v2/", 1)[0]
    body = urllib.parse.urlencode(form).encode()
    try:
        with urllib.request.urlopen(endpoint, body, timeout=timeout) as resp:
            raw = resp.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode(errors="replace").strip().splitlines()
        raise GrammarUnavailable(
            f"LanguageTool at {where} answered HTTP {exc.code}: {detail[0][:200] if detail else exc.reason}"
        ) from None
    except TimeoutError:
        raise GrammarUnavailable(f"LanguageTool at {where} did not answer within {timeout:g} s") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise GrammarUnavailable(f"LanguageTool at {where} did not answer within {timeout:g} s") from None
        raise GrammarUnavailable(f"LanguageTool at {where} is unreachable: {reason}") from None
    except (OSError, ValueError) as exc:  # reset connections, malformed URLs
        raise GrammarUnavailable(f"LanguageTool at {where} failed: {exc}") from None
    try:
        return json.loads(raw)
    except ValueError:
        raise GrammarUnavailable(f"LanguageTool at {where} sent something that is not JSON") from None


def to_findings(
    source: str, prose_ranges: Sequence[tuple[int, int]], matches: list[dict], words: Iterable[str] = ()
) -> list[Finding]:
    """Turn ``/v2/check`` matches (UTF-16 offsets into ``source``) into findings."""
    index = Utf16(source)
    lines = LineIndex(source)
    prose = sorted(prose_ranges)
    known = _WordList(words)
    names = _Names(source)
    findings = []
    for m in matches:
        start = index.codepoint(m["offset"])
        end = index.codepoint(m["offset"] + m["length"])
        rule = m.get("rule", {})
        text = source[start:end]
        if not _touches_prose(source, prose, start, end):
            continue  # e.g. a whitespace match made of the gap a code span left
        if rule.get("category", {}).get("id") == "TYPOS" and known.covers(text):
            continue
        severity = SEVERITY.get(rule.get("issueType", ""), Severity.SUGGESTION)
        message = " ".join(m.get("message", "").split())
        if rule.get("category", {}).get("id") == "TYPOS" and names.likely(start, text):
            severity = Severity.NOTE
            message += (
                " (A capitalised word LanguageTool does not know, likely a name: list it in [grammar] words.)"
            )
        line, col = lines.position(start)
        end_line, end_col = lines.position(end)
        urls = [u["value"] for u in rule.get("urls", []) if u.get("value")]
        findings.append(
            Finding(
                rule=f"languagetool.{rule.get('id', 'UNKNOWN')}",
                pack="languagetool",
                severity=severity,
                message=message,
                why=rule.get("description", ""),
                sources=(
                    Source(
                        id="languagetool",
                        organisation="LanguageTool",
                        title=f"LanguageTool rule {rule.get('id', '')}: {rule.get('description', '')}",
                        year="n.d.",
                        url=urls[0] if urls else LT_HOME,
                    ),
                ),
                offset=start,
                end_offset=end,
                line=line,
                column=col,
                end_line=end_line,
                end_column=end_col,
                match=text,
                suggestions=tuple(r["value"] for r in m.get("replacements", [])[:MAX_SUGGESTIONS]),
                fixable=False,
            )
        )
    findings.sort(key=lambda f: (f.offset, f.end_offset, f.rule))
    return findings


def _touches_prose(source: str, prose: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Does [start, end) hold a non-space prose character (or sit inside prose if empty)?"""
    for s, e in prose:
        if e <= start and start != end:
            continue
        if s > end:
            break
        if start == end:
            if s <= start < e:
                return True
        elif source[max(s, start) : min(e, end)].strip():
            return True
    return False


_SENTENCE_END = re.compile(r"(?:^|[.!?:\u2026][\"'\u201d\u2019)\]]*\s+|\n\s*\n\s*|[\"\u201c\u2018(\[]\s*)$")


class _Names:
    """Is a misspelling a proper name? A capitalised word mid-sentence, or one at a
    sentence's start that the story also uses capitalised mid-sentence (``Quill
    said...`` after ``Mara Quill``). A misspelt common word opening a sentence
    (``Recieved``) stays a warning."""

    def __init__(self, source: str):
        self.source = source
        self._mid: dict[str, bool] = {}

    def _at_sentence_start(self, start: int) -> bool:
        return _SENTENCE_END.search(self.source[max(0, start - 12) : start]) is not None or start == 0

    def likely(self, start: int, text: str) -> bool:
        word = text.strip()
        if not word[:1].isupper() or word.isupper():
            return False  # lower case, or an acronym
        if not self._at_sentence_start(start):
            return True
        if word not in self._mid:
            self._mid[word] = any(
                not self._at_sentence_start(m.start())
                for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", self.source)
            )
        return self._mid[word]


class _WordList:
    def __init__(self, words: Iterable[str]):
        self._exact: set[str] = set()
        self._folded: set[str] = set()
        for entry in words:
            for word in [entry, *entry.split()]:
                (self._folded.add(word) if word.islower() else self._exact.add(word))

    def covers(self, text: str) -> bool:
        text = text.strip()
        for candidate in {text, _POSSESSIVE.sub("", text)}:
            if candidate in self._exact or candidate.lower() in self._folded:
                return True
        return False
