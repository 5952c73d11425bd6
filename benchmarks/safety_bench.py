"""Issue 16's linear-time and bounded-memory cases.

Usage:
  python benchmarks/safety_bench.py fix  [--mb 10]   # fix a file with one finding every 40 bytes
  python benchmarks/safety_bench.py json [--findings 500000]  # peak RSS of check --format json

`fix` times edit selection alone (the new O(n log n) choose_edits, and the old
quadratic loop on a slice, since on the whole file it does not finish) and the
whole `fix_text`. `json` runs `copydesk check --format json` and `--format
concise` in fresh processes and reports each one's peak RSS. Results are
recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BLOCK = "He committed suicide in May, she said. \n"  # 40 bytes, one fixable finding
assert len(BLOCK.encode()) == 40


def quadratic(findings):
    """choose_edits before issue 16 (every candidate against every chosen edit)."""
    from linter.fixing.edits import Edit

    candidates = sorted(
        (f for f in findings if f.fixable and f.suggestions and not f.in_quote),
        key=lambda f: (-(f.end_offset - f.offset), -int(f.severity), f.rule, f.offset),
    )
    chosen: list = []
    for f in candidates:
        if any(f.offset < e.end and e.start < f.end_offset for e in chosen):
            continue
        chosen.append(Edit(f.offset, f.end_offset, f.suggestions[0], f))
    return sorted(chosen, key=lambda e: e.start)


def bench_fix(mb: float, old_findings: int) -> None:
    from linter import check_text
    from linter.fixing.edits import choose_edits, fix_text

    text = BLOCK * int(mb * 1_000_000 / 40)
    t0 = time.perf_counter()
    findings = check_text(text, kind="text")
    t_check = time.perf_counter() - t0
    t0 = time.perf_counter()
    edits = choose_edits(findings)
    t_choose = time.perf_counter() - t0
    part = findings[:old_findings]
    t0 = time.perf_counter()
    quadratic(part)
    t_old = time.perf_counter() - t0
    t0 = time.perf_counter()
    choose_edits(part)
    t_new_part = time.perf_counter() - t0
    t0 = time.perf_counter()
    fixed, _ = fix_text(text, kind="text")
    t_fix = time.perf_counter() - t0
    print(f"| file | {len(text.encode()) / 1e6:.1f} MB, {len(findings):,} findings, {len(edits):,} edits |")
    print("|---|---|")
    print(f"| check_text | {t_check:.2f} s |")
    print(f"| choose_edits, all findings (new) | {t_choose:.2f} s |")
    print(f"| choose_edits, first {len(part):,} findings: old / new | {t_old:.2f} s / {t_new_part:.3f} s |")
    print(f"| fix_text, whole file (check, choose, apply, re-check) | {t_fix:.2f} s |")
    assert fixed.count("died by suicide") == len(edits)


def _peak_rss_mb(argv: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(argv, stdout=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if after <= before:
        print(f"(peak RSS of {argv[-1]} not above an earlier child's; run one format per process)")
    return after / 1024


def bench_json(findings: int, fmt: str | None) -> None:
    formats = [fmt] if fmt else ["json", "concise"]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "many.txt"
        path.write_text(BLOCK * findings, "utf-8")
        for name in formats:
            # One fresh interpreter per format: ru_maxrss of children is a maximum over all of them.
            code = (
                "import resource, subprocess, sys;"
                f"subprocess.run([sys.executable, '-m', 'linter', 'check', {str(path)!r}, '--format', {name!r}],"
                " stdout=subprocess.DEVNULL);"
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)"
            )
            t0 = time.perf_counter()
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
            elapsed = time.perf_counter() - t0
            print(
                f"| check --format {name}, {findings:,} findings | {float(out.stdout):,.0f} MB | {elapsed:.1f} s |"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="case", required=True)
    fix = sub.add_parser("fix")
    fix.add_argument("--mb", type=float, default=10)
    fix.add_argument("--old-findings", type=int, default=16_000)
    js = sub.add_parser("json")
    js.add_argument("--findings", type=int, default=500_000)
    js.add_argument("--format", default=None)
    args = parser.parse_args()
    if args.case == "fix":
        bench_fix(args.mb, args.old_findings)
    else:
        bench_json(args.findings, args.format)


if __name__ == "__main__":
    main()
