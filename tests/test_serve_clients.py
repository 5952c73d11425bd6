"""`copydesk serve` as real LanguageTool clients use it.

* Paragraph-at-a-time clients (LibreOffice) against whole-document ones (a CMS):
  what each request can see decides which checks run.
* LibreOffice's own LanguageTool client, driven through UNO on a multi-paragraph
  .odt (tests/lo_proofread.py under the system python3).
* LanguageTool's Java client (``languagetool-http-client`` from Maven Central).
* language-tool-python, and raw HTTP for the endpoints and parameters.

LibreOffice and Java/Maven tests skip locally with the reason when the program
is missing, and fail instead under CI (``CI`` set).
"""

from __future__ import annotations

import http.client
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("serve_load", ROOT / "benchmarks" / "serve_load.py")
serve_load = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(serve_load)

IN_CI = bool(os.environ.get("CI"))
MISSING_SUPPORT = "COPYDESK_SUICIDE_MISSING_SUPPORT_INFORMATION"
COMMIT_SUICIDE = "COPYDESK_SUICIDE_COMMIT_SUICIDE"
UNBORN = "COPYDESK_PREGNANCY_LOSS_UNBORN_BABY"

# A suicide story in four paragraphs; the helplines come only at the very end.
STORY = [
    "The singer committed suicide in 2019, his family said in a statement on Monday.",
    "Friends described him as generous and funny, a songwriter who always made time for "
    "younger players. He had toured with the band for a decade and recorded four albums.",
    "His family asked for privacy and thanked fans for their messages, which have filled the "
    "band's website since the news broke. A book of condolence is open at the town library.",
    "The band cancelled its autumn dates and said it would hold a memorial concert in his "
    "home town next year, with proceeds going to music education.",
    "Anyone in crisis can call or text 988. In the UK, Samaritans can be reached on 116 123.",
]
NO_HELPLINE = STORY[:-1]
# A stillbirth story whose second paragraph alone reads as abortion-policy copy.
STILLBIRTH = [
    "Emma Hart's daughter Isla was stillborn at 38 weeks last spring.",
    "Hart, who was told at the clinic that an abortion would be legal under state law, "
    "talked to her unborn baby every night.",
    "The stillbirth has led the family to campaign for better monitoring in maternity units.",
]


