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

Slightly over 350 lines: the readings share one window and one fast-path
test, and keeping them in one class keeps the precedence order in one place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..packs import ReadingCues, Rule, tokens
from .context import NameSpans, in_title_case_name

_QUOTE_TOKENS = frozenset("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb")
_BULLET_TOKENS = frozenset("-*\u2022\u2013\u2014|.)(#>") | _QUOTE_TOKENS
_SENTENCE_BREAK = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s+|\n[ \t]*\n|\x00")
_DETERMINERS = ("the", "a", "an", "his", "her", "their", "its", "our", "my", "this", "that")
_NAMING_VERBS = frozenset({"called", "titled", "entitled", "named"})
_REACH = 240  # characters looked at either side of a hit


@dataclass(frozen=True)
class Reading:
    """The writer's relation to a hit, and the words that decided it."""

    kind: str  # quote | self | mention | definition | name | figurative
    cue: str


def _is_word(token: str) -> bool:
    return token[:1].isalnum()


def _word_or_quote(token: str) -> bool:
    return _is_word(token) or token in _QUOTE_TOKENS


class _CueSet:
    """Cues indexed by their last token: a hit's window is checked against the few
    cues that could end at each position, not against every cue."""

    def __init__(self, cues: Iterable[tuple[str, ...]]) -> None:
        self.by_last: dict[str, list[tuple[str, ...]]] = {}
        for cue in sorted(set(cues), key=len, reverse=True):  # longest, most specific first
            self.by_last.setdefault(cue[-1], []).append(cue)

    def ending_at(self, seq: tuple[str, ...], end: int) -> tuple[str, ...] | None:
        for cue in self.by_last.get(seq[end - 1], ()) if end > 0 else ():
            n = len(cue)
            if end >= n and seq[end - n : end] == cue:
                return cue
        return None

    def ending(self, seq: tuple[str, ...], gap: int, allowed: Callable[[str], bool]) -> str | None:
        """A cue followed by at most ``gap`` allowed tokens up to the end of ``seq``."""
        for between in range(0, gap + 1):
            end = len(seq) - between
            if end <= 0 or (between and not allowed(seq[end])):
                break
            cue = self.ending_at(seq, end)
            if cue:
                return " ".join(cue)
        return None


def _contains(seq: tuple[str, ...], cue: tuple[str, ...]) -> bool:
    n = len(cue)
    return any(seq[i : i + n] == cue for i in range(len(seq) - n + 1))


def _starts_with(seq: tuple[str, ...], cue: tuple[str, ...]) -> bool:
    return seq[: len(cue)] == cue


