"""Rewrites that fit the sentence: capitals follow the sentence, not the line;
articles and line breaks survive a hard wrap; no tautologies (issue 14)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter import check_text
from linter.engine.context import starts_sentence
from linter.engine.rewrite import keep_line_breaks, repeats_nearby
from linter.fixing.edits import fix_text


def first(text: str, rule: str):
    return next(f for f in check_text(text, kind="text") if f.rule == rule)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police said the\naddicts were held.", False),  # a wrapped line: mid-sentence
        ("It ended.\naddicts were held.", True),  # a wrapped line after a sentence's end
        ("Intro.\n\naddicts were held.", True),  # a paragraph's first word
        ('He spoke of the "addicts" in the ward.', False),  # scare quotes mid-sentence
        ('She said, "addicts need help."', True),  # a quote that opens speech
        ("- addicts were held", True),  # a list item
        ("addicts were held", True),
    ],
)
def test_a_rewrite_starts_a_sentence_only_where_the_sentence_does(text, expected):
    assert starts_sentence(text, text.index("addicts")) is expected


def test_wrapped_line_keeps_lower_case_article_and_line_breaks():
    f = first("Police said the\naddicts were held.", "addiction.addict")
    assert f.suggestions[0] == "people who use drugs"
    g = first("He was an\naddict for years.", "addiction.addict")
    assert g.match == "an\naddict" and g.suggestions[0] == "a\nperson who uses drugs"
    fixed, _ = fix_text("She committed\nsuicide in 2019.\n", kind="text")
    assert fixed == "She died\nby suicide in 2019.\n"


def test_markdown_hard_break_inside_a_match_stays_a_hard_break():
    assert keep_line_breaks("committed  \nsuicide", "died by suicide") == "died  \nby suicide"
    assert keep_line_breaks("committed suicide", "died by suicide") == "died by suicide"


def test_a_rewrite_that_repeats_its_neighbour_is_only_suggested():
    text = "She had a miscarriage last year, and a spontaneous abortion before her son was born."
    f = first(text, "pregnancy-loss.spontaneous-abortion")
    assert f.suggestions[0] == "a miscarriage" and not f.fixable
    assert repeats_nearby("Miscarriage, also known as X, is common.", 27, 28, "miscarriage")
    assert not repeats_nearby(
        "It ended. Miscarriage is rare. X here.", 31, 32, "miscarriage"
    )  # another sentence


WORDS = st.sampled_from(
    ["the", "singer", "committed", "suicide", "addicts", "an", "addict", "said", "Police"]
)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(WORDS, st.sampled_from([" ", "\n", "  \n"])), min_size=2, max_size=30))
def test_fix_keeps_line_structure_and_is_idempotent(pieces):
    text = "".join(w + sep for w, sep in pieces) + ".\n"
    fixed, _ = fix_text(text, kind="text")
    assert fixed.count("\n") == text.count("\n")
    assert fix_text(fixed, kind="text")[0] == fixed
