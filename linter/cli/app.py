"""The `copydesk` command line. Thin: parse options, call the engine, report.

Each command group lives in its own module; this one builds the typer app and
registers them. Exit codes: 0 nothing at or above --fail-on; 1 findings at or
above it; 2 usage, config or rule-pack error, or a file that could not be read.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from ..base.version import __version__
from . import audit as audit_cmd
from . import check as check_cmd
from . import fix as fix_cmd
from . import grammar as grammar_cmd
from . import project as project_cmd
from . import rules as rules_cmd
from .typer_fast import plain_help

plain_help()

_APP_SETTINGS: dict[str, Any] = dict(
    name="copydesk",
    help=(
        "Check drafts against sensitive-reporting guidance, with the reason and the source.\n\n"
        "Examples:\n\n  copydesk check story.md\n\n  copydesk check drafts/ --format json\n\n"
        "  copydesk fix story.md --diff\n\n  copydesk explain suicide.commit-suicide"
    ),
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
app = typer.Typer(add_completion=True, **_APP_SETTINGS)
_HELP_NAMES = {"help_option_names": ["-h", "--help"]}
rules_app = typer.Typer(help="List, show and test rules.", no_args_is_help=True, context_settings=_HELP_NAMES)
grammar_app = typer.Typer(
    help="The LanguageTool grammar layer.", no_args_is_help=True, context_settings=_HELP_NAMES
)
app.add_typer(rules_app, name="rules")
app.add_typer(grammar_app, name="grammar")


def _version(value: bool):
    if value:
        typer.echo(f"copydesk {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
):
    """copydesk: an editorial style-guide linter for sensitive reporting."""


app.command()(check_cmd.check)
app.command("fix")(fix_cmd.fix_command)
app.command()(rules_cmd.explain)
rules_app.command("list")(rules_cmd.rules_list)
rules_app.command("show")(rules_cmd.rules_show)
rules_app.command("test")(rules_cmd.rules_test)
rules_app.command("docs", hidden=True)(rules_cmd.rules_docs)  # a maintainer's command
app.command()(project_cmd.init)
grammar_app.command("install")(grammar_cmd.grammar_install)
grammar_app.command("status")(grammar_cmd.grammar_status)
app.command()(project_cmd.serve)
app.command()(project_cmd.lsp)
app.command()(audit_cmd.audit)


# Commands a pre-commit hook runs. typer inspects the signature of every
# registered command when it builds the CLI (~10 ms here); running one of these
# builds an app holding just that command, with the same callback and options.
_HOT_COMMANDS = ("check", "fix")


def _app_for(argv: list[str]) -> typer.Typer:
    if (
        len(argv) < 2
        or argv[1] not in _HOT_COMMANDS
        or any(a.startswith(("--install-completion", "--show-completion")) for a in argv)
    ):
        return app
    info = next(
        i
        for i in app.registered_commands
        if (i.name or (i.callback.__name__ if i.callback is not None else None)) == argv[1]
    )
    single = typer.Typer(add_completion=False, **_APP_SETTINGS)
    single.callback()(_root)
    single.registered_commands.append(info)
    return single


def main() -> None:
    from .typer_fast import install

    install()
    _app_for(sys.argv)()


if __name__ == "__main__":  # pragma: no cover
    main()
