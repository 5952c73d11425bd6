"""Slots, misspellings and headline case: the phrases people really write.

Sentences here are written for the tests; the labelled corpus in
benchmarks/accuracy/ measures the same mechanisms on real text.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter import Config, check_text
from linter.fixing.edits import fix_text
from linter.packs import PackError, parse_pack
from linter.packs.slots import load_slot_classes, phrase_slot_error

HOUSE = """\
pack: house
title: House
description: House rules.
sources:
  - {id: s1, organisation: Org, title: T, year: 2020, url: "https://example.org/guide", kind: guideline}
rules:
  - id: lurk
    severity: warning
    match:
      - {phrase: "lurk {adverb} behind", inflect: verb}
    message: m
    why: w
    suggest: ["stand {adverb} behind"]
    fix: safe
    sources: [s1]
    examples:
      flag: ["They [lurked quietly behind] the wall.", "It [lurks behind] us."]
      pass: ["They stood behind the wall.", "The lurker stood there."]
  - id: blob
    severity: warning
    match:
      - {phrase: "blob {adverb} over", inflect: verb}
    message: m
    why: w
    suggest: [flow over]
    fix: safe
    sources: [s1]
    examples:
      flag: ["Paint [blobbed slowly over] it.", "Paint [blobs over] it."]
      pass: ["Paint flowed over it.", "A blob sat there."]
  - id: widget
    severity: warning
    match: [widget]
    misspellings: {wigdet: widget, widjet things: widget things}
    message: m
    why: w
    suggest: [gadget]
    fix: safe
    sources: [s1]
    examples:
      flag: ["A [widget] here.", "A [wigdet] there."]
      pass: ["A gadget here.", "Nothing."]
