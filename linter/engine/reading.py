"""The reading layer: how the writer relates to a flagged word.

Before a rule's own conditions decide, every hit is read in its sentence and
paragraph, in this order of precedence (quoted speech is decided by the quote
index before this module is asked):

1. self-description  "I am an addict", "my depression"   -> a note at most, never a fix
2. mention           "the term X", "Avoid: X", "X is outdated", glossary lines -> no finding
3. definition        "X refers to", "charged with possession of X" (legal or
                     clinical categories, where the rule allows them) -> a note at most
4. name or title     declared names, Title-Case runs, "the film Psycho"      -> no finding
5. figurative sense  a rule's own cue words nearby ("political suicide")     -> no finding

The cue words are data (rules/readings.yaml, extended by house packs), read
here as token sequences. A rule can keep firing under a reading with
``readings: {still_applies: [...]}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..packs import ReadingCues, Rule, tokens
from .context import NameSpans, in_title_case_name

_QUOTE_TOKENS = frozenset("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb")
_BULLET_TOKENS = frozenset("-*\u2022\u2013\u2014|.)(#>") | _QUOTE_TOKENS
_SENTENCE_BREAK = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s+|\n[ \t]*\n|\x00")
_DETERMINERS = ("the", "a", "an", "his", "her", "their", "its", "our", "my", "this", "that")
_NAMING_VERBS = frozenset({"called", "titled", "entitled", "named"})
_REACH = 320  # characters looked at either side of a hit


@dataclass(frozen=True)
class Reading:
    """The writer's relation to a hit, and the words that decided it."""

    kind: str  # quote | self | mention | definition | name | figurative
    cue: str


def _is_word(token: str) -> bool:
    return token[:1].isalnum()


def _ends_with(seq: tuple[str, ...], cue: tuple[str, ...], gap: int, allowed) -> str | None:
    """``cue`` in ``seq`` followed by at most ``gap`` allowed tokens up to the end of ``seq``."""
    n = len(cue)
    for between in range(0, gap + 1):
        end = len(seq) - between
        if end - n < 0:
            break
        if seq[end - n : end] == cue and all(allowed(t) for t in seq[end:]):
            return " ".join(cue)
    return None


def _contains(seq: tuple[str, ...], cue: tuple[str, ...]) -> bool:
    n = len(cue)
    return any(seq[i : i + n] == cue for i in range(len(seq) - n + 1))


def _starts_with(seq: tuple[str, ...], cue: tuple[str, ...]) -> bool:
    return seq[: len(cue)] == cue


