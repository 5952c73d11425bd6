"""`copydesk serve` stays safe to leave running (issue 16, points 8-10).

Rule selections cost no automaton and no file; an answer is bounded in matches
and size; a check past its deadline stops; slow or idle clients are timed out by
the real server process, over real sockets.
"""

from __future__ import annotations

import importlib.util
import json
import random
import socket
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter import Config
from linter.engine import CheckTimeout, analyse, check_text, get_engine
from linter.engine import pipeline as pipeline_module
from linter.engine.matching import Scanner
from linter.inputs.extract import extract
from linter.packs import load_slot_classes

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("serve_load", ROOT / "benchmarks" / "serve_load.py")
serve_load = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(serve_load)

SENTENCE = "The singer committed suicide in 2019."
# Many rules from several packs, with nested and overlapping phrases.
STORY = (
    "The singer committed suicide in 2019 after years of mental illness; friends said she "
    "suffered from depression and was wheelchair-bound after the crash. Police called it a "
    "successful suicide. The mother miscarried the baby at 20 weeks, and the illegal immigrant "
    "who was born a boy said the victim was confined to a wheelchair. He is schizophrenic, "
    "a suicide victim's brother said. "
)


def _rule_ids():
    return sorted(r.id for r in get_engine(Config()).all_rules)


def _pack_ids():
    return sorted({r.split(".")[0] for r in _rule_ids()})


def _random_selection(rng: random.Random) -> dict[str, str]:
    rules, packs = _rule_ids(), _pack_ids()
    fields = {"language": rng.choice(["en-US", "en-GB"])}
    if rng.random() < 0.3:
        fields["enabledOnly"] = "true"
        fields["enabledRules"] = ",".join(rng.sample(rules, rng.randint(1, 20)))
    else:
        fields["disabledRules"] = ",".join(rng.sample(rules, rng.randint(0, 40)))
        fields["disabledCategories"] = ",".join(rng.sample(packs, rng.randint(0, 3)))
        fields["enabledRules"] = ",".join(rng.sample(rules, rng.randint(0, 5)))
    return fields


# --- point 8: one scanner per pack set ----------------------------------------------


def _rebuilt_engine(config: Config):
    """What the engine did before: a scanner built from the active rules alone."""
    engine = pipeline_module.Engine(config)
    engine.scanner = Scanner(
        engine.rules, engine.story_types, engine.pairs, engine.names, load_slot_classes()
    )
    engine.by_index = engine.rules
    return engine


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_a_selection_as_a_filter_finds_what_a_scanner_of_its_own_rules_finds(seed):
    rng = random.Random(seed)
    rules, packs = _rule_ids(), _pack_ids()
    config = Config(
        locale=rng.choice(["en-US", "en-GB"]),
        ignore=tuple(sorted(rng.sample(rules, rng.randint(0, 120)) + rng.sample(packs, rng.randint(0, 2)))),
        enable=tuple(sorted(rng.sample(rules, rng.randint(0, 10)))),
    )
    doc = extract(STORY * 2, "text")
    expected = analyse(doc, _rebuilt_engine(config))[0]
    assert check_text(STORY * 2, config=config, kind="text") == expected


def test_new_selections_build_no_scanner_and_write_no_file(tmp_path, monkeypatch):
    get_engine(Config())  # the pack set is built (and cached) once
    built = []
    original = Scanner.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Scanner, "__init__", counting)
    rng = random.Random(7)
    rules = _rule_ids()
    for _ in range(100):
        config = Config(ignore=tuple(sorted(rng.sample(rules, rng.randint(1, 30)))))
        check_text(SENTENCE, config=config)
    assert built == []
    assert get_engine.cache_info().currsize <= get_engine.cache_info().maxsize


