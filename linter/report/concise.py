"""One line per finding: ``path:line:col: severity rule message [-> suggestion]``."""

from __future__ import annotations

from . import summary


def finding_line(path: str, f) -> str:
    note = " (in quote)" if f.in_quote else ""
    line = f"{path}:{f.line}:{f.column}: {f.severity} {f.rule}{note} {f.message}"
    if f.suggestions:
        line += f" -> {' '.join(f.suggestions[0].split())}"  # a kept line break shown as a space
    return line


def statistics_lines(run) -> list[str]:
    s = summary(run)
    lines = [
        f"{count:6d}  {rule}" for rule, count in sorted(s["by_rule"].items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    for result in run.results:
        for sup in result.suppressions:
            ids = ", ".join(sup.ids) or "all rules"
            reason = sup.reason or "no reason given"
            lines.append(f"suppressed {sup.used}x at {result.path}: {ids} -- {reason}")
    return lines


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary_line(run) -> str:
    """The closing line, as ruff ends its report: findings by severity, files, fixes."""
    s = summary(run)
    files = _plural(s["files"], "file")
    if not s["findings"]:
        return f"No findings in {files}."
    counts = ", ".join(_plural(n, sev) for sev, n in s["by_severity"].items() if n)
    fixable = sum(1 for r in run.results for f in r.findings if f.fixable)
    line = f"Found {_plural(s['findings'], 'finding')} ({counts}) in {s['files_with_findings']} of {files}."
    if fixable:
        line += f" `copydesk fix` can apply {fixable}."
    return line


def render_concise(run, *, statistics: bool = False) -> str:
    lines = [finding_line(r.path, f) for r in run.results for f in r.findings]
    if statistics:
        lines.extend(statistics_lines(run))
    if any(r.findings for r in run.results):  # a clean run stays silent (pre-commit hooks)
        lines.append(summary_line(run))
    return "\n".join(lines) + ("\n" if lines else "")
