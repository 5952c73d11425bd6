"""A typo in a rule or pack id never passes silently (issue 17): exit 2, where it
came from, and the nearest real ids."""

from __future__ import annotations

from typer.testing import CliRunner

from linter.cli import app

DRAFT = "The singer committed suicide in 2019.\n"


def run(tmp_path, *args):
    (tmp_path / "d.md").write_text(DRAFT, "utf-8")
    return CliRunner().invoke(app, ["check", str(tmp_path / "d.md"), "--format", "concise", *args])


def test_mistyped_select_on_the_command_line_fails(tmp_path):
    result = run(tmp_path, "--select", "suicide.comit-suicide")
    assert result.exit_code == 2
    assert "'suicide.comit-suicide' (--select)" in result.output
    assert "did you mean 'suicide.commit-suicide'" in result.output


def test_a_rule_name_without_its_pack_is_named_in_the_hint(tmp_path):
    result = run(tmp_path, "--ignore", "commit-suicide")
    assert result.exit_code == 2 and "did you mean 'suicide.commit-suicide'" in result.output


def test_mistyped_ids_in_a_config_file_name_the_file(tmp_path):
    (tmp_path / ".copydesk.toml").write_text('ignore = ["suicde"]\n', "utf-8")
    result = run(tmp_path)
    assert result.exit_code == 2
    assert ".copydesk.toml" in result.output and "'suicde'" in result.output
    assert "did you mean 'suicide'" in result.output


def test_real_ids_still_work(tmp_path):
    assert run(tmp_path, "--select", "suicide.commit-suicide").exit_code == 1
    assert run(tmp_path, "--ignore", "suicide").exit_code == 0


def test_mistyped_id_in_a_suppression_comment_fails(tmp_path):
    draft = tmp_path / "s.md"
    draft.write_text(
        "<!-- copydesk-disable-next-line suicide.comit-suicide -- quoted from the inquest -->\n"
        "She committed suicide.\n",
        "utf-8",
    )
    result = CliRunner().invoke(app, ["check", str(draft), "--format", "concise"])
    assert result.exit_code == 2
    assert "s.md:1: unknown rule or pack id 'suicide.comit-suicide' in a suppression comment" in result.output
    assert "did you mean 'suicide.commit-suicide'" in result.output


def test_mistyped_suppression_id_found_through_the_process_pool(tmp_path):
    for i in range(60):
        (tmp_path / f"f{i}.md").write_text(f"Fine text number {i}.\n", "utf-8")
    (tmp_path / "s.md").write_text("<!-- copydesk-disable-file suicde -- audit -->\nText.\n", "utf-8")
    result = CliRunner().invoke(app, ["check", str(tmp_path), "--format", "concise", "--jobs", "2"])
    assert result.exit_code == 2 and "'suicde'" in result.output
