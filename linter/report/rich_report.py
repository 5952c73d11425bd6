"""The human report: where, what, why, and what to write instead."""

from __future__ import annotations

import io
import re
import typing
from functools import lru_cache

from rich.cells import cell_len, chop_cells
from rich.color import ColorSystem
from rich.console import Console
from rich.style import Style
from rich.table import Table
from rich.text import Text

from . import summary

BADGES = {
    "error": "bold white on red",
    "warning": "bold black on yellow",
    "suggestion": "bold white on blue",
    "note": "white on grey37",
}


def _first_sentence(text: str, limit: int = 160) -> str:
    """The opening of the why: whole sentences up to about ``limit`` characters
    (a one-line teaser such as "It depends." says nothing on its own)."""
    sentences = text.split(". ")
    head = sentences[0]
    for more in sentences[1:]:
        if len(head) >= 60:
            break
        head = f"{head}. {more}"
    head = head.rstrip(".") + "."
    if len(head) <= limit:
        return head
    cut = head.rfind(" ", 0, limit)  # end on a whole word, never inside one
    return head[: cut if cut > 0 else limit].rstrip(" ,;:") + "\u2026"


GUTTER = 8  # "  123 │ "


def _one_line(text: str) -> str:
    """A house pack's why may be a literal YAML block with line breaks."""
    return " ".join(text.split())


class _Out:
    """Lines written straight to a list: rich's Console.print costs ~0.2 ms a call,
    which at 5,000 findings (20,000 lines) was most of the report's time. Text
    is wrapped here and each styled piece turned into ANSI codes with rich's
    own (cached) styles; the closing table still goes through a Console."""

    def __init__(self, console, color: bool):
        self.console = console
        self.color = color
        self.width = console.width
        self.lines: list[str] = []
        self._codes: dict[str, tuple[str, str]] = {}

    def styled(self, text: str, style: str) -> str:
        if not self.color or not style or not text:
            return text
        if "link" in style:  # a hyperlink carries its own id: rendered each time
            render: typing.Any = Style.parse(style).render
            return render(text, color_system=ColorSystem.STANDARD)
        codes = self._codes.get(style)
        if codes is None:  # the codes around any text in this style, worked out once
            render = Style.parse(style).render
            before, _, after = render("\x00", color_system=ColorSystem.STANDARD).partition("\x00")
            codes = self._codes[style] = (before, after)
        return f"{codes[0]}{text}{codes[1]}"

    def pieces(self, plain: str, lo: int, hi: int, base: str, spans) -> str:
        """plain[lo:hi], each run between span edges in its combined style."""
        if not self.color:
            return plain[lo:hi]
        if not spans:
            return self.styled(plain[lo:hi], base)
        edges = sorted({lo, hi, *(e for a, b, _ in spans for e in (a, b) if lo < e < hi)})
        out = []
        for x, y in zip(edges, edges[1:]):
            style = " ".join(v for v in (base, *(st for a, b, st in spans if a <= x and y <= b)) if v)
            out.append(self.styled(plain[x:y], style))
        return "".join(out)

    def text_line(self, line: Text) -> str:
        plain = line.plain
        return self.pieces(plain, 0, len(plain), _style_of(line), _spans_of(line))


def _style_of(text: Text) -> str:
    return str(text.style) if text.style else ""


def _spans_of(text: Text) -> list[tuple[int, int, str]]:
    return [(sp.start, sp.end, str(sp.style)) for sp in text.spans if sp.end > sp.start]


_WORD = re.compile(r"\S+")


def _wrap_offsets(plain: str, width: int) -> list[tuple[int, int]]:
    """Greedy wrap at spaces, as (start, end) offsets into ``plain``; only a word
    longer than the line is folded. Spaces inside a line are kept."""
    if cell_len(plain) == len(plain):  # one cell per character (nearly always): plain arithmetic
        return _wrap_narrow(plain, width)
    lines: list[tuple[int, int]] = []
    lo = hi = -1
    for m in _WORD.finditer(plain):
        start, end = m.span()
        while cell_len(plain[start:end]) > width:  # a word longer than a line
            if lo >= 0:
                lines.append((lo, hi))
                lo = hi = -1
            cut = start + len(chop_cells(plain[start:end], width)[0])
            lines.append((start, cut))
            start = cut
        if start >= end:
            continue
        if lo < 0:
            lo, hi = start, end
        elif cell_len(plain[lo:end]) <= width:
            hi = end
        else:
            lines.append((lo, hi))
            lo, hi = start, end
    if lo >= 0 or not lines:
        lines.append((max(lo, 0), max(hi, 0)))
    return lines


def _wrap_narrow(plain: str, width: int) -> list[tuple[int, int]]:
    """_wrap_offsets for text whose every character takes one cell."""
    stripped = plain.rstrip()
    first = len(plain) - len(plain.lstrip())
    if len(stripped) - first <= width:
        return [(first, len(stripped))]
    lines: list[tuple[int, int]] = []
    lo = hi = -1
    for m in _WORD.finditer(plain):
        start, end = m.span()
        while end - start > width:
            if lo >= 0:
                lines.append((lo, hi))
                lo = hi = -1
            lines.append((start, start + width))
            start += width
        if start >= end:
            continue
        if lo < 0:
            lo, hi = start, end
        elif end - lo <= width:
            hi = end
        else:
            lines.append((lo, hi))
            lo, hi = start, end
    if lo >= 0 or not lines:
        lines.append((max(lo, 0), max(hi, 0)))
    return lines


