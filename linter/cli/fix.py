"""`copydesk fix`: apply safe rewrites, show a diff, or review interactively."""

import sys
from dataclasses import replace
from typing import Annotated, Optional

import typer

from .options import (
    FAIL_LEVELS,
    ConfigOpt,
    Enable,
    FailOn,
    FollowLinks,
    Ignore,
    Locale,
    Packs,
    Paths,
    Quotes,
    Select,
    StdinFilename,
    choice,
    cli_overrides,
    fail,
)
from .prepare import exit_code, prepare


def fix_command(
    paths: Paths = None,
    diff: Annotated[bool, typer.Option("--diff", help="Print a unified diff; write nothing.")] = False,
    interactive: Annotated[bool, typer.Option("--interactive", "-i", help="Review each finding.")] = False,
    select: Select = [],
    ignore: Ignore = [],
    fail_on: FailOn = None,
    locale: Locale = None,
    config: ConfigOpt = None,
    quotes: Quotes = None,
    exit_non_zero_on_fix: Annotated[
        bool,
        typer.Option(
            "--exit-non-zero-on-fix", help="Exit 1 only when files changed (for the pre-commit hook)."
        ),
    ] = False,
    enable: Enable = [],
    pack: Packs = [],
    output: Annotated[
        Optional[str],
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the fixed copy here and leave the file alone (needed for .docx).",
        ),
    ] = None,
    force_exclude: Annotated[
        bool,
        typer.Option("--force-exclude", help="Apply config excludes to files named on the command line too."),
    ] = False,
    grammar: Annotated[
        bool,
        typer.Option(
            "--grammar", help="Offer LanguageTool's corrections too (applied only with grammar.autofix)."
        ),
    ] = False,
    grammar_url: Annotated[
        Optional[str], typer.Option("--grammar-url", metavar="URL", help="Use this LanguageTool server.")
    ] = None,
    stdin_filename: StdinFilename = None,
    follow_links: FollowLinks = False,
    force: Annotated[bool, typer.Option("--force", help="Let --output overwrite an existing file.")] = False,
):
    """Apply safe rewrites (only rules that declare one; never inside quotes or code).

    `copydesk fix -` reads stdin and writes the fixed text to stdout (with --diff, the diff).
    """
    choice("--fail-on", fail_on, FAIL_LEVELS)
    overrides = cli_overrides(select, ignore, locale, quotes, enable, pack)
    targets, _, errors, config_fail_on, grammar_config = prepare(
        paths, config, overrides, None, stdin_filename, force_exclude, follow_links
    )
    _terminate_cleanly()
    if any(t.path == "-" for t in targets):
        if len(targets) != 1 or errors or interactive or output is not None:
            fail("fix - takes stdin alone, without --interactive or --output")
        from ..grammar.merge import fix_with_grammar, wanted

        with_grammar = (
            fix_with_grammar(grammar_config, grammar_url)
            if wanted(grammar, grammar_url, grammar_config)
            else None
        )
        level = fail_on or config_fail_on or "warning"
        _fix_stdin(targets[0], stdin_filename or "<stdin>", diff, exit_non_zero_on_fix, with_grammar, level)
    if output is not None and (len(targets) != 1 or errors or diff or interactive):
        fail("--output takes exactly one file to fix, without --diff or --interactive")
    from ..fixing.files import fix_file, unified_diff
    from ..workspace.runner import Run, check_targets

    failed = bool(errors)
    changed = False
    for r in errors:
        typer.echo(f"copydesk: {r.error}", err=True)
    from ..grammar.merge import fix_with_grammar, wanted

    with_grammar = (
        fix_with_grammar(grammar_config, grammar_url)
        if wanted(grammar, grammar_url, grammar_config)
        else None
    )
    if not diff:  # what a killed run left behind goes first, and is said
        _remove_stale_temps(targets)
    if interactive:
        failed |= _interactive(targets, with_grammar, follow_links)
    else:
        for target in targets:
            if target.kind == "docx" and not target.explicit and output is None and not diff:
                typer.echo(
                    f"copydesk: skipped {target.path}: Word documents are fixed only into "
                    "a copy (copydesk fix --output COPY.docx FILE)",
                    err=True,
                )
                continue
            outcome = fix_file(
                target,
                write=not diff,
                output=output,
                grammar=None if target.kind == "docx" else with_grammar,
                force=force,
                follow_links=follow_links,
            )
            for note in outcome.notes:
                typer.echo(f"copydesk: {note}", err=True)
            if outcome.error:
                typer.echo(f"copydesk: {outcome.error}", err=True)
                failed = True
                continue
            if diff and outcome.changed:
                changed = True
                sys.stdout.write(unified_diff(outcome))
            elif outcome.written:
                changed = True
                typer.echo(f"fixed {len(outcome.edits)} in {outcome.path}; wrote {outcome.written}", err=True)
                targets = [replace(target, path=outcome.written, explicit=True)]
            elif outcome.changed:
                changed = True
                typer.echo(f"fixed {len(outcome.edits)} in {outcome.path}", err=True)
    if diff or exit_non_zero_on_fix:  # 1: the files changed, or would have
        raise typer.Exit(2 if failed else int(changed))
    run = Run(check_targets(targets), [], fail_on or config_fail_on)
    raise typer.Exit(2 if failed or run.errors else exit_code(run, run.fail_on))


