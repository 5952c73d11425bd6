"""The LanguageTool layer, against a real LanguageTool server.

Tests marked ``grammar`` share one JVM (session fixture). They skip only where
Java or Maven is missing, and fail instead when COPYDESK_REQUIRE_GRAMMAR=1
(CI sets it). Fault cases use closed ports, silent sockets and fake commands.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from linter.base.model import Severity
from linter.base.positions import Utf16
from linter.grammar import GrammarUnavailable, InstallError
from linter.grammar import server as lt_server
from linter.grammar.install import find_install, install, java_version
from linter.grammar.layer import build_annotation, check_grammar, to_findings

REQUIRE = os.environ.get("COPYDESK_REQUIRE_GRAMMAR") == "1"
ROOT = Path(__file__).resolve().parents[1]
BAD = "This are a sentence with a error in it."


def _missing_prerequisite() -> str | None:
    version = java_version()
    if version is None:
        return "Java 17+ is not installed (needed to run LanguageTool)"
    if int(version.split(".")[0] if not version.startswith("1.") else version.split(".")[1]) < 17:
        return f"Java {version} is older than 17 (LanguageTool needs 17+)"
    if find_install() is None and shutil.which("mvn") is None:
        return "Maven (mvn) is not installed and LanguageTool is not provisioned yet"
    return None


@pytest.fixture(scope="session")
def lt_url():
    """Install (instant when cached) and start this process's LanguageTool once."""
    problem = _missing_prerequisite()
    if problem:
        if REQUIRE:
            pytest.fail(f"COPYDESK_REQUIRE_GRAMMAR=1 but {problem}")
        pytest.skip(problem)
    try:
        install(progress=lambda msg: print(msg, file=sys.stderr))
        url = lt_server.ensure_server()
    except (InstallError, GrammarUnavailable) as exc:
        pytest.fail(f"LanguageTool is not available: {exc}")
    yield url
    lt_server.shutdown()


def _span(findings, rule):
    return [(f.offset, f.end_offset, f.match) for f in findings if f.rule == rule]


# --- pure units ---------------------------------------------------------------


def test_utf16_offsets_convert_to_code_points():
    text = "a😀b🎉c 👍🏽 ok 𝒳"
    index = Utf16(text)
    for cp in range(len(text) + 1):
        u16 = len(text[:cp].encode("utf-16-le")) // 2
        assert index.codepoint(u16) == cp
    assert Utf16("plain").codepoint(3) == 3


def test_annotation_keeps_source_and_marks_code_as_markup():
    src = "Intro.\n\n```\ncode\n```\n\nOutro."
    fence = (src.index("```"), src.rindex("```") + 3)
    parts = build_annotation(src, [(0, fence[0]), (fence[1], len(src))])
    assert "".join(p.get("text", p.get("markup")) for p in parts) == src
    assert {"markup": "```\ncode\n```", "interpretAs": "\n\n"} in parts
    assert [p["text"] for p in parts if "text" in p] == ["Intro.\n\n", "\n\nOutro."]


