"""`copydesk grammar install|status`: provision and inspect LanguageTool."""

from typing import Annotated, Optional

import typer

from .options import fail


def grammar_install():
    """Provision a local LanguageTool (from its download, or Maven Central)."""
    from ..grammar import InstallError
    from ..grammar.install import install

    try:
        info = install(progress=lambda msg: typer.echo(msg, err=True))
    except InstallError as exc:
        fail(str(exc))
    typer.echo(f"LanguageTool {info.version} ready in {info.home} (from {info.source})")


def grammar_status(url: Annotated[Optional[str], typer.Option("--grammar-url")] = None):
    """What is installed, its version, and whether a server answers."""
    from ..grammar.install import status

    st = status(url=url)
    typer.echo(st.message)
    for key, value in st.to_dict().items():
        if key != "message" and value is not None:
            typer.echo(f"  {key}: {value}")
    raise typer.Exit(0 if (st.installed or st.server_answers) else 1)
