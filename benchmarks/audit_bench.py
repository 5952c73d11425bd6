"""`copydesk audit` throughput: 1 core, every local core, and a Dask LocalCluster of the same size.

The archive replicates the real public-domain passages of the accuracy corpus
(US federal works, VOA: ``benchmarks/accuracy/corpus/slice*.yaml``): each
article joins 3-6 passages drawn at random, with a date, a desk and an author.
It is written once as Parquet (row groups of --partition-rows rows, the audit's
unit of work) and reused. Peak memory is the largest total RSS of this process
and all its descendants (pool or Dask workers), sampled every 0.2 s.

    python benchmarks/audit_bench.py --articles 1000000
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.audit.job import run_audit  # noqa: E402
from linter.audit.options import AuditOptions  # noqa: E402
from linter.base.config import Config  # noqa: E402

DESKS = ("news", "health", "culture", "politics", "sport", "world", "local")


def passages() -> list[str]:
    texts = []
    for path in sorted((ROOT / "benchmarks" / "accuracy" / "corpus").glob("slice*.yaml")):
        for item in yaml.safe_load(path.read_text("utf-8")):
            if str(item.get("licence", "")).lower().startswith("public domain"):
                texts.append(item["text"].strip())
    return texts


def build_archive(path: Path, articles: int, group: int, seed: int = 19) -> int:
    """Write the archive; return its word count."""
    rng = random.Random(seed)
    pool = passages()
    words = 0
    writer = None
    try:
        for start in range(0, articles, group):
            rows = {"id": [], "text": [], "date": [], "section": [], "author": []}
            for i in range(start, min(articles, start + group)):
                text = "\n\n".join(rng.choice(pool) for _ in range(rng.randint(3, 6)))
                words += len(text.split())
                rows["id"].append(f"art-{i:08d}")
                rows["text"].append(text)
                rows["date"].append(
                    f"{rng.randint(2005, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                )
                rows["section"].append(rng.choice(DESKS))
                rows["author"].append(f"reporter {rng.randint(1, 400)}")
            table = pa.table(rows)
            if writer is None:
                writer = pq.ParquetWriter(path, table.schema)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()
    return words


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


class PeakRss:
    """The largest summed RSS of this process tree while the block runs."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()

    def _sample(self):
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(0.2)

    def __enter__(self):
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def timed(label: str, source: Path, out: Path, options: AuditOptions, words: int, **how) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    cpu_before = _cpu()
    with PeakRss() as rss:
        began = time.perf_counter()
        run = run_audit(str(source), out, options, html=True, **how)
        wall = time.perf_counter() - began
    cpu = _cpu() - cpu_before
    row = {
        "run": label,
        "articles": run.totals["articles"],
        "wall_s": round(wall, 1),
        "articles_per_s": round(run.totals["articles"] / wall),
        "words_per_s": round(run.totals["words"] / wall),
        "peak_rss_mib": round(rss.peak / 2**20),
        # CPU seconds of this process and its reaped workers: on a shared machine
        # words per CPU-second says what the code costs, wall time what we got.
        "cpu_s": round(cpu, 1),
        "words_per_cpu_s": round(run.totals["words"] / cpu) if cpu else None,
        "findings": run.totals["findings"],
    }
    assert run.totals["words"] == words, (run.totals["words"], words)
    print(row, flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--partition-rows", type=int, default=5000)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "copydesk-audit-bench")
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    source = args.workdir / f"archive-{args.articles}.parquet"
    stamp = source.with_suffix(".words")
    if not (source.exists() and stamp.exists()):
        began = time.perf_counter()
        stamp.write_text(str(build_archive(source, args.articles, args.partition_rows)))
        print(f"built {source} in {time.perf_counter() - began:.0f} s", flush=True)
    words = int(stamp.read_text())
    print(
        f"{args.articles:,} articles, {words:,} words, {source.stat().st_size / 2**20:.0f} MiB Parquet",
        flush=True,
    )
    options = AuditOptions(Config(show_silenced=True), partition_rows=args.partition_rows)
    one = timed("local, 1 core", source, args.workdir / "out-1", options, words, jobs=1)
    many = timed(
        f"local, {args.cores} cores", source, args.workdir / "out-n", options, words, jobs=args.cores
    )
    cluster = timed(
        f"dask local[{args.cores}]",
        source,
        args.workdir / "out-dask",
        options,
        words,
        dask=f"local[{args.cores}]",
    )
    efficiency = many["words_per_s"] / (one["words_per_s"] * args.cores)
    overhead = many["words_per_s"] / cluster["words_per_s"] - 1
    print(
        f"parallel efficiency {efficiency:.0%} on {args.cores} cores; Dask overhead {overhead:+.0%} against local"
    )


if __name__ == "__main__":
    main()
