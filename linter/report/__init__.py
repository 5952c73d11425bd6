"""Reporters: turn a Run into text. Each format lives in its own module."""

from __future__ import annotations

from collections import Counter

from ..base.model import Severity

FORMATS = ("rich", "concise", "json", "sarif", "github")


def summary(run) -> dict:
    """Counts shared by every format's closing summary."""
    by_severity: Counter = Counter()
    by_pack: Counter = Counter()
    by_rule: Counter = Counter()
    for result in run.results:
        for f in result.findings:
            by_severity[str(f.severity)] += 1
            by_pack[f.pack] += 1
            by_rule[f.rule] += 1
    return {
        "files": len(run.results),
        "files_with_findings": sum(1 for r in run.results if r.findings),
        "findings": sum(by_severity.values()),
        "by_severity": {str(s): by_severity.get(str(s), 0) for s in sorted(Severity, reverse=True)},
        "by_pack": dict(sorted(by_pack.items())),
        "by_rule": dict(sorted(by_rule.items())),
        "errors": len(run.errors),
    }


def write_report(run, fmt: str, stream, **options) -> None:
    """Render to ``stream``; JSON is streamed so memory does not grow with the findings."""
    if fmt == "json":
        from .json_report import write_json

        write_json(run, stream.write)
        return
    stream.write(render(run, fmt, **options))


def render(run, fmt: str, *, color: bool = False, width: int = 80, statistics: bool = False) -> str:
    if fmt == "json":
        from .json_report import render_json

        return render_json(run, statistics=statistics)
    if fmt == "sarif":
        from .sarif import render_sarif

        return render_sarif(run)
    # Text formats go to terminals: draft text there must not drive the terminal.
    from .terminal import printable_run

    run = printable_run(run)
    if fmt == "github":
        from .github import render_github

        return render_github(run)
    if fmt == "rich":
        from .rich_report import render_rich

        return render_rich(run, color=color, width=width, statistics=statistics)
    from .concise import render_concise

    return render_concise(run, statistics=statistics)
