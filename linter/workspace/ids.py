"""Rule and pack ids a run names (config, options, suppression comments) that
no pack defines: a typo must be an error, never a silent pass. Used by the
command line and the language server alike."""

from __future__ import annotations

from ..engine.suppress import Suppression

# Ids that are not rules of any pack but may be selected: our own bookkeeping
# findings, and LanguageTool's rules when the grammar layer runs.
OTHER_PACKS = ("copydesk", "languagetool")


def suggest(value: str, known: set) -> str:
    """'; did you mean ...?' with the nearest real ids (a bare rule name finds its pack)."""
    import difflib

    unique = [r for r in known if r.split(".", 1)[-1] == value]
    near = unique or difflib.get_close_matches(value, sorted(known), n=3, cutoff=0.6)
    return f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""


def known_ids(cfg) -> set:
    from ..engine import get_engine

    engine = get_engine(cfg)
    return {r.id for r in engine.all_rules} | {p.id for p in engine.packs}


def is_known(value: str, known: set) -> bool:
    return value in known or value.split(".", 1)[0] in OTHER_PACKS


def unknown_config_ids(cfg) -> list[tuple[str, str, str]]:
    """(setting, id, suggestion) for each id in select/ignore/enable/severity no pack defines."""
    known = known_ids(cfg)
    named = [(key, value) for key in ("select", "ignore", "enable") for value in getattr(cfg, key)] + [
        ("severity", name) for name, _ in cfg.severity
    ]
    return [(key, value, suggest(value, known)) for key, value in named if not is_known(value, known)]


def unknown_suppression_ids(suppressions: list[Suppression], cfg) -> list[tuple[Suppression, str, str]]:
    """(suppression, id, suggestion) for each id a suppression comment names that no pack defines."""
    if not suppressions:
        return []
    known = known_ids(cfg)
    return [
        (sup, value, suggest(value, known))
        for sup in suppressions
        for value in sup.ids
        if not is_known(value, known)
    ]
