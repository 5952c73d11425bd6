"""docs/rules.md and docs/sources.md are generated from the packs; a stale copy fails the suite."""

from pathlib import Path

from linter.packs import load_packs
from linter.packs.docs import rules_markdown, sources_markdown
from linter.packs.provenance import is_second_hand

ROOT = Path(__file__).resolve().parents[1]


def test_rules_reference_is_current():
    current = (ROOT / "docs" / "rules.md").read_text("utf-8")
    assert current == rules_markdown(load_packs()), "docs/rules.md is stale: run `copydesk rules docs`"


def test_every_rule_is_documented_with_sources():
    text = (ROOT / "docs" / "rules.md").read_text("utf-8")
    for pack in load_packs():
        for rule in pack.rules:
            assert f"### {rule.id}\n" in text
            for source in rule.sources:
                assert source.url in text


def test_sources_list_is_current():
    current = (ROOT / "docs" / "sources.md").read_text("utf-8")
    assert current == sources_markdown(load_packs()), "docs/sources.md is stale: run `copydesk rules docs`"


def test_rules_reference_shows_primary_source_first_with_kind():
    text = (ROOT / "docs" / "rules.md").read_text("utf-8")
    for pack in load_packs():
        for rule in pack.rules:
            section = text.split(f"### {rule.id}\n", 1)[1].split("\n### ", 1)[0]
            listed = section.split("**Sources** (primary first):", 1)[1]
            first = listed.strip().splitlines()[0]
            assert first.startswith(f"- *{rule.sources[0].kind}") or any(
                first.startswith(f"- *{s.kind}") for s in rule.sources
            )
            primary = [s for s in rule.sources if not is_second_hand(s)]
            if primary:
                assert "second-hand" not in first.split(" · ")[0], rule.id


def test_sources_list_names_every_citing_rule():
    text = (ROOT / "docs" / "sources.md").read_text("utf-8")
    for pack in load_packs():
        part = text.split(f"\n## {pack.id}\n", 1)[1].split("\n## ", 1)[0]
        for rule in pack.rules:
            for source in rule.sources:
                entry = part.split(f"### {source.id}\n", 1)[1].split("\n### ", 1)[0]
                assert f"[{rule.id}](rules.md#{rule.id.replace('.', '')})" in entry
                assert f"- kind: {source.kind}" in entry and source.url in entry
