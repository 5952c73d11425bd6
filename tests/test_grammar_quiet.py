"""`--grammar` quiet enough to gate a commit, against a real LanguageTool (the
session server of tests/test_grammar.py): no unpaired-quote alarm on quotes
running over several paragraphs, capitalised names LanguageTool does not know
are notes, findings follow the run's locale, and our sample drafts raise no
grammar finding at warning level."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_grammar import lt_url  # noqa: F401  (the session's LanguageTool)
from typer.testing import CliRunner

from linter.cli import app

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.grammar


def grammar_run(url: str, path: Path, *args: str) -> list[dict]:
    out = CliRunner().invoke(
        app, ["check", str(path), "--grammar-url", url, "--require-grammar", "--format", "json", *args]
    )
    assert out.exit_code in (0, 1), out.output
    doc = json.loads(out.stdout)
    return [f for file in doc["files"] for f in file["findings"] if f["rule"].startswith("languagetool.")]


def test_sample_drafts_raise_no_grammar_warning(lt_url):  # noqa: F811
    drafts = sorted((ROOT / "examples").glob("*.md"))
    assert drafts
    for draft in drafts:
        for locale in ("en-US", "en-GB"):
            found = grammar_run(lt_url, draft, "--locale", locale)
            loud = [f for f in found if f["severity"] in ("error", "warning")]
            assert loud == [], (draft.name, locale, loud)
            assert not [f for f in found if "UNPAIRED" in f["rule"]], (draft.name, found)


def test_quote_over_paragraphs_is_not_unpaired_but_a_stray_mark_is(lt_url, tmp_path):  # noqa: F811
    story = tmp_path / "story.md"
    story.write_text(
        'The mayor spoke at length. "We will rebuild the bridge," she said. "It will take\n'
        "two years.\n\n"
        '"And it will cost less than the last one."\n',
        "utf-8",
    )
    assert not [f for f in grammar_run(lt_url, story) if "UNPAIRED" in f["rule"]]
    stray = tmp_path / "stray.md"
    stray.write_text(
        'The mayor said "we will rebuild and left the room.\n\nThe council met later.\n', "utf-8"
    )
    assert [f for f in grammar_run(lt_url, stray) if "UNPAIRED" in f["rule"]]


def test_unknown_capitalised_names_are_notes_typos_stay_warnings(lt_url, tmp_path):  # noqa: F811
    story = tmp_path / "story.txt"
    story.write_text(
        "Councillor Wexbridge met Mara Quillentine on Tuesday. Wexbridge said the recieved letters "
        "were many. Recieved wisdom was wrong.\n",
        "utf-8",
    )
    found = {(f["match"], f["column"]): f for f in grammar_run(lt_url, story, "--locale", "en-GB")}
    names = [f for (m, _), f in found.items() if m in ("Wexbridge", "Quillentine")]
    assert len(names) == 3 and all(f["severity"] == "note" for f in names)
    assert all("likely a name" in f["message"] for f in names)
    typos = [f for (m, _), f in found.items() if m.lower() == "recieved"]
    assert len(typos) == 2 and all(f["severity"] == "warning" for f in typos)


def test_grammar_findings_follow_the_run_locale(lt_url, tmp_path):  # noqa: F811
    story = tmp_path / "story.txt"
    story.write_text("The colour of the flag changed.\n", "utf-8")
    us = grammar_run(lt_url, story, "--locale", "en-US")
    assert [f["rule"] for f in us] == ["languagetool.MORFOLOGIK_RULE_EN_US"]
    assert grammar_run(lt_url, story, "--locale", "en-GB") == []
    (tmp_path / ".copydesk.toml").write_text('locale = "en-GB"\n', "utf-8")
    assert grammar_run(lt_url, story) == []  # the config's locale too
