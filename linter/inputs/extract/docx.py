"""Word documents (.docx) via python-docx: read every paragraph, plan edits.

The checked text is the document's paragraphs joined by blank lines: the body
in reading order (paragraphs, then table cells row by row, nested tables and
content controls included), then each distinct header and footer. Inside a
paragraph, runs (also inside hyperlinks, tracked insertions, smart tags and
fields) give their text; tabs and line breaks count as one character each;
deleted text, field codes and drawings are not text. Paragraphs styled
"Quote"/"Intense Quote" are quote regions, "Title"/"Heading N" heading regions.

Findings keep offsets into that text (so ``text[offset:end_offset] == match``)
and are located for people as ``paragraph N`` (1-based, in the order above)
with the column counted in characters within the paragraph.

Fixing never touches the original: ``linter.fixing.docx`` writes a corrected copy.
An edit is applied only when every character it replaces is plain text
(``w:t``) in runs that share one formatting (``w:rPr``) and one parent; the
replacement goes into the first of those runs, so its formatting is kept. Any
other edit (a span across differently formatted runs, a hyperlink edge, a tab,
a break) is declined with a message. After editing, the copy is re-read and
its text compared with the expected text before anything is written.
"""

from __future__ import annotations

import io
import zipfile
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from ...base.model import Finding
from ..files import ReadError
from . import Document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Absurd sizes are refused before python-docx inflates anything (zip bombs).
MAX_DOCX_BYTES = 64 << 20
MAX_UNCOMPRESSED = 256 << 20
MAX_RATIO = 200

_CONTAINERS = {
    W + n
    for n in ("hyperlink", "ins", "smartTag", "customXml", "fldSimple", "moveTo", "sdtContent", "dir", "bdo")
}
_SKIPPED = {W + n for n in ("del", "moveFrom", "pPr", "rPr", "sdtPr", "sdtEndPr")}
_QUOTE_STYLES = ("quote", "intense quote")
# Markers that may sit between two runs an edit joins (they carry no text).
_BETWEEN_RUNS_OK = {W + n for n in ("proofErr", "bookmarkStart", "bookmarkEnd", "permStart", "permEnd")}


@dataclass
class Segment:
    """Characters [start, end) of a paragraph; ``t`` is the w:t they come from, if any."""

    start: int
    end: int
    t: object = None  # lxml element w:t, or None for tabs, breaks, symbols
    run: object = None  # the w:r holding it


@dataclass
class Paragraph:
    number: int
    where: str  # body | header | footer
    text: str
    start: int  # offset of the paragraph in the joined text
    segments: list[Segment] = field(default_factory=list)
    style: str = ""

    @property
    def location(self) -> str:
        return f"paragraph {self.number}" + ("" if self.where == "body" else f" ({self.where})")


