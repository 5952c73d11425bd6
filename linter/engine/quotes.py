"""Find direct quotations, so the reporter's voice can be told from a source's.

Handles straight and curly double quotes, single quotes used as quotation
marks (but not apostrophes: "don't", "the Baldwins' son", "'90s"), nesting,
and the news convention for a quote running over several paragraphs: each
paragraph opens with a quotation mark and only the last one closes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

from ..base.positions import merge_spans

_MARKS = re.compile(r"[\"\u201c\u201d\u00ab\u00bb\u201e'\u2018\u2019]|\n[ \t\x00]*\n")
_OPEN_DOUBLE = "\u201c\u00ab\u201e"
_CLOSE_DOUBLE = "\u201d\u00bb"
_OPENING_CONTEXT = ' \t\n\x00([{\u2014\u2013-:;"\u201c'


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _single_closes(scan: str, i: int) -> bool:
    """A single mark after a word and not before one: a closer or a plural possessive."""
    before = scan[i - 1] if i > 0 else " "
    after = scan[i + 1] if i + 1 < len(scan) else " "
    return not before.isspace() and not _is_word(after)


def _single_opens(scan: str, i: int) -> bool:
    before = scan[i - 1] if i > 0 else " "
    after = scan[i + 1] if i + 1 < len(scan) else " "
    return before in _OPENING_CONTEXT and not after.isspace() and after != "\x00"


# Where a single mark could close a quote: after a non-space, not before a letter.
_SINGLE_CLOSER = re.compile(r"(?<=\S)['\u2019](?![^\W_])")


def _has_single_closer(closers: list[int], i: int, limit: int) -> bool:
    """Is there a closing candidate in (i + 1, limit)? One bisection, so a long
    paragraph full of stray marks stays linear, not quadratic."""
    k = bisect_right(closers, i + 1)
    return k < len(closers) and closers[k] < limit


# A mark touching a digit may be a prime or an elision (12" vinyl, 6'2", '80s):
# then the text is paired both ways and whatever either reading quotes counts as
# possibly quoted, so it is never rewritten.
_DIGIT_MARK = re.compile(r"\d[\"'\u201d\u2019]|['\u2018\u2019]\d")
# Leading elisions: an apostrophe, never a quote's opening mark.
_ELISION = re.compile(
    r"['\u2018\u2019](?:\d\d?s?|em|til|tis|twas|cause|cos|n|round|bout|nuff|scuse)(?![^\W_])",
    re.IGNORECASE,
)


def find_quotes(scan: str, regions: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Sorted, merged [start, end) spans of quoted text (marks included).

    ``regions`` are spans already known to be quotes (Markdown blockquotes).
    Where a mark touches a digit, the spans of both pairings are returned.
    """
    spans = _pair(scan, regions, primes=False)
    if _DIGIT_MARK.search(scan):
        spans = merge_spans(spans + _pair(scan, (), primes=True))
    return spans


def _pair(scan: str, regions: Iterable[tuple[int, int]], primes: bool) -> list[tuple[int, int]]:
    """One pairing of the marks; with ``primes``, marks touching a digit are not quote marks."""
    spans: list[tuple[int, int]] = list(regions)
    stack: list[tuple[str, int]] = []  # ("d" | "s", start)
    para_end = scan.find("\n\n")
    closers = None  # single-mark closing candidates, found on first need
    continuing: str | bool = False  # "d"/"s": a multi-paragraph quote awaits its next opening mark
    for m in _MARKS.finditer(scan):
        i, ch = m.start(), m.group()
        if ch[0] == "\n":  # paragraph break
            if stack:
                rest = scan[m.end() : m.end() + 8].lstrip(" \t\x00")
                kind, outer_start = stack[0]
                opener = ('"',) + tuple(_OPEN_DOUBLE) if kind == "d" else ("'", "\u2018")
                if rest[:1] in opener:  # the quote runs on into the next paragraph
                    spans.append((outer_start, i))
                    stack = [(kind, m.end())]
                    continuing = kind
                else:
                    if kind == "d":  # unclosed double quote: ends with its paragraph
                        spans.append((outer_start, i))
                    # an unclosed single "quote" was an apostrophe ('90s): drop it
                    stack = []
            para_end = scan.find("\n\n", m.end())
            continue
        if (
            ch in "'\u2018\u2019"
            and 0 < i < len(scan) - 1
            and scan[i - 1].isalnum()
            and scan[i + 1].isalnum()
        ):
            continue  # between two letters ("don't"): an apostrophe
        if ch in "'\u2018\u2019" and _ELISION.match(scan, i):
            continue  # '80s, 'em, 'til: an elision
        if primes and ((i > 0 and scan[i - 1].isdigit()) or (i + 1 < len(scan) and scan[i + 1].isdigit())):
            continue  # 12" vinyl, 6'2": a prime in this reading
        limit = para_end if para_end != -1 else len(scan)
        if continuing and (
            (continuing == "d" and (ch == '"' or ch in _OPEN_DOUBLE))
            or (continuing == "s" and ch in "'\u2018")
        ):
            # The mark that re-opens a continued quote: the quote goes on from here.
            stack = [(continuing, i)]
            continuing = False
            continue
        continuing = False
        if ch == '"':
            if stack and stack[-1][0] == "d":
                _close(stack, spans, i + 1)
            else:
                stack.append(("d", i))
        elif ch in _OPEN_DOUBLE:
            stack.append(("d", i))
        elif ch in _CLOSE_DOUBLE:
            if any(kind == "d" for kind, _ in stack):
                while stack and stack[-1][0] != "d":
                    stack.pop()
                _close(stack, spans, i + 1)
        else:  # single marks: ' ‘ ’
            if stack and stack[-1][0] == "s" and _single_closes(scan, i):
                if i - stack[-1][1] <= 3:  # rock 'n' roll: elision marks, not a quote
                    stack.pop()
                else:
                    _close(stack, spans, i + 1)
            elif (
                ch != "\u2019"
                and _single_opens(scan, i)
                and _has_single_closer(
                    closers if closers is not None else (closers := _closers(scan)), i, limit
                )
            ):
                stack.append(("s", i))
            # otherwise: an apostrophe
    if stack and stack[0][0] == "d":
        spans.append((stack[0][1], len(scan)))
    return merge_spans(spans)


