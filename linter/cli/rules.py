"""`copydesk explain` and `copydesk rules list|show|test|docs`."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from .options import choice, fail


def explain(
    rule_id: Annotated[str, typer.Argument(help="A rule id, e.g. suicide.commit-suicide.")],
    pack: Annotated[list[str], typer.Option("--pack", help="Extra pack files (house rules).")] = [],
):
    """The full rule doc: what, why, what instead, examples, sources."""
    from ..packs.docs import rule_text

    typer.echo(rule_text(_find(rule_id, pack)))


def _config_packs() -> list[str]:
    """House packs named by the config that applies in the current directory."""
    from ..workspace.configfile import ConfigError, ConfigFinder

    try:
        return list(ConfigFinder().for_path(Path.cwd() / "-").config.packs)
    except ConfigError:
        return []


def _find(rule_id: str, extra=()):
    packs = _packs(list(extra) + _config_packs())
    rule = next((r for p in packs for r in p.rules if r.id == rule_id), None)
    if rule is None:
        fail(f"no rule {rule_id!r}; see `copydesk rules list`")
    return rule


def rules_list(
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    pack: Annotated[list[str], typer.Option("--pack", help="Extra pack files to include.")] = [],
):
    """Every rule with its pack, severity and example counts."""
    from ..packs.docs import rules_json, rules_table

    choice("--format", fmt, ("text", "json"))
    packs = _packs(pack)
    typer.echo(rules_json(packs) if fmt == "json" else rules_table(packs))


def _packs(extra):
    from ..packs import PackError, load_packs

    try:
        return load_packs(tuple(dict.fromkeys(str(Path(p).resolve()) for p in extra)))
    except PackError as exc:
        fail(str(exc))


def rules_show(
    rule_id: str,
    pack: Annotated[list[str], typer.Option("--pack", help="Extra pack files (house rules).")] = [],
):
    """The rule doc for one rule (same as `copydesk explain`)."""
    from ..packs.docs import rule_text

    typer.echo(rule_text(_find(rule_id, pack)))


def rules_test(
    pack_files: Annotated[
        Optional[list[str]], typer.Argument(help="Pack files; default: built-in packs.")
    ] = None,
):
    """Run the examples in pack files and report failures like a test runner."""
    from ..packs import PackError
    from ..workspace.rule_examples import run_pack_tests

    try:
        passed, failures = run_pack_tests([str(Path(p).resolve()) for p in pack_files or []])
    except PackError as exc:
        fail(str(exc))
    for failure in failures:
        typer.echo(f"FAIL {failure}")
    typer.echo(f"{passed} passed, {len(failures)} failed")
    raise typer.Exit(1 if failures else 0)


def rules_docs(
    output: Annotated[str, typer.Option("--output", help="Where to write the reference.")] = "docs/rules.md",
    sources_output: Annotated[
        Optional[str],
        typer.Option(
            "--sources-output", help="Where to write the sources list (default: sources.md beside it)."
        ),
    ] = None,
    check_only: Annotated[bool, typer.Option("--check", help="Exit 1 if a file is stale.")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite files that are not a generated reference.")
    ] = False,
):
    """Generate the rules reference (docs/rules.md) and the sources list (docs/sources.md) from the packs."""
    from ..packs.docs import rules_markdown, sources_markdown

    packs = _packs([])
    path = Path(output)
    targets = [
        (path, rules_markdown(packs)),
        (Path(sources_output) if sources_output else path.with_name("sources.md"), sources_markdown(packs)),
    ]
    from ..inputs.files import ReadError, read_bytes
    from ..inputs.writing import GENERATED_MARKER, check_output, starts_with, write_atomic

    if check_only:
        for target, text in targets:
            try:
                current = read_bytes(target, 16 << 20).decode("utf-8") if target.exists() else ""
            except (ReadError, UnicodeDecodeError) as exc:
                fail(f"{target}: cannot read ({exc})")
            if current != text:
                fail(f"{target} is stale; run `copydesk rules docs`", 1)
        return
    try:
        for target, _ in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
        ours = starts_with(GENERATED_MARKER)
        where = [check_output(t, what="generated reference", ours=ours, force=force) for t, _ in targets]
        for (target, text), real in zip(targets, where):
            write_atomic(real, text.encode("utf-8"))
            typer.echo(f"wrote {target}")
    except ReadError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write the rules reference ({exc.strerror or exc})")
