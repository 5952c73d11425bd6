"""Every example in every rule pack is a test: flag examples must be flagged at
the marked span, pass examples must not be flagged outside quotes."""

import pytest

from conftest import all_rules, config_for
from linter import check_text
from linter.fix import fix_text

CASES = [
    pytest.param(rule, kind, example, id=f"{rule.id}:{kind}{i}")
    for rule in all_rules()
    for kind, examples in (("flag", rule.flag_examples), ("pass", rule.pass_examples))
    for i, example in enumerate(examples)
]


def _narrative(findings, rule):
    return [f for f in findings if f.rule == rule.id and not f.in_quote]


@pytest.mark.parametrize("rule, kind, example", CASES)
def test_example(rule, kind, example):
    config = config_for(rule, example.locale)
    findings = check_text(example.text, config=config)
    found = _narrative(findings, rule)
    if kind == "pass":
        assert not found, f"{rule.path}:{example.line}: pass example was flagged: " + "; ".join(
            repr(f.match) for f in found)
        return
    spans = {(f.offset, f.end_offset) for f in found}
    for start, end in example.spans:
        # A noun rule may take in the article before it ("an addict") to rewrite it too.
        ok = (start, end) in spans or any(
            e == end and example.text[s:start].strip().lower() in ("a", "an") for s, e in spans)
        assert ok, (f"{rule.path}:{example.line}: expected {rule.id} at "
                    f"{example.text[start:end]!r}; got {[f.match for f in found]}")
    for f in found:
        assert example.text[f.offset:f.end_offset] == f.match
    if example.suggest is not None:
        assert found[0].suggestions and found[0].suggestions[0] == example.suggest, (
            f"{rule.path}:{example.line}: first suggestion {found[0].suggestions[:1]} "
            f"!= {example.suggest!r}")
    if example.fixed is not None:
        fixed, _ = fix_text(example.text, config=config)
        assert fixed == example.fixed, f"{rule.path}:{example.line}: fixed text differs"
