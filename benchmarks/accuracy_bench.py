"""Accuracy of copydesk on real, openly licensed text (benchmarks/accuracy/).

    python benchmarks/accuracy_bench.py               # tables for both halves
    python benchmarks/accuracy_bench.py --details tune  # misses, false alarms, bad fixes (tune half only)
    python benchmarks/accuracy_bench.py --own         # the team's own passages, reported apart
    python benchmarks/accuracy_bench.py --alex        # side-by-side row for alex (npm), if installable

Recall counts clear-cut flags outside quotes caught by a finding above note;
"negatives reported" is the share of passages with no clear-cut problem that
get a warning or worse; "in-quote quiet" the share of quoted flags left at
note level; label precision the share of reported spans (above note) on a
labelled flag; fixes are what `copydesk fix` would apply in one round.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from accuracy.score import evaluate, half_of, load_corpus  # noqa: E402

from linter import check_text  # noqa: E402
from linter.fixing.edits import choose_edits  # noqa: E402

COLUMNS = [
    ("passages", "passages"),
    ("recall", "recall"),
    ("flags", "flags"),
    ("negatives_reported", "neg. reported"),
    ("negative_passages", "neg. passages"),
    ("in_quote_quiet", "in-quote quiet"),
    ("label_precision", "label precision"),
    ("protected_reported", "protected reported"),
    ("fixes", "fixes"),
    ("fix_appropriate", "fix appropriate"),
    ("fix_on_negative", "fix on negative"),
    ("fixes_protected", "fixes protected"),
]


def _check(text: str):
    return check_text(text, kind="text")


def table(rows: dict, title: str) -> str:
    head = "| " + title + " | " + " | ".join(label for _, label in COLUMNS) + " |"
    out = [head, "|" + "---|" * (len(COLUMNS) + 1)]
    for name, tally in rows.items():
        row = tally.row()
        cells = ["–" if row[k] is None else str(row[k]) for k, _ in COLUMNS]
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def alex_row(passages) -> dict | None:
    """Run alex (npm) over the passages: recall and false-alarm share, comparable columns only."""
    npx = shutil.which("npx")
    if not npx:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        install = subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", "alex@11", "vfile-reporter-json@3"],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if install.returncode != 0:
            return None
        caught = flags = neg = neg_reported = 0
        for p in passages:
            (work / "p.txt").write_text(p.text, "utf-8")
            run = subprocess.run(
                [str(work / "node_modules/.bin/alex"), "--text", "--reporter=json", "p.txt"],
                cwd=work,
                capture_output=True,
                text=True,
                timeout=60,
            )
            try:
                messages = json.loads(run.stdout or run.stderr)[0]["messages"]
            except (ValueError, IndexError, KeyError):
                messages = []
            starts = [0] + [i + 1 for i, ch in enumerate(p.text) if ch == "\n"]
            spans = []
            for m in messages:  # 1-based line and column, and the words it flagged
                line, column = m.get("line"), m.get("column")
                if isinstance(line, int) and isinstance(column, int) and 0 < line <= len(starts):
                    start = starts[line - 1] + column - 1
                    spans.append((start, start + max(1, len(m.get("actual") or ""))))
            for flag in p.clear_flags:
                flags += 1
                caught += any(flag.overlaps(s, e) for s, e in spans)
            if p.is_negative:
                neg += 1
                neg_reported += bool(spans)
        return {
            "recall": round(caught / flags, 3) if flags else None,
            "negatives_reported": round(neg_reported / neg, 3) if neg else None,
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--own", action="store_true", help="score the team's own passages instead")
    parser.add_argument("--details", choices=("tune", "test", "all"), help="list misses and false alarms")
    parser.add_argument("--alex", action="store_true", help="add a row for alex (needs npm)")
    parser.add_argument("--json", action="store_true", help="machine-readable figures")
    args = parser.parse_args()

    passages = load_corpus(own=args.own)
    groups = evaluate(passages, _check, choose_edits)
    if args.json:
        print(json.dumps({g: {n: t.row() for n, t in rows.items()} for g, rows in groups.items()}, indent=1))
        return 0
    corpus = "own passages" if args.own else "real text"
    print(f"# copydesk accuracy on {len(passages)} labelled passages ({corpus})\n")
    print(table({**groups["all"], **dict(sorted(groups["half"].items()))}, "overall"))
    print()
    print(table(dict(sorted(groups["test-pack"].items())), "test half, by pack"))
    print()
    print(table(dict(sorted(groups["tune-pack"].items())), "tune half, by pack"))
    print()
    print(table(dict(sorted(groups["reading"].items())), "by reading (both halves)"))
    if args.alex:
        row = alex_row(passages)
        print("\nalex:", row if row else "not installable here (npm failed)")
    if args.details:
        chosen = [p for p in passages if args.details == "all" or half_of(p.id) == args.details]
        detail = evaluate(chosen, _check, choose_edits)["all"]["all"]
        print(f"\n## {args.details} half: misses")
        for pid, match in detail.misses:
            print(f"- {pid}: {match!r}")
        print(f"\n## {args.details} half: warnings on negative passages")
        for pid, rule, match in detail.false_alarms:
            print(f"- {pid}: {rule} {match!r}")
        print(f"\n## {args.details} half: fixes not among the accepted rewrites")
        for pid, old, new in detail.bad_fixes:
            print(f"- {pid}: {old!r} -> {new!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
