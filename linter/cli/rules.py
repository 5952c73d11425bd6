"""`copydesk explain` and `copydesk rules list|show|test|docs`."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from .options import choice, complete_from, complete_rules, fail

RuleArg = Annotated[
    str,
    typer.Argument(
        metavar="RULE",
        autocompletion=complete_rules,
        help="A rule id (suicide.commit-suicide), or its name alone when one pack has it.",
    ),
]
PackOpt = Annotated[list[str], typer.Option("--pack", metavar="FILE", help="Extra pack files (house rules).")]


def explain(rule_id: RuleArg, pack: PackOpt = []):
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
    """The rule named by its id, or by its name alone when only one pack has it;
    otherwise exit 2 with the candidates or the nearest ids."""
    import difflib

    packs = _packs(list(extra) + _config_packs())
    rules = {r.id: r for p in packs for r in p.rules}
    if rule_id in rules:
        return rules[rule_id]
    named = [r for r in rules.values() if r.id.split(".", 1)[1] == rule_id]
    if len(named) == 1:
        return named[0]
    if named:
        fail(f"{rule_id!r} is a rule in several packs: {', '.join(r.id for r in named)}; name one")
    if rule_id in {p.id for p in packs}:
        fail(f"{rule_id!r} is a pack, not a rule; see `copydesk rules list` for its rules")
    names = {r.id.split(".", 1)[1]: r.id for r in rules.values()}
    near = difflib.get_close_matches(rule_id, list(rules), n=3, cutoff=0.6) or [
        names[n] for n in difflib.get_close_matches(rule_id, list(names), n=3, cutoff=0.6)
    ]
    hint = f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""
    fail(f"no rule {rule_id!r}{hint} See `copydesk rules list`.")


def rules_list(
    fmt: Annotated[
        str,
        typer.Option(
            "--format", metavar="[text|json]", autocompletion=complete_from(("text", "json")), help="Output."
        ),
    ] = "text",
    pack: PackOpt = [],
):
    """Every rule: its id, default severity and tested examples (flagged/passing)."""
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


def rules_show(rule_id: RuleArg, pack: PackOpt = []):
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
    output: Annotated[
        str, typer.Option("--output", metavar="FILE", help="Where to write the reference.")
    ] = "docs/rules.md",
    sources_output: Annotated[
        Optional[str],
        typer.Option(
            "--sources-output",
            metavar="FILE",
            help="Where to write the sources list (default: sources.md beside it).",
        ),
    ] = None,
    check_only: Annotated[bool, typer.Option("--check", help="Exit 1 if a file is stale.")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite files that are not a generated reference.")
    ] = False,
):
    """Maintainers: regenerate docs/rules.md and docs/sources.md from the packs (hidden from help).

    Writes only the two files named (relative to the current directory) and prints each path.
    """
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
            typer.echo(f"wrote {target.resolve()}")
    except ReadError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write the rules reference ({exc.strerror or exc})")
