"""Apply safe rewrites to text. Pure: text and findings in, text out.

Only fixable findings are applied (a rule's declared safe suggestion, never
inside a quote). Overlaps resolve deterministically: the longer span wins,
then the more severe rule, then the rule id. Nothing outside a chosen span
changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..base.model import Finding


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str
    finding: Finding


def choose_edits(findings: list[Finding]) -> list[Edit]:
    """Greedy in priority order: a candidate is taken unless it overlaps one already taken.

    O(n log n). The taken spans are pairwise disjoint, so sorted by (start, end)
    their ends never decrease (an empty span [p, p) sits at an edge of any
    other); a candidate [s, e) overlaps one iff the last taken span starting
    before e ends after s.
    """
    from sortedcontainers import SortedList  # only fixing needs it

    candidates = sorted(
        (f for f in findings if f.fixable and f.suggestions and not f.in_quote),
        key=lambda f: (-(f.end_offset - f.offset), -int(f.severity), f.rule, f.offset),
    )
    taken = SortedList()  # (start, end) of the chosen spans
    chosen: list[Edit] = []
    for f in candidates:
        before = taken.bisect_left((f.end_offset,))  # spans starting before this one ends
        if before and taken[before - 1][1] > f.offset:
            continue
        taken.add((f.offset, f.end_offset))
        chosen.append(Edit(f.offset, f.end_offset, f.suggestions[0], f))
    return sorted(chosen, key=lambda e: e.start)


def apply_edits(text: str, edits: list[Edit]) -> str:
    pieces, cursor = [], 0
    for edit in edits:
        pieces.append(text[cursor : edit.start])
        pieces.append(edit.replacement)
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def fix_text(
    text: str, *, filename: str | None = None, config=None, kind: str | None = None, max_rounds: int = 3
) -> tuple[str, list[Edit]]:
    """Apply safe fixes until nothing fixable remains (a fixed point) or ``max_rounds``.

    An edit whose replacement the same rule would flag again (a house rule
    ``bad word`` -> ``very bad word`` that slipped past the pack loader, say
    through an inflection) is not applied: it would grow the draft on every run.
    """
    from ..engine import check_text

    regrows: dict[tuple[str, str], bool] = {}

    def stable(edit: Edit) -> bool:
        key = (edit.finding.rule, edit.replacement)
        if key not in regrows:
            again = check_text(edit.replacement, config=config, kind="text")
            regrows[key] = any(f.rule == edit.finding.rule and f.fixable for f in again)
        return not regrows[key]

    applied: list[Edit] = []
    for _ in range(max_rounds):
        edits = [
            e
            for e in choose_edits(check_text(text, filename=filename, config=config, kind=kind))
            if stable(e)
        ]
        if not edits:
            break
        text = apply_edits(text, edits)
        applied.extend(edits)
    return text, applied
