"""Bad input never loses data or ends in a traceback.

Encodings, binary files, symlink loops, unreadable and vanishing files, FIFOs,
untrusted rule packs (safe YAML, linear-time regexes, size limits), huge input
in chunks, the process pool and Ctrl-C.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linter import check_text
from linter.base.config import Config
from linter.cli import app
from linter.workspace.runner import Target, check_target, check_targets

STORY = "The singer committed suicide in 2019, her family said.\n"
RULE = "suicide.commit-suicide"


def _check(*args):
    result = CliRunner().invoke(app, ["check", *map(str, args), "--format", "json"])
    data = json.loads(result.stdout) if result.stdout.strip().startswith("{") else None
    return result, data


def _rules(data):
    return {Path(f["path"]).name: [x["rule"] for x in f["findings"]] for f in data["files"]}


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "encoding,bom",
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
    ],
)
def test_encodings_are_read(tmp_path, encoding, bom):
    path = tmp_path / "story.md"
    path.write_bytes(bom + ("Caf\u00e9 \u2014 " + STORY).encode(encoding))
    result, data = _check(path)
    assert result.exit_code == 1
    finding = data["files"][0]["findings"][0]
    assert finding["rule"] == RULE and finding["column"] == len("Caf\u00e9 \u2014 The singer ") + 1


def test_undecodable_file_reports_byte_offset_and_run_continues(tmp_path):
    (tmp_path / "a_bad.md").write_bytes(b"Fine words \xff\xfe here.\n")
    (tmp_path / "b_good.md").write_text(STORY, "utf-8")
    result, data = _check(tmp_path)
    assert result.exit_code == 2
    assert "a_bad.md: cannot decode as utf-8 at byte 11" in result.output
    assert RULE in _rules(data)["b_good.md"]


def test_undecodable_offset_in_a_chunked_file(tmp_path, monkeypatch):
    import linter.workspace.streaming as streaming

    monkeypatch.setattr(streaming, "CHUNK_CHARS", 256)
    monkeypatch.setattr(streaming, "BLOCK_BYTES", 100)
    raw = ("Plain words here.\n\n" * 100).encode() + b"\xc3\x28 broken"
    path = tmp_path / "big.txt"
    path.write_bytes(raw)
    result = check_target(Target(str(path), Config(), "text", True))
    assert result.error == f"{path}: cannot decode as utf-8 at byte {len(raw) - len(' broken') - 2}"


def test_binary_skipped_when_walking_rejected_when_named(tmp_path):
    (tmp_path / "image.txt").write_bytes(b"GIF89a\x00\x01committed suicide")
    (tmp_path / "story.md").write_text(STORY, "utf-8")
    result = CliRunner().invoke(app, ["check", str(tmp_path), "-v", "--format", "concise"])
    assert result.exit_code == 1  # findings, not an error
    assert "skipped" in result.output and "image.txt: binary file" in result.output
    result, _ = _check(tmp_path / "image.txt")
    assert result.exit_code == 2 and "binary file" in result.output


# ---------------------------------------------------------------- paths


def test_symlink_loop_is_reported_not_followed(tmp_path):
    (tmp_path / "story.md").write_text(STORY, "utf-8")
    os.symlink(tmp_path, tmp_path / "loop")
    os.symlink("self.md", tmp_path / "self.md")  # a link to itself
    result = CliRunner().invoke(app, ["check", str(tmp_path), "-v", "--format", "concise"])
    assert result.exit_code == 1
    assert "symlink loop" in result.output
    assert result.output.count(RULE) == 1
    assert "Traceback" not in result.output


def test_unreadable_directory_and_file(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "story.md").write_text(STORY, "utf-8")
    secret = tmp_path / "secret.md"
    secret.write_text(STORY, "utf-8")
    os.chmod(locked, 0)
    os.chmod(secret, 0)
    try:
        if os.access(locked, os.R_OK) and os.access(secret, os.R_OK):
            pytest.skip("running with privileges that read chmod-0 files (root)")
        result = CliRunner().invoke(app, ["check", str(tmp_path), "--format", "concise"])
        assert result.exit_code == 2
        assert "Traceback" not in result.output
        assert "locked" in result.output and "secret.md" in result.output
    finally:
        os.chmod(locked, 0o755)
        os.chmod(secret, 0o644)


def test_unreadable_directory_and_file_simulated(tmp_path, monkeypatch):
    """The same as above where root can read everything: the OS says no instead."""
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "story.md").write_text(STORY, "utf-8")
    secret = tmp_path / "secret.md"
    secret.write_text(STORY, "utf-8")
    real_scandir, real_open = os.scandir, os.open

    def scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def open_(path, flags, *args, **kwargs):
        if Path(path) == secret:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "open", open_)
    result = CliRunner().invoke(app, ["check", str(tmp_path), "--format", "concise", "-j", "1"])
    assert result.exit_code == 2
    assert f"{locked}: cannot read directory (Permission denied)" in result.output
    assert f"{secret}: Permission denied" in result.output
    assert "Traceback" not in result.output


def test_file_vanishing_mid_run(tmp_path):
    path = tmp_path / "gone.md"
    path.write_text(STORY, "utf-8")
    target = Target(str(path), Config(), "markdown", False)
    path.unlink()
    result = check_target(target)
    assert result.error and "gone.md" in result.error and "No such file" in result.error


def test_named_missing_file_and_directory_as_file(tmp_path):
    result, _ = _check(tmp_path / "nope.md")
    assert result.exit_code == 2 and "nope.md" in result.output
    result = check_target(Target(str(tmp_path), Config(), "text", True))
    assert result.error and "directory" in result.error


def test_fifo_named_like_a_draft_does_not_hang(tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    (tmp_path / "story.md").write_text(STORY, "utf-8")
    start = time.monotonic()
    result = CliRunner().invoke(app, ["check", str(tmp_path), "-v", "--format", "concise"])
    assert time.monotonic() - start < 30
    assert result.exit_code == 1 and "pipe.md: not a regular file" in result.output
    named = check_target(Target(str(fifo), Config(), "markdown", True))
    assert named.error and "not a regular file" in named.error


# ---------------------------------------------------------------- untrusted packs


PACK = """\
pack: house
title: House rules
description: Test pack.
sources:
  - id: desk
    organisation: Our desk
    title: Style memo
    year: 2024
    url: https://example.org/memo
    kind: guideline
