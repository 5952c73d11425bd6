"""Reading-layer data: the cue words (rules/readings.yaml, extended by house
packs) and each rule's own reading settings (its `readings:` key).

Cues are kept as tuples of lowercase tokens so the engine can match them
token by token; this module only validates and normalises them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .errors import PackError

READING_KINDS = ("quote", "self", "mention", "definition", "name", "figurative")
CATEGORIES = ("legal", "clinical")
_TOKEN = re.compile(r"[^\W_]+(?:['\u2019.\-][^\W_]+)*\.?|[^\w\s]")


def tokens(text: str) -> tuple[str, ...]:
    """Lowercase word tokens and single punctuation marks, as cues and windows are read."""
    return tuple(_TOKEN.findall(text.lower().replace("\u2019", "'")))


Cue = tuple[str, ...]


@dataclass(frozen=True)
class ReadingCues:
    """Everything readings.yaml says, as token tuples and word sets."""

    self_subjects: tuple[Cue, ...] = ()
    self_filler: frozenset[str] = frozenset()
    self_gap: int = 3
    self_possessives: frozenset[str] = frozenset()
    self_possessive_gap: int = 2
    self_not_between: frozenset[str] = frozenset()
    self_first_person: frozenset[str] = frozenset()
    mention_before: tuple[Cue, ...] = ()
    mention_gap: int = 3
    mention_after: tuple[Cue, ...] = ()
    mention_reported: tuple[Cue, ...] = ()
    mention_criticism: tuple[Cue, ...] = ()
    glossary_separators: frozenset[str] = frozenset()
    glossary_words: frozenset[str] = frozenset()
    definition_after: tuple[Cue, ...] = ()
    definition_before: tuple[Cue, ...] = ()
    definition_gap: int = 2
    legal_before: tuple[Cue, ...] = ()
    legal_gap: int = 4
    legal_after: frozenset[str] = frozenset()
    legal_words: tuple[Cue, ...] = ()
    legal_within: int = 40
    clinical_words: tuple[Cue, ...] = ()
    clinical_within: int = 25
    name_before: frozenset[str] = frozenset()
    name_gap: int = 1

    def merged(self, other: ReadingCues) -> ReadingCues:
        """These cues plus a house pack's (lists joined; numbers from self)."""
        changes: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            mine, theirs = getattr(self, name), getattr(other, name)
            if isinstance(mine, tuple):
                changes[name] = tuple(dict.fromkeys(mine + theirs))
            elif isinstance(mine, frozenset):
                changes[name] = mine | theirs
        return ReadingCues(**{**self.__dict__, **changes})


# (yaml path, field, kind): kind is "cues" (token tuples), "words" (a set) or "int".
_LAYOUT = (
    (("self", "subjects"), "self_subjects", "cues"),
    (("self", "filler"), "self_filler", "words"),
    (("self", "gap"), "self_gap", "int"),
    (("self", "possessives"), "self_possessives", "words"),
    (("self", "possessive_gap"), "self_possessive_gap", "int"),
    (("self", "not_between"), "self_not_between", "words"),
    (("self", "first_person"), "self_first_person", "words"),
    (("mention", "before"), "mention_before", "cues"),
    (("mention", "gap"), "mention_gap", "int"),
    (("mention", "after"), "mention_after", "cues"),
    (("mention", "reported"), "mention_reported", "cues"),
    (("mention", "criticism"), "mention_criticism", "cues"),
    (("mention", "glossary_separators"), "glossary_separators", "words"),
    (("mention", "glossary_words"), "glossary_words", "words"),
    (("definition", "after"), "definition_after", "cues"),
    (("definition", "before"), "definition_before", "cues"),
    (("definition", "gap"), "definition_gap", "int"),
    (("definition", "legal", "before"), "legal_before", "cues"),
    (("definition", "legal", "gap"), "legal_gap", "int"),
    (("definition", "legal", "after"), "legal_after", "words"),
    (("definition", "legal", "words"), "legal_words", "cues"),
    (("definition", "legal", "within"), "legal_within", "int"),
    (("definition", "clinical", "words"), "clinical_words", "cues"),
    (("definition", "clinical", "within"), "clinical_within", "int"),
    (("name", "before"), "name_before", "words"),
    (("name", "gap"), "name_gap", "int"),
)
_SECTIONS = {
    "self": {"subjects", "filler", "gap", "possessives", "possessive_gap", "not_between", "first_person"},
    "mention": {"before", "gap", "after", "reported", "criticism", "glossary_separators", "glossary_words"},
    "definition": {"after", "before", "gap", "legal", "clinical"},
    "name": {"before", "gap"},
}


