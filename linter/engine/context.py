"""Context tests that keep rules precise without regular expressions.

Near/not-near word windows, proper names (declared or Title-Case runs),
use–mention ("the phrase “committed suicide”"), and the document's story type.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..packs import Near, StoryType

from .matching import _canonical, near_forms

_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
_CONNECTORS = frozenset("of for the and on in to de del la le van von at".split())
_SENTENCE_END = re.compile(r"[.!?:\u2026][\"'\u201d\u2019)]*\s*$")
_WINDOW_CHARS = 24  # characters looked at per word of a context window


def _words(text: str) -> list[str]:
    return [w.lower().replace("\u2019", "'") for w in _WORD.findall(text)]


def _paragraph_bounds(scan: str, start: int, end: int, reach: int) -> tuple[int, int]:
    lo = max(0, start - reach)
    hi = min(len(scan), end + reach)
    brk = scan.rfind("\n\n", lo, start)
    if brk != -1:
        lo = brk + 2
    brk = scan.find("\n\n", end, hi)
    if brk != -1:
        hi = brk
    return lo, hi


@lru_cache(maxsize=4096)
def _near_pattern(words: tuple[str, ...], pairs: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    """All forms of a condition's phrases as one alternation, matched on word
    boundaries of a space-joined window."""
    forms = sorted({form for word in words for form in near_forms(word, pairs)}, key=len, reverse=True)
    return re.compile(r"(?:^| )(?:" + "|".join(map(re.escape, forms)) + r")(?= |$)")


def near(
    scan: str, start: int, end: int, conditions: Iterable[Near], pairs: tuple[tuple[str, str], ...]
) -> bool:
    """True when any condition's phrase occurs within its word window."""
    for cond in conditions:
        reach = max(cond.before, cond.after) * _WINDOW_CHARS + 40
        lo, hi = _paragraph_bounds(scan, start, end, reach)
        pattern = _near_pattern(cond.words, pairs)
        if cond.before and pattern.search(" ".join(_words(scan[lo:start])[-cond.before :])):
            return True
        if cond.after and pattern.search(" ".join(_words(scan[end:hi])[: cond.after])):
            return True
    return False


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _at_sentence_start(scan: str, start: int) -> bool:
    before = scan[max(0, start - 40) : start].rstrip(" \t\x00")
    if not before or before.endswith("\n"):
        return True
    return bool(_SENTENCE_END.search(before)) or before[-1] in "\"\u201c'\u2018(-\u2014\n"


_LIST_MARKER = re.compile(r"(?:^|\n)[ \t]*(?:[-*+\u2022]|\d+[.)]|#{1,6})$")
_OPENERS = "\"\u201c\u2018'(["


def starts_sentence(scan: str, start: int) -> bool:
    """Does a rewrite at ``start`` begin a sentence (and so take a capital)?

    Stricter than :func:`_at_sentence_start`, which serves name detection: a
    hard-wrapped line's first word is mid-sentence ("Police said the\naddicts"),
    and so is a word after an opening quote or bracket unless the quote itself
    opens a sentence or follows a speech verb's comma or colon ('said, "Addicts').
    """
    before = scan[max(0, start - 80) : start].rstrip(" \t\x00")
    quoted = False
    while before and before[-1] in _OPENERS:
        quoted = True
        before = before[:-1].rstrip(" \t\x00")
    if not before:
        return start <= 80 or not scan[: max(0, start - 80)].strip()
    if before[-1] in "\n\r":
        body = before.rstrip("\r\n \t\x00")
        if not body or "\n\n" in before[len(body) :].replace("\r", "") or body.endswith("\x00"):
            return True  # a paragraph's first word
        return bool(_SENTENCE_END.search(body))  # a wrapped line: only after a sentence's end
    if _LIST_MARKER.search(before):
        return True
    if quoted and before[-1] in ",:":
        return True
    return bool(_SENTENCE_END.search(before))


