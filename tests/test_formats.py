"""Every format a newsroom drafts in: the same story as .md, .html and .docx.

Also HTML specifics (offsets, skipped elements, quotes, headings, alt text,
entities, suppressions, fixes that never touch markup) and Word specifics
(paragraph locations, tables and headers, fix --output keeping formatting,
the decline path).
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linter import check_text
from linter.cli import app
from linter.fixing.edits import fix_text
from linter.inputs.extract.html import extract_html

docx = pytest.importorskip("docx")

PARAGRAPHS = [
    "Family mourns singer",
    "The singer committed suicide in 2019, her family said on Tuesday.",
    "Her brother said the drug addict who sold her pills was never charged.",
    "\u201cShe committed suicide because nobody listened,\u201d her mother said.",
    "The family has been wheelchair-bound by grief, a neighbour wrote.",
    "If you are struggling, call or text 988 in the US.",
]


def _md() -> str:
    return f"# {PARAGRAPHS[0]}\n\n" + "\n\n".join(PARAGRAPHS[1:]) + "\n"


def _html() -> str:
    body = "\n".join(f"  <p>{p}</p>" for p in PARAGRAPHS[1:])
    return (
        f"<!DOCTYPE html>\n<html><head><meta charset=utf-8><style>p {{ margin: 0 }}</style>"
        f"</head>\n<body>\n  <h1>{PARAGRAPHS[0]}</h1>\n{body}\n</body></html>\n"
    )


def _docx_bytes(paragraphs=PARAGRAPHS) -> bytes:
    d = docx.Document()
    d.add_heading(paragraphs[0], level=1)
    for p in paragraphs[1:]:
        d.add_paragraph(p)
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


def _key(findings):
    return sorted((f.rule, f.match, str(f.severity), f.in_quote) for f in findings)


def _check_docx(raw: bytes):
    from linter.base.config import Config
    from linter.engine import analyse, get_engine
    from linter.inputs.extract.docx import read_docx

    word = read_docx(raw, "story.docx")
    return word, word.relocate(analyse(word.extract(), get_engine(Config()))[0])


def test_same_story_same_findings_in_every_format():
    md = check_text(_md(), filename="story.md")
    html = check_text(_html(), filename="story.html")
    _, word = _check_docx(_docx_bytes())
    assert md, "the story should have findings"
    assert {f.rule for f in md} >= {"suicide.commit-suicide", "addiction.addict"}
    assert _key(md) == _key(html) == _key(word)
    quoted = [f for f in word if f.in_quote]
    assert quoted and all(str(f.severity) == "note" for f in quoted)


def test_same_story_through_the_cli(tmp_path):
    (tmp_path / "story.md").write_text(_md(), "utf-8")
    (tmp_path / "story.html").write_text(_html(), "utf-8")
    (tmp_path / "story.docx").write_bytes(_docx_bytes())
    import json

    result = CliRunner().invoke(app, ["check", str(tmp_path), "--format", "json"])
    assert result.exit_code == 1, result.output
    files = {Path(f["path"]).name: f["findings"] for f in json.loads(result.stdout)["files"]}
    assert set(files) == {"story.md", "story.html", "story.docx"}
    keys = {
        name: sorted((f["rule"], f["match"], f["severity"]) for f in found) for name, found in files.items()
    }
    assert keys["story.md"] == keys["story.html"] == keys["story.docx"]


# ---------------------------------------------------------------- HTML


def test_html_offsets_are_exact_and_entities_keep_them():
    src = (
        "<p>She said the singer committed&nbsp;suicide &amp; more &mdash; "
        "the <em>drug</em> addict&#8217;s case.</p>"
    )
    found = check_text(src, kind="html")
    assert found
    for f in found:
        assert src[f.offset : f.end_offset] == f.match
    assert any(f.match == "committed&nbsp;suicide" for f in found)


def test_html_skips_code_script_style_pre_and_comments():
    src = (
        "<script>var s = 'committed suicide';</script><style>/* committed suicide */</style>"
        "<pre>committed suicide</pre><p>Use <code>committed suicide</code> as a string.</p>"
        "<!-- committed suicide --><textarea>committed suicide</textarea>"
    )
    assert check_text(src, kind="html") == []


def test_html_checks_alt_text_figcaption_title_and_meta_description():
    src = (
        "<html><head><title>Singer committed suicide</title>"
        '<meta name="description" content="A drug addict speaks"></head><body>'
        '<figure><img src="a.jpg" alt="The wheelchair-bound veteran">'
        "<figcaption>He committed suicide in 2019.</figcaption></figure></body></html>"
    )
    found = check_text(src, kind="html")
    matches = {f.match for f in found}
    assert "committed suicide" in matches
    assert any("addict" in m for m in matches)
    assert any("wheelchair-bound" in m for m in matches)
    assert sum(1 for f in found if f.rule == "suicide.commit-suicide") == 2
    for f in found:
        assert src[f.offset : f.end_offset] == f.match


def test_html_blockquote_and_q_are_quotes():
    src = (
        "<p>The coroner spoke.</p><blockquote><p>He committed suicide.</p></blockquote>"
        "<p>She said <q>he committed suicide</q> last year.</p>"
    )
    found = [f for f in check_text(src, kind="html") if f.rule == "suicide.commit-suicide"]
    assert len(found) == 2 and all(f.in_quote and str(f.severity) == "note" for f in found)


def test_html_quote_entities_are_quotes():
    src = "<p>&ldquo;He committed suicide,&rdquo; she said.</p>"
    found = [f for f in check_text(src, kind="html") if f.rule == "suicide.commit-suicide"]
    assert len(found) == 1 and found[0].in_quote


def test_html_paragraphs_are_breaks():
    # A phrase never runs across two paragraphs or table cells...
    src = "<p>The jury said he committed</p><p>suicide prevention work matters.</p>"
    assert not [f for f in check_text(src, kind="html") if f.rule == "suicide.commit-suicide"]
    src = "<table><tr><td>committed</td><td>suicide</td></tr></table>"
    assert not [f for f in check_text(src, kind="html") if f.rule == "suicide.commit-suicide"]
    # ...and a quote left open in one paragraph ends there.
    src = "<p>&ldquo;It was awful, she said.</p>\n<p>He committed suicide in 2019.</p>"
    found = [f for f in check_text(src, kind="html") if f.rule == "suicide.commit-suicide"]
    assert len(found) == 1 and not found[0].in_quote


def test_html_inline_tags_do_not_break_phrases_but_are_never_rewritten():
    src = "<p>He <em>committed</em> suicide in 2019. Later his friend committed suicide.</p>"
    found = [f for f in check_text(src, kind="html") if f.rule == "suicide.commit-suicide"]
    assert [f.match for f in found] == ["committed</em> suicide", "committed suicide"]
    assert [f.fixable for f in found] == [False, True]
    fixed, edits = fix_text(src, kind="html")
    assert fixed == ("<p>He <em>committed</em> suicide in 2019. Later his friend died by suicide.</p>")
    assert len(edits) == 1


def test_html_fix_rewrites_alt_text_inside_the_attribute_only():
    src = '<img src="x.jpg" alt="He committed suicide in 2019" width="20">'
    fixed, _ = fix_text(src, kind="html")
    assert fixed == '<img src="x.jpg" alt="He died by suicide in 2019" width="20">'


def test_html_suppression_comments():
    src = (
        "<!-- copydesk-disable-next-line suicide.commit-suicide -- quoting a court record -->\n"
        "<p>He committed suicide.</p>\n<p>She committed suicide.</p>\n"
    )
    found = [f for f in check_text(src, kind="html") if f.rule == "suicide.commit-suicide"]
    assert len(found) == 1 and found[0].line == 3


def test_html_headings_and_quotes_regions():
    doc = extract_html("<h2>Title Case Heading Here</h2><blockquote>x</blockquote><q>y")
    assert doc.heading_regions == [(0, 32)]
    assert doc.quote_regions[0] == (32, 32 + len("<blockquote>x</blockquote>"))
    assert doc.quote_regions[1][1] == len(doc.source)  # never closed: to the end


@pytest.mark.parametrize(
    "src",
    [
        "<p",
        "<a href='x",
        "<!--",
        "</",
        "<",
        "&",
        "&#",
        "&#x110000;",
        "<p>a<b>c</p>",
        "<script>",
        "<svg><title>x</title></svg>committed suicide",
        "<br/><br/>x",
        "<!doctype html><html>",
        "<?xml version='1.0'?>",
        '<p title="a>b">committed suicide</p>',
        "</\u00e9>committed suicide",
        "<\u00e9>committed suicide",
    ],
)
def test_html_malformed_input_keeps_length(src):
    doc = extract_html(src)
    assert len(doc.scan) == len(src)
    for f in check_text(src, kind="html"):
        assert src[f.offset : f.end_offset] == f.match


def test_html_attribute_with_gt_inside_quotes_is_not_text():
    src = '<p title="committed suicide > 1">fine words</p>'
    assert check_text(src, kind="html") == []


# ---------------------------------------------------------------- Word


def test_docx_paragraphs_tables_headers_and_locations():
    d = docx.Document()
    d.add_paragraph("Nothing to see here.")
    d.add_paragraph("The singer committed suicide in 2019.")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Cell one"
    table.cell(0, 1).text = "The drug addict was charged."
    d.sections[0].header.paragraphs[0].text = "Draft: he committed suicide"
    buffer = io.BytesIO()
    d.save(buffer)
    word, found = _check_docx(buffer.getvalue())
    by_rule = {}
    for f in found:
        by_rule.setdefault(f.rule, []).append(f)
        assert word.text[f.offset : f.end_offset] == f.match
    suicide = by_rule["suicide.commit-suicide"]
    assert suicide[0].location == "paragraph 2" and suicide[0].line == 2
    assert suicide[0].column == len("The singer ") + 1
    assert suicide[1].location == "paragraph 5 (header)"
    addict = by_rule["addiction.addict"][0]
    assert addict.location == "paragraph 4" and addict.column == len("The ") + 1


def test_docx_quote_style_is_a_quote():
    d = docx.Document()
    d.add_paragraph("The inquest heard from his sister.")
    d.add_paragraph("He committed suicide after years of pain.", style="Quote")
    buffer = io.BytesIO()
    d.save(buffer)
    _, found = _check_docx(buffer.getvalue())
    hits = [f for f in found if f.rule == "suicide.commit-suicide"]
    assert len(hits) == 1 and hits[0].in_quote


def test_docx_rich_report_shows_the_paragraph(tmp_path):
    path = tmp_path / "story.docx"
    path.write_bytes(_docx_bytes())
    result = CliRunner().invoke(app, ["check", str(path), "--format", "rich", "--no-color"])
    assert "\u00b62" in result.stdout
    assert "The singer committed suicide in 2019, her family said on Tuesday." in result.stdout


def _formatted_docx() -> bytes:
    d = docx.Document()
    p = d.add_paragraph("The singer ")
    r = p.add_run("committed suicide in 2019")
    r.bold = True
    r.font.name = "Georgia"
    p.add_run(", her family said.")
    p2 = d.add_paragraph("Her brother ")
    p2.add_run("committed ")
    r2 = p2.add_run("suicide")
    r2.italic = True
    p2.add_run(" a year later.")
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


def test_docx_fix_output_keeps_formatting_and_declines_across_runs(tmp_path):
    src = tmp_path / "story.docx"
    out = tmp_path / "fixed.docx"
    original = _formatted_docx()
    src.write_bytes(original)
    result = CliRunner().invoke(app, ["fix", "--output", str(out), str(src)])
    assert src.read_bytes() == original  # the original is never touched
    assert "wrote" in result.output
    assert "paragraph 2, column 13: not fixed" in result.output
    assert "differently formatted runs" in result.output
    fixed = docx.Document(str(out))
    p1, p2 = fixed.paragraphs[0], fixed.paragraphs[1]
    assert p1.text == "The singer died by suicide in 2019, her family said."
    bold = [r for r in p1.runs if r.bold]
    assert len(bold) == 1 and bold[0].text == "died by suicide in 2019"
    assert bold[0].font.name == "Georgia"
    assert p2.text == "Her brother committed suicide a year later."  # declined, untouched
    assert [r.italic for r in p2.runs] == [None, None, True, None]


def test_docx_fix_joins_runs_that_share_formatting(tmp_path):
    d = docx.Document()
    p = d.add_paragraph("He ")
    p.add_run("committed ")
    p.add_run("suicide")
    p.add_run(".")
    src, out = tmp_path / "a.docx", tmp_path / "b.docx"
    d.save(str(src))
    CliRunner().invoke(app, ["fix", "-o", str(out), str(src)])
    assert docx.Document(str(out)).paragraphs[0].text == "He died by suicide."


def test_docx_fix_without_output_declines(tmp_path):
    src = tmp_path / "story.docx"
    original = _formatted_docx()
    src.write_bytes(original)
    result = CliRunner().invoke(app, ["fix", str(src)])
    assert result.exit_code == 2
    assert "not rewritten in place" in result.output and "--output" in result.output
    assert src.read_bytes() == original


def test_docx_fix_output_must_differ_from_input(tmp_path):
    src = tmp_path / "story.docx"
    src.write_bytes(_formatted_docx())
    result = CliRunner().invoke(app, ["fix", "--output", str(src), str(src)])
    assert result.exit_code == 2 and "must differ" in result.output


def test_docx_interactive_declines(tmp_path):
    src = tmp_path / "story.docx"
    original = _formatted_docx()
    src.write_bytes(original)
    result = CliRunner().invoke(app, ["fix", "-i", str(src)], input="y\n")
    assert result.exit_code == 2 and src.read_bytes() == original


def test_fix_output_for_text_files(tmp_path):
    src, out = tmp_path / "a.md", tmp_path / "b.md"
    src.write_text("He committed suicide.\n", "utf-8")
    CliRunner().invoke(app, ["fix", "--output", str(out), str(src)])
    assert src.read_text("utf-8") == "He committed suicide.\n"
    assert out.read_text("utf-8") == "He died by suicide.\n"


def test_not_a_docx_is_reported(tmp_path):
    bad = tmp_path / "fake.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = CliRunner().invoke(app, ["check", str(bad), "--format", "concise"])
    assert result.exit_code == 2
    assert "fake.docx" in result.output and "Word document" in result.output


def test_docx_zip_bomb_refused(tmp_path):
    import zipfile

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * (300 << 20))
    result = CliRunner().invoke(app, ["check", str(bomb), "--format", "concise"])
    assert result.exit_code == 2 and "too large" in result.output


# ---------------------------------------------------------------- stdin


@pytest.mark.parametrize(
    "name,payload",
    [
        ("story.md", _md().encode()),
        ("story.txt", "\n\n".join(PARAGRAPHS).encode()),
        ("story.html", _html().encode()),
        ("story.docx", None),
    ],
)
def test_stdin_every_format(name, payload):
    payload = payload if payload is not None else _docx_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "linter", "check", "-", "--stdin-filename", name, "--format", "concise"],
        input=payload,
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    assert b"suicide.commit-suicide" in proc.stdout
    assert proc.stdout.startswith((name.encode() + b":", b"-:"))


def test_other_extensions_skipped_when_walking_and_rejected_when_named(tmp_path):
    (tmp_path / "notes.rst").write_text("He committed suicide.", "utf-8")
    (tmp_path / "a.md").write_text("Fine words.", "utf-8")
    result = CliRunner().invoke(app, ["check", str(tmp_path), "-v", "--format", "concise"])
    assert result.exit_code == 0
    assert "skipped" in result.output and "notes.rst" in result.output
    result = CliRunner().invoke(app, ["check", str(tmp_path / "notes.rst")])
    assert result.exit_code == 2 and "--format-as" in result.output
    result = CliRunner().invoke(
        app, ["check", str(tmp_path / "notes.rst"), "--format-as", "text", "--format", "concise"]
    )
    assert result.exit_code == 1 and "suicide.commit-suicide" in result.output


def test_html_unquoted_alt_keeps_its_last_character():
    doc = extract_html("<img alt=addict>Text after")
    assert doc.scan[9:15] == "addict"
    found = check_text('<p>Intro.</p><img src=x alt="drug addicts">', kind="html")
    assert [f.match for f in found if f.rule == "addiction.addict"] == ["drug addicts"]


def test_docx_fix_declines_across_a_tracked_deletion(tmp_path):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    p = d.add_paragraph("He ")
    p.add_run("commit")
    p._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="1" w:author="ed" w:date="2024-01-01T00:00:00Z">'
            "<w:r><w:delText>ted</w:delText></w:r></w:del>"
        )
    )
    p.add_run("ted suicide.")
    src, out = tmp_path / "a.docx", tmp_path / "b.docx"
    d.save(str(src))
    result = CliRunner().invoke(app, ["fix", "-o", str(out), str(src)])
    assert "tracked change" in result.output
    assert docx.Document(str(out)).paragraphs[0].text.startswith("He committed suicide")


def test_docx_json_carries_paragraph_location_and_follows_the_schema(tmp_path):
    import json

    import docx
    import jsonschema
    from typer.testing import CliRunner

    from linter.cli import app

    document = docx.Document()
    document.add_paragraph("Intro.")
    document.add_paragraph("The singer committed suicide in 2019.")
    path = tmp_path / "story.docx"
    document.save(path)
    result = CliRunner().invoke(app, ["check", "--format", "json", str(path)])
    report = json.loads(result.stdout)
    schema = json.loads(
        (Path(__file__).resolve().parents[1] / "docs" / "copydesk.schema.json").read_text("utf-8")
    )
    jsonschema.validate(report, schema)
    finding = next(f for f in report["files"][0]["findings"] if f["rule"] == "suicide.commit-suicide")
    assert (finding["location"], finding["line"], finding["column"]) == ("paragraph 2", 2, 12)
