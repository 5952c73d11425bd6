"""Engine throughput (words/s, one core, all packs) and cold CLI start-up.

Usage: python benchmarks/engine_bench.py [--files 1000] [--runs 15]
Prints a Markdown table; results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import article, compile_package, corpus, installed_copydesk


def throughput(kind: str, files: int) -> tuple[float, float]:
    from linter import check_text

    docs = corpus(files, markdown=kind == "markdown")
    words = sum(len(d.split()) for d in docs)
    check_text(docs[0], kind=kind)  # compile the scanner outside the timing
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for d in docs:
            check_text(d, kind=kind)
        best = min(best, time.perf_counter() - t0)
    joined = "\n\n".join(docs)
    t0 = time.perf_counter()
    check_text(joined, kind=kind)
    one_big = time.perf_counter() - t0
    return words / best, words / one_big


def cold_start(runs: int) -> tuple[float, float]:
    import random

    draft = article(random.Random(1), 500, markdown=True)
    exe = installed_copydesk()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "draft.md"
        path.write_text(draft, "utf-8")
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run(
                [str(exe), "check", "--format", "concise", str(path)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd=tmp,
            )
            times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    compile_package()
    print("| measurement | result |\n|---|---|")
    for kind in ("text", "markdown"):
        per_file, big = throughput(kind, args.files)
        print(f"| engine, {kind}, {args.files} x 500-word files | {per_file:,.0f} words/s |")
        print(f"| engine, {kind}, one {args.files * 500 // 1000}k-word document | {big:,.0f} words/s |")
    median, best = cold_start(args.runs)
    print(
        f"| cold `copydesk check` on a 500-word draft (median of {args.runs}) | {median:.0f} ms "
        f"(best {best:.0f} ms) |"
    )


if __name__ == "__main__":
    main()