def skip_or_fail(reason: str):
    if IN_CI:
        pytest.fail(f"CI is set but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def server():
    with serve_load.spawn_server() as url:
        yield url


def post(url, path="/v2/check", **fields):
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.request(
        "POST", path, urllib.parse.urlencode(fields), {"Content-Type": "application/x-www-form-urlencoded"}
    )
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, resp.getheader("Content-Type", ""), data


def check(url, **fields) -> dict:
    status, _, data = post(url, **fields)
    assert status == 200, data
    return json.loads(data)


def ids(body) -> list[str]:
    return [m["rule"]["id"] for m in body["matches"]]


def overlaps(a, b) -> bool:
    return a["offset"] < b["offset"] + b["length"] and b["offset"] < a["offset"] + a["length"]


# --- paragraph requests and whole documents ---------------------------------------


def test_paragraph_requests_never_get_whole_article_findings(server):
    """LibreOffice's way: each paragraph alone. None can see the helplines at the end."""
    seen = []
    for para in STORY:
        body = check(server, language="en-US", text=para)
        assert body["copydesk"]["scope"] == "paragraph"
        seen += ids(body)
    assert COMMIT_SUICIDE in seen and MISSING_SUPPORT not in seen


@pytest.mark.parametrize("send", ["text", "data"])
def test_whole_document_gets_the_full_checks(server, send):
    def whole(paragraphs):
        if send == "text":
            return {"text": "\n\n".join(paragraphs)}
        parts = []
        for p in paragraphs:  # HTML paragraphs, each closing as a paragraph break
            parts += [{"markup": "<p>"}, {"text": p}, {"markup": "</p>", "interpretAs": "\n\n"}]
        return {"data": json.dumps({"annotation": parts})}

    body = check(server, language="en-US", **whole(STORY))
    assert body["copydesk"]["scope"] == "document"
    assert MISSING_SUPPORT not in ids(body)  # both helplines are there, at the end

    body = check(server, language="en-US", **whole(NO_HELPLINE))
    missing = [m for m in body["matches"] if m["rule"]["id"] == MISSING_SUPPORT]
    phrase = [m for m in body["matches"] if m["rule"]["id"] == COMMIT_SUICIDE]
    assert len(missing) == 1 and len(phrase) == 1
    # Anchored on its own span, not on "committed suicide" that the phrase rule holds.
    assert not overlaps(missing[0], phrase[0])
    assert missing[0]["rule"]["issueType"] == "omission" and missing[0]["copydesk"]["wholeArticle"]
    assert missing[0]["sentence"].startswith("The band cancelled")  # the story's last sentence


def test_line_breaks_alone_are_one_paragraph_unless_mode_says_all(server):
    """LibreOffice sends a manual line break inside a paragraph as a newline."""
    text = "\n".join(NO_HELPLINE)
    body = check(server, language="en-US", text=text)
    assert body["copydesk"]["scope"] == "paragraph" and MISSING_SUPPORT not in ids(body)
    body = check(server, language="en-US", text=text, mode="all")  # LanguageTool's "every rule"
    assert body["copydesk"]["scope"] == "document" and MISSING_SUPPORT in ids(body)


def test_language_tool_python_sends_paragraphs_or_the_whole_story():
    language_tool_python = pytest.importorskip("language_tool_python")
    with serve_load.spawn_server() as url:
        tool = language_tool_python.LanguageTool("en-US", remote_server=url)
        try:
            per_paragraph = [m.rule_id for p in NO_HELPLINE for m in tool.check(p)]
            whole = [m.rule_id for m in tool.check("\n\n".join(NO_HELPLINE))]
        finally:
            tool.close()
    assert MISSING_SUPPORT not in per_paragraph and whole.count(MISSING_SUPPORT) == 1


def test_a_paragraph_gets_no_replacement_that_one_reading_would_make_harmful(server):
    alone = [
        m for m in check(server, language="en-US", text=STILLBIRTH[1])["matches"] if m["rule"]["id"] == UNBORN
    ]
    assert len(alone) == 1
    assert alone[0]["replacements"] == []  # not "fetus": this is a stillbirth story
    assert "general advice" in alone[0]["message"]
    whole = check(server, language="en-US", text="\n\n".join(STILLBIRTH))
    (m,) = [m for m in whole["matches"] if m["rule"]["id"] == UNBORN]
    # The story reads as a loss: "baby" is advised, in the message; the rule never
    # rewrites by itself, so no one-click replacement (only `copydesk fix`'s are).
    assert m["replacements"] == [] and "Consider: \u201cbaby\u201d" in m["message"]


def test_only_fixes_copydesk_would_apply_are_replacements(server):
    body = check(
        server, language="en-US", text="The singer committed suicide in 2019. Police held the addicts."
    )
    by_rule = {m["rule"]["id"]: m for m in body["matches"]}
    assert [r["value"] for r in by_rule[COMMIT_SUICIDE]["replacements"]][:1] == ["died by suicide"]
    addict = next(m for rule, m in by_rule.items() if "ADDICT" in rule)
    assert addict["replacements"] == [] and "Consider: \u201cpeople who use drugs\u201d" in addict["message"]


def test_languagetool_mode_parameter(server):
    text = "\n\n".join(NO_HELPLINE)
    assert MISSING_SUPPORT not in ids(check(server, language="en-US", text=text, mode="allButTextLevelOnly"))
    assert ids(check(server, language="en-US", text=text, mode="textLevelOnly")) == [MISSING_SUPPORT]
    assert ids(check(server, language="en-US", text=text, mode="batch")).count(MISSING_SUPPORT) == 1
    status, _, data = post(server, language="en-US", text=text, mode="fast")
    assert status == 400 and data.startswith(b"Error: Mode must be one of 'textLevelOnly'")


# --- messages -------------------------------------------------------------------------


def test_short_message_then_the_quote_note(server):
    body = check(server, language="en-US", text='Her mother said: "He committed suicide."')
    (m,) = [m for m in body["matches"] if m["rule"]["id"] == COMMIT_SUICIDE]
    assert m["shortMessage"] == '"committed suicide" frames suicide as a crime or a sin (in a direct quote)'
    assert m["message"].startswith('"committed suicide" frames suicide')
    assert m["message"].endswith(
        "Inside a direct quote: quoted words are never rewritten. Consider paraphrasing, or add context."
    )
    why = m["copydesk"]["why"]
    assert why and why not in m["message"] and len(m["message"]) < 300
    assert m["rule"]["urls"] and m["rule"]["issueType"] == "style"  # a note


# --- languages and levels ------------------------------------------------------------------


@pytest.mark.parametrize(
    "code,name,locale",
    [
        ("en-AU", "English (Australian)", "en-GB"),
        ("en-CA", "English (Canadian)", "en-US"),
        ("en-NZ", "English (New Zealand)", "en-GB"),
        ("en-ZA", "English (South African)", "en-GB"),
        ("en-gb", "English (GB)", "en-GB"),
    ],
)
def test_every_english_variant(server, code, name, locale):
    # A UK helpline satisfies en-GB guidance and not en-US's.
    text = "\n\n".join(NO_HELPLINE + ["Samaritans can be reached on 116 123."])
    body = check(server, language=code, text=text)
    assert body["language"]["name"] == name and body["copydesk"]["locale"] == locale
    assert (MISSING_SUPPORT in ids(body)) == (locale == "en-US")
    assert check(server, language="auto", preferredVariants=code, text="x")["language"]["name"] == name


def test_every_languagetool_level(server):
    levels = ["default", "picky", "academic", "clarity", "professional", "creative"]
    levels += ["customer", "jobapp", "objective", "elegant"]
    expected = ids(check(server, language="en-US", text=STORY[0]))
    for level in levels:
        assert ids(check(server, language="en-US", text=STORY[0], level=level)) == expected, level
    status, _, data = post(server, language="en-US", text="a", level="strict")
    assert status == 400 and b"Valid values: default, picky, academic" in data


# --- the other endpoints -----------------------------------------------------------------


def test_info_endpoints(server):
    assert post(server, "/v2/maxtextlength")[::2] == (200, b"20000")
    status, kind, data = post(server, "/v2/info")
    assert status == 200 and json.loads(data)["software"]["name"] == "copydesk"
    status, _, data = post(server, "/v2/configinfo", language="en-GB")
    info = json.loads(data)
    assert info["parameter"] == {"maxTextLength": 20000}
    rules = {r["ruleId"]: r for r in info["rules"]}
    assert rules[COMMIT_SUICIDE]["categoryId"] == "suicide"
    assert rules[MISSING_SUPPORT]["isTextLevelRule"] == "yes"
    assert rules[MISSING_SUPPORT]["locQualityIssueType"] == "omission"
    assert post(server, "/v2/configinfo")[::2] == (400, b"Error: 'language' parameter missing")


def test_port_zero_announces_the_real_port(tmp_path):
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "linter", "serve", "--port", "0", "--log-level", "warning"],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(600):
            found = re.search(r"LanguageTool API at http://127\.0\.0\.1:(\d+)/v2/", log.read_text())
            if found or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert found, log.read_text()
        port = int(found.group(1))
        assert port != 0
        serve_load._wait_ready(proc, f"http://127.0.0.1:{port}", 60, log.open("rb"))
    finally:
        proc.terminate()
        proc.wait(15)


