"""Turn a source document into the text the engine scans, keeping offsets exact.

Every extractor returns a :class:`Document` whose ``scan`` string has the same
length as the source: prose characters are copied, everything else (code,
markup, front matter, URLs, comments) is blanked. Positions found in ``scan``
are therefore positions in the source, with no offset map to get wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HARD = "\x00"  # blanked text that no phrase may match across (code, URLs)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]\"'`]+|\b[\w.+-]+@[\w-]+\.[\w.-]+\b", re.I)
_NOT_NEWLINE = re.compile(r"[^\n]")


@dataclass
class Comment:
    start: int
    end: int
    body: str  # text between the comment markers, stripped


@dataclass
class Document:
    source: str
    scan: str
    kind: str = "text"
    quote_regions: list[tuple[int, int]] = field(default_factory=list)  # (start, end): blockquotes
    heading_regions: list[tuple[int, int]] = field(default_factory=list)  # (start, end): headings, titles
    comments: list[Comment] = field(default_factory=list)  # Comment: for suppressions
    # Sorted [start, end) ranges a fix may rewrite (text nodes); None: wherever
    # the scan copies the source (see ``rewritable``).
    editable: list[tuple[int, int]] | None = None

    def rewritable(self, start: int, end: int, replacement: str = "") -> bool:
        """Can [start, end) be replaced without touching markup?

        True when the span lies inside one editable range (HTML: one text node
        or attribute value, and the replacement holds no markup characters), or,
        for documents without declared ranges, when every character of the span
        is prose copied into the scan or whitespace ("*unborn* baby" is not:
        replacing it would eat an emphasis marker).
        """
        if self.editable is not None:
            from bisect import bisect_right

            i = bisect_right(self.editable, (start, float("inf"))) - 1
            if i < 0 or not (self.editable[i][0] <= start and end <= self.editable[i][1]):
                return False
            # What the replacement may not contain where it lands: markup starters
            # anywhere; the closing quote in a quoted attribute value; much more in
            # an unquoted one (text nodes never start right after a quote or '=').
            lo, hi = self.editable[i]
            before, after = self.source[lo - 1 : lo], self.source[hi : hi + 1]
            forbidden = "<&"
            if before in ('"', "'") and after == before:
                forbidden += before
            elif before == "=":
                forbidden += " \t\n\r\f\"'=<>`"
            return not any(c in replacement for c in forbidden)
        source, scan = self.source[start:end], self.scan[start:end]
        return source == scan or all(a == b or a.isspace() for a, b in zip(source, scan))

    def prose_ranges(self) -> list[tuple[int, int]]:
        """Maximal [start, end) ranges of the source that are prose."""
        return [(m.start(), m.end()) for m in re.finditer(r"[^ \x00\n]+(?:[ \n]+[^ \x00\n]+)*", self.scan)]


def blank(text: str, char: str = " ") -> str:
    """Same length, newlines kept (so lines and paragraphs survive)."""
    if "\n" not in text:  # most gaps (markup between words): no regex needed
        return char * len(text)
    return _NOT_NEWLINE.sub(char, text)


def blank_urls(scan: str) -> str:
    if "://" not in scan and "www." not in scan and "@" not in scan:
        return scan
    return _URL.sub(lambda m: HARD * len(m.group()), scan)


def extract(source: str, kind: str) -> Document:
    """Dispatch on the document kind: text, markdown, html.

    Word documents are binary: :func:`linter.extract.docx.extract_docx` reads
    their bytes. Given already-extracted docx text (paragraphs joined by blank
    lines), ``kind="docx"`` reads it as plain text.
    """
    if kind == "markdown":
        from .markdown import extract_markdown

        return extract_markdown(source)
    if kind == "html":
        from .html import extract_html

        return extract_html(source)
    from .text import extract_text

    doc = extract_text(source)
    if kind == "docx":
        doc.kind = "docx"
    return doc


KIND_BY_SUFFIX = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".txt": "text",
    ".text": "text",
    "": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
}
TEXT_KINDS = ("text", "markdown", "html")  # what --format-as can name


def kind_for(filename: str | None) -> str:
    if not filename:
        return "text"
    name = filename.lower()
    dot = name.rfind(".")
    suffix = name[dot:] if dot > name.rfind("/") else ""
    return KIND_BY_SUFFIX.get(suffix, "text")