def test_matches_map_to_findings():
    src = "🎉 Kellerman's plan has a error."
    u16 = lambda s: len(s.encode("utf-16-le")) // 2  # noqa: E731
    a_at = src.index("a error")
    matches = [
        {
            "message": "Use 'an'.",
            "offset": u16(src[:a_at]),
            "length": 1,
            "replacements": [{"value": v} for v in ["an", "b", "c", "d", "e", "f"]],
            "rule": {
                "id": "EN_A_VS_AN",
                "description": "a vs an",
                "issueType": "misspelling",
                "urls": [{"value": "https://example.org/a-an"}],
                "category": {"id": "MISC"},
            },
        },
        {
            "message": "Spelling.",
            "offset": u16("🎉 "),
            "length": len("Kellerman's"),
            "replacements": [],
            "rule": {
                "id": "MORFOLOGIK_RULE_EN_US",
                "description": "Spelling",
                "issueType": "misspelling",
                "category": {"id": "TYPOS"},
            },
        },
        {
            "message": "Style.",
            "offset": u16(src[: src.index("plan")]),
            "length": 4,
            "replacements": [],
            "rule": {"id": "X", "description": "d", "issueType": "style", "category": {"id": "STYLE"}},
        },
    ]
    found = to_findings(src, [(0, len(src))], matches, words=["Kellerman"])
    assert [f.rule for f in found] == ["languagetool.X", "languagetool.EN_A_VS_AN"]
    style, a_an = found
    assert (a_an.offset, a_an.end_offset, a_an.match) == (a_at, a_at + 1, "a")
    assert a_an.severity is Severity.WARNING and style.severity is Severity.SUGGESTION
    assert a_an.suggestions == ("an", "b", "c", "d", "e") and not a_an.fixable
    assert a_an.pack == "languagetool" and a_an.sources[0].url == "https://example.org/a-an"
    assert style.sources[0].url == "https://languagetool.org"
    assert (a_an.line, a_an.column) == (1, a_at + 1)
    # without the word list the name is reported
    assert "languagetool.MORFOLOGIK_RULE_EN_US" in {
        f.rule for f in to_findings(src, [(0, len(src))], matches)
    }


