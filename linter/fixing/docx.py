"""Fix a copy of a Word document: the original bytes are never touched.

Edits come from the same engine run as for any draft; each is applied only
where ``DocxText.plan_edit`` finds plain text in runs of one formatting, and
the copy is re-read and compared with the intended text before it is returned.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from ..base.config import Config
from ..engine import analyse, get_engine
from ..inputs.extract.docx import DocxText, read_docx
from ..inputs.files import ReadError
from .edits import Edit, Skip, apply_edits, choose_edits


@dataclass
class DocxFixResult:
    applied: list = field(default_factory=list)  # Edit
    declined: list = field(default_factory=list)  # (Finding, reason)
    data: bytes | None = None  # the corrected copy
    error: str | None = None


def fix_docx(
    raw: bytes,
    path: str,
    config=None,
    max_rounds: int = 3,
    *,
    edits: list[Edit] | None = None,
    skip: Skip | None = None,
) -> DocxFixResult:
    """Apply safe fixes to a copy of the document; the original bytes are untouched.

    ``edits`` (offsets into the document's text) replaces the safe fixes with the
    ones an editor chose, applied in one round; ``skip`` as in ``fix_text``.
    """
    engine = get_engine(config or Config())
    if edits is not None:
        max_rounds = 1
    result = DocxFixResult()
    try:
        dt = read_docx(raw, path)
    except ReadError as exc:
        result.error = str(exc)
        return result
    expected = dt.text
    declined_keys = set()
    for _ in range(max_rounds):
        if edits is not None:
            chosen = sorted(edits, key=lambda e: e.start)
        else:
            findings = dt.relocate(analyse(dt.extract(), engine)[0])
            chosen = choose_edits([f for f in findings if skip is None or skip.keeps(f)])
        safe, plans = [], []
        for edit in chosen:
            plan, reason = dt.plan_edit(edit.start, edit.end)
            if plan is None:
                key = (edit.finding.rule, edit.finding.line, edit.finding.match)
                if key not in declined_keys:
                    declined_keys.add(key)
                    result.declined.append((edit.finding, reason))
                continue
            safe.append(edit)
            plans.append(plan)
        if not safe:
            break
        for edit, plan in sorted(zip(safe, plans), key=lambda ep: -ep[0].start):
            first_t = plan[0][0]
            for t, lo, hi in reversed(plan):
                text = t.text or ""
                new = edit.replacement if t is first_t else ""
                t.text = text[:lo] + new + text[hi:]
                if t.text != t.text.strip():
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        expected = apply_edits(expected, safe)
        result.applied.extend(safe)
        if skip is not None:
            skip.follow(safe)
        dt = DocxText(dt.document, path)
        if dt.text != expected:
            result.error = f"{path}: internal check failed after editing; nothing written"
            return result
    if not result.applied:
        return result
    buffer = io.BytesIO()
    dt.document.save(buffer)
    data = buffer.getvalue()
    # Re-read what would be written: the text must be exactly what we meant.
    try:
        again = read_docx(data, path)
    except ReadError as exc:
        result.error = f"{path}: the corrected copy did not read back ({exc}); nothing written"
        return result
    if again.text != expected:
        result.error = f"{path}: the corrected copy's text differs from the intended fix; nothing written"
        return result
    result.data = data
    return result