rules:
  - id: slow
    kind: regex
    severity: warning
    regex: '{regex}'
    message: Bad.
    why: Because.
    sources: [desk]
    examples:
      flag: ['[{flag}]']
      pass: [fine]
"""


def test_yaml_pack_cannot_construct_objects(tmp_path):
    pack = tmp_path / "evil.yaml"
    pack.write_text("pack: !!python/object/apply:os.system ['echo pwned']\n", "utf-8")
    result = CliRunner().invoke(app, ["check", "--pack", str(pack), "-"], input="x")
    assert result.exit_code == 2 and "pwned" not in result.output
    assert "evil.yaml" in result.output


def test_house_regex_cannot_hang(tmp_path):
    # Catastrophic for a backtracking engine: (a+)+b on "aaaa...c".
    pack = tmp_path / "house.yaml"
    pack.write_text(PACK.format(regex="(a+)+b", flag="aab"), "utf-8")
    text = "a" * 50_000 + "c"
    start = time.monotonic()
    result = CliRunner().invoke(app, ["check", "--pack", str(pack), "-", "--format", "concise"], input=text)
    assert time.monotonic() - start < 20
    assert result.exit_code in (0, 1), result.output


def test_backreference_regex_is_refused(tmp_path):
    pack = tmp_path / "house.yaml"
    pack.write_text(PACK.format(regex=r"(\w+) \1", flag="the the"), "utf-8")
    result = CliRunner().invoke(app, ["check", "--pack", str(pack), "-"], input="x")
    assert result.exit_code == 2 and "house.yaml" in result.output


def test_absurd_pack_size_refused(tmp_path):
    pack = tmp_path / "huge.yaml"
    pack.write_text("# " + "x" * 3_000_000 + "\n" + PACK.format(regex="ab", flag="ab"), "utf-8")
    result = CliRunner().invoke(app, ["check", "--pack", str(pack), "-"], input="x")
    assert result.exit_code == 2 and "too large" in result.output


def test_absurd_config_size_refused(tmp_path):
    config = tmp_path / ".copydesk.toml"
    config.write_text("# padding\n" * 200_000, "utf-8")
    (tmp_path / "story.md").write_text(STORY, "utf-8")
    result = CliRunner().invoke(app, ["check", str(tmp_path / "story.md"), "--config", str(config)])
    assert result.exit_code == 2 and "too large" in result.output


def test_absurd_html_size_refused(tmp_path, monkeypatch):
    import linter.workspace.runner as runner

    monkeypatch.setattr(runner, "MAX_HTML_BYTES", 1000)
    page = tmp_path / "page.html"
    page.write_text("<p>" + "word " * 500 + "</p>", "utf-8")
    result = check_target(Target(str(page), Config(), "html", True))
    assert result.error and "too large" in result.error


# ---------------------------------------------------------------- huge input


def _story_paragraphs(n: int) -> str:
    parts = []
    for i in range(n):
        if i % 7 == 3:
            parts.append(f"Paragraph {i}: her brother committed suicide, the family said.")
        elif i % 11 == 5:
            parts.append(f'"Paragraph {i} is quoted: he committed suicide," she said.')
        else:
            parts.append(f"Paragraph {i} reports the council budget and the new bus routes.")
    return "\n\n".join(parts) + "\n"


@pytest.mark.parametrize("kind,suffix", [("text", ".txt"), ("markdown", ".md")])
def test_chunked_file_gives_the_whole_file_findings(tmp_path, monkeypatch, kind, suffix):
    import linter.workspace.streaming as streaming

    text = _story_paragraphs(400)
    whole = check_text(text, kind=kind)
    monkeypatch.setattr(streaming, "CHUNK_CHARS", 1500)
    monkeypatch.setattr(streaming, "BLOCK_BYTES", 999)
    path = tmp_path / ("big" + suffix)
    path.write_text(text, "utf-8")
    result = check_target(Target(str(path), Config(), kind, True))
    assert result.error is None and result.source is None  # chunked: no source kept
    per_rule = [(f.rule, f.offset, f.line, f.column, f.in_quote) for f in result.findings if f.rule == RULE]
    assert per_rule == [(f.rule, f.offset, f.line, f.column, f.in_quote) for f in whole if f.rule == RULE]
    for f in result.findings:
        assert text[f.offset : f.end_offset] == f.match


def test_chunking_never_cuts_a_fence_or_a_continued_quote():
    from linter.workspace.streaming import find_split

    fenced = "Intro.\n\n```\ncode\n\nmore code\n\nstill code\n```\n\nAfter the fence.\n"
    cut = find_split(fenced, fenced.index("more"), "markdown")
    assert fenced[cut:].startswith("After") or cut <= fenced.index("```")
    quoted = 'Intro words.\n\n"First part of the quote.\n\n"Second part," she said.\n\nEnd.\n'
    cut = find_split(quoted, quoted.index("Second"), "text")
    assert not quoted[cut:].startswith('"')


def test_rich_report_of_a_chunked_file_does_not_crash(tmp_path, monkeypatch):
    import linter.workspace.streaming as streaming

    monkeypatch.setattr(streaming, "CHUNK_CHARS", 1000)
    path = tmp_path / "big.md"
    path.write_text(_story_paragraphs(200), "utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--format", "rich", "--no-color"])
    assert result.exit_code == 1 and RULE in result.output


# ---------------------------------------------------------------- many files


def test_process_pool_gives_the_same_results_in_order(tmp_path):
    targets = []
    for i in range(120):
        path = tmp_path / f"story{i:03d}.md"
        path.write_text(STORY if i % 3 == 0 else "Fine words only.\n", "utf-8")
        targets.append(Target(str(path), Config(), "markdown", False))
    serial = check_targets(targets, jobs=1)
    parallel = check_targets(targets, jobs=2)
    assert [(r.path, r.findings) for r in serial] == [(r.path, r.findings) for r in parallel]


def test_ctrl_c_stops_cleanly(tmp_path):
    for i in range(3000):
        (tmp_path / f"s{i:04d}.md").write_text(STORY * 20, "utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "linter", "check", str(tmp_path), "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGINT)  # like a terminal: the whole process group
    try:
        out, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("copydesk did not stop after Ctrl-C")
    if proc.returncode in (0, 1):
        pytest.skip("the run finished before the interrupt arrived")
    assert proc.returncode == 130, err
    assert b"Traceback" not in err
