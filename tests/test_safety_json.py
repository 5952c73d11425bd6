"""Issue 16, point 7: the JSON report is streamed, and stays byte-identical to
``json.dumps`` of the whole document (the format before streaming, and the
golden files in tests/golden): compared here on random runs, with awkward
strings (newlines, quotes, control characters, non-ASCII) everywhere."""

from __future__ import annotations

import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from linter import check_text
from linter.base.model import Finding, Severity
from linter.engine.suppress import Suppression
from linter.report import summary, write_report
from linter.report.json_report import JSON_VERSION, render_json, suppression_dict
from linter.workspace.runner import FileResult, Run


def reference_json(run) -> str:
    """The document as render_json built it before issue 16: all at once."""
    doc = {
        "version": JSON_VERSION,
        "files": [
            {
                "path": r.path,
                "findings": [f.to_dict() for f in r.findings],
                "suppressions": [suppression_dict(s, r.source) for s in r.suppressions],
            }
            for r in run.results
            if not r.error
        ],
        "errors": [{"path": r.path, "message": r.error} for r in run.errors],
        "summary": summary(run),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


awkward = st.text(alphabet=st.sampled_from('ab \n\t"\\\u00e9\u201c\u2028\x00\x1b/'), max_size=12)


@st.composite
def finding(draw):
    start = draw(st.integers(0, 50))
    end = start + draw(st.integers(0, 10))
    return Finding(
        rule=draw(st.sampled_from(["p.a", "q.b"])),
        pack=draw(st.sampled_from(["p", "q"])),
        severity=draw(st.sampled_from(list(Severity))),
        message=draw(awkward),
        why=draw(awkward),
        sources=(),
        offset=start,
        end_offset=end,
        line=1,
        column=start + 1,
        end_line=1,
        end_column=end + 1,
        match=draw(awkward),
        suggestions=tuple(draw(st.lists(awkward, max_size=2))),
        fixable=draw(st.booleans()),
    )


@st.composite
def file_result(draw):
    path = draw(awkward) or "x.md"
    if draw(st.integers(0, 5)) == 0:
        return FileResult(path, error=draw(awkward))
    source = draw(st.text(max_size=60))
    sups = []
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.integers(0, len(source)))
        sups.append(
            Suppression(
                kind=draw(st.sampled_from(["line", "file", "next-line"])),
                ids=tuple(draw(st.lists(st.sampled_from(["p", "q.b"]), max_size=2))),
                reason=draw(awkward),
                start=start,
                end=start,
                region=(start, start),
                used=draw(st.integers(0, 3)),
                line=1,
            )
        )
    return FileResult(path, draw(st.lists(finding(), max_size=5)), sups, source)


@settings(max_examples=200, deadline=None)
@given(st.lists(file_result(), max_size=4))
def test_streamed_json_is_byte_identical(results):
    run = Run(results, [])
    out = io.StringIO()
    write_report(run, "json", out)
    assert out.getvalue() == reference_json(run) == render_json(run)


def test_many_findings_stream_in_pieces():
    """The document is written in many bounded pieces, never as one string."""
    text = "He committed suicide in May, she said. \n" * 3000
    run = Run([FileResult("big.txt", check_text(text), [], text)], [])
    pieces: list[str] = []

    class Sink:
        def write(self, piece: str) -> None:
            pieces.append(piece)

    write_report(run, "json", Sink())
    assert "".join(pieces) == reference_json(run)
    assert len(pieces) > 5 and max(map(len, pieces)) < len("".join(pieces)) // 4
