"""Formats and peers: copydesk through its CLI on text, Markdown and HTML, against proselint and alex.

Builds a 1,000-file news corpus (the same stories as .txt, .md and .html),
then measures, each as the best of ``--repeat`` runs of a fresh process:

* words/s of ``copydesk check DIR --format json`` per format, on 1 and 2 cores
  (``--jobs 1`` / ``--jobs 2``), with the peak resident memory of the largest
  process;
* the same corpus (Markdown) through proselint and alex, when installed;
* one cold check of a single 500-word draft, for all three tools;
* optionally (``--many N``) a directory of N small files on 1 and 2 cores,
  with the CPU time used, to show the process pool keeps both cores busy;
* optionally (``--huge MB``) one file of that size, for time and peak memory.

proselint and alex are never project dependencies: install them in a scratch
environment and point the script at them (defaults shown)::

    python3 -m venv /tmp/peers-venv && /tmp/peers-venv/bin/pip install proselint
    mkdir -p /tmp/alex-bench && (cd /tmp/alex-bench && npm install alex)
    .venv/bin/python benchmarks/formats_bench.py \\
        --proselint /tmp/peers-venv/bin/proselint \\
        --alex /tmp/alex-bench/node_modules/.bin/alex --many 50000 --huge 100

Word counts are of the stories' prose (the same for every format), so words/s
are comparable across formats and tools.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The console script, as newsrooms and pre-commit run it (python -m linter adds runpy's cost).
_SCRIPT = Path(sys.executable).with_name("copydesk")
COPYDESK = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "linter"]

NAMES = [
    "Maria Lopez",
    "James Okafor",
    "Priya Shah",
    "Tom Becker",
    "Aiko Tanaka",
    "Samuel Reed",
    "Grace Mensah",
    "Lukas Novak",
    "Fatima Haddad",
    "Owen Price",
]
PLACES = ["Leeds", "Dayton", "the county", "Austin", "Glasgow", "the capital", "Bristol", "Tucson"]
PLAIN = [
    "{n} told reporters in {p} that the council would vote on the budget next week.",
    "The proposal, which has been debated for months, would add two new bus routes.",
    "Officials said the plan would cost about $4 million over three years.",
    "{n}, a spokesperson for the department, declined to comment on the timing.",
    "Residents at a packed meeting in {p} raised concerns about traffic and parking.",
    "The school board is expected to publish its final report in the spring.",
    "According to figures released on Tuesday, unemployment fell for the third month.",
    "\u201cWe have listened to every family,\u201d {n} said after the meeting.",
    "The hospital in {p} added 40 beds to its emergency department last year.",
    "Police said the investigation was continuing and asked witnesses to come forward.",
    "A judge in {p} set a hearing date for early next month.",
    "{n} has worked at the clinic for more than a decade, colleagues said.",
]
FLAGGED = [
    "Her brother committed suicide in 2019, {n} said.",
    "The drug addict was arrested in {p} on Friday.",
    "He has been wheelchair-bound since the crash.",
    "She said the unborn baby was healthy at the 20-week scan.",
    "A homosexual couple sued the bakery in {p}.",
    "\u201cHe committed suicide after the trial,\u201d {n} said.",
]
HEADLINES = [
    "Council weighs budget",
    "Hospital expands",
    "Family speaks out",
    "Court date set",
    "Bus routes debated",
    "Jobs figures improve",
]


def story(rng: random.Random, words: int = 500) -> tuple[str, list[str]]:
    """(headline, paragraphs) of about ``words`` words."""
    paras, count = [], 0
    while count < words:
        sentences = []
        for _ in range(rng.randint(2, 4)):
            pool = FLAGGED if rng.random() < 0.05 else PLAIN
            s = rng.choice(pool).format(n=rng.choice(NAMES), p=rng.choice(PLACES))
            sentences.append(s)
            count += len(s.split())
        paras.append(" ".join(sentences))
    return rng.choice(HEADLINES), paras


def as_text(head, paras):
    return head + "\n\n" + "\n\n".join(paras) + "\n"


def as_markdown(head, paras):
    return f"# {head}\n\n" + "\n\n".join(paras) + "\n"


def as_html(head, paras):
    body = "\n".join(f"    <p>{p}</p>" for p in paras)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n  <head><meta charset="utf-8">'
        f"<title>{head}</title>\n  <style>body {{ font-family: serif }}</style></head>\n"
        f"  <body>\n    <article>\n    <h1>{head}</h1>\n{body}\n    </article>\n"
        "  <script>window.analytics = {};</script>\n  </body>\n</html>\n"
    )


FORMATS = {"text": (".txt", as_text), "markdown": (".md", as_markdown), "html": (".html", as_html)}


def make_corpus(root: Path, files: int = 1000, seed: int = 8) -> int:
    """Write ``files`` stories per format under root/<format>/; return the prose word count."""
    rng = random.Random(seed)
    words = 0
    stories = [story(rng) for _ in range(files)]
    for name, (suffix, render) in FORMATS.items():
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        for i, (head, paras) in enumerate(stories):
            (folder / f"story{i:04d}{suffix}").write_text(render(head, paras), "utf-8")
    for head, paras in stories:
        words += len(head.split()) + sum(len(p.split()) for p in paras)
    return words


def run(cmd, *, repeat: int = 1, cwd=None) -> tuple[float, int, int]:
    """(best wall seconds, peak RSS in KiB of the largest process, exit code)."""
    best, peak, code = float("inf"), 0, 0
    time_bin = shutil.which("time") or "/usr/bin/time"
    for _ in range(repeat):
        wrapped = [time_bin, "-f", "%M", *cmd] if os.path.exists(time_bin) else list(cmd)
        start = time.perf_counter()
        proc = subprocess.run(wrapped, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        best = min(best, elapsed)
        code = proc.returncode
        if wrapped is not cmd:
            tail = proc.stderr.decode(errors="replace").strip().splitlines()
            if tail and tail[-1].isdigit():
                peak = max(peak, int(tail[-1]))
    return best, peak, code


def cpu_run(cmd) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its workers)."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from corpus import compile_package, installed_copydesk

    compile_package()  # bytecode as an installed copy has it
    cold_copydesk = [str(installed_copydesk())]  # a regular install, as newsrooms run it
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--proselint", default="/tmp/peers-venv/bin/proselint")
    ap.add_argument("--alex", default="/tmp/alex-bench/node_modules/.bin/alex")
    ap.add_argument("--many", type=int, default=0, help="also time N small files (e.g. 50000)")
    ap.add_argument("--huge", type=int, default=0, help="also time one file of this many MB")
    ap.add_argument("--keep", help="build the corpus here and keep it")
    ap.add_argument(
        "--format",
        default="concise",
        help="copydesk report format (concise: one line per finding, like the peers)",
    )
    ap.add_argument("--skip-peers", action="store_true")
    args = ap.parse_args()

    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="copydesk-bench-"))
    rows = []
    try:
        words = make_corpus(tmp, args.files)
        print(f"corpus: {args.files} stories x 3 formats, {words} words each format, in {tmp}")
        print(f"load average before: {os.getloadavg()[0]:.2f} (the machine may be shared)")
        for fmt in FORMATS:
            for jobs in (1, 2):
                secs, rss, code = run(
                    [*COPYDESK, "check", str(tmp / fmt), "--format", args.format, "--jobs", str(jobs)],
                    repeat=args.repeat,
                    cwd=tmp,
                )
                assert code in (0, 1), f"copydesk exited {code}"
                rows.append((f"copydesk, {fmt}", jobs, secs, words / secs, rss))
                print(
                    f"  copydesk {fmt:9s} -j{jobs}: {secs:6.2f} s  {words / secs:12,.0f} words/s"
                    f"  peak {rss / 1024:6.1f} MiB"
                )
        peers = {}
        md_files = sorted(str(p) for p in (tmp / "markdown").glob("*.md"))
        if os.path.exists(args.proselint) and not args.skip_peers:
            secs, rss, _ = run([args.proselint, "check", *md_files], repeat=1, cwd=tmp)
            peers["proselint"] = words / secs
            rows.append(("proselint, markdown", 1, secs, words / secs, rss))
            print(f"  proselint markdown   : {secs:6.2f} s  {words / secs:12,.0f} words/s")
        if os.path.exists(args.alex) and not args.skip_peers:
            secs, rss, _ = run([args.alex, "markdown"], repeat=1, cwd=tmp)
            peers["alex"] = words / secs
            rows.append(("alex, markdown", 1, secs, words / secs, rss))
            print(f"  alex markdown        : {secs:6.2f} s  {words / secs:12,.0f} words/s")

        # One cold check of one 500-word draft.
        draft = tmp / "markdown" / "story0000.md"
        cold = {}
        for tool, cmd in (
            ("copydesk", [*cold_copydesk, "check", str(draft), "--format", "concise"]),
            ("proselint", [args.proselint, "check", str(draft)]),
            ("alex", [args.alex, str(draft)]),
        ):
            if tool != "copydesk" and not os.path.exists(cmd[0]):
                continue
            times = [run(cmd, cwd=tmp)[0] for _ in range(max(5, args.repeat))]
            cold[tool] = statistics.median(times)
            print(f"  cold single draft, {tool:9s}: {cold[tool] * 1000:6.0f} ms (median)")

        best_md = max(r[3] for r in rows if r[0] == "copydesk, markdown")
        print("\n| tool, input | cores | wall (s) | words/s | peak RSS (MiB) |")
        print("|---|---:|---:|---:|---:|")
        for name, jobs, secs, wps, rss in rows:
            print(f"| {name} | {jobs} | {secs:.2f} | {wps:,.0f} | {rss / 1024:.0f} |")
        for peer, target in (("proselint", 10), ("alex", 50)):
            if peer in peers:
                ratio = best_md / peers[peer]
                print(
                    f"copydesk / {peer} (Markdown, words/s): {ratio:.0f}x (target >= {target}x)"
                    f" {'OK' if ratio >= target else 'MISSED'}"
                )
        if "proselint" in cold:
            print(
                f"cold draft: copydesk {cold['copydesk'] * 1000:.0f} ms vs proselint "
                f"{cold['proselint'] * 1000:.0f} ms "
                f"{'OK' if cold['copydesk'] < cold['proselint'] else 'MISSED'}"
            )

        if args.many:
            many = tmp / "many"
            many.mkdir(exist_ok=True)
            rng = random.Random(3)
            for i in range(args.many):
                head, paras = story(rng, words=60)
                (many / f"n{i:05d}.md").write_text(as_markdown(head, paras), "utf-8")
            print(f"\n{args.many} small files:")
            for jobs in (1, 2):
                wall, cpu = cpu_run(
                    [*COPYDESK, "check", str(many), "--format", "json", "-q", "--jobs", str(jobs)]
                )
                print(
                    f"  -j{jobs}: {wall:6.2f} s wall, {cpu:6.2f} s CPU "
                    f"({cpu / wall:.2f} cores busy on average)"
                )

        if args.huge:
            big = tmp / "huge.md"
            rng = random.Random(5)
            with big.open("w", encoding="utf-8") as out:
                size = 0
                while size < args.huge * 1_000_000:
                    head, paras = story(rng)
                    chunk = as_markdown(head, paras) + "\n"
                    out.write(chunk)
                    size += len(chunk.encode())
            secs, rss, code = run([*COPYDESK, "check", str(big), "--format", "json", "-q"])
            print(
                f"\none {big.stat().st_size / 1e6:.0f} MB Markdown file: {secs:.1f} s, "
                f"{big.stat().st_size / 1e6 / secs:.1f} MB/s, peak RSS {rss / 1024:.0f} MiB"
            )
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
