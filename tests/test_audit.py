"""`copydesk audit`: real files in, Parquet out, read back with DuckDB; a real Dask
LocalCluster gives the same datasets as the local process pool; bad rows are
listed, never fatal; an interrupted run resumes per partition."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("dask")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
duckdb = pytest.importorskip("duckdb")

from typer.testing import CliRunner  # noqa: E402

from linter.audit.job import run_audit  # noqa: E402
from linter.audit.options import AuditOptions  # noqa: E402
from linter.base.config import Config  # noqa: E402
from linter.cli import app  # noqa: E402

STORIES = [
    ("The singer committed suicide in 2019, the coroner said.", "culture"),
    ("\u201cHe committed suicide,\u201d his brother said. Friends said he died by suicide.", "news"),
    ("Her son, who is wheelchair-bound, joined the protest outside the council.", "news"),
    ("The council approved the budget for the new library on Tuesday.", "politics"),
    ("She suffers from dementia, her family said, and the addict was arrested.", "news"),
]


def _rows(n: int) -> list[dict]:
    rows = []
    for i in range(n):
        text, section = STORIES[i % len(STORIES)]
        rows.append(
            {"id": f"a{i}", "text": text, "date": f"{2015 + i % 4}-0{1 + i % 9}-01", "section": section}
        )
    return rows


def _jsonl(path: Path, rows: list[dict], extra: bytes = b"") -> Path:
    path.write_bytes(b"".join(json.dumps(r).encode() + b"\n" for r in rows) + extra)
    return path


def _table(out: Path, name: str) -> list[tuple]:
    con = duckdb.connect()
    rel = con.execute(f"SELECT * FROM read_parquet('{out}/{name}/part-*.parquet') ORDER BY ALL")
    return rel.fetchall()


def _options(**kw) -> AuditOptions:
    return AuditOptions(Config(show_silenced=True), partition_rows=kw.pop("partition_rows", 7), **kw)


def test_jsonl_with_bad_rows_gives_parquet_duckdb_reads(tmp_path):
    bad = (
        b'{"id": "no-text", "date": "2019"}\n'
        b'{"id": "num", "text": 42}\n'
        b"{not json\n"
        b'{"id": "bytes", "text": "caf\xe9 committed suicide"}\n'
        b"[1, 2]\n"
        b'{"id": "odd-date", "text": "He committed suicide.", "date": "last week"}\n'
    )
    source = _jsonl(tmp_path / "archive.jsonl", _rows(20), bad)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["audit", str(source), "--out", str(out), "--partition-rows", "6", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    con = duckdb.connect()
    findings = con.execute(f"SELECT * FROM read_parquet('{out}/findings/*.parquet')")
    names = [d[0] for d in findings.description]
    # Named as in the JSON findings, plus the article and its metadata.
    for key in (
        "rule",
        "pack",
        "severity",
        "message",
        "match",
        "in_quote",
        "offset",
        "suggestions",
        "silenced",
    ):
        assert key in names
    for key in ("article_id", "period", "section", "story"):
        assert key in names
    by_quote = dict(
        con.execute(
            f"SELECT in_quote, COUNT(*) FROM read_parquet('{out}/findings/*.parquet') "
            "WHERE rule = 'suicide.commit-suicide' GROUP BY ALL"
        ).fetchall()
    )
    # 20 rows: stories 0 and 1 four times each, plus the row with an odd date (narrative).
    assert by_quote == {False: 5, True: 4}
    rejects = con.execute(
        f"SELECT source, article_id, reason, checked FROM read_parquet('{out}/summary/rejects.parquet')"
    ).fetchall()
    reasons = {r[0].rsplit(":", 1)[1]: (r[1], r[2], r[3]) for r in rejects}
    assert reasons["21"][0] == "no-text" and "missing text" in reasons["21"][1]
    assert reasons["22"][0] == "num" and "int" in reasons["22"][1]
    assert "not JSON" in reasons["23"][1]
    assert "undecodable" in reasons["24"][1]
    assert "not an object" in reasons["25"][1]
    assert reasons["26"] == ("odd-date", "date 'last week' not understood", True)
    # Checked rows: 20 good plus the one with an odd date; the other five are listed and skipped.
    assert con.execute(f"SELECT COUNT(*) FROM read_parquet('{out}/articles/*.parquet')").fetchone()[0] == 21
    rate = con.execute(
        f"SELECT narrative, quoted, words, rate_per_10k, preferred FROM read_parquet('{out}/summary/rules.parquet') "
        "WHERE rule = 'suicide.commit-suicide' AND dimension = 'all' AND period = '2015'"
    ).fetchone()
    words_2015 = sum(len(r["text"].split()) for r in _rows(20) if r["date"].startswith("2015"))
    assert rate[2] == words_2015
    assert rate[3] == round(10000 * (rate[0] + rate[1]) / words_2015, 3)
    assert "bad or doubtful rows" in result.output


def _parquet(path: Path, rows: list[dict], group: int) -> Path:
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=group)
    return path


def test_local_pool_and_dask_cluster_give_the_same_datasets(tmp_path):
    source = _parquet(tmp_path / "archive.parquet", _rows(60), 8)
    options = _options(group_by=("section",))
    local = run_audit(str(source), tmp_path / "local", options, jobs=2)
    cluster = run_audit(str(source), tmp_path / "dask", options, dask="local[2]")
    assert local.partitions == cluster.partitions == 8
    assert local.totals == cluster.totals and local.totals["articles"] == 60
    for name in ("findings", "articles", "wordings", "rejects"):
        assert _table(tmp_path / "local", name) == _table(tmp_path / "dask", name)
    for name in ("rules", "packs", "stories", "forms"):
        assert pq.read_table(tmp_path / "local" / "summary" / f"{name}.parquet").equals(
            pq.read_table(tmp_path / "dask" / "summary" / f"{name}.parquet")
        )
    assert _table(tmp_path / "local", "findings"), "the archive has findings"


def test_an_interrupted_run_resumes_per_partition(tmp_path):
    source = _jsonl(tmp_path / "a.jsonl", _rows(40))
    options = _options()
    calls: list[int] = []

    def stop_after_two(done, total, counts):
        calls.append(done)
        if counts and len(calls) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_audit(str(source), tmp_path / "out", options, jobs=1, progress=stop_after_two)
    assert len(list((tmp_path / "out" / "done").glob("*.json"))) == 2
    resumed = run_audit(str(source), tmp_path / "out", options, jobs=1)
    assert resumed.resumed == 2 and resumed.partitions == 6
    whole = run_audit(str(source), tmp_path / "whole", options, jobs=1)
    for name in ("findings", "articles", "wordings"):
        assert _table(tmp_path / "out", name) == _table(tmp_path / "whole", name)
    assert resumed.totals == whole.totals


def test_resuming_with_other_options_is_refused(tmp_path):
    source = _jsonl(tmp_path / "a.jsonl", _rows(5))
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(app, ["audit", str(source), "-o", str(out), "-j", "1"]).exit_code == 0
    result = runner.invoke(app, ["audit", str(source), "-o", str(out), "-j", "1", "--period", "month"])
    assert result.exit_code == 2 and "--fresh" in result.output
    result = runner.invoke(
        app, ["audit", str(source), "-o", str(out), "-j", "1", "--period", "month", "--fresh"]
    )
    assert result.exit_code == 0, result.output
    periods = duckdb.sql(f"SELECT DISTINCT period FROM '{out}/articles/*.parquet' ORDER BY 1").fetchall()
    assert periods[0] == ("2015-01",)


def test_a_tree_of_drafts_and_the_html_report(tmp_path):
    drafts = tmp_path / "drafts" / "2020"
    drafts.mkdir(parents=True)
    (drafts / "one.md").write_text("# Obituary\n\nThe singer committed suicide in 2019.\n", "utf-8")
    (drafts / "two.txt").write_text("Her son is wheelchair bound, she said.\n", "utf-8")
    (drafts / "three.html").write_text("<p>\u201cHe committed suicide,\u201d she said.</p>", "utf-8")
    (drafts / "bad.txt").write_bytes(b"caf\xe9 \xff committed suicide\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["audit", str(tmp_path / "drafts"), "-o", str(out), "--partition-rows", "2", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    rows = duckdb.sql(
        f"SELECT article_id, rule, in_quote FROM '{out}/findings/*.parquet' ORDER BY ALL"
    ).fetchall()
    assert ("2020/one.md", "suicide.commit-suicide", False) in rows
    assert ("2020/three.html", "suicide.commit-suicide", True) in rows
    assert any(r[0] == "2020/two.txt" for r in rows)
    rejects = duckdb.sql(f"SELECT source, reason FROM '{out}/summary/rejects.parquet'").fetchall()
    assert rejects == [("2020/bad.txt", "cannot decode as utf-8 at byte 3")]
    html = (out / "report.html").read_text("utf-8")
    assert html.count("<svg") >= 4 and "polyline" in html
    assert "2020/bad.txt" in html
    for external in ("http://", "https://", "<script", "<link", "src=", "@import"):
        assert external not in html


def test_stdin_json_lines(tmp_path):
    rows = "".join(json.dumps(r) + "\n" for r in _rows(5))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["audit", "-", "-o", str(out), "--no-html"], input=rows)
    assert result.exit_code == 0, result.output
    assert duckdb.sql(f"SELECT COUNT(*) FROM '{out}/articles/*.parquet'").fetchall()[0][0] == 5
    assert not (out / "report.html").exists()


def test_document_rules_count_articles(tmp_path):
    text = (
        "The footballer died by suicide at his home last year, the inquest heard. "
        "His family said he had struggled for years and friends paid tribute. " * 8
    )
    loss = "She had a miscarriage last spring and the couple said the stillbirth clinic helped them."
    rows = [{"id": f"s{i}", "text": text, "date": "2021-01-01"} for i in range(3)]
    source = _jsonl(tmp_path / "a.jsonl", [*rows, {"id": "loss", "text": loss, "date": "2021"}])
    run_audit(str(source), tmp_path / "out", _options(), jobs=1, html=False)
    row = duckdb.sql(
        f"SELECT articles_flagged, articles, rule_kind FROM '{tmp_path}/out/summary/rules.parquet' "
        "WHERE rule = 'suicide.missing-support-information' AND dimension = 'all'"
    ).fetchall()[0]
    assert row == (3, 4, "document")
    stories = duckdb.sql(
        f"SELECT story, articles, share FROM '{tmp_path}/out/summary/stories.parquet'"
    ).fetchall()
    assert stories == [("(none)", 3, 0.75), ("pregnancy-loss", 1, 0.25)]


def test_missing_text_column_in_parquet_is_an_error(tmp_path):
    source = _parquet(tmp_path / "a.parquet", [{"body": "x"}], 10)
    result = CliRunner().invoke(app, ["audit", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "no text column 'text'" in result.output and "--text-column" in result.output
