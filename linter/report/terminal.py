"""Draft text is data, never terminal control: before a text report is drawn,
every control character in the draft (ESC, BEL, C1 codes...) becomes its
visible Unicode picture (␛, ␇) or U+FFFD. One character for one keeps every
offset, so highlights still land on the matched words."""

from __future__ import annotations

import copy
import re
from dataclasses import replace

# C0 controls but tab and newline; DEL; C1 controls; a carriage return not ending a line.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]|\r(?!\n)")


def _picture(m: re.Match) -> str:
    ch = m.group()
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def printable(text: str | None) -> str | None:
    return _CONTROL.sub(_picture, text) if text and _CONTROL.search(text) else text


def printable_run(run):
    """A copy of ``run`` whose paths, sources and findings carry no control characters."""
    out = copy.copy(run)
    out.results = []
    for r in run.results:
        c = copy.copy(r)
        c.path, c.source, c.error = printable(r.path), printable(r.source), printable(r.error)
        c.findings = [_printable_finding(f) for f in r.findings]
        out.results.append(c)
    out.skipped = [printable(s) for s in run.skipped]
    return out


def _printable_finding(f):
    """The finding itself when its text is clean (the common case: no copy)."""
    texts = (f.message, f.match, f.why, *f.suggestions)
    if not any(_CONTROL.search(s) for s in texts if s):
        return f
    return replace(
        f,
        message=printable(f.message),
        match=printable(f.match),
        why=printable(f.why),
        suggestions=tuple(printable(s) for s in f.suggestions),
    )
