"""The reading layer: each reading with flag and pass cases, written for these
tests (the corpus in benchmarks/accuracy/ measures real text)."""

from __future__ import annotations

import json

import pytest

from linter import Config, Severity, check_text
from linter.packs import PackError, parse_pack
from linter.packs.readings import parse_cues

SHOW = Config(show_silenced=True)


def hits(text: str, rule: str, config: Config = SHOW):
    return [f for f in check_text(text, config=config, kind="text") if f.rule == rule]


def one(text: str, rule: str, config: Config = SHOW):
    found = hits(text, rule, config)
    assert len(found) == 1, (text, found)
    return found[0]


def reported(text: str, rule: str) -> list:
    """What a default run reports (silenced hits are not returned)."""
    return hits(text, rule, Config())


# --- self-description ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I am an addict, and I have been clean for four years.",
        "I'm a recovering addict and I talk about it at schools.",
        "For ten years I was an addict; now I run the shelter.",
        "Before rehab I was a junkie, sleeping rough.",
    ],
)
def test_self_description_is_a_note_and_never_fixed(text):
    found = [f for f in check_text(text, config=SHOW, kind="text") if f.pack == "addiction"]
    assert found, text
    for f in found:
        assert f.reading == "self", (text, f)
        assert f.severity == Severity.NOTE and not f.fixable


@pytest.mark.parametrize(
    "text",
    [
        "The charity says the addict was turned away twice.",
        "My brother's addiction tore the family apart.",  # the possessor is someone else
        "I met an addict outside the station.",  # first person, but not describing herself
    ],
)
def test_someone_else_described_is_not_self(text):
    found = [f for f in check_text(text, config=SHOW, kind="text") if f.pack == "addiction"]
    assert not any(f.reading == "self" for f in found), found


def test_self_description_in_a_quote_is_still_a_quote():
    f = one('"I am an addict," he told the court.', "addiction.addict")
    assert f.reading == "quote" and f.in_quote and f.severity == Severity.NOTE


# --- mention --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Style guides now discourage the phrase committed suicide.", "phrase"),
        ("Avoid: committed suicide. Use: died by suicide.", "avoid :"),
        ("Say died by suicide instead of committed suicide.", "instead of"),
        ("Committed suicide is outdated because suicide is no longer a crime.", "is outdated"),
        ("Miscarriage, also known as spontaneous abortion, ends one pregnancy in five.", "also known as"),
        ("Campaigners object to the so-called wheelchair-bound label.", "so-called"),
    ],
)
def test_mention_is_silent_and_listed_on_request(text, cue):
    found = [f for f in check_text(text, config=SHOW, kind="text") if f.reading == "mention"]
    assert found, text
    assert all(f.silenced and not f.fixable for f in found)
    assert any(f.reading_cue == cue for f in found), [f.reading_cue for f in found]
    assert not [f for f in check_text(text, kind="text") if f.reading == "mention"]


def test_glossary_line_and_table_cell_are_mentions():
    text = "- wheelchair-bound – use wheelchair user instead\n\n| spastic | offensive |\n"
    found = check_text(text, config=SHOW, kind="markdown")
    assert found and all(f.reading == "mention" for f in found), found


def test_reported_label_is_a_mention_only_when_criticised():
    criticised = "Her notes recorded it as a spontaneous abortion, a term she found cruel."
    assert one(criticised, "pregnancy-loss.spontaneous-abortion").reading == "mention"
    plain = "Care home staff labelled him a wanderer after he was found outside; he has dementia."
    assert reported(plain, "dementia.wanderer"), "a reported label without criticism is still flagged"


def test_plain_use_is_not_a_mention():
    f = one("The singer committed suicide in 2019, his manager said.", "suicide.commit-suicide")
    assert f.reading is None and f.severity == Severity.WARNING and f.fixable


# --- definition and legal or clinical category ----------------------------------------------


def test_definition_is_a_note_never_fixed():
    f = one("Committed suicide refers to an act that was once a crime in England.", "suicide.commit-suicide")
    assert f.reading == "definition" and f.severity == Severity.NOTE and not f.fixable


@pytest.mark.parametrize(
    "text",
    [
        "He was charged with possession of child pornography in May.",
        "She pleaded guilty to two counts of distribution of child pornography.",
    ],
)
def test_charge_names_read_as_a_legal_category(text):
    f = one(text, "violence.child-pornography")
    assert f.reading == "definition" and f.reading_cue.startswith("legal: ")
    assert f.severity == Severity.NOTE and not f.fixable


def test_legal_category_only_where_the_rule_allows_it():
    f = one("Police said the boy had been lured with child pornography.", "violence.child-pornography")
    assert f.reading is None and f.severity >= Severity.WARNING
    # "committed suicide" is no legal category: a charge word nearby changes nothing
    g = one("He was charged with assault a year before he committed suicide.", "suicide.commit-suicide")
    assert g.reading is None


def test_clinical_text_reads_as_a_clinical_category():
    text = "Spontaneous abortion occurs in 10 to 20 per cent of clinically recognised pregnancies."
    f = one(text, "pregnancy-loss.spontaneous-abortion")
    assert f.reading == "definition" and f.reading_cue.startswith("clinical: ")
    news = "She had a spontaneous abortion last spring, her husband said."
    assert one(news, "pregnancy-loss.spontaneous-abortion").reading is None


