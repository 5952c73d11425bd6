"""GitHub Actions workflow commands: one annotation per finding."""

from __future__ import annotations

LEVELS = {"error": "error", "warning": "warning", "suggestion": "notice", "note": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(run) -> str:
    lines = []
    for result in run.results:
        for f in result.findings:
            message = f.message + (
                f" Write instead: {' '.join(f.suggestions[0].split())}" if f.suggestions else ""
            )
            props = (
                f"file={_escape_property(result.path)},line={f.line},col={f.column},"
                f"endLine={f.end_line},endColumn={f.end_column},title={_escape_property(f.rule)}"
            )
            lines.append(f"::{LEVELS[str(f.severity)]} {props}::{_escape_data(message)}")
    for result in run.errors:
        lines.append(f"::error file={_escape_property(result.path)}::{_escape_data(result.error)}")
    return "\n".join(lines) + ("\n" if lines else "")
