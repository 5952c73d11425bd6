"""The human report: where, what, why, and what to write instead."""

from __future__ import annotations

import io
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
        self._styles: dict[str, object] = {}

    def styled(self, text: str, style: str) -> str:
        if not self.color or not style or not text:
            return text
        parsed = self._styles.get(style)
        if parsed is None:
            parsed = self._styles[style] = Style.parse(style)
        return parsed.render(text, color_system=ColorSystem.STANDARD)  # type: ignore[attr-defined]

    def text_line(self, line: Text) -> str:
        """One line of styled text: each run between span edges in its combined style."""
        plain = line.plain
        if not self.color:
            return plain
        base = str(line.style) if line.style else ""
        spans = [(sp.start, sp.end, str(sp.style)) for sp in line.spans if sp.end > sp.start]
        edges = sorted({0, len(plain), *(e for sp in spans for e in sp[:2] if 0 < e < len(plain))})
        pieces = []
        for lo, hi in zip(edges, edges[1:]):
            style = " ".join(x for x in (base, *(st for a, b, st in spans if a <= lo and hi <= b)) if x)
            pieces.append(self.styled(plain[lo:hi], style))
        return "".join(pieces)


def _wrap_plain(text: str, width: int) -> list[str]:
    """Greedy wrap at spaces; only a word longer than the line is folded."""
    lines: list[str] = []
    current, used = "", 0
    for word in text.split():
        size = cell_len(word)
        while size > width:
            if current:
                lines.append(current)
                current, used = "", 0
            head, word = chop_cells(word, width)[0], word
            lines.append(head)
            word = word[len(head) :]
            size = cell_len(word)
        if not word:
            continue
        if not current:
            current, used = word, size
        elif used + 1 + size <= width:
            current, used = f"{current} {word}", used + 1 + size
        else:
            lines.append(current)
            current, used = word, size
    if current or not lines:
        lines.append(current)
    return lines


def _emit(out: _Out, text: Text, indent: str = "  ", rest: str | None = None) -> None:
    """Write ``text`` wrapped to the width with a hanging indent, no trailing spaces."""
    rest = indent if rest is None else rest
    width = max(20, out.width - len(indent))
    if not text.spans:  # one style throughout (messages, why, source): the fast path
        style = str(text.style) if text.style else ""
        for i, piece in enumerate(_wrap_plain(text.plain, width)):
            out.lines.append(out.styled(indent if i == 0 else rest, "dim") + out.styled(piece, style))
        return
    for i, line in enumerate(text.wrap(out.console, width)):
        line.rstrip()
        out.lines.append(out.styled(indent if i == 0 else rest, "dim") + out.text_line(line))


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
            _emit(out, Text(f.message, style=style))
            if f.suggestions:
                instead = Text("write instead: ", style="green")
                instead.append(
                    " \u00b7 ".join(f"\u201c{s}\u201d" for s in f.suggestions[:4]), style="bold green"
                )
                if f.fixable:
                    instead.append("  (copydesk fix applies the first)", style="dim")
                _emit(out, instead)
            _emit(out, Text("why: " + _first_sentence(_one_line(f.why)), style="dim"))
            if f.sources:
                src = f.sources[0]
                _emit(out, Text(f"source: {src.organisation}, {src.title} ({src.year})", style="dim"))
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
