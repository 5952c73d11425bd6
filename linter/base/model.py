"""The value types every layer shares: severities, sources and findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Severity(IntEnum):
    """Ordered so that comparisons mean 'at least as serious as'."""

    NOTE = 0
    SUGGESTION = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name.upper()]

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Source:  # no __slots__: slotted frozen dataclasses unpickle in Python, slowly
    id: str
    organisation: str
    title: str
    year: int | str
    url: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "organisation": self.organisation,
            "title": self.title,
            "year": self.year,
            "url": self.url,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one span of the source.

    ``offset``/``end_offset`` are code-point offsets into the decoded source, so
    ``source[offset:end_offset] == match`` always holds. Lines and columns are
    1-based; columns count characters. ``message`` is always one line.
    """

    rule: str
    pack: str
    severity: Severity
    message: str
    why: str
    sources: tuple[Source, ...]
    offset: int
    end_offset: int
    line: int
    column: int
    end_line: int
    end_column: int
    match: str
    suggestions: tuple[str, ...] = ()
    fixable: bool = False
    in_quote: bool = False
    # Where the finding came from beyond the source text (e.g. a docx paragraph).
    location: str | None = field(default=None, compare=False)
    # The reading that changed this finding (quote, self, mention, definition,
    # name, figurative) and the words that decided it.
    reading: str | None = None
    reading_cue: str | None = None
    silenced: bool = False  # a hit a reading silenced, reported only on request

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "pack": self.pack,
            "severity": str(self.severity),
            "message": self.message,
            "why": self.why,
            "sources": [s.to_dict() for s in self.sources],
            "offset": self.offset,
            "end_offset": self.end_offset,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "match": self.match,
            "suggestions": list(self.suggestions),
            "fixable": self.fixable,
            "in_quote": self.in_quote,
            **({"location": self.location} if self.location else {}),
            **({"reading": self.reading, "reading_cue": self.reading_cue} if self.reading else {}),
            **({"silenced": True} if self.silenced else {}),
        }
