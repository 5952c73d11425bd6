"""The data side of the packs' citations: every source says what it is and links its publisher.

See linter/packs/provenance.py for what counts as second-hand and
benchmarks/sources_report.py for the figures and targets.
"""

import sys
from pathlib import Path

import pytest

from linter.base.model import SOURCE_ACCESS, SOURCE_KINDS
from linter.packs import load_packs
from linter.packs.provenance import MIRROR_HOSTS, is_second_hand, on_host, only_second_hand, unreachable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from sources_report import PUBLISHER_HOSTS, named_publishers  # noqa: E402

PACKS = load_packs()
SOURCES = [(p.id, s) for p in PACKS for s in p.sources.values()]
IDS = [f"{pack}:{s.id}" for pack, s in SOURCES]


@pytest.mark.parametrize(("pack", "source"), SOURCES, ids=IDS)
def test_every_source_says_what_it_is(pack, source):
    assert source.kind in SOURCE_KINDS
    assert source.access in SOURCE_ACCESS


@pytest.mark.parametrize(("pack", "source"), SOURCES, ids=IDS)
def test_no_tracker_proxy_archive_zip_or_mirror_link(pack, source):
    assert unreachable(source.url) is None, source.url
    assert not on_host(source.url, MIRROR_HOSTS), f"{source.url} is a document mirror: cite it as reported_by"
    if source.reported_by:
        assert unreachable(source.reported_by.url) is None, source.reported_by.url
        assert source.reported_by.url != source.url


@pytest.mark.parametrize(("pack", "source"), SOURCES, ids=IDS)
def test_label_names_the_publisher_it_links(pack, source):
    names = named_publishers(source)
    if names and source.reported_by is None:
        assert any(on_host(source.url, PUBLISHER_HOSTS[n]) for n in names), (
            f"{source.id}: labelled {names} but links {source.url}"
        )


def test_rules_resting_only_on_second_hand_support_are_lowered_and_say_so():
    for pack in PACKS:
        for rule in pack.rules:
            if only_second_hand(rule):
                assert "Only reported second-hand:" in rule.why, rule.id
                assert str(rule.severity) != "error", rule.id


def test_subscription_front_page_sources_carry_reported_by():
    for _, source in SOURCES:
        if source.access == "subscription" and source.url.rstrip("/").count("/") == 2:
            assert source.reported_by is not None, source.id
            assert is_second_hand(source)
