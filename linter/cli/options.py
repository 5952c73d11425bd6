"""Options shared by commands, and the one way a command fails (exit 2).

Every option that takes a value names it in --help (``--select RULE``,
``--format [rich|concise|json|sarif|github]``) and completes it in the shell.
The values stay plain ``str`` parameters validated by :func:`choice`: a typer
``Choice`` would be coerced through pydantic on every start-up (typer_fast.py).
"""

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..inputs.extract import TEXT_KINDS
from ..report import FORMATS

FAIL_LEVELS = ("error", "warning", "suggestion")
LOCALES = ("en-GB", "en-US")
QUOTE_POLICIES = ("note", "ignore", "flag")


def fail(message: str, code: int = 2):
    typer.echo(f"copydesk: {message}", err=True)
    raise typer.Exit(code)


def choice(name: str, value: Optional[str], choices) -> Optional[str]:
    if value is not None and value not in choices:
        import difflib

        near = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        fail(f"{name} must be one of {', '.join(choices)}, not {value!r}{hint}")
    return value


def split_ids(values: list[str]) -> tuple[str, ...]:
    return tuple(i.strip() for v in values for i in v.split(",") if i.strip())


def metavar(choices) -> str:
    return "[" + "|".join(choices) + "]"


def complete_from(choices):
    """A shell-completion callback offering ``choices`` that start with what was typed."""

    def complete(incomplete: str) -> list[str]:
        return [c for c in choices if c.startswith(incomplete)]

    return complete


def _all_ids() -> list[str]:
    from ..packs import PackError, load_packs

    try:
        packs = load_packs()
    except PackError:  # a completion must never print a traceback into the shell
        return []
    return [p.id for p in packs] + [r.id for p in packs for r in p.rules]


def complete_ids(incomplete: str) -> list[str]:
    """Rule and pack ids for --select/--ignore/--enable; after a comma, the next id."""
    head, _, last = incomplete.rpartition(",")
    prefix = head + "," if head else ""
    return [prefix + i for i in _all_ids() if i.startswith(last)]


def complete_rules(incomplete: str) -> list[str]:
    """Rule ids, and bare rule names (``commit-suicide``) for explain and rules show."""
    ids = [i for i in _all_ids() if "." in i]
    return [i for i in ids if i.startswith(incomplete)] or [
        i.split(".", 1)[1] for i in ids if i.split(".", 1)[1].startswith(incomplete)
    ]


Select = Annotated[
    list[str],
    typer.Option(
        "--select",
        metavar="RULE",
        autocompletion=complete_ids,
        help="Only these rule or pack ids (repeat or comma-separate).",
    ),
]
Ignore = Annotated[
    list[str],
    typer.Option(
        "--ignore", metavar="RULE", autocompletion=complete_ids, help="Skip these rule or pack ids."
    ),
]
Enable = Annotated[
    list[str],
    typer.Option(
        "--enable",
        metavar="RULE",
        autocompletion=complete_ids,
        help="Turn on house-style switches (rules off by default).",
    ),
]
ConfigOpt = Annotated[
    Optional[str], typer.Option("--config", metavar="FILE", help="Use this config file instead of discovery.")
]
Locale = Annotated[
    Optional[str],
    typer.Option(
        "--locale",
        metavar=metavar(LOCALES),
        autocompletion=complete_from(LOCALES),
        help="Spellings and helplines of this locale.",
    ),
]
Quotes = Annotated[
    Optional[str],
    typer.Option(
        "--quotes",
        metavar=metavar(QUOTE_POLICIES),
        autocompletion=complete_from(QUOTE_POLICIES),
        help="Findings in direct quotes: a note (default), none, or flagged as outside quotes.",
    ),
]
FailOn = Annotated[
    Optional[str],
    typer.Option(
        "--fail-on",
        metavar=metavar(FAIL_LEVELS),
        autocompletion=complete_from(FAIL_LEVELS),
        help="Lowest severity that fails (default: warning).",
    ),
]
Packs = Annotated[
    list[str], typer.Option("--pack", metavar="FILE", help="Extra rule pack file (house rules).")
]
Paths = Annotated[
    Optional[list[str]], typer.Argument(metavar="PATH", help="Files, directories, or - for stdin.")
]
OutputFormat = Annotated[
    Optional[str],
    typer.Option(
        "--format",
        metavar=metavar(FORMATS),
        autocompletion=complete_from(FORMATS),
        help="Report format (default: rich on a terminal, concise otherwise).",
    ),
]
FormatAs = Annotated[
    Optional[str],
    typer.Option(
        "--format-as",
        metavar=metavar(TEXT_KINDS),
        autocompletion=complete_from(TEXT_KINDS),
        help="Read files as this kind, whatever their suffix.",
    ),
]
StdinFilename = Annotated[
    Optional[str],
    typer.Option("--stdin-filename", metavar="NAME", help="Name for stdin: picks the format and config."),
]
FollowLinks = Annotated[
    bool,
    typer.Option(
        "--follow-links",
        help="Follow symlinks out of the directories walked (and fix a named symlink's target anywhere).",
    ),
]


def cli_overrides(
    select, ignore, locale, quotes, enable=(), packs=(), no_inline=False, show_silenced=False
) -> dict:
    out: dict = {}
    if select:
        out["select"] = split_ids(select)
    if ignore:
        out["ignore"] = split_ids(ignore)
    if enable:
        out["enable"] = split_ids(enable)
    if locale:
        out["locale"] = choice("--locale", locale, LOCALES)
    if quotes:
        out["quotes"] = choice("--quotes", quotes, QUOTE_POLICIES)
    if packs:
        out["packs"] = tuple(str(Path(p).resolve()) for p in packs)
    if no_inline:
        out["inline_config"] = False
    if show_silenced:
        out["show_silenced"] = True
    return out
