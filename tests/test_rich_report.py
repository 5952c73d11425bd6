"""The rich report: a why is cut on a word, never inside one; a URL stands whole
on its own line, and is a terminal hyperlink (OSC 8) when colours are on."""

from __future__ import annotations

import re
from pathlib import Path

from linter import Config
from linter.report import render
from linter.workspace.runner import Run, Target, check_targets

URL = "https://example.org/guides/reporting/" + "very-long-path-segment/" * 5 + "end"
WHY = (
    "Responsible reporting guidance asks reporters to avoid framing that suggests criminality "
    "because such framing stigmatises bereaved families considerably and discourages help-seeking "
    "among vulnerable readers everywhere. Another sentence follows here."
)
PACK = f"""\
pack: wraptest
title: Wrap test
description: A rule with a long why and a long URL.
sources:
  - id: guide
    organisation: Example Newsroom
    title: House style guide
    year: 2024
    url: {URL}
    kind: guideline
rules:
  - id: commit-suicide
    severity: warning
    match: [commit suicide]
    inflect: verb
    message: '"{{match}}" suggests a crime.'
    why: {WHY}
    suggest: [die by suicide]
    fix: safe
    sources: [guide]
    examples:
      flag:
        - He [committed suicide].
      pass:
        - He died by suicide.
"""


def report(tmp_path: Path, *, color: bool, width: int) -> str:
    pack = tmp_path / "wrap.yaml"
    pack.write_text(PACK, "utf-8")
    draft = tmp_path / "a.md"
    draft.write_text("He committed suicide in 2019.\n", "utf-8")
    config = Config(packs=(str(pack),), select=("wraptest",))
    run = Run(check_targets([Target(str(draft), config, "markdown", True)], jobs=1, keep_source=True), [])
    return render(run, "rich", color=color, width=width)


def test_why_is_cut_on_a_word_and_wrapped_at_spaces(tmp_path):
    for width in (40, 57, 80, 100):
        text = report(tmp_path, color=False, width=width)
        lines = text.splitlines()
        start = next(i for i, l in enumerate(lines) if l.startswith("  why: "))
        end = next(i for i in range(start, len(lines)) if lines[i].startswith("  source: "))
        why = " ".join(l.strip() for l in lines[start:end]).removeprefix("why: ")
        assert why.endswith("\u2026")
        shown = why.removesuffix("\u2026")
        assert WHY.startswith(shown)
        assert WHY[len(shown)] == " ", f"cut inside a word at width {width}: {shown[-12:]!r}"
        words = set(WHY.split())
        for l in lines[start:end]:  # every wrapped line holds whole words only
            for w in l.strip().removeprefix("why: ").removesuffix("\u2026").split():
                assert w in words, (width, w)


def test_url_is_whole_on_its_own_line(tmp_path):
    text = report(tmp_path, color=False, width=60)
    assert f"\n  {URL}\n" in text  # longer than the line: left whole, never folded


def test_url_is_a_terminal_hyperlink_in_colour(tmp_path):
    text = report(tmp_path, color=True, width=80)
    assert re.search(r"\x1b\]8;[^;]*;" + re.escape(URL) + r"\x1b\\", text)
    plain = re.sub(r"\x1b\]8;[^\x1b]*\x1b\\|\x1b\[[0-9;]*m", "", text)
    assert f"\n  {URL}\n" in plain
