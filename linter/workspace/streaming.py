"""Check plain text and Markdown of any size in bounded memory.

A file is read in 1 MiB blocks through an incremental decoder (UTF-8 with or
without BOM, UTF-16 with BOM; NUL bytes mean binary; a decoding error names
the byte offset). While the text read so far is under ``2 * CHUNK_CHARS`` (4 Mi
characters) nothing changes: a draft is checked whole, exactly as :func:`linter.check_text` would.
Past that, the text is checked in chunks of about ``CHUNK_CHARS`` characters
cut at paragraph boundaries that are safe to cut at — a blank line followed by
an unindented line that opens no quotation, list or fence, outside fenced
code, HTML comments and raw HTML blocks — and findings are shifted back to
whole-file offsets and lines. Memory is then bounded by the chunk's working
set (the engine keeps a handful of same-length strings per chunk) plus the
findings themselves, whatever the file's size; time stays linear.

What changes for chunked (huge) files, by design: the story type and
whole-article rules are judged per chunk, an inline ``copydesk-disable`` range
or ``disable-file`` comment covers only its own chunk (so a chunked file may
report more, never less), and the report has no source excerpt to show.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache

from ..base.positions import merge_spans
from ..inputs.files import BinaryFile, ReadError

CHUNK_CHARS = 2 << 20
BLOCK_BYTES = 1 << 20
_SPLIT_ATTEMPTS = 2000
_NO_SPLIT_BEFORE = frozenset(" \t\r\n\"'\u201c\u2018\u00ab\u201e>-+*~`|=:\u2014\u2013")


@lru_cache(maxsize=1)
def _patterns():
    """Compiled only when a file is big enough to be cut (not on every run's start-up)."""
    fence = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.M)
    raw_open = re.compile(r"<!--|<(?:pre|script|style|textarea)\b", re.I)
    raw_close = {
        "<!--": re.compile(r"-->"),
        "pre": re.compile(r"</pre>", re.I),
        "script": re.compile(r"</script>", re.I),
        "style": re.compile(r"</style>", re.I),
        "textarea": re.compile(r"</textarea>", re.I),
    }
    return fence, raw_open, raw_close


class _Decoder:
    """Incremental, strict decoding with the same rules and messages as io.decode."""

    def __init__(self, path: str):
        self.path = path
        self.decoder: codecs.IncrementalDecoder | None = None
        self.encoding: str | None = None
        self.consumed = 0  # bytes handed to the decoder so far (BOM included)
        self.head = b""

    def feed(self, block: bytes, final: bool = False) -> str:
        if self.decoder is None:
            self.head += block
            if len(self.head) < 3 and not final:
                return ""
            raw, self.head = self.head, b""
            if raw.startswith(codecs.BOM_UTF8):
                self.encoding, bom = "utf-8-sig", 3
            elif raw.startswith(codecs.BOM_UTF16_LE):
                self.encoding, bom = "utf-16-le", 2
            elif raw.startswith(codecs.BOM_UTF16_BE):
                self.encoding, bom = "utf-16-be", 2
            else:
                self.encoding, bom = "utf-8", 0
            codec = "utf-8" if self.encoding.startswith("utf-8") else self.encoding
            self.decoder = codecs.getincrementaldecoder(codec)("strict")
            self.consumed = bom
            block = raw[bom:]
        if self.encoding == "utf-8" and b"\x00" in block:
            raise BinaryFile(f"{self.path}: binary file (contains NUL bytes)")
        pending = len(self.decoder.getstate()[0])
        try:
            text = self.decoder.decode(block, final)
        except UnicodeDecodeError as exc:
            offset = self.consumed - pending + exc.start
            raise ReadError(f"{self.path}: cannot decode as {self.encoding} at byte {offset}") from None
        self.consumed += len(block)
        return text


