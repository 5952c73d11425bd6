"""Re-checking a 5,000-word draft as `copydesk lsp` does on each (debounced) change.

Usage: python benchmarks/lsp_bench.py [--words 5000] [--runs 50]
Prints a Markdown table; results are recorded in docs/performance.md.

Measured in-process, without the JSON-RPC transport: the engine alone
(``check_text``); the server's whole re-check (settings for the file, extract,
engine, suppressions, baseline) plus turning every finding into an LSP
diagnostic with UTF-16 positions; and the "fix all" code action (fixes to a
fixed point, as `copydesk fix`). Each edit changes one word, so no run reuses
the previous one's result.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import article


def _timed(fn, runs: int) -> tuple[float, float, float]:
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], times[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    from linter import check_text
    from linter.fixing.edits import fix_text
    from linter.lsp.checking import check_buffer
    from linter.lsp.diagnostics import diagnostics
    from linter.lsp.positions import PositionMap
    from linter.lsp.project import Project

    rng = random.Random(5)
    # Emoji and accents as in real copy, so positions take the non-ASCII path.
    base = article(rng, args.words, markdown=True).replace(". ", ". Caf\u00e9 \U0001f4f0 ", 40)
    words = len(base.split())
    variants = [base.replace(" the ", f" the{' ' * (1 + i % 3)}", 1 + i) for i in range(args.runs)]
    with tempfile.TemporaryDirectory() as tmp:
        project = Project(Path(tmp))
        path = Path(tmp) / "draft.md"
        findings = check_text(base, kind="markdown")  # compile the scanner outside the timing

        def engine(i: int) -> None:
            check_text(variants[i], kind="markdown")

        def recheck(i: int) -> None:
            checked = check_buffer(variants[i], "markdown", path, project)
            diagnostics(checked, PositionMap(checked.text, "utf-16"))

        def fix_all(i: int) -> None:
            fix_text(variants[i], config=project.settings(path).config, kind="markdown")

        rows = [
            ("engine (`check_text`)", _timed(engine, args.runs)),
            ("server re-check + diagnostics (UTF-16)", _timed(recheck, args.runs)),
            ('"fix all" code action (`fix_text`)', _timed(fix_all, args.runs)),
        ]
    print(f"Draft: {words:,} words, {len(base):,} characters, {len(findings)} findings; {args.runs} runs.\n")
    print("| measurement | median | p95 | worst |\n|---|---|---|---|")
    for name, (median, p95, worst) in rows:
        print(f"| {name} | {median:.1f} ms | {p95:.1f} ms | {worst:.1f} ms |")


if __name__ == "__main__":
    main()
