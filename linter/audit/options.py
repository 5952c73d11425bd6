"""What an audit run reads and how it groups: everything a worker needs, picklable."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..base.config import Config

PERIODS = ("year", "month")
# Metadata roles and the column each is read from by default.
ROLES = ("id", "date", "section", "author", "url")


@dataclass(frozen=True)
class AuditOptions:
    config: Config = field(default_factory=Config)
    text_column: str = "text"
    columns: tuple[tuple[str, str], ...] = tuple((r, r) for r in ROLES)  # (role, column name)
    keep: tuple[str, ...] = ()  # extra metadata columns kept under their own names
    group_by: tuple[str, ...] = ("section",)
    period: str = "year"
    kind: str = "text"  # how row text is read: text | markdown | html
    partition_rows: int = 2000

    def column(self, role: str) -> str:
        return dict(self.columns)[role]

    @property
    def meta_names(self) -> tuple[str, ...]:
        """The metadata columns of every output table, after the article id."""
        return ("date", "section", "author", "url", *self.keep)

    def fingerprint(self) -> dict:
        """What must match for a run to resume another (the config included)."""
        out = asdict(self)
        out["config"] = repr(self.config)
        return out
