"""The rule model: immutable packs, rules, suggestions, examples and story types.

What the YAML says, after validation (validate.py) and loading (load.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..base.model import Severity, Source
from .errors import PackError
from .readings import NO_READINGS, ReadingCues, RuleReadings

__all__ = ["PackError"]  # re-exported: its historical home


@dataclass(frozen=True)
class Suggestion:
    text: str
    plural: str | None = None
    article: bool = True  # false for a mass noun: "a fetal heartbeat" -> "cardiac activity"


@dataclass(frozen=True)
class Near:
    words: tuple[str, ...]
    before: int
    after: int


@dataclass(frozen=True)
class Example:
    text: str  # with the [span] markers removed
    spans: tuple[tuple[int, int], ...]
    locale: str | None = None
    suggest: str | None = None
    fixed: str | None = None
    line: int = 0


@dataclass(frozen=True)
class StoryType:
    id: str
    label: str
    threshold: float
    cues: tuple[tuple[str, float], ...]
    pack: str


@dataclass(frozen=True, eq=False)
class Rule:
    id: str  # full id, <pack>.<rule>
    pack: str
    severity: Severity
    kind: str  # phrase | regex | document
    phrases: tuple[tuple[str, str], ...]  # (phrase, inflect mode)
    regex: str | None
    message: str
    messages: dict[str, str]  # story type id -> message
    why: str
    suggest: dict[str, tuple[Suggestion, ...]]  # story type id or "default"
    fix: str
    sources: tuple[Source, ...]
    unless_near: tuple[Near, ...]
    only_near: tuple[Near, ...]
    proper_nouns: str
    locales: tuple[str, ...]
    enabled: bool
    story_types: tuple[str, ...]
    flag_examples: tuple[Example, ...]
    pass_examples: tuple[Example, ...]
    when: tuple[str, ...] = ()
    require_any: dict[str, tuple[str, ...]] = field(default_factory=dict)
    readings: RuleReadings = NO_READINGS
    whys: dict[str, str] = field(default_factory=dict)  # story type id -> why
    story_sources: dict[str, tuple[Source, ...]] = field(default_factory=dict)  # story type id
    min_words: int = 0  # document rules: the shortest text they judge
    misspellings: tuple[tuple[str, str], ...] = ()  # (misspelling, right spelling)
    path: str = ""
    line: int = 0

    @property
    def short_id(self) -> str:
        return self.id.split(".", 1)[1]

    def suggestions_for(self, story_type: str | None) -> tuple[Suggestion, ...]:
        if story_type and story_type in self.suggest:
            return self.suggest[story_type]
        return self.suggest.get("default", ())


@dataclass(frozen=True, eq=False)
class Pack:
    id: str
    title: str
    description: str
    sources: dict[str, Source]
    names: tuple[str, ...]
    story_type: StoryType | None
    rules: tuple[Rule, ...]
    path: str
    reading_cues: ReadingCues | None = None  # a house pack's additions to readings.yaml
