"""Bounded load test of ``copydesk serve`` on loopback.

Starts a server on a free port (or uses ``--url``), sends ``--requests`` POST
/v2/check requests from ``--clients`` threads, each on its own keep-alive
connection (as an editor plugin would), then stops. A request counts as an
error unless it answers 200 with LanguageTool JSON holding the expected rule.
Prints latency p50/p95/p99 and requests/s; recorded in docs/serve.md.

``--selections`` gives every request a random rule selection (disabledRules,
enabledRules, categories, enabledOnly) and reports the server's RSS after each
round: it must stay flat. ``--slow-clients N`` then opens N sockets that send
half a request head and never finish it, and measures how long a normal request
takes to get through (the server's head timeout frees the slots). ``--burst N``
sends N requests at the 20,000-character limit at once and reports the largest
answer and the server's RSS after.

Usage: python benchmarks/serve_load.py [--requests 2000] [--clients 8] [--workers 1]
       [--selections] [--rounds 5] [--burst 100] [--slow-clients 130] [--json]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULE = "COPYDESK_SUICIDE_COMMIT_SUICIDE"
# (text, rule id expected among the matches or None): short edits and a paragraph.
TEXTS = [
    ("The singer committed suicide in 2019.", RULE),
    ("😀 Police said he had committed suicide after a long illness.", RULE),
    (
        "The council met on Tuesday to discuss the budget for the coming year. Members "
        "agreed to fund two new libraries and a swimming pool, and to review parking "
        "charges in the town centre. The leader said the plan would be published next "
        "month, after a consultation with residents and local businesses. ",
        None,
    ),
    (
        "Friends said the musician, who committed suicide last spring, had spoken openly "
        "about depression. The family asked for privacy. " * 3,
        RULE,
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerURL(str):
    """A server's base URL that also carries the pid of the process serving it."""

    pid: int

    def __new__(cls, url: str, pid: int):
        self = super().__new__(cls, url)
        self.pid = pid
        return self


@contextlib.contextmanager
def spawn_server(
    *,
    workers: int = 1,
    packs: tuple[str, ...] = (),
    grammar_url: str | None = None,
    timeout: float | None = None,
    ready_within: float = 60.0,
    **limits: float,
):
    """Run ``serve()`` in a child process on a free loopback port; yields its base URL
    (a :class:`ServerURL`, which knows the server's pid).

    ``limits`` are serve()'s other keyword arguments (max_matches, head_timeout, ...)."""
    port = free_port()
    code = (
        "import sys, json; from linter import Config; from linter.serve import serve; "
        "a = sys.argv; serve(port=int(a[1]), workers=int(a[2]), "
        "config=Config(packs=tuple(p for p in a[3].split('|') if p)), "
        "grammar_url=a[4] or None, timeout=float(a[5]) or None, log_level='warning', "
        "**json.loads(a[6]))"
    )
    args = [
        sys.executable,
        "-c",
        code,
        str(port),
        str(workers),
        "|".join(packs),
        grammar_url or "",
        str(timeout or 0),
        json.dumps(limits),
    ]
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a full pipe would stall the server
        proc = subprocess.Popen(args, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(proc, url, ready_within, log)
            yield ServerURL(url, proc.pid)
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_ready(proc, url: str, within: float, log) -> None:
    stop = time.monotonic() + within
    while time.monotonic() < stop:
        if proc.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read().decode()[-3000:]}")
        with contextlib.suppress(OSError):  # noqa: SIM117 - suppress wraps the open too
            with urllib.request.urlopen(f"{url}/v2/healthcheck", timeout=1) as r:
                if r.read() == b"OK":
                    return
        time.sleep(0.1)
    raise RuntimeError(f"server at {url} not ready within {within} s")


def random_selection(rng, rules: list[str], packs: list[str]) -> dict[str, str]:
    """Rule switches as an LT client might send them, drawn at random."""
    if rng.random() < 0.3:
        return {"enabledOnly": "true", "enabledRules": ",".join(rng.sample(rules, rng.randint(1, 20)))}
    return {
        "disabledRules": ",".join(rng.sample(rules, rng.randint(0, 40))),
        "disabledCategories": ",".join(rng.sample(packs, rng.randint(0, 3))),
        "enabledRules": ",".join(rng.sample(rules, rng.randint(0, 5))),
    }


