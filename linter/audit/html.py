"""The self-contained HTML report: inline CSS and SVG charts, no script, no
network. Built from the DuckDB summary tables only."""

from __future__ import annotations

import os
from collections import defaultdict
from html import escape
from pathlib import Path

from .options import AuditOptions
from .summary import load
from .svg import line_chart, stacked_bars

CSS = """body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:980px;color:#222}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0}td,th{padding:2px 10px;border-bottom:1px solid #eee;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.muted{color:#666}svg{max-width:100%;height:auto}"""


def _table(head: list[str], rows: list[list], numeric: set[int] = frozenset()) -> str:  # type: ignore[assignment]
    out = ["<table><tr>", *(f"<th>{escape(h)}</th>" for h in head), "</tr>"]
    for row in rows:
        out.append("<tr>")
        for i, value in enumerate(row):
            cls = ' class="n"' if i in numeric else ""
            out.append(
                f"<td{cls}>{escape('' if value is None else f'{value:,}' if isinstance(value, int) else str(value))}</td>"
            )
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def render(tables: dict, options: AuditOptions, totals: dict) -> str:
    rules = [r for r in tables["rules"] if r["dimension"] == "all"]
    packs = [r for r in tables["packs"] if r["dimension"] == "all"]
    periods = sorted(
        {r["period"] or "(no date)" for r in packs} | {r["period"] or "(no date)" for r in tables["stories"]}
    )
    body = [f"<h1>copydesk audit</h1><p>{totals['articles']:,} articles, {totals['words']:,} words, "
            f"{totals['findings']:,} findings (narrative, quoted and silenced by a reading); "
            f"{tables['rejects_total']:,} rows listed as bad or doubtful. Periods by {escape(options.period)}.</p>"]  # fmt: skip

    # Rate per period per pack (narrative + quoted per 10,000 words).
    by_pack: dict[str, dict[str, float]] = defaultdict(dict)
    for r in packs:
        by_pack[r["pack"]][r["period"] or "(no date)"] = r["rate_per_10k"] or 0.0
    top_packs = sorted(by_pack, key=lambda p: -sum(by_pack[p].values()))[:10]
    series = {p: [by_pack[p].get(x, 0.0) for x in periods] for p in top_packs}
    body.append("<h2>Rate per period, by pack</h2>")
    body.append(
        line_chart(periods, series, f"Findings per 10,000 words, by {options.period}", "per 10,000 words")
    )

    # Top rules, narrative vs quote vs silenced.
    rule_totals: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0])
    for r in rules:
        for i, key in enumerate(("narrative", "quoted", "silenced")):
            rule_totals[r["rule"]][i] += r[key]
    top = sorted(rule_totals.items(), key=lambda kv: (-sum(kv[1]), kv[0]))[:20]
    body.append("<h2>Top rules</h2>")
    body.append(stacked_bars(top, ["narrative", "in quotes", "silenced by a reading"], "Findings per rule"))
    pack_totals: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0])
    for r in packs:
        for i, key in enumerate(("narrative", "quoted", "silenced")):
            pack_totals[r["pack"]][i] += r[key]
    body.append("<h2>Narrative and quote share, by pack</h2>")
    shares = sorted(pack_totals.items(), key=lambda kv: -sum(kv[1]))
    body.append(
        stacked_bars(
            shares, ["narrative", "in quotes", "silenced by a reading"], "Share of findings", share=True
        )
    )

    # The preferred wording beside the flagged one, for the most-flagged rules that name one.
    with_pref = [name for name, _ in top if any(r["rule"] == name and r["preferred"] for r in rules)][:4]
    if with_pref:
        body.append("<h2>Flagged wording and preferred wording</h2>")
        for name in with_pref:
            flagged = {
                r["period"] or "(no date)": r["rate_per_10k"] or 0.0 for r in rules if r["rule"] == name
            }
            preferred = {
                r["period"] or "(no date)": r["preferred_per_10k"] or 0.0 for r in rules if r["rule"] == name
            }
            body.append(line_chart(periods, {"flagged": [flagged.get(x, 0.0) for x in periods],
                                             "preferred": [preferred.get(x, 0.0) for x in periods]},
                                   name, "per 10,000 words"))  # fmt: skip

    # Story types.
    story_rows: dict[str, dict[str, float]] = defaultdict(dict)
    stories = sorted({r["story"] for r in tables["stories"]})
    for r in tables["stories"]:
        story_rows[r["period"] or "(no date)"][r["story"]] = r["articles"]
    body.append("<h2>Story types</h2>")
    body.append(stacked_bars([(p, [story_rows[p].get(s, 0) for s in stories]) for p in periods], stories,
                             "Share of articles by story type", share=True))  # fmt: skip

    # Article-level checks count articles.
    docs = [r for r in rules if r.get("rule_kind") == "document"]
    if docs:
        body.append("<h2>Article-level checks</h2>")
        body.append(_table(["rule", "period", "articles flagged", "articles"],
                           [[r["rule"], r["period"], r["articles_flagged"], r["articles"]] for r in docs], {2, 3}))  # fmt: skip

    for dim in options.group_by:
        rows = sorted(
            (r for r in tables["packs"] if r["dimension"] == dim), key=lambda r: -(r["rate_per_10k"] or 0)
        )[:30]
        body.append(f"<h2>By {escape(dim)}</h2>")
        body.append(_table([dim, "period", "pack", "narrative", "quoted", "silenced", "per 10k words"],
                           [[r["value"], r["period"], r["pack"], r["narrative"], r["quoted"], r["silenced"],
                             r["rate_per_10k"]] for r in rows], {3, 4, 5, 6}))  # fmt: skip

    body.append("<h2>Top matched forms</h2>")
    body.append(_table(["rule", "form", "narrative", "quoted", "silenced"],
                       [[r["rule"], r["form"], r["narrative"], r["quoted"], r["silenced"]] for r in tables["forms"][:40]],
                       {2, 3, 4}))  # fmt: skip

    body.append("<h2>Bad and doubtful rows</h2>")
    if tables["rejects"]:
        shown = len(tables["rejects"])
        more = (
            f" (first {shown:,} of {tables['rejects_total']:,}; all are in rejects/)"
            if shown < tables["rejects_total"]
            else ""
        )
        body.append(
            f'<p class="muted">Rows not checked, or checked with a value that could not be used{more}.</p>'
        )
        body.append(_table(["where", "id", "reason", "checked"],
                           [[r["source"], r["article_id"], r["reason"], "yes" if r["checked"] else "no"] for r in tables["rejects"]]))  # fmt: skip
    else:
        body.append("<p>None.</p>")
    return f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>copydesk audit</title><style>{CSS}</style></head><body>{"".join(body)}</body></html>\n'


def write_report(out: Path, options: AuditOptions, totals: dict) -> Path:
    target = out / "report.html"
    tmp = out / ".report.html.tmp"
    tmp.write_text(render(load(out), options, totals), "utf-8")
    os.replace(tmp, target)
    return target
