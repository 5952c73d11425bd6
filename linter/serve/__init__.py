"""``copydesk serve``: a LanguageTool-compatible HTTP API with newsroom guidance.

Any client that speaks LanguageTool's ``/v2/check`` (LibreOffice, editor
plugins, language-tool-python's ``remote_server=``) shows copydesk findings.
See docs/serve.md. Starlette and uvicorn are imported only when serving.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from typing import Any

from ..base.config import Config

__all__ = ["serve"]


def serve(
    host: str = "127.0.0.1",
    port: int = 8081,
    config: Config | None = None,
    grammar_url: str | None = None,
    workers: int = 1,
    *,
    max_chars: int | None = None,
    timeout: float | None = None,
    max_matches: int | None = None,
    head_timeout: float | None = None,
    write_timeout: float | None = None,
    log_level: str = "info",
    access_log: bool = False,
) -> None:
    """Serve until interrupted.

    ``workers`` > 1 runs uvicorn's process manager (restarts dead workers); each
    worker builds its own app from the same settings. The access log is off by
    default because LT clients may send text in the query string, and drafts are
    confidential. Pack errors surface here, before the port is bound.
    ``head_timeout``/``write_timeout`` bound a client that sends its headers or
    reads its answer too slowly (linter/serve/protocol.py).
    """
    from functools import partial

    import uvicorn

    from .app import (
        ENV_CONFIG,
        ENV_GRAMMAR_URL,
        ENV_MAX_CHARS,
        ENV_MAX_MATCHES,
        ENV_TIMEOUT,
        config_to_json,
        create_app,
    )
    from .protocol import HEAD_TIMEOUT, WRITE_TIMEOUT, BoundedProtocol

    config = config or Config()
    app = create_app(config, grammar_url, max_chars=max_chars, timeout=timeout, max_matches=max_matches)
    if not _is_loopback(host):
        print(
            f"copydesk serve: listening on {host}, not only this machine: drafts will cross "
            "the network. Put it behind a reverse proxy with TLS and access control.",
            file=sys.stderr,
        )
    options: dict[str, Any] = dict(
        host=host,
        port=port,
        log_level=log_level,
        access_log=access_log,
        proxy_headers=True,
        server_header=False,
        timeout_keep_alive=5,
        limit_concurrency=128,
        timeout_graceful_shutdown=5,
        # A partial, not a class: it pickles into uvicorn's worker processes too.
        http=partial(
            BoundedProtocol,
            head_timeout=head_timeout or HEAD_TIMEOUT,
            write_timeout=write_timeout or WRITE_TIMEOUT,
        ),
    )
    if workers > 1:
        _warn_without_uvloop()
        os.environ.update(
            {
                ENV_CONFIG: config_to_json(config),
                ENV_GRAMMAR_URL: grammar_url or "",
                ENV_MAX_CHARS: str(max_chars or ""),
                ENV_TIMEOUT: str(timeout or ""),
                ENV_MAX_MATCHES: str(max_matches or ""),
            }
        )
        settings = uvicorn.Config("linter.serve.app:create_app", factory=True, workers=workers, **options)
    else:
        settings = uvicorn.Config(app, **options)
    # Bind first, then announce: with --port 0 the system picks the port, and a
    # script (or a test) reads the real one from this line.
    sock = settings.bind_socket()
    print(
        f"copydesk serve: review page at http://{_url_host(host)}:{sock.getsockname()[1]}/, "
        f"LanguageTool API at http://{_url_host(host)}:{sock.getsockname()[1]}/v2/ "
        f"({workers} worker{'s' if workers > 1 else ''}"
        f"{', grammar from ' + grammar_url if grammar_url else ''})",
        file=sys.stderr,
        flush=True,
    )
    _run(settings, sock, workers)


def _run(settings, sock, workers: int) -> None:
    import inspect

    import uvicorn
    from uvicorn.supervisors import Multiprocess

    try:
        if workers <= 1:
            uvicorn.Server(settings).run(sockets=[sock])
        elif "target" in inspect.signature(Multiprocess).parameters:  # uvicorn before 0.36
            Multiprocess(settings, target=uvicorn.Server(settings).run, sockets=[sock]).run()  # type: ignore[call-arg]
        else:
            Multiprocess(settings, sockets=[sock]).run()
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _warn_without_uvloop() -> None:
    # uvicorn's multi-worker listener leaves TCP_NODELAY off under asyncio's own loop
    # (uvicorn issue #3149): each keep-alive request then waits ~40 ms for a delayed
    # ACK. uvloop sets it regardless, so it is a dependency where it installs.
    try:
        import uvloop  # noqa: F401
    except ImportError:
        print(
            "copydesk serve: uvloop is not installed; with several workers each keep-alive "
            "request may wait ~40 ms (uvicorn issue #3149). Install uvloop, or run one "
            "worker per port behind the proxy.",
            file=sys.stderr,
        )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