def test_serve_help_shows_the_server_options():
    out = subprocess.run(
        [sys.executable, "-m", "linter", "serve", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "120"},
    ).stdout
    for option in (
        "--log-level",
        "--access-log",
        "--max-text-length CHARS",
        "--timeout SECONDS",
        "--port PORT",
    ):
        assert option in out, option
    assert "critical|error|warning|info|debug|trace" in out


# --- LanguageTool's Java client ------------------------------------------------------------

JAVA_CLIENT_VERSION = "6.7"  # the newest languagetool-http-client on Maven Central
JAVA_CLIENT = r"""
import java.net.URL;
import java.util.*;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.languagetool.remote.*;

public class Client {
  public static void main(String[] args) throws Exception {
    RemoteLanguageTool lt = new RemoteLanguageTool(new URL(args[0]));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("maxTextLength", lt.getMaxTextLength());
    RemoteConfigurationInfo info = lt.getConfigurationInfo("language=en-US");
    out.put("configMaxTextLength", info.getMaxTextLength());
    out.put("software", info.getSoftwareInfo());
    out.put("rules", info.getRemoteRules().size());
    RemoteResult result = lt.check(args[1], "en-US");
    out.put("language", result.getLanguageCode());
    List<Map<String, Object>> matches = new ArrayList<>();
    for (RemoteRuleMatch m : result.getMatches()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("rule", m.getRuleId());
      row.put("offset", m.getErrorOffset());
      row.put("length", m.getErrorLength());
      row.put("message", m.getMessage());
      row.put("short", m.getShortMessage().orElse(null));
      row.put("replacements", m.getReplacements().orElse(null));
      row.put("issueType", m.getLocQualityIssueType().orElse(null));
      row.put("url", m.getUrl().orElse(null));
      matches.add(row);
    }
    out.put("matches", matches);
    System.out.println(new ObjectMapper().writeValueAsString(out));
  }
}
"""
JAVA_POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.copydesk</groupId><artifactId>lt-http-client-test</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.languagetool</groupId><artifactId>languagetool-http-client</artifactId>
      <version>{version}</version>
      <exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions></dependency>
    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId>
      <version>2.18.0</version></dependency>
  </dependencies>
