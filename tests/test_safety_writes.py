"""Issue 16, points 1-4: no write outside what was asked, nothing taken from a file.

1. every output path (--write-baseline, fix --output, init, rules docs) goes
   through one guarded writer: never a file being read, never an existing file
   that is not ours without --force, never a FIFO or device;
2. walks stay inside their roots; a named symlink out of the project is refused;
3. fix keeps owner, group and mode, refuses a read-only file, reports a broken
   hard link;
4. a killed fix's temporary file is removed (and said so) by the next run.
CI runs as root: ownership is tested by giving files to another uid.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from linter.cli import app
from linter.inputs.writing import OutputRefused, check_output, remove_stale_temps, write_atomic
from linter.workspace.baseline import is_baseline

STORY = "He committed suicide.\n"
FIXED = "He died by suicide.\n"
ROOT_USER = os.geteuid() == 0


def run(cwd: Path, *args):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture
def ws(tmp_path) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    (root / ".copydesk.toml").write_text("", "utf-8")  # stop config discovery here
    (root / "story.md").write_text(STORY, "utf-8")
    return root


# ---------------------------------------------------------------- 1. guarded outputs

# Every command that writes a file the user names: (argv with OUT for the path, what it writes).
WRITERS = [
    ("check", "story.md", "--write-baseline", "OUT"),
    ("fix", "story.md", "--output", "OUT"),
    ("rules", "docs", "--output", "OUT", "--sources-output", "OUT.sources"),
]


def _argv(argv, out):
    return [a.replace("OUT", str(out)) for a in argv]


@pytest.mark.parametrize("argv", WRITERS, ids=lambda a: " ".join(a[:2]))
def test_no_command_overwrites_a_file_that_is_not_its_own(ws, argv):
    other = ws / "notes.md"
    other.write_text("my notes\n", "utf-8")
    result = run(ws, *_argv(argv, other))
    assert result.exit_code == 2, result.output
    assert "exists" in result.output and "--force" in result.output
    assert other.read_text("utf-8") == "my notes\n"
    assert run(ws, *_argv(argv, other), "--force").exit_code in (0, 1)
    assert other.read_text("utf-8") != "my notes\n"


@pytest.mark.parametrize("argv", WRITERS, ids=lambda a: " ".join(a[:2]))
def test_no_command_writes_into_a_fifo_or_device(ws, argv):
    fifo = ws / "pipe.md"
    os.mkfifo(fifo)
    for target in (fifo, Path("/dev/null")):
        result = run(ws, *_argv(argv, target), "--force")  # not even with --force
        assert result.exit_code == 2, result.output
        assert "not a regular file" in result.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_write_baseline_onto_the_checked_draft_is_refused(ws):
    result = run(ws, "check", "--write-baseline", "story.md", "story.md")
    assert result.exit_code == 2 and "story.md" in result.output
    assert (ws / "story.md").read_text("utf-8") == STORY
    # through a hard link or a symlink too
    os.link(ws / "story.md", ws / "alias.json")
    (ws / "sym.json").symlink_to(ws / "story.md")
    for name in ("alias.json", "sym.json"):
        result = run(ws, "check", "--write-baseline", name, "story.md")
        assert result.exit_code == 2 and "being read" in result.output, result.output
    assert (ws / "story.md").read_text("utf-8") == STORY


def test_a_baseline_and_the_generated_reference_may_be_rewritten(ws):
    assert run(ws, "check", "story.md", "--write-baseline", "b.json").exit_code == 1
    assert is_baseline(ws / "b.json")
    assert run(ws, "check", "story.md", "--write-baseline", "b.json").exit_code == 1
    assert run(ws, "rules", "docs", "--output", "ref/rules.md").exit_code == 0
    assert run(ws, "rules", "docs", "--output", "ref/rules.md").exit_code == 0


def test_refused_baseline_is_refused_before_the_run(ws, monkeypatch):
    import linter.workspace.runner as runner

    def boom(*a, **k):
        raise AssertionError("checked files before refusing the output")

    monkeypatch.setattr(runner, "check_targets", boom)
    result = run(ws, "check", "story.md", "--write-baseline", "story.md")
    assert result.exit_code == 2


def test_init_refuses_existing_files_and_fifos(ws):
    (ws / "house-style.yaml").write_text("mine\n", "utf-8")
    result = run(ws, "init")
    assert result.exit_code == 2 and "exists; use --force" in result.output
    assert (ws / ".copydesk.toml").read_text("utf-8") == ""  # nothing half-written
    os.unlink(ws / "house-style.yaml")
    os.mkfifo(ws / "house-style.yaml")
    assert run(ws, "init", "--force").exit_code == 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_any_existing_non_baseline_is_refused(tmp_path, content):
    path = tmp_path / "existing"
    path.write_bytes(content)
    try:
        check_output(path, what="baseline", ours=is_baseline)
    except OutputRefused as exc:
        assert "--force" in str(exc)
        assert not is_baseline(path)
    else:
        assert is_baseline(path)  # only a real baseline may be replaced
    assert path.read_bytes() == content


# ---------------------------------------------------------------- 2. symlinks


@pytest.fixture
def linked(tmp_path):
    """A project with symlinks out of it (to a file and a directory) and within it."""
    project, outside = tmp_path / "project", tmp_path / "outside"
    (project / "drafts" / "real").mkdir(parents=True)
    (outside / "dir").mkdir(parents=True)
    (project / ".copydesk.toml").write_text("", "utf-8")
    (outside / "secret.md").write_text(STORY, "utf-8")
    (outside / "dir" / "other.md").write_text(STORY, "utf-8")
    (project / "drafts" / "real" / "a.md").write_text(STORY, "utf-8")
    (project / "drafts" / "out.md").symlink_to(outside / "secret.md")
    (project / "drafts" / "outdir").symlink_to(outside / "dir")
    (project / "drafts" / "again").symlink_to(project / "drafts" / "real")
    (project / "drafts" / "same.md").symlink_to(project / "drafts" / "real" / "a.md")
    return project, outside


def test_walk_does_not_follow_links_out_of_the_root_nor_check_twice(linked):
    project, outside = linked
    result = run(project, "check", "drafts", "--format", "json", "--verbose")
    paths = [f["path"] for f in json.loads(result.stdout)["files"]]
    assert paths == [os.path.join("drafts", "real", "a.md")]
    assert "outside drafts; not followed (use --follow-links)" in result.output
    assert "symlink to a directory; not followed" in result.output
    result = run(project, "fix", "drafts")
    assert (outside / "secret.md").read_text("utf-8") == STORY
    assert (outside / "dir" / "other.md").read_text("utf-8") == STORY
    assert (project / "drafts" / "real" / "a.md").read_text("utf-8") == FIXED


def test_follow_links_walks_them_once(linked):
    project, outside = linked
    result = run(project, "check", "drafts", "--format", "json", "--follow-links")
    paths = sorted(f["path"] for f in json.loads(result.stdout)["files"])
    assert len(paths) == 3  # a.md once (not again/ nor same.md), secret.md, other.md
    run(project, "fix", "drafts", "--follow-links")
    assert (outside / "secret.md").read_text("utf-8") == FIXED


def test_named_symlink_out_of_the_project_is_not_fixed(linked):
    project, outside = linked
    result = run(project, "fix", "drafts/out.md")
    assert result.exit_code == 2
    assert "outside this project" in result.output and "--follow-links" in result.output
    assert (outside / "secret.md").read_text("utf-8") == STORY
    assert run(project, "fix", "drafts/same.md").exit_code == 0  # inside: fixed in place of its target
    assert (project / "drafts" / "same.md").is_symlink()
    assert (project / "drafts" / "real" / "a.md").read_text("utf-8") == FIXED
    assert run(project, "fix", "drafts/out.md", "--follow-links").exit_code == 0
    assert (outside / "secret.md").read_text("utf-8") == FIXED


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    links=st.lists(
        st.tuples(st.sampled_from(["root", "root/sub", "out"]), st.sampled_from(["f", "d"])), max_size=6
    )
)
def test_walks_stay_inside_and_never_repeat(tmp_path_factory, links):
    """Random symlinks to files and directories in and out of the root."""
    from linter.workspace.configfile import ConfigFinder
    from linter.workspace.runner import collect

    base = tmp_path_factory.mktemp("walk")
    for d in ("root", "root/sub", "out"):
        (base / d).mkdir(parents=True)
        (base / d / "x.md").write_text(STORY, "utf-8")
    for i, (where, what) in enumerate(links):
        target = base / where / ("x.md" if what == "f" else "")
        (base / "root" / f"l{i}{'.md' if what == 'f' else ''}").symlink_to(target)
    targets, _, errors, _ = collect([str(base / "root")], ConfigFinder(), {}, None, None)
    real = [os.path.realpath(t.path) for t in targets]
    assert not errors
    assert len(real) == len(set(real))  # nothing twice
    assert all(r.startswith(str((base / "root").resolve()) + os.sep) for r in real)
    # root/x.md and root/sub/x.md, each once, whatever links lead to them; never out/x.md
    assert set(real) == {str((base / d / "x.md").resolve()) for d in ("root", "root/sub")}


# ---------------------------------------------------------------- 3. owner, mode, links


def test_fix_keeps_owner_group_and_mode(ws):
    path = ws / "story.md"
    path.chmod(0o640)
    if ROOT_USER:
        os.chown(path, 1234, 2345)  # a reporter's draft, fixed by a root CI job
    before = os.stat(path)
    assert run(ws, "fix", "story.md").exit_code == 0
    after = os.stat(path)
    assert path.read_text("utf-8") == FIXED
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert stat.S_IMODE(after.st_mode) == 0o640
    assert after.st_ino != before.st_ino  # it was an atomic replace, not an in-place edit


def test_owner_that_cannot_be_kept_is_refused(ws, monkeypatch):
    """As a user who cannot chown: the file stays its owner's, untouched."""
    path = ws / "story.md"
    real_stat, wanted = os.stat, str(path.resolve())

    class Other:
        def __init__(self, st):
            self._st = st

        def __getattr__(self, name):
            return getattr(self._st, name)

        st_uid = 4321

    def fake_stat(p, *a, **k):
        st = real_stat(p, *a, **k)
        return Other(st) if str(p) == wanted else st

    def no_chown(*a, **k):
        raise PermissionError(1, "Operation not permitted")

    import linter.inputs.writing as writing

    monkeypatch.setattr(writing.os, "stat", fake_stat)
    monkeypatch.setattr(writing.os, "chown", no_chown)
    with pytest.raises(Exception, match="owned by uid 4321.*not written"):
        write_atomic(path, b"x")
    monkeypatch.undo()
    assert path.read_text("utf-8") == STORY
    assert not [p for p in ws.iterdir() if p.name.endswith(".copydesk-tmp")]


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555])
def test_read_only_file_is_refused_even_as_root(ws, mode):
    path = ws / "story.md"
    path.chmod(mode)
    result = run(ws, "fix", "story.md")
    assert result.exit_code == 2
    assert "read-only" in result.output and "not written" in result.output
    path.chmod(0o644)
    assert path.read_text("utf-8") == STORY


