"""HTML (.html, .htm): prose from text nodes, with exact source offsets.

Why a small tokenizer of our own instead of a parser library: the engine needs,
for every character of prose, its exact position in the source. lxml and
selectolax build a tree and do not report character offsets for text nodes.
The standard library's ``html.parser`` reports only the (line, column) where
each event starts, hands text over with character references already decoded
(so lengths no longer match the source), and on Python 3.11 is quadratic on
some malformed input. What prose checking needs from HTML is the tokenizer
level only (tags and their attributes, comments, raw-text elements, character
references), so this module follows the HTML5 tokenizer for those states in a
single left-to-right pass: every source character is looked at a bounded number
of times, nothing is decoded out of place, and malformed input degrades the way
a browser's does (an unterminated tag or comment runs to the end of the file).
All patterns use possessive quantifiers, so none can backtrack.

What becomes prose: text nodes, ``alt`` attributes (images, areas), the
``<title>``, and the ``content`` of description/title ``<meta>`` tags (what a
CMS puts in search and social cards). Skipped (hard blanks, no phrase matches
across them): ``script``, ``style``, ``pre``, ``code``, ``kbd``, ``samp``,
``textarea``, ``svg``, ``math``, ``template`` and comments (which are kept for
suppressions). ``blockquote`` and ``q`` are quote regions; ``h1``-``h6`` and
``title`` are heading regions.

The scan string keeps the source's length. Markup becomes spaces inside a
paragraph (so "an <em>unborn</em> baby" still reads as a phrase) and a
paragraph break (``\\n\\n``) where a block element starts or ends (so no phrase
runs across two paragraphs, and a quote left open in one paragraph ends there).
A character reference such as ``&rsquo;`` is scanned as its character followed
by spaces (an opening mark is put last instead, next to the word it opens);
``&nbsp;`` and friends become spaces. Fixes only ever replace text: the
document's ``editable`` ranges are its text nodes and attribute values, and a
finding whose span crosses markup is reported but not fixable.
"""

from __future__ import annotations

import re
from html import unescape

from . import HARD, Comment, Document, blank_urls

# A start or end tag, per the HTML5 tokenizer: a name, then attributes whose
# quoted values may contain '>'. Possessive everywhere: linear, no backtracking.
_TAG = re.compile(
    r"""<(/?)([A-Za-z][^\s/>]*+)((?:[\s/]++|[^\s/>][^\s/>=]*+(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>]*+))?+)*+)>"""
)
_ATTR = re.compile(r"""([^\s/>][^\s/>=]*+)(?:\s*+=\s*+(?:"([^"]*+)"|'([^']*+)'|([^\s>]*+)))?+""")
_COMMENT_END = re.compile(r"--!?>")
_CHARREF = re.compile(r"&(?:#[xX][0-9A-Fa-f]++;?|#[0-9]++;?|[A-Za-z][A-Za-z0-9]*+;?)")
_WS = frozenset(" \t\n\r\f")
_NEWLINES = str.maketrans("\n\r\f", "   ")

