"""Walk paths, resolve each file's config, read, check; collect results.

No printing here: the CLI turns a :class:`Run` into a report. Many files are
checked in a process pool; each worker compiles the scanner once and reuses it.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..base.config import Config
from ..base.model import Finding
from ..inputs.extract import KIND_BY_SUFFIX
from ..inputs.files import BinaryFile, ReadError, open_regular, read_bytes
from .configfile import ConfigFinder, FileConfig

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

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
    skipped: str | None = None  # found while walking but not a document (binary): why


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


def collect(
    paths: list[str],
    finder: ConfigFinder,
    cli: dict,
    format_as: str | None,
    stdin_filename: str | None,
    follow_links: bool = False,
):
    """Check targets and a list of skipped paths (with reasons).

    Directory walks stay inside each root: a symlink out of it is skipped (and
    said so) unless ``follow_links``; no file or directory is checked twice.
    """
    targets: list[Target] = []
    skipped: list[str] = []
    errors: list[FileResult] = []
    fail_on = None
    seen: set[str] = set()
    inodes: set[tuple[int, int]] = set()  # files walked, so a symlink to one is not checked again

    by_dir: dict[str, FileConfig] = {}  # walked files share their directory's config
    plain: dict[int, Config] = {}

    def effective(file: Path, walked: bool = False) -> tuple[Config, FileConfig]:
        if walked:
            key = os.path.dirname(file)
            fc = by_dir.get(key)
            if fc is None:
                fc = by_dir[key] = finder.for_path(file)
        else:
            fc = finder.for_path(file)
        if not fc.overrides:  # the common case: one Config object per config file
            config = plain.get(id(fc))
            if config is None:
                config = plain[id(fc)] = fc.config.replace(**cli)
            return config, fc
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
            for file, reason in _walk(path, follow_links, inodes):
                if reason and reason.startswith("cannot read"):
                    errors.append(FileResult(str(file), error=f"{file}: {reason}"))
                    continue
                if reason:
                    skipped.append(f"{file}: {reason}")
                    continue
                config, fc = effective(file, walked=True)
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
                errors.append(
                    FileResult(
                        raw,
                        error=(
                            f"{raw}: unsupported file type {path.suffix!r}; "
                            "use --format-as text|markdown|html to check it anyway"
                        ),
                    )
                )
                continue
            config, fc = effective(path)
            fail_on = fail_on or fc.fail_on
            if raw not in seen:
                seen.add(raw)
                targets.append(Target(raw, config, kind, True))
    return targets, skipped, errors, fail_on or "warning"


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _walk(root: Path, follow_links: bool = False, inodes: set[tuple[int, int]] | None = None):
    """Files under ``root`` in sorted order, with the reason when one is skipped.

    Symlinks are not followed out of ``root`` (nor into a directory) unless
    ``follow_links``; a symlinked file inside it is checked once, under its own
    name only if its target was not walked. Loops and unreadable dirs reported.
    """
    visited: set[tuple[int, int]] = set()
    walked = inodes if inodes is not None else set()
    real_root = os.path.realpath(root)
    links: list[tuple[Path, os.stat_result]] = []  # symlinked files, decided after the walk

    def onerror(exc: OSError):
        where = Path(exc.filename or root)
        if exc.errno == errno.ELOOP:
            errors_seen.append((where, "symlink loop; not followed"))
        else:
            errors_seen.append((where, f"cannot read directory ({exc.strerror})"))

    errors_seen: list[tuple[Path, str]] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=follow_links):
        try:
            st = os.stat(dirpath)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in visited:
            dirnames[:] = []
            yield Path(dirpath), "symlink loop or a directory reached twice; not checked again"
            continue
        visited.add((st.st_dev, st.st_ino))
        wanted = sorted(d for d in dirnames if d not in SKIPPED_DIRS and not d.startswith("."))
        if not follow_links:
            for d in wanted:
                if os.path.islink(os.path.join(dirpath, d)):
                    yield Path(dirpath) / d, "symlink to a directory; not followed (use --follow-links)"
        dirnames[:] = wanted
        for name in sorted(filenames):
            file = Path(dirpath) / name
            if file.suffix.lower() in WALKED_SUFFIXES:
                if name.startswith("~$"):  # Word's lock file beside an open document
                    yield file, "Word lock file"
                    continue
                try:
                    st = os.stat(file)
                except OSError as exc:
                    if exc.errno == errno.ELOOP:
                        yield file, "symlink loop; not followed"
                    elif exc.errno == errno.ENOENT:
                        yield file, ("broken symlink" if os.path.islink(file) else "vanished while walking")
                    else:
                        yield file, f"cannot read file ({exc.strerror})"
                    continue
                if not stat.S_ISREG(st.st_mode):
                    yield file, "not a regular file"
                    continue
                if os.path.islink(file):
                    links.append((file, st))
                    continue
                walked.add((st.st_dev, st.st_ino))
                yield file, None
            elif not name.startswith("."):
                yield file, "not a document type copydesk reads"
    for file, st in links:
        target = os.path.realpath(file)
        if not follow_links and not _inside(target, real_root):
            yield file, f"symlink to {target}, outside {root}; not followed (use --follow-links)"
        elif (st.st_dev, st.st_ino) in walked:
            yield file, f"symlink to {target}, already checked"
        else:
            walked.add((st.st_dev, st.st_ino))
            yield file, None
    yield from errors_seen


# Whole-document formats are read at once; refuse absurd sizes (text and
# Markdown of any size are streamed in bounded memory instead).
MAX_HTML_BYTES = 64 << 20


def check_target(target: Target) -> FileResult:
    """Read, extract and check one target; every failure becomes a reported error."""
    from ..engine import analyse, get_engine

    kind = target.kind or "text"
    try:
        engine = get_engine(target.config)
        if kind == "docx":
            from ..inputs.extract.docx import MAX_DOCX_BYTES, read_docx

            raw = (
                sys.stdin.buffer.read(MAX_DOCX_BYTES + 1)
                if target.path == "-"
                else read_bytes(target.path, MAX_DOCX_BYTES)
            )
            name = "<stdin>" if target.path == "-" else target.path
            word = read_docx(raw, name)
            findings, suppressions = analyse(word.extract(), engine)
            return FileResult(
                target.path, word.relocate(findings), suppressions, word.text, config=target.config
            )
        if kind == "html":
            from ..inputs.extract import extract
            from ..inputs.files import decode

            raw = (
                sys.stdin.buffer.read(MAX_HTML_BYTES + 1)
                if target.path == "-"
                else read_bytes(target.path, MAX_HTML_BYTES)
            )
            if len(raw) > MAX_HTML_BYTES:
                raise ReadError(f"{target.path}: too large for HTML (over {MAX_HTML_BYTES} bytes)")
            text, _ = decode(raw, "<stdin>" if target.path == "-" else target.path)
            findings, suppressions = analyse(extract(text, kind), engine)
            return FileResult(target.path, findings, suppressions, text, config=target.config)
        from .streaming import check_stream

        if target.path == "-":
            findings, suppressions, text = check_stream(sys.stdin.buffer, "<stdin>", kind, engine)
        else:
            with open_regular(target.path) as handle:
                findings, suppressions, text = check_stream(handle, target.path, kind, engine)
    except BinaryFile as exc:
        if not target.explicit:
            return FileResult(target.path, skipped="binary file (contains NUL bytes)")
        return FileResult(target.path, error=str(exc))
    except ReadError as exc:
        return FileResult(target.path, error=str(exc))
    except OSError as exc:  # vanished or became unreadable mid-read
        return FileResult(target.path, error=f"{target.path}: {exc.strerror or exc}")
    except (RecursionError, MemoryError):
        return FileResult(
            target.path, error=f"{target.path}: document too deeply nested or too large to check"
        )
    return FileResult(target.path, findings, suppressions, text, config=target.config)


def _worker_init() -> None:
    # Ctrl-C goes to the whole process group: the parent alone handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _check_target_lean(target: Target) -> FileResult:
    """For the pool when the report does not show source text: sending every
    file's text back to the parent costs more than the formats that skip it."""
    result = check_target(target)
    result.source = None
    return result


