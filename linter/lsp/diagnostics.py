"""Findings as LSP diagnostics: severity, rule id as code, a link to the rule's
entry in docs/rules.md, and the why and the primary source in the message."""

from __future__ import annotations

from functools import lru_cache

from lsprotocol import types

from ..base.model import Finding, Severity
from .checking import Checked, Problem
from .positions import PositionMap

# docs/rules.md as published; a newsroom may point editors at its own copy
# (initialization option ``docsUrl``).
DOCS_URL = "https://github.com/copydesk/copydesk/blob/main/docs/rules.md"
SOURCE = "copydesk"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.SUGGESTION: types.DiagnosticSeverity.Information,
    Severity.NOTE: types.DiagnosticSeverity.Hint,
}


def lsp_severity(finding: Finding) -> types.DiagnosticSeverity:
    """Notes are hints, except a note on a direct quote: the reporter should see
    that one (Information), though quoted words are never rewritten."""
    if finding.severity == Severity.NOTE and finding.in_quote:
        return types.DiagnosticSeverity.Information
    return _SEVERITY[finding.severity]


@lru_cache(maxsize=1)
def _builtin_packs() -> frozenset[str]:
    from ..packs import load_packs

    return frozenset(p.id for p in load_packs((), builtin=True, examples=False))


def rule_link(finding: Finding, docs_url: str = DOCS_URL) -> str | None:
    """The rule's entry in the rules reference; a house rule (not in it) links
    to its primary source instead."""
    if finding.pack in _builtin_packs():
        from ..packs.docs import heading_anchor

        return f"{docs_url}#{heading_anchor(finding.rule)}"
    return finding.sources[0].url if finding.sources else None


def source_line(finding: Finding) -> str | None:
    if not finding.sources:
        return None
    s = finding.sources[0]
    return f"{s.publisher_name}, \u201c{s.title}\u201d ({s.year}) {s.url}"


def message_of(finding: Finding) -> str:
    lines = [finding.message]
    if finding.why:
        lines.append(f"Why: {finding.why}")
    source = source_line(finding)
    if source:
        lines.append(f"Source: {source}")
    if finding.suggestions and not finding.in_quote:
        lines.append("Write instead: " + "; ".join(f"\u201c{s}\u201d" for s in finding.suggestions))
    return "\n".join(lines)


def to_diagnostic(finding: Finding, positions: PositionMap, docs_url: str = DOCS_URL) -> types.Diagnostic:
    (sl, sc), (el, ec) = positions.range(finding.offset, finding.end_offset)
    link = rule_link(finding, docs_url)
    return types.Diagnostic(
        range=types.Range(types.Position(sl, sc), types.Position(el, ec)),
        message=message_of(finding),
        severity=lsp_severity(finding),
        code=finding.rule,
        code_description=types.CodeDescription(href=link) if link else None,
        source=SOURCE,
        data={"rule": finding.rule, "fixable": finding.fixable},
    )


def problem_diagnostic(problem: Problem, positions: PositionMap) -> types.Diagnostic:
    (sl, sc), (el, ec) = positions.range(problem.start, problem.end)
    return types.Diagnostic(
        range=types.Range(types.Position(sl, sc), types.Position(el, ec)),
        message=problem.message,
        severity=types.DiagnosticSeverity.Error,
        code=problem.code,
        source=SOURCE,
    )


def diagnostics(checked: Checked, positions: PositionMap, docs_url: str = DOCS_URL) -> list[types.Diagnostic]:
    return [problem_diagnostic(p, positions) for p in checked.problems] + [
        to_diagnostic(f, positions, docs_url) for f in checked.findings
    ]
