"""From command-line paths and options to checked targets: config discovery,
file collection, excludes, and engines compiled up front so a bad house pack
fails fast (exit 2)."""

from __future__ import annotations

from pathlib import Path

from .options import choice, fail


def prepare(paths, config, overrides, format_as, stdin_filename, force_exclude=False, follow_links=False):
    from ..packs import PackError
    from ..workspace.configfile import ConfigError, ConfigFinder
    from ..workspace.runner import collect

    if format_as is not None:
        from ..inputs.extract import TEXT_KINDS

        choice("--format-as", format_as, TEXT_KINDS)
    try:
        finder = ConfigFinder(Path(config) if config else None)
        targets, skipped, errors, fail_on = collect(
            paths or ["."], finder, overrides, format_as, stdin_filename, follow_links
        )
        if force_exclude:  # files named on the command line (as pre-commit does) too
            kept = []
            for t in targets:
                name = Path(stdin_filename) if t.path == "-" and stdin_filename else Path(t.path)
                fc = finder.for_path(name)
                if t.explicit and (t.path != "-" or stdin_filename) and fc.excluded(name):
                    skipped.append(f"{name}: excluded by {fc.path}")
                else:
                    kept.append(t)
            targets = kept
        # Compile each distinct configuration now, so a bad house pack fails fast (exit 2).
        from ..engine import get_engine

        for cfg in {t.config for t in targets}:
            get_engine(cfg)
        _check_ids(targets, overrides, finder)
        grammar = finder.for_path(Path.cwd()).grammar
    except (ConfigError, PackError) as exc:
        fail(str(exc))
    return targets, skipped, errors, fail_on, grammar


# Ids that are not rules of any pack but may be selected: our own bookkeeping
# findings, and LanguageTool's rules when the grammar layer runs.
_OTHER_PACKS = ("copydesk", "languagetool")


def _suggest(value: str, known: set) -> str:
    """'; did you mean ...?' with the nearest real ids (a bare rule name finds its pack)."""
    import difflib

    unique = [r for r in known if r.split(".", 1)[-1] == value]
    near = unique or difflib.get_close_matches(value, sorted(known), n=3, cutoff=0.6)
    return f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""


def _known_ids(cfg) -> set:
    from ..engine import get_engine

    engine = get_engine(cfg)
    return {r.id for r in engine.all_rules} | {p.id for p in engine.packs}


def _is_known(value: str, known: set) -> bool:
    return value in known or value.split(".", 1)[0] in _OTHER_PACKS


def _check_ids(targets, overrides: dict, finder) -> None:
    """A mistyped rule or pack id is an error (exit 2) naming where it came from,
    with the nearest real ids: it must never turn a check into a silent pass."""
    seen: set = set()
    for target in targets:
        cfg = target.config
        if id(cfg) in seen:
            continue
        seen.add(id(cfg))
        known = _known_ids(cfg)
        named = [(key, value) for key in ("select", "ignore", "enable") for value in getattr(cfg, key)] + [
            ("severity", name) for name, _ in cfg.severity
        ]
        for key, value in named:
            if _is_known(value, known):
                continue
            if key != "severity" and value in overrides.get(key, ()):
                where = f"--{key}"
            else:
                path = finder.for_path(Path(target.path) if target.path != "-" else Path.cwd() / "-").path
                where = f"{key} in {path}" if path else key
            fail(
                f"unknown rule or pack id {value!r} ({where}){_suggest(value, known)} See `copydesk rules list`."
            )


def check_suppression_ids(results) -> list[str]:
    """Unknown ids named in suppression comments, as ``FILE:LINE: ...`` messages."""
    problems = []
    for r in results:
        if not r.suppressions or r.config is None:
            continue
        known = _known_ids(r.config)
        for sup in r.suppressions:
            for value in sup.ids:
                if not _is_known(value, known):
                    problems.append(
                        f"{r.path}:{sup.line}: unknown rule or pack id {value!r} in a suppression comment"
                        + _suggest(value, known)
                    )
    return problems


def exit_code(run, fail_on: str) -> int:
    from ..base.model import Severity

    if run.errors:
        return 2
    threshold = Severity.parse(fail_on)
    return 1 if any(f.severity >= threshold for r in run.results for f in r.findings) else 0
