"""`copydesk init` (starter files), `copydesk serve` (the HTTP API) and `copydesk lsp` (editors)."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from .options import ConfigOpt, fail


def init(force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False):
    """Write a commented starter .copydesk.toml and a starter house pack."""
    from ..workspace.starter import write_starters

    try:
        for path in write_starters(Path.cwd(), force=force):
            typer.echo(f"wrote {path}")
    except FileExistsError as exc:
        fail(f"{exc} exists; use --force to overwrite")


def serve(
    host: Annotated[str, typer.Option(help="Address to bind (default loopback only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8081,
    grammar_url: Annotated[
        Optional[str], typer.Option("--grammar-url", help="Forward to this LanguageTool too.")
    ] = None,
    config: ConfigOpt = None,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
):
    """Serve a LanguageTool-compatible HTTP API (/v2/check) with newsroom guidance."""
    from ..workspace.configfile import ConfigError, load_config_file

    try:
        from ..serve import serve as run_server
    except ImportError as exc:
        fail(f"copydesk serve needs its extra: pip install 'copydesk[serve]' ({exc.name} is missing)")

    cfg = None
    if config:
        try:
            cfg = load_config_file(Path(config)).config
        except ConfigError as exc:
            fail(str(exc))
    run_server(host=host, port=port, config=cfg, grammar_url=grammar_url, workers=workers)


def lsp(
    config: ConfigOpt = None,
    baseline: Annotated[
        Optional[str], typer.Option("--baseline", help="Report only findings not in this baseline.")
    ] = None,
    stdio: Annotated[
        bool, typer.Option("--stdio", help="Talk over stdin/stdout (the default and only transport).")
    ] = False,
):
    """Run the language server for editors (LSP over stdio). See docs/editors.md."""
    try:
        import pygls  # noqa: F401
    except ImportError as exc:
        fail(f"copydesk lsp needs its extra: pip install 'copydesk[lsp]' ({exc.name} is missing)")
    from ..lsp import run_stdio

    run_stdio(config=config, baseline=baseline)
