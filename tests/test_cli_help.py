"""Help that speaks the command line's language: -h everywhere, value names and
choices instead of Python types, the nearest option for a typo, and shell
completion of values. Through typer's CliRunner and the installed script."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linter.cli import app

SCRIPT = Path(sys.executable).with_name("copydesk")

COMMANDS = [
    ["check"],
    ["fix"],
    ["explain"],
    ["rules", "list"],
    ["rules", "show"],
    ["rules", "test"],
    ["init"],
    ["grammar", "install"],
    ["grammar", "status"],
    ["serve"],
    ["rules"],
    ["grammar"],
    [],
]


def script(*args, env=None, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=dict(os.environ, **(env or {})),
        cwd=cwd,
        timeout=120,
    )


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "copydesk")
def test_dash_h_is_help_and_never_shows_python_types(command):
    short = CliRunner().invoke(app, [*command, "-h"])
    long = CliRunner().invoke(app, [*command, "--help"])
    assert short.exit_code == 0, short.output
    assert short.output == long.output
    assert "-h, --help" in short.output
    assert not re.search(r"<(str|int|float|bool|list\[\w+\])>", short.output), short.output


def test_check_help_names_values_and_choices():
    out = CliRunner().invoke(app, ["check", "-h"]).output
    for shown in (
        "--format [rich|concise|json|sarif|github]",
        "--fail-on [error|warning|suggestion]",
        "--quotes [note|ignore|flag]",
        "--locale [en-GB|en-US]",
        "--format-as [text|markdown|html]",
        "--select RULE",
        "--ignore RULE",
        "--config FILE",
        "--stdin-filename NAME",
        "-j, --jobs N",
    ):
        assert shown in out, shown
    assert "[OPTIONS] [PATH]..." in out


def test_help_of_the_installed_script_too():
    out = script("check", "-h")
    assert out.returncode == 0
    assert "--format [rich|concise|json|sarif|github]" in out.stdout
    assert "<str>" not in out.stdout


def test_a_mistyped_option_names_the_nearest_real_one():
    out = script("check", "--selct", "suicide", "x.md")
    assert out.returncode == 2
    assert "No such option: --selct; did you mean --select?" in out.stderr
    out = CliRunner().invoke(app, ["fix", "--dif", "x.md"])
    assert out.exit_code == 2 and "did you mean --diff?" in out.output


def test_a_mistyped_choice_suggests_the_value():
    out = CliRunner().invoke(app, ["check", "--format", "jsno", "-"], input="text")
    assert out.exit_code == 2
    assert "--format must be one of rich, concise, json, sarif, github, not 'jsno'; did you mean 'json'?" in (
        out.output
    )


def complete(words: str) -> list[str]:
    """What bash completion offers after ``words`` (the real completion protocol)."""
    parts = words.split(" ")
    out = script(
        env={"_COPYDESK_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)}
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def test_completion_offers_formats_locales_and_levels():
    assert complete("copydesk check --format ") == ["rich", "concise", "json", "sarif", "github"]
    assert complete("copydesk check --format s") == ["sarif"]
    assert complete("copydesk check --locale en-") == ["en-GB", "en-US"]
    assert complete("copydesk fix --fail-on w") == ["warning"]
    assert complete("copydesk check --quotes ") == ["note", "ignore", "flag"]


def test_completion_offers_rule_and_pack_ids():
    offered = complete("copydesk check --select suic")
    assert "suicide" in offered and "suicide.commit-suicide" in offered
    assert all(o.startswith("suic") for o in offered)
    # after a comma, the next id (the list form --select a,b)
    assert "race,suicide.commit-suicide" in complete("copydesk check --ignore race,suicide.comm")
    assert "suicide.commit-suicide" in complete("copydesk explain suicide.comm")
    assert complete("copydesk rules show commit-sui") == ["commit-suicide"]


def test_rules_docs_is_a_maintainer_command_hidden_from_help():
    out = CliRunner().invoke(app, ["rules", "-h"]).output
    assert "list" in out and "show" in out and "docs" not in out
    # still there for CI and maintainers
    assert CliRunner().invoke(app, ["rules", "docs", "-h"]).exit_code == 0


def test_rules_docs_writes_only_where_told_and_says_so(tmp_path):
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(app, ["rules", "docs", "--output", "out/ref.md"])
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert written == ["out/ref.md", "out/sources.md"]
    assert f"wrote {tmp_path / 'out' / 'ref.md'}" in result.output
    assert f"wrote {tmp_path / 'out' / 'sources.md'}" in result.output


def test_rules_list_has_a_header_and_explains_its_columns():
    out = CliRunner().invoke(app, ["rules", "list"]).output
    lines = out.splitlines()
    assert re.match(r"^RULE\s+SEVERITY\s+EXAMPLES$", lines[0])
    assert re.search(r"^suicide\.commit-suicide\s+warning\s+\d+/\d+$", out, re.M)
    assert "flagged/passing" in out and "(off)" in out and "--enable" in out
