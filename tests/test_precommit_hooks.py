"""The published hooks: the fixing hook first, Word files checked, and a README
`rev:` that a newsroom can actually use. The hook runs are real `pre-commit
try-repo` runs (fixtures from tests/test_precommit.py)."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from test_precommit import git, hook_repo, newsroom, pre_commit_home, try_repo  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]


def _hooks() -> list[dict]:
    return yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))


def test_fixing_hook_comes_first_in_the_hooks_and_the_readme():
    assert [h["id"] for h in _hooks()] == ["copydesk-fix", "copydesk"]
    readme = (ROOT / "README.md").read_text("utf-8")
    block = readme.split("## pre-commit", 1)[1].split("```", 2)[1]
    ids = re.findall(r"- id: ([\w-]+)", block)
    assert ids == ["copydesk-fix", "copydesk"], block


def test_readme_rev_is_a_tag_that_exists_or_says_to_pin_a_commit():
    readme = (ROOT / "README.md").read_text("utf-8")
    rev_line = next(l for l in readme.splitlines() if l.strip().startswith("rev:"))
    rev = rev_line.split(":", 1)[1].split("#", 1)[0].strip()
    tags = subprocess.run(["git", "tag"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert rev in tags or "pin" in rev_line.lower() and "commit" in rev_line.lower(), rev_line


def _docx(text: str) -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_check_hook_reads_word_files(hook_repo, pre_commit_home, newsroom):  # noqa: F811
    (newsroom / "story.docx").write_bytes(_docx("The actor committed suicide in 2019."))
    (newsroom / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))  # binary, not a draft
    git("add", "-A", cwd=newsroom)
    code, out = try_repo(hook_repo, pre_commit_home, newsroom, "copydesk", "story.docx", "photo.png")
    assert code == 1, out
    assert "story.docx" in out and "house.commit-suicide" in out
    assert "photo.png" not in out  # the pattern keeps other binary files away from the hook
