"""The concise report ends with one summary line, as ruff's does: findings by
severity, files, and how many `copydesk fix` can apply; a clean run prints nothing."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from linter.cli import app

HOUSE = Path(__file__).resolve().parent / "fixtures" / "house.yaml"
HOUSE_ARGS = ["--select", "house", "--pack", str(HOUSE)]


def test_concise_ends_with_a_summary_that_matches_the_findings(tmp_path):
    (tmp_path / "a.md").write_text("He committed suicide. The mayor blamed illegals.\n", "utf-8")
    (tmp_path / "b.md").write_text("Two people died in a tragic accident.\n", "utf-8")
    (tmp_path / "c.md").write_text("The council met on Tuesday.\n", "utf-8")
    args = ["check", str(tmp_path), *HOUSE_ARGS]
    concise = CliRunner().invoke(app, [*args, "--format", "concise"]).stdout.splitlines()
    doc = json.loads(CliRunner().invoke(app, [*args, "--format", "json"]).stdout)
    findings = [f for file in doc["files"] for f in file["findings"]]
    assert len(concise) == len(findings) + 1
    fixable = sum(1 for f in findings if f["fixable"])
    assert fixable == 1  # commit-suicide; illegals and tragic-accident have no safe rewrite
    assert concise[-1] == (
        "Found 3 findings (1 error, 1 warning, 1 suggestion) in 2 of 3 files. `copydesk fix` can apply 1."
    )


def test_a_clean_concise_run_prints_nothing(tmp_path):
    (tmp_path / "c.md").write_text("The council met on Tuesday.\n", "utf-8")
    out = CliRunner().invoke(app, ["check", str(tmp_path / "c.md"), "--format", "concise", *HOUSE_ARGS])
    assert out.exit_code == 0 and out.stdout == ""


def test_one_finding_is_singular(tmp_path):
    (tmp_path / "a.md").write_text("He committed suicide.\n", "utf-8")
    out = CliRunner().invoke(app, ["check", str(tmp_path / "a.md"), "--format", "concise", *HOUSE_ARGS])
    assert (
        out.stdout.splitlines()[-1]
        == "Found 1 finding (1 warning) in 1 of 1 file. `copydesk fix` can apply 1."
    )
