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
    quote_regions: list = field(default_factory=list)  # (start, end): blockquotes
    heading_regions: list = field(default_factory=list)  # (start, end): headings, titles
    comments: list = field(default_factory=list)  # Comment: for suppressions

    def prose_ranges(self) -> list[tuple[int, int]]:
        """Maximal [start, end) ranges of the source that are prose."""
        return [(m.start(), m.end()) for m in re.finditer(r"[^ \x00\n]+(?:[ \n]+[^ \x00\n]+)*", self.scan)]


def blank(text: str, char: str = " ") -> str:
    """Same length, newlines kept (so lines and paragraphs survive)."""
    return _NOT_NEWLINE.sub(char, text)


def blank_urls(scan: str) -> str:
    if "://" not in scan and "www." not in scan and "@" not in scan:
        return scan
    return _URL.sub(lambda m: HARD * len(m.group()), scan)


def extract(source: str, kind: str) -> Document:
    """Dispatch on the document kind: text, markdown (html and docx come later)."""
    if kind == "markdown":
        from .markdown import extract_markdown

        return extract_markdown(source)
    if kind == "html":
        from .html import extract_html

        return extract_html(source)
    from .text import extract_text

    return extract_text(source)


KIND_BY_SUFFIX = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".txt": "text", ".text": "text", "": "text",
    ".html": "html", ".htm": "html",
}


def kind_for(filename: str | None) -> str:
    if not filename:
        return "text"
    name = filename.lower()
    dot = name.rfind(".")
    suffix = name[dot:] if dot > name.rfind("/") else ""
    return KIND_BY_SUFFIX.get(suffix, "text")