def test_importing_the_layer_loads_no_client_library():
    code = (
        "import sys, linter.grammar, linter.grammar.layer, linter.grammar.server, "
        "linter.grammar.install; bad = {'language_tool_python', 'requests'} & set(sys.modules); "
        "print(sorted(bad)); sys.exit(1 if bad else 0)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr


def test_not_installed_is_a_clear_reason(tmp_path):
    code = textwrap.dedent("""
        from linter.grammar import check_grammar, GrammarUnavailable
        try:
            check_grammar("Some prose.", [(0, 11)])
        except GrammarUnavailable as exc:
            print(exc.reason)
    """)
    env = {**os.environ, "COPYDESK_CACHE": str(tmp_path), "LTP_PATH": str(tmp_path / "ltp")}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert "LanguageTool is not installed: run `copydesk grammar install`" in out.stdout, out.stderr


# --- fault cases: bounded, clear reasons ---------------------------------------


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_no_prose_sends_nothing():
    assert check_grammar("```\ncode\n```\n", [], url=f"http://127.0.0.1:{_closed_port()}") == []


def test_server_down_is_unavailable_at_once():
    url = f"http://127.0.0.1:{_closed_port()}"
    t0 = time.monotonic()
    with pytest.raises(GrammarUnavailable, match="unreachable"):
        check_grammar(BAD, [(0, len(BAD))], url=url, timeout=2)
    assert time.monotonic() - t0 < 2


def test_silent_server_times_out_within_the_bound():
    with socket.socket() as silent:  # accepts connections (backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        t0 = time.monotonic()
        with pytest.raises(GrammarUnavailable, match=r"did not answer within 1 s"):
            check_grammar(BAD, [(0, len(BAD))], url=url, timeout=1)
        assert time.monotonic() - t0 < 3


def test_start_that_never_gets_ready_is_bounded_and_killed(tmp_path):
    pidfile = tmp_path / "pid"
    slow = ["import os, sys, time", f"open({str(pidfile)!r}, 'w').write(str(os.getpid()))", "time.sleep(120)"]
    t0 = time.monotonic()
    with pytest.raises(GrammarUnavailable, match="did not start within 2 s"):
        lt_server.LocalServer.spawn(lambda port: [sys.executable, "-c", "; ".join(slow)], timeout=2)
    assert time.monotonic() - t0 < 8
    with pytest.raises(ProcessLookupError):
        os.kill(int(pidfile.read_text()), 0)


def test_start_that_exits_reports_why():
    crash = "import sys; print('Exception in thread main: boom'); sys.exit(3)"
    with pytest.raises(GrammarUnavailable, match=r"exited during start-up \(code 3\).*boom"):
        lt_server.LocalServer.spawn(lambda port: [sys.executable, "-c", crash], timeout=10)


# --- the real LanguageTool ------------------------------------------------------


@pytest.mark.grammar
def test_plain_sentence_reports_exact_spans(lt_url):
    findings = check_grammar(BAD, [(0, len(BAD))])
    assert all(f.rule.startswith("languagetool.") and f.pack == "languagetool" for f in findings)
    assert all(BAD[f.offset : f.end_offset] == f.match for f in findings)
    a_at = BAD.index("a error")
    assert _span(findings, "languagetool.EN_A_VS_AN") == [(a_at, a_at + 1, "a")]
    this_are = [f for f in findings if f.offset == 0]
    assert this_are and this_are[0].match in {"This", "This are"}
    assert this_are[0].severity is Severity.WARNING and this_are[0].why
    a_an = next(f for f in findings if f.rule == "languagetool.EN_A_VS_AN")
    assert "an" in a_an.suggestions and (a_an.line, a_an.column) == (1, a_at + 1)


MARKDOWN = """\
# Council vote 🗳️

The council met on Tuesday 😀🎉 and heard from residents.

```python
this are code with a error that must not be reported
```

Cheers 👍🏽 from the newsroom. This are a sentence with a error in it.
"""


@pytest.mark.grammar
def test_span_after_code_block_and_emoji(lt_url):
    fence = (MARKDOWN.index("```python"), MARKDOWN.index("```\n\n", MARKDOWN.index("```python") + 3) + 3)
    heading = len("# ")
    prose = [(heading, fence[0]), (fence[1], len(MARKDOWN))]
    findings = check_grammar(MARKDOWN, prose)
    assert not [f for f in findings if fence[0] <= f.offset < fence[1]], findings
    a_at = MARKDOWN.rindex("a error")
    assert _span(findings, "languagetool.EN_A_VS_AN") == [(a_at, a_at + 1, "a")]
    f = next(f for f in findings if f.rule == "languagetool.EN_A_VS_AN")
    last_line = MARKDOWN.splitlines()[-1]
    assert (f.line, f.column) == (len(MARKDOWN.splitlines()), last_line.rindex("a error") + 1)
    assert any(g.match.startswith("This") and g.offset == MARKDOWN.rindex("This are") for g in findings)


@pytest.mark.grammar
def test_house_words_are_not_typos(lt_url):
    src = "Kellerman's office in Zhytomyr said Kellerman would speak on Monday."
    rules = lambda fs: [(f.rule, f.match) for f in fs]  # noqa: E731
    plain = check_grammar(src, [(0, len(src))])
    assert any(f.match.startswith("Kellerman") for f in plain), rules(plain)
    housed = check_grammar(src, [(0, len(src))], words=["Kellerman", "Zhytomyr"])
    assert not any("Kellerman" in f.match or "Zhytomyr" in f.match for f in housed), rules(housed)


@pytest.mark.grammar
def test_options_reach_languagetool(lt_url):
    src = "Kellerman said this are a error."
    no_spell = check_grammar(src, [(0, len(src))], spellcheck=False)
    assert "Kellerman" not in [f.match for f in no_spell]
    without = check_grammar(src, [(0, len(src))], disabled_rules=["EN_A_VS_AN"])
    assert "languagetool.EN_A_VS_AN" not in {f.rule for f in without}
    assert check_grammar(src, [(0, len(src))], disabled_categories=["GRAMMAR", "TYPOS", "MISC"]) == []
    gb = check_grammar("The colour of the centre.", [(0, 25)], locale="en-GB")
    assert not [f for f in gb if "colour" in f.match or "centre" in f.match]


@pytest.mark.grammar
def test_unknown_locale_is_a_clear_reason(lt_url):
    with pytest.raises(GrammarUnavailable, match="HTTP 400"):
        check_grammar(BAD, [(0, len(BAD))], locale="xx-XX", url=lt_url)


@pytest.mark.grammar
def test_one_server_per_process_with_measurements(lt_url):
    assert lt_server.ensure_server() == lt_url
    stats = lt_server.stats()
    assert stats["url"] == lt_url and stats["rss_mb"] > 50 and stats["startup_seconds"] > 0


@pytest.mark.grammar
def test_language_tool_python_talks_to_our_server(lt_url):
    import language_tool_python

    tool = language_tool_python.LanguageTool("en-US", remote_server=lt_url)
    try:
        rules = {m.rule_id for m in tool.check(BAD)}
    finally:
        tool.close()
    assert "EN_A_VS_AN" in rules


@pytest.mark.grammar
def test_language_tool_python_starts_the_install_itself(lt_url):
    """Its own local-server path finds our launcher jar under $LTP_PATH."""
    code = textwrap.dedent(f"""
        import language_tool_python
        tool = language_tool_python.LanguageTool("en-US")
        try:
            print(sorted(m.rule_id for m in tool.check({BAD!r})))
        finally:
            tool.close()
    """)
    env = {**os.environ, "LTP_PATH": str(find_install().home.parent)}
    env.pop("LTP_JAR_DIR_PATH", None)
    # Own session so a hung port-retry loop and its JVMs can be killed as a group.
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=90)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("language-tool-python did not start LanguageTool within 90 s")
    assert proc.returncode == 0, err[-2000:]
    assert "EN_A_VS_AN" in json.loads(out.strip().replace("'", '"'))


