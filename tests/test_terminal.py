"""Drafts cannot drive the terminal: every text report shows control characters
as visible pictures (issue 20), whatever the draft or its file name holds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from linter.cli import app
from linter.report.terminal import printable

CONTROLS = "".join(chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 127, *range(0x80, 0xA0)])


def _raw_controls(text: str) -> set:
    return {ch for ch in text if ch in CONTROLS}


@pytest.mark.parametrize("fmt", ["rich", "concise", "github"])
def test_escape_sequences_in_a_draft_are_shown_not_sent(tmp_path, fmt):
    draft = tmp_path / "d\x1b[31m.md"
    draft.write_text("Title \x1b]0;pwned\x07 here. He committed suicide \x1b[2J\x9b now.\r\n", "utf-8")
    result = CliRunner().invoke(app, ["check", str(draft), "--format", fmt, "--no-color"])
    assert "suicide.commit-suicide" in result.output
    assert not _raw_controls(result.output), repr(result.output)
    assert "\u241b" in result.output  # ESC shown as its picture


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2FF)))
def test_printable_keeps_length_and_drops_every_control(text):
    shown = printable(text)
    assert len(shown) == len(text)
    assert not _raw_controls(shown)
