"""The `copydesk` command line. Thin: parse options, call the engine, report.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
2 usage, config or rule-pack error, or a file that could not be read.
"""

import os
import shutil
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__

_APP_SETTINGS = dict(
    name="copydesk",
    help=("Check drafts against sensitive-reporting guidance, with the reason and the source.\n\n"
          "Examples:\n\n  copydesk check story.md\n\n  copydesk check drafts/ --format json\n\n"
          "  copydesk fix story.md --diff\n\n  copydesk explain suicide.commit-suicide"),
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
app = typer.Typer(add_completion=True, **_APP_SETTINGS)
rules_app = typer.Typer(help="List, show and test rules.", no_args_is_help=True)
grammar_app = typer.Typer(help="The LanguageTool grammar layer.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
app.add_typer(grammar_app, name="grammar")

FAIL_LEVELS = ("error", "warning", "suggestion")


def _version(value: bool):
    if value:
        typer.echo(f"copydesk {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Show the version and exit.")] = False):
    """copydesk: an editorial style-guide linter for sensitive reporting."""


def _fail(message: str, code: int = 2):
    typer.echo(f"copydesk: {message}", err=True)
    raise typer.Exit(code)


def _choice(name: str, value: Optional[str], choices) -> Optional[str]:
    if value is not None and value not in choices:
        _fail(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def _ids(values: list[str]) -> tuple[str, ...]:
    return tuple(i.strip() for v in values for i in v.split(",") if i.strip())


Select = Annotated[list[str], typer.Option("--select", help="Only these rule or pack ids (repeat or comma-separate).")]
Ignore = Annotated[list[str], typer.Option("--ignore", help="Skip these rule or pack ids.")]
ConfigOpt = Annotated[Optional[str], typer.Option("--config", help="Use this config file instead of discovery.")]
Locale = Annotated[Optional[str], typer.Option("--locale", help="en-GB or en-US (spellings, helplines).")]
Quotes = Annotated[Optional[str], typer.Option("--quotes", help="Findings in direct quotes: note, ignore or flag.")]
FailOn = Annotated[Optional[str], typer.Option("--fail-on", help="Lowest severity that fails: error, warning, suggestion.")]
Paths = Annotated[Optional[list[str]], typer.Argument(help="Files, directories, or - for stdin.")]


def _cli_overrides(select, ignore, locale, quotes, enable=(), packs=(), no_inline=False) -> dict:
    out: dict = {}
    if select:
        out["select"] = _ids(select)
    if ignore:
        out["ignore"] = _ids(ignore)
    if enable:
        out["enable"] = _ids(enable)
    if locale:
        out["locale"] = _choice("--locale", locale, ("en-GB", "en-US"))
    if quotes:
        out["quotes"] = _choice("--quotes", quotes, ("note", "ignore", "flag"))
    if packs:
        out["packs"] = tuple(str(Path(p).resolve()) for p in packs)
    if no_inline:
        out["inline_config"] = False
    return out


def _prepare(paths, config, overrides, format_as, stdin_filename, force_exclude=False):
    from .configfile import ConfigError, ConfigFinder
    from .packs import PackError
    from .runner import collect

    if format_as is not None:
        from .extract import TEXT_KINDS

        _choice("--format-as", format_as, TEXT_KINDS)
    try:
        finder = ConfigFinder(Path(config) if config else None)
        targets, skipped, errors, fail_on = collect(paths or ["."], finder, overrides, format_as,
                                                    stdin_filename)
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
        from .engine import get_engine

        for cfg in {t.config for t in targets}:
            get_engine(cfg)
        grammar = finder.for_path(Path.cwd()).grammar
    except (ConfigError, PackError) as exc:
        _fail(str(exc))
    return targets, skipped, errors, fail_on, grammar


def _exit_code(run, fail_on: str) -> int:
    from .model import Severity

    if run.errors:
        return 2
    threshold = Severity.parse(fail_on)
    return 1 if any(f.severity >= threshold for r in run.results for f in r.findings) else 0


def _progress_factory(total: int, enabled: bool):
    if not enabled or total < 20 or not sys.stderr.isatty():
        return None, None
    from rich.console import Console
    from rich.progress import Progress

    progress = Progress(transient=True, console=Console(file=sys.stderr))
    task = progress.add_task("checking", total=total)
    return progress, (lambda: progress.advance(task))


@app.command()
def check(
    paths: Paths = None,
    fmt: Annotated[Optional[str], typer.Option("--format", help="rich, concise, json, sarif or github.")] = None,
    fail_on: FailOn = None,
    select: Select = [],
    ignore: Ignore = [],
    enable: Annotated[list[str], typer.Option("--enable", help="Turn on house-style switches (rules off by default).")] = [],
    quotes: Quotes = None,
    locale: Locale = None,
    config: ConfigOpt = None,
    pack: Annotated[list[str], typer.Option("--pack", help="Extra rule pack file (house rules).")] = [],
    baseline: Annotated[Optional[str], typer.Option("--baseline", help="Report only findings not in this baseline.")] = None,
    write_baseline: Annotated[Optional[str], typer.Option("--write-baseline", help="Record today's findings here.")] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain text output.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing; only the exit code.")] = False,
    statistics: Annotated[bool, typer.Option("--statistics", help="Counts per rule and suppression reasons.")] = False,
    no_inline_config: Annotated[bool, typer.Option("--no-inline-config", help="Ignore suppression comments (audits).")] = False,
    stdin_filename: Annotated[Optional[str], typer.Option("--stdin-filename", help="Name for stdin: picks format and config.")] = None,
    format_as: Annotated[Optional[str], typer.Option("--format-as", help="Read files as text, markdown or html.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Report skipped files.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (0 = one per core).")] = 0,
    grammar: Annotated[bool, typer.Option("--grammar", help="Add LanguageTool grammar findings.")] = False,
    grammar_url: Annotated[Optional[str], typer.Option("--grammar-url", help="Use this LanguageTool server.")] = None,
    require_grammar: Annotated[bool, typer.Option("--require-grammar", help="Exit 2 if LanguageTool is unavailable.")] = False,
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes (same as `copydesk fix`).")] = False,
    force_exclude: Annotated[bool, typer.Option(
        "--force-exclude", help="Apply config excludes to files named on the command line too.")] = False,
):
    """Check drafts and report findings.

    Examples: copydesk check story.md · copydesk check drafts/ --format sarif > copydesk.sarif
    """
    if fix:
        return fix_command(paths, diff=False, interactive=False, select=select, ignore=ignore,
                           fail_on=fail_on, locale=locale, config=config, quotes=quotes,
                           exit_non_zero_on_fix=False, enable=enable, pack=pack,
                           force_exclude=force_exclude)
    from .report import FORMATS

    _choice("--format", fmt, FORMATS)
    _choice("--fail-on", fail_on, FAIL_LEVELS)
    overrides = _cli_overrides(select, ignore, locale, quotes, enable, pack, no_inline_config)
    targets, skipped, errors, config_fail_on, grammar_config = _prepare(
        paths, config, overrides, format_as, stdin_filename, force_exclude)
    from .grammar_cli import wanted
    from .runner import Run, check_targets

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
        raise typer.Exit(130)
    finally:
        if progress:
            progress.stop()
    from .runner import split_skipped

    results, found_binary = split_skipped(results)
    run = Run(errors + results, skipped + found_binary, fail_on or config_fail_on)
    if use_grammar:
        from .grammar_cli import add_grammar_findings

        if not add_grammar_findings(run, targets, grammar_url, grammar_config) and require_grammar:
            for r in run.errors:
                typer.echo(r.error, err=True)
            raise typer.Exit(2)
    if stdin_filename:  # report stdin under the name it was checked as
        for r in results:
            if r.path == "-":
                r.path = stdin_filename
    if baseline:
        from .baseline import filter_run, load_baseline

        try:
            filter_run(run, load_baseline(Path(baseline)), Path(baseline).parent)
        except ValueError as exc:
            _fail(str(exc))
    if write_baseline:
        from .baseline import write_baseline as write

        try:
            count = write(run, Path(write_baseline))
        except OSError as exc:
            _fail(f"{write_baseline}: cannot write baseline ({exc.strerror or exc})")
        typer.echo(f"copydesk: wrote {count} findings to {write_baseline}", err=True)
    for r in run.errors:
        typer.echo(f"copydesk: {r.error}", err=True)
    if verbose:
        for line in run.skipped:
            typer.echo(f"copydesk: skipped {line}", err=True)
    if not quiet:
        from .report import render

        color = fmt == "rich" and not no_color and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        # A terminal may report 0 columns (a bare pty): fall back to 80, and keep a sane range.
        width = max(40, min(100, shutil.get_terminal_size((80, 24)).columns)) \
            if sys.stdout.isatty() else 80
        sys.stdout.write(render(run, fmt, color=color, width=width, statistics=statistics))
    raise typer.Exit(_exit_code(run, run.fail_on))


@app.command("fix")
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
    exit_non_zero_on_fix: Annotated[bool, typer.Option(
        "--exit-non-zero-on-fix", help="Exit 1 only when files changed (for the pre-commit hook).")] = False,
    enable: Annotated[list[str], typer.Option("--enable", help="Turn on house-style switches (rules off by default).")] = [],
    pack: Annotated[list[str], typer.Option("--pack", help="Extra rule pack file (house rules).")] = [],
    output: Annotated[Optional[str], typer.Option(
        "--output", "-o", help="Write the fixed copy here and leave the file alone (needed for .docx).")] = None,
    force_exclude: Annotated[bool, typer.Option(
        "--force-exclude", help="Apply config excludes to files named on the command line too.")] = False,
    grammar: Annotated[bool, typer.Option(
        "--grammar", help="Offer LanguageTool's corrections too (applied only with grammar.autofix).")] = False,
    grammar_url: Annotated[Optional[str], typer.Option("--grammar-url", help="Use this LanguageTool server.")] = None,
):
    """Apply safe rewrites (only rules that declare one; never inside quotes or code)."""
    _choice("--fail-on", fail_on, FAIL_LEVELS)
    overrides = _cli_overrides(select, ignore, locale, quotes, enable, pack)
    targets, _, errors, config_fail_on, grammar_config = _prepare(
        paths, config, overrides, None, None, force_exclude)
    if any(t.path == "-" for t in targets):
        _fail("fix needs files, not stdin")
    if output is not None and (len(targets) != 1 or errors or diff or interactive):
        _fail("--output takes exactly one file to fix, without --diff or --interactive")
    from .fixfiles import fix_file, unified_diff
    from .runner import Run, check_targets

    failed = bool(errors)
    changed = False
    for r in errors:
        typer.echo(f"copydesk: {r.error}", err=True)
    from .grammar_cli import fix_with_grammar, wanted

    with_grammar = (fix_with_grammar(grammar_config, grammar_url)
                    if wanted(grammar, grammar_url, grammar_config) else None)
    if interactive:
        failed |= _interactive(targets, with_grammar)
    else:
        for target in targets:
            if target.kind == "docx" and not target.explicit and output is None and not diff:
                typer.echo(f"copydesk: skipped {target.path}: Word documents are fixed only into "
                           "a copy (copydesk fix --output COPY.docx FILE)", err=True)
                continue
            outcome = fix_file(target, write=not diff, output=output,
                               grammar=None if target.kind == "docx" else with_grammar)
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
                typer.echo(f"fixed {len(outcome.edits)} in {outcome.path}; wrote {outcome.written}",
                           err=True)
                targets = [replace(target, path=outcome.written, explicit=True)]
            elif outcome.changed:
                changed = True
                typer.echo(f"fixed {len(outcome.edits)} in {outcome.path}", err=True)
    if diff or exit_non_zero_on_fix:  # 1: the files changed, or would have
        raise typer.Exit(2 if failed else int(changed))
    run = Run(check_targets(targets), [], fail_on or config_fail_on)
    raise typer.Exit(2 if failed or run.errors else _exit_code(run, run.fail_on))


