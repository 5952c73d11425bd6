"""Markdown via pyromark (pulldown-cmark): CommonMark with exact source ranges.

Only ``Text`` events outside code and front matter are prose. Inline code,
code blocks, front matter, HTML comments and URLs become hard blanks; other
markup (emphasis markers, link brackets and destinations, tags) becomes
spaces, so "an *unborn* baby" still reads as a phrase.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

import pyromark

from . import HARD, Comment, Document, blank, blank_urls

_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
    | pyromark.Options.ENABLE_YAML_STYLE_METADATA_BLOCKS
    | pyromark.Options.ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
)
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_NO_PROSE = ("CodeBlock", "MetadataBlock", "HtmlBlock")


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _byte_to_char(source: str) -> tuple[Callable[[int], int], None]:
    """pyromark reports UTF-8 byte offsets; map them to code-point offsets.

    One pass over the non-ASCII characters records, for each, its byte offset
    and how many extra bytes precede the next character; a byte offset then
    converts by one bisection (prose is mostly ASCII, so the tables are short).
    """
    if source.isascii():
        return lambda b: b, None
    from bisect import bisect_right

    byte_starts: list[int] = []  # byte offset just after each multi-byte character
    extra_after: list[int] = []  # extra bytes (beyond one per character) up to there
    extra = 0
    for m in _NON_ASCII.finditer(source):
        ch = m.group()
        width = 2 if ch <= "\u07ff" else 3 if (ch <= "\uffff") else 4
        if "\ud800" <= ch <= "\udfff":
            width = 3  # a lone surrogate, encoded with surrogatepass
        extra += width - 1
        byte_starts.append(m.start() + extra + 1)
        extra_after.append(extra)

    def convert(b: int) -> int:
        i = bisect_right(byte_starts, b) - 1
        return b - (extra_after[i] if i >= 0 else 0)

    return convert, None


def _tag_name(payload: str | dict[str, object]) -> str:
    return payload if isinstance(payload, str) else next(iter(payload))


def extract_markdown(source: str) -> Document:
    to_char, _ = _byte_to_char(source)
    hard: list[tuple[int, int]] = []
    quotes: list[tuple[int, int]] = []
    headings: list[tuple[int, int]] = []
    comments: list[Comment] = []
    no_prose_depth = 0

    text_bytes: list[list[int]] = []  # prose Text events, in bytes, adjacent ones merged
    for event, span in pyromark.events_with_range(source, options=_OPTIONS):
        if event.__class__ is str:  # SoftBreak, HardBreak, Rule
            continue
        name = next(iter(event))
        if name == "Text":
            if no_prose_depth == 0:
                if text_bytes and text_bytes[-1][1] == span["start"]:
                    text_bytes[-1][1] = span["end"]
                else:
                    text_bytes.append([span["start"], span["end"]])
            continue
        # Every non-str event is a one-key TypedDict (a dict): index it by that key.
        payload = cast("dict[str, Any]", event)[name]
        if name == "End":
            # Only the end of a code block, front matter or HTML block matters.
            if no_prose_depth and _tag_name(payload) in _NO_PROSE:
                no_prose_depth -= 1
        elif name == "Start":
            tag = payload if payload.__class__ is str else next(iter(payload))
            if tag in _NO_PROSE:
                no_prose_depth += 1
                hard.append((to_char(span["start"]), to_char(span["end"])))
            elif tag == "BlockQuote":
                quotes.append((to_char(span["start"]), to_char(span["end"])))
            elif tag in ("Heading", "TableHead"):
                headings.append((to_char(span["start"]), to_char(span["end"])))
        elif name in ("Code", "InlineMath", "DisplayMath"):
            hard.append((to_char(span["start"]), to_char(span["end"])))
        elif name in ("Html", "InlineHtml"):
            start, end = to_char(span["start"]), to_char(span["end"])
            for m in _COMMENT.finditer(source, start, end):
                comments.append(Comment(m.start(), m.end(), m.group(1).strip()))
                hard.append((m.start(), m.end()))
    prose = [(to_char(start), to_char(end)) for start, end in text_bytes]

    # Build the scan string: blank by default, prose copied, hard ranges NUL.
    pieces, cursor = [], 0
    for start, end in prose:
        if start < cursor:
            start = cursor
        if start > cursor:
            pieces.append(blank(source[cursor:start]))
        pieces.append(source[start:end])
        cursor = max(cursor, end)
    pieces.append(blank(source[cursor:]))
    scan = "".join(pieces)
    if hard:
        chars = list(scan) if len(hard) > 8 else None
        for start, end in hard:
            if chars is not None:
                for i in range(start, end):
                    if chars[i] != "\n":
                        chars[i] = HARD
            else:
                scan = scan[:start] + blank(source[start:end], HARD) + scan[end:]
        if chars is not None:
            scan = "".join(chars)
    # Comments inside HTML blocks are not Text events; keep them for suppressions.
    return Document(
        source,
        blank_urls(scan),
        "markdown",
        quote_regions=quotes,
        heading_regions=headings,
        comments=_dedupe(comments),
    )


def _dedupe(comments: list[Comment]) -> list[Comment]:
    seen, out = set(), []
    for c in sorted(comments, key=lambda c: c.start):
        if c.start not in seen:
            seen.add(c.start)
            out.append(c)
    return out
