"""Run settings. Discovery and validation of config files live in configfile.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

QUOTE_POLICIES = ("note", "ignore", "flag")


@dataclass(frozen=True)
class Config:
    locale: str = "en-US"
    quotes: str = "note"  # note | ignore | flag
    select: tuple[str, ...] = ()  # rule or pack ids; empty = all enabled rules
    ignore: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()  # house-style switches turned on (rules with enabled: false)
    severity: tuple[tuple[str, str], ...] = ()  # (rule or pack id, severity name)
    packs: tuple[str, ...] = ()  # extra pack files
    builtin_packs: bool = True
    support_line: tuple[str, ...] = ()  # house helpline text accepted by support checks
    # More locales whose helplines count as support (a UK story in a US newsroom cites Samaritans).
    support_locales: tuple[str, ...] = ()
    inline_config: bool = True  # honour suppression comments
    show_silenced: bool = False  # also return the hits a reading silenced (as silenced notes)

    def replace(self, **changes: Any) -> Config:
        from dataclasses import replace

        return replace(self, **changes)


def id_selected(rule_id: str, ids: tuple[str, ...]) -> bool:
    """A rule is named by its full id, its pack id, or a prefix ending at a dot."""
    pack = rule_id.split(".", 1)[0]
    return any(i in (rule_id, pack) for i in ids)
