"""The review page at `copydesk serve`, in a real browser.

Playwright drives Debian's Chromium (browser downloads are not reachable, so it
is launched by path) against the real `copydesk serve` started as a command on
a free loopback port. What the page should show and write is taken from the
real `copydesk check --format json` and `copydesk fix` on the same sample.

Skips with the reason where Chromium or Playwright is missing; fails instead
under CI (the CI variable set), where .ci/run installs Chromium.
Set COPYDESK_SCREENSHOT=docs/images/review-page.png to refresh the README's picture.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "soap-star-miscarriage.md"
CHROMIUM_PATHS = ("chromium", "chromium-browser", "/usr/bin/chromium", "/usr/lib/chromium/chromium")


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {reason} (.ci/run installs Chromium; the test extra has Playwright)")
    pytest.skip(reason)


def _chromium() -> str:
    for name in CHROMIUM_PATHS:
        found = shutil.which(name)
        if found:
            return found
    _missing("Chromium is not installed (apt-get install chromium)")
    raise AssertionError  # unreachable


def _copydesk() -> list[str]:
    script = Path(sys.executable).with_name("copydesk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "linter"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    log = (tmp_path_factory.mktemp("serve") / "serve.log").open("w+b")
    proc = subprocess.Popen(
        [*_copydesk(), "serve", "--port", str(port)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail(f"copydesk serve exited: {log.read().decode(errors='replace')}")
            try:
                with urllib.request.urlopen(url + "/v2/healthcheck", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("copydesk serve did not answer within 60 s")
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python is not installed (pip install -e '.[test]')")
    with sync_playwright() as pw:
        # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start;
        # containers often have a tiny /dev/shm.
        args = ["--no-sandbox", "--disable-dev-shm-usage"]
        launched = pw.chromium.launch(executable_path=executable, args=args)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    tab = context.new_page()
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(server + "/")
    yield tab
    context.close()
    assert not errors, f"the page raised: {errors}"


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*_copydesk(), *args], input=stdin, capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def sample_findings() -> list[dict]:
    out = cli("check", "--format", "json", "--stdin-filename", "draft.md", "-", stdin=SAMPLE.read_text())
    return json.loads(out.stdout)["files"][0]["findings"]


@pytest.fixture(scope="module")
def sample_fixed(tmp_path_factory) -> bytes:
    """What `copydesk fix` writes for the sample."""
    copy = tmp_path_factory.mktemp("fix") / "draft.md"
    copy.write_bytes(SAMPLE.read_bytes())
    cli("fix", str(copy))
    return copy.read_bytes()


def paste(page, text: str, fmt: str = "markdown") -> None:
    page.fill("#draft", text)
    page.select_option("#format", fmt)
    with page.expect_response(lambda r: r.url.endswith("/api/check")):
        page.click("#check")
    page.wait_for_selector("#review:not([hidden])")
    page.wait_for_function("!document.querySelector('#check').disabled")  # rendered


def marks(page) -> list[dict]:
    return page.eval_on_selector_all(
        "#doc mark.hl", "ms => ms.map(m => ({text: m.textContent, cls: m.className}))"
    )


def expected_groups(findings: list[dict]) -> list[tuple[str, str]]:
    """Overlapping findings share one highlight; its style is the most severe
    finding outside quotes, or in-quote when all are quoted."""
    rank = {"error": 3, "warning": 2, "suggestion": 1, "note": 0}
    groups: list[list[dict]] = []
    for f in sorted(findings, key=lambda f: (f["offset"], -f["end_offset"])):
        if groups and f["offset"] < max(g["end_offset"] for g in groups[-1]):
            groups[-1].append(f)
        else:
            groups.append([f])
    text = SAMPLE.read_text()
    out = []
    for g in groups:
        start, end = g[0]["offset"], max(f["end_offset"] for f in g)
        outside = [f for f in g if not f["in_quote"]]
        cls = "sev-" + max(outside, key=lambda f: rank[f["severity"]])["severity"] if outside else "in-quote"
        out.append((text[start:end], cls))
    return out


def download(page) -> bytes:
    with page.expect_download() as info:
        page.click("#download")
    return Path(info.value.path()).read_bytes()


# --- the tests --------------------------------------------------------------------


def test_sample_is_highlighted_in_place(page, sample_findings):
    paste(page, SAMPLE.read_text())
    shown = [(m["text"], next(c for c in m["cls"].split() if c != "hl")) for m in marks(page)]
    assert shown == expected_groups(sample_findings)
    kinds = {cls for _, cls in shown}
    assert {"sev-warning", "in-quote", "sev-note"} <= kinds  # three looks on one page
    # The whole draft is there, as text, with nothing lost around the highlights.
    assert page.text_content("#doc") == SAMPLE.read_text()
    assert "5 findings" in page.text_content("#status")


def test_open_a_finding_and_move_by_keyboard(page, sample_findings):
    paste(page, SAMPLE.read_text())
    unborn = next(f for f in sample_findings if f["match"] == "unborn baby")
    page.click("#doc mark.hl >> text=unborn baby")
    detail = page.locator("#detail-body")
    assert detail.locator(".message").first.text_content() == unborn["message"]
    assert detail.locator(".why").first.text_content() == unborn["why"]
    links = detail.locator(".sources a")
    assert links.count() == len(unborn["sources"])
    assert links.first.get_attribute("href") == unborn["sources"][0]["url"]
    assert detail.locator("button.accept").first.text_content() == "Use \u201cbaby\u201d"
    # n moves to the next highlight, p back; Enter opens the focused one.
    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.textContent") == "embryo"
    assert "never rewritten" in detail.text_content()
    assert detail.locator("button.accept").count() == 0  # quoted words get no rewrite
    page.keyboard.press("p")
    assert page.evaluate("document.activeElement.textContent") == "unborn baby"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert detail.locator(".rule-id").first.text_content() == "pregnancy-loss.fetus-in-loss-story"


def test_accept_one_fix_then_download_equals_copydesk_fix(page, sample_findings, sample_fixed):
    assert sum(f["fixable"] for f in sample_findings) == 1  # so one accepted fix is all `fix` does
    paste(page, SAMPLE.read_text())
    page.click("#doc mark.hl >> text=committed suicide")
    page.click("#detail-body button.accept >> text=died by suicide")
    page.wait_for_selector("#changes li")
    assert page.text_content("#changes li") == "committed suicide \u2192 died by suicide"
    assert "died by suicide in 2019" in page.text_content("#doc")
    assert download(page) == sample_fixed


def test_dismiss_and_accept_all_safe_fixes(page, sample_fixed):
    paste(page, SAMPLE.read_text())
    before = len(marks(page))
    page.click("#doc mark.hl >> text=unborn baby")
    page.click("#detail-body button.dismiss")
    assert len(marks(page)) == before - 1
    assert page.text_content("#dismissed-note") == "1 finding dismissed."
    page.click("#fix-all")
    page.wait_for_selector("#changes li")
    assert page.is_disabled("#fix-all")  # nothing safe left
    assert download(page) == sample_fixed
    assert "unborn baby" not in [m["text"] for m in marks(page)]  # still dismissed after the edit


def test_a_script_in_the_draft_is_shown_never_run(page):
    hostile = (
        "<script>window.pwned = 1</script>\n"
        '<img src="x" onerror="window.pwned = 2">\n\n'  # a blank line ends Markdown's HTML block
        'She committed suicide. <b onmouseover="window.pwned = 3">bold</b>\n'
    )
    for fmt in ("html", "markdown", "text"):
        paste(page, hostile, fmt)
        assert page.text_content("#doc") == hostile
        assert page.locator("#doc script, #doc img, #doc b").count() == 0
        page.hover("#doc")
        assert page.evaluate("window.pwned") is None
        assert "committed suicide" in [m["text"] for m in marks(page)]


def test_word_upload_downloads_the_fix_output_copy(page, tmp_path):
    import docx

    draft = tmp_path / "story.docx"
    document = docx.Document()
    document.add_paragraph("Obituary")
    document.add_paragraph("The actor committed suicide in 2019, his family said.")
    document.save(draft)
    expected = tmp_path / "expected.docx"
    result = cli("fix", "--output", str(expected), str(draft))
    assert expected.exists(), result.stderr
    page.set_input_files("#upload", str(draft))
    page.wait_for_selector("#doc mark.hl")
    assert "committed suicide" in page.text_content("#doc")
    page.click("#fix-all")
    page.wait_for_selector("#changes li")
    got = download(page)

    def body(data: bytes) -> bytes:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return z.read("word/document.xml")

    assert body(got) == body(expected.read_bytes())
    assert b"died by suicide" in body(got)


CONTRAST = """() => {
  const parse = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = (rgb) => rgb.map((v) => v / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const backdrop = (el) => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const texts = "mark.hl, .badge, button, .hint, .sources a, .message, .why, .rule-id, label, #status, "
    + ".masthead h1, .masthead p, .legend .hl, #doc";
  return [...document.querySelectorAll(texts)].map((el) => {
    const [a, b] = [lum(parse(getComputedStyle(el).color).slice(0, 3)), lum(backdrop(el))].sort((x, y) => y - x);
    return [el.tagName + "." + el.className, (a + 0.05) / (b + 0.05)];
  });
}"""


def test_text_contrast_meets_wcag_aa(page):
    paste(page, SAMPLE.read_text())
    page.click("#doc mark.hl >> text=unborn baby")
    ratios = page.evaluate(CONTRAST)
    assert len(ratios) > 20
    low = [(what, round(r, 2)) for what, r in ratios if r < 4.5]
    assert not low, f"below WCAG AA 4.5:1: {low}"


def test_phone_width(browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.goto(server + "/")
    paste(tab, SAMPLE.read_text())
    tab.tap("#doc mark.hl >> text=unborn baby")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling
    doc, detail = tab.locator("#doc").bounding_box(), tab.locator("#detail").bounding_box()
    assert detail["y"] >= doc["y"] + doc["height"]  # the panel stacks below the draft
    assert tab.locator("#detail .message").is_visible()
    assert tab.evaluate("document.querySelector('#detail').getBoundingClientRect().top") < 740  # brought up
    tab.tap("#detail button.back")
    assert tab.evaluate("document.activeElement.textContent") == "unborn baby"
    context.close()


def test_labels_and_security_headers(page, server):
    for control in ("draft", "format", "upload"):
        assert page.locator(f"label[for={control}]").count() == 1
    with urllib.request.urlopen(server + "/") as answer:
        csp = answer.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
    # Every asset is the server's own: no request left for another host.
    hosts = page.evaluate("performance.getEntriesByType('resource').map(e => new URL(e.name).host)")
    assert set(hosts) <= {server.removeprefix("http://")}


@pytest.mark.skipif(
    not os.environ.get("COPYDESK_SCREENSHOT"), reason="set COPYDESK_SCREENSHOT=PATH to refresh"
)
def test_screenshot(browser, server):
    context = browser.new_context(viewport={"width": 1200, "height": 860})
    tab = context.new_page()
    tab.goto(server + "/")
    paste(tab, SAMPLE.read_text())
    tab.click("#doc mark.hl >> text=unborn baby")
    tab.locator("#review").scroll_into_view_if_needed()
    tab.screenshot(path=os.environ["COPYDESK_SCREENSHOT"], full_page=True)
    context.close()