def selection_bodies(count: int, seed: int = 0) -> list[tuple[bytes, str | None]]:
    """``count`` request bodies, each with its own random rule selection."""
    import random

    sys.path.insert(0, str(ROOT))
    from linter import Config
    from linter.engine import get_engine

    rules = sorted(r.id for r in get_engine(Config()).all_rules)
    packs = sorted({r.split(".")[0] for r in rules})
    rng = random.Random(seed)
    out = []
    for i in range(count):
        text, _ = TEXTS[i % len(TEXTS)]
        fields = {"language": rng.choice(["en-US", "en-GB"]), "text": text}
        out.append((urllib.parse.urlencode({**fields, **random_selection(rng, rules, packs)}).encode(), None))
    return out


def rss_mb(pid: int) -> float:
    """Resident memory of a process (Linux /proc), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def slow_clients(url: str, count: int, timeout: float = 60.0) -> dict:
    """Open ``count`` sockets that send half a request head, then time how long a
    normal request takes to be answered 200."""
    parts = urllib.parse.urlsplit(url)
    socks = []
    for _ in range(count):
        s = socket.create_connection((parts.hostname, parts.port), timeout=10)
        s.sendall(b"POST /v2/check HTTP/1.1\r\nHost: x\r\nContent-Ty")
        socks.append(s)
    body = urllib.parse.urlencode({"language": "en-US", "text": TEXTS[0][0]}).encode()
    t0 = time.perf_counter()
    tries, status = 0, None
    while time.perf_counter() - t0 < timeout:
        tries += 1
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        try:
            conn.request("POST", "/v2/check", body, {"Content-Type": "application/x-www-form-urlencoded"})
            resp = conn.getresponse()
            resp.read()
            status = resp.status
        except (OSError, http.client.HTTPException):
            status = None
        finally:
            conn.close()
        if status == 200:
            break
        time.sleep(0.05)
    for s in socks:
        s.close()
    return {
        "slow_clients": count,
        "served_after_s": round(time.perf_counter() - t0, 2) if status == 200 else None,
        "tries": tries,
    }


LONG_TEXT = ("He committed suicide " * 950)[:20_000]  # the character limit, a finding every 21


def burst(url: str, count: int, pid: int | None) -> dict:
    """``count`` requests at the 20,000-character limit at once, each on its own
    connection: answer sizes, statuses and the server's RSS after."""
    parts = urllib.parse.urlsplit(url)
    body = urllib.parse.urlencode({"language": "en-US", "text": LONG_TEXT}).encode()
    results: list[tuple[int, int]] = []

    def one() -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        conn.request("POST", "/v2/check", body, {"Content-Type": "application/x-www-form-urlencoded"})
        resp = conn.getresponse()
        results.append((resp.status, len(resp.read())))
        conn.close()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=one) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {
        "burst": count,
        "burst_request_bytes": len(body),
        "burst_statuses": sorted({status for status, _ in results}),
        "burst_max_answer_bytes": max(size for _, size in results),
        "burst_seconds": round(time.perf_counter() - t0, 1),
        "burst_rss_mb_after": rss_mb(pid) if pid else None,
    }