def _emit(out: _Out, text: Text | str, indent: str = "  ", rest: str | None = None, style: str = "") -> None:
    """Write ``text`` (a Text, or a str in one ``style``) wrapped to the width with a
    hanging indent, no trailing spaces."""
    rest = indent if rest is None else rest
    width = max(20, out.width - len(indent))
    if isinstance(text, str):
        plain, base, spans = text, style, []
    else:
        plain, base, spans = text.plain, _style_of(text), _spans_of(text)
    dim_first, dim_rest = out.styled(indent, "dim"), out.styled(rest, "dim")
    for i, (lo, hi) in enumerate(_wrap_offsets(plain, width)):
        out.lines.append((dim_first if i == 0 else dim_rest) + out.pieces(plain, lo, hi, base, spans))


def _link(out: _Out, url: str) -> None:
    """A URL on a line of its own, never wrapped (a broken URL cannot be clicked or
    copied), and a terminal hyperlink when colours are on."""
    if url:
        out.lines.append("  " + out.styled(url, f"dim link {url}"))


@lru_cache(maxsize=4)
def _split(source: str) -> tuple[list[str], list[int]]:
    """Lines and their start offsets, once per file (not once per finding)."""
    lines = source.split("\n")
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    return lines, starts


def _paragraph_lines(source: str, f) -> list[tuple[str, Text]]:
    """A Word finding: the paragraph it is in (trimmed around the match), highlighted."""
    start = f.offset - (f.column - 1)
    end = source.find("\n\n", f.end_offset)
    end = len(source) if end == -1 else end
    lo, hi = max(start, f.offset - 120), min(end, f.end_offset + 120)
    text = source[lo:hi].replace("\n", " ").replace("\t", " ")
    body = Text(("\u2026" if lo > start else "") + text + ("\u2026" if hi < end else ""))
    shift = 1 if lo > start else 0
    body.stylize(
        "bold reverse" if not f.in_quote else "underline", f.offset - lo + shift, f.end_offset - lo + shift
    )
    return [(f"\u00b6{f.line:<4} \u2502 ", body)]


def _source_lines(source: str, f, context: bool) -> list[tuple[str, Text]]:
    """(gutter, body) pairs: the finding's lines, and the line before/after when short."""
    if not source or f.end_offset > len(source):
        return []  # a huge file checked in chunks keeps no source to quote
    if f.location:
        return _paragraph_lines(source, f)
    lines, starts = _split(source)
    out: list[tuple[str, Text]] = []
    first, last = f.line - 1, f.end_line - 1
    lo = first - 1 if context and first > 0 and 0 < len(lines[first - 1].strip()) < 70 else first
    hi = last + 1 if context and last + 1 < len(lines) and 0 < len(lines[last + 1].strip()) < 70 else last
    offset = starts[lo]
    for number in range(lo, hi + 1):
        raw = lines[number].rstrip("\r")
        body = Text(raw.replace("\t", " "))
        start = max(f.offset - offset, 0)
        end = min(f.end_offset - offset, len(raw))
        if start < end and first <= number <= last:
            body.stylize("bold reverse" if not f.in_quote else "underline", start, end)
        elif not (first <= number <= last):
            body.stylize("dim")
        out.append((f"{number + 1:>5} \u2502 ", body))
        offset += len(lines[number]) + 1
    return out


def render_rich(run, *, color: bool, width: int = 80, statistics: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system="standard" if color else None,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    out = _Out(console, color)
    for result in run.results:
        if not result.findings:
            continue
        out.lines.append(out.styled(result.path, "bold underline"))
        for f in result.findings:
            head = Text()
            head.append(f"{f.line}:{f.column} ", style="bold")
            sev = str(f.severity)
            head.append(f" {sev.upper()} ", style=BADGES[sev] if color else "")
            head.append(f" {f.rule}", style="cyan")
            if f.in_quote:
                head.append("  in quote", style="italic dim")
            out.lines.append(out.text_line(head))
            for gutter, body in _source_lines(result.source or "", f, context=True):
                _emit(out, body, gutter, " " * (GUTTER - 2) + "\u2502 ")
            style = "dim" if f.in_quote else ""
            _emit(out, f.message, style=style)
            if f.suggestions:
                instead = Text("write instead: ", style="green")
                instead.append(
                    " \u00b7 ".join(f"\u201c{' '.join(s.split())}\u201d" for s in f.suggestions[:4]),
                    style="bold green",
                )
                if f.fixable:
                    instead.append("  (copydesk fix applies the first)", style="dim")
                _emit(out, instead)
            _emit(out, "why: " + _first_sentence(_one_line(f.why)), style="dim")
            if f.sources:
                src = f.sources[0]
                _emit(out, f"source: {src.organisation}, {src.title} ({src.year})", style="dim")
                _link(out, src.url)
            out.lines.append("")
    for result in run.errors:
        _emit(out, Text(f"error: {result.error}", style="bold red"), "", "  ")
    if out.lines:
        buffer.write("\n".join(out.lines) + "\n")
    s = summary(run)
    table = Table(title=None, show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("files")
    for sev in s["by_severity"]:
        table.add_column(sev, justify="right")
    table.add_row(str(s["files"]), *(str(n) for n in s["by_severity"].values()))
    console.print(table)
    out = _Out(console, color)
    if s["by_pack"]:
        _emit(
            out,
            Text("by pack: " + ", ".join(f"{p} {n}" for p, n in s["by_pack"].items()), style="dim"),
            "",
            "  ",
        )
    if statistics:
        from .concise import statistics_lines

        for line in statistics_lines(run):
            _emit(out, Text(line), "", "  ")
    if out.lines:
        buffer.write("\n".join(out.lines) + "\n")
    return buffer.getvalue()
