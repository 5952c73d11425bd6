"""`copydesk explain` and `rules show`: a bare rule name resolves when one pack
has it, several candidates are listed, and a typo gets the nearest ids."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from linter.cli import app


@pytest.mark.parametrize("command", [["explain"], ["rules", "show"]])
def test_a_unique_rule_name_resolves_without_its_pack(command):
    bare = CliRunner().invoke(app, [*command, "commit-suicide"])
    full = CliRunner().invoke(app, [*command, "suicide.commit-suicide"])
    assert bare.exit_code == 0, bare.output
    assert bare.stdout == full.stdout
    assert bare.stdout.startswith("suicide.commit-suicide  [warning]")


@pytest.mark.parametrize("command", [["explain"], ["rules", "show"]])
def test_a_name_in_several_packs_lists_the_candidates(command):
    out = CliRunner().invoke(app, [*command, "missing-support-information"])
    assert out.exit_code == 2
    assert "is a rule in several packs" in out.stderr
    assert "suicide.missing-support-information" in out.stderr
    assert "violence.missing-support-information" in out.stderr


@pytest.mark.parametrize(
    "typed, nearest",
    [("suicide.comit-suicide", "suicide.commit-suicide"), ("comit-suicide", "suicide.commit-suicide")],
)
def test_a_typo_gets_did_you_mean(typed, nearest):
    for command in (["explain"], ["rules", "show"]):
        out = CliRunner().invoke(app, [*command, typed])
        assert out.exit_code == 2
        assert f"no rule {typed!r}; did you mean {nearest!r}" in out.stderr


def test_a_pack_id_is_not_a_rule():
    out = CliRunner().invoke(app, ["explain", "suicide"])
    assert out.exit_code == 2 and "'suicide' is a pack, not a rule" in out.stderr


def test_nothing_near_says_where_to_look():
    out = CliRunner().invoke(app, ["explain", "zzzzqqq"])
    assert out.exit_code == 2
    assert "did you mean" not in out.stderr and "copydesk rules list" in out.stderr
