"""Rule data is tested like code: schema, unique ids, examples, sources, and
no suggestion that another rule would flag."""

import pytest
from conftest import all_rules

from linter import check_text
from linter.base.config import Config
from linter.packs import PackError, builtin_rules_dir, parse_pack

RULES = all_rules()
MIN_RULES = {
    "pregnancy-loss": 25,
    "abortion": 18,
    "suicide": 15,
    "mental-health": 10,
    "addiction": 10,
    "disability": 15,
    "violence": 12,
    "hiv": 8,
    "dementia": 5,
    "cancer": 3,
    "eating-disorders": 5,
    "lgbtq": 15,
    "migration": 2,
    "race": 6,
}


def test_rule_ids_are_unique():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))


def test_pack_file_names_match_ids(packs):
    for pack in packs:
        assert pack.path.endswith(f"/{pack.id}.yaml"), pack.path


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_has_examples_and_sources(rule):
    assert len(rule.flag_examples) >= 2, f"{rule.id}: needs at least two flag examples"
    assert len(rule.pass_examples) >= 2, f"{rule.id}: needs at least two pass examples"
    assert rule.sources and all(s.url.startswith("http") for s in rule.sources)
    assert rule.message and rule.why


def _rendered_suggestions(rule):
    for items in rule.suggest.values():
        for s in items:
            yield s.text
            if s.plural:
                yield s.plural


@pytest.mark.parametrize("rule", [r for r in RULES if r.suggest], ids=lambda r: r.id)
@pytest.mark.parametrize("locale", ["en-US", "en-GB"])
def test_no_suggestion_is_flagged(rule, locale):
    config = Config(locale=locale)
    for text in _rendered_suggestions(rule):
        flagged = [
            f
            for f in check_text(text, config=config)
            if f.pack != "copydesk" and f.rule.split(".")[1] != "missing-support-information"
        ]
        assert not flagged, f"{rule.id}: suggestion {text!r} is flagged by {[f.rule for f in flagged]}"


@pytest.mark.parametrize("pack_id, minimum", sorted(MIN_RULES.items()))
def test_pack_meets_minimum(packs, pack_id, minimum):
    found = {p.id: p for p in packs}
    if pack_id not in found:
        pytest.fail(f"pack {pack_id} is missing")
    assert len(found[pack_id].rules) >= minimum


BAD = [
    ("unknown-key", "  colour: red\n", "rules[x].colour: unknown key"),
    ("bad-severity", None, "severity: expected one of"),
    ("undeclared-source", None, "source 'nope' is not declared"),
    ("bad-regex", None, "pattern does not compile"),
]

GOOD_RULE = """\
pack: house
title: House
description: House rules.
sources:
  - {id: s1, organisation: Org, title: T, year: 2020, url: "https://example.org", kind: guideline}
rules:
  - id: x
    severity: %(severity)s
    %(match)s
    message: m
    why: w
    sources: [%(source)s]
    examples:
      flag: ["a [foo] b", "[foo] c"]
      pass: ["bar", "baz"]
%(extra)s"""


def _pack(severity="warning", match="match: [foo]", source="s1", extra=""):
    return GOOD_RULE % {"severity": severity, "match": match, "source": source, "extra": extra}


def test_good_house_pack_loads():
    pack = parse_pack(_pack(), "house.yaml")
    assert pack.rules[0].id == "house.x"
    source = pack.rules[0].sources[0]
    assert source.to_dict() == {
        "id": "s1",
        "organisation": "Org",
        "title": "T",
        "year": 2020,
        "url": "https://example.org",
        "kind": "guideline",
    }


def test_source_optional_keys_round_trip():
    text = _pack().replace(
        "kind: guideline",
        "kind: stylebook, publisher: Pub, access: subscription, "
        "reported_by: {url: 'https://example.org/copy', label: a blog quoting the entry}",
    )
    source = parse_pack(text, "house.yaml").rules[0].sources[0]
    assert source.publisher_name == "Pub"
    assert source.to_dict()["access"] == "subscription"
    assert source.to_dict()["reported_by"] == {
        "url": "https://example.org/copy",
        "label": "a blog quoting the entry",
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        (_pack(extra="    colour: red\n"), "house.yaml:16: rules[x].colour: unknown key"),
        (_pack(severity="fatal"), "house.yaml:8: rules[x].severity: expected one of"),
        (_pack(source="nope"), "house.yaml:12: rules[x].sources: source 'nope' is not declared"),
        (
            _pack(match="kind: regex\n    regex: 'a(b'"),
            "house.yaml:10: rules[x].regex: pattern does not compile",
        ),
        (_pack().replace("    message: m\n", ""), "house.yaml:7: rules[x].message: missing required key"),
        (_pack().replace(", kind: guideline}", "}"), "house.yaml:5: sources[0].kind: missing required key"),
        (_pack().replace("kind: guideline", "kind: blog"), "house.yaml:5: sources[0].kind: expected one of"),
        (
            _pack().replace("kind: guideline", "kind: stylebook, access: paid"),
            "house.yaml:5: sources[0].access: expected one of: open, subscription",
        ),
        (
            _pack().replace("kind: guideline", "kind: report, reported_by: {url: x, label: L}"),
            "house.yaml:5: sources[0].reported_by.url: expected an http(s) URL",
        ),
        (
            _pack().replace("kind: guideline", "kind: report, reported_by: {url: 'https://example.org/r'}"),
            "house.yaml:5: sources[0].reported_by.label: missing required key",
        ),
    ],
)
def test_bad_pack_errors_name_file_line_and_key(text, expected):
    with pytest.raises(PackError) as err:
        parse_pack(text, "house.yaml")
    assert str(err.value).startswith(expected), str(err.value)


def test_builtin_rules_dir_has_packs():
    assert any(builtin_rules_dir().glob("*.yaml"))