"""


@pytest.fixture(scope="module")
def house(tmp_path_factory):
    path = tmp_path_factory.mktemp("house") / "house.yaml"
    path.write_text(HOUSE, "utf-8")
    return Config(packs=(str(path),), builtin_packs=False)


def found(text: str, rule: str, config: Config | None = None):
    return [f for f in check_text(text, config=config or Config(), kind="text") if f.rule == rule]


# --- slots in the bundled packs ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule", "match"),
    [
        (
            "He suffers badly from depression.",
            "mental-health.suffer-from-mental-illness",
            "suffers badly from",
        ),
        (
            "She suffered from depression for years.",
            "mental-health.suffer-from-mental-illness",
            "suffered from",
        ),
        (
            "She has long suffered terribly with dementia.",
            "dementia.suffering-from-dementia",
            "suffered terribly with",
        ),
        (
            "The severely mentally ill are at risk, the report said.",
            "mental-health.the-mentally-ill",
            "The severely mentally ill",
        ),
        (
            "A stroke confined him to a wheelchair.",
            "disability.confined-someone-to-a-wheelchair",
            "confined him to",
        ),
        (
            "The crash confined the young man to a wheelchair.",
            "disability.confined-someone-to-a-wheelchair",
            "confined the young man to",
        ),
    ],
)
def test_slot_words_between_the_fixed_ones_match(text, rule, match):
    hits = found(text, rule)
    assert [f.match for f in hits] == [match]
    f = hits[0]
    assert text[f.offset : f.end_offset] == f.match


def test_slot_is_bounded_in_width_and_class():
    # three adverbs is past {adverb}'s two; "only" is not an -ly adverb
    assert not found(
        "He suffers very badly indeed from depression.", "mental-health.suffer-from-mental-illness"
    )
    assert not found(
        "Officials confined the protest to a square.", "disability.confined-someone-to-a-wheelchair"
    )


def test_slot_words_are_kept_or_the_rewrite_is_only_suggested(house):
    kept = found("They lurked quietly behind the wall.", "house.lurk", house)[0]
    assert kept.suggestions == ("stood quietly behind",)
    assert kept.fixable
    fixed, _ = fix_text("They lurked quietly behind the wall.", config=house, kind="text")
    assert fixed == "They stood quietly behind the wall."
    empty = found("It lurks behind us.", "house.lurk", house)[0]
    assert empty.suggestions == ("stands behind",)
    dropped = found("Paint blobbed slowly over it.", "house.blob", house)[0]
    assert dropped.suggestions == ("flowed over",) and not dropped.fixable  # "slowly" would be lost
    assert found("Paint blobs over it.", "house.blob", house)[0].fixable


def test_inline_list_slot_keeps_the_word_the_parents_used():
    text = (
        "After the stillbirth at 37 weeks, the couple held a funeral for their unborn son. "
        "The hospital's bereavement midwife said the baby was stillborn."
    )
    f = found(text, "pregnancy-loss.unborn-son-daughter")[0]
    assert f.match == "unborn son" and f.suggestions == ("son",)


def test_slots_show_in_explain():
    from linter.packs import load_packs
    from linter.packs.docs import rule_text

    rule = next(
        r for p in load_packs(()) for r in p.rules if r.id == "mental-health.suffer-from-mental-illness"
    )
    assert "slot {adverb}: 0 to 2 of words ending -ly" in rule_text(rule)


@pytest.mark.parametrize(
    ("phrase", "problem"),
    [
        ("{adverb} suffer", "needs fixed words on both sides"),
        ("suffer {adverbs} from", "unknown slot {adverbs}"),
        ("suffer{adverb} from", "must stand as a word of its own"),
        ("suffer {adverb from", "unbalanced"),
        ("a {b|} c", "list items are words"),
    ],
)
def test_bad_slots_are_refused_with_file_line_and_key(phrase, problem):
    assert problem in (phrase_slot_error(phrase, load_slot_classes()) or "")
    text = HOUSE.replace('"lurk {adverb} behind"', f'"{phrase}"')
    with pytest.raises(PackError) as err:
        parse_pack(text, "house.yaml")
    assert "house.yaml:10: rules[lurk].match[0]" in str(err.value) and problem in str(err.value)


@settings(max_examples=60, deadline=None)
@given(
    before=st.text(alphabet="abc .,\n", max_size=20),
    adverbs=st.lists(st.sampled_from(["badly", "really", "so", "long", "only", "truly"]), max_size=3),
    after=st.text(alphabet="abc .,\n", max_size=20),
)
def test_slot_offsets_are_exact(before, adverbs, after):
    text = f"{before} He suffers {' '.join(adverbs)} from depression{after}"
    for f in check_text(text, kind="text"):
        assert text[f.offset : f.end_offset] == f.match
        if f.rule == "mental-health.suffer-from-mental-illness":
            assert f.match.startswith("suffers") and f.match.endswith("from")


# --- misspellings --------------------------------------------------------------------------


def test_misspelling_matches_and_says_so(house):
    f = found("A wigdet there.", "house.widget", house)[0]
    assert "Also misspelt: \u201cwigdet\u201d is spelled \u201cwidget\u201d" in f.message
    assert f.fixable and f.suggestions == ("A gadget",)
    g = found("Some widjet things here.", "house.widget", house)[0]
    assert g.match == "widjet things" and not g.fixable  # the rewrite would lose "things"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Tabloids called her a transexual model.", "lgbtq.transsexual"),
        ("The charity runs a choir for Alzheimers sufferers.", "dementia.alzheimers-sufferer"),
        ("Volunteers sat with dementia suffers at the centre.", "dementia.dementia-sufferer"),
        ("The bus was adapted for handicap people in 1998.", "disability.handicapped"),
    ],
)
def test_bundled_misspellings(text, rule):
    f = found(text, rule)[0]
    assert "Also misspelt" in f.message


def test_misspellings_only_on_phrase_rules():
    text = HOUSE.replace("    match: [widget]\n", '    kind: regex\n    regex: "widget"\n')
    with pytest.raises(PackError, match="misspellings: only allowed for kind: phrase"):
        parse_pack(text, "house.yaml")


# --- headline case -------------------------------------------------------------------------


def test_title_case_headline_in_plain_text_is_not_a_name():
    text = "Illegal Immigrants Arrested In Dawn Raid\n\nPolice arrested eleven people on Tuesday.\n"
    assert [f.match for f in found(text, "migration.illegal-immigrant")] == ["Illegal Immigrants"]


def test_all_caps_headline_matches():
    text = "WHEELCHAIR-BOUND GRAN WINS LOTTERY\n\nShe has used a wheelchair since 2001.\n"
    assert [f.match for f in found(text, "disability.wheelchair-bound")] == ["WHEELCHAIR-BOUND"]


def test_a_wrapped_body_line_is_not_a_headline():
    from linter.engine.context import headline_line

    text = "Intro.\n\nBarack Obama and Michelle Obama met the\nStaff At The Centre.\n"
    assert headline_line(text, text.index("Barack")) is None
    head = "Illegal Immigrants Arrested In Dawn Raid\nPolice said on Tuesday."
    assert headline_line(head, 0) == (0, head.index("\n"))
