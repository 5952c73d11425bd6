"""Phrase expansion and the one scanner that finds every rule's phrases at once.

Every enabled phrase, in every form (inflections, hyphen/space/closed compounds,
UK/US spellings), goes into a single Aho-Corasick automaton built once per
process. A file is scanned once, in time linear in its length, whatever the
number of rules. Regex rules (rare) run on RE2, which cannot backtrack.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..packs import Rule, SlotClass, StoryType
    from .slotted import SlotPattern

from ..base.inflect import plural, surface_forms
from ..base.regex import compile_regex, re2_options

# Characters that read the same to a reader: curly apostrophes, non-breaking
# hyphens, every kind of space. Mapping them 1:1 keeps offsets exact.
_SAME = {
    "\u2019": "'",
    "\u2018": "'",
    "\u02bc": "'",
    "\u2032": "'",
    "`": "'",
    "\u2010": "-",
    "\u2011": "-",
    "\n": " ",
    "\t": " ",
    "\r": " ",
    "\f": " ",
    "\v": " ",
    "\xa0": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u202f": " ",
}
_SAME_CHARS = str.maketrans(_SAME)


def unify(text: str) -> str:
    """``text.translate(_SAME_CHARS)``, but fast on long text: str.translate with a
    dict looks up every character, while replace() skips ahead in C."""
    if len(text) < 256:
        return text.translate(_SAME_CHARS)
    for char, repl in _SAME.items():
        if char in text:
            text = text.replace(char, repl)
    return text


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\x00]*\n")
_SPACE_RUN = re.compile(r"  +")
_MAX_VARIANTS = 64
HARD = "\x00"  # a character no phrase can match across


def _lower_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters (e.g. 'İ') lower-case to two code points; keep offsets exact.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@dataclass(slots=True)
class Normalized:
    """Lower-cased, space-collapsed text plus the map back to source offsets."""

    flat: str  # same length as the source; lower-cased, spaces unified
    text: str  # ``flat`` with runs of spaces collapsed to one
    starts: list[int]  # collapsed offset where each piece starts
    origins: list[int]  # source offset of each piece's first character
    cased: str = ""  # like ``flat`` but with the writer's letter case (for regex rules)

    def to_source(self, index: int) -> int:
        if not self.starts:
            return index
        piece = bisect_right(self.starts, index) - 1
        return int(self.origins[piece] + (index - self.starts[piece]))


def normalize(scan: str, *, keep_case: bool = False) -> Normalized:
    if "\n" in scan:
        # Phrases never run across paragraphs: make blank lines hard breaks.
        scan = _PARAGRAPH_BREAK.sub(lambda m: HARD * len(m.group()), scan)
    flat = unify(_lower_same_length(scan))
    cased = unify(scan) if keep_case else ""
    runs = list(_SPACE_RUN.finditer(flat))
    if not runs:
        return Normalized(flat, flat, [], [], cased)
    pieces, starts, origins, cursor, out_len = [], [], [], 0, 0
    for run in runs:
        keep_end = run.start() + 1  # keep one space of the run
        pieces.append(flat[cursor:keep_end])
        starts.append(out_len)
        origins.append(cursor)
        out_len += keep_end - cursor
        cursor = run.end()
    pieces.append(flat[cursor:])
    starts.append(out_len)
    origins.append(cursor)
    return Normalized(flat, "".join(pieces), starts, origins, cased)


_NOT_WORD = re.compile(r"[^\w\s\-]|_")
# Replacing the common punctuation with str.replace is several times faster
# than a regex substitution over every character; the regex then only has the
# rare leftovers to deal with, and is skipped when the text is plain ASCII.
_COMMON_PUNCT = ".,;:!?()\"'\x00\u201c\u201d\u2014\u2013\u2026/"
_ASCII_BYTES = bytes(b if chr(b).isalnum() or chr(b) in " -" else ord(" ") for b in range(256))


def word_text(text: str) -> str:
    """Same length; every character that cannot be part of a word becomes a space.

    The text is already unified (all whitespace is " ")."""
    for char in _COMMON_PUNCT:
        if char in text:
            text = text.replace(char, " ")
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_BYTES).decode("ascii")
    return _NOT_WORD.sub(" ", text)


def _canonical(phrase: str) -> str:
    return " ".join(phrase.lower().translate(_SAME_CHARS).split())


def spelling_variants(phrase: str, pairs: tuple[tuple[str, str], ...]) -> set[str]:
    swap = {}
    for us, gb in pairs:
        swap[us], swap[gb] = gb, us
    words = phrase.split(" ")
    options = [[w, swap[w]] if w in swap else [w] for w in words]
    return {" ".join(combo) for combo in itertools.islice(itertools.product(*options), _MAX_VARIANTS)}


def joiner_variants(phrase: str) -> set[str]:
    """wheelchair-bound -> wheelchair bound, wheelchairbound; two-word phrases also
    hyphenated and closed up (hot spot -> hotspot)."""
    parts = re.split(r"([ -])", phrase)
    words, seps = parts[0::2], parts[1::2]
    if not seps:
        return {phrase}
    options: list[tuple[str, ...]] = []
    for sep in seps:
        if sep == "-":
            options.append(("-", " ", ""))
        elif len(words) == 2:
            options.append((" ", "-", ""))  # hot spot, hot-spot, hotspot
        elif len(words) == 3:
            options.append((" ", "-"))
        else:
            options.append((" ",))
    out = set()
    for combo in itertools.islice(itertools.product(*options), _MAX_VARIANTS):
        out.add("".join(w + s for w, s in zip(words, combo + ("",))))
    return out


def expand_phrase(phrase: str, mode: str, pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Every surface form of a rule phrase -> the form tag it stands for."""
    forms: dict[str, str] = {}
    for form, tag in surface_forms(_canonical(phrase), mode).items():
        for spelled in spelling_variants(form, pairs):
            for variant in joiner_variants(spelled):
                forms.setdefault(variant, tag)
    return forms


