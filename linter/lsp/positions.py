"""Code-point offsets <-> LSP positions, in the encoding the client agreed to.

The engine counts code points; LSP counts ``character`` in UTF-16 code units
unless the client and server negotiated UTF-8 or UTF-32. Lines end at
``\\r\\n``, ``\\r`` or ``\\n`` and nowhere else (not at U+2028 or form feeds, where
Python's ``splitlines`` would cut). Pure: no pygls here, so the conversion is
tested on its own.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_BREAK = re.compile(r"\r\n|\r|\n")
ENCODINGS = ("utf-16", "utf-8", "utf-32")


def units(text: str, encoding: str) -> int:
    """How many code units ``text`` takes in ``encoding``."""
    if encoding == "utf-32" or text.isascii():
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _char_units(char: str, encoding: str) -> int:
    cp = ord(char)
    if encoding == "utf-32" or cp < 0x80:
        return 1
    if encoding == "utf-8":
        return 2 if cp < 0x800 else 3 if cp < 0x10000 else 4
    return 2 if cp >= 0x10000 else 1


class PositionMap:
    """Positions of one text. ``line`` is 0-based; ``character`` counts code units."""

    def __init__(self, text: str, encoding: str = "utf-16"):
        if encoding not in ENCODINGS:
            raise ValueError(f"unknown position encoding {encoding!r}")
        self.text, self.encoding = text, encoding
        self.starts = [0]
        self.ends = []  # where each line's content stops (before its line break)
        for m in _BREAK.finditer(text):
            self.ends.append(m.start())
            self.starts.append(m.end())
        self.ends.append(len(text))

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character) of a code-point offset. An offset inside a CRLF pair
        (between its \\r and \\n) counts as the end of that line."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        return line, units(self.text[start : min(offset, self.ends[line])], self.encoding)

    def offset(self, line: int, character: int, *, ceil: bool = False) -> int:
        """Code-point offset of a position. A line past the end is the end of the
        text; a character past the line's end is the line's end (as LSP says); a
        character inside a code point (half a surrogate pair, part of a UTF-8
        sequence) rounds down, or up with ``ceil``."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[line], self.ends[line]
        if character <= 0:
            return start
        segment = self.text[start:end]
        if segment.isascii() or self.encoding == "utf-32":
            return start + min(character, len(segment))
        count = 0
        for i, char in enumerate(segment):
            if count >= character:
                return start + i
            width = _char_units(char, self.encoding)
            if count + width > character:  # inside this code point
                return start + i + (1 if ceil else 0)
            count += width
        return end

    def range(self, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]]:
        return self.position(start), self.position(end)
