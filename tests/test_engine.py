"""The engine end to end: matching forms, context, names, quotes, story type, offsets."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter import Config, Severity, check_text
from linter.base.inflect import verb_forms
from linter.engine.matching import expand_phrase


def rules_of(findings, narrative_only=True):
    return [(f.rule, f.match) for f in findings if not (narrative_only and f.in_quote)]


def test_verb_forms_cover_what_newsrooms_write():
    forms = expand_phrase("commit suicide", "verb", ())
    assert {"commits suicide", "committed suicide", "committing suicide"} <= set(forms)
    assert verb_forms("suffer")["past"] == "suffered"
    assert verb_forms("die")["ger"] == "dying"


def test_compound_and_spelling_variants():
    forms = expand_phrase("wheelchair-bound", "none", ())
    assert {"wheelchair-bound", "wheelchair bound", "wheelchairbound"} <= set(forms)
    forms = expand_phrase("fetus", "noun", (("fetus", "foetus"),))
    assert {"fetus", "foetus", "fetuses"} <= set(forms)


@pytest.mark.parametrize(
    "text, rule",
    [
        ("The singer committed suicide in 2019.", "suicide.commit-suicide"),
        ("Police say he commits suicide rarely.", "suicide.commit-suicide"),
        ("THE SINGER COMMITTED SUICIDE", "suicide.commit-suicide"),
        ("The singer committed\n  suicide in 2019.", "suicide.commit-suicide"),
        ("He is wheelchair bound.", "disability.is-wheelchair-bound"),
        ("The charity helps wheelchairbound veterans.", "disability.wheelchair-bound"),
        ("He had been confined to a wheelchair.", "disability.confined-to-a-wheelchair"),
    ],
)
def test_forms_are_caught(text, rule):
    assert rule in [r for r, _ in rules_of(check_text(text))]


@pytest.mark.parametrize(
    "text, rule",
    [
        ("She was committed to the cause.", "suicide.commit-suicide"),
        ("He committed a crime.", "suicide.commit-suicide"),
        ("Addiction services are stretched.", "addiction.addict"),
    ],
)
def test_whole_words_and_other_senses_are_not(text, rule):
    assert rule not in [r for r, _ in rules_of(check_text(text))]


def test_phrases_do_not_run_across_paragraphs():
    assert not rules_of(check_text("He committed\n\nsuicide prevention is funded."))


def test_quoted_finding_is_a_note_never_fixable():
    text = 'Her mother said: "He committed suicide after years of pain."'
    found = [f for f in check_text(text) if f.rule == "suicide.commit-suicide"]
    assert len(found) == 1
    f = found[0]
    assert f.in_quote and f.severity == Severity.NOTE and not f.fixable
    assert "quote" in f.message.lower()


@pytest.mark.parametrize("policy, expected", [("ignore", 0), ("note", 1), ("flag", 1)])
def test_quote_policy(policy, expected):
    text = 'Her mother said: "He committed suicide after years of pain."'
    found = [f for f in check_text(text, config=Config(quotes=policy)) if f.rule == "suicide.commit-suicide"]
    assert len(found) == expected
    if policy == "flag":
        assert found[0].severity >= Severity.WARNING and found[0].in_quote


def test_use_mention_is_not_a_finding():
    text = "The phrase \u201ccommitted suicide\u201d is now avoided by most newsrooms."
    assert not [f for f in check_text(text) if f.rule == "suicide.commit-suicide"]


def test_declared_proper_name_is_not_flagged():
    text = "She marched with the Pro-Life Action League in Chicago."
    assert not [f for f in check_text(text) if f.rule.startswith("abortion.pro-life")]
    text = "The pro-life group marched in Chicago."
    assert [f for f in check_text(text) if f.rule.startswith("abortion.pro-life")]


def test_heartbeat_needs_pregnancy_context_and_spares_the_statute():
    assert not [
        f for f in check_text("The Texas Heartbeat Act took effect in 2021.") if "heartbeat" in f.rule
    ]
    assert not [f for f in check_text("The athlete's heartbeat raced.") if "heartbeat" in f.rule]
    # Abortion-policy advice: it fires in abortion-law copy, not in a loss story or
    # an account of a wanted pregnancy, where the parents' word stands.
    policy = "The abortion law bans the procedure once the embryo has a heartbeat, at six weeks of pregnancy."
    assert [f for f in check_text(policy) if "heartbeat" in f.rule]
    wanted = "At six weeks of pregnancy the embryo had a heartbeat on the scan, and we cried with joy."
    assert not [f for f in check_text(wanted) if "heartbeat" in f.rule]


def test_story_type_changes_the_advice():
    loss = "She lost her unborn baby after a miscarriage at nine weeks. The miscarriage was her second."
    f = next(f for f in check_text(loss) if f.match.lower().endswith("unborn baby"))
    assert "pregnancy-loss" in f.message
    assert any("baby" in s for s in f.suggestions)
    assert not any("fetus" in s.lower() for s in f.suggestions)

    policy = (
        "The abortion ban passed the legislature. Opponents of the law said the clinic "
        "would close; supporters spoke of the unborn baby."
    )
    f = next(f for f in check_text(policy) if f.match.lower().endswith("unborn baby"))
    assert any(s in ("fetus", "embryo") for s in f.suggestions)


def test_motivating_story():
    story = (
        "The actress went into great detail about her unborn baby in an interview, "
        "describing the miscarriage she had at nine weeks.\n\n"
        '"We had a scan at seven weeks and the embryo has a heartbeat," she said. "We\n'
        "were so happy.\n\n"
        '"Then at nine weeks it was gone."\n'
    )
    findings = check_text(story, filename="story.md")
    unborn = [f for f in findings if f.match.endswith("unborn baby")]
    assert unborn and unborn[0].severity >= Severity.WARNING and not unborn[0].in_quote
    assert any("her baby" in s or s == "baby" for s in unborn[0].suggestions)
    # Her quote is left alone but for the note that the narrative should follow her word;
    # the abortion pack's heartbeat advice does not fire in a loss story at all.
    assert not [f for f in findings if "heartbeat" in f.rule]
    embryo = [f for f in findings if f.match == "embryo"]
    assert embryo and all(f.in_quote and f.severity == Severity.NOTE and not f.fixable for f in embryo)


def test_markdown_code_front_matter_urls_and_comments_are_skipped():
    text = (
        "---\ntitle: committed suicide\n---\n\n"
        "Inline `committed suicide` code.\n\n"
        "```\ncommitted suicide\n```\n\n"
        "    committed suicide indented\n\n"
        "<!-- committed suicide -->\n\n"
        "See https://example.org/committed-suicide and [a link](https://x.org/committed suicide).\n"
    )
    assert not [f for f in check_text(text, filename="a.md") if f.rule == "suicide.commit-suicide"]


def test_markdown_emphasis_does_not_hide_a_phrase():
    found = check_text("The singer *committed* suicide.", filename="a.md")
    assert [f for f in found if f.rule == "suicide.commit-suicide"]


# A whole story, long enough for whole-article checks (they wait for 80 words).
STORY_BODY = (
    " Friends described her as generous and funny, a songwriter who always made time for younger"
    " players. She had toured with the band for a decade and recorded four albums with them. The band"
    " cancelled its autumn dates and will hold a memorial concert in her home town next year, with"
    " proceeds going to music education. Her family asked for privacy and thanked fans for the"
    " hundreds of messages they had received since the news broke on Tuesday morning."
)


def test_support_information_document_rule():
    story = "The singer took her own life in 2019, police said." + STORY_BODY
    short = "The singer took her own life in 2019, police said."
    assert not [f for f in check_text(short) if f.rule == "suicide.missing-support-information"]
    assert [f for f in check_text(story) if f.rule == "suicide.missing-support-information"]
    with_help = story + " If you are struggling, call Samaritans on 116 123."
    assert not [
        f
        for f in check_text(with_help, config=Config(locale="en-GB"))
        if f.rule == "suicide.missing-support-information"
    ]
    house = Config(support_line=("Call the Newsroom Helpline",))
    assert not [
        f
        for f in check_text(story + " Call the Newsroom Helpline.", config=house)
        if f.rule == "suicide.missing-support-information"
    ]


def test_findings_are_deterministic_and_sorted():
    text = "He committed suicide. An addict was wheelchair bound. " * 3
    a, b = check_text(text), check_text(text)
    assert a == b
    assert [f.offset for f in a] == sorted(f.offset for f in a)


def test_line_and_column_are_one_based_characters():
    text = "\u00e9\u00e9 line one\n\U0001f600 He committed suicide."
    f = next(f for f in check_text(text) if f.rule == "suicide.commit-suicide")
    assert (f.line, f.column) == (2, text.split("\n")[1].index("committed") + 1)


WORDS = st.sampled_from(
    [
        "committed suicide",
        "addict",
        "unborn baby",
        "wheelchair-bound",
        "the",
        "she",
        "said",
        "\u201c",
        "\u201d",
        '"',
        "'",
        "`",
        "```",
        "\n",
        "\n\n",
        "> ",
        "# ",
        "*",
        "_",
        "[",
        "](",
        ")",
        "<!--",
        "-->",
        "---",
        "http://x.y/z",
        "\U0001f600",
        "\u00e9",
        "\r\n",
        "An",
        "HIV",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, max_size=40).map(" ".join), st.sampled_from(["a.md", "a.txt"]))
def test_offsets_are_exact_for_any_input(text, filename):
    for f in check_text(text, filename=filename):
        assert text[f.offset : f.end_offset] == f.match
        assert f.line >= 1 and f.column >= 1


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["a.md", "a.txt"]))
def test_arbitrary_text_never_raises(text, filename):
    for f in check_text(text, filename=filename):
        assert text[f.offset : f.end_offset] == f.match


def test_check_file_reads_bom_and_crlf_with_exact_offsets(tmp_path):
    from linter import check_file

    text = "Intro line.\r\nThe singer committed suicide.\r\n"
    path = tmp_path / "story.md"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    found = [f for f in check_file(path) if f.rule == "suicide.commit-suicide"]
    assert found and text[found[0].offset : found[0].end_offset] == "committed suicide"
    assert (found[0].line, found[0].column) == (2, 12)


def test_house_pack_from_a_path(tmp_path):
    from linter.workspace.starter import PACK

    pack = tmp_path / "house.yaml"
    pack.write_text(PACK, "utf-8")
    config = Config(packs=(str(pack),))
    found = check_text("Two people died in a tragic accident.", config=config)
    assert [f.rule for f in found] == ["house-style.tragic-accident"]


def test_messages_are_one_line_whatever_the_yaml_or_the_match(tmp_path):
    pack = tmp_path / "house.yaml"
    pack.write_text(
        "pack: house\ntitle: House\ndescription: d.\nsources:\n"
        "  - {id: s, organisation: O, title: T, year: 2020, url: 'https://example.org', kind: guideline}\n"
        "rules:\n  - id: tragic\n    severity: warning\n    match: [tragic accident]\n"
        '    message: |\n      "{match}" tells readers\n      how to feel.\n'
        "    why: w\n    sources: [s]\n"
        "    examples:\n      flag: ['a [tragic accident]', '[tragic accident] here']\n"
        "      pass: [an accident, a tragedy]\n",
        "utf-8",
    )
    found = check_text("It was a tragic\naccident.", config=Config(packs=(str(pack),)))
    assert [f.message for f in found if f.rule == "house.tragic"] == [
        '"tragic accident" tells readers how to feel.'
    ]


def test_whole_article_trigger_in_a_title_case_headline():
    """Triggers pass the same context tests as phrase hits: in a Title Case
    heading capitals prove nothing, so the headline still counts as a report."""
    story = "# Pop Singer Took Her Own Life, Inquest Hears\n\nThe hearing lasted an hour." + STORY_BODY + "\n"
    found = [f.rule for f in check_text(story, filename="story.md")]
    assert "suicide.missing-support-information" in found