def _line(raw: Any, key: str) -> int:
    line_of = getattr(raw, "line_of", None)
    return int(line_of(key)) if line_of else 1


def parse_cues(raw: Any, path: str, key: str = "") -> ReadingCues:
    """Validate a readings mapping (the whole readings.yaml, or a pack's `reading_cues:`)."""
    prefix = f"{key}." if key else ""
    if not isinstance(raw, dict):
        raise PackError(path, 1, f"{key or 'readings'}: expected a mapping")
    for section, value in raw.items():
        if section not in _SECTIONS:
            raise PackError(
                path,
                _line(raw, section),
                f"{prefix}{section}: unknown reading section; expected one of {', '.join(sorted(_SECTIONS))}",
            )
        if not isinstance(value, dict):
            raise PackError(path, _line(raw, section), f"{prefix}{section}: expected a mapping")
        for sub in value:
            if sub not in _SECTIONS[section]:
                raise PackError(path, _line(value, sub), f"{prefix}{section}.{sub}: unknown key")
    values: dict[str, Any] = {}
    for steps, name, kind in _LAYOUT:
        node: Any = raw
        parent: Any = raw
        for step in steps:
            parent = node
            node = node.get(step) if isinstance(node, dict) else None
        if node is None:
            continue
        where = prefix + ".".join(steps)
        line = _line(parent, steps[-1])
        if kind == "int":
            if not isinstance(node, int) or isinstance(node, bool) or not 0 <= node <= 60:
                raise PackError(path, line, f"{where}: expected a whole number from 0 to 60")
            values[name] = node
            continue
        if not isinstance(node, list) or not all(isinstance(w, str) and w.strip() for w in node):
            raise PackError(path, line, f"{where}: expected a list of words")
        if kind == "words":
            values[name] = frozenset(w.strip().lower() for w in node)
        else:
            values[name] = tuple(tokens(w) for w in node if tokens(w))
    return ReadingCues(**values)


@dataclass(frozen=True)
class RuleReadings:
    """A rule's own reading settings (`readings:` in its YAML)."""

    category: tuple[str, ...] = ()  # legal / clinical: the term is acceptable as such a category
    still_applies: tuple[str, ...] = ()  # readings under which the rule fires as usual
    mention: str = "skip"  # skip | note: what a mention gives
    figurative: tuple[str, ...] = ()  # cue words that make the hit figurative
    figurative_within: int = 4

    def applies_in(self, reading: str) -> bool:
        return reading in self.still_applies


READING_KEYS = {"category", "still_applies", "mention", "figurative", "figurative_within"}
NO_READINGS = RuleReadings()


def parse_rule_readings(raw: Any, path: str, line: int, key: str) -> RuleReadings:
    if not isinstance(raw, dict):
        raise PackError(path, line, f"{key}: expected a mapping")
    for name in raw:
        if name not in READING_KEYS:
            raise PackError(
                path,
                _line(raw, name),
                f"{key}.{name}: unknown key; expected one of {', '.join(sorted(READING_KEYS))}",
            )

    def listed(name: str, allowed: tuple[str, ...] | None) -> tuple[str, ...]:
        value = raw.get(name, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise PackError(path, _line(raw, name), f"{key}.{name}: expected a list")
        if allowed is not None:
            for v in value:
                if v not in allowed:
                    raise PackError(
                        path,
                        _line(raw, name),
                        f"{key}.{name}: unknown {v!r}; expected one of {', '.join(allowed)}",
                    )
        return tuple(value)

    mention = raw.get("mention", "skip")
    if mention not in ("skip", "note"):
        raise PackError(path, _line(raw, "mention"), f"{key}.mention: expected 'skip' or 'note'")
    within = raw.get("figurative_within", 4)
    if not isinstance(within, int) or isinstance(within, bool) or not 1 <= within <= 20:
        raise PackError(
            path,
            _line(raw, "figurative_within"),
            f"{key}.figurative_within: expected a whole number from 1 to 20",
        )
    return RuleReadings(
        category=listed("category", CATEGORIES),
        still_applies=listed("still_applies", READING_KINDS),
        mention=mention,
        figurative=tuple(w.lower() for w in listed("figurative", None)),
        figurative_within=within,
    )