</project>
"""


def java_client_jars() -> Path:
    """The client and Jackson from Maven Central, cached beside the LanguageTool install."""
    if not shutil.which("java"):
        skip_or_fail("java is not installed (LanguageTool's Java client needs it)")
    libs = Path.home() / ".cache" / "copydesk" / f"lt-http-client-{JAVA_CLIENT_VERSION}"
    if (libs / f"languagetool-http-client-{JAVA_CLIENT_VERSION}.jar").is_file():
        return libs
    if not shutil.which("mvn"):
        skip_or_fail("mvn is not installed to fetch languagetool-http-client from Maven Central")
    staging = libs.with_name(libs.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    (staging / "pom.xml").write_text(JAVA_POM.format(version=JAVA_CLIENT_VERSION))
    out = subprocess.run(
        [
            "mvn",
            "-q",
            "-B",
            "-f",
            str(staging / "pom.xml"),
            "dependency:copy-dependencies",
            f"-DoutputDirectory={staging}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if out.returncode != 0:
        skip_or_fail(f"mvn could not fetch languagetool-http-client: {(out.stdout + out.stderr)[-800:]}")
    staging.rename(libs)
    return libs


def test_languagetool_java_client(server, tmp_path):
    libs = java_client_jars()
    source = tmp_path / "Client.java"
    source.write_text(JAVA_CLIENT)
    text = "😀 The singer committed suicide in 2019."
    out = subprocess.run(
        ["java", "-cp", f"{libs}/*", str(source), server, text], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-3000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["maxTextLength"] == got["configMaxTextLength"] == 20000
    assert got["software"]["name"] == "copydesk" and got["rules"] > 100
    assert got["language"] == "en-US"
    (m,) = [m for m in got["matches"] if m["rule"] == COMMIT_SUICIDE]
    assert (m["offset"], m["length"]) == (14, 17)  # UTF-16: the emoji counts two
    assert m["replacements"] == ["died by suicide"] and m["issueType"] == "terminology"
    assert m["short"] == '"committed suicide" frames suicide as a crime or a sin'
    assert m["url"].startswith("https://")


# --- LibreOffice through UNO ---------------------------------------------------------------

SYSTEM_PYTHON = "/usr/bin/python3"
SOFFICE = "/usr/lib/libreoffice/program/soffice"


def libreoffice_ready() -> None:
    if not Path(SOFFICE).exists():
        skip_or_fail("LibreOffice is not installed (apt-get install libreoffice-writer-nogui python3-uno)")
    probe = (
        subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True)
        if Path(SYSTEM_PYTHON).exists()
        else None
    )
    if probe is None or probe.returncode != 0:
        skip_or_fail("python3-uno is not installed for /usr/bin/python3 (apt-get install python3-uno)")


def proofread_odt(server, tmp_path, paragraphs, locale="en-US") -> dict:
    libreoffice_ready()
    story = tmp_path / "paragraphs.json"
    story.write_text(json.dumps(paragraphs), encoding="utf-8")
    out = subprocess.run(
        [
            SYSTEM_PYTHON,
            str(ROOT / "tests" / "lo_proofread.py"),
            f"{server}/v2",
            str(tmp_path / "profile"),
            str(tmp_path / "story.odt"),
            locale,
            str(story),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        env={k: v for k, v in os.environ.items() if not k.startswith("PYTHON")},
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert (tmp_path / "story.odt").stat().st_size > 0
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_libreoffice_checks_a_multi_paragraph_odt(server, tmp_path):
    # The last paragraph is the whole story with manual line breaks (Shift+Enter):
    # long enough for the support check, which still must not run on it.
    paragraphs = NO_HELPLINE + [STILLBIRTH[1], "\n".join(NO_HELPLINE)]
    got = proofread_odt(server, tmp_path, paragraphs)
    # LibreOffice asked /v2/languages and offers its checker for every variant we list.
    assert {"en-US", "en-GB", "en-AU", "en-CA", "en-NZ", "en-ZA"} <= set(got["supported"])
    assert [p["text"] for p in got["paragraphs"]] == paragraphs  # read back from the .odt
    first = got["paragraphs"][0]["errors"]
    (e,) = [e for e in first if paragraphs[0][e["start"] : e["start"] + e["length"]] == "committed suicide"]
    assert e["suggestions"] == ["died by suicide"]
    # LibreOffice shows LanguageTool's message as its short comment (context menu)
    # and shortMessage as the full comment; neither carries the 600-character why.
    assert e["short"].startswith('"committed suicide" frames suicide as a crime or a sin;')
    assert e["full"] == '"committed suicide" frames suicide as a crime or a sin'
    assert all(len(x["short"]) < 300 for p in got["paragraphs"] for x in p["errors"])
    # No paragraph is told the story lacks a helpline: none of them can see the whole story.
    assert not [x for p in got["paragraphs"] for x in p["errors"] if "no source of support" in x["short"]]
    # The stillbirth paragraph read alone looks like abortion-policy copy: no "fetus" fix.
    (unborn,) = [x for x in got["paragraphs"][-2]["errors"] if "unborn baby" in x["short"]]
    assert unborn["suggestions"] == []


# --- the engine's fragment mode, without a server ----------------------------------------


def test_fragment_check_keeps_only_what_holds_in_every_reading():
    from linter import Config
    from linter.engine import check_text
    from linter.engine.findings import safe_suggestions
    from linter.engine.pipeline import get_engine

    story = "\n\n".join(NO_HELPLINE)
    whole = [f.rule for f in check_text(story, config=Config(), kind="text")]
    part = [f.rule for f in check_text(story, config=Config(), kind="text", fragment=True)]
    assert "suicide.missing-support-information" in whole
    assert part == [r for r in whole if r != "suicide.missing-support-information"]

    (alone,) = [
        f
        for f in check_text(STILLBIRTH[1], config=Config(), kind="text")
        if f.rule == "pregnancy-loss.unborn-baby"
    ]
    assert "fetus" in alone.suggestions  # today's reading of the paragraph on its own
    (fragment,) = [
        f
        for f in check_text(STILLBIRTH[1], config=Config(), kind="text", fragment=True)
        if f.rule == "pregnancy-loss.unborn-baby"
    ]
    assert fragment.suggestions == () and "general advice" in fragment.message
    rules = {r.id: r for r in get_engine(Config()).all_rules}
    assert safe_suggestions(rules["pregnancy-loss.unborn-baby"]) == ()
    assert [s.text for s in safe_suggestions(rules["suicide.commit-suicide"])] == ["die by suicide"]
