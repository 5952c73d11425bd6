"""The suicide support check accepts the helplines of every locale the newsroom
lists (`support_locales`), names what it looked for, and `copydesk init` writes
the default locale the README documents."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from typer.testing import CliRunner

from linter import Config, check_text
from linter.cli import app

ROOT = Path(__file__).resolve().parents[1]
# Long enough (over the rule's 80 words) to be judged for what it lacks.
UK_STORY = (
    "The musician took his own life in 2021, his family said in a statement. Friends described him "
    "as generous and funny, a songwriter who always made time for younger players. He had toured "
    "with the band for a decade and recorded four albums with them. The band cancelled its autumn "
    "dates and said it would hold a memorial concert in his home town next year, with proceeds going "
    "to music education. His family asked for privacy and thanked fans for their messages. "
    "Anyone affected can call Samaritans free on 116 123."
)


def support_findings(config: Config) -> list:
    return [f for f in check_text(UK_STORY, config=config) if f.rule == "suicide.missing-support-information"]


def test_a_uk_helpline_counts_in_a_us_newsroom_that_lists_en_gb():
    assert support_findings(Config(locale="en-US"))  # not listed: Samaritans is not a US helpline
    assert not support_findings(Config(locale="en-US", support_locales=("en-GB",)))
    assert not support_findings(Config(locale="en-GB"))


def test_the_message_names_what_it_looked_for():
    (finding,) = support_findings(Config(locale="en-US", support_line=("Newsdesk Care",)))
    assert "Looked for en-US support:" in finding.message
    for term in ("988", "Crisis Text Line", "helpline", "Newsdesk Care"):
        assert term in finding.message
    assert "Samaritans" not in finding.message
    story = UK_STORY.replace("Samaritans free on 116 123", "our desk")
    (both,) = [
        f
        for f in check_text(story, config=Config(locale="en-US", support_locales=("en-GB",)))
        if f.rule == "suicide.missing-support-information"
    ]
    assert "Looked for en-US, en-GB support:" in both.message and "Samaritans" in both.message


def test_support_locales_in_the_config_file(tmp_path):
    (tmp_path / "story.md").write_text(UK_STORY + "\n", "utf-8")
    (tmp_path / ".copydesk.toml").write_text('locale = "en-US"\nsupport_locales = ["en-GB"]\n', "utf-8")
    out = CliRunner().invoke(app, ["check", str(tmp_path / "story.md"), "--format", "json"])
    rules = [f["rule"] for file in json.loads(out.stdout)["files"] for f in file["findings"]]
    assert "suicide.missing-support-information" not in rules
    (tmp_path / ".copydesk.toml").write_text('support_locales = ["fr-FR"]\n', "utf-8")
    out = CliRunner().invoke(app, ["check", str(tmp_path / "story.md")])
    assert out.exit_code == 2
    assert ".copydesk.toml:1: support_locales: expected locales among en-US, en-GB, got 'fr-FR'" in out.stderr


def test_init_writes_the_default_locale_the_readme_documents(tmp_path):
    readme = (ROOT / "README.md").read_text("utf-8")
    documented = re.search(r"`(en-\w\w)` \(default\)", readme).group(1)
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert CliRunner().invoke(app, ["init"]).exit_code == 0
    finally:
        os.chdir(old)
    config = (tmp_path / ".copydesk.toml").read_text("utf-8")
    assert re.search(r'^locale = "(.*)"$', config, re.M).group(1) == documented == Config().locale
    assert "support_locales" in config
