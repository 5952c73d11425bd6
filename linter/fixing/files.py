"""Fix files on disk: safe rewrites, a diff, or an interactive review.

Nothing is lost: encoding, BOM and newline style survive because edits touch
only finding spans of the decoded text; writes are atomic, keep mode, owner
and group, and refuse a file that changed on disk since it was read, a
read-only file, and a symlink named on the command line whose target lies
outside the project (see docs/safety.md).
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field

from ..inputs.files import ReadError, decode, encode, read_source
from ..inputs.writing import write_atomic, write_output
from .edits import Edit, apply_edits, choose_edits, fix_text


@dataclass
class FixOutcome:
    path: str
    old: str = ""
    new: str = ""
    edits: list[Edit] = field(default_factory=list)
    error: str | None = None
    notes: list[str] = field(default_factory=list)  # fixes declined, and why
    written: str | None = None  # where the result went, when not in place

    @property
    def changed(self) -> bool:
        return self.old != self.new


def unified_diff(outcome: FixOutcome) -> str:
    lines = difflib.unified_diff(
        outcome.old.splitlines(keepends=True),
        outcome.new.splitlines(keepends=True),
        fromfile=f"a/{outcome.path}",
        tofile=f"b/{outcome.path}",
    )
    return "".join(l if l.endswith("\n") else l + "\n\\ No newline at end of file\n" for l in lines)


MAX_FIX_BYTES = 64 << 20  # fixing reads the whole file; refuse absurd sizes


def link_outside(path: str, project: str | None = None) -> str | None:
    """The target of a symlink that leads out of ``project`` (default: the current directory)."""
    if not os.path.islink(path):
        return None
    real = os.path.realpath(path)
    root = os.path.realpath(project or os.getcwd())
    return None if real == root or real.startswith(root.rstrip(os.sep) + os.sep) else real


def fix_file(
    target,
    *,
    write: bool,
    output: str | None = None,
    grammar=None,
    force: bool = False,
    follow_links: bool = False,
) -> FixOutcome:
    """Fix one file in place, or into ``output`` (the original is then untouched).

    ``grammar(text, kind, config, guidance_findings)`` adds LanguageTool findings
    on the text the guidance fixes left; those marked fixable are applied too.
    ``force`` lets ``output`` replace an existing file; ``follow_links`` lets a
    named symlink's target outside the project be rewritten.
    """
    outside = link_outside(target.path) if write and output is None and not follow_links else None
    if outside is not None:
        return FixOutcome(
            target.path,
            error=(
                f"{target.path}: a symlink to {outside}, outside this project (the current directory); "
                "not fixed (add --follow-links to fix the file it points to)"
            ),
        )
    if target.kind == "docx":
        return _fix_docx(target, write=write, output=output, force=force)
    try:
        src = read_source(target.path, MAX_FIX_BYTES)
    except ReadError as exc:
        return FixOutcome(target.path, error=str(exc))
    outcome = _fix_source(src.text, target, grammar)
    if write and output is not None:
        try:
            _check_output(target.path, output)
            outcome.notes += write_output(
                output, encode(outcome.new, src.encoding), what="fixed copy", reads=[target.path], force=force
            )
            outcome.written = output
        except (ReadError, OSError) as exc:
            outcome.error = str(exc) if isinstance(exc, ReadError) else f"{output}: {exc}"
    elif write and outcome.changed:
        try:
            outcome.notes += write_atomic(target.path, encode(outcome.new, src.encoding), expected=src.raw)
        except (ReadError, OSError) as exc:
            outcome.error = str(exc) if isinstance(exc, ReadError) else f"{target.path}: {exc}"
    return outcome


def fix_bytes(target, raw: bytes, name: str, grammar=None) -> tuple[FixOutcome, bytes]:
    """Fix a document given as bytes (stdin): the outcome and the fixed bytes,
    in the encoding and BOM it came in. Word documents are refused."""
    if target.kind == "docx":
        return FixOutcome(name, error=f"{name}: Word documents are fixed only into a copy (--output)"), b""
    if len(raw) > MAX_FIX_BYTES:
        return FixOutcome(name, error=f"{name}: too large to fix (over {MAX_FIX_BYTES} bytes)"), b""
    try:
        text, encoding = decode(raw, name)
    except ReadError as exc:
        return FixOutcome(name, error=str(exc)), b""
    outcome = _fix_source(text, target, grammar)
    outcome.path = name
    return outcome, (encode(outcome.new, encoding) if outcome.changed else raw)


def _fix_source(text: str, target, grammar) -> FixOutcome:
    new, edits = fix_text(text, config=target.config, kind=target.kind)
    if grammar is not None:
        from ..engine import check_text

        ours = check_text(new, config=target.config, kind=target.kind)
        more = choose_edits(grammar(new, target.kind, target.config, ours))
        if more:
            new, edits = apply_edits(new, more), edits + more
    return FixOutcome(target.path, text, new, edits)


def _check_output(source: str, output: str) -> None:
    from pathlib import Path

    out = Path(output)
    if out.exists() and out.resolve() == Path(source).resolve():
        raise ReadError(f"{output}: --output must differ from the file being fixed")
    if out.is_dir():
        raise ReadError(f"{output}: --output is a directory; name the file to write")


def _fix_docx(target, *, write: bool, output: str | None, force: bool = False) -> FixOutcome:
    """Word documents are never rewritten in place: a corrected copy, or a clear no."""
    from ..inputs.extract.docx import MAX_DOCX_BYTES
    from ..inputs.files import read_bytes
    from .docx import fix_docx

    if write and output is None:
        return FixOutcome(
            target.path,
            error=(
                f"{target.path}: Word documents are not rewritten in place; write a corrected "
                f"copy with: copydesk fix --output COPY.docx {target.path}"
            ),
        )
    try:
        raw = read_bytes(target.path, MAX_DOCX_BYTES)
    except ReadError as exc:
        return FixOutcome(target.path, error=str(exc))
    result = fix_docx(raw, target.path, target.config)
    from ..inputs.extract.docx import read_docx

    outcome = FixOutcome(target.path, edits=list(result.applied), error=result.error)
    for finding, reason in result.declined:
        outcome.notes.append(
            f"{target.path}: {finding.location}, column {finding.column}: not fixed "
            f"\u201c{finding.match}\u201d ({finding.rule}): {reason}; edit it in Word "
            f"(write instead: \u201c{finding.suggestions[0]}\u201d)"
        )
    if result.error:
        return outcome
    try:
        outcome.old = read_docx(raw, target.path).text
        outcome.new = read_docx(result.data, target.path).text if result.data else outcome.old
    except ReadError as exc:
        outcome.error = str(exc)
        return outcome
    if write and output is not None:  # always set when writing: checked at the top
        try:
            _check_output(target.path, output)
            outcome.notes += write_output(
                output,
                result.data if result.data is not None else raw,
                what="fixed copy",
                reads=[target.path],
                force=force,
            )
            outcome.written = output
        except (ReadError, OSError) as exc:
            outcome.error = str(exc) if isinstance(exc, ReadError) else f"{output}: {exc}"
    return outcome


def write_text(path: str, text: str, original=None) -> list[str]:
    """Write ``text`` back in the file's own encoding, atomically.

    ``original`` is the :class:`~linter.inputs.files.SourceFile` the edits were made on:
    the write is refused if the file changed on disk since then.
    """
    src = original if original is not None else read_source(path)
    return write_atomic(path, encode(text, src.encoding), expected=src.raw)


__all__ = ["FixOutcome", "apply_edits", "fix_file", "unified_diff", "write_text"]