# Raw text: no tags inside, content runs to the matching end tag. Skipped.
_RAW_SKIP = frozenset(
    {"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "plaintext"}
)
# Content skipped, tags still parsed (so nesting is followed).
_SKIP = frozenset({"pre", "code", "kbd", "samp", "svg", "math", "template", "listing"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_QUOTES = frozenset({"blockquote", "q"})
_BLOCK = frozenset(
    """address article aside blockquote body caption center col colgroup dd details
    dialog dir div dl dt fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 head
    header hgroup hr html img legend li link main menu meta nav ol optgroup option p pre section
    select summary table tbody td tfoot th thead title tr ul video audio picture canvas object
    embed area input button label""".split()
)
_META_PROSE = frozenset({"description", "og:title", "og:description", "twitter:title", "twitter:description"})
_OPENERS = frozenset("\u2018\u201c\u00ab\u201e\u201a([{\u00bf\u00a1")
_SPACELIKE = frozenset(
    "\u00a0\u2002\u2003\u2009\u200a\u202f\u2007\u2008\u205f\u3000 \t\n\r\u200b\u200c\u200d\u2060\u00ad\ufeff"
)
_end_tag_cache: dict[str, re.Pattern[str]] = {}


def _end_tag(name: str) -> re.Pattern[str]:
    pattern = _end_tag_cache.get(name)
    if pattern is None:
        pattern = _end_tag_cache[name] = re.compile(rf"</{name}[\s/>]", re.I)
    return pattern


def _entity_fill(raw: str) -> str:
    """What a character reference contributes to the scan: same length as ``raw``."""
    decoded = unescape(raw)
    if decoded == raw or not decoded:
        return raw
    if len(decoded) > len(raw) or all(c in _SPACELIKE for c in decoded):
        return " " * len(raw)
    pad = " " * (len(raw) - len(decoded))
    return pad + decoded if decoded[0] in _OPENERS else decoded + pad


def _prose(text: str) -> str:
    """A text node or attribute value as scanned: references decoded in place."""
    if "&" in text:
        text = _CHARREF.sub(lambda m: _entity_fill(m.group()), text)
    return text.translate(_NEWLINES)


class _Builder:
    """Accumulates the scan in pieces that exactly tile the source."""

    def __init__(self, source: str):
        self.source = source
        self.pieces: list[str] = []
        self.editable: list[tuple[int, int]] = []
        self.pending_break = False
        self.breaks_since_prose = 0
        self.seen_prose = False
        self.gap = 0  # non-prose characters since the last prose

    def markup(self, start: int, end: int, block: bool = False) -> None:
        if end <= start:
            return
        self.pieces.append((HARD if block else " ") * (end - start))
        self.gap += end - start
        if block:
            self.pending_break = True

    def hard(self, start: int, end: int) -> None:
        if end > start:
            self.pieces.append(HARD * (end - start))
            self.gap += end - start

    def text(self, start: int, end: int) -> None:
        if end <= start:
            return
        chunk = self.source[start:end]
        if chunk.isspace():
            self.pieces.append(" " * (end - start))
            self.gap += end - start
            return
        if self.pending_break and self.seen_prose:
            self._break_before()
        self.pending_break = False
        self.breaks_since_prose = 0
        self.seen_prose = True
        self.gap = 0
        self.pieces.append(_prose(chunk))
        self.editable.append((start, end))

    def _break_before(self) -> None:
        """Turn the last (up to) two non-prose characters into a paragraph break."""
        need = min(2, self.gap)
        if need == 0:
            return
        tail, got = [], 0
        while got < need:
            piece = self.pieces.pop()
            tail.append(piece)
            got += len(piece)
        joined = "".join(reversed(tail))
        self.pieces.append(joined[:-need] + "\n" * need)

    def scan(self) -> str:
        return "".join(self.pieces)


def extract_html(source: str) -> Document:
    b = _Builder(source)
    n = len(source)
    quotes: list[tuple[int, int]] = []
    headings: list[tuple[int, int]] = []
    comments: list[Comment] = []
    open_regions: dict[str, list[int]] = {}
    skip_depth: dict[str, int] = {}
    skipping = 0
    pos = 0

    def close_region(name: str, end: int) -> None:
        stack = open_regions.get(name)
        if stack:
            region = (stack.pop(), end)
            (quotes if name in _QUOTES else headings).append(region)

    while pos < n:
        lt = source.find("<", pos)
        if lt == -1:
            lt = n
        if lt > pos:
            if skipping:
                b.hard(pos, lt)
            else:
                b.text(pos, lt)
            pos = lt
            if pos >= n:
                break
        nxt = source[pos + 1 : pos + 2]
        if source.startswith("<!--", pos):
            if source.startswith("<!-->", pos):
                end, body_end = pos + 5, pos + 4
            elif source.startswith("<!--->", pos):
                end, body_end = pos + 6, pos + 4
            else:
                m = _COMMENT_END.search(source, pos + 4)
                end, body_end = (m.end(), m.start()) if m else (n, n)
            comments.append(Comment(pos, end, source[pos + 4 : body_end].strip()))
            b.hard(pos, end)
            pos = end
            continue
        after = source[pos + 2 : pos + 3]
        if (
            nxt == "!"
            or nxt == "?"
            or (nxt == "/" and after != "" and not (after.isascii() and after.isalpha()))
        ):
            # Doctype, CDATA, processing instruction, bogus comment: up to '>'.
            gt = source.find(">", pos + 1)
            end = n if gt == -1 else gt + 1
            b.markup(pos, end, block=nxt != "/")
            pos = end
            continue
        if not (nxt.isascii() and nxt.isalpha()) and nxt != "/":
            # A '<' that starts no tag is text.
            end = pos + 1
            if skipping:
                b.hard(pos, end)
            else:
                b.text(pos, end)
            pos = end
            continue
        m = _TAG.match(source, pos)
        if m is None:
            if nxt == "/" and pos + 2 >= n:
                b.text(pos, n) if not skipping else b.hard(pos, n)
            else:
                b.markup(pos, n, block=True)  # EOF inside a tag: the rest is the tag
            break
        closing, name, end = bool(m.group(1)), m.group(2).lower(), m.end()
        pos = end
        if closing:
            if name in _SKIP and skip_depth.get(name):
                skip_depth[name] -= 1
                skipping -= 1
            b.markup(m.start(), end, block=name in _BLOCK)
            if name in _QUOTES or name in _HEADINGS or name == "title":
                close_region(name, end)
            continue
        # Start tag.
        if name in _QUOTES or name in _HEADINGS or name == "title":
            open_regions.setdefault(name, []).append(m.start())
        if name == "br":
            b.markup(m.start(), end)
            b.breaks_since_prose += 1
            if b.breaks_since_prose >= 2:
                b.pending_break = True
            continue
        prose_attr = None if skipping else _prose_attribute(name, m)
        if prose_attr is None:
            b.markup(m.start(), end, block=name in _BLOCK)
        else:
            a_start, a_end = prose_attr
            b.markup(m.start(), a_start, block=True)
            b.pending_break = True
            b.text(a_start, a_end)
            b.pending_break = True
            b.markup(a_end, end, block=True)
        self_closing = m.group(3).rstrip().endswith("/")
        if name in _SKIP and not (self_closing and name in ("svg", "math")):
            skip_depth[name] = skip_depth.get(name, 0) + 1
            skipping += 1
        if name in _RAW_SKIP or name == "title":
            if name == "plaintext":
                close = None
            else:
                close = _end_tag(name).search(source, pos)
            content_end = close.start() if close else n
            if name == "title" and not skipping:
                b.text(pos, content_end)
                b.pending_break = True
            else:
                b.hard(pos, content_end)
            pos = content_end

    for name, stack in open_regions.items():
        for start in stack:  # never closed: runs to the end, as in a browser
            (quotes if name in _QUOTES else headings).append((start, n))
    scan = b.scan()
    assert len(scan) == n, (len(scan), n)
    return Document(
        source,
        blank_urls(scan),
        "html",
        quote_regions=sorted(quotes),
        heading_regions=sorted(headings),
        comments=comments,
        editable=b.editable,
    )


def _prose_attribute(name: str, tag: re.Match[str]) -> tuple[int, int] | None:
    """The [start, end) of an attribute value that is prose: alt text, meta descriptions."""
    if name not in ("img", "area", "input", "meta"):
        return None
    base = tag.start(3)
    attrs: dict[str, tuple[int, int, str] | None] = {}
    for a in _ATTR.finditer(tag.group(3)):
        key = a.group(1).lower()
        if key in attrs:
            continue
        for g in (2, 3, 4):
            if a.group(g) is not None:
                attrs[key] = (base + a.start(g), base + a.end(g), a.group(g))
                break
        else:
            attrs[key] = None
    if name == "meta":
        kind = attrs.get("name") or attrs.get("property")
        if kind is None or kind[2].strip().lower() not in _META_PROSE:
            return None
        value = attrs.get("content")
    else:
        value = attrs.get("alt")
    if not value or value[1] <= value[0]:
        return None
    return value[0], value[1]
