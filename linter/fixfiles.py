"""Fix files on disk: safe rewrites, a diff, or an interactive review.

Nothing is lost: encoding, BOM and newline style survive because edits touch
only finding spans of the decoded text; writes are atomic and refuse a file
that changed on disk since it was read.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from .fix import Edit, apply_edits, fix_text
from .io import ReadError, encode, read_source, write_atomic


@dataclass
class FixOutcome:
    path: str
    old: str = ""
    new: str = ""
    edits: list[Edit] = field(default_factory=list)
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.old != self.new


def unified_diff(outcome: FixOutcome) -> str:
    lines = difflib.unified_diff(outcome.old.splitlines(keepends=True),
                                 outcome.new.splitlines(keepends=True),
                                 fromfile=f"a/{outcome.path}", tofile=f"b/{outcome.path}")
    return "".join(l if l.endswith("\n") else l + "\n\\ No newline at end of file\n" for l in lines)


def fix_file(target, *, write: bool) -> FixOutcome:
    try:
        src = read_source(target.path)
    except ReadError as exc:
        return FixOutcome(target.path, error=str(exc))
    new, edits = fix_text(src.text, config=target.config, kind=target.kind)
    outcome = FixOutcome(target.path, src.text, new, edits)
    if write and outcome.changed:
        try:
            write_atomic(target.path, encode(new, src.encoding), expected=src.raw)
        except (ReadError, OSError) as exc:
            outcome.error = str(exc) if isinstance(exc, ReadError) else f"{target.path}: {exc}"
    return outcome


def write_text(path: str, text: str) -> None:
    """Write ``text`` back in the file's own encoding, atomically."""
    src = read_source(path)
    write_atomic(path, encode(text, src.encoding), expected=src.raw)


__all__ = ["FixOutcome", "apply_edits", "fix_file", "unified_diff", "write_text"]