def run_load(url: str, total: int = 2000, clients: int = 8, texts=TEXTS, bodies=None) -> dict:
    """Send ``total`` requests from ``clients`` threads; returns counts and latencies (ms).
    ``bodies`` (``[(form bytes, expected rule or None)]``) replaces ``texts``."""
    host, port = urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port
    if bodies is None:
        bodies = [(urllib.parse.urlencode({"language": "en-US", "text": t}).encode(), r) for t, r in texts]
    lock = threading.Lock()
    next_index = iter(range(total))
    latencies: list[float] = []
    errors: list[str] = []

    def client() -> None:
        conn = http.client.HTTPConnection(host, port, timeout=30)
        while True:
            with lock:
                i = next(next_index, None)
            if i is None:
                break
            body, rule = bodies[i % len(bodies)]
            t0 = time.perf_counter()
            problem = None
            try:
                conn.request("POST", "/v2/check", body, {"Content-Type": "application/x-www-form-urlencoded"})
                resp = conn.getresponse()
                data = resp.read()
                if resp.status != 200:
                    problem = f"HTTP {resp.status}: {data[:200]!r}"
                else:
                    ids = [m["rule"]["id"] for m in json.loads(data)["matches"]]
                    if rule and rule not in ids:
                        problem = f"{rule} missing from {ids}"
            except (OSError, http.client.HTTPException, ValueError, KeyError) as exc:
                problem = f"{type(exc).__name__}: {exc}"
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(elapsed)
                if problem:
                    errors.append(problem)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    latencies.sort()

    def pct(q: float) -> float:
        return round(latencies[max(0, math.ceil(q * len(latencies)) - 1)], 2) if latencies else 0.0

    return {
        "requests": len(latencies),
        "clients": clients,
        "errors": len(errors),
        "error_samples": errors[:5],
        "seconds": round(seconds, 3),
        "requests_per_second": round(len(latencies) / seconds, 1) if seconds else 0.0,
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "max_ms": pct(1.0),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", help="an already running server (default: start one)")
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--workers", type=int, default=1, help="server worker processes")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    ap.add_argument("--selections", action="store_true", help="a random rule selection per request")
    ap.add_argument("--rounds", type=int, default=5, help="with --selections: rounds of --requests")
    ap.add_argument("--slow-clients", type=int, default=0, help="then this many half-sent heads")
    ap.add_argument("--burst", type=int, default=0, help="then this many 20,000-character requests at once")
    ap.add_argument("--head-timeout", type=float, default=None, help="the server's (default 10 s)")
    args = ap.parse_args(argv)
    limits = {"head_timeout": args.head_timeout} if args.head_timeout else {}
    with (
        contextlib.nullcontext(args.url) if args.url else spawn_server(workers=args.workers, **limits) as url
    ):
        run_load(url, total=min(50, args.requests), clients=args.clients)  # warm-up
        pid = getattr(url, "pid", None)
        if args.selections:
            rss = [rss_mb(pid)] if pid and args.workers == 1 else []
            for n in range(args.rounds):
                bodies = selection_bodies(args.requests, seed=n)
                result = run_load(url, total=args.requests, clients=args.clients, bodies=bodies)
                if rss:
                    rss.append(rss_mb(pid))
            result.update(rounds=args.rounds, rss_mb=rss)
        else:
            result = run_load(url, total=args.requests, clients=args.clients)
        if args.burst:
            result.update(burst(url, args.burst, pid if args.workers == 1 else None))
        if args.slow_clients:
            result.update(slow_clients(url, args.slow_clients))
    result.update(
        workers=None if args.url else args.workers, cpus=os.cpu_count(), python=sys.version.split()[0]
    )
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"{result['requests']} requests, {result['clients']} clients, "
            f"{args.workers} worker(s), {result['cpus']} CPUs: {result['errors']} errors, "
            f"{result['requests_per_second']} req/s, p50 {result['p50_ms']} ms, "
            f"p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms, max {result['max_ms']} ms"
        )
        if "rss_mb" in result:
            print(f"  server RSS (MB) before and after each of {result['rounds']} rounds: {result['rss_mb']}")
        if "burst" in result:
            print(
                f"  {result['burst']} requests of {result['burst_request_bytes']} bytes at once: "
                f"HTTP {result['burst_statuses']}, answers up to {result['burst_max_answer_bytes']} bytes, "
                f"{result['burst_seconds']} s, server RSS after {result['burst_rss_mb_after']} MB"
            )
        if "slow_clients" in result:
            print(
                f"  {result['slow_clients']} half-sent heads: a normal request answered after "
                f"{result['served_after_s']} s ({result['tries']} tries)"
            )
        for sample in result["error_samples"]:
            print("  error:", sample)
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
