"""Inline suppression comments, auditable: each names rules and may give a reason.

    <!-- copydesk-disable RULE[, RULE] -- reason -->   ... <!-- copydesk-enable -->
    <!-- copydesk-disable-next-line RULE -- reason -->
    <!-- copydesk-disable-file RULE -- reason -->

RULE is a full rule id or a pack id; no ids means every rule. A suppression that
silences nothing is reported as ``copydesk.unused-suppression``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..inputs.extract import Document
    from .pipeline import Engine

from ..base.config import id_selected
from ..base.model import Finding, Severity, Source

_DIRECTIVE = re.compile(r"^copydesk-(disable-next-line|disable-file|disable|enable)(?:\s+(.*))?$", re.S)
UNUSED_RULE = "copydesk.unused-suppression"
_SELF = Source(
    "copydesk",
    "copydesk",
    "Suppression comments",
    "n.d.",
    "https://github.com/copydesk/copydesk#suppressions",
)


@dataclass
class Suppression:
    kind: str
    ids: tuple[str, ...]
    reason: str
    start: int  # comment offsets
    end: int
    region: tuple[int, int]  # offsets it covers
    used: int = 0
    line: int = 0  # of the comment, for messages

    def covers(self, finding: Finding) -> bool:
        if not (self.region[0] <= finding.offset < self.region[1]):
            return False
        return not self.ids or id_selected(finding.rule, self.ids)


def parse_suppressions(doc: Document) -> list[Suppression]:
    out: list[Suppression] = []
    open_ranges: list[Suppression] = []
    source = doc.source
    for comment in doc.comments:
        head, _, reason = comment.body.partition("--")  # ids never contain "--"
        m = _DIRECTIVE.match(head.strip())
        if not m:
            continue
        kind, ids_text, reason = m.group(1), m.group(2) or "", reason.strip()
        ids = tuple(i.strip() for i in re.split(r"[,\s]+", ids_text.strip()) if i.strip())
        before = len(out)
        if kind == "disable-next-line":
            line_end = source.find("\n", comment.end)
            if line_end == -1:
                region = (len(source), len(source))
            else:
                next_end = source.find("\n", line_end + 1)
                region = (line_end + 1, len(source) if next_end == -1 else next_end)
            out.append(Suppression(kind, ids, reason, comment.start, comment.end, region))
        elif kind == "disable-file":
            out.append(Suppression(kind, ids, reason, comment.start, comment.end, (0, len(source))))
        elif kind == "disable":
            sup = Suppression(kind, ids, reason, comment.start, comment.end, (comment.end, len(source)))
            out.append(sup)
            open_ranges.append(sup)
        else:  # enable: closes the matching (or every) open range
            for sup in list(open_ranges):
                if not ids or set(ids) & set(sup.ids) or not sup.ids:
                    sup.region = (sup.region[0], comment.start)
                    open_ranges.remove(sup)
        if len(out) > before:
            out[-1].line = source.count("\n", 0, comment.start) + 1
    return out


def apply_suppressions(
    doc: Document, findings: list[Finding], sups: list[Suppression], engine: Engine | None = None
) -> list[Finding]:
    """Drop suppressed findings and report suppressions that silenced nothing.

    With ``engine``, a comment naming only rules this run has switched off
    (``--select``, ``--ignore``, a locale or a house switch) could not have
    silenced anything, so it is not reported as unused; a comment naming an
    unknown id still is (probably a typo). ``ignore = ["copydesk.unused-suppression"]``
    turns the notes off altogether.
    """
    if not sups:
        return findings
    kept = []
    for finding in findings:
        hit = next((s for s in sups if s.covers(finding)), None)
        if hit is None:
            kept.append(finding)
        else:
            hit.used += 1
    from ..base.positions import LineIndex

    lines = LineIndex(doc.source)
    for sup in sups:
        if sup.used or (engine is not None and not _could_have_applied(sup, engine)):
            continue
        line, column = lines.position(sup.start)
        end_line, end_column = lines.position(sup.end)
        kept.append(
            Finding(
                rule=UNUSED_RULE,
                pack="copydesk",
                severity=Severity.NOTE,
                message="This suppression comment silenced nothing; remove it or fix the rule id.",
                why="Unused suppressions hide future problems and make audits harder.",
                sources=(_SELF,),
                offset=sup.start,
                end_offset=sup.end,
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
                match=doc.source[sup.start : sup.end],
            )
        )
    return kept


def _could_have_applied(sup: Suppression, engine: Engine) -> bool:
    config = engine.config
    if config.ignore and id_selected(UNUSED_RULE, config.ignore):
        return False
    if not sup.ids:
        return True
    known = [r.id for r in engine.all_rules]
    names_known = all(any(id_selected(r, (i,)) for r in known) for i in sup.ids)
    return not names_known or any(id_selected(r.id, sup.ids) for r in engine.rules)
