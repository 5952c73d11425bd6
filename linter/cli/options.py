"""Options shared by commands, and the one way a command fails (exit 2)."""

from pathlib import Path
from typing import Annotated, Optional

import typer

FAIL_LEVELS = ("error", "warning", "suggestion")


def fail(message: str, code: int = 2):
    typer.echo(f"copydesk: {message}", err=True)
    raise typer.Exit(code)


def choice(name: str, value: Optional[str], choices) -> Optional[str]:
    if value is not None and value not in choices:
        fail(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def split_ids(values: list[str]) -> tuple[str, ...]:
    return tuple(i.strip() for v in values for i in v.split(",") if i.strip())


Select = Annotated[
    list[str], typer.Option("--select", help="Only these rule or pack ids (repeat or comma-separate).")
]
Ignore = Annotated[list[str], typer.Option("--ignore", help="Skip these rule or pack ids.")]
ConfigOpt = Annotated[
    Optional[str], typer.Option("--config", help="Use this config file instead of discovery.")
]
Locale = Annotated[Optional[str], typer.Option("--locale", help="en-GB or en-US (spellings, helplines).")]
Quotes = Annotated[
    Optional[str], typer.Option("--quotes", help="Findings in direct quotes: note, ignore or flag.")
]
FailOn = Annotated[
    Optional[str], typer.Option("--fail-on", help="Lowest severity that fails: error, warning, suggestion.")
]
FollowLinks = Annotated[
    bool,
    typer.Option(
        "--follow-links",
        help="Follow symlinks out of the directories walked (and fix a named symlink's target anywhere).",
    ),
]
Paths = Annotated[Optional[list[str]], typer.Argument(help="Files, directories, or - for stdin.")]


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
        out["locale"] = choice("--locale", locale, ("en-GB", "en-US"))
    if quotes:
        out["quotes"] = choice("--quotes", quotes, ("note", "ignore", "flag"))
    if packs:
        out["packs"] = tuple(str(Path(p).resolve()) for p in packs)
    if no_inline:
        out["inline_config"] = False
    if show_silenced:
        out["show_silenced"] = True
    return out