@lru_cache(maxsize=4096)
def near_forms(phrase: str, pairs: tuple[tuple[str, str], ...]) -> frozenset[str]:
    """Context words match in singular and plural, and in UK and US spelling
    (``pairs``: the packs' locale spellings, handed in by the engine)."""
    base = _canonical(phrase)
    words = base.split(" ")
    forms = {base, " ".join(words[:-1] + [plural(words[-1])])}
    return frozenset(v for form in forms for v in spelling_variants(form, pairs))


def misspelt_phrases(phrases: tuple[tuple[str, str], ...], wrong: str, right: str) -> list[tuple[str, str]]:
    """The rule's phrases with ``right`` misspelt as ``wrong`` ("alzheimers sufferer"
    from "Alzheimer's sufferer"), or the misspelling itself when no phrase holds it."""
    pattern = re.compile(r"(?<![\w'])" + re.escape(right.lower()) + r"(?![\w'])")
    out = [
        (pattern.sub(wrong.lower(), phrase.lower()), mode)
        for phrase, mode in phrases
        if "{" not in phrase and pattern.search(phrase.lower())
    ]
    return out or [(wrong, phrases[0][1] if phrases else "noun")]


@dataclass(frozen=True, slots=True)
class Hit:
    start: int  # source offsets
    end: int
    rule_index: int
    tag: str  # the form matched: sg/pl, base/3sg/past/ger/pp
    mode: str = "noun"  # the matched phrase's inflection mode: suggestions follow it
    # Slot words the writer put between the fixed ones: (slot name, start, end)
    # in source offsets; (name, -1, -1) when the slot matched nothing.
    fills: tuple[tuple[str, int, int], ...] = ()
    variant: tuple[str, str] | tuple[()] = ()  # (misspelling, right spelling) it matched


