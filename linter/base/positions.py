"""Positions in a source text: lines and columns, UTF-16 units, merged spans.

Every layer that reports or exchanges offsets (the engine, suppressions, the
LanguageTool layer, the HTTP server, chunked reading) uses these, so a line,
a column or a UTF-16 offset means the same thing everywhere.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class LineIndex:
    """1-based line and character column of a code-point offset, by bisection."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


class Utf16:
    """Code-point <-> UTF-16 offsets for one text (astral characters take two units).

    LanguageTool and its clients count UTF-16 code units; Python counts code points.
    """

    def __init__(self, text: str):
        self._cp = [m.start() for m in _ASTRAL.finditer(text)]  # code-point index of each
        self._u16 = [c + i for i, c in enumerate(self._cp)]  # its UTF-16 index

    def units(self, cp: int) -> int:
        return cp + bisect_left(self._cp, cp)

    def codepoint(self, u: int, *, ceil: bool = False) -> int:
        """Code point at UTF-16 offset ``u``; one that splits a pair rounds down or up."""
        k = bisect_right(self._u16, u - 2)  # astral characters wholly before u
        if k < len(self._u16) and self._u16[k] == u - 1:
            return u - k if ceil else u - k - 1
        return u - k


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted [start, end) spans with overlapping or touching ones joined."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]
