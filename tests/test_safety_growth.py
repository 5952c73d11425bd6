"""Issue 16, point 6: no fix grows a draft on repeated runs.

A house rule whose safe fix contains its own match (``bad word`` -> ``very bad
word``) is refused by the pack loader, `rules test` and `check` with file:line;
one that slips past the loader is not applied by `fix`; and on the bundled
packs fix(fix(x)) == fix(x) for drafts made of their own examples.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.base.config import Config
from linter.fixing.edits import fix_text
from linter.packs import PackError, load_packs

PACK = """\
pack: growing
title: Growing
description: A rule that would rewrite its own rewrite.
sources:
  - id: g
    organisation: Us
    title: Guide
    year: 2026
    url: https://example.org/g
    kind: guideline
rules:
  - id: bad-word
    severity: warning
    match: [{match}]
    message: m
    why: w
    suggest: [{suggest}]
    fix: safe
    sources: [g]
    examples:
      flag:
        - This is a [{match}] here.
      pass:
        - Nothing here.
"""

GROWING = [
    ("bad word", "very bad word"),  # the case
    ("bad word", "bad words indeed"),  # an inflected form of the match
    ("bad word", "a bad-word"),  # punctuation does not hide it
    ("Bad Word", "really bad word"),  # nor case
]


@pytest.mark.parametrize("match,suggest", GROWING)
def test_loader_refuses_a_self_growing_rule_with_file_and_line(tmp_path, match, suggest):
    path = tmp_path / "growing.yaml"
    path.write_text(PACK.format(match=match, suggest=suggest), "utf-8")
    with pytest.raises(PackError) as info:
        load_packs((str(path),), builtin=False)
    message = str(info.value)
    assert f"{path}:17:" in message and "rules[bad-word].suggest" in message
    assert "grow the draft" in message


def test_regex_rule_that_matches_its_own_fix_is_refused(tmp_path):
    text = PACK.format(match="bad word", suggest="very bad word").replace(
        "    match: [bad word]\n", "    kind: regex\n    regex: 'bad\\s+word'\n"
    )
    path = tmp_path / "growing.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(PackError, match="rule's regex"):
        load_packs((str(path),), builtin=False)


@pytest.mark.parametrize(
    "command", [["rules", "test", "growing.yaml"], ["check", "--pack", "growing.yaml", "d.md"]]
)
def test_cli_refuses_it_with_exit_2(tmp_path, command):
    (tmp_path / "growing.yaml").write_text(PACK.format(match="bad word", suggest="very bad word"), "utf-8")
    (tmp_path / "d.md").write_text("A bad word.\n", "utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "linter", *command], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "growing.yaml:17:" in proc.stderr and "Traceback" not in proc.stderr


def test_fix_never_applies_a_rewrite_its_rule_flags_again(tmp_path, monkeypatch):
    """A self-growing rule that got past the loader still cannot grow a draft."""
    import linter.packs.validate as validate

    monkeypatch.setattr(validate, "_refuse_self_growing", lambda *a, **k: None)
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "growing.yaml"
    path.write_text(PACK.format(match="bad word", suggest="very bad word"), "utf-8")
    config = Config(builtin_packs=False, packs=(str(path),))
    text = "A bad word. Another bad word.\n"
    once, edits = fix_text(text, config=config)
    assert once == text and not edits
    assert fix_text(once, config=config)[0] == once


def _bundled_examples() -> list[str]:
    return [e.text for p in load_packs() for r in p.rules if r.fix == "safe" for e in r.flag_examples]


EXAMPLES = _bundled_examples()


@settings(
    max_examples=int(40 * float(os.environ.get("COPYDESK_FUZZ_SCALE", "1"))),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(EXAMPLES), min_size=1, max_size=6), st.sampled_from([" ", "\n\n"]))
def test_fix_is_a_fixed_point_on_the_bundled_packs(examples, joiner):
    text = joiner.join(examples)
    once = fix_text(text, kind="markdown")[0]
    twice = fix_text(once, kind="markdown")[0]
    assert twice == once
    assert len(fix_text(twice, kind="markdown")[0]) == len(once)


def test_bundled_examples_exist():
    assert len(EXAMPLES) > 50, "the fixed-point test needs the bundled safe rules' examples"
    assert Path(load_packs()[0].path).exists()
