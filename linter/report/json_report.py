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


def render_json(run, *, statistics: bool = False) -> str:
    doc = {
        "version": JSON_VERSION,
        "files": [
            {
                "path": r.path,
                "findings": [f.to_dict() for f in r.findings],
                "suppressions": [suppression_dict(s, r.source) for s in r.suppressions],
            }
            for r in run.results
            if not r.error
        ],
        "errors": [{"path": r.path, "message": r.error} for r in run.errors],
        "summary": summary(run),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
