"""docs/rules.md is generated from the packs; a stale copy fails the suite."""

from pathlib import Path

from linter.packs import load_packs
from linter.packs.docs import rules_markdown

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
