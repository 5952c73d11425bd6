import pytest

from linter.config import Config
from linter.packs import load_packs


def all_rules():
    return [rule for pack in load_packs() for rule in pack.rules]


@pytest.fixture(scope="session")
def packs():
    return load_packs()


def config_for(rule, locale=None):
    """Every built-in rule active, plus this rule even when it is a house switch."""
    return Config(locale=locale or (rule.locales[0] if rule.locales else "en-US"), enable=(rule.id,))
