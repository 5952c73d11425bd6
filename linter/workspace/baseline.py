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
# Context never reaches past the finding's own sentence: a sentence added or
# edited next to it must not make an old finding look new.
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*(?=\s)|\n[ \t]*\n")


def _context(source: str, start: int, end: int, words: int = 3) -> str:
    head = source[max(0, start - 80) : start]
    cut = None
    for cut in _SENTENCE_END.finditer(head):  # noqa: B007 - the last match is wanted
        pass
    if cut is not None:
        head = head[cut.end() :]
    tail = source[end : end + 80]
    stop = _SENTENCE_END.search(tail)
    if stop is not None:
        tail = tail[: stop.start()]
    before = _WORDS.findall(head)[-words:]
    after = _WORDS.findall(tail)[:words]
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


def _key(path: str, base: Path | None = None) -> str:
    """Paths relative to the baseline's directory, so any working directory agrees."""
    if base is not None and path != "-":
        try:
            return Path(path).resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            pass
    return Path(path).as_posix()


MAX_BASELINE_BYTES = 256 << 20  # ~1.5 million findings


def is_baseline(path: Path) -> bool:
    """Whether ``path`` holds a copydesk baseline (so --write-baseline may replace it)."""
    try:
        load_baseline(path)
    except ValueError:
        return False
    return True


def write_baseline(run, path: Path, *, reads=(), force: bool = False) -> tuple[int, list[str]]:
    """Write the baseline; (entries written, notes). Refuses to overwrite a file that is
    not a baseline, or one being checked, unless ``force``."""
    entries = []
    for result in run.results:
        for f, fp in zip(result.findings, fingerprints(result)):
            entries.append(
                {"path": _key(result.path, path.parent), "rule": f.rule, "match": f.match, "fingerprint": fp}
            )
    from ..inputs.writing import write_output

    data = json.dumps({"version": BASELINE_VERSION, "findings": entries}, indent=2, ensure_ascii=False) + "\n"
    notes = write_output(
        path, data.encode("utf-8"), what="baseline", reads=reads, ours=is_baseline, force=force
    )
    return len(entries), notes


def load_baseline(path: Path) -> set[tuple[str, str]]:
    """The (path, fingerprint) pairs of a baseline; ValueError naming the file on anything else."""
    from ..inputs.files import ReadError, read_bytes

    def bad(why: str):
        return ValueError(f"{path}: not a copydesk baseline ({why})")

    try:
        data = json.loads(read_bytes(path, MAX_BASELINE_BYTES).decode("utf-8-sig"))
    except ReadError as exc:
        raise ValueError(f"{path}: cannot read baseline ({str(exc).removeprefix(f'{path}: ')})") from None
    except RecursionError:
        raise bad("nested too deeply") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise bad(str(exc)) from None
    if not isinstance(data, dict):
        raise bad(f"expected a JSON object, got {type(data).__name__}")
    if data.get("version") != BASELINE_VERSION:
        raise bad(f"unsupported baseline version {data.get('version')!r}")
    entries = data.get("findings")
    if not isinstance(entries, list):
        raise bad("'findings' must be a list")
    known = set()
    for index, entry in enumerate(entries):
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("path"), str)
            and isinstance(entry.get("fingerprint"), str)
        ):
            raise bad(f"findings[{index}]: expected an object with 'path' and 'fingerprint' strings")
        known.add((entry["path"], entry["fingerprint"]))
    return known


def filter_run(run, known: set[tuple[str, str]], base: Path | None = None) -> int:
    """Drop findings recorded in the baseline; return how many were dropped.

    ``base`` is the baseline file's directory (paths in it are relative to it).
    """
    dropped = 0
    for result in run.results:
        keep = []
        for f, fp in zip(result.findings, fingerprints(result)):
            if (_key(result.path, base), fp) in known:
                dropped += 1
            else:
                keep.append(f)
        result.findings = keep
    return dropped