def test_hard_link_broken_is_reported(ws):
    os.link(ws / "story.md", ws / "copy.md")
    result = run(ws, "fix", "story.md")
    assert result.exit_code == 0
    assert "had 2 hard links; the link is broken" in result.output
    assert (ws / "story.md").read_text("utf-8") == FIXED
    assert (ws / "copy.md").read_text("utf-8") == STORY  # as reported


# ---------------------------------------------------------------- 4. temporary files

KILL_MID_WRITE = """
import os, signal, sys
import linter.inputs.writing as w
real_replace = os.replace


def replace(src, dst):  # die between writing the draft's temporary file and the rename
    if str(dst).endswith("story.md"):
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(src, dst)  # the engine cache's own writes go through


w.os.replace = replace
sys.argv = ["copydesk", "fix", "story.md"]
from linter.cli import main
main()
"""


def test_a_killed_fix_leaves_a_temp_file_the_next_run_removes(ws):
    proc = subprocess.run([sys.executable, "-c", KILL_MID_WRITE], cwd=ws, capture_output=True, timeout=120)
    assert proc.returncode == -9, proc.stderr
    temps = [p for p in ws.iterdir() if p.name.endswith(".copydesk-tmp")]
    assert len(temps) == 1 and temps[0].read_text("utf-8") == FIXED
    assert (ws / "story.md").read_text("utf-8") == STORY  # the old file, whole
    proc = subprocess.run(
        [sys.executable, "-m", "linter", "fix", "story.md"],
        cwd=ws,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "removed a temporary file left by an interrupted copydesk run" in proc.stderr
    assert not [p for p in ws.iterdir() if p.name.endswith(".copydesk-tmp")]
    assert (ws / "story.md").read_text("utf-8") == FIXED


def test_sigterm_mid_write_removes_its_temp_file(ws):
    script = KILL_MID_WRITE.replace("signal.SIGKILL", "signal.SIGTERM")
    proc = subprocess.run([sys.executable, "-c", script], cwd=ws, capture_output=True, timeout=120)
    assert proc.returncode == 128 + 15, proc.stderr
    assert not [p for p in ws.iterdir() if p.name.endswith(".copydesk-tmp")]
    assert (ws / "story.md").read_text("utf-8") == STORY


def test_live_writers_temp_files_and_other_files_are_left_alone(tmp_path):
    live = tmp_path / f".a.md.{os.getpid()}.abcdefgh.copydesk-tmp"
    mine_not = tmp_path / ".a.md.notours"
    old_style = tmp_path / ".b.md.abcdefgh.copydesk-tmp"  # before pids were recorded
    fresh_old_style = tmp_path / ".c.md.abcdefgh.copydesk-tmp"
    for p in (live, mine_not, old_style, fresh_old_style):
        p.write_text("x", "utf-8")
    os.utime(old_style, (1, 1))
    removed = remove_stale_temps(tmp_path)
    assert removed == [str(old_style)]
    assert live.exists() and mine_not.exists() and fresh_old_style.exists()