def _interactive(targets, with_grammar=None) -> bool:
    from rich.console import Console

    from rich.text import Text

    from .fixfiles import write_text
    from .interactive import apply_reviewed, review
    from .io import ReadError, read_source
    from .runner import check_target

    console = Console(highlight=False)
    stdin = sys.stdin

    def read_line(prompt: str):
        console.print(prompt, end="")
        line = stdin.readline()
        return None if line == "" else line

    failed = False
    for target in targets:
        if target.kind == "docx":
            typer.echo(f"copydesk: {target.path}: interactive review does not edit Word documents; "
                       "use copydesk fix --output COPY.docx", err=True)
            failed = True
            continue
        try:
            original = read_source(target.path)  # what the edits apply to
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
        console.print(Text(target.path, style="bold underline"))
        from .extract import extract

        if with_grammar is not None:  # LanguageTool's corrections are offered too
            result.findings = sorted(
                result.findings + with_grammar(result.source, target.kind, target.config,
                                               result.findings),
                key=lambda f: (f.offset, f.end_offset, f.rule))
        doc = extract(result.source, target.kind or "text")
        offered = []
        for f in result.findings:
            if f.suggestions and not f.in_quote and not doc.rewritable(f.offset, f.end_offset):
                # Markup inside the span ("*committed* suicide", "committed</em> suicide").
                console.print(f"{f.line}:{f.column} {f.rule}: \u201c{f.match}\u201d spans markup; "
                              "edit it by hand", markup=False, highlight=False)
            else:
                offered.append(f)
        edits, quit_now = review(result.source, offered, kind=target.kind,
                                 read_line=read_line, console=console)
        if edits:
            try:
                # refused if the file changed on disk during the review
                write_text(target.path, apply_reviewed(result.source, edits), original)
                console.print(Text(f"applied {len(edits)} change(s) to {target.path}"))
            except (ReadError, OSError) as exc:
                typer.echo(f"copydesk: {exc}" if isinstance(exc, ReadError)
                           else f"copydesk: {target.path}: {exc}", err=True)
                failed = True
        if quit_now:
            break
    return failed


