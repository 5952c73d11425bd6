"""Review findings one by one: pick a suggestion, type a rewrite, skip,
suppress with a reason, or quit keeping what was accepted so far.

Input comes from a plain line reader, so a test (or a pipe) can drive it.
"""

from __future__ import annotations

import re

from rich.text import Text

from ..fixing.edits import Edit
from ..fixing.suppression import suppression_edit

HELP = "[1-9] use suggestion  c custom rewrite  s skip  i suppress  q quit"


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(text.rfind("\n\n", 0, start), max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)))
    lo = 0 if lo < 0 else lo + 1
    m = re.compile(r"[.!?](\s|$)|\n").search(text, end)
    hi = m.end() if m else len(text)
    return lo, hi


def review(text: str, findings, *, kind: str, read_line, console) -> tuple[list[Edit], bool]:
    """Ask about each finding; return the accepted edits and whether the user quit."""
    edits: list[Edit] = []
    candidates = [f for f in findings if f.suggestions and not f.in_quote]
    for number, f in enumerate(candidates, 1):
        if any(f.offset < e.end and e.start < f.end_offset for e in edits if e.start != e.end):
            continue
        lo, hi = _sentence_bounds(text, f.offset, f.end_offset)
        line = Text(text[lo:hi].strip("\n"))
        shift = len(text[lo:hi]) - len(text[lo:hi].lstrip("\n"))
        line.stylize("bold reverse", f.offset - lo - shift, f.end_offset - lo - shift)
        console.print(Text(f"[{number}/{len(candidates)}] {f.line}:{f.column} {f.rule}", style="bold"))
        console.print(line)
        console.print(Text(f.message, style="dim"))
        for i, s in enumerate(f.suggestions[:9], 1):
            console.print(Text(f"  {i}. {s}"))
        console.print(Text(HELP, style="dim"))
        while True:
            answer = read_line("> ")
            if answer is None or answer.strip().lower() == "q":
                return edits, True
            answer = answer.strip().lower()
            if answer.isdigit() and 1 <= int(answer) <= min(9, len(f.suggestions)):
                edits.append(Edit(f.offset, f.end_offset, f.suggestions[int(answer) - 1], f))
                break
            if answer == "c":
                custom = read_line("rewrite: ")
                if custom is None:
                    return edits, True
                custom = custom.rstrip("\r\n")
                if not custom.strip():  # an empty rewrite would delete the words: not that
                    console.print(Text("empty rewrite: skipped", style="yellow"))
                    break
                edits.append(Edit(f.offset, f.end_offset, custom, f))
                break
            if answer == "s" or answer == "":
                break
            if answer == "i":
                reason = read_line("reason: ")
                if reason is None:
                    return edits, True
                edits.append(suppression_edit(text, f, reason.strip(), kind))
                break
            console.print(Text(HELP, style="yellow"))
    return edits, False
