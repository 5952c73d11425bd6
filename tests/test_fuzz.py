"""Property tests across the whole pipeline, for every format.

No exception escapes on arbitrary bytes, text, Markdown or HTML; every
finding's offsets are exact (``source[offset:end_offset] == match``, with
line and column agreeing); a fix never changes anything outside the spans of
the findings it applies, and in HTML never touches a tag.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter import check_text
from linter.base.config import Config
from linter.fixing.edits import apply_edits, fix_text
from linter.workspace.runner import Target, check_target

# Modest by default so the suite stays fast; COPYDESK_FUZZ_SCALE=50 for a long hunt.
SCALE = float(os.environ.get("COPYDESK_FUZZ_SCALE", "1"))


def _n(count: int) -> int:
    return max(1, int(count * SCALE))


FAST = settings(
    max_examples=_n(60),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

PHRASES = [
    "committed suicide",
    "commits suicide",
    "unborn baby",
    "drug addict",
    "addicts",
    "wheelchair-bound",
    "pro-life",
    "fetal heartbeat",
    "miscarriage",
    "illegal immigrant",
    "suffers from AIDS",
    "a successful suicide attempt",
    "https://x.org/committed-suicide",
]
WORDS = [
    "the",
    "He",
    "she",
    "said",
    "in",
    "2019",
    "caf\u00e9",
    "\u201c",
    "\u201d",
    '"',
    "'",
    "\u2019",
    ".",
    ",",
    "\n",
    "\n\n",
    "  ",
    "\t",
    "\r\n",
    "\u00a0",
    "I\u0307",
    "\U0001f600",
    "\x00",
    "\ufeff",
]
MD_BITS = [
    "# ",
    "> ",
    "- ",
    "* ",
    "**",
    "_",
    "`",
    "```\n",
    "~~~\n",
    "    ",
    "[",
    "](http://a)",
    "<!-- copydesk-disable suicide -->",
    "<!-- copydesk-enable -->",
    "---\n",
    "| a | b |\n",
    "<div>",
    "</div>",
    "![alt",
    "\\",
    "&amp;",
    "1. ",
]
HTML_BITS = [
    "<p>",
    "</p>",
    "<em>",
    "</em>",
    "<b>",
    "<blockquote>",
    "</blockquote>",
    "<q>",
    "</q>",
    "<h1>",
    "</h1>",
    "<pre>",
    "</pre>",
    "<code>",
    "</code>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<!-- copydesk-disable-next-line -->",
    '<img alt="',
    '">',
    "<br>",
    "&nbsp;",
    "&amp;",
    "&rsquo;",
    "&ldquo;",
    "&rdquo;",
    "&#8217;",
    "&#x2014;",
    "&bogus;",
    "<",
    ">",
    "</",
    "<a href='",
    "'>",
    "<title>",
    "</title>",
    "<style>",
    "<svg>",
    "</svg>",
    '<meta name="description" content="',
    "<figcaption>",
    "<td>",
]


def _doc(bits):
    return st.lists(st.sampled_from(PHRASES + WORDS + bits) | st.text(max_size=6), max_size=40).map("".join)


TEXT = _doc([])
MARKDOWN = _doc(MD_BITS)
HTML = _doc(HTML_BITS)


def _line_col(source: str, offset: int) -> tuple[int, int]:
    line = source.count("\n", 0, offset) + 1
    return line, offset - (source.rfind("\n", 0, offset) + 1) + 1


def _assert_exact(source: str, findings) -> None:
    for f in findings:
        assert 0 <= f.offset <= f.end_offset <= len(source)
        assert source[f.offset : f.end_offset] == f.match, (f.rule, f.match)
        assert (f.line, f.column) == _line_col(source, f.offset)
        assert (f.end_line, f.end_column) == _line_col(source, f.end_offset)


def _assert_fix_local(source: str, kind: str) -> None:
    """One round of fixes: every edit is a fixable finding's span; nothing else changes."""
    fixable = {(f.offset, f.end_offset, f.suggestions[0]) for f in check_text(source, kind=kind) if f.fixable}
    new, edits = fix_text(source, kind=kind, max_rounds=1)
    assert new == apply_edits(source, edits)
    cursor = 0
    for e in edits:
        assert (e.start, e.end, e.replacement) in fixable
        assert e.start >= cursor  # no overlaps
        cursor = e.end
    if kind == "html":
        tag = re.compile(r"<[^<>]*>")
        assert tag.findall(new) == tag.findall(source)