@app.command()
def explain(rule_id: Annotated[str, typer.Argument(help="A rule id, e.g. suicide.commit-suicide.")],
            pack: Annotated[list[str], typer.Option("--pack", help="Extra pack files (house rules).")] = []):
    """The full rule doc: what, why, what instead, examples, sources."""
    from .ruledocs import rule_text

    typer.echo(rule_text(_find(rule_id, pack)))


def _config_packs() -> list[str]:
    """House packs named by the config that applies in the current directory."""
    from .configfile import ConfigError, ConfigFinder

    try:
        return list(ConfigFinder().for_path(Path.cwd() / "-").config.packs)
    except ConfigError:
        return []


def _find(rule_id: str, extra=()):
    packs = _packs(list(extra) + _config_packs())
    rule = next((r for p in packs for r in p.rules if r.id == rule_id), None)
    if rule is None:
        _fail(f"no rule {rule_id!r}; see `copydesk rules list`")
    return rule


@rules_app.command("list")
def rules_list(
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    pack: Annotated[list[str], typer.Option("--pack", help="Extra pack files to include.")] = [],
):
    """Every rule with its pack, severity and example counts."""
    from .ruledocs import rules_json, rules_table

    _choice("--format", fmt, ("text", "json"))
    packs = _packs(pack)
    typer.echo(rules_json(packs) if fmt == "json" else rules_table(packs))


