"""`copydesk init` (starter files), `copydesk serve` (the HTTP API) and `copydesk lsp` (editors)."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from .options import ConfigOpt, choice, fail


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


LOG_LEVELS = ("critical", "error", "warning", "info", "debug", "trace")


def serve(
    host: Annotated[
        str, typer.Option(metavar="ADDRESS", help="Address to bind (default loopback only).")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(metavar="PORT", help="Port; 0 picks a free one and prints it.", min=0, max=65535)
    ] = 8081,
    grammar_url: Annotated[
        Optional[str], typer.Option("--grammar-url", metavar="URL", help="Forward to this LanguageTool too.")
    ] = None,
    config: ConfigOpt = None,
    workers: Annotated[int, typer.Option(metavar="N", help="Worker processes.", min=1)] = 1,
    max_text_length: Annotated[
        int,
        typer.Option("--max-text-length", metavar="CHARS", min=1, help="Longest text one request may check."),
    ] = 20_000,
    timeout: Annotated[
        float,
        typer.Option(
            metavar="SECONDS", min=0.1, help="Bound on one /v2/check, upload and LanguageTool call included."
        ),
    ] = 10.0,
    log_level: Annotated[
        str,
        typer.Option(
            "--log-level", metavar="[" + "|".join(LOG_LEVELS) + "]", help="Server log detail (stderr)."
        ),
    ] = "info",
    access_log: Annotated[
        bool,
        typer.Option(
            "--access-log/--no-access-log",
            help="Log each request line. Off by default: LT clients may put the draft in the URL.",
        ),
    ] = False,
):
    """Serve a LanguageTool-compatible HTTP API (/v2/check) with newsroom guidance."""
    from ..workspace.configfile import ConfigError, load_config_file

    choice("--log-level", log_level, LOG_LEVELS)
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
    run_server(
        host=host,
        port=port,
        config=cfg,
        grammar_url=grammar_url,
        workers=workers,
        max_chars=max_text_length,
        timeout=timeout,
        log_level=log_level,
        access_log=access_log,
    )


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