class Reader:
    """Reads hits against one set of cues (built once per engine)."""

    def __init__(self, cues: ReadingCues):
        self.cues = cues
        # Longest cues first, so the reported cue is the most specific one.
        self._mention_before = sorted(cues.mention_before, key=len, reverse=True)
        self._mention_after = sorted(cues.mention_after, key=len, reverse=True)

    # -- windows -----------------------------------------------------------------
    @staticmethod
    def _sentence(scan: str, start: int, end: int) -> tuple[int, int]:
        lo = max(0, start - _REACH)
        for m in _SENTENCE_BREAK.finditer(scan, lo, start):
            lo = m.end()
        stop = _SENTENCE_BREAK.search(scan, end, min(len(scan), end + _REACH))
        return lo, (stop.start() + 1 if stop else min(len(scan), end + _REACH))

    @staticmethod
    def _line(scan: str, start: int, end: int) -> tuple[int, int]:
        lo = scan.rfind("\n", 0, start) + 1
        hi = scan.find("\n", end)
        return lo, len(scan) if hi < 0 else hi

    # -- the readings ------------------------------------------------------------
    def read(
        self, scan: str, start: int, end: int, rule: Rule, names: NameSpans, in_title_block: bool
    ) -> Reading | None:
        lo, hi = self._sentence(scan, start, end)
        before = tokens(scan[lo:start])
        after = tokens(scan[end:hi])
        sentence = before + ("\x00",) + after
        # Lazily, in precedence order: the first reading found decides.
        for read in (
            lambda: self._self(before, sentence),
            lambda: self._mention(scan, start, end, before, after),
            lambda: self._definition(before, after),
            lambda: self._name(scan, start, end, before, rule, names, in_title_block),
            # a legal or clinical category is weaker evidence than a name ("the ... Ban Act")
            lambda: self._category(scan, start, end, before, after, rule),
            lambda: self._figurative(before, after, rule),
        ):
            reading = read()
            if reading is not None and not rule.readings.applies_in(reading.kind):
                return reading
        return None

    def _self(self, before: tuple[str, ...], sentence: tuple[str, ...]) -> Reading | None:
        c = self.cues

        def filler(t: str) -> bool:
            return t in c.self_filler or (t.endswith("ly") and _is_word(t)) or t in _QUOTE_TOKENS

        for subject in c.self_subjects:
            if subject[0] == "as" and not c.self_first_person.intersection(sentence):
                continue
            cue = _ends_with(before, subject, c.self_gap, filler)
            if cue:
                return Reading("self", cue)

        def owned(t: str) -> bool:
            return _is_word(t) and t not in c.self_not_between and not t.endswith(("'s", "s'"))

        for possessive in c.self_possessives:
            cue = _ends_with(before, (possessive,), c.self_possessive_gap, owned)
            if cue:
                return Reading("self", cue)
        return None

    def _mention(self, scan, start, end, before, after) -> Reading | None:
        c = self.cues

        def between(t: str) -> bool:
            return _is_word(t) or t in _QUOTE_TOKENS

        for cue in self._mention_before:
            found = _ends_with(before, cue, c.mention_gap, between)
            if found:
                return Reading("mention", found)
        for cue in c.mention_reported:
            found = _ends_with(before, cue, c.mention_gap, between)
            if found and any(_contains(after, word) for word in c.mention_criticism):
                return Reading("mention", f"{found} \u2026 criticised")
        rest = after
        while rest and rest[0] in _QUOTE_TOKENS:
            rest = rest[1:]
        for cue in self._mention_after:
            if _starts_with(rest, cue):
                return Reading("mention", " ".join(cue))
        return self._glossary(scan, start, end)

    def _glossary(self, scan: str, start: int, end: int) -> Reading | None:
        """A style-guide or glossary line, or a table cell holding just the term."""
        c = self.cues
        lo, hi = self._line(scan, start, end)
        head, tail = tokens(scan[lo:start]), tokens(scan[end:hi])
        if not all(t in _BULLET_TOKENS or t.isdigit() for t in head):
            return None
        if "|" in head:  # a table cell: the term alone, up to the next cell
            cell = []
            for t in tail:
                if t == "|":
                    break
                cell.append(t)
            if not any(_is_word(t) for t in cell):
                return Reading("mention", "table cell")
        rest = [t for t in tail if t not in _QUOTE_TOKENS]
        separator = next((i for i, t in enumerate(rest[:4]) if t in c.glossary_separators), None)
        if separator is None or not c.glossary_words.intersection(rest[separator + 1 :]):
            return None
        return Reading("mention", f"glossary line ({rest[separator]})")

    @staticmethod
    def _rest(after: tuple[str, ...]) -> tuple[str, ...]:
        while after and (after[0] in _QUOTE_TOKENS or after[0] == ","):
            after = after[1:]
        return after

    def _definition(self, before, after) -> Reading | None:
        c = self.cues
        rest = self._rest(after)
        for cue in c.definition_after:
            if _starts_with(rest, cue):
                return Reading("definition", " ".join(cue))
        for cue in c.definition_before:
            found = _ends_with(before, cue, c.definition_gap, lambda t: _is_word(t) or t in _QUOTE_TOKENS)
            if found:
                return Reading("definition", found)
        return None

    def _category(self, scan, start, end, before, after, rule: Rule) -> Reading | None:
        """Legal or clinical text, for rules whose term is acceptable as such a category."""
        c = self.cues
        rest = self._rest(after)
        category = rule.readings.category
        if "legal" in category:
            for cue in c.legal_before:
                found = _ends_with(before, cue, c.legal_gap, lambda t: _is_word(t) or t in _QUOTE_TOKENS)
                if found:
                    return Reading("definition", f"legal: {found}")
            if rest and rest[0] in c.legal_after:
                return Reading("definition", f"legal: {rest[0]}")
        if "clinical" in category:
            lo = max(0, start - 8 * c.clinical_within)
            para = scan.rfind("\n\n", lo, start)
            window = tokens(scan[para + 2 if para >= 0 else lo : start])[-c.clinical_within :]
            window += tokens(scan[end : end + 8 * c.clinical_within])[: c.clinical_within]
            for cue in c.clinical_words:
                if _contains(window, cue):
                    return Reading("definition", f"clinical: {' '.join(cue)}")
        return None

    def _name(self, scan, start, end, before, rule: Rule, names: NameSpans, in_title_block) -> Reading | None:
        if rule.proper_nouns != "skip":
            return None
        if names.covers(start, end):
            return Reading("name", "declared name")
        if in_title_case_name(scan, start, end, in_title_block):
            return Reading("name", "capitalised name")
        c = self.cues
        if scan[start : start + 1].isupper():
            for word in c.name_before:
                # "the film Psycho", "a charity called Mind": the kind of work, then its title
                for det in _DETERMINERS if word not in _NAMING_VERBS else ("",):
                    cue = (det, word) if det else (word,)
                    if _ends_with(before, cue, c.name_gap, lambda t: t in _QUOTE_TOKENS):
                        return Reading("name", " ".join(cue).strip())
        matched = scan[start:end]
        if (
            not in_title_block
            and len(tokens(matched)) == 1
            and matched[:1].isupper()
            and not matched.isupper()
            and not any(phrase[:1].isupper() for phrase, _ in rule.phrases)
            and before
            and _is_word(before[-1])
            and not scan[max(0, start - 2) : start].strip(" ").endswith(("\n", ":"))
        ):
            return Reading("name", "capitalised mid-sentence")
        return None

    def _figurative(self, before, after, rule: Rule) -> Reading | None:
        words = rule.readings.figurative
        if not words:
            return None
        n = rule.readings.figurative_within
        near = set(before[-n:]) | set(after[:n])
        for word in words:
            if word in near:
                return Reading("figurative", word)
        return None
