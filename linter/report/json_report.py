"""The versioned JSON contract (docs/json-schema.md, docs/copydesk.schema.json)."""

from __future__ import annotations

import json

from . import summary

JSON_VERSION = 1


def suppression_dict(sup, source: str | None = None) -> dict:
    line = (source or "").count("\n", 0, sup.start) + 1
    return {
        "kind": sup.kind,
        "rules": list(sup.ids),
        "reason": sup.reason,
        "offset": sup.start,
        "line": line,
        "silenced": sup.used,
    }


def _dump(value, level: int) -> str:
    """``value`` as ``json.dumps(indent=2)`` prints it ``level`` levels deep. JSON text
    holds no raw newline (strings escape it), so re-indenting is a plain replace."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)


def _write_list(write, items, count: int, level: int) -> None:
    if not count:
        write("[]")
        return
    inner = "  " * (level + 1)
    write("[\n")
    chunk: list[str] = []
    for index, item in enumerate(items):
        chunk.append(inner + _dump(item, level + 1) + (",\n" if index < count - 1 else "\n"))
        if len(chunk) >= 512:  # bounded: a few hundred findings' text at a time
            write("".join(chunk))
            chunk.clear()
    write("".join(chunk) + "  " * level + "]")


def write_json(run, write) -> None:
    """Stream the JSON document to ``write``, one finding at a time.

    Byte for byte what ``json.dumps(doc, ensure_ascii=False, indent=2)`` of the
    whole document gives (tests/golden), without building it: 500k findings
    would otherwise hold every finding's dict and the whole text at once.
    """
    files = [r for r in run.results if not r.error]
    write('{\n  "version": ' + _dump(JSON_VERSION, 1) + ',\n  "files": ')
    if not files:
        write("[]")
    else:
        write("[\n")
        for index, r in enumerate(files):
            write('    {\n      "path": ' + _dump(r.path, 3) + ',\n      "findings": ')
            _write_list(write, (f.to_dict() for f in r.findings), len(r.findings), 3)
            write(',\n      "suppressions": ')
            _write_list(
                write, (suppression_dict(s, r.source) for s in r.suppressions), len(r.suppressions), 3
            )
            write("\n    }" + (",\n" if index < len(files) - 1 else "\n"))
        write("  ]")
    errors = [{"path": r.path, "message": r.error} for r in run.errors]
    write(',\n  "errors": ' + _dump(errors, 1) + ',\n  "summary": ' + _dump(summary(run), 1) + "\n}\n")


def render_json(run, *, statistics: bool = False) -> str:
    import io

    out = io.StringIO()
    write_json(run, out.write)
    return out.getvalue()