def check_targets(
    targets: list[Target], jobs: int | None = None, progress=None, keep_source: bool = True
) -> list[FileResult]:
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

    # The parent is one of the workers: it already holds the compiled engine,
    # and on a two-core machine a second worker process would only add a spawn.
    worker = check_target if keep_source else _check_target_lean
    split = len(targets) * (jobs - 1) // jobs
    pooled, own = targets[:split], targets[split:]
    chunk = max(1, min(64, len(pooled) // (jobs * 4) or 1))
    pool = ProcessPoolExecutor(max_workers=jobs - 1, initializer=_worker_init)
    try:
        pending = pool.map(worker, pooled, chunksize=chunk)  # starts at once
        own_results = []
        for target in own:
            own_results.append(worker(target))
            if progress:
                progress()
        results = []
        for result in pending:
            results.append(result)
            if progress:
                progress()
    except BaseException:
        stop_pool_now(pool)
        raise
    pool.shutdown()
    return results + own_results


def stop_pool_now(pool: ProcessPoolExecutor) -> None:
    """Ctrl-C (or a failure): drop a process pool's queued work and stop its workers now."""
    pool.shutdown(wait=False, cancel_futures=True)
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


def split_skipped(results: list[FileResult]) -> tuple[list[FileResult], list[str]]:
    """Results of files that turned out not to be documents move to the skipped list."""
    kept = [r for r in results if r.skipped is None]
    return kept, [f"{r.path}: {r.skipped}" for r in results if r.skipped is not None]
