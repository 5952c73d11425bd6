"""`copydesk serve`: the real server on a loopback port, driven by real clients.

language-tool-python is the client LT users already have; raw HTTP covers the
wire format field by field and every bad input. A stub LanguageTool in this
process stands in for `--grammar-url`.
"""

from __future__ import annotations

import http.client
import importlib.util
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from linter import Config, check_text

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("serve_load", ROOT / "benchmarks" / "serve_load.py")
serve_load = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(serve_load)

SENTENCE = "The singer committed suicide in 2019."
RULE, LT_RULE = "suicide.commit-suicide", "COPYDESK_SUICIDE_COMMIT_SUICIDE"
HOUSE_PACK = """\
pack: newsdesk
title: House style (test)
description: >-
  A small house pack for the serve tests.
sources:
  - id: house
    organisation: Test newsroom
    title: House style guide
    year: n.d.
    url: https://example.org/house-style
    kind: guideline
rules:
  - id: synergy
    severity: suggestion
    match: [synergy]
    inflect: none
    enabled: false
    message: >-
      "{match}" is jargon.
    why: >-
      House style prefers plain words.
    suggest: [cooperation]
    sources: [house]
    examples:
      flag:
        - The merger promised [synergy] between the desks.
        - We want more [synergy].
      pass:
        - The desks worked together.
        - 'He said: "We want synergy."'
  - id: utilize
    severity: suggestion
    match: [utilize]
    inflect: verb
    message: >-
      "{match}" is a long way to say "use".
    why: >-
      House style prefers short words.
    suggest: [use]
    fix: safe
    sources: [house]
    examples:
      flag:
        - They [utilize] the printer.
        - She [utilized] the data.
      pass:
        - They use the printer.
        - 'She said: "We utilize it."'
"""


# --- fixtures and helpers -----------------------------------------------------------