def test_cli_grammar_beside_guidance(lt_url, tmp_path):
    """The issue's scenario: LanguageTool findings beside suicide.* at exact offsets,
    guidance winning on a shared span, quoted grammar matches kept as notes."""
    import json

    from typer.testing import CliRunner

    from linter.cli import app

    text = (
        "This are a sentence with a error in it. The singer committed suicide in 2019.\n\n"
        'She said: "This are my words."\n'
    )
    draft = tmp_path / "draft.txt"
    draft.write_text(text, "utf-8")
    result = CliRunner().invoke(
        app, ["check", "--grammar", "--grammar-url", lt_url, "--format", "json", str(draft)]
    )
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["files"][0]["findings"]
    rules = [f["rule"] for f in findings]
    assert any(r.startswith("languagetool.") for r in rules)
    assert "suicide.commit-suicide" in rules
    for f in findings:
        assert text[f["offset"] : f["end_offset"]] == f["match"]
    ours = [(f["offset"], f["end_offset"]) for f in findings if not f["rule"].startswith("languagetool.")]
    for f in findings:
        if f["rule"].startswith("languagetool."):
            assert not any(s < f["end_offset"] and f["offset"] < e for s, e in ours)
    quoted = [f for f in findings if f["rule"].startswith("languagetool.") and f["offset"] > text.index('"')]
    assert quoted and all(f["in_quote"] and f["severity"] == "note" and not f["fixable"] for f in quoted)


def test_config_turns_grammar_on_and_autofix_applies_it(lt_url, tmp_path, monkeypatch):
    import json

    from typer.testing import CliRunner

    from linter.cli import app

    monkeypatch.chdir(tmp_path)
    text = "This are a sentence with a error in it. The singer committed suicide in 2019.\n"
    draft = tmp_path / "draft.txt"
    draft.write_text(text, "utf-8")
    (tmp_path / ".copydesk.toml").write_text(f'[grammar]\nenabled = true\nurl = "{lt_url}"\n', "utf-8")
    runner = CliRunner()
    report = json.loads(runner.invoke(app, ["check", "--format", "json", "draft.txt"]).stdout)
    assert any(f["rule"].startswith("languagetool.") for f in report["files"][0]["findings"])

    # Without autofix, fix applies our guidance only; LanguageTool is advice.
    runner.invoke(app, ["fix", "draft.txt"])
    fixed = draft.read_text("utf-8")
    assert "died by suicide" in fixed and fixed.startswith("This are a sentence")

    (tmp_path / ".copydesk.toml").write_text(
        f'[grammar]\nenabled = true\nautofix = true\nurl = "{lt_url}"\n', "utf-8"
    )
    runner.invoke(app, ["fix", "draft.txt"])
    assert not draft.read_text("utf-8").startswith("This are a sentence")
    assert "died by suicide" in draft.read_text("utf-8")
