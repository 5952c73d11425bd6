"""Cost of the LanguageTool layer: JVM start-up, resident memory, words per second.

    python benchmarks/grammar_bench.py [--rounds 20] [--json]

Needs an install (``python -m linter.grammar.install``). Starts this process's
server through the same path ``check --grammar`` uses, then checks a few
hundred words of news prose repeatedly on the warm server. Each round changes
one sentence so no cache can answer for LanguageTool.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from linter.grammar import check_grammar, server

PROSE = """\
The city council voted 7-2 on Tuesday night to approve a new budget for the
coming fiscal year, ending weeks of debate over how to pay for road repairs,
library hours and a long-promised expansion of the bus network. The plan
raises the property tax rate by a little under two percent, the first increase
in six years, and draws on reserves to close the rest of the gap.

Supporters said the increase was modest and overdue. "We have been patching
the same potholes for a decade," one council member said before the vote,
adding that the repairs would now be scheduled years in advance rather than
after every storm. Opponents argued that residents on fixed incomes could not
absorb another bill and that the council should have cut spending first.

The budget also restores evening hours at three branch libraries, which were
reduced during the pandemic and never fully reopened. Library staff told the
council that attendance at homework clubs and job-search workshops had
doubled since a pilot program brought back two evenings a week last spring.

Transit officials will receive money to add buses on four crowded routes and to
study a rapid line along the river corridor. The study is expected to take
eighteen months, and construction, if approved, would not begin before the end
of the decade. Several speakers at the public hearing asked why the study could
not move faster; officials said federal grant rules require a full review of
alternatives before any design work starts.

The mayor, who proposed the budget in the spring, is expected to sign it later
this week. A spokesperson said the administration would publish a detailed
schedule of road projects online so that residents can see when work on their
street is planned. The new fiscal year begins on the first of next month.
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--locale", default="en-US")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    words = len(PROSE.split())
    t0 = time.monotonic()
    check_grammar(PROSE, [(0, len(PROSE))], locale=args.locale)
    first_call = time.monotonic() - t0
    srv = server.current()
    rss_after_start = srv.rss_bytes()  # warmed up, first real check done

    times = []
    for i in range(args.rounds):
        text = PROSE.replace("7-2", f"{7 + i % 3}-{i % 3}", 1)  # defeat any result cache
        t = time.monotonic()
        check_grammar(text, [(0, len(text))], locale=args.locale)
        times.append(time.monotonic() - t)
    rss_after_run = srv.rss_bytes()
    median = statistics.median(times)
    result = {
        "languagetool_version": "6.8",
        "jvm_startup_seconds": round(srv.startup_seconds, 2),  # spawn -> health check OK
        "first_check_seconds": round(srv.warmup_seconds or 0, 2),  # rules load lazily
        "first_call_total_seconds": round(first_call, 2),
        "rss_mb_after_first_check": round(rss_after_start / 2**20),
        "rss_mb_after_run": round(rss_after_run / 2**20),
        "words_per_request": words,
        "rounds": args.rounds,
        "median_request_seconds": round(median, 3),
        "words_per_second_warm": round(words / median),
        "words_per_second_total": round(words * args.rounds / sum(times)),
    }
    server.shutdown()
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for k, v in result.items():
            print(f"{k:28} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
