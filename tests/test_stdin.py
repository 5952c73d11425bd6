"""stdin in, text out: `copydesk fix -` as black and ruff do it, and `copydesk
check` with no paths reading a pipe. Real processes with real pipes (typer's
runner has no file descriptor to tell a pipe from a terminal)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("copydesk")
HOUSE = Path(__file__).resolve().parent / "fixtures" / "house.yaml"
HOUSE_ARGS = ["--select", "house", "--pack", str(HOUSE)]
STORY = 'The actor committed suicide in 2019.\n\n"He committed suicide," she said.\n'
FIXED = 'The actor died by suicide in 2019.\n\n"He committed suicide," she said.\n'


@pytest.fixture
def ws(tmp_path) -> Path:
    (tmp_path / ".copydesk.toml").write_text("", "utf-8")
    return tmp_path


def copydesk(*args, cwd, input: bytes | None = None, stdin=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT), *args],
        cwd=cwd,
        input=input,
        stdin=stdin if input is None else None,
        capture_output=True,
        env={k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")},
        timeout=120,
    )


def test_fix_dash_writes_the_fixed_text_to_stdout(ws):
    out = copydesk("fix", "-", *HOUSE_ARGS, cwd=ws, input=STORY.encode())
    assert out.stdout.decode() == FIXED  # the quote is never rewritten
    assert out.returncode == 0, out.stderr  # nothing left at warning
    assert b"fixed 1 in <stdin>" in out.stderr
    assert list(ws.iterdir()) == [ws / ".copydesk.toml"]  # nothing written to disk


def test_fix_dash_keeps_bom_and_crlf(ws):
    raw = b"\xef\xbb\xbf" + STORY.replace("\n", "\r\n").encode()
    out = copydesk("fix", "-", *HOUSE_ARGS, cwd=ws, input=raw)
    assert out.stdout == b"\xef\xbb\xbf" + FIXED.replace("\n", "\r\n").encode()


def test_fix_dash_unchanged_text_comes_back_byte_for_byte(ws):
    raw = b"The council met on Tuesday.\r\nNo change here."
    out = copydesk("fix", "-", *HOUSE_ARGS, cwd=ws, input=raw)
    assert out.returncode == 0 and out.stdout == raw


def test_fix_dash_diff(ws):
    out = copydesk(
        "fix", "-", "--diff", "--stdin-filename", "story.md", *HOUSE_ARGS, cwd=ws, input=STORY.encode()
    )
    assert out.returncode == 1  # it would change the text
    text = out.stdout.decode()
    assert text.startswith("--- a/story.md\n+++ b/story.md\n")
    assert "-The actor committed suicide in 2019.\n+The actor died by suicide in 2019.\n" in text
    clean = copydesk("fix", "-", "--diff", *HOUSE_ARGS, cwd=ws, input=FIXED.encode())
    assert clean.returncode == 0 and clean.stdout == b""


def test_stdin_filename_chooses_the_format(ws):
    html = "<p>The actor <code>committed suicide</code> in 2019. He committed suicide.</p>\n"
    as_html = copydesk("fix", "-", "--stdin-filename", "story.html", *HOUSE_ARGS, cwd=ws, input=html.encode())
    # HTML: code is never touched, the prose is fixed
    assert as_html.stdout.decode() == (
        "<p>The actor <code>committed suicide</code> in 2019. He died by suicide.</p>\n"
    )
    as_text = copydesk("fix", "-", "--stdin-filename", "story.txt", *HOUSE_ARGS, cwd=ws, input=html.encode())
    assert as_text.stdout.decode().count("died by suicide") == 2


def test_fix_dash_exit_non_zero_on_fix(ws):
    out = copydesk("fix", "-", "--exit-non-zero-on-fix", *HOUSE_ARGS, cwd=ws, input=STORY.encode())
    assert out.returncode == 1 and out.stdout.decode() == FIXED


def test_fix_dash_exits_1_when_findings_remain(ws):
    # house.illegals is an error with suggestions but no safe rewrite: it stays, and fails the run
    text = b"The mayor blamed illegals for the rise. He committed suicide.\n"
    out = copydesk("fix", "-", *HOUSE_ARGS, cwd=ws, input=text)
    assert out.returncode == 1
    assert out.stdout == b"The mayor blamed illegals for the rise. He died by suicide.\n"


def test_fix_dash_refuses_word_from_stdin(ws):
    out = copydesk("fix", "-", "--stdin-filename", "a.docx", *HOUSE_ARGS, cwd=ws, input=b"PK\x03\x04")
    assert out.returncode == 2 and b"Word documents" in out.stderr and out.stdout == b""


def test_check_with_no_paths_reads_a_pipe(ws):
    (ws / "other.md").write_text("The council met on Tuesday and he committed suicide.\n", "utf-8")
    out = copydesk("check", "--format", "concise", *HOUSE_ARGS, cwd=ws, input=STORY.encode())
    assert out.returncode == 1
    lines = out.stdout.decode().splitlines()
    assert lines[0].startswith("-:1:11: warning house.commit-suicide")
    assert "other.md" not in out.stdout.decode()  # the directory was not walked


def test_check_with_no_paths_and_no_pipe_says_it_walks_the_directory(ws):
    (ws / "other.md").write_text("He committed suicide.\n", "utf-8")
    out = copydesk("check", "--format", "concise", *HOUSE_ARGS, cwd=ws, stdin=subprocess.DEVNULL)
    assert out.returncode == 1
    assert "other.md:1:4" in out.stdout.decode()
    assert b"no paths given: checking the current directory" in out.stderr


def test_check_reads_a_redirected_file_on_stdin(ws):
    draft = ws / "draft.txt"
    draft.write_text(STORY, "utf-8")
    with draft.open("rb") as handle:
        out = copydesk("check", "--format", "concise", *HOUSE_ARGS, cwd=ws, stdin=handle)
    assert out.returncode == 1 and out.stdout.decode().startswith("-:1:11:")
