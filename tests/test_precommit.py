"""The real `pre-commit try-repo` against a temporary git repository.

pre-commit installs the hook repository into its own virtualenv from a git
commit, so the working tree (which may hold uncommitted files) is copied into a
temporary repository and committed. pip needs only the package registry.
PRE_COMMIT_HOME lives in a temporary directory shared by the tests of a session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
HOUSE = ROOT / "tests" / "fixtures" / "house.yaml"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "copydesk tests",
    "GIT_AUTHOR_EMAIL": "tests@example.org",
    "GIT_COMMITTER_NAME": "copydesk tests",
    "GIT_COMMITTER_EMAIL": "tests@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(*args, cwd: Path) -> str:
    env = dict(os.environ, **GIT_ENV, HOME=str(cwd))
    return subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def project_files() -> list[str]:
    """Tracked and untracked (not ignored) files of the working tree."""
    if (ROOT / ".git").exists():
        listed = (
            subprocess.run(
                ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            .stdout.decode()
            .split("\0")
        )
        return [f for f in listed if f and (ROOT / f).is_file()]
    return [
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*")
        if p.is_file() and not {".git", ".venv", "__pycache__"} & set(p.parts)
    ]


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory) -> Path:
    if not PRE_COMMIT.exists():
        pytest.skip("pre-commit is not installed in this environment")
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in project_files():
        if name.startswith(("tests/", "benchmarks/", ".ci/")):
            continue
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "snapshot of the working tree", cwd=repo)
    return repo


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def newsroom(tmp_path) -> Path:
    """A newsroom's repository, with the fixed house pack as its only rules."""
    repo = tmp_path / "newsroom"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    shutil.copy(HOUSE, repo / "house.yaml")
    (repo / ".copydesk.toml").write_text('packs = ["house.yaml"]\nselect = ["house"]\n', "utf-8")
    return repo


def try_repo(hook_repo: Path, home: Path, repo: Path, hook: str, *files: str):
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), **GIT_ENV, PRE_COMMIT_COLOR="never")
    env.pop("PRE_COMMIT_ALLOW_NO_CONFIG", None)
    proc = subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(hook_repo), hook, "--verbose", "--files", *files],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return proc.returncode, proc.stdout + proc.stderr


def test_hook_fails_on_committed_suicide(hook_repo, pre_commit_home, newsroom):
    (newsroom / "draft.md").write_text("The actor committed suicide in 2019.\n", "utf-8")
    git("add", "-A", cwd=newsroom)
    code, out = try_repo(hook_repo, pre_commit_home, newsroom, "copydesk", "draft.md")
    assert code == 1, out
    assert "Failed" in out
    assert "draft.md:1:11: warning house.commit-suicide" in out


def test_hook_passes_clean_draft(hook_repo, pre_commit_home, newsroom):
    (newsroom / "draft.md").write_text("The actor died by suicide in 2019.\n", "utf-8")
    (newsroom / "notes.txt").write_text("The council met on Tuesday.\n", "utf-8")
    git("add", "-A", cwd=newsroom)
    code, out = try_repo(hook_repo, pre_commit_home, newsroom, "copydesk", "draft.md", "notes.txt")
    assert code == 0, out
    assert "Passed" in out


def test_hook_with_builtin_packs_names_the_rule(hook_repo, pre_commit_home, tmp_path):
    from linter.packs import load_packs

    if not any(r.id == "suicide.commit-suicide" for p in load_packs() for r in p.rules):
        pytest.skip("suicide.commit-suicide is not in the built-in packs")
    repo = tmp_path / "plain"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    (repo / "draft.md").write_text("The actor committed suicide in 2019.\n", "utf-8")
    git("add", "-A", cwd=repo)
    code, out = try_repo(hook_repo, pre_commit_home, repo, "copydesk", "draft.md")
    assert code == 1, out
    assert "suicide.commit-suicide" in out


def test_fix_hook_rewrites_and_fails_when_it_changed_files(hook_repo, pre_commit_home, newsroom):
    draft = newsroom / "draft.md"
    draft.write_bytes(b'The actor committed suicide.\r\n\r\n"He committed suicide," she said.\r\n')
    git("add", "-A", cwd=newsroom)
    code, out = try_repo(hook_repo, pre_commit_home, newsroom, "copydesk-fix", "draft.md")
    assert code == 1, out
    assert "Failed" in out and "files were modified by this hook" in out
    assert draft.read_bytes() == (b'The actor died by suicide.\r\n\r\n"He committed suicide," she said.\r\n')
    # nothing left to fix: the hook passes and the file stays as it is
    git("add", "-A", cwd=newsroom)
    code, out = try_repo(hook_repo, pre_commit_home, newsroom, "copydesk-fix", "draft.md")
    assert code == 0, out
    assert draft.read_bytes() == (b'The actor died by suicide.\r\n\r\n"He committed suicide," she said.\r\n')