def _packs(extra):
    from .packs import PackError, load_packs

    try:
        return load_packs(tuple(dict.fromkeys(str(Path(p).resolve()) for p in extra)))
    except PackError as exc:
        _fail(str(exc))


@rules_app.command("show")
def rules_show(rule_id: str,
               pack: Annotated[list[str], typer.Option("--pack", help="Extra pack files (house rules).")] = []):
    """The rule doc for one rule (same as `copydesk explain`)."""
    from .ruledocs import rule_text

    typer.echo(rule_text(_find(rule_id, pack)))


@rules_app.command("test")
def rules_test(pack_files: Annotated[Optional[list[str]], typer.Argument(help="Pack files; default: built-in packs.")] = None):
    """Run the examples in pack files and report failures like a test runner."""
    from .packs import PackError
    from .ruletest import run_pack_tests

    try:
        passed, failures = run_pack_tests([str(Path(p).resolve()) for p in pack_files or []])
    except PackError as exc:
        _fail(str(exc))
    for failure in failures:
        typer.echo(f"FAIL {failure}")
    typer.echo(f"{passed} passed, {len(failures)} failed")
    raise typer.Exit(1 if failures else 0)


@rules_app.command("docs")
def rules_docs(
    output: Annotated[str, typer.Option("--output", help="Where to write the reference.")] = "docs/rules.md",
    check_only: Annotated[bool, typer.Option("--check", help="Exit 1 if the file is stale.")] = False,
):
    """Generate the rules reference (docs/rules.md) from the packs."""
    from .ruledocs import rules_markdown

    text = rules_markdown(_packs([]))
    path = Path(output)
    if check_only:
        current = path.read_text("utf-8") if path.exists() else ""
        if current != text:
            _fail(f"{output} is stale; run `copydesk rules docs`", 1)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    typer.echo(f"wrote {output}")


