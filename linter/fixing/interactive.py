"""Apply the edits a person accepted in interactive review (the prompts are
the command line's: ``linter.cli.review``)."""

from __future__ import annotations

from .edits import Edit


def apply_reviewed(text: str, edits: list[Edit]) -> str:
    pieces, cursor = [], 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces.append(text[cursor : e.start])
        pieces.append(e.replacement)
        cursor = max(cursor, e.end)
    pieces.append(text[cursor:])
    return "".join(pieces)
