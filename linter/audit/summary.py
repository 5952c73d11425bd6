"""Aggregate the partition datasets with DuckDB into summary tables (Parquet
in OUT/summary/). DuckDB streams the files and spills to disk, so this stays
within memory however large the archive; docs/audit.md lists queries."""

from __future__ import annotations

from pathlib import Path

from .options import AuditOptions

SUMMARY_TABLES = ("rules", "packs", "stories", "forms", "rejects")


def connect(out: Path, threads: int | None = None):
    """A DuckDB connection with views findings, articles, wordings, rejects over OUT."""
    import duckdb

    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    for table in ("findings", "articles", "wordings", "rejects"):
        glob = str(out / table / "part-*.parquet").replace("'", "''")
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{glob}')")
    return con


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _by_dimension(table: str, columns: str, dims: tuple[str, ...]) -> str:
    parts = [f"SELECT {columns}, 'all' AS dimension, 'all' AS value FROM {table}"]
    for dim in dims:
        parts.append(
            f"SELECT {columns}, '{dim}' AS dimension, COALESCE(CAST({_q(dim)} AS VARCHAR), '(none)') AS value FROM {table}"
        )
    return " UNION ALL ".join(parts)


def build(out: Path, options: AuditOptions, threads: int | None = None) -> None:
    (out / "summary").mkdir(parents=True, exist_ok=True)
    con = connect(out, threads)
    dims = tuple(options.group_by)
    con.execute(
        "CREATE TEMP VIEW f AS "
        + _by_dimension("findings", "period, pack, rule, rule_kind, in_quote, silenced, article_key", dims)
    )
    con.execute("CREATE TEMP VIEW a AS " + _by_dimension("articles", "period, words, story", dims))
    con.execute("CREATE TEMP VIEW w AS " + _by_dimension("wordings", "period, pack, rule, count", dims))
    # The denominators: words and articles in each period and group.
    con.execute(
        "CREATE TEMP TABLE totals AS SELECT period, dimension, value, CAST(SUM(words) AS BIGINT) AS words, "
        "COUNT(*) AS articles FROM a GROUP BY ALL"
    )
    for level, keys in (("rules", "pack, rule"), ("packs", "pack")):
        kind = ", ANY_VALUE(rule_kind) AS rule_kind" if level == "rules" else ""
        con.execute(f"""
            CREATE TEMP TABLE {level}_found AS
            SELECT period, dimension, value, {keys}{kind},
                   COUNT(*) FILTER (WHERE NOT in_quote AND NOT silenced) AS narrative,
                   COUNT(*) FILTER (WHERE in_quote AND NOT silenced) AS quoted,
                   COUNT(*) FILTER (WHERE silenced) AS silenced,
                   COUNT(DISTINCT article_key) FILTER (WHERE NOT silenced) AS articles_flagged
            FROM f GROUP BY ALL""")
        con.execute(f"""
            CREATE TEMP TABLE {level}_pref AS
            SELECT period, dimension, value, {keys}, CAST(SUM(count) AS BIGINT) AS preferred FROM w GROUP BY ALL""")
        join = " AND ".join(
            f"x.{k} IS NOT DISTINCT FROM y.{k}" for k in ("period", "dimension", "value", *keys.split(", "))
        )
        pick = ", ".join(
            f"COALESCE(x.{k}, y.{k}) AS {k}" for k in ("period", "dimension", "value", *keys.split(", "))
        )
        kind_col = "x.rule_kind, " if level == "rules" else ""
        target = str(out / "summary" / f"{level}.parquet").replace("'", "''")
        con.execute(f"""
            COPY (
              SELECT m.*, t.words, t.articles,
                     ROUND(10000.0 * (m.narrative + m.quoted) / NULLIF(t.words, 0), 3) AS rate_per_10k,
                     ROUND(10000.0 * m.preferred / NULLIF(t.words, 0), 3) AS preferred_per_10k
              FROM (
                SELECT {pick}, {kind_col}
                       COALESCE(x.narrative, 0) AS narrative, COALESCE(x.quoted, 0) AS quoted,
                       COALESCE(x.silenced, 0) AS silenced, COALESCE(x.articles_flagged, 0) AS articles_flagged,
                       COALESCE(y.preferred, 0) AS preferred
                FROM {level}_found x FULL OUTER JOIN {level}_pref y ON {join}
              ) m
              JOIN totals t ON m.period IS NOT DISTINCT FROM t.period AND m.dimension = t.dimension
                           AND m.value = t.value
              ORDER BY ALL
            ) TO '{target}' (FORMAT parquet)""")
    for name, query in (
        (
            "stories",
            "SELECT period, COALESCE(story, '(none)') AS story, COUNT(*) AS articles, "
            "ROUND(COUNT(*) * 1.0 / SUM(COUNT(*)) OVER (PARTITION BY period), 4) AS share "
            "FROM articles GROUP BY 1, 2 ORDER BY 1, 2",
        ),
        (
            "forms",
            "SELECT rule, lower(match) AS form, "
            "COUNT(*) FILTER (WHERE NOT in_quote AND NOT silenced) AS narrative, "
            "COUNT(*) FILTER (WHERE in_quote AND NOT silenced) AS quoted, "
            "COUNT(*) FILTER (WHERE silenced) AS silenced, COUNT(*) AS total "
            "FROM findings WHERE rule_kind <> 'document' GROUP BY ALL ORDER BY total DESC, rule, form",
        ),
        ("rejects", "SELECT * FROM rejects ORDER BY source"),
    ):
        target = str(out / "summary" / f"{name}.parquet").replace("'", "''")
        con.execute(f"COPY ({query}) TO '{target}' (FORMAT parquet)")
    con.close()


REJECTS_SHOWN = 1000


def load(out: Path) -> dict:
    """The summary tables as lists of dicts (small: one row per rule and group;
    the first REJECTS_SHOWN bad rows, with ``rejects_total`` counting all)."""
    import duckdb

    con = duckdb.connect()
    tables: dict = {}
    for name in SUMMARY_TABLES:
        path = str(out / "summary" / f"{name}.parquet").replace("'", "''")
        if name == "rejects":
            tables["rejects_total"] = con.execute(f"SELECT COUNT(*) FROM read_parquet('{path}')").fetchall()[
                0
            ][0]
        limit = f" LIMIT {REJECTS_SHOWN}" if name == "rejects" else ""
        rel = con.execute(f"SELECT * FROM read_parquet('{path}'){limit}")
        names = [d[0] for d in rel.description]
        tables[name] = [dict(zip(names, row)) for row in rel.fetchall()]
    con.close()
    return tables
