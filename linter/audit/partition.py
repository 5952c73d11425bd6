"""Run one partition where it is scheduled (a local worker or a Dask worker):
read its rows, check each article, write its Parquet files, return small counts.

Files are written under a temporary name and renamed, and the partition's
done-marker last, so an interrupted partition is simply run again.
"""

from __future__ import annotations

import json
import os
import time
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from ..base.config import Config
from ..engine import get_engine
from .article import PreferredWordings, audit_article
from .options import AuditOptions
from .sources import Partition, RawRow, read_rows

FINDING_FIELDS = (
    ("rule", "string"), ("pack", "string"), ("severity", "string"), ("message", "string"),
    ("why", "string"), ("sources", "list"), ("offset", "int"), ("end_offset", "int"),
    ("line", "int"), ("column", "int"), ("end_line", "int"), ("end_column", "int"),
    ("match", "string"), ("suggestions", "list"), ("fixable", "bool"), ("in_quote", "bool"),
    ("location", "string"), ("reading", "string"), ("reading_cue", "string"), ("silenced", "bool"),
)  # fmt: skip
TABLES = ("findings", "articles", "wordings", "rejects")


@lru_cache(maxsize=4)
def _wordings(config: Config) -> PreferredWordings:
    return PreferredWordings(get_engine(config))  # once per worker process, like the engine


def _arrow(kind: str):
    import pyarrow as pa

    return {"string": pa.string(), "int": pa.int64(), "bool": pa.bool_(), "list": pa.list_(pa.string())}[kind]


def schemas(options: AuditOptions) -> dict:
    import pyarrow as pa

    article = [("article_key", pa.int64()), ("article_id", pa.string()), ("source", pa.string()),
               ("period", pa.string()), ("story", pa.string())]  # fmt: skip
    article += [(name, pa.string()) for name in options.meta_names]
    return {
        "findings": pa.schema(
            article + [("rule_kind", pa.string())] + [(n, _arrow(k)) for n, k in FINDING_FIELDS]
        ),
        "articles": pa.schema(article + [("words", pa.int64()), ("findings", pa.int64())]),
        "wordings": pa.schema(
            article
            + [("rule", pa.string()), ("pack", pa.string()), ("wording", pa.string()), ("count", pa.int64())]
        ),  # fmt: skip
        "rejects": pa.schema(
            [
                ("source", pa.string()),
                ("article_id", pa.string()),
                ("reason", pa.string()),
                ("checked", pa.bool_()),
            ]
        ),  # fmt: skip
    }


def _scalar(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def period_of(value, period: str) -> str | None:
    """'2019' or '2019-05' from an ISO date string, a date, or a year number."""
    if isinstance(value, datetime | date):
        return f"{value.year:04d}" if period == "year" else f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value)
    if isinstance(value, str):
        text = value.strip()
        if len(text) >= 4 and text[:4].isdigit():
            if period == "month" and len(text) >= 7 and text[4] in "-/" and text[5:7].isdigit():
                if 1 <= int(text[5:7]) <= 12:
                    return f"{text[:4]}-{text[5:7]}"
                return None
            return text[:4]
    return None


def run_partition(part: Partition, options: AuditOptions, out_dir: str) -> dict:
    """Check one partition and write it; returns its counts (also written as its marker)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    began = time.perf_counter()
    engine = get_engine(options.config)
    wordings = _wordings(options.config)
    rules = {r.id: r for r in engine.all_rules}
    schema = schemas(options)
    cols: dict[str, dict[str, list]] = {t: {n: [] for n in schema[t].names} for t in TABLES}
    counts: dict[str, float] = {"articles": 0, "words": 0, "findings": 0, "rejected": 0}
    id_col, date_col = options.column("id"), options.column("date")
    meta_cols = [options.column(r) for r in ("date", "section", "author", "url")] + list(options.keep)

    def reject(row: RawRow, article_id, reason: str, checked: bool) -> None:
        for name, value in zip(schema["rejects"].names, (row.locator, article_id, reason, checked)):
            cols["rejects"][name].append(value)
        counts["rejected"] += not checked

    for number, row in enumerate(read_rows(part, options)):
        key = (part.index << 32) | number
        if row.values is None:
            reject(row, None, row.error or "unreadable", False)
            continue
        values = row.values
        draft = row.kind is not None
        raw_id = values.get("id" if draft else id_col)
        article_id = raw_id if isinstance(raw_id, str) and raw_id else None
        if isinstance(raw_id, int) and not isinstance(raw_id, bool):
            article_id = str(raw_id)
        article_id = article_id or row.locator
        text = values.get("text" if draft else options.text_column)
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8")
            except UnicodeDecodeError as exc:
                reject(
                    row, article_id, f"undecodable bytes in the text (not UTF-8 at byte {exc.start})", False
                )
                continue
        if text is None:
            reject(row, article_id, f"missing text (no {options.text_column!r} value)", False)
            continue
        if not isinstance(text, str):
            reject(row, article_id, f"text is a {type(text).__name__}, not a string", False)
            continue
        if raw_id is not None and article_id == row.locator and not draft:
            reject(row, article_id, f"id is a {type(raw_id).__name__}; the row's place is used", True)
        date_value = None if draft else values.get(date_col)
        period = period_of(date_value, options.period)
        if date_value is not None and period is None:
            reject(row, article_id, f"date {_scalar(date_value)!r} not understood", True)
        meta = [None] * len(meta_cols) if draft else [_scalar(values.get(c)) for c in meta_cols]
        try:
            result = audit_article(text, row.kind or options.kind, engine, wordings)
        except (RecursionError, MemoryError):
            reject(row, article_id, "too deeply nested or too large to check", False)
            continue
        head = [key, article_id, row.locator, period, result.story, *meta]
        for finding in result.findings:
            data = finding.to_dict()
            data["sources"] = [s.id for s in finding.sources]
            rule = rules.get(finding.rule)
            tail = [rule.kind if rule else "other"] + [data.get(n) for n, _ in FINDING_FIELDS]
            tail[-1] = bool(tail[-1])  # silenced is present only when true
            for name, value in zip(schema["findings"].names, head + tail):
                cols["findings"][name].append(value)
        for name, value in zip(schema["articles"].names, head + [result.words, len(result.findings)]):
            cols["articles"][name].append(value)
        for (rule_id, wording), n in sorted(result.wordings.items()):
            pack = rule_id.split(".", 1)[0]
            for name, value in zip(schema["wordings"].names, head + [rule_id, pack, wording, n]):
                cols["wordings"][name].append(value)
        counts["articles"] += 1
        counts["words"] += result.words
        counts["findings"] += len(result.findings)

    out = Path(out_dir)
    for table in TABLES:
        folder = out / table
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"part-{part.index:06d}.parquet"
        tmp = folder / f".part-{part.index:06d}.parquet.tmp"
        pq.write_table(pa.table(cols[table], schema=schema[table]), tmp)
        os.replace(tmp, target)
    counts["seconds"] = round(time.perf_counter() - began, 4)
    counts["partition"] = part.index
    mark_done(out, part.index, counts)
    return counts


def mark_done(out: Path, index: int, counts: dict) -> None:
    folder = out / "done"
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{index:06d}.json.tmp"
    tmp.write_text(json.dumps(counts), "utf-8")
    os.replace(tmp, folder / f"{index:06d}.json")
