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


def _check_ids(targets, overrides: dict, finder) -> None:
    """A mistyped rule or pack id is an error (exit 2) naming where it came from,
    with the nearest real ids: it must never turn a check into a silent pass."""
    from ..workspace.ids import unknown_config_ids

    seen: set = set()
    for target in targets:
        cfg = target.config
        if id(cfg) in seen:
            continue
        seen.add(id(cfg))
        for key, value, suggestion in unknown_config_ids(cfg):
            if key != "severity" and value in overrides.get(key, ()):
                where = f"--{key}"
            else:
                path = finder.for_path(Path(target.path) if target.path != "-" else Path.cwd() / "-").path
                where = f"{key} in {path}" if path else key
            fail(f"unknown rule or pack id {value!r} ({where}){suggestion} See `copydesk rules list`.")


def check_suppression_ids(results) -> list[str]:
    """Unknown ids named in suppression comments, as ``FILE:LINE: ...`` messages."""
    from ..workspace.ids import unknown_suppression_ids

    problems = []
    for r in results:
        if not r.suppressions or r.config is None:
            continue
        for sup, value, suggestion in unknown_suppression_ids(r.suppressions, r.config):
            problems.append(
                f"{r.path}:{sup.line}: unknown rule or pack id {value!r} in a suppression comment"
                + suggestion
            )
    return problems


def exit_code(run, fail_on: str) -> int:
    from ..base.model import Severity

    if run.errors:
        return 2
    threshold = Severity.parse(fail_on)
    return 1 if any(f.severity >= threshold for r in run.results for f in r.findings) else 0
