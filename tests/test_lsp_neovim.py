"""A real editor: headless Neovim's built-in LSP client starts `copydesk lsp`,
opens a draft, reads back the diagnostics, asks for a hover and applies "fix
all". Skipped (with the reason) where Neovim is not installed; under CI (the
``CI`` variable set) a missing Neovim fails instead: .ci/run installs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

INIT = Path(__file__).parent / "fixtures" / "neovim" / "minimal_init.lua"


def _nvim() -> str:
    nvim = shutil.which("nvim")
    if nvim is None:
        reason = "Neovim (nvim) is not installed: apt-get install -y neovim"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (required under CI; .ci/run installs it)")
        pytest.skip(reason)
    return nvim


def test_neovim_shows_copydesk_diagnostics_hover_and_fix_all(tmp_path):
    nvim = _nvim()
    line = "The singer \U0001f600 committed suicide in 2019."
    draft = tmp_path / "draft.md"
    draft.write_text("# Tribute\n\n" + line + "\n", "utf-8")
    out = tmp_path / "seen.json"
    env = dict(
        os.environ,
        COPYDESK_NVIM_OUT=str(out),
        COPYDESK_LSP_CMD=json.dumps([sys.executable, "-m", "linter", "lsp"]),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
    )
    proc = subprocess.run(
        [nvim, "--headless", "--noplugin", "-i", "NONE", "-n", "-u", str(INIT), "draft.md"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert out.exists(), f"Neovim wrote nothing (exit {proc.returncode}): {proc.stderr[-2000:]}"
    seen = json.loads(out.read_text("utf-8"))
    assert "error" not in seen, seen.get("error")
    assert seen["waited"], "no diagnostics arrived"
    (d,) = [d for d in seen["diagnostics"] if d["code"] == "suicide.commit-suicide"]
    # Neovim turns the server's UTF-16 columns into byte columns: past the emoji's 4 bytes.
    start = len(line[: line.index("committed")].encode("utf-8"))
    assert (d["lnum"], d["col"], d["end_lnum"], d["end_col"]) == (
        2,
        start,
        2,
        start + len("committed suicide"),
    )
    assert d["severity"] == 2 and d["source"] == "copydesk"  # vim.diagnostic.severity.WARN
    assert d["href"].endswith("rules.md#suicidecommit-suicide")
    assert "suicide.commit-suicide" in seen["hover"] and "Why." in seen["hover"]
    assert any(t.startswith("Replace \u201ccommitted suicide\u201d") for t in seen["actions"])
    assert seen.get("fixed")
    # What Neovim saved equals what `copydesk fix` writes.
    copy = tmp_path / "copy.md"
    copy.write_text("# Tribute\n\n" + line + "\n", "utf-8")
    subprocess.run([sys.executable, "-m", "linter", "fix", str(copy)], cwd=tmp_path, capture_output=True)
    assert draft.read_text("utf-8") == copy.read_text("utf-8") != "# Tribute\n\n" + line + "\n"