# --- name or title ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We watched the film Psycho on Friday night.",
        "She campaigned with the charity Spastics Society in the 1970s.",
    ],
)
def test_titles_read_as_names(text):
    found = [
        f for f in check_text(text, config=SHOW, kind="text") if f.pack in ("mental-health", "disability")
    ]
    assert found and all(f.reading == "name" and f.silenced for f in found), found


def test_a_title_case_headline_is_still_checked():
    text = "# Singer Committed Suicide After Tour, Friends Say\n\nThe band said it was devastated.\n"
    found = [f for f in check_text(text, config=SHOW, filename="s.md") if f.rule == "suicide.commit-suicide"]
    assert found and found[0].reading is None and found[0].severity == Severity.WARNING


# --- figurative sense ------------------------------------------------------------------------


def _pack(text: str):
    return parse_pack(text, "house.yaml")


HOUSE = """
pack: house
title: House
description: A house rule with a figurative sense.
sources:
  - {id: guide, kind: guideline, organisation: Example News, title: Style guide, year: 2024, url: https://example.org/guide}
rules:
  - id: crippling
    severity: warning
    match: [crippling]
    inflect: none
    readings:
      figurative: [debt, debts, costs, strike, sanctions]
    message: Avoid "{match}" for disabled people.
    why: It defines people by a disability.
    sources: [guide]
    examples:
      flag:
        - The [crippling] condition left him unable to walk.
        - She described the [crippling] illness to the panel.
      pass:
        - The firm faces crippling debts this year.
        - A crippling strike closed the port.
"""


def test_figurative_cues_are_rule_data(tmp_path):
    path = tmp_path / "house.yaml"
    path.write_text(HOUSE, "utf-8")
    cfg = Config(packs=(str(path),), builtin_packs=False, show_silenced=True)
    f = one("The company faces crippling debts after the flood.", "house.crippling", cfg)
    assert f.reading == "figurative" and f.reading_cue == "debts" and f.silenced
    g = one("The crippling condition kept her at home for a year.", "house.crippling", cfg)
    assert g.reading is None and g.severity == Severity.WARNING


# --- opt-outs, house cues, data errors ----------------------------------------------------------


def test_method_detail_still_applies_in_the_first_person():
    text = "I took an overdose of paracetamol when I tried to take my own life at 19."
    found = [f for f in check_text(text, kind="text") if f.rule == "suicide.overdose-detail"]
    assert found and found[0].reading is None and found[0].severity >= Severity.WARNING


def test_a_house_pack_extends_the_cues(tmp_path):
    pack = HOUSE.replace(
        "rules:\n", "reading_cues:\n  mention:\n    before: [our banned list includes]\nrules:\n", 1
    )
    path = tmp_path / "house.yaml"
    path.write_text(pack, "utf-8")
    cfg = Config(packs=(str(path),), show_silenced=True)
    f = one("Our banned list includes committed suicide and more.", "suicide.commit-suicide", cfg)
    assert f.reading == "mention" and f.reading_cue == "our banned list includes"


def test_cue_data_errors_name_file_line_and_key():
    from linter.packs.yamlload import load_yaml

    with pytest.raises(PackError) as err:
        parse_cues(load_yaml("mention:\n  gap: lots\n", "cues.yaml"), "cues.yaml")
    assert "cues.yaml:2" in str(err.value) and "mention.gap" in str(err.value)
    with pytest.raises(PackError) as err:
        parse_cues(load_yaml("mentions:\n  before: [x]\n", "cues.yaml"), "cues.yaml")
    assert "mentions" in str(err.value)


def test_rule_readings_are_validated():
    bad = HOUSE.replace("figurative: [debt, debts, costs, strike, sanctions]", "still_applies: [sarcasm]")
    with pytest.raises(PackError) as err:
        _pack(bad)
    assert "readings.still_applies" in str(err.value) and "sarcasm" in str(err.value)


def test_reading_fields_in_json(tmp_path):
    from typer.testing import CliRunner

    from linter.cli import app

    draft = tmp_path / "d.md"
    draft.write_text("The term committed suicide is outdated. He committed suicide.\n", "utf-8")
    out = CliRunner().invoke(app, ["check", str(draft), "--format", "json", "--show-suppressed"]).output
    findings = [
        f for r in json.loads(out)["files"] for f in r["findings"] if f["rule"] == "suicide.commit-suicide"
    ]
    assert [f.get("reading") for f in findings] == ["mention", None]
    assert findings[0]["reading_cue"] == "term" and findings[0]["silenced"] is True


# --- the why and sources follow the story ----------------------------------------------------


def test_why_and_sources_follow_the_story_type():
    loss = "She lost her unborn baby after a miscarriage at nine weeks. The miscarriage was her second."
    f = next(f for f in check_text(loss) if f.rule == "pregnancy-loss.unborn-baby")
    assert "Miscarriage Association" in f.why and "Reuters" not in f.why
    assert {s.id for s in f.sources} == {"ma-elearning", "sands-2024", "bjog-2025"}
    policy = (
        "The abortion ban passed the legislature. Opponents of the law said the clinic "
        "would close; supporters spoke of the unborn baby."
    )
    g = next(f for f in check_text(policy) if f.rule == "pregnancy-loss.unborn-baby")
    assert "Reuters" in g.why and "ma-elearning" not in {s.id for s in g.sources}


def test_no_story_reading_offers_no_harmful_rewrite():
    f = next(
        f for f in check_text("The unborn baby was discussed.") if f.rule == "pregnancy-loss.unborn-baby"
    )
    assert f.suggestions == () and not f.fixable