@app.command()
def init(force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False):
    """Write a commented starter .copydesk.toml and a starter house pack."""
    from .starter import write_starters

    try:
        for path in write_starters(Path.cwd(), force=force):
            typer.echo(f"wrote {path}")
    except FileExistsError as exc:
        _fail(f"{exc} exists; use --force to overwrite")


@grammar_app.command("install")
def grammar_install():
    """Provision a local LanguageTool (from its download, or Maven Central)."""
    from .grammar_cli import install_command

    raise typer.Exit(install_command())


@grammar_app.command("status")
def grammar_status(url: Annotated[Optional[str], typer.Option("--grammar-url")] = None):
    """What is installed, its version, and whether a server answers."""
    from .grammar_cli import status_command

    raise typer.Exit(status_command(url))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind (default loopback only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8081,
    grammar_url: Annotated[Optional[str], typer.Option("--grammar-url", help="Forward to this LanguageTool too.")] = None,
    config: ConfigOpt = None,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
):
    """Serve a LanguageTool-compatible HTTP API (/v2/check) with newsroom guidance."""
    from .configfile import ConfigError, load_config_file

    try:
        from .serve import serve as run_server
    except ImportError as exc:
        _fail(f"copydesk serve needs its extra: pip install 'copydesk[serve]' ({exc.name} is missing)")

    cfg = None
    if config:
        try:
            cfg = load_config_file(Path(config)).config
        except ConfigError as exc:
            _fail(str(exc))
    run_server(host=host, port=port, config=cfg, grammar_url=grammar_url, workers=workers)


# Commands a pre-commit hook runs. typer inspects the signature of every
# registered command when it builds the CLI (~10 ms here); running one of these
# builds an app holding just that command, with the same callback and options.
_HOT_COMMANDS = ("check", "fix")


def _app_for(argv: list[str]) -> typer.Typer:
    if len(argv) < 2 or argv[1] not in _HOT_COMMANDS or any(
            a.startswith(("--install-completion", "--show-completion")) for a in argv):
        return app
    info = next(i for i in app.registered_commands
                if (i.name or i.callback.__name__) == argv[1])
    single = typer.Typer(add_completion=False, **_APP_SETTINGS)
    single.callback()(_root)
    single.registered_commands.append(info)
    return single


def main() -> None:
    from ._typer_fast import install

    install()
    _app_for(sys.argv)()


if __name__ == "__main__":  # pragma: no cover
    main()