class DocxText:
    """A parsed .docx with its paragraph text and the map back to runs."""

    def __init__(self, document: Any, path: str = "<docx>") -> None:
        self.document = document
        self.path = path
        self.paragraphs: list[Paragraph] = []
        styles = {}
        try:
            styles = {s.style_id: (s.name or "") for s in document.styles}
        except Exception:
            pass
        self._styles = styles
        self._collect()
        self.text = "\n\n".join(p.text for p in self.paragraphs)
        self._starts = [p.start for p in self.paragraphs]

    # -- reading -----------------------------------------------------------
    def _collect(self) -> None:
        blocks = [(self.document.element.body, "body")]
        seen = set()
        for section in self.document.sections:
            for attr, where in (
                ("first_page_header", "header"),
                ("header", "header"),
                ("even_page_header", "header"),
                ("first_page_footer", "footer"),
                ("footer", "footer"),
                ("even_page_footer", "footer"),
            ):
                part = getattr(section, attr)
                if part.is_linked_to_previous:  # never touch _element then: it would add one
                    continue
                element = part._element
                if id(element) not in seen:
                    seen.add(id(element))
                    blocks.append((element, where))
        offset = 0
        for element, where in blocks:
            for p in self._paragraph_elements(element):
                para = self._read_paragraph(p, len(self.paragraphs) + 1, where, offset)
                self.paragraphs.append(para)
                offset += len(para.text) + 2

    def _paragraph_elements(self, container: Any) -> Iterator[Any]:
        for child in container.iterchildren():
            tag = child.tag
            if tag == W + "p":
                yield child
            elif tag == W + "tbl":
                for tr in child.iterchildren(W + "tr"):
                    for tc in tr.iterchildren(W + "tc"):
                        yield from self._paragraph_elements(tc)
            elif tag in (W + "sdt",):
                for content in child.iterchildren(W + "sdtContent"):
                    yield from self._paragraph_elements(content)
            elif tag in (W + "customXml", W + "ins", W + "moveTo"):
                yield from self._paragraph_elements(child)

    def _read_paragraph(self, p: Any, number: int, where: str, offset: int) -> Paragraph:
        chars: list[str] = []
        segments: list[Segment] = []
        length = 0

        def add(text: str, t: Any = None, run: Any = None) -> None:
            nonlocal length
            if text:
                chars.append(text)
                segments.append(Segment(length, length + len(text), t, run))
                length += len(text)

        def walk(node: Any) -> None:
            for child in node.iterchildren():
                tag = child.tag
                if tag == W + "r":
                    for item in child.iterchildren():
                        itag = item.tag
                        if itag == W + "t":
                            add(item.text or "", item, child)
                        elif itag in (W + "tab", W + "ptab"):
                            add("\t", None, child)
                        elif itag in (W + "br", W + "cr"):
                            # Two breaks in a row stay one paragraph: the second reads as a space.
                            add(" " if chars and chars[-1].endswith("\n") else "\n", None, child)
                        elif itag == W + "noBreakHyphen":
                            add("-", None, child)
                elif tag in _CONTAINERS:
                    walk(child)
                elif tag == W + "sdt":
                    for content in child.iterchildren(W + "sdtContent"):
                        walk(content)

        walk(p)
        style = ""
        ppr = p.find(W + "pPr")
        if ppr is not None:
            pstyle = ppr.find(W + "pStyle")
            if pstyle is not None:
                sid = pstyle.get(W + "val") or ""
                style = self._styles.get(sid, sid)
        text = "".join(chars)
        # A paragraph never contains a blank line of its own: that separates paragraphs.
        return Paragraph(number, where, text, offset, segments, style)

    def extract(self) -> Document:
        from .text import extract_text

        doc = extract_text(self.text)
        doc.kind = "docx"
        for para in self.paragraphs:
            name = para.style.lower()
            span = (para.start, para.start + len(para.text))
            if name in _QUOTE_STYLES:
                doc.quote_regions.append(span)
            elif name == "title" or name.startswith("heading"):
                doc.heading_regions.append(span)
        return doc

    # -- locating ----------------------------------------------------------
    def paragraph_at(self, offset: int) -> Paragraph:
        return self.paragraphs[max(0, bisect_right(self._starts, offset) - 1)]

    def relocate(self, findings: list[Finding]) -> list[Finding]:
        """Line = paragraph number, column = character column in the paragraph."""
        out = []
        for f in findings:
            first, last = self.paragraph_at(f.offset), self.paragraph_at(max(f.offset, f.end_offset))
            out.append(
                replace(
                    f,
                    line=first.number,
                    column=f.offset - first.start + 1,
                    end_line=last.number,
                    end_column=f.end_offset - last.start + 1,
                    location=first.location,
                )
            )
        return out

    # -- editing -----------------------------------------------------------
    def plan_edit(self, start: int, end: int) -> tuple[list[tuple[Any, int, int]] | None, str | None]:
        """The (t element, from, to) pieces an edit touches, or a reason it is unsafe."""
        para = self.paragraph_at(start)
        if end > para.start + len(para.text):
            return None, "the words run across paragraphs"
        lo, hi = start - para.start, end - para.start
        touched = [s for s in para.segments if s.start < hi and lo < s.end]
        if not touched:
            return None, "no text found at that place"
        if any(s.t is None for s in touched):
            return None, "the words run across a tab or line break"
        runs: list[Any] = []  # lxml w:r elements (Segment.run is typed object)
        for s in touched:
            if not runs or runs[-1] is not s.run:
                runs.append(s.run)
        if len(runs) > 1:
            from lxml import etree

            def fmt(run: Any) -> bytes:
                rpr = run.find(W + "rPr")
                return b"" if rpr is None else etree.tostring(rpr, method="c14n")

            parent, look = runs[0].getparent(), fmt(runs[0])
            if any(r.getparent() is not parent or fmt(r) != look for r in runs[1:]):
                return None, (
                    "the words span differently formatted runs (or a link edge), "
                    "so no one run's formatting can carry the rewrite"
                )
            for left, right in zip(runs, runs[1:]):
                node = left.getnext()
                while node is not None and node is not right:
                    if node.tag not in _BETWEEN_RUNS_OK:
                        return None, (
                            "the words run across a tracked change, field or other object between runs"
                        )
                    node = node.getnext()
        return [(s.t, max(lo, s.start) - s.start, min(hi, s.end) - s.start) for s in touched], None


def check_size(raw: bytes, path: str) -> None:
    if len(raw) > MAX_DOCX_BYTES:
        raise ReadError(f"{path}: Word document too large ({len(raw)} bytes > {MAX_DOCX_BYTES})")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            total = sum(i.file_size for i in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ReadError(f"{path}: not a Word document (.docx is a zip archive; this is not)") from None
    if total > MAX_UNCOMPRESSED or total > MAX_RATIO * max(len(raw), 1 << 16):
        raise ReadError(f"{path}: Word document expands to {total} bytes; refused as too large")


def read_docx(raw: bytes, path: str = "<docx>") -> DocxText:
    """Parse ``raw`` .docx bytes; any failure is a :class:`ReadError` naming ``path``."""
    check_size(raw, path)
    try:
        import docx
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise ReadError(
            f"{path}: reading Word documents needs python-docx (pip install python-docx)"
        ) from None
    try:
        return DocxText(docx.Document(io.BytesIO(raw)), path)
    except ReadError:
        raise
    except RecursionError:
        raise ReadError(f"{path}: Word document nested too deeply to read") from None
    except Exception as exc:
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise ReadError(f"{path}: not a readable Word document ({reason})") from None
