"""Walk paths, resolve each file's config, read, check; collect results.

No printing here: the CLI turns a :class:`Run` into a report. Many files are
checked in a process pool; each worker compiles the scanner once and reuses it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .configfile import ConfigFinder, FileConfig
from .extract import KIND_BY_SUFFIX
from .io import ReadError, decode, read_source
from .model import Finding

WALKED_SUFFIXES = frozenset(s for s in KIND_BY_SUFFIX if s)
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", ".tox"})
PARALLEL_THRESHOLD = 48


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    suppressions: list = field(default_factory=list)
    source: str | None = None
    error: str | None = None
    config: Config | None = None


@dataclass
class Run:
    results: list[FileResult]
    skipped: list[str]  # paths skipped while walking, with the reason
    fail_on: str = "warning"

    @property
    def errors(self) -> list[FileResult]:
        return [r for r in self.results if r.error]


@dataclass(frozen=True)
class Target:
    path: str  # "-" for stdin
    config: Config
    kind: str | None
    explicit: bool


def _kind(path: Path, format_as: str | None) -> str | None:
    if format_as:
        return format_as
    return KIND_BY_SUFFIX.get(path.suffix.lower())


def collect(paths: list[str], finder: ConfigFinder, cli: dict, format_as: str | None,
            stdin_filename: str | None):
    """Yield check targets and a list of skipped paths (with reasons)."""
    targets: list[Target] = []
    skipped: list[str] = []
    errors: list[FileResult] = []
    fail_on = None
    seen: set[str] = set()

    def effective(file: Path) -> tuple[Config, FileConfig]:
        fc = finder.for_path(file)
        return fc.for_file(file).replace(**cli), fc

    for raw in paths:
        if raw == "-":
            name = Path(stdin_filename) if stdin_filename else Path.cwd() / "stdin.txt"
            config, fc = effective(name if stdin_filename else Path.cwd() / "x")
            fail_on = fail_on or fc.fail_on
            targets.append(Target("-", config, _kind(name, format_as) or "text", True))
            continue
        path = Path(raw)
        if not path.exists() and not path.is_symlink():
            errors.append(FileResult(raw, error=f"{raw}: no such file or directory"))
            continue
        if path.is_dir():
            for file, reason in _walk(path):
                if reason:
                    skipped.append(f"{file}: {reason}")
                    continue
                config, fc = effective(file)
                fail_on = fail_on or fc.fail_on
                if fc.excluded(file):
                    skipped.append(f"{file}: excluded by {fc.path}")
                    continue
                kind = _kind(file, format_as)
                if kind is None:
                    skipped.append(f"{file}: not a document type copydesk reads")
                    continue
                key = str(file)
                if key not in seen:
                    seen.add(key)
                    targets.append(Target(key, config, kind, False))
        else:
            kind = _kind(path, format_as) or ("text" if not path.suffix else None)
            if kind is None:
                errors.append(FileResult(raw, error=(
                    f"{raw}: unsupported file type {path.suffix!r}; "
                    "use --format-as text|markdown|html to check it anyway")))
                continue
            config, fc = effective(path)
            fail_on = fail_on or fc.fail_on
            if raw not in seen:
                seen.add(raw)
                targets.append(Target(raw, config, kind, True))
    return targets, skipped, errors, fail_on or "warning"


def _walk(root: Path):
    """Files under ``root`` in sorted order; symlink loops and unreadable dirs reported."""
    visited: set[tuple[int, int]] = set()

    def onerror(exc: OSError):
        errors_seen.append((Path(exc.filename or root), f"cannot read directory ({exc.strerror})"))

    errors_seen: list[tuple[Path, str]] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=True):
        try:
            st = os.stat(dirpath)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in visited:
            dirnames[:] = []
            yield Path(dirpath), "symlink loop; not followed again"
            continue
        visited.add((st.st_dev, st.st_ino))
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            file = Path(dirpath) / name
            if file.suffix.lower() in WALKED_SUFFIXES:
                yield file, None
            elif not name.startswith("."):
                yield file, "not a document type copydesk reads"
    for path, reason in errors_seen:
        yield path, reason


def check_target(target: Target) -> FileResult:
    from .engine import analyse, get_engine
    from .extract import extract

    try:
        if target.path == "-":
            raw = sys.stdin.buffer.read()
            text, _ = decode(raw, "<stdin>")
        else:
            text = read_source(target.path).text
        engine = get_engine(target.config)
        doc = extract(text, target.kind or "text")
        findings, suppressions = analyse(doc, engine)
    except ReadError as exc:
        return FileResult(target.path, error=str(exc))
    except RecursionError:
        return FileResult(target.path, error=f"{target.path}: document nesting too deep to parse")
    return FileResult(target.path, findings, suppressions, text, config=target.config)


def check_targets(targets: list[Target], jobs: int | None = None, progress=None) -> list[FileResult]:
    """Check in order; in a process pool when there are many files."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(targets) < PARALLEL_THRESHOLD or any(t.path == "-" for t in targets):
        results = []
        for target in targets:
            results.append(check_target(target))
            if progress:
                progress()
        return results
    from concurrent.futures import ProcessPoolExecutor

    results = []
    chunk = max(1, min(64, len(targets) // (jobs * 4) or 1))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for result in pool.map(check_target, targets, chunksize=chunk):
            results.append(result)
            if progress:
                progress()
    return results
