import pytest

from linter.packs import load_packs


def all_rules():
    return [rule for pack in load_packs() for rule in pack.rules]


@pytest.fixture(scope="session")
def packs():
    return load_packs()
