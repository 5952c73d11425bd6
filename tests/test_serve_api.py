"""copydesk's own JSON API (/api/check, /api/open, /api/fix) and the page's assets,
through httpx's ASGI transport: no port, no browser, real app.

The answers are compared with the real `copydesk check --format json` and
`copydesk fix` on the same drafts, and /api/check with the published schema.
"""

from __future__ import annotations

import base64
import codecs
import io
import json
import subprocess
import sys
from pathlib import Path

import anyio
import httpx
import jsonschema
import pytest

from linter.fixing.edits import Edit, Skip
from linter.serve.app import MAX_BODY_BYTES, create_app

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (ROOT / "examples" / "soap-star-miscarriage.md").read_text()
SCHEMA = json.loads((ROOT / "docs" / "copydesk.schema.json").read_text())
SENTENCE = "The singer committed suicide in 2019."


def copydesk(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "linter", *args], input=stdin, capture_output=True, text=True, cwd=ROOT
    )


class Client:
    """Synchronous calls into the ASGI app (httpx's transport is async-only)."""

    def __init__(self, app):
        self.app = app

    def request(self, method: str, path: str, **kw) -> httpx.Response:
        async def go():
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
                return await client.request(method, path, **kw)

        return anyio.run(go)

    def post(self, path: str, body: dict) -> httpx.Response:
        return self.request("POST", path, json=body)


