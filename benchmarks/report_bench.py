"""What drawing the report costs beside the checking, for a run of many findings.

Builds one Markdown draft with ``--findings`` findings (default 5,000: sentences
that each trip a rule, in 50 files), checks it through the engine as the CLI
does, then renders the run in every text format, with and without colour
(rich with colour is what a terminal gets). Prints seconds per step, best of
``--repeat``; docs/performance.md records the figures.

With ``--cli``, also the whole ``copydesk check DIR`` as a user runs it, once
with stdout on a pseudo-terminal (the rich report, in colour) and once piped
(the concise report): the difference is the cost of drawing for a terminal.

    .venv/bin/python benchmarks/report_bench.py --findings 5000 --cli
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

COPYDESK = Path(sys.executable).with_name("copydesk")

SENTENCES = [
    "The actor committed suicide in 2019 after a long illness.",
    "Her neighbour is an addict who lives alone on the estate.",
    "The councillor said the wheelchair-bound resident was brave.",
    "Police said the schizophrenic man had been refused help.",
    "The singer lost her battle with cancer last spring.",
]


def best(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def cli_seconds(directory: str, terminal: bool) -> float:
    """Wall time of ``copydesk check DIR`` with stdout a pty (terminal) or a pipe."""
    command = [str(COPYDESK), "check", directory, "--jobs", "1"]
    env = dict(os.environ, COLUMNS="100")
    env.pop("NO_COLOR", None)
    start = time.perf_counter()
    if terminal:
        import pty

        master, slave = pty.openpty()
        proc = subprocess.Popen(command, stdout=slave, stderr=subprocess.DEVNULL, env=env)
        os.close(slave)

        def drain() -> None:
            try:
                while os.read(master, 1 << 16):
                    pass
            except OSError:  # the pty closes when the process ends
                pass

        reader = threading.Thread(target=drain)
        reader.start()
        proc.wait()
        reader.join()
        os.close(master)
    else:
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=5000)
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cli", action="store_true", help="also time the whole CLI, terminal vs pipe")
    args = parser.parse_args()

    from linter.base.config import Config
    from linter.report import render
    from linter.workspace.runner import Run, Target, check_targets

    per_file = max(1, args.findings // args.files)
    with tempfile.TemporaryDirectory() as tmp:
        targets = []
        for i in range(args.files):
            body = "\n\n".join(SENTENCES[(i + j) % len(SENTENCES)] for j in range(per_file))
            path = Path(tmp) / f"story{i:03d}.md"
            path.write_text(f"# Story {i}\n\n{body}\n", "utf-8")
            targets.append(Target(str(path), Config(), "markdown", True))
        check_s, results = best(lambda: check_targets(targets, jobs=1, keep_source=True), args.repeat)
        run = Run(results, [])
        count = sum(len(r.findings) for r in run.results)
        print(f"{count} findings in {args.files} files")
        print(f"check (1 process)        {check_s:7.2f} s")
        for fmt, color in (("rich", True), ("rich", False), ("concise", False), ("json", False)):
            secs, text = best(lambda f=fmt, c=color: render(run, f, color=c, width=100), args.repeat)
            label = f"render {fmt}{' (colour)' if color else ''}"
            print(f"{label:<24} {secs:7.2f} s  ({len(text) / 1e6:.1f} MB, {secs / check_s:.2f}x the check)")
        if args.cli:
            for terminal in (False, True):
                secs = min(cli_seconds(tmp, terminal) for _ in range(args.repeat))
                print(f"{'CLI, ' + ('terminal (rich)' if terminal else 'piped (concise)'):<24} {secs:7.2f} s")


if __name__ == "__main__":
    main()
