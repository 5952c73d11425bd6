"""One audit from start to finish: plan, resume, run partitions, summarise, report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .execute import dask_client, run_dask, run_local
from .manifest import done_counts, open_run
from .options import AuditOptions
from .sources import plan


@dataclass
class AuditRun:
    out: Path
    partitions: int
    resumed: int  # partitions found done and skipped
    totals: dict  # articles, words, findings, rejected over every partition


def run_audit(
    source: str,
    out: Path,
    options: AuditOptions,
    *,
    jobs: int | None = None,
    dask: str | None = None,
    fresh: bool = False,
    progress: Callable[[int, int, dict | None], None] | None = None,
    html: bool = True,
) -> AuditRun:
    """``progress(done, total, counts)`` is called once at the start and after each partition."""
    from . import summary

    parts = plan(source, options)
    done = open_run(out, source, options, parts, fresh)
    todo = [p for p in parts if p.index not in done]
    if progress:
        progress(len(parts) - len(todo), len(parts), None)
    finished = len(parts) - len(todo)
    if dask:
        client, close = dask_client(dask)
        try:
            stream = run_dask(todo, options, str(out), client)
            for counts in stream:
                finished += 1
                if progress:
                    progress(finished, len(parts), counts)
        finally:
            close()
    else:
        for counts in run_local(todo, options, str(out), jobs):
            finished += 1
            if progress:
                progress(finished, len(parts), counts)
    totals = {"articles": 0, "words": 0, "findings": 0, "rejected": 0}
    for counts in done_counts(out):
        for key in totals:
            totals[key] += counts[key]
    summary.build(out, options, threads=jobs)
    if html:
        from .html import write_report

        write_report(out, options, totals)
    return AuditRun(out, len(parts), len(done), totals)