@pytest.fixture(scope="module")
def client():
    return Client(create_app())


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def word_file(*paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_check_is_the_cli_json_document(client):
    answer = client.post("/api/check", {"text": SAMPLE, "path": "draft.md"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    cli = copydesk("check", "--format", "json", "--stdin-filename", "draft.md", "-", stdin=SAMPLE)
    assert answer.json() == json.loads(cli.stdout)
    jsonschema.validate(answer.json(), SCHEMA)


def test_check_reads_files_like_the_cli(client, tmp_path):
    raw = codecs.BOM_UTF16_LE + SAMPLE.replace("\n", "\r\n").encode("utf-16-le")
    (tmp_path / "draft.md").write_bytes(raw)
    (tmp_path / "story.docx").write_bytes(word_file("Obituary", SENTENCE, "Call a helpline."))
    for name in ("draft.md", "story.docx"):
        data = (tmp_path / name).read_bytes()
        answer = client.post("/api/check", {"file": b64(data), "path": name})
        cli = subprocess.run(
            [sys.executable, "-m", "linter", "check", "--format", "json", name],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert answer.json() == json.loads(cli.stdout), name
        assert answer.json()["files"][0]["findings"]


def test_open_returns_the_text_offsets_count_in(client):
    raw = codecs.BOM_UTF8 + "Line one.\r\nShe committed suicide. \U0001f600\r\n".encode()
    got = client.post("/api/open", {"file": b64(raw), "path": "a.txt"}).json()
    assert got["format"] == "text"
    text = got["text"]
    assert text == "Line one.\r\nShe committed suicide. \U0001f600\r\n"
    f = got["report"]["files"][0]["findings"][0]
    assert text[f["offset"] : f["end_offset"]] == f["match"] == "committed suicide"
    word = client.post("/api/open", {"file": b64(word_file("Obituary", SENTENCE)), "path": "s.docx"}).json()
    assert word["format"] == "docx"
    f = word["report"]["files"][0]["findings"][0]
    assert word["text"][f["offset"] : f["end_offset"]] == "committed suicide"


def test_fix_safe_equals_copydesk_fix(client, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(SAMPLE)
    copydesk("fix", str(draft))
    got = client.post("/api/fix", {"text": SAMPLE, "path": "draft.md", "safe": True}).json()
    assert got["text"] == draft.read_text()
    assert base64.b64decode(got["file"]) == draft.read_bytes()
    assert [a["replacement"] for a in got["applied"]] == ["died by suicide"]
    assert not any(f["fixable"] for f in got["report"]["files"][0]["findings"])
    jsonschema.validate(got["report"], SCHEMA)


def test_fix_keeps_the_encoding_and_bom(client):
    raw = codecs.BOM_UTF16_BE + f"{SENTENCE}\r\n".encode("utf-16-be")
    got = client.post("/api/fix", {"file": b64(raw), "path": "a.txt", "safe": True}).json()
    assert base64.b64decode(got["file"]) == codecs.BOM_UTF16_BE + (
        "The singer died by suicide in 2019.\r\n".encode("utf-16-be")
    )


def test_fix_word_equals_fix_output(client, tmp_path):
    from linter.inputs.extract.docx import read_docx

    story = tmp_path / "story.docx"
    story.write_bytes(word_file("Obituary", SENTENCE))
    copy = tmp_path / "copy.docx"
    copydesk("fix", "--output", str(copy), str(story))
    got = client.post(
        "/api/fix", {"file": b64(story.read_bytes()), "path": "story.docx", "safe": True}
    ).json()
    revised = base64.b64decode(got["file"])
    assert read_docx(revised).text == read_docx(copy.read_bytes()).text == got["text"]
    assert "died by suicide" in got["text"]


def test_dismissed_findings_are_left_alone_and_follow_the_text(client):
    text = "She committed suicide. He committed suicide."
    first, second = text.index("committed"), text.rindex("committed")
    skip = [{"rule": "suicide.commit-suicide", "offset": second, "end_offset": second + 17}]
    got = client.post("/api/fix", {"text": text, "safe": True, "skip": skip}).json()
    assert got["text"] == "She died by suicide. He committed suicide."
    moved = second + len("died by suicide") - len("committed suicide")
    assert got["skip"] == [{"rule": "suicide.commit-suicide", "offset": moved, "end_offset": moved + 17}]
    assert got["text"][moved : moved + 17] == "committed suicide"
    # The same for an accepted suggestion, and for a Word file.
    accept = [{"rule": "suicide.commit-suicide", "offset": first, "end_offset": first + 17}]
    accept[0]["suggestion"] = "died by suicide"
    again = client.post("/api/fix", {"text": text, "accept": accept, "skip": skip}).json()
    assert (again["text"], again["skip"]) == (got["text"], got["skip"])
    word = b64(word_file(text))
    docx = client.post("/api/fix", {"file": word, "path": "w.docx", "safe": True, "skip": skip}).json()
    assert docx["text"] == got["text"] and docx["skip"] == got["skip"]


def test_accept_a_suggestion_fix_would_not_apply(client):
    start = SAMPLE.index("unborn baby")
    accept = [{"rule": "pregnancy-loss.unborn-baby", "offset": start, "end_offset": start + 11}]
    accept[0]["suggestion"] = "baby"
    got = client.post("/api/fix", {"text": SAMPLE, "path": "draft.md", "accept": accept}).json()
    assert got["text"] == SAMPLE[:start] + "baby" + SAMPLE[start + 11 :]
    assert got["declined"] == []


@pytest.mark.parametrize(
    "text, offset_of, rule, suggestion, reason",
    [
        (
            '"We lost the embryo," she said after the miscarriage.',
            "embryo",
            "pregnancy-loss.fetus-in-loss-story",
            "baby",
            "quoted words are never rewritten",
        ),
        (
            SENTENCE,
            "committed suicide",
            "suicide.commit-suicide",
            "<script>",
            "not one of the finding's suggestions",
        ),
        (SENTENCE, "singer", "suicide.commit-suicide", "died by suicide", "no such finding"),
        (
            "The singer *committed* suicide in 2019.",
            "committed* suicide",
            "suicide.commit-suicide",
            "died by suicide",
            "markup",
        ),
    ],
)
def test_accept_refusals_name_the_reason(client, text, offset_of, rule, suggestion, reason):
    start = text.index(offset_of)
    end = start + len(offset_of)
    accept = [{"rule": rule, "offset": start, "end_offset": end, "suggestion": suggestion}]
    got = client.post("/api/fix", {"text": text, "path": "d.md", "accept": accept}).json()
    assert got["text"] == text and got["applied"] == []
    assert len(got["declined"]) == 1 and reason in got["declined"][0]["reason"]


def test_bad_requests_are_clear_errors(client):
    def error(body=None, **kw):
        answer = client.request("POST", "/api/check", **({"json": body} if body is not None else kw))
        return answer.status_code, answer.text

    assert error(content=b"text=x", headers={"content-type": "application/x-www-form-urlencoded"})[0] == 415
    assert error(content=b"{nope", headers={"content-type": "application/json"})[0] == 400
    assert error(["a list"]) == (400, "Error: The body must be a JSON object")
    assert error({"text": "a", "file": "YQ=="})[0] == 400
    assert error({})[0] == 400
    assert error({"file": "%%%"}) == (400, "Error: 'file' is not valid base64")
    assert error({"file": b64(b"not a zip"), "path": "x.docx"})[0] == 422
    status, text = error({"text": "a", "path": "x.pdf"})
    assert status == 415 and "x.pdf" in text
    assert error({"text": "a", "format": "rtf"})[0] == 400
    assert error({"file": b64(b"a\x00b"), "path": "x.txt"})[0] == 422
    status, _ = error(
        content=b'{"text": "' + b"a" * MAX_BODY_BYTES + b'"}', headers={"content-type": "application/json"}
    )
    assert status == 413
    answer = client.post("/api/fix", {"text": "a", "safe": True, "accept": []})
    assert answer.status_code == 400
    answer = client.post("/api/fix", {"text": "a", "accept": [{"rule": "x", "offset": -1}]})
    assert answer.status_code == 400


def test_the_server_text_limit_applies():
    small = Client(create_app(max_chars=30))
    answer = small.post("/api/check", {"text": "x" * 31})
    assert answer.status_code == 413 and "at most 30" in answer.text
    assert small.post("/api/check", {"text": "x" * 30}).status_code == 200


def test_page_and_assets(client):
    page = client.request("GET", "/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert '<script src="/static/page.js"' in page.text
    for asset, kind in (("/static/page.js", "text/javascript"), ("/static/page.css", "text/css")):
        answer = client.request("GET", asset)
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(kind)
        assert answer.headers["x-content-type-options"] == "nosniff"
    assert client.request("GET", "/static/../app.py").status_code == 404
    assert client.request("GET", "/static/index.html").status_code == 404
    # Nothing but this server: no external script, style or font.
    for asset in ("/", "/static/page.js", "/static/page.css"):
        body = client.request("GET", asset).text
        assert "https://" not in body.replace("https?:", "") and "//cdn" not in body
    # The page's JavaScript never turns draft text into HTML.
    script = client.request("GET", "/static/page.js").text
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "eval(" not in script


def test_skip_follows_edits():
    def edit(start, end, new):
        return Edit(start, end, new, None)  # type: ignore[arg-type]

    skip = Skip([("r", 10, 15), ("r", 2, 4), ("s", 30, 35)])
    skip.follow([edit(0, 1, "abc"), edit(3, 5, "x"), edit(20, 25, "")])
    # before every edit: shifted by all edits before it; touched by one: dropped
    assert skip.spans == {("r", 10 + 2 - 1, 15 + 2 - 1), ("s", 30 + 2 - 1 - 5, 35 + 2 - 1 - 5)}


AUDIT = r"""
import sys, uvicorn
from linter.serve.app import create_app
app, armed = create_app(), []
MODULES = (".py", ".pyc", ".so", ".pth", ".typed")  # lazy imports are allowed
CODE = tuple(p for p in sys.path if p)
def hook(event, args):
    if armed and event in ("open", "os.listdir", "os.scandir", "os.remove", "os.rename", "os.mkdir"):
        path = args[0] if args else None
        path = path.decode(errors="replace") if isinstance(path, bytes) else path
        if not isinstance(path, str) or (event == "open" and path.endswith(MODULES)):
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


def test_the_page_and_its_api_touch_no_file(tmp_path):
    import socket
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "log.txt"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-c", AUDIT, str(port)], cwd=ROOT, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    word = b64(word_file("Obituary", SENTENCE))
    try:
        with httpx.Client(base_url=url, timeout=30) as http:
            for _ in range(600):
                try:
                    http.get("/v2/healthcheck")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            for asset in ("/", "/static/page.js", "/static/page.css"):
                assert http.get(asset).status_code == 200
            assert http.post("/api/check", json={"text": SAMPLE, "path": "d.md"}).status_code == 200
            assert http.post("/api/open", json={"file": word, "path": "s.docx"}).status_code == 200
            assert (
                http.post("/api/fix", json={"text": SAMPLE, "path": "d.md", "safe": True}).status_code == 200
            )
            assert (
                http.post("/api/fix", json={"file": word, "path": "s.docx", "safe": True}).status_code == 200
            )
    finally:
        proc.terminate()
        proc.wait(15)
    assert "FILE ACCESS" not in log.read_text()
