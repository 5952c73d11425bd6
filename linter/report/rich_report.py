"""The human report: where, what, why, and what to write instead."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import summary

BADGES = {"error": "bold white on red", "warning": "bold black on yellow",
          "suggestion": "bold white on blue", "note": "white on grey37"}


def _first_sentence(text: str, limit: int = 160) -> str:
    head = text.split(". ")[0].rstrip(".") + "."
    return head if len(head) <= limit else head[: limit - 1].rstrip() + "\u2026"


def _source_lines(source: str, f, context: bool) -> list[Text]:
    lines = source.split("\n")
    out = []
    first, last = f.line - 1, f.end_line - 1
    lo = first - 1 if context and first > 0 and len(lines[first - 1].strip()) < 70 else first
    hi = last + 1 if context and last + 1 < len(lines) and len(lines[last + 1].strip()) < 70 else last
    offset = sum(len(l) + 1 for l in lines[:lo])
    for number in range(lo, hi + 1):
        raw = lines[number].rstrip("\r")
        text = Text(f"{number + 1:>5} \u2502 ", style="dim")
        body = Text(raw.replace("\t", " "))
        start = max(f.offset - offset, 0)
        end = min(f.end_offset - offset, len(raw))
        if start < end and first <= number <= last:
            body.stylize("bold reverse" if not f.in_quote else "underline", start, end)
        elif not (first <= number <= last):
            body.stylize("dim")
        text.append_text(body)
        out.append(text)
        offset += len(lines[number]) + 1
    return out


def render_rich(run, *, color: bool, width: int = 80, statistics: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system="standard" if color else None,
                      force_terminal=color, no_color=not color, highlight=False,
                      emoji=False, soft_wrap=False)
    for result in run.results:
        if not result.findings:
            continue
        console.print(Text(result.path, style="bold underline"))
        for f in result.findings:
            head = Text()
            head.append(f"{f.line}:{f.column} ", style="bold")
            sev = str(f.severity)
            head.append(f" {sev.upper()} ", style=BADGES[sev] if color else "")
            head.append(f" {f.rule}", style="cyan")
            if f.in_quote:
                head.append("  in quote", style="italic dim")
            console.print(head)
            for line in _source_lines(result.source or "", f, context=True):
                console.print(line, overflow="fold")
            style = "dim" if f.in_quote else ""
            console.print(Text("  " + f.message, style=style))
            if f.suggestions:
                instead = Text("  write instead: ", style="green")
                instead.append(" \u00b7 ".join(f"\u201c{s}\u201d" for s in f.suggestions[:4]),
                               style="bold green")
                if f.fixable:
                    instead.append("  (copydesk fix applies the first)", style="dim")
                console.print(instead)
            console.print(Text("  why: " + _first_sentence(f.why), style="dim"))
            if f.sources:
                src = f.sources[0]
                console.print(Text(f"  source: {src.organisation}, {src.title} ({src.year}) "
                                   f"{src.url}", style="dim"), overflow="fold")
            console.print()
    for result in run.errors:
        console.print(Text(f"error: {result.error}", style="bold red"))
    s = summary(run)
    table = Table(title=None, show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("files")
    for sev in s["by_severity"]:
        table.add_column(sev, justify="right")
    table.add_row(str(s["files"]), *(str(n) for n in s["by_severity"].values()))
    console.print(table)
    if s["by_pack"]:
        console.print(Text("by pack: " + ", ".join(f"{p} {n}" for p, n in s["by_pack"].items()),
                           style="dim"), overflow="fold")
    if statistics:
        from .concise import statistics_lines

        for line in statistics_lines(run):
            console.print(line, overflow="fold")
    return buffer.getvalue()
