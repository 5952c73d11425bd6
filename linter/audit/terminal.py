"""The terminal summary of a finished audit, and its progress bar (rich)."""

from __future__ import annotations

from collections import defaultdict

from ..report.terminal import printable
from .summary import load


def safe(text) -> str:
    """Archive text is data: no control characters, no rich markup."""
    from rich.markup import escape

    return escape(printable(str(text)) or "")


class Progress:
    """A rich progress bar over partitions, with articles and words so far."""

    def __init__(self, console):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(
            TextColumn("auditing"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[info]}"),
            TimeRemainingColumn(), console=console, transient=True,
        )  # fmt: skip
        self.task = None
        self.articles = self.words = 0

    def __enter__(self):
        self.bar.__enter__()
        return self

    def __exit__(self, *exc):
        return self.bar.__exit__(*exc)

    def __call__(self, done: int, total: int, counts: dict | None) -> None:
        if self.task is None:
            self.task = self.bar.add_task("audit", total=total, completed=done, info="")
        if counts:
            self.articles += counts["articles"]
            self.words += counts["words"]
        self.bar.update(self.task, completed=done, info=f"{self.articles:,} articles, {self.words:,} words")


def print_summary(console, run, top: int = 15) -> None:
    from rich.table import Table

    tables = load(run.out)
    t = run.totals
    console.print(
        f"[bold]{t['articles']:,}[/] articles, {t['words']:,} words, {t['findings']:,} findings; "
        f"{t['rejected']:,} bad rows not checked ({run.partitions} partitions, {run.resumed} already done)"
    )
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for r in tables["rules"]:
        if r["dimension"] == "all":
            row = totals[r["rule"]]
            for i, key in enumerate(("narrative", "quoted", "silenced", "preferred")):
                row[i] += r[key]
    words = t["words"] or 1
    grid = Table(title="Top rules", show_edge=False)
    grid.add_column("rule", no_wrap=True, overflow="ellipsis", max_width=24)
    for name in ("narrative", "quoted", "silenced", "per 10k", "preferred"):
        grid.add_column(name, justify="right", no_wrap=True, min_width=len(name))
    ranked = sorted(totals.items(), key=lambda kv: (-(kv[1][0] + kv[1][1] + kv[1][2]), kv[0]))[:top]
    for rule, (narr, quoted, silenced, pref) in ranked:
        grid.add_row(
            safe(rule),
            f"{narr:,}",
            f"{quoted:,}",
            f"{silenced:,}",
            f"{10000 * (narr + quoted) / words:.2f}",
            f"{pref:,}",
        )
    console.print(grid)
    if tables["rejects"]:
        console.print(f"{tables['rejects_total']:,} bad or doubtful rows; the first:")
        for r in tables["rejects"][:5]:
            console.print(f"  {safe(r['source'])}: {safe(r['reason'])}")
    console.print(f"report: {safe(run.out / 'report.html')}   data: {safe(run.out)}/findings/, summary/")
