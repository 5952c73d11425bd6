"""`copydesk check`: check drafts and report findings."""

import os
import shutil
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .fix import fix_command
from .options import (
    FAIL_LEVELS,
    ConfigOpt,
    Enable,
    FailOn,
    FollowLinks,
    FormatAs,
    Ignore,
    Locale,
    OutputFormat,
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


def _progress_factory(total: int, enabled: bool):
    if not enabled or total < 20 or not sys.stderr.isatty():
        return None, None
    from rich.console import Console
    from rich.progress import Progress

    progress = Progress(transient=True, console=Console(file=sys.stderr))
    task = progress.add_task("checking", total=total)
    return progress, (lambda: progress.advance(task))


def _stdin_is_piped() -> bool:
    """A pipe or a redirected file on stdin (not a terminal, /dev/null or nothing)."""
    import stat

    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (AttributeError, OSError, ValueError):  # no real stdin (an embedding, a test runner)
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISREG(mode)


def _default_paths(stdin_filename: Optional[str], quiet: bool) -> list[str]:
    """No paths: text piped in (or --stdin-filename) is checked; otherwise the current
    directory is walked, and said so when stdin is not a terminal."""
    if stdin_filename or _stdin_is_piped():
        return ["-"]
    if not quiet and not sys.stdin.isatty():
        typer.echo("copydesk: no paths given: checking the current directory (- reads stdin)", err=True)
    return ["."]


def check(
    paths: Paths = None,
    fmt: OutputFormat = None,
    fail_on: FailOn = None,
    select: Select = [],
    ignore: Ignore = [],
    enable: Enable = [],
    quotes: Quotes = None,
    locale: Locale = None,
    config: ConfigOpt = None,
    pack: Packs = [],
    baseline: Annotated[
        Optional[str],
        typer.Option("--baseline", metavar="FILE", help="Report only findings not in this baseline."),
    ] = None,
    write_baseline: Annotated[
        Optional[str], typer.Option("--write-baseline", metavar="FILE", help="Record today's findings here.")
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain text output.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing; only the exit code.")] = False,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Counts per rule and suppression reasons.")
    ] = False,
    no_inline_config: Annotated[
        bool, typer.Option("--no-inline-config", help="Ignore suppression comments (audits).")
    ] = False,
    show_suppressed: Annotated[
        bool,
        typer.Option(
            "--show-suppressed",
            help="Also list, as notes, the hits a reading silenced (mentions, names, figurative use).",
        ),
    ] = False,
    stdin_filename: StdinFilename = None,
    format_as: FormatAs = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Report skipped files.")] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", metavar="N", help="Worker processes (0 = one per core).")
    ] = 0,
    grammar: Annotated[bool, typer.Option("--grammar", help="Add LanguageTool grammar findings.")] = False,
    grammar_url: Annotated[
        Optional[str], typer.Option("--grammar-url", metavar="URL", help="Use this LanguageTool server.")
    ] = None,
    require_grammar: Annotated[
        bool, typer.Option("--require-grammar", help="Exit 2 if LanguageTool is unavailable.")
    ] = False,
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes (same as `copydesk fix`).")] = False,
    force_exclude: Annotated[
        bool,
        typer.Option("--force-exclude", help="Apply config excludes to files named on the command line too."),
    ] = False,
    follow_links: FollowLinks = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Let --write-baseline overwrite a file that is not a baseline (never a draft's FIFO).",
        ),
    ] = False,
):
    """Check drafts and report findings.

    Examples: copydesk check story.md · copydesk check drafts/ --format sarif > copydesk.sarif
    """
    if fix:
        return fix_command(
            paths,
            diff=False,
            interactive=False,
            select=select,
            ignore=ignore,
            fail_on=fail_on,
            locale=locale,
            config=config,
            quotes=quotes,
            exit_non_zero_on_fix=False,
            enable=enable,
            pack=pack,
            force_exclude=force_exclude,
            follow_links=follow_links,
        )
    from ..report import FORMATS

    choice("--format", fmt, FORMATS)
    choice("--fail-on", fail_on, FAIL_LEVELS)
    overrides = cli_overrides(select, ignore, locale, quotes, enable, pack, no_inline_config, show_suppressed)
    if not paths:
        paths = _default_paths(stdin_filename, quiet)
    targets, skipped, errors, config_fail_on, grammar_config = prepare(
        paths, config, overrides, format_as, stdin_filename, force_exclude, follow_links
    )
    reads = [t.path for t in targets if t.path != "-"]
    if write_baseline:  # refused before the run, not after it
        from ..inputs.writing import OutputRefused, check_output
        from ..workspace.baseline import is_baseline

        try:
            check_output(write_baseline, what="baseline", reads=reads, ours=is_baseline, force=force)
        except OutputRefused as exc:
            fail(str(exc))
    from ..grammar.merge import wanted
    from ..workspace.runner import Run, check_targets

    use_grammar = wanted(grammar, grammar_url, grammar_config)
    fmt = fmt or ("rich" if sys.stdout.isatty() else "concise")
    progress, tick = _progress_factory(len(targets), fmt in ("rich", "concise") and not quiet)
    try:
        if progress:
            progress.start()
        # Only the rich and JSON reports, baselines and grammar need the text back.
        keep_source = fmt in ("rich", "json") or bool(baseline or write_baseline or use_grammar)
        results = check_targets(targets, jobs=jobs or None, progress=tick, keep_source=keep_source)
    except KeyboardInterrupt:
        typer.echo("copydesk: interrupted", err=True)
        raise typer.Exit(130) from None
    finally:
        if progress:
            progress.stop()
    from ..workspace.runner import split_skipped

    results, found_binary = split_skipped(results)
    from .prepare import check_suppression_ids

    bad_ids = check_suppression_ids(results)
    for problem in bad_ids:  # a typo in a suppression comment must not pass silently
        typer.echo(f"copydesk: {problem}", err=True)
    run = Run(errors + results, skipped + found_binary, fail_on or config_fail_on)
    if use_grammar:
        from ..grammar.merge import add_grammar_findings

        if not add_grammar_findings(run, targets, grammar_url, grammar_config) and require_grammar:
            for r in run.errors:
                typer.echo(r.error, err=True)
            raise typer.Exit(2)
    if stdin_filename:  # report stdin under the name it was checked as
        for r in results:
            if r.path == "-":
                r.path = stdin_filename
    if baseline:
        from ..workspace.baseline import filter_run, load_baseline

        try:
            filter_run(run, load_baseline(Path(baseline)), Path(baseline).parent)
        except ValueError as exc:
            fail(str(exc))
    if write_baseline:
        from ..inputs.files import ReadError
        from ..workspace.baseline import write_baseline as write

        try:
            count, notes = write(run, Path(write_baseline), reads=reads, force=force)
        except ReadError as exc:
            fail(str(exc))
        except OSError as exc:
            fail(f"{write_baseline}: cannot write baseline ({exc.strerror or exc})")
        for note in notes:
            typer.echo(f"copydesk: {note}", err=True)
        typer.echo(f"copydesk: wrote {count} findings to {write_baseline}", err=True)
    for r in run.errors:
        typer.echo(f"copydesk: {r.error}", err=True)
    if verbose:
        for line in run.skipped:
            typer.echo(f"copydesk: skipped {line}", err=True)
    if not quiet:
        from ..report import write_report

        color = fmt == "rich" and not no_color and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        # A terminal may report 0 columns (a bare pty): fall back to 80, and keep a sane range.
        width = max(40, min(100, shutil.get_terminal_size((80, 24)).columns)) if sys.stdout.isatty() else 80
        write_report(run, fmt, sys.stdout, color=color, width=width, statistics=statistics)
    raise typer.Exit(2 if bad_ids else exit_code(run, run.fail_on))