@FAST
@given(TEXT)
def test_text_pipeline(source):
    _assert_exact(source, check_text(source, kind="text"))
    _assert_fix_local(source, "text")


@FAST
@given(MARKDOWN)
def test_markdown_pipeline(source):
    _assert_exact(source, check_text(source, kind="markdown"))
    _assert_fix_local(source, "markdown")


@FAST
@given(HTML)
def test_html_pipeline(source):
    from linter.inputs.extract.html import extract_html

    doc = extract_html(source)
    assert len(doc.scan) == len(source)
    _assert_exact(source, check_text(source, kind="html"))
    _assert_fix_local(source, "html")


@settings(max_examples=_n(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.binary(max_size=300) | MARKDOWN.map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.sampled_from(["text", "markdown", "html", "docx"]),
)
def test_arbitrary_bytes_never_raise(raw, kind):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "draft"
        path.write_bytes(raw)
        for explicit in (True, False):
            result = check_target(Target(str(path), Config(), kind, explicit))
            if result.error is None and result.skipped is None:
                if kind == "docx":  # lines are paragraphs there; offsets still exact
                    for f in result.findings:
                        assert result.source[f.offset : f.end_offset] == f.match
                else:
                    _assert_exact(result.source, result.findings)


@settings(max_examples=_n(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be"]))
def test_fix_file_keeps_every_byte_outside_the_edits(source, encoding):
    from linter.fixing.files import fix_file
    from linter.inputs.files import encode

    source = source.replace("\x00", "").replace("\ufeff", "")
    try:
        raw = encode(source, encoding)
    except UnicodeEncodeError:
        return  # lone surrogates cannot be written in any of these
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "draft.md"
        path.write_bytes(raw)
        outcome = fix_file(Target(str(path), Config(), "markdown", True), write=True)
        assert outcome.error is None
        expected = source
        if outcome.edits:
            # fix_file runs rounds until nothing is fixable; replay them.
            new, _ = fix_text(source, kind="markdown")
            expected = new
        assert path.read_bytes() == encode(expected, encoding)


def _docx_with_runs(pieces):
    import docx

    d = docx.Document()
    for para in pieces:
        p = d.add_paragraph()
        for text, bold in para:
            p.add_run(text).bold = bold or None
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


RUNS = st.lists(
    st.lists(
        st.tuples(
            _doc([]).map(lambda s: re.sub(r"[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]", "", s)),
            st.booleans(),
        ),
        min_size=1,
        max_size=4,
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=_n(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(RUNS)
def test_docx_fix_changes_only_finding_spans_and_keeps_formatting(pieces):
    pytest.importorskip("docx")
    import docx

    from linter.fixing.docx import fix_docx
    from linter.inputs.extract.docx import read_docx

    raw = _docx_with_runs(pieces)
    before = read_docx(raw)
    result = fix_docx(raw, "x.docx", Config())
    assert result.error is None
    if result.data is None:
        return
    after = read_docx(result.data)
    text = before.text
    assert result.applied and after.text != text

    # Formatting: the sequence of (bold) flags over the characters that did not change.
    def flags(dt):
        out = []
        for para in dt.paragraphs:
            for seg in para.segments:
                rpr = seg.run.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rPr")
                bold = (
                    rpr is not None
                    and rpr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}b")
                    is not None
                )
                out.extend([bold] * (seg.end - seg.start))
            out.extend([None, None])
        return out

    old_flags, new_flags = flags(before), flags(after)
    # Compare the unchanged prefix and suffix character by character.
    prefix = 0
    while prefix < min(len(text), len(after.text)) and text[prefix] == after.text[prefix]:
        prefix += 1
    assert old_flags[:prefix] == new_flags[:prefix]
    suffix = 0
    while suffix < min(len(text), len(after.text)) - prefix and text[-1 - suffix] == after.text[-1 - suffix]:
        suffix += 1
    if suffix:
        assert old_flags[len(text) - suffix :] == new_flags[len(after.text) - suffix :]
    assert docx.Document(io.BytesIO(result.data))  # the copy opens