def _fix_stdin(target, name: str, diff: bool, exit_on_fix: bool, with_grammar, fail_on: str) -> None:
    """stdin in, the fixed text (or the diff) out, as black and ruff do; notes go to stderr."""
    from ..engine import check_text
    from ..fixing.files import MAX_FIX_BYTES, fix_bytes, unified_diff

    raw = sys.stdin.buffer.read(MAX_FIX_BYTES + 1)
    outcome, fixed = fix_bytes(target, raw, name, grammar=with_grammar)
    if outcome.error:
        fail(outcome.error)
    for note in outcome.notes:
        typer.echo(f"copydesk: {note}", err=True)
    if diff:
        sys.stdout.write(unified_diff(outcome))
        sys.stdout.flush()
        raise typer.Exit(int(outcome.changed))
    sys.stdout.flush()
    sys.stdout.buffer.write(fixed)
    sys.stdout.buffer.flush()
    if outcome.changed:
        typer.echo(f"copydesk: fixed {len(outcome.edits)} in {name}", err=True)
    if exit_on_fix:
        raise typer.Exit(int(outcome.changed))
    from ..base.model import Severity

    threshold = Severity.parse(fail_on)
    left = check_text(outcome.new, config=target.config, kind=target.kind)
    raise typer.Exit(1 if any(f.severity >= threshold for f in left) else 0)


def _terminate_cleanly() -> None:
    """SIGTERM (a CI timeout, an editor stopping the hook) unwinds like Ctrl-C, so a write
    in progress removes its temporary file; only SIGKILL can strand one (see below)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def _remove_stale_temps(targets) -> None:
    import os

    from ..inputs.writing import stale_temp_notes

    for directory in dict.fromkeys(os.path.dirname(os.path.realpath(t.path)) for t in targets):
        for note in stale_temp_notes(directory):
            typer.echo(f"copydesk: {note}", err=True)


def _interactive(targets, with_grammar=None, follow_links: bool = False) -> bool:
    from rich.console import Console
    from rich.text import Text

    from ..fixing.files import write_text
    from ..fixing.interactive import apply_reviewed
    from ..inputs.files import ReadError, read_source
    from ..workspace.runner import check_target
    from .review import review, support_insertions

    console = Console(highlight=False)
    stdin = sys.stdin

    def read_line(prompt: str):
        console.print(prompt, end="")
        line = stdin.readline()
        return None if line == "" else line

    from ..fixing.files import MAX_FIX_BYTES, link_outside

    failed = False
    for target in targets:
        outside = None if follow_links else link_outside(target.path)
        if outside is not None:
            typer.echo(
                f"copydesk: {target.path}: a symlink to {outside}, outside this project (the current "
                "directory); not fixed (add --follow-links to fix the file it points to)",
                err=True,
            )
            failed = True
            continue
        if target.kind == "docx":
            typer.echo(
                f"copydesk: {target.path}: interactive review does not edit Word documents; "
                "use copydesk fix --output COPY.docx",
                err=True,
            )
            failed = True
            continue
        try:
            original = read_source(target.path, MAX_FIX_BYTES)  # what the edits apply to
        except ReadError as exc:
            typer.echo(f"copydesk: {exc}", err=True)
            failed = True
            continue
        result = check_target(target)
        if not result.error and result.source != original.text:
            result.error = f"{target.path}: changed on disk while it was read; not reviewed"
        if result.error:
            typer.echo(f"copydesk: {result.error}", err=True)
            failed = True
            continue
        source = original.text  # the checked text: result.source equals it (tested above)
        console.print(Text(target.path, style="bold underline"))
        from ..inputs.extract import extract

        if with_grammar is not None:  # LanguageTool's corrections are offered too
            result.findings = sorted(
                result.findings + with_grammar(source, target.kind, target.config, result.findings),
                key=lambda f: (f.offset, f.end_offset, f.rule),
            )
        doc = extract(source, target.kind or "text")
        offered = []
        for f in result.findings:
            if f.suggestions and not f.in_quote and not doc.rewritable(f.offset, f.end_offset):
                # Markup inside the span ("*committed* suicide", "committed</em> suicide").
                console.print(
                    f"{f.line}:{f.column} {f.rule}: \u201c{f.match}\u201d spans markup; edit it by hand",
                    markup=False,
                    highlight=False,
                )
            else:
                offered.append(f)
        from ..engine import get_engine

        document_rules = {r.id for r in get_engine(target.config).all_rules if r.kind == "document"}
        insertions = (
            support_insertions(offered, target.config, document_rules) if target.kind != "html" else {}
        )
        edits, quit_now = review(
            source, offered, kind=target.kind, read_line=read_line, console=console, insertions=insertions
        )
        if edits:
            try:
                # refused if the file changed on disk during the review
                for note in write_text(target.path, apply_reviewed(source, edits), original):
                    typer.echo(f"copydesk: {note}", err=True)
                console.print(Text(f"applied {len(edits)} change(s) to {target.path}"))
            except (ReadError, OSError) as exc:
                typer.echo(
                    f"copydesk: {exc}" if isinstance(exc, ReadError) else f"copydesk: {target.path}: {exc}",
                    err=True,
                )
                failed = True
        if quit_now:
            break
    return failed
