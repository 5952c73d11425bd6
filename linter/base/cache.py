"""A small on-disk cache for validated packs and the compiled scanner.

A pre-commit hook starts a fresh process for every commit; parsing and
validating ~400 KB of YAML and building the automaton is most of its start-up.
Results are pickled in the user cache directory under a key made from the
copydesk version, the Python version, and each pack file's path, size and
modification time, so an edited pack is never served stale. The cache holds
only what this process built from the packs; set COPYDESK_NO_CACHE=1 to turn
it off, COPYDESK_CACHE_DIR to move it.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar, cast

from .version import __version__

T = TypeVar("T")

try:  # the builtin module: hashlib's OpenSSL import costs a start-up ~2 ms more
    from _sha256 import sha256 as _sha256
except ImportError:  # pragma: no cover - other Python builds
    from hashlib import sha256 as _sha256


def cache_dir() -> Path | None:
    if os.environ.get("COPYDESK_NO_CACHE"):
        return None
    base = os.environ.get("COPYDESK_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(xdg) / "copydesk" / "engine"


def file_stamps(paths: Iterable[str | os.PathLike[str]]) -> tuple[tuple[str, int, int], ...]:
    stamps: list[tuple[str, int, int]] = []
    for path in paths:
        st = os.stat(path)
        stamps.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(stamps)


_SHAPING_MODULES = (
    "packs/model.py",
    "packs/validate.py",
    "packs/load.py",
    "packs/readings.py",
    "base/model.py",
    "engine/matching.py",
    "base/inflect.py",
    "base/cache.py",
)


def _code_stamp() -> tuple[tuple[str, int, int], ...]:
    """The modules whose classes and logic shape what is cached: a change to any
    of them (an upgrade, or a developer's edit) must not reuse old entries."""
    package = Path(__file__).parent.parent  # linter/
    return file_stamps(package / name for name in _SHAPING_MODULES)


def cached(kind: str, key: tuple[object, ...], build: Callable[[], T]) -> T:
    """Return ``build()``, memoised on disk under ``kind`` and ``key``."""
    directory = cache_dir()
    if directory is None:
        return build()
    stamp = (__version__, sys.version_info[:2], _code_stamp(), kind, key)
    digest = _sha256(repr(stamp).encode()).hexdigest()
    path = directory / f"{kind}-{digest[:32]}.pickle"
    try:
        with open(path, "rb") as handle:
            return cast(T, pickle.load(handle))  # written below from build()'s value
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
        pass
    value = build()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        import tempfile  # not at module level: it drags in shutil, lzma, random

        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        _prune(directory, kind)
    except OSError:
        pass  # a read-only home is fine: we just rebuild next time
    return value


def _prune(directory: Path, kind: str, keep: int = 6) -> None:
    """Old entries (packs edited since) are dead weight: keep the newest few per kind."""
    entries = sorted(directory.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in entries[keep:]:
        try:
            stale.unlink()
        except OSError:
            pass