AUDIT = r"""
import json, random, sys, uvicorn
from functools import partial
from linter.serve.app import create_app
from linter.serve.protocol import BoundedProtocol
app, armed = create_app(), []
MODULES = (".py", ".pyc", ".so", ".pth", ".typed")
CODE = tuple(p for p in sys.path if p)
def hook(event, args):
    if armed and event in ("open", "os.listdir", "os.scandir", "os.remove", "os.rename", "os.replace",
                           "os.mkdir", "os.link", "os.unlink"):
        path = args[0] if args else None
        if isinstance(path, bytes):
            path = path.decode(errors="replace")
        if not isinstance(path, str):
            return
        if event == "open" and path.endswith(MODULES):
            return
        if event in ("os.listdir", "os.scandir") and path.startswith(CODE):
            return
        sys.stderr.write(f"FILE ACCESS {event} {path!r}\n")
sys.addaudithook(hook)
async def armed_app(scope, receive, send):
    if scope["type"] == "http":
        armed.append(True)
    await app(scope, receive, send)
uvicorn.run(armed_app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning",
            http=partial(BoundedProtocol, head_timeout=5))
"""


def test_random_rule_selections_touch_no_file(tmp_path):
    """docs/serve.md: no endpoint reads or writes a file, whatever rules a request picks."""
    port = serve_load.free_port()
    log = tmp_path / "log.txt"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", AUDIT, str(port)], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    rng = random.Random(16)
    try:
        serve_load._wait_ready(proc, url, 60, log.open("rb"))
        for _ in range(40):
            status, _, data = _request(url, {**_random_selection(rng), "text": STORY})
            assert status == 200, data
    finally:
        proc.terminate()
        proc.wait(15)
    text = log.read_text()
    assert "FILE ACCESS" not in text, text[:2000]


# --- point 9: bounded answers, checks that stop ---------------------------------------


def _request(url, fields):
    import http.client

    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    body = urllib.parse.urlencode(fields).encode()
    conn.request("POST", "/v2/check", body, {"Content-Type": "application/x-www-form-urlencoded"})
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, len(body), data


@pytest.fixture(scope="module")
def capped_server():
    with serve_load.spawn_server(max_matches=50, head_timeout=1.0) as url:
        yield url


def test_matches_are_capped_and_said_to_be_incomplete(capped_server):
    text = ("He committed suicide " * 950)[:20_000]  # no sentence end: one 20,000-character sentence
    status, sent, data = _request(capped_server, {"language": "en-US", "text": text})
    assert status == 200, data[:300]
    body = json.loads(data)
    assert len(body["matches"]) == 50
    assert body["warnings"]["incompleteResults"] is True
    assert "first 50 matches" in body["warnings"]["incompleteResultsReason"]
    offsets = [m["offset"] for m in body["matches"]]
    assert offsets == sorted(offsets) and offsets[0] == 3  # the first ones in the text
    # Nothing in a match grows with the text: the sentence is a window, the why is said once.
    assert all(len(m["sentence"]) <= 300 for m in body["matches"])
    first, later = body["matches"][0], body["matches"][1:]
    assert first["copydesk"]["why"]
    assert all(m["copydesk"]["why"] is None for m in later if m["rule"]["id"] == first["rule"]["id"])
    assert all(first["rule"]["description"] not in m["message"] for m in body["matches"])
    assert len(data) < 20 * sent, (len(data), sent)


def test_an_answer_under_the_cap_is_complete_and_explains_each_rule_once(capped_server):
    status, _, data = _request(capped_server, {"language": "en-US", "text": STORY * 2})
    body = json.loads(data)
    assert status == 200 and body["warnings"] == {"incompleteResults": False}
    seen: set[str] = set()
    for m in body["matches"]:
        if m["rule"]["id"] in seen:
            assert m["copydesk"]["why"] is None
        else:
            assert m["copydesk"]["why"] and m["copydesk"]["why"] not in m["message"]
        seen.add(m["rule"]["id"])
    assert len(seen) < len(body["matches"])  # some rules did repeat


