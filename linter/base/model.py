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


SOURCE_KINDS = ("guideline", "stylebook", "research", "report")
SOURCE_ACCESS = ("open", "subscription")


@dataclass(frozen=True)
class ReportedBy:
    """A second-hand page about a source (a press report, a copy), kept only as an extra.

    ``label`` says what the page is, so a reader knows it is not the publisher's own.
    """

    url: str
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "label": self.label}


@dataclass(frozen=True)
class Source:  # no __slots__: slotted frozen dataclasses unpickle in Python, slowly
    """The guidance a rule rests on. ``url`` is the publisher's own page.

    Packs must declare ``kind``; the default only serves sources built in code
    (suppression comments, LanguageTool). ``publisher`` defaults to ``organisation``.
    """

    id: str
    organisation: str
    title: str
    year: int | str
    url: str
    kind: str = "guideline"
    publisher: str | None = None
    access: str = "open"
    reported_by: ReportedBy | None = None

    @property
    def publisher_name(self) -> str:
        return self.publisher or self.organisation

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "organisation": self.organisation,
            "title": self.title,
            "year": self.year,
            "url": self.url,
            "kind": self.kind,
        }
        if self.publisher is not None:
            out["publisher"] = self.publisher
        if self.access != "open":
            out["access"] = self.access
        if self.reported_by is not None:
            out["reported_by"] = self.reported_by.to_dict()
        return out


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