def iter_text(stream, path: str):
    """Decoded text of a binary stream, block by block."""
    decoder = _Decoder(path)
    while True:
        block = stream.read(BLOCK_BYTES)
        if not block:
            tail = decoder.feed(b"", final=True)
            if tail:
                yield tail
            return
        text = decoder.feed(block)
        if text:
            yield text


def _unsafe_ranges(buf: str, kind: str) -> list[tuple[int, int]]:
    """Ranges a Markdown chunk must not be cut inside: fenced code, comments, raw HTML."""
    if kind != "markdown":
        return []
    fence_re, raw_open, raw_close = _patterns()
    ranges = []
    fence = None
    for m in fence_re.finditer(buf):
        mark = m.group(1)
        if fence is None:
            fence = (mark[0], len(mark), m.start())
        elif mark[0] == fence[0] and len(mark) >= fence[1]:
            ranges.append((fence[2], m.end()))
            fence = None
    if fence is not None:
        ranges.append((fence[2], len(buf)))
    pos = 0
    while True:
        m = raw_open.search(buf, pos)
        if m is None:
            break
        key = "<!--" if m.group() == "<!--" else m.group()[1:].lower()
        close = raw_close[key].search(buf, m.end())
        end = close.end() if close else len(buf)
        ranges.append((m.start(), end))
        pos = end
    return merge_spans(ranges)


def find_split(buf: str, target: int, kind: str) -> int:
    """Where to cut ``buf`` near ``target``: the start of a line after a blank line."""
    unsafe = _unsafe_ranges(buf, kind)
    starts = [s for s, _ in unsafe]

    def ok(s: int) -> bool:
        if s >= len(buf) or buf[s] in _NO_SPLIT_BEFORE:
            return False
        i = bisect_right(starts, s) - 1
        return not (i >= 0 and unsafe[i][0] < s < unsafe[i][1])

    pos = target
    for _ in range(_SPLIT_ATTEMPTS):
        i = buf.rfind("\n\n", 0, pos)
        if i <= 0:
            break
        if ok(i + 2):
            return i + 2
        pos = i + 1
    pos = target
    for _ in range(_SPLIT_ATTEMPTS):
        i = buf.find("\n\n", pos)
        if i == -1:
            break
        if ok(i + 2):
            return i + 2
        pos = i + 2
    # No safe paragraph boundary near: cut at a line end (a phrase split here is missed).
    i = buf.rfind("\n", 0, target)
    return i + 1 if i > 0 else target


def iter_chunks(stream, path: str, kind: str):
    """(text, is_whole) pieces: one whole piece for a normal draft, else chunks."""
    buf = ""
    chunked = False
    for text in iter_text(stream, path):
        buf += text
        while len(buf) >= 2 * CHUNK_CHARS:
            chunked = True
            cut = find_split(buf, CHUNK_CHARS, kind)
            yield buf[:cut], False
            buf = buf[cut:]
    yield buf, not chunked


def check_stream(stream, path: str, kind: str, engine):
    """(findings, suppressions, source or None) for a text/Markdown stream."""
    from ..engine import analyse
    from ..inputs.extract import extract

    findings_all, sups_all = [], []
    base_chars = base_lines = 0
    source = None
    for chunk, whole in iter_chunks(stream, path, kind):
        doc = extract(chunk, kind)
        findings, sups = analyse(doc, engine)
        if whole:
            return findings, sups, chunk
        if base_chars:
            findings = [
                replace(
                    f,
                    offset=f.offset + base_chars,
                    end_offset=f.end_offset + base_chars,
                    line=f.line + base_lines,
                    end_line=f.end_line + base_lines,
                )
                for f in findings
            ]
            for s in sups:
                s.start += base_chars
                s.end += base_chars
                s.region = (s.region[0] + base_chars, s.region[1] + base_chars)
        findings_all.extend(findings)
        sups_all.extend(sups)
        base_chars += len(chunk)
        base_lines += chunk.count("\n")
        del doc, chunk
    return findings_all, sups_all, source
