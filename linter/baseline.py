"""Baselines: record today's findings so CI fails only on new ones.

A fingerprint is the rule, the normalised matched text and a few words of
context on each side, plus an occurrence count for repeats. No line numbers:
an edit elsewhere in the file does not make old findings look new.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path

BASELINE_VERSION = 1
_WORDS = re.compile(r"\w+")


def _context(source: str, start: int, end: int, words: int = 3) -> str:
    before = _WORDS.findall(source[max(0, start - 80):start])[-words:]
    after = _WORDS.findall(source[end:end + 80])[:words]
    return " ".join(before).lower() + "|" + " ".join(after).lower()


def fingerprints(result) -> list[str]:
    seen: Counter = Counter()
    out = []
    for f in result.findings:
        match = " ".join(f.match.lower().split())
        key = f"{f.rule}\0{match}\0{_context(result.source or '', f.offset, f.end_offset)}"
        seen[key] += 1
        out.append(hashlib.sha256(f"{key}\0{seen[key]}".encode()).hexdigest()[:24])
    return out


def _key(path: str) -> str:
    return Path(path).as_posix()


def write_baseline(run, path: Path) -> int:
    entries = []
    for result in run.results:
        for f, fp in zip(result.findings, fingerprints(result)):
            entries.append({"path": _key(result.path), "rule": f.rule, "match": f.match,
                            "fingerprint": fp})
    path.write_text(json.dumps({"version": BASELINE_VERSION, "findings": entries}, indent=2,
                               ensure_ascii=False) + "\n", "utf-8")
    return len(entries)


def load_baseline(path: Path) -> set[tuple[str, str]]:
    try:
        data = json.loads(path.read_text("utf-8"))
        if data.get("version") != BASELINE_VERSION:
            raise ValueError(f"unsupported baseline version {data.get('version')!r}")
        return {(e["path"], e["fingerprint"]) for e in data["findings"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a copydesk baseline ({exc})") from None


def filter_run(run, known: set[tuple[str, str]]) -> int:
    """Drop findings recorded in the baseline; return how many were dropped."""
    dropped = 0
    for result in run.results:
        keep = []
        for f, fp in zip(result.findings, fingerprints(result)):
            if (_key(result.path), fp) in known:
                dropped += 1
            else:
                keep.append(f)
        result.findings = keep
    return dropped
