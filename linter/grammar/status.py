"""``copydesk grammar status``: what is installed, and whether a LanguageTool
server answers (re-exported by :mod:`linter.grammar.install`)."""

from __future__ import annotations

import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .errors import GrammarUnavailable
from .runtime import DEFAULT_VERSION, default_cache_dir, find_install, java_version


@dataclass(frozen=True)
class GrammarStatus:
    """What ``copydesk grammar status`` prints."""

    cache_dir: str
    installed: bool
    version: str | None
    source: str | None
    home: str | None
    java: str | None  # "17.0.15", or None when no java was found
    maven: str | None  # path of mvn, or None
    url: str | None  # the server that was probed
    server_answers: bool | None  # None: not probed
    startup_seconds: float | None
    rss_mb: float | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def status(
    cache_dir: str | os.PathLike | None = None,
    *,
    url: str | None = None,
    probe: bool = True,
    version: str = DEFAULT_VERSION,
) -> GrammarStatus:
    """Report what is installed and whether a LanguageTool server answers.

    With ``url`` only that server is probed (its health check). Otherwise, when
    ``probe`` is true and an install exists, a server is started, timed and
    stopped again, so this takes a few seconds.
    """
    cache = Path(cache_dir) if cache_dir else default_cache_dir()
    info = find_install(cache, version)
    answers = seconds = rss = None
    probed_url = url
    message = ""
    if url:
        from .server import healthcheck, normalise_url

        probed_url = normalise_url(url)
        answers = healthcheck(probed_url, timeout=5.0)
        message = f"LanguageTool at {probed_url} " + ("answers" if answers else "does not answer")
    elif info and probe:
        from .server import LocalServer

        try:
            srv = LocalServer.start(info)
        except GrammarUnavailable as exc:
            answers, message = False, f"installed, but the server did not start: {exc.reason}"
        else:
            try:
                answers, probed_url = True, srv.url
                seconds = round(srv.startup_seconds, 2)
                rss_bytes = srv.rss_bytes()
                rss = round(rss_bytes / 2**20, 1) if rss_bytes else None
                message = f"LanguageTool {info.version} started in {seconds} s and answers"
            finally:
                srv.stop()
    elif info:
        message = f"LanguageTool {info.version} is installed (server not probed)"
    else:
        message = "LanguageTool is not installed: run `copydesk grammar install`"
    return GrammarStatus(
        cache_dir=str(cache),
        installed=info is not None,
        version=info.version if info else None,
        source=info.source if info else None,
        home=str(info.home) if info else None,
        java=java_version(),
        maven=shutil.which("mvn"),
        url=probed_url,
        server_answers=answers,
        startup_seconds=seconds,
        rss_mb=rss,
        message=message,
    )
