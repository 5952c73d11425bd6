"""Regression floor on the labelled real-text corpus (benchmarks/accuracy/).

Accuracy is deterministic, so the figures docs/accuracy.md records are floors
here: a change that loses recall, reports more fine passages, or rewrites
more quotes, mentions, definitions or self-descriptions fails. Raise the
floors when the figures improve; the targets themselves are in the issue.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from accuracy.score import evaluate, load_corpus  # noqa: E402

from linter import check_text  # noqa: E402
from linter.fixing.edits import choose_edits  # noqa: E402


@pytest.fixture(scope="module")
def figures():
    passages = load_corpus()
    groups = evaluate(passages, lambda text: check_text(text, kind="text"), choose_edits)
    return {name: tally.row() for name, tally in {**groups["all"], **groups["half"]}.items()}


def test_corpus_is_large_and_attributed():
    passages = load_corpus()
    assert len(passages) >= 400
    assert all(p.data["source"].startswith("http") for p in passages)


def test_recall_floor(figures):
    assert figures["all"]["recall"] >= 0.81


def test_fine_passages_reported_ceiling(figures):
    assert figures["all"]["negatives_reported"] <= 0.125
    assert figures["tune"]["negatives_reported"] <= 0.07


def test_quotes_stay_at_note_level(figures):
    assert figures["all"]["in_quote_quiet"] >= 0.95


def test_label_precision_floor(figures):
    assert figures["all"]["label_precision"] >= 0.61


def test_protected_spans_rewritten_ceiling(figures):
    # quotes, self-descriptions, mentions and definitions that fix would rewrite
    assert figures["all"]["fixes_protected"] <= 10
