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


class Skip:
    """Findings an editor dismissed, as (rule, start, end): left alone by every round.

    The spans follow the text through each round's edits (:meth:`follow`), so a
    dismissed finding stays dismissed after earlier words changed length; one an
    edit touched is gone with the words it named.
    """

    def __init__(self, spans=()):
        self.spans: set[tuple[str, int, int]] = {(r, s, e) for r, s, e in spans}

    def keeps(self, finding: Finding) -> bool:
        return (finding.rule, finding.offset, finding.end_offset) not in self.spans

    def follow(self, edits: list[Edit]) -> None:
        moved = set()
        for rule, start, end in self.spans:
            if any(e.start < end and start < e.end for e in edits):
                continue
            shift = sum(len(e.replacement) - (e.end - e.start) for e in edits if e.end <= start)
            moved.add((rule, start + shift, end + shift))
        self.spans = moved


def fix_text(
    text: str,
    *,
    filename: str | None = None,
    config=None,
    kind: str | None = None,
    max_rounds: int = 3,
    skip: Skip | None = None,
) -> tuple[str, list[Edit]]:
    """Apply safe fixes until nothing fixable remains (a fixed point) or ``max_rounds``.

    ``skip`` (updated in place) names findings to leave alone; without it this is
    exactly ``copydesk fix``.

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
        findings = check_text(text, filename=filename, config=config, kind=kind)
        edits = [e for e in choose_edits([f for f in findings if skip is None or skip.keeps(f)]) if stable(e)]
        if not edits:
            break
        text = apply_edits(text, edits)
        applied.extend(edits)
        if skip is not None:
            skip.follow(edits)
    return text, applied
