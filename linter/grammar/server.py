"""One LanguageTool server per process: started lazily, bounded, never left running.

We start the JVM ourselves instead of letting ``language_tool_python.LanguageTool()``
do it: its start-up walks ~900 ports with a 15 s wait each when the JVM is slow
or dies, and leaves slow JVMs running. Here one free port is picked, the health
check is polled until a deadline, and the process is stopped at exit (atexit,
and on Linux the kernel's parent-death signal as a backstop).
"""

from __future__ import annotations

import atexit
import json
import os
import shlex
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from .errors import GrammarUnavailable

# Seconds from spawning the JVM to a warmed-up server (first check included).
START_TIMEOUT = float(os.environ.get("COPYDESK_GRAMMAR_START_TIMEOUT", "60"))
# Heap cap: LanguageTool without n-gram data is comfortable in 1 GiB; without a
# cap the JVM may reserve a quarter of the machine's memory.
DEFAULT_JAVA_OPTS = "-Xmx1g -XX:+UseSerialGC"
_PORT_ATTEMPTS = 3  # only for the race where another process takes our free port


def normalise_url(url: str) -> str:
    """``http://h:p``, ``http://h:p/`` and ``http://h:p/v2/`` all mean the server at ``http://h:p``."""
    url = url.strip().rstrip("/")
    return url[:-3] if url.endswith("/v2") else url


def healthcheck(url: str, timeout: float = 2.0) -> bool:
    """True when the server at ``url`` answers ``/v2/healthcheck`` (or, behind
    proxies that hide it, ``/v2/languages``) with 200."""
    for path in ("/v2/healthcheck", "/v2/languages"):
        try:
            with urllib.request.urlopen(f"{normalise_url(url)}{path}", timeout=timeout) as r:
                if r.status == 200:
                    return True
        except urllib.error.HTTPError:
            continue
        except (OSError, ValueError):
            return False
    return False


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    # PR_SET_PDEATHSIG: the kernel sends SIGTERM to the JVM if we die without
    # running atexit (SIGKILL, SIGTERM). Runs in the child between fork and exec.
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
    except Exception:
        pass


class LocalServer:
    """A LanguageTool HTTP server process on 127.0.0.1 that we own."""

    def __init__(self, proc: subprocess.Popen, url: str, log_path: Path, startup_seconds: float):
        self.proc = proc
        self.url = url
        self.log_path = log_path
        self.startup_seconds = startup_seconds  # spawn -> health check answers
        self.warmup_seconds: float | None = None  # first check (rules load lazily)

    @classmethod
    def start(
        cls, info, *, timeout: float = START_TIMEOUT, java: str | None = None, java_opts: str | None = None
    ) -> LocalServer:
        """Start LanguageTool from an :class:`~linter.grammar.install.InstallInfo`."""
        from .runtime import MAIN_CLASS, java_executable

        java = java or java_executable()
        if not java:
            raise GrammarUnavailable("Java was not found (LanguageTool needs Java 17+)")
        opts = shlex.split(
            java_opts if java_opts is not None else os.environ.get("COPYDESK_LT_JAVA_OPTS", DEFAULT_JAVA_OPTS)
        )
        return cls.spawn(
            lambda port: [java, *opts, "-cp", info.classpath, MAIN_CLASS, "--port", str(port)],
            timeout=timeout,
        )

    @classmethod
    def spawn(cls, argv: Callable[[int], list[str]], *, timeout: float = START_TIMEOUT) -> LocalServer:
        """Run ``argv(port)`` and wait for its health check; raise GrammarUnavailable
        (after killing it) when it exits or is not ready within ``timeout`` seconds."""
        start = time.monotonic()
        deadline = start + timeout
        main_thread = threading.current_thread() is threading.main_thread()
        for attempt in range(_PORT_ATTEMPTS):
            port = _free_port()
            url = f"http://127.0.0.1:{port}"
            log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - outlives this block; closed in stop()
                prefix="copydesk-languagetool-", suffix=".log", delete=False
            )
            try:
                proc = subprocess.Popen(
                    argv(port),
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # Ctrl-C goes to us; we stop it in order
                    # pdeathsig follows the spawning *thread*, so only from the main one
                    preexec_fn=_die_with_parent if main_thread and sys.platform == "linux" else None,
                )
            except OSError as exc:
                os.unlink(log.name)
                raise GrammarUnavailable(f"could not run LanguageTool: {exc}") from None
            finally:
                log.close()
            server = cls(proc, url, Path(log.name), 0.0)
            while True:
                if proc.poll() is not None:
                    tail, clash = server.log_tail(), "Address already in use" in server.log_tail(1000)
                    server.stop()
                    if clash and attempt + 1 < _PORT_ATTEMPTS:
                        break  # lost the port race: try another port
                    raise GrammarUnavailable(
                        f"LanguageTool exited during start-up (code {proc.returncode}): {tail or 'no output'}"
                    )
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    server.stop()
                    raise GrammarUnavailable(f"LanguageTool did not start within {timeout:g} s")
                if healthcheck(url, timeout=min(1.0, remaining)):
                    server.startup_seconds = time.monotonic() - start
                    return server
                time.sleep(min(0.1, max(0.0, deadline - time.monotonic())))
        raise GrammarUnavailable("LanguageTool could not get a free port")  # pragma: no cover

    def warm_up(self, locale: str, timeout: float) -> None:
        """One tiny check so rule loading happens inside the start-up bound."""
        body = urllib.parse.urlencode({"language": locale, "text": "Warm up."}).encode()
        t0 = time.monotonic()
        try:
            with urllib.request.urlopen(f"{self.url}/v2/check", body, timeout=max(timeout, 0.1)) as r:
                json.load(r)
        except urllib.error.HTTPError as exc:
            # Wrong locale and the like: the server works, the request does not.
            raise GrammarUnavailable(
                f"LanguageTool refused {locale!r}: {exc.read().decode(errors='replace').strip()[:200]}"
            ) from None
        except (OSError, ValueError) as exc:
            self.stop()
            raise GrammarUnavailable(
                f"LanguageTool did not answer its first check within {timeout:.0f} s ({exc})"
            ) from None
        self.warmup_seconds = time.monotonic() - t0

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def rss_bytes(self) -> int | None:
        """Resident memory of the JVM (Linux /proc), or None where unknown."""
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return None

    def log_tail(self, lines: int = 1) -> str:
        try:
            text = self.log_path.read_text(errors="replace").strip().splitlines()
        except OSError:
            return ""
        # Java prints the cause last; a one-line reason is what stderr shows.
        picked = [l.strip() for l in text if l.strip() and not l.startswith(("\tat ", "\t..."))]
        return " | ".join(picked[-lines:])

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 5 s; removes the log."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        try:
            self.log_path.unlink()
        except OSError:
            pass


