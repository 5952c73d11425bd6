"""SARIF 2.1.0 for code-scanning dashboards: rules, results, regions and fixes."""

from __future__ import annotations

import json
from pathlib import Path

from ..base.version import __version__

LEVELS = {"error": "error", "warning": "warning", "suggestion": "note", "note": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/copydesk/copydesk"


def _uri(path: str) -> str:
    """A URI reference: relative paths percent-encoded ("my draft.md" -> "my%20draft.md")."""
    from urllib.parse import quote

    p = Path(path)
    return quote(p.as_posix(), safe="/") if not p.is_absolute() else p.as_uri()


def _rule_descriptor(f) -> dict:
    source = f.sources[0] if f.sources else None
    descriptor = {
        "id": f.rule,
        "name": "".join(part.capitalize() for part in f.rule.replace(".", "-").split("-")),
        "shortDescription": {"text": f.message if not f.in_quote else f.rule},
        "fullDescription": {"text": f.why},
        "defaultConfiguration": {"level": LEVELS[str(f.severity)]},
        "properties": {"pack": f.pack, "sources": [s.url for s in f.sources]},
    }
    if source:
        descriptor["helpUri"] = source.url
    return descriptor


def _rule_descriptors(run) -> tuple[list[dict], dict[str, int]]:
    """One descriptor per reported rule, described from the engine's rule data."""
    from ..engine import get_engine

    seen: dict[str, int] = {}
    descriptors: list[dict] = []
    for result in run.results:
        for f in result.findings:
            if f.rule in seen:
                continue
            rule = None
            if result.config is not None:
                rule = next((r for r in get_engine(result.config).all_rules if r.id == f.rule), None)
            d = _rule_descriptor(f)
            if rule is not None:
                d["shortDescription"] = {
                    "text": rule.message.replace("{match}", rule.phrases[0][0] if rule.phrases else "this")
                }
                d["defaultConfiguration"] = {"level": LEVELS[str(rule.severity)]}
            seen[f.rule] = len(descriptors)
            descriptors.append(d)
    return descriptors, seen


def render_sarif(run) -> str:
    descriptors, index = _rule_descriptors(run)
    results = []
    for result in run.results:
        uri = _uri(result.path)
        for f in result.findings:
            region = {
                "startLine": f.line,
                "startColumn": f.column,
                "endLine": f.end_line,
                "endColumn": f.end_column,
                "charOffset": f.offset,
                "charLength": f.end_offset - f.offset,
            }
            item = {
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": LEVELS[str(f.severity)],
                "message": {
                    "text": f.message
                    + (f" Write instead: {' '.join(f.suggestions[0].split())}." if f.suggestions else "")
                },
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
                "properties": {"inQuote": f.in_quote, "suggestions": list(f.suggestions)},
            }
            if f.fixable:
                item["fixes"] = [
                    {
                        "description": {"text": f"Replace with \u201c{f.suggestions[0]}\u201d"},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": uri},
                                "replacements": [
                                    {"deletedRegion": region, "insertedContent": {"text": f.suggestions[0]}}
                                ],
                            }
                        ],
                    }
                ]
            results.append(item)
    notifications = [{"level": "error", "message": {"text": r.error}} for r in run.errors]
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "copydesk",
                        "version": __version__,
                        "informationUri": INFO_URI,
                        "rules": descriptors,
                    }
                },
                "results": results,
                "invocations": [
                    {"executionSuccessful": not run.errors, "toolExecutionNotifications": notifications}
                ],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
