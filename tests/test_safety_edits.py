"""Issue 16, point 5: edit selection is O(n log n) and chooses exactly what the
old quadratic loop chose (kept here as the reference), on random findings
including empty spans, ties, quotes and unfixable ones."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from linter.base.model import Finding, Severity
from linter.fixing.edits import Edit, choose_edits


def reference_choose_edits(findings):
    """The selection as it was before issue 16: every candidate against every chosen edit."""
    candidates = sorted(
        (f for f in findings if f.fixable and f.suggestions and not f.in_quote),
        key=lambda f: (-(f.end_offset - f.offset), -int(f.severity), f.rule, f.offset),
    )
    chosen: list[Edit] = []
    for f in candidates:
        if any(f.offset < e.end and e.start < f.end_offset for e in chosen):
            continue
        chosen.append(Edit(f.offset, f.end_offset, f.suggestions[0], f))
    return sorted(chosen, key=lambda e: e.start)


@st.composite
def finding(draw):
    start = draw(st.integers(0, 60))
    end = start + draw(st.sampled_from([0, 1, 2, 3, 5, 8, 13]))
    rule = draw(st.sampled_from(["p.a", "p.b", "q.c"]))
    return Finding(
        rule=rule,
        pack=rule.split(".")[0],
        severity=draw(st.sampled_from(list(Severity))),
        message="m",
        why="w",
        sources=(),
        offset=start,
        end_offset=end,
        line=1,
        column=start + 1,
        end_line=1,
        end_column=end + 1,
        match="",
        suggestions=draw(st.sampled_from([(), ("X",), ("Y", "Z")])),
        fixable=draw(st.integers(0, 4)) > 0,
        in_quote=draw(st.integers(0, 9)) == 0,
    )


@settings(max_examples=400, deadline=None)
@given(st.lists(finding(), max_size=40))
def test_same_choice_as_the_quadratic_reference(findings):
    got = choose_edits(findings)
    want = reference_choose_edits(findings)
    assert [(e.start, e.end, e.replacement, e.finding) for e in got] == [
        (e.start, e.end, e.replacement, e.finding) for e in want
    ]


def test_many_findings_choose_every_disjoint_one():
    """Shape of the benchmark case (one finding every 40 characters), at test size."""
    findings = [
        Finding(
            rule="p.a",
            pack="p",
            severity=Severity.WARNING,
            message="m",
            why="w",
            sources=(),
            offset=i * 40,
            end_offset=i * 40 + 17,
            line=1,
            column=1,
            end_line=1,
            end_column=1,
            match="",
            suggestions=("X",),
            fixable=True,
        )
        for i in range(20_000)
    ]
    edits = choose_edits(findings[::-1])
    assert [e.start for e in edits] == [i * 40 for i in range(20_000)]