@pytest.fixture(scope="module")
def house_pack(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("packs") / "newsdesk.yaml"
    path.write_text(HOUSE_PACK, encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def server(house_pack):
    with serve_load.spawn_server(packs=(house_pack,)) as url:
        yield url


class StubLT(BaseHTTPRequestHandler):
    """A LanguageTool stand-in: records each form, answers fixed matches."""

    seen: list[dict] = []

    def do_POST(self):
        form = dict(urllib.parse.parse_qsl(self.rfile.read(int(self.headers["Content-Length"])).decode()))
        StubLT.seen.append(form)
        text = form.get("text", "")
        if "SLOW" in text:
            time.sleep(5)
        if "TRICKLE" in text:  # headers at once, then the body a byte at a time
            payload = json.dumps({"software": {}, "warnings": {}, "matches": []}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            for byte in payload[:40]:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.25)
            return
        if "FAIL" in text:
            return self._send(500, b"Error: stub failure", "text/plain")
        u16 = lambda s: len(s.encode("utf-16-le")) // 2  # noqa: E731
        same = text.find("committed suicide")
        matches = [
            _lt_match("LT_FIRST", 0, 3),
            _lt_match("LT_FIRST", 0, 3),  # a repeat
            _lt_match("LT_LATER", u16(text) - 5, 4),
        ]
        if same >= 0:
            matches.append(_lt_match("LT_SAME_SPAN", u16(text[:same]), 17))
        body = {
            "software": {"name": "LanguageTool"},
            "warnings": {"incompleteResults": False},
            "matches": matches,
        }
        self._send(200, json.dumps(body).encode(), "application/json")

    def _send(self, status, body, kind):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _lt_match(rule, offset, length):
    return {
        "message": f"{rule} says so",
        "shortMessage": "",
        "replacements": [{"value": "x"}],
        "offset": offset,
        "length": length,
        "context": {"text": "", "offset": 0, "length": length},
        "sentence": "",
        "type": {"typeName": "Other"},
        "rule": {
            "id": rule,
            "description": rule,
            "issueType": "grammar",
            "category": {"id": "GRAMMAR", "name": "Grammar"},
        },
    }


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # our server hangs up on a slow stub by design; no traceback for that


@pytest.fixture(scope="module")
def stub_lt():
    httpd = QuietServer(("127.0.0.1", 0), StubLT)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def grammar_server(house_pack, stub_lt):
    with serve_load.spawn_server(packs=(house_pack,), grammar_url=stub_lt + "/v2/", timeout=2.0) as url:
        yield url


def request(url, method="POST", path="/v2/check", body=b"", headers=None, query=""):
    """Raw HTTP: (status, content type, body bytes)."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    hdrs = {"Content-Type": "application/x-www-form-urlencoded"} if method == "POST" else {}
    hdrs.update(headers or {})
    conn.request(method, path + (f"?{query}" if query else ""), body, hdrs)
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, resp.getheader("Content-Type", ""), data


def check(url, **fields):
    status, kind, data = request(url, body=urllib.parse.urlencode(fields).encode())
    assert status == 200, data
    assert kind.startswith("application/json")
    return json.loads(data)


def match_of(body, rule=LT_RULE) -> dict:
    """The one match of ``rule`` (packs grow; tests look only at the rules they are about)."""
    found = [m for m in body["matches"] if m["rule"]["id"] == rule]
    assert len(found) == 1, [m["rule"]["id"] for m in body["matches"]]
    return found[0]


def u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def lt_context(text: str, start: int, end: int) -> dict:
    """LT's context rule written independently: slice the UTF-16 code units."""
    units = text.encode("utf-16-le")
    lo, hi = start - 40, end + 40
    prefix, suffix = ("..." if lo >= 0 else ""), ("..." if hi <= len(units) // 2 else "")
    lo, hi = max(lo, 0), min(hi, len(units) // 2)
    body = units[2 * lo : 2 * hi].decode("utf-16-le").replace("\n", " ")
    return {"text": prefix + body + suffix, "offset": len(prefix) + start - lo, "length": end - start}


# --- language-tool-python as the client ------------------------------------------------


@pytest.fixture(scope="module")
def lt_client(server):
    language_tool_python = pytest.importorskip("language_tool_python")
    tool = language_tool_python.LanguageTool("en-US", remote_server=server)
    yield tool
    tool.close()


@pytest.mark.parametrize("prefix", ["", "😀 ", "😀😀 Ünïcode — "])
def test_language_tool_python_check(lt_client, prefix):
    text = prefix + SENTENCE
    matches = [m for m in lt_client.check(text) if m.rule_id == LT_RULE]
    assert len(matches) == 1
    m = matches[0]
    assert "died by suicide" in m.replacements
    # language-tool-python turns the UTF-16 offset back into a Python index.
    assert m.offset == text.index("committed suicide")
    assert text[m.offset : m.offset + m.error_length] == "committed suicide"
    assert m.category == "suicide" and m.rule_issue_type == "terminology"
    assert m.sentence == text.strip()


def test_language_tool_python_correct(lt_client):
    assert lt_client.correct(SENTENCE) == "The singer died by suicide in 2019."
    assert lt_client.correct("😀 " + SENTENCE) == "😀 The singer died by suicide in 2019."


def test_language_tool_python_rule_switches(lt_client):
    try:
        for disabled in ({RULE}, {LT_RULE}):
            lt_client.disabled_rules = disabled
            assert not [m for m in lt_client.check(SENTENCE) if m.rule_id == LT_RULE]
    finally:
        lt_client.disabled_rules = set()
    assert [m for m in lt_client.check(SENTENCE) if m.rule_id == LT_RULE]


# --- the wire format -------------------------------------------------------------------


def test_healthcheck_and_languages(server):
    assert request(server, "GET", "/v2/healthcheck")[::2] == (200, b"OK")
    status, kind, data = request(server, "GET", "/v2/languages")
    assert status == 200 and kind.startswith("application/json")
    assert [lang["longCode"] for lang in json.loads(data)] == [
        "en",
        "en-AU",
        "en-CA",
        "en-GB",
        "en-NZ",
        "en-ZA",
        "en-US",
    ]
    assert {"name": "English (GB)", "code": "en", "longCode": "en-GB"} in json.loads(data)


def test_response_shape_field_by_field(server, house_pack):
    text = "😀 The singer committed suicide in 2019. They utilized the data."
    body = check(server, language="en-US", text=text)
    assert list(body) == ["software", "warnings", "language", "matches", "copydesk"]
    assert body["copydesk"] == {"scope": "paragraph", "locale": "en-US"}
    assert body["software"] == {
        "name": "copydesk",
        "version": body["software"]["version"],
        "apiVersion": 1,
        "premium": False,
        "status": "",
    }
    assert body["warnings"] == {"incompleteResults": False}
    assert body["language"] == {
        "name": "English (US)",
        "code": "en-US",
        "detectedLanguage": {"name": "English (US)", "code": "en-US", "confidence": 1.0, "source": "request"},
    }

    findings = check_text(text, config=Config(packs=(house_pack,)), kind="text")
    assert [m["copydesk"]["rule"] for m in body["matches"]] == [f.rule for f in findings]
    for m, f in zip(body["matches"], findings):
        start, end = u16(text[: f.offset]), u16(text[: f.end_offset])
        assert list(m) == [
            "message",
            "shortMessage",
            "replacements",
            "offset",
            "length",
            "context",
            "sentence",
            "type",
            "rule",
            "ignoreForIncompleteSentence",
            "contextForSureMatch",
            "copydesk",
        ]
        assert m["message"] == f.message  # the why is in copydesk.why and rule.urls
        assert f.message.startswith(m["shortMessage"])
        assert m["replacements"] == [{"value": s} for s in f.suggestions]
        assert (m["offset"], m["length"]) == (start, end - start)
        assert m["context"] == lt_context(text, start, end)
        assert m["type"] == {"typeName": "Other" if str(f.severity) in ("error", "warning") else "Hint"}
        assert list(m["rule"]) == ["id", "description", "issueType", "urls", "category"]
        assert m["rule"]["id"] == "COPYDESK_" + f.rule.upper().replace(".", "_").replace("-", "_")
        assert m["rule"]["issueType"] == (
            "terminology" if str(f.severity) in ("error", "warning") else "style"
        )
        assert m["rule"]["urls"] == [{"value": s.url} for s in f.sources]
        assert m["rule"]["category"]["id"] == f.pack
        assert m["ignoreForIncompleteSentence"] is False and m["contextForSureMatch"] == 0
        assert m["copydesk"] == {
            "rule": f.rule,
            "severity": str(f.severity),
            "inQuote": f.in_quote,
            "fixable": f.fixable,
            "why": f.why,
            "reading": f.reading,
            "wholeArticle": False,
        }
    first, second = match_of(body), match_of(body, "COPYDESK_NEWSDESK_UTILIZE")
    assert first["offset"] == 14 and first["length"] == 17  # the emoji is two UTF-16 units
    assert first["sentence"] == "😀 The singer committed suicide in 2019."
    assert first["rule"]["category"]["name"] == "Suicide and self-harm"
    assert second["rule"] == {
        "id": "COPYDESK_NEWSDESK_UTILIZE",
        "description": "House style (test): utilize",
        "issueType": "style",  # a suggestion
        "urls": [{"value": "https://example.org/house-style"}],
        "category": {"id": "newsdesk", "name": "House style (test)"},
    }
    assert second["sentence"] == "They utilized the data."
    assert second["replacements"] == [{"value": "used"}]


def test_context_window_is_cut_like_languagetool(server):
    before = "Officials confirmed on Monday that the well-known 😀 singer "
    text = (
        before + "committed suicide" + " at home, and the family asked for privacy while police investigated."
    )
    m = match_of(check(server, language="en-US", text=text))
    start = u16(before)
    assert m["context"] == lt_context(text, start, start + 17)
    assert m["context"]["text"].startswith("...") and m["context"]["text"].endswith("...")
    # A match exactly 40 units from the start still gets LT's "..." (its test is >= 0).
    text = "x" * 40 + " committed suicide."
    m = match_of(check(server, language="en-US", text=text))
    assert m["context"] == lt_context(text, 41, 58) and m["context"]["text"].startswith("...")
    # Newlines read as spaces.
    m = match_of(check(server, language="en-US", text="Obituary\n\nShe committed suicide."))
    assert m["context"]["text"] == "Obituary  She committed suicide."
    assert m["sentence"] == "She committed suicide."


def test_quoted_words_get_a_note_without_replacements(server):
    text = 'Her mother said: "He committed suicide."'
    m = match_of(check(server, language="en-US", text=text))
    assert m["copydesk"]["inQuote"] and m["copydesk"]["severity"] == "note"
    assert m["replacements"] == [] and m["type"] == {"typeName": "Hint"}


def test_get_and_language_variants(server):
    status, _, data = request(
        server, "GET", query=urllib.parse.urlencode({"language": "en", "text": SENTENCE})
    )
    assert status == 200 and match_of(json.loads(data))
    body = check(server, language="auto", preferredVariants="en-GB", text=SENTENCE)
    assert body["language"]["code"] == "en-GB"
    assert check(server, language="EN-gb", text=SENTENCE)["language"]["code"] == "en-GB"


def test_data_annotation(server):
    parts = [
        {"markup": "<p>"},
        {"text": "The singer "},
        {"markup": "<b>"},
        {"text": "committed suicide"},
        {"markup": "</b>"},
        {"text": " in 2019."},
        {"markup": "</p>", "interpretAs": "\n\n"},
        {"markup": "<p>"},
        {"text": "😀 He had committed "},
        {"markup": "<i>"},
        {"text": "suicide"},
        {"markup": "</i>"},
        {"text": "."},
        {"markup": "</p>"},
    ]
    original = "".join(p.get("text", p.get("markup")) for p in parts)
    body = check(server, language="en-US", data=json.dumps({"annotation": parts}))
    first, second = [m for m in body["matches"] if m["rule"]["id"] == LT_RULE]
    start = u16("<p>The singer <b>")
    assert (first["offset"], first["length"]) == (start, 17)  # markup ignored, original offsets
    assert first["context"] == lt_context(original, start, start + 17)
    assert "<b>committed suicide</b>" in first["context"]["text"]
    assert first["sentence"] == "The singer committed suicide in 2019."
    # A match across markup spans it in the original text.
    start = u16(original[: original.index("committed <i>")])
    assert (second["offset"], second["length"]) == (start, u16("committed <i>suicide"))
    assert match_of(check(server, language="en-US", data=json.dumps({"text": SENTENCE})))["offset"] == 11


# --- rule selection ----------------------------------------------------------------------

MIXED = "The singer committed suicide. They utilized synergy."


def rules_in(body):
    """Our rules that fired, among those these tests are about."""
    about = {RULE, "newsdesk.utilize", "newsdesk.synergy"}
    return [m["copydesk"]["rule"] for m in body["matches"] if m.get("copydesk", {}).get("rule") in about]


@pytest.mark.parametrize("ident", [RULE, LT_RULE, LT_RULE.lower(), "suicide"])
def test_disabled_rules_accept_both_id_forms(server, ident):
    assert rules_in(check(server, language="en-US", text=MIXED, disabledRules=ident)) == ["newsdesk.utilize"]


@pytest.mark.parametrize("ident", ["suicide", "COPYDESK_SUICIDE"])
def test_disabled_categories(server, ident):
    body = check(server, language="en-US", text=MIXED, disabledCategories=f"TYPOS,{ident}")
    assert rules_in(body) == ["newsdesk.utilize"]


@pytest.mark.parametrize("ident", ["newsdesk.synergy", "COPYDESK_NEWSDESK_SYNERGY"])
def test_enabled_rules_turn_on_house_switches(server, ident):
    assert "newsdesk.synergy" not in rules_in(check(server, language="en-US", text=MIXED))
    body = check(server, language="en-US", text=MIXED, enabledRules=ident)
    assert rules_in(body) == [RULE, "newsdesk.utilize", "newsdesk.synergy"]


@pytest.mark.parametrize("ident", [RULE, LT_RULE])
def test_enabled_only(server, ident):
    body = check(
        server, language="en-US", text=MIXED, enabledOnly="true", enabledRules=f"{ident},SOME_LT_RULE"
    )
    assert rules_in(body) == [RULE]
    body = check(server, language="en-US", text=MIXED, enabledOnly="yes", enabledCategories="newsdesk")
    assert rules_in(body) == ["newsdesk.utilize", "newsdesk.synergy"]


# --- bad input ------------------------------------------------------------------------------


def form(**fields) -> bytes:
    return urllib.parse.urlencode(fields).encode()


BAD = [
    ("missing text", form(language="en-US"), 400, "Error: Missing 'text' or 'data' parameter"),
    (
        "text and data",
        form(language="en-US", text="a", data='{"text":"a"}'),
        400,
        "Error: Set only 'text' or 'data' parameter, not both",
    ),
    ("text twice", b"language=en-US&text=a&text=b", 400, "Error: Parameter 'text' is given more than once"),
    ("no language", form(text="a"), 400, "Error: Missing 'language' parameter, e.g. 'language=en-US'"),
    (
        "unknown language",
        form(text="a", language="de-DE"),
        400,
        "Error: 'de-DE' is not a language code known to copydesk. "
        "Supported language codes are: auto, en, en-AU, en-CA, en-GB, en-NZ, en-US, en-ZA",
    ),
    (
        "bad level",
        form(text="a", language="en-US", level="strict"),
        400,
        "Error: Unknown value 'strict' for parameter 'level'. Valid values: default, picky, academic,",
    ),
    (
        "enabledOnly, nothing enabled",
        form(text="a", language="en-US", enabledOnly="true"),
        400,
        "Error: You must specify enabled rules or categories when using enabledOnly=true",
    ),
    (
        "enabledOnly with disabled",
        form(text="a", language="en-US", enabledOnly="true", enabledRules="X", disabledRules="Y"),
        400,
        "Error: You cannot specify disabled rules or categories using enabledOnly=true",
    ),
    (
        "variants without auto",
        form(text="a", language="en-US", preferredVariants="en-GB"),
        400,
        "Error: You specified 'preferredVariants' but you didn't specify 'language=auto'",
    ),
    ("bad JSON", form(language="en-US", data='{"text": '), 400, "Error: 'data' is not valid JSON ("),
    (
        "data not an object",
        form(language="en-US", data="[1]"),
        400,
        "Error: 'data' must be a JSON object with either 'text' or 'annotation'",
    ),
    (
        "annotation item",
        form(language="en-US", data='{"annotation": [{"text": "a", "markup": "b"}]}'),
        400,
        "Error: 'annotation' item 1 must be an object with either 'text' or 'markup'",
    ),
    (
        "annotation type",
        form(language="en-US", data='{"annotation": [{"markup": 5}]}'),
        400,
        "Error: 'annotation' item 1: 'markup' and 'interpretAs' must be strings",
    ),
    (
        "deep JSON",
        form(language="en-US", data="[" * 200_000 + "]" * 200_000),
        400,
        "Error: 'data' is nested too deeply",
    ),
    (
        "lone surrogate",
        form(language="en-US", data='{"text": "a \\ud83d b"}'),
        400,
        "Error: 'data' contains an unpaired UTF-16 surrogate",
    ),
    (
        "invalid UTF-8",
        b"language=en-US&text=caf%E9",
        400,
        "Error: Invalid UTF-8 in parameter 'text' (byte 3)",
    ),
    (
        "raw invalid UTF-8",
        b"language=en-US&text=\xff\xfe",
        400,
        "Error: Invalid UTF-8 in parameter 'text' (byte 0)",
    ),
    (
        "bad escape",
        b"language=en-US&text=100%",
        400,
        "Error: Malformed form data: bad percent escape in parameter 'text'",
    ),
    ("nameless field", b"language=en-US&text=a&=x", 400, "Error: Malformed form data: a field has no name"),
    (
        "text too long",
        form(language="en-US", text="a" * 20_001),
        413,
        "Error: Your text exceeds the limit of 20000 characters (it has 20001)",
    ),
    (
        "annotated text too long",
        form(language="en-US", data=json.dumps({"annotation": [{"text": "a" * 20_001}]})),
        413,
        "Error: Your text exceeds the limit of 20000 characters",
    ),
    (
        "huge option field",
        form(language="en-US", text="a", disabledRules="X" * 10_001),
        413,
        "Error: Parameter 'disabledRules' is too long (10001 characters; the limit is 10000)",
    ),
    (
        "too many fields",
        b"&".join(b"f%d=1" % i for i in range(100)),
        413,
        "Error: Too many form fields (the limit is 64)",
    ),
    (
        "body too large",
        b"language=en-US&text=" + b"a" * (3 * 1024 * 1024),
        413,
        "Error: Request body exceeds 2097152 bytes",
    ),
]


@pytest.mark.parametrize("body,status,message", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input(server, body, status, message):
    got_status, kind, data = request(server, body=body)
    assert (got_status, data.decode()[: len(message)]) == (status, message)
    assert kind.startswith("text/plain")


def test_bad_requests_of_other_kinds(server):
    status, _, data = request(
        server, body=b"--x\r\n", headers={"Content-Type": "multipart/form-data; boundary=x"}
    )
    assert status == 415 and data.startswith(
        b"Error: Send the parameters as application/x-www-form-urlencoded"
    )
    status, _, data = request(server, "GET", query="language=en-US")
    assert (status, data) == (400, b"Error: Missing 'text' or 'data' parameter")
    assert request(server, "GET", "/v2/nowhere")[0] == 404
    status, _, data = request(server, "POST", "/v2/languages")
    assert (status, data) == (405, b"Error: POST is not allowed for /v2/languages")


def test_server_keeps_serving_after_bad_input(server):
    for _, body, _, _ in BAD:
        request(server, body=body)
    assert request(server, "GET", "/v2/healthcheck")[::2] == (200, b"OK")
    assert match_of(check(server, language="en-US", text=SENTENCE))


def test_slow_upload_is_cut_off(grammar_server):
    """A client that stops mid-body gets 503 once the per-request bound (2 s here) passes."""
    parts = urllib.parse.urlsplit(grammar_server)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(
            b"POST /v2/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 1000\r\n\r\nlanguage=en-US&text=The"
        )
        t0 = time.monotonic()
        reply = b""
        while b"seconds" not in reply and (chunk := sock.recv(4096)):  # headers and body may split
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 503") and b"Error: Checking took longer than 2 seconds" in reply
    assert time.monotonic() - t0 < 5


# --- --grammar-url ----------------------------------------------------------------------------


def lt_and_ours(body):
    """Rule ids in answer order: the stub's and our commit-suicide rule."""
    return [
        m["rule"]["id"]
        for m in body["matches"]
        if m["rule"]["id"] == LT_RULE or not m["rule"]["id"].startswith("COPYDESK_")
    ]


def test_grammar_matches_are_merged(grammar_server):
    StubLT.seen.clear()
    text = "😀 The singer committed suicide in 2019."
    body = check(
        grammar_server,
        language="en-US",
        text=text,
        disabledRules=f"{LT_RULE.replace('SUICIDE_COMMIT', 'X')},WHITESPACE_RULE,newsdesk.utilize",
        disabledCategories="TYPOS",
        callback="f",
    )
    ids = lt_and_ours(body)
    # LT_SAME_SPAN is dropped (ours wins), LT_FIRST's repeat is dropped, offset order.
    assert ids == ["LT_FIRST", LT_RULE, "LT_LATER"]
    assert [m["offset"] for m in body["matches"]] == sorted(m["offset"] for m in body["matches"])
    assert body["warnings"] == {"incompleteResults": False}
    sent = StubLT.seen[-1]
    assert sent["text"] == text and sent["language"] == "en-US"
    # Our ids stay here; LT gets its own ones only. JSONP is not forwarded.
    assert sent["disabledRules"] == "COPYDESK_X_SUICIDE,WHITESPACE_RULE"
    assert sent["disabledCategories"] == "TYPOS" and "callback" not in sent


def test_grammar_not_asked_when_only_our_rules_are_enabled(grammar_server):
    StubLT.seen.clear()
    body = check(grammar_server, language="en-US", text=SENTENCE, enabledOnly="true", enabledRules=LT_RULE)
    assert lt_and_ours(body) == [LT_RULE] and StubLT.seen == []


def test_grammar_failure_or_timeout_keeps_our_guidance(grammar_server):
    body = check(grammar_server, language="en-US", text=SENTENCE + " FAIL")
    assert lt_and_ours(body) == [LT_RULE]
    assert body["warnings"]["incompleteResults"] is True
    assert "answered HTTP 500: Error: stub failure" in body["warnings"]["incompleteResultsReason"]
    t0 = time.monotonic()
    body = check(grammar_server, language="en-US", text=SENTENCE + " SLOW")
    assert time.monotonic() - t0 < 3  # the 2 s bound, not the stub's 5 s
    assert lt_and_ours(body) == [LT_RULE]
    assert "did not answer within" in body["warnings"]["incompleteResultsReason"]


def test_a_trickling_languagetool_cannot_hold_our_answer(grammar_server):
    t0 = time.monotonic()
    body = check(grammar_server, language="en-US", text=SENTENCE + " TRICKLE")
    assert time.monotonic() - t0 < 3  # the request's 2 s bound, not the stub's 10 s trickle
    assert lt_and_ours(body) == [LT_RULE]
    assert body["warnings"]["incompleteResults"] is True


# --- process-level properties -------------------------------------------------------------

AUDIT = r"""
import sys, uvicorn
from linter.serve.app import create_app
app, armed = create_app(), []
# Lazy imports (the import system lists package folders, reads module files) are allowed.
MODULES = (".py", ".pyc", ".so", ".pth", ".typed")
CODE = tuple(p for p in sys.path if p)
def hook(event, args):
    if armed and event in ("open", "os.listdir", "os.scandir", "os.remove", "os.rename", "os.mkdir"):
        path = args[0] if args else None
        if isinstance(path, bytes):
            path = path.decode(errors="replace")
        if not isinstance(path, str):
            return  # a file descriptor: sockets and pipes
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
uvicorn.run(armed_app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def test_no_endpoint_touches_files(tmp_path):
    port = serve_load.free_port()
    log = tmp_path / "log.txt"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", AUDIT, str(port)], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        serve_load._wait_ready(proc, url, 60, log.open("rb"))
        check(url, language="en-GB", text=SENTENCE)
        check(url, language="en-US", data=json.dumps({"annotation": [{"text": SENTENCE}]}))
        for _, body, _, _ in BAD[:12]:
            request(url, body=body)
        request(url, "GET", "/v2/languages")
    finally:
        proc.terminate()
        proc.wait(15)
    assert "FILE ACCESS" not in log.read_text()


def test_several_workers(house_pack):
    with serve_load.spawn_server(workers=2, packs=(house_pack,)) as url:
        for _ in range(4):
            body = check(url, language="en-US", text=MIXED, enabledRules="newsdesk.synergy")
            assert rules_in(body) == [RULE, "newsdesk.utilize", "newsdesk.synergy"]


def test_bounded_load(server):
    result = serve_load.run_load(server, total=200, clients=8)
    assert result["requests"] == 200
    assert result["errors"] == 0, result["error_samples"]


# --- wire helpers, without a server ----------------------------------------------------------


def test_utf16_index_round_trip():
    from linter.base.positions import Utf16

    text = "a😀b😀😀c"
    index = Utf16(text)
    for cp in range(len(text) + 1):
        u = index.units(cp)
        assert u == u16(text[:cp])
        assert index.codepoint(u, ceil=False) == index.codepoint(u, ceil=True) == cp
    # Offset 2 splits the first emoji's surrogate pair: round down to it or up past it.
    assert (index.codepoint(2, ceil=False), index.codepoint(2, ceil=True)) == (1, 2)


def test_rule_id_mapping_is_stable_and_refuses_collisions():
    from linter.serve.wire import RuleIds, lt_rule_id

    assert lt_rule_id("suicide.commit-suicide") == LT_RULE
    assert lt_rule_id("lgbtq.born-a-boy") == "COPYDESK_LGBTQ_BORN_A_BOY"
    ids = RuleIds(["suicide.commit-suicide"], ["suicide"])
    assert ids.rule("Copydesk_Suicide_Commit_Suicide") == ids.rule(RULE) == RULE
    assert ids.rule("suicide") == ids.pack("COPYDESK_SUICIDE") == "suicide"
    assert ids.rule("WHITESPACE_RULE") is None and ids.pack("TYPOS") is None
    with pytest.raises(ValueError, match="both map to COPYDESK_A_B_C"):
        RuleIds(["a.b-c", "a-b.c"], [])
