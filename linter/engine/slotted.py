"""Slotted rule phrases as patterns the one-pass scanner can anchor.

A slotted phrase ("suffer {adverb} from", "her unborn {son|daughter}")
becomes, per surface form, a regular expression over the scanner's word text plus an *anchor*: its longest fixed
run of words, which goes into the automaton. Only where an anchor occurs does
the pattern run, on a bounded window around it, so the scan stays linear.

The patterns are ours (escaped fixed words, bounded repetitions of word
alternations), so Python's ``re`` runs them without risk of backtracking blow-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..base.inflect import surface_forms
from ..packs.slots import SLOT, SlotClass, inline_class
from .matching import Hit, Normalized, _canonical, joiner_variants, spelling_variants

WINDOW = 240  # characters searched each side of an anchor: phrase plus slot words
_PLACEHOLDER = "zqslot{}qz"  # a word no text contains, carried through inflection
_PLACEHOLDER_RE = re.compile(r"zqslot(\d)qz")
_WORD = r"[^\W_][\w'\-]*"


@dataclass(frozen=True)
class SlotPattern:
    anchor: str  # fixed words, as the scanner's word text has them
    lead: str  # the fixed words the pattern starts with ("" when it starts with a slot)
    source: str  # the pattern, compiled on first use: the scanner is cached as a pickle,
    # and unpickling compiled patterns would recompile every one at each cold start
    tag: str
    slots: tuple[str, ...]  # slot names, in order (group s0, s1, ...)


@lru_cache(maxsize=1024)
def compiled(source: str) -> re.Pattern[str]:
    return re.compile(source)


def _class_regex(cls: SlotClass, group: str, last: bool = False) -> str:
    alternatives = []
    if cls.words:
        alternatives.append("|".join(re.escape(w) for w in sorted(cls.words, key=len, reverse=True)))
    if cls.endings:
        alternatives.append(_WORD + "(?:" + "|".join(re.escape(e) for e in cls.endings) + ")")
    if cls.any_word:
        alternatives.append(_WORD)
    word = "(?:" + "|".join(alternatives) + ")"
    if cls.except_words:
        banned = "|".join(re.escape(w) for w in sorted(cls.except_words, key=len, reverse=True))
        word = f"(?!(?:{banned}) ){word}"
    if last:  # only lists end a phrase (min 1): no trailing space inside the group
        return f"(?P<{group}>{word}(?: {word}){{{cls.min - 1},{cls.max - 1}}})(?= )"
    return f"(?P<{group}>(?:{word} ){{{cls.min},{cls.max}}})"


def slot_patterns(
    phrase: str, mode: str, pairs: tuple[tuple[str, str], ...], classes: dict[str, SlotClass]
) -> list[SlotPattern]:
    """Every surface form of a slotted phrase as an anchored pattern."""
    names = SLOT.findall(phrase)
    marked = SLOT.sub(lambda m: " " + _PLACEHOLDER.format(names.index(m.group(1))) + " ", phrase)
    base = _canonical(marked)
    found: dict[str, SlotPattern] = {}
    for form, tag in surface_forms(base, mode).items():
        for spelled in spelling_variants(form, pairs):
            for variant in joiner_variants(spelled):
                words = variant.split(" ")
                if sum(1 for w in words if _PLACEHOLDER_RE.fullmatch(w)) != len(names):
                    continue  # a joiner or inflection ran into a slot: not a form anyone writes
                pattern = _compile(words, names, classes)
                if pattern and pattern[0] not in found:
                    regex, anchor, lead = pattern
                    found[regex] = SlotPattern(anchor, lead, regex, tag, tuple(names))
    return list(found.values())


def _compile(
    words: list[str], names: list[str], classes: dict[str, SlotClass]
) -> tuple[str, str, str] | None:
    from .matching import word_text

    pieces: list[str] = []
    runs: list[list[str]] = [[]]
    for i, word in enumerate(words):
        slot = _PLACEHOLDER_RE.fullmatch(word)
        if slot:
            number = int(slot.group(1))
            name = names[number]
            cls = classes.get(name) or inline_class(name)
            pieces.append(_class_regex(cls, f"s{number}", last=i == len(words) - 1))
            runs.append([])
        else:
            text = word_text(word)
            pieces.append(re.escape(text) + " ")
            runs[-1].append(text)
    regex = "".join(pieces)
    if not _PLACEHOLDER_RE.fullmatch(words[-1]):
        regex = regex[:-1] + "(?= )"  # the fixed last word: drop its space, see one after it
    anchor = max((" ".join(run) for run in runs if run), key=len, default="")
    lead = " ".join(runs[0]) if not _PLACEHOLDER_RE.fullmatch(words[0]) else ""
    return (regex, anchor, lead) if anchor.strip() else None


def slot_hits(
    pattern: SlotPattern,
    index: int,
    mode: str,
    padded: str,
    norm: Normalized,
    anchor_start: int,
    anchor_end: int,
) -> list[Hit]:
    """Run one slotted pattern around an occurrence of its anchor (offsets into the
    scanner's padded word text) and keep the matches that contain it."""
    out: list[Hit] = []
    lo, hi = max(0, anchor_start - WINDOW), min(len(padded), anchor_end + WINDOW)
    # Candidate starts: each word start before the anchor where the pattern's
    # leading words stand (a match must contain this anchor occurrence).
    needle = f" {pattern.lead} " if pattern.lead else " "
    at = padded.find(needle, lo - 1 if lo else 0, anchor_start + len(needle))
    while at != -1 and at < anchor_start:
        m = compiled(pattern.source).match(padded, at + 1, hi)
        at = padded.find(needle, at + 1, anchor_start + len(needle))
        if m is None or m.end() < anchor_end:
            continue
        fills = []
        for slot, name in enumerate(pattern.slots):
            gs, ge = m.span(f"s{slot}")
            if ge > gs:  # padded [gs, ge), maybe with a trailing space, is text [gs - 1, ge - 1)
                last = ge - 2 if padded[ge - 1] != " " else ge - 3
                fills.append((name, norm.to_source(gs - 1), norm.to_source(last) + 1))
            else:
                fills.append((name, -1, -1))
        start, end = norm.to_source(m.start() - 1), norm.to_source(m.end() - 2) + 1  # text [s-1, e-1)
        out.append(Hit(start, end, index, pattern.tag, mode, tuple(fills)))
    return out