def test_a_check_past_its_deadline_stops_between_hits(monkeypatch):
    text = STORY * 20
    total = len(check_text(text, kind="text"))
    rendered = []
    original = pipeline_module.make_finding

    def counting(*args, **kwargs):
        rendered.append(1)
        return original(*args, **kwargs)

    clock = iter(range(10**6))
    monkeypatch.setattr(pipeline_module, "make_finding", counting)
    monkeypatch.setattr(pipeline_module.time, "monotonic", lambda: next(clock))
    with pytest.raises(CheckTimeout):
        check_text(text, kind="text", deadline=3)  # the clock passes 3 at its fourth look
    assert 0 < len(rendered) < total


def test_the_service_stops_a_request_whose_deadline_has_passed():
    import time

    from linter.serve.app import create_app

    service = create_app().state.service
    body = urllib.parse.urlencode({"language": "en-US", "text": STORY}).encode()
    assert json.loads(service.answer(b"", body, time.monotonic() + 60))["matches"]
    with pytest.raises(CheckTimeout):
        service.answer(b"", body, time.monotonic() - 1)


# --- point 10: slow and idle clients time out on their own ------------------------------


def _closed_by_server(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes (a 30 s socket timeout fails the test)."""
    sock.settimeout(30)
    reply = b""
    try:
        while chunk := sock.recv(4096):
            reply += chunk
    except ConnectionResetError:
        pass
    return reply


def test_half_sent_headers_from_every_slot_do_not_deny_service(capped_server):
    parts = urllib.parse.urlsplit(capped_server)
    socks = []
    try:
        for _ in range(130):  # more than the 128-connection limit
            s = socket.create_connection((parts.hostname, parts.port), timeout=30)
            s.sendall(b"POST /v2/check HTTP/1.1\r\nHost: x\r\nContent-Type: appl")
            socks.append(s)
        idle = socket.create_connection((parts.hostname, parts.port), timeout=30)  # sends nothing
        socks.append(idle)
        replies = [_closed_by_server(s) for s in socks]
    finally:
        for s in socks:
            s.close()
    assert all(r.startswith(b"HTTP/1.1 408") for r in replies[:-1]), {r[:40] for r in replies}
    assert replies[-1].startswith(b"HTTP/1.1 408")
    status, _, data = _request(capped_server, {"language": "en-US", "text": SENTENCE})
    assert status == 200 and b"COPYDESK_SUICIDE_COMMIT_SUICIDE" in data


def test_a_kept_alive_connection_that_starts_a_request_and_stalls_is_closed(capped_server):
    parts = urllib.parse.urlsplit(capped_server)
    body = urllib.parse.urlencode({"language": "en-US", "text": SENTENCE}).encode()
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as s:
        s.sendall(
            b"POST /v2/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
        )
        first = b""
        while b"COPYDESK_SUICIDE_COMMIT_SUICIDE" not in first:
            first += s.recv(65536)
        s.sendall(b"POST /v2/check HTTP/1.1\r\nHo")
        rest = _closed_by_server(s)
    assert first.startswith(b"HTTP/1.1 200") and rest.startswith(b"HTTP/1.1 408")


def test_a_client_that_never_reads_its_answers_is_cut_off():
    """Pipelined requests whose answers are never read fill the send buffer; the
    write timeout then aborts the connection instead of holding its slot."""
    text = ("He committed suicide " * 950)[:20_000]
    body = urllib.parse.urlencode({"language": "en-US", "text": text}).encode()
    one = (
        b"POST /v2/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
    )
    with serve_load.spawn_server(write_timeout=1.0) as url:
        parts = urllib.parse.urlsplit(url)
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.connect((parts.hostname, parts.port))
        s.settimeout(30)
        sent = 0
        try:
            for _ in range(200):  # ~250 kB answers each: far more than any socket buffer holds
                s.sendall(one)
                sent += 1
        except OSError:
            pass  # the server already hung up
        got = _closed_by_server(s)
        s.close()
        answers = got.count(b"HTTP/1.1 200")
        assert answers < sent, (answers, sent)
        status, _, data = _request(url, {"language": "en-US", "text": SENTENCE})
        assert status == 200