def _past_list_items(rest: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """``rest`` after one, then two, short list items (", nutter", "or loony")."""
    for _ in range(2):
        if not rest or rest[0] not in (",", "or", "and", "/"):
            return
        i = 1
        while i < len(rest) and i <= 3 and _is_word(rest[i]):
            i += 1
        if i == 1:
            return
        rest = rest[i:]
        yield rest


_LIST_MARKS = frozenset({",", "and", "or", "/"})
_LIST_JOINERS = frozenset({",", "and", "or", "/", "including", "like", "such", "as"})


def _is_short_list(tail: tuple[str, ...]) -> bool:
    """Tokens between a cue and the hit: list items of at most four words, and
    at least one item before the hit ("terms, including stillbirth, <hit>")."""
    if not all(_is_word(t) or t in _QUOTE_TOKENS or t in (",", "/") for t in tail):
        return False
    items = size = 0
    for t in tail:
        if t in _LIST_JOINERS:
            items += 1 if size else 0
            size = 0
        elif _is_word(t):
            size += 1
            if size > 4:
                return False
    return items >= 1 and size == 0


class Reader:
    """Reads hits against one set of cues (built once per engine)."""

    def __init__(self, cues: ReadingCues):
        self.cues = cues
        self._self_subjects = _CueSet(s for s in cues.self_subjects if s[0] != "as")
        self._self_as = _CueSet(s for s in cues.self_subjects if s[0] == "as")
        self._possessives = _CueSet((p,) for p in cues.self_possessives)
        self._mention_before = _CueSet(cues.mention_before)
        self._mention_reported = _CueSet(cues.mention_reported)
        self._definition_before = _CueSet(cues.definition_before)
        self._legal_before = _CueSet(cues.legal_before)
        # Any before-cue ending within the widest gap of the hit: the fast path's test.
        before_cues = {
            " ".join(cue)
            for group in (
                cues.self_subjects,
                cues.mention_before,
                cues.mention_reported,
                cues.definition_before,
            )
            for cue in group
        } | set(cues.self_possessives)
        gap = max(cues.self_gap, cues.self_possessive_gap, cues.mention_gap, cues.definition_gap)
        alternation = "|".join(re.escape(c) for c in sorted(before_cues, key=len, reverse=True))
        self._before_pattern = rf"(?:^| )(?:{alternation})(?: \S+){{0,{gap}}}$"
        self._before_compiled: re.Pattern[str] | None = None  # compiled at the first hit
        self._name_cues = _CueSet(
            [(w,) for w in cues.name_before if w in _NAMING_VERBS]
            + [(d, w) for w in cues.name_before if w not in _NAMING_VERBS for d in _DETERMINERS]
        )
        # By first token, longest first, so the reported cue is the most specific one.
        self._mention_after: dict[str, list[tuple[str, ...]]] = {}
        for cue in sorted(set(cues.mention_after), key=len, reverse=True):
            self._mention_after.setdefault(cue[0], []).append(cue)

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
        # Most hits are plain narrative, with no cue just before them: one regex over
        # the last few tokens says so, and the token-by-token checks are skipped.
        if self._before_compiled is None:
            self._before_compiled = re.compile(self._before_pattern)
        cued = self._before_compiled.search(" ".join(before[-12:])) is not None
        # Lazily, in precedence order: the first reading found decides.
        for read in (
            lambda: self._self(before, sentence) if cued else None,
            lambda: self._mention(scan, start, end, before, after, cued),
            lambda: self._definition(before, after, cued),
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

        cue = self._self_subjects.ending(before, c.self_gap, filler)
        if not cue and c.self_first_person.intersection(sentence):  # "as a ..." in a first-person text
            cue = self._self_as.ending(before, c.self_gap, filler)
        if cue:
            return Reading("self", cue)

        def owned(t: str) -> bool:
            return _is_word(t) and t not in c.self_not_between and not t.endswith(("'s", "s'"))

        cue = self._possessives.ending(before, c.self_possessive_gap, owned)
        return Reading("self", cue) if cue else None

    def _mention(
        self, scan: str, start: int, end: int, before: tuple[str, ...], after: tuple[str, ...], cued: bool
    ) -> Reading | None:
        c = self.cues
        if cued:
            found = self._mention_before.ending(before, c.mention_gap, _word_or_quote)
            if found:
                return Reading("mention", found)
        listed = self._in_listed_terms(before, after)
        if listed:
            return Reading("mention", f"{listed} (a list of terms)")
        found = self._mention_reported.ending(before, c.mention_gap, _word_or_quote) if cued else None
        if found and any(_contains(before, w) or _contains(after, w) for w in c.mention_criticism):
            return Reading("mention", f"{found} \u2026 criticised")
        rest = after
        while rest and rest[0] in _QUOTE_TOKENS:
            rest = rest[1:]
        # "psycho, nutter → describe the behaviour": the cue may follow a short list
        for tail in (rest, *_past_list_items(rest)):
            for cue in self._mention_after.get(tail[0], ()) if tail else ():
                if _starts_with(tail, cue):
                    return Reading("mention", " ".join(cue))
        return self._glossary(scan, start, end)

    def _in_listed_terms(self, before: tuple[str, ...], after: tuple[str, ...]) -> str | None:
        """The hit is an item of a list that a mention cue opens: "terms such as X, Y
        and Z", "sometimes called X, Y, or Z". Items are short; the hit ends an item."""
        ends_item = not after or after[0] in (",", "and", "or", ".", ")", ";") or after[0] in _QUOTE_TOKENS
        if not ends_item and not (before and before[-1] in ("and", "or")):  # "X, Y and Z dehumanise"
            return None
        if _LIST_MARKS.isdisjoint(before[-25:]):
            return None
        # The nearest cue before the hit opens the list, if any does.
        for end in range(len(before) - 1, max(0, len(before) - 25), -1):
            cue = self._mention_before.ending_at(before, end)
            if cue is not None:
                return " ".join(cue) if _is_short_list(before[end:]) else None
        return None

    def _glossary(self, scan: str, start: int, end: int) -> Reading | None:
        """A style-guide or glossary line, or a table cell holding just the term."""
        c = self.cues
        lo, hi = self._line(scan, start, end)
        if start - lo > 60:  # a glossary entry opens its line
            return None
        head, tail = tokens(scan[lo:start]), tokens(scan[end:hi])
        # Bullets, and at most two other terms of the same entry ("Addict, junkie – avoid").
        words = [t for t in head if not (t in _BULLET_TOKENS or t.isdigit() or t in (",", "/", "or"))]
        if len(words) > 4 or (words and head[-1] not in (",", "/", "or")):
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
        """What follows the hit, past closing quotes and a short aside in commas
        ("X, in popular usage, refers to")."""
        while after and after[0] in _QUOTE_TOKENS:
            after = after[1:]
        if after[:1] == (",",):
            close = next((i for i, t in enumerate(after[1:7], 1) if t == ","), None)
            after = after[close + 1 :] if close and all(_is_word(t) for t in after[1:close]) else after[1:]
        return after

    def _definition(self, before: tuple[str, ...], after: tuple[str, ...], cued: bool) -> Reading | None:
        c = self.cues
        rest = self._rest(after)
        for cue in c.definition_after:
            if _starts_with(rest, cue):
                return Reading("definition", " ".join(cue))
        found = self._definition_before.ending(before, c.definition_gap, _word_or_quote) if cued else None
        return Reading("definition", found) if found else None

    def _category(
        self, scan: str, start: int, end: int, before: tuple[str, ...], after: tuple[str, ...], rule: Rule
    ) -> Reading | None:
        """Legal or clinical text, for rules whose term is acceptable as such a category."""
        c = self.cues
        rest = self._rest(after)
        category = rule.readings.category
        if "legal" in category:
            found = self._legal_before.ending(before, c.legal_gap, _word_or_quote)
            if found:
                return Reading("definition", f"legal: {found}")
            if rest and rest[0] in c.legal_after:
                return Reading("definition", f"legal: {rest[0]}")
            word = self._near_word(scan, start, end, c.legal_words, c.legal_within)
            if word:
                return Reading("definition", f"legal text: {word}")
        if "clinical" in category:
            word = self._near_word(scan, start, end, c.clinical_words, c.clinical_within)
            if word:
                return Reading("definition", f"clinical: {word}")
        return None

    @staticmethod
    def _near_word(
        scan: str, start: int, end: int, words: Iterable[tuple[str, ...]], within: int
    ) -> str | None:
        """One of ``words`` within ``within`` tokens of the hit, in its paragraph."""
        lo = max(0, start - 8 * within)
        para = scan.rfind("\n\n", lo, start)
        window = tokens(scan[para + 2 if para >= 0 else lo : start])[-within:]
        hi = scan.find("\n\n", end, end + 8 * within)
        window += tokens(scan[end : hi if hi >= 0 else end + 8 * within])[:within]
        for cue in words:
            if _contains(window, cue):
                return " ".join(cue)
        return None

    def _name(
        self,
        scan: str,
        start: int,
        end: int,
        before: tuple[str, ...],
        rule: Rule,
        names: NameSpans,
        in_title_block: bool,
    ) -> Reading | None:
        if rule.proper_nouns != "skip":
            return None
        if names.covers(start, end):
            return Reading("name", "declared name")
        if in_title_case_name(scan, start, end, in_title_block):
            return Reading("name", "capitalised name")
        c = self.cues
        if scan[start : start + 1].isupper():
            # "the film Psycho", "a charity called Mind": the kind of work, then its title
            cue = self._name_cues.ending(before, c.name_gap, lambda t: t in _QUOTE_TOKENS)
            if cue:
                return Reading("name", cue)
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

    def _figurative(self, before: tuple[str, ...], after: tuple[str, ...], rule: Rule) -> Reading | None:
        words = rule.readings.figurative
        if not words:
            return None
        n = rule.readings.figurative_within
        near = set(before[-n:]) | set(after[:n])
        for word in words:
            if word in near:
                return Reading("figurative", word)
        return None