class NameSpans:
    """Where declared names (laws, organisations, campaigns) occur in a document.

    The scanner finds them in the same pass as the rule phrases, so this is a
    bisection, not a regex per hit.
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def covers(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start)
        return any(s <= start and end <= e for s, e in self.spans[max(0, i - 8) : i])


def in_title_case_name(scan: str, start: int, end: int, title_case_block: bool) -> bool:
    """A capitalised match inside a run of capitalised words reads as a name."""
    if title_case_block:
        return False
    matched = _WORD.findall(scan[start:end])
    if (
        not matched
        or not _is_capitalised(matched[0])
        or not all(_is_capitalised(w) or w.lower() in _CONNECTORS for w in matched)
    ):
        return False
    if all(w.isupper() for w in matched) and sum(len(w) for w in matched) > 4:
        return False  # a headline in capitals, not a name (declared names still apply)
    left_text = re.split(r"[.!?:;\u2026]\s|\n\n", scan[max(0, start - 60) : start])[-1]
    right_text = re.split(r"[.!?:;\u2026,]\s|\n\n", scan[end : end + 60])[0]
    extra = 0
    for words in (reversed(_WORD.findall(left_text)), _WORD.findall(right_text)):
        for w in words:
            if _is_capitalised(w):
                extra += 1
            elif w.lower() not in _CONNECTORS:  # connectors join a name's words
                break
    # At a sentence start a capital proves nothing: ask for more of the name.
    needed = 2 if _at_sentence_start(scan, start) else 1
    return extra >= needed


def is_title_case_block(scan: str, start: int, end: int) -> bool:
    words = [w for w in _WORD.findall(scan[start:end]) if w.lower() not in _CONNECTORS]
    return len(words) >= 3 and sum(map(_is_capitalised, words)) / len(words) >= 0.6


_HEADLINE_MAX_WORDS = 16
# Words a hard-wrapped line ends on mid-sentence, and a headline never does.
_LEADING_WORDS = _CONNECTORS | frozenset(
    "a an with by from as or but that who which his her their its is was".split()
)


def headline_line(scan: str, start: int) -> tuple[int, int] | None:
    """The line around ``start`` when it reads as a headline in any format: a
    short Title Case line standing as its own paragraph, not ended like a sentence.

    Markdown and HTML mark headings; plain text and Word do not, and there a
    headline's capitals ("Illegal Immigrants Arrested In Dawn Raid") otherwise
    read as a run of names. A hard-wrapped line of body text fails the test
    because the line before it is not blank. A published title standing alone
    (a report's title line) reads the same, and is flagged too: inside a
    sentence, titles are still names.
    """
    lo = scan.rfind("\n", 0, start) + 1
    hi = scan.find("\n", start)
    hi = len(scan) if hi == -1 else hi
    line = scan[lo:hi].rstrip(" \t\r\x00")
    if not line or line[-1] in ".,;:" or len(_WORD.findall(line)) > _HEADLINE_MAX_WORDS:
        return None
    before = scan[max(0, lo - 2) : lo]
    if lo and not (before == "\n\n" or before.endswith("\x00") or lo == 1):
        return None
    following = scan[hi + 1 : hi + 3]
    if following[:1] not in ("", "\n", "\x00"):
        # The next line is not blank: a headline only if that line starts afresh
        # and this one does not stop on a word that leads into it ("visited the").
        last = _WORD.findall(line)[-1:]
        if not following[:1].isupper() or (last and last[0].lower() in _LEADING_WORDS):
            return None
    return (lo, hi) if is_title_case_block(scan, lo, hi) else None


def is_mention(scan: str, quote: tuple[int, int], start: int, end: int) -> bool:
    """Use–mention: the quotation holds exactly the flagged words, as a term."""
    inner = scan[quote[0] + 1 : quote[1] - 1] if quote[1] - quote[0] >= 2 else ""
    inner = inner.strip(" \t\n\"'\u201c\u201d\u2018\u2019")
    if not inner or inner[-1:] in ".!?,;:":
        return False
    return _canonical(inner) == _canonical(scan[start:end])


def classify_story(
    cue_hits: Iterable[tuple[int, int, Any, str]], story_types: Sequence[StoryType]
) -> tuple[str | None, str, frozenset[str]]:
    """Read the document's story type from weighted cue words.

    Returns (the top type or None, a short explanation naming the cues counted,
    every type at or over its threshold). Suggestions follow the top type;
    rules gated on a type fire whenever that type is among the active ones,
    so a story can read as both domestic abuse and an eating disorder.
    """
    scores: Counter[str] = Counter()
    counts: dict[str, Counter[str]] = {}
    for _start, _end, (_, story_id, weight), surface in cue_hits:
        scores[story_id] += weight
        counts.setdefault(story_id, Counter())[surface] += 1
    thresholds = {s.id: s.threshold for s in story_types}
    labels = {s.id: s.label for s in story_types}
    ranked = [(score, sid) for sid, score in scores.items() if score >= thresholds.get(sid, 1e9)]
    ranked.sort(reverse=True)
    active = frozenset(sid for _, sid in ranked)
    if not ranked:
        return None, "no story type reached its threshold", active
    if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
        return None, "story type is ambiguous", active
    score, sid = ranked[0]
    cues = ", ".join(f"{cue} \u00d7{n}" for cue, n in counts[sid].most_common(4))
    from ..base.inflect import indefinite_article

    label = labels[sid]
    return sid, f"read as {indefinite_article(label)} {label} ({cues})", active
