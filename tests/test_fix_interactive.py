"""`copydesk fix -i`: each finding shows its why and source, a single suggestion
says "1 use suggestion", and a suicide story with no support information is
offered the locale's support line at its end. Driven through a real pipe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("copydesk")
HOUSE = Path(__file__).resolve().parent / "fixtures" / "house.yaml"
HOUSE_ARGS = ["--select", "house", "--pack", str(HOUSE)]
FILLER = "She has since raised money for a local charity and ran three marathons in six weeks. " * 10
STORY = f"Her brother died by suicide in March.\n\n{FILLER.strip()}\n"


@pytest.fixture
def ws(tmp_path) -> Path:
    (tmp_path / ".copydesk.toml").write_text("", "utf-8")
    return tmp_path


def review(ws: Path, name: str, answers: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT), "fix", "-i", name, *args],
        cwd=ws,
        input=answers,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")},
        timeout=120,
    )


def test_each_finding_shows_why_and_source(ws):
    (ws / "a.md").write_text("The mayor blamed illegals for the rise.\n", "utf-8")
    out = review(ws, "a.md", "s\n", *HOUSE_ARGS).stdout
    assert "why: It reduces people to an alleged offence. Describe their status." in out
    assert "source: Example Newsroom, House style guide (2024)" in out
    assert "\nhttps://example.org/style-guide\n" in out  # whole, on its own line
    assert "[1-2] use suggestions" in out


def test_one_suggestion_says_1_use_suggestion(ws):
    (ws / "a.md").write_text("An addict spoke.\n", "utf-8")
    out = review(ws, "a.md", "1\n", *HOUSE_ARGS)
    assert "1 use suggestion  c custom rewrite" in out.stdout
    assert "[1-1]" not in out.stdout and "[1-9]" not in out.stdout
    assert (ws / "a.md").read_text("utf-8") == "A person with a substance use disorder spoke.\n"


@pytest.mark.parametrize(
    "locale, helpline",
    [("en-US", "988 Suicide and Crisis Lifeline"), ("en-GB", "Samaritans free on 116 123")],
)
def test_a_suicide_story_without_support_is_offered_the_locale_support_line(ws, locale, helpline):
    (ws / "story.md").write_text(STORY, "utf-8")
    out = review(ws, "story.md", "1\n", "--select", "suicide.missing-support-information", "--locale", locale)
    assert "suicide.missing-support-information" in out.stdout
    assert "1. add at the end:" in out.stdout and "1 add it at the end" in out.stdout
    text = (ws / "story.md").read_text("utf-8")
    assert text.startswith(STORY.rstrip("\n") + "\n\n") and helpline in text.splitlines()[-1]
    check = subprocess.run(
        [str(SCRIPT), "check", "story.md", "--select", "suicide", "--locale", locale, "--format", "concise"],
        cwd=ws,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert "missing-support-information" not in check.stdout  # the added line satisfies the check


def test_a_house_support_line_is_offered_instead(ws):
    (ws / ".copydesk.toml").write_text('support_line = ["Call the Newsdesk Care line on 0800 123 456."]\n')
    (ws / "story.md").write_text(STORY.replace("\n", "\r\n"), "utf-8")
    review(ws, "story.md", "1\n", "--select", "suicide.missing-support-information")
    raw = (ws / "story.md").read_bytes()
    assert raw.endswith(b"six weeks.\r\n\r\nCall the Newsdesk Care line on 0800 123 456.\r\n")
