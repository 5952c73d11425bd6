"""Review findings one by one: pick a suggestion, type a rewrite, skip,
suppress with a reason, or quit keeping what was accepted so far.

Input comes from a plain line reader, so a test (or a pipe) can drive it.
"""

from __future__ import annotations

import re

from rich.text import Text

from ..fixing.edits import Edit
from ..fixing.suppression import suppression_edit


def keys_help(choices: int, insert: bool = False) -> str:
    """The keys for this finding: "1 use suggestion" for one, "[1-3] ..." for three."""
    if insert:
        return "1 add it at the end  c add your own line  s skip  i suppress  q quit"
    if choices == 1:
        pick = "1 use suggestion  "
    elif choices > 1:
        pick = f"[1-{choices}] use suggestions  "
    else:
        pick = ""
    return pick + "c custom rewrite  s skip  i suppress  q quit"


# The line `fix -i` offers to add to a suicide story that gives no support
# information: the helplines the suicide pack accepts for each locale
# (rules/suicide.yaml, missing-support-information). A house `support_line` wins.
SUPPORT_LINES = {
    "en-GB": "If you are affected by any of the issues in this story, you can call Samaritans free on 116 123.",
    "en-US": "If you or someone you know is struggling, call or text the 988 Suicide and Crisis Lifeline.",
}


def support_insertions(findings, config, document_rules) -> dict:
    """Whole-article findings the review can settle by adding a line at the end."""
    line = config.support_line[0] if config.support_line else None
    out = {}
    for f in findings:
        if f.rule in document_rules and not f.suggestions:
            text = line or (SUPPORT_LINES.get(config.locale) if f.pack == "suicide" else None)
            if text:
                out[f.rule] = text
    return out


def _end_insert(text: str, line: str, finding) -> Edit:
    """The support line as the story's last paragraph, in the file's newline style."""
    newline = "\r\n" if "\r\n" in text else "\n"
    body = text.rstrip("\r\n")
    return Edit(len(body), len(text), f"{newline}{newline}{line}{newline}", finding)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(text.rfind("\n\n", 0, start), max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)))
    lo = 0 if lo < 0 else lo + 1
    m = re.compile(r"[.!?](\s|$)|\n").search(text, end)
    hi = m.end() if m else len(text)
    return lo, hi


def _print_why_and_source(console, f) -> None:
    if f.why:
        console.print(Text("why: " + " ".join(f.why.split()), style="dim"))
    if f.sources:
        src = f.sources[0]
        console.print(Text(f"source: {src.organisation}, {src.title} ({src.year})", style="dim"))
        if src.url:  # whole on its own line, so it can be clicked or copied
            link = Text(src.url, style=f"dim link {src.url}")
            console.print(link, no_wrap=True, crop=False, overflow="ignore")


def review(
    text: str, findings, *, kind: str, read_line, console, insertions: dict | None = None
) -> tuple[list[Edit], bool]:
    """Ask about each finding; return the accepted edits and whether the user quit.

    ``insertions`` maps a whole-article rule (a missing helpline) to the line
    that would satisfy it: the review offers to add it at the end of the story.
    """
    edits: list[Edit] = []
    insertions = insertions or {}
    candidates = [f for f in findings if (f.suggestions or f.rule in insertions) and not f.in_quote]
    for number, f in enumerate(candidates, 1):
        if any(f.offset < e.end and e.start < f.end_offset for e in edits if e.start != e.end):
            continue
        insert = insertions.get(f.rule) if not f.suggestions else None
        lo, hi = _sentence_bounds(text, f.offset, f.end_offset)
        line = Text(text[lo:hi].strip("\n"))
        shift = len(text[lo:hi]) - len(text[lo:hi].lstrip("\n"))
        line.stylize("bold reverse", f.offset - lo - shift, f.end_offset - lo - shift)
        console.print(Text(f"[{number}/{len(candidates)}] {f.line}:{f.column} {f.rule}", style="bold"))
        console.print(line)
        console.print(Text(f.message, style="dim"))
        _print_why_and_source(console, f)
        choices = min(9, len(f.suggestions))
        if insert:
            console.print(Text(f"  1. add at the end: {insert}"))
        for i, s in enumerate(f.suggestions[:9], 1):
            console.print(Text(f"  {i}. {s}"))
        keys = keys_help(choices, bool(insert))
        console.print(Text(keys, style="dim"))
        while True:
            answer = read_line("> ")
            if answer is None or answer.strip().lower() == "q":
                return edits, True
            answer = answer.strip().lower()
            if insert and answer == "1":
                edits.append(_end_insert(text, insert, f))
                break
            if insert and answer == "c":  # their own support line, added at the end
                custom = read_line("line to add at the end: ")
                if custom is None:
                    return edits, True
                if custom.strip():
                    edits.append(_end_insert(text, custom.strip(), f))
                break
            if answer.isdigit() and 1 <= int(answer) <= choices:
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
            console.print(Text(keys, style="yellow"))
    return edits, False