def _closers(scan: str) -> list[int]:
    return [m.start() for m in _SINGLE_CLOSER.finditer(scan)]


def _close(stack: list[tuple[str, int]], spans: list[tuple[int, int]], end: int) -> None:
    kind, start = stack.pop()
    if not stack:  # only outermost quotes matter for "is this quoted?"
        spans.append((start, end))


class QuoteIndex:
    """Answers "is [start, end) inside a quote?" by bisection."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [s for s, _ in spans]

    def containing(self, start: int, end: int) -> tuple[int, int] | None:
        i = bisect_right(self.starts, start) - 1
        if i >= 0:
            s, e = self.spans[i]
            if s <= start and end <= e:
                return (s, e)
        return None


_PARAGRAPH = re.compile(r"\n[ \t\x00]*\n")
_SINGLE_MARKS = ("'", "\u2018", "\u2019")
_OPENS_WITH_SINGLE = re.compile("[ \t\x00]*['\u2018\u2019]")


class LazyQuoteIndex:
    """The same answers as ``QuoteIndex(find_quotes(scan, regions))``, computed
    only for the paragraphs that are asked about.

    A paragraph's quotes depend on the paragraph alone: a quote never runs past
    a blank line except by the multi-paragraph convention, and under that
    convention the new paragraph opens with a quotation mark, which opens a
    quote there either way. The exception is a single mark opening the paragraph
    asked about, or the next one (it may continue a single-quoted quote, which
    then needs no closer): then the whole document is scanned once.
    """

    def __init__(self, scan: str, regions: Sequence[tuple[int, int]] = ()) -> None:
        self.scan = scan
        self.regions = QuoteIndex(merge_spans(regions)) if regions else None
        self.breaks: list[tuple[int, int]] | None = None
        self.break_starts: list[int] = []
        self.paragraphs: dict[int, QuoteIndex] = {}
        self.whole: QuoteIndex | None = None

    def containing(self, start: int, end: int) -> tuple[int, int] | None:
        if self.regions is not None:
            found = self.regions.containing(start, end)
            if found:
                return found
        if self.whole is not None:
            return self.whole.containing(start, end)
        if self.breaks is None:
            self.breaks = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(self.scan)]
            self.break_starts = [s for s, _ in self.breaks]
        i = bisect_right(self.break_starts, start)
        lo = self.breaks[i - 1][1] if i > 0 else 0
        if i > 0 and lo > start:  # inside a break itself: nothing is quoted there
            return None
        hi = self.breaks[i][0] if i < len(self.breaks) else len(self.scan)
        # A single mark opening this paragraph may continue an earlier quote, and one
        # opening the next may continue a quote left open here: then read it all.
        if (
            end > hi
            or self.scan[lo:hi].lstrip(" \t\x00")[:1] in _SINGLE_MARKS
            or (i < len(self.breaks) and _OPENS_WITH_SINGLE.match(self.scan, self.breaks[i][1]) is not None)
        ):
            self.whole = QuoteIndex(find_quotes(self.scan))
            return self.whole.containing(start, end)
        index = self.paragraphs.get(lo)
        if index is None:
            spans = [(s + lo, e + lo) for s, e in find_quotes(self.scan[lo:hi])]
            index = self.paragraphs[lo] = QuoteIndex(spans)
        return index.containing(start, end)
