"""`copydesk init` (starter files) and `copydesk serve` (the HTTP API)."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from .options import ConfigOpt, fail


def init(force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False):
    """Write a commented starter .copydesk.toml and a starter house pack."""
    from ..inputs.files import ReadError
    from ..workspace.starter import write_starters

    try:
        for path in write_starters(Path.cwd(), force=force):
            typer.echo(f"wrote {path}")
    except ReadError as exc:  # OutputRefused, or a read-only file
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write the starter files ({exc.strerror or exc})")


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