_lock = threading.Lock()
_server: LocalServer | None = None
_failure: str | None = None  # a failed start is not retried for every file


def ensure_server(
    url: str | None = None, *, cache_dir=None, locale: str = "en-US", start_timeout: float | None = None
) -> str:
    """Base URL of a LanguageTool to send checks to.

    A configured ``url`` is returned as is: nothing is installed or started.
    Otherwise this process's local server is started on first use (bounded by
    ``start_timeout``, default ``$COPYDESK_GRAMMAR_START_TIMEOUT`` or 60 s) and
    reused. Raises GrammarUnavailable with a one-line reason.
    """
    global _server, _failure
    if url:
        return normalise_url(url)
    with _lock:
        if _server is not None and _server.alive():
            return _server.url
        if _failure:
            raise GrammarUnavailable(_failure)
        from .runtime import find_install

        info = find_install(cache_dir)
        if info is None:
            raise GrammarUnavailable(
                "LanguageTool is not installed: run `copydesk grammar install` "
                "or set [tool.copydesk.grammar] url"
            )
        timeout = START_TIMEOUT if start_timeout is None else start_timeout
        t0 = time.monotonic()
        try:
            _server = LocalServer.start(info, timeout=timeout)
        except GrammarUnavailable as exc:
            _failure = exc.reason
            raise
        try:
            _server.warm_up(locale, timeout - (time.monotonic() - t0))
        except GrammarUnavailable as exc:
            if not _server.alive():  # too slow: stopped; a bad locale leaves it usable
                _server, _failure = None, exc.reason
            raise
        return _server.url


def current() -> LocalServer | None:
    """This process's running local server, if any (for stats and benchmarks)."""
    return _server if _server is not None and _server.alive() else None


def stats() -> dict | None:
    """pid, url, start-up and warm-up seconds and RSS of the local server, if running."""
    srv = current()
    if srv is None:
        return None
    rss = srv.rss_bytes()
    return {
        "pid": srv.pid,
        "url": srv.url,
        "startup_seconds": round(srv.startup_seconds, 3),
        "warmup_seconds": None if srv.warmup_seconds is None else round(srv.warmup_seconds, 3),
        "rss_mb": None if rss is None else round(rss / 2**20, 1),
    }


def shutdown() -> None:
    """Stop this process's server (idempotent) and forget a failed start."""
    global _server, _failure
    with _lock:
        if _server is not None:
            _server.stop()
            _server = None
        _failure = None


atexit.register(shutdown)