class Scanner:
    """One automaton for all phrases of all rules, plus cue and document phrases.

    Payload kinds: ("rule", index, tag, mode), ("cue", story_id, weight),
    ("when", index), ("require", index, locale), ("name",).
    """

    def __init__(
        self,
        rules: Sequence[Rule],
        story_types: Sequence[StoryType],
        pairs: tuple[tuple[str, str], ...],
        names: Sequence[str] = (),
        slot_classes: dict[str, SlotClass] | None = None,
    ) -> None:
        import ahocorasick

        from .slotted import slot_patterns

        # Values are ints into self.payloads: an int automaton pickles and loads
        # several times faster than one holding Python tuples.
        self.automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        table: dict[str, list[tuple[Any, ...]]] = {}

        def add(surface: str, payload: tuple[Any, ...]) -> None:
            table.setdefault(surface, []).append(payload)

        self.slot_patterns: list[
            tuple[int, str, SlotPattern]
        ] = []  # (rule index, mode, SlotPattern), anchored by ("slot", n)
        for index, rule in enumerate(rules):
            for phrase, mode in rule.phrases:
                if "{" in phrase:  # slotted: anchored patterns (see slotted.py)
                    for pattern in slot_patterns(phrase, mode, pairs, slot_classes or {}):
                        add(pattern.anchor, ("slot", len(self.slot_patterns)))
                        self.slot_patterns.append((index, mode, pattern))
                    continue
                for surface, tag in expand_phrase(phrase, mode, pairs).items():
                    add(surface, ("rule", index, tag, mode))
            for wrong, right in rule.misspellings:
                for phrase, mode in misspelt_phrases(rule.phrases, wrong, right):
                    for surface, tag in expand_phrase(phrase, mode, pairs).items():
                        add(surface, ("rule", index, tag, mode, (wrong, right)))
            for phrase in rule.when:
                for surface in expand_phrase(phrase, "noun", pairs):
                    add(surface, ("when", index))
            for locale, phrases in rule.require_any.items():
                for phrase in phrases:
                    for surface in expand_phrase(phrase, "none", pairs):
                        add(surface, ("require", index, locale))
        for name in names:  # declared proper names: found in the same pass
            for surface in expand_phrase(name, "none", pairs):
                add(surface, ("name",))
        for story in story_types:
            for cue, weight in story.cues:
                for surface in expand_phrase(cue, "noun", pairs):
                    add(surface, ("cue", story.id, weight))
        keyed: dict[str, tuple[int, tuple[tuple[Any, ...], ...]]] = {}
        for surface, payloads in table.items():
            # Keys are padded with spaces and punctuation becomes a space, so every
            # automaton hit is already a whole-word hit: no per-hit boundary test.
            key = f" {word_text(surface)} "
            keyed[key] = (len(surface), keyed.get(key, (0, ()))[1] + tuple(payloads))
        self.payloads = list(keyed.values())
        for number, key in enumerate(keyed):
            self.automaton.add_word(key, number)
        self.empty = not table
        if not self.empty:
            self.automaton.make_automaton()
        self.regex_sources = [(i, r.regex) for i, r in enumerate(rules) if r.kind == "regex"]
        self._regex_rules: dict[int, tuple[int, Any]] | None = None
        self._regex_set: Any = None  # an RE2 set, built on first use

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        # RE2 objects don't pickle; they are recompiled on first use.
        state["_regex_rules"] = state["_regex_set"] = None
        return state

    def regex_candidates(self, text: str) -> list[tuple[int, Any]]:
        """Regex rules that match somewhere: one RE2 set pass instead of one per rule."""
        if not self.regex_sources:
            return []
        if self._regex_set is None:
            import re2

            regex_set = re2.Set.SearchSet(re2_options())
            for _, src in self.regex_sources:
                regex_set.Add(src)
            regex_set.Compile()
            self._regex_set = regex_set
        hit = sorted(self._regex_set.Match(text) or ())  # None when nothing matches
        if not hit:
            return []
        compiled = self._regex_rules or {}
        for n in hit:  # compile only the rules that can match this text
            if n not in compiled:
                index, src = self.regex_sources[n]
                compiled[n] = (index, compile_regex(src))
        self._regex_rules = compiled
        return [compiled[n] for n in hit]

    def scan(
        self, norm: Normalized, *, regex: bool = True
    ) -> tuple[list[Hit], list[tuple[int, int, tuple[Any, ...]]]]:
        """Return (rule hits, other payload hits) with source offsets; ``regex=False``
        skips the regex rules (none of them is active)."""
        hits: list[Hit] = []
        extra: list[tuple[int, int, tuple[Any, ...]]] = []
        if self.slot_patterns:
            from .slotted import slot_hits
        if not self.empty:
            padded = f" {word_text(norm.text)} "
            table = self.payloads
            for end_index, number in self.automaton.iter(padded):
                length, payloads = table[number]
                # padded[i + 1] is text[i]; the key ends with the space after the phrase.
                start = end_index - length - 1
                src_start = norm.to_source(start)
                src_end = norm.to_source(start + length - 1) + 1
                for payload in payloads:
                    if payload[0] == "rule":
                        variant = payload[4] if len(payload) > 4 else ()
                        hits.append(Hit(src_start, src_end, payload[1], payload[2], payload[3], (), variant))
                    elif payload[0] == "slot":
                        index, mode, pattern = self.slot_patterns[payload[1]]
                        hits.extend(
                            slot_hits(pattern, index, mode, padded, norm, end_index - length, end_index)
                        )
                    else:
                        extra.append((src_start, src_end, payload))
        if not regex:
            return hits, extra
        cased = norm.cased or norm.flat
        if self.slot_patterns and len(hits) > 1:
            hits = list(dict.fromkeys(hits))  # one slotted match can be reached from two anchors
        for index, pattern in self.regex_candidates(cased):
            # Regexes see the writer's case: (?-i:Black) can tell "black" from "Black".
            for m in pattern.finditer(cased):
                if m.end() > m.start():
                    hits.append(Hit(m.start(), m.end(), index, "base", "none"))
        return hits, extra
