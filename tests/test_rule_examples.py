"""Every example in every rule pack is a test: flag examples must be flagged at
the marked span, pass examples must not be flagged outside quotes."""

import pytest
from conftest import all_rules

from linter.workspace.rule_examples import example_failures, iter_examples

CASES = [
    pytest.param(rule, kind, example, id=f"{rule.id}:{kind}{index}")
    for rule, kind, index, example in iter_examples(all_rules())
]


@pytest.mark.parametrize("rule, kind, example", CASES)
def test_example(rule, kind, example):
    problems = example_failures(rule, kind, example)
    assert not problems, "\n".join(problems)
