"""A small on-disk cache for validated packs and the compiled scanner.

A pre-commit hook starts a fresh process for every commit; parsing and
validating ~400 KB of YAML and building the automaton is most of its start-up.
Results are pickled in the user cache directory under a key made from the
copydesk version, the Python version, and each pack file's path, size and
modification time, so an edited pack is never served stale. Set
COPYDESK_NO_CACHE=1 to turn it off, COPYDESK_CACHE_DIR to move it.

Unpickling runs code, so nothing is unpickled that this user did not write:

* every entry is sealed with a keyed BLAKE2b MAC whose 32-byte key lives in a
  0600 file in the user's own state directory (``$XDG_STATE_HOME`` or
  ``~/.local/state``, ``copydesk/cache.key``), and the MAC is checked before
  the bytes reach :mod:`pickle`; an entry planted by anyone else is a miss;
* a cache directory (or key directory) that another user owns, or that group
  or others may write, is not used at all: every run then builds afresh;
* an entry that is truncated, corrupt, foreign, from another build, or of the
  wrong type is a miss and is rebuilt (and rewritten), never an error.
"""

from __future__ import annotations

import os
import pickle
import stat
import sys
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar, cast

from .version import __version__

T = TypeVar("T")

try:  # the builtin module: hashlib's OpenSSL import costs a start-up ~2 ms more
    from _sha256 import sha256 as _sha256
except ImportError:  # pragma: no cover - other Python builds
    from hashlib import sha256 as _sha256
try:  # likewise: keyed BLAKE2b is a MAC by design, no HMAC construction needed
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - other Python builds
    from hashlib import blake2b as _blake2b

try:  # hmac.compare_digest without hmac's OpenSSL import
    from _operator import _compare_digest
except ImportError:  # pragma: no cover - other Python builds
    from hmac import compare_digest as _compare_digest  # type: ignore[no-redef]

MAGIC = b"copydesk-cache-1\n"
KEY_BYTES = 32
MAC_BYTES = 32
_POSIX = os.name == "posix"


def cache_dir() -> Path | None:
    if os.environ.get("COPYDESK_NO_CACHE"):
        return None
    base = os.environ.get("COPYDESK_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(xdg) / "copydesk" / "engine"


def key_path() -> Path:
    """The per-user MAC key: outside the cache directory, which may be shared."""
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(state) / "copydesk" / "cache.key"


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


# --- who may be trusted ----------------------------------------------------------


def private_dir(path: Path) -> bool:
    """True when ``path`` is a directory of this user that nobody else may write."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    return not _POSIX or (st.st_uid == os.geteuid() and not st.st_mode & 0o022)


def _make_private_dir(path: Path) -> bool:
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return False
    return private_dir(path)


@lru_cache(maxsize=4)
def _load_key(path: Path) -> bytes | None:
    """This user's MAC key, made on first use; None when it cannot be trusted."""
    if not _make_private_dir(path.parent):
        return None
    key = _read_key(path)
    if key is None and not path.exists():
        key = _create_key(path)
    return key


def _read_key(path: Path) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if not stat.S_ISREG(st.st_mode):
            return None
        if _POSIX and (st.st_uid != os.geteuid() or st.st_mode & 0o077):
            return None  # someone else could know it: it proves nothing
        key = handle.read(KEY_BYTES + 1)
    return key if len(key) == KEY_BYTES else None


def _create_key(path: Path) -> bytes | None:
    # Written whole under a temporary name, then linked into place: a reader never
    # sees half a key, and of two processes racing, both end up with the winner's.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(KEY_BYTES))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    except OSError:
        return None
    return _read_key(path)


def _mac(key: bytes, name: str, payload: bytes | memoryview) -> bytes:
    # The entry's name is sealed too: an entry copied under another name is a miss.
    mac = _blake2b(key=key, digest_size=MAC_BYTES)
    mac.update(name.encode())
    mac.update(payload)
    return mac.digest()


def seal(key: bytes, name: str, payload: bytes) -> bytes:
    """An entry file's bytes: magic, MAC, pickle."""
    return MAGIC + _mac(key, name, payload) + payload


def unseal(key: bytes, name: str, data: bytes) -> memoryview | None:
    """The pickle inside ``data`` if this user's key sealed it under ``name``."""
    head = len(MAGIC) + MAC_BYTES
    if len(data) < head or not data.startswith(MAGIC):
        return None
    payload = memoryview(data)[head:]
    return payload if _compare_digest(data[len(MAGIC) : head], _mac(key, name, payload)) else None


# --- the cache -------------------------------------------------------------------


def cached(
    kind: str,
    key: tuple[object, ...],
    build: Callable[[], T],
    *,
    expect: type[Any] | Callable[[Any], bool] | None = None,
) -> T:
    """Return ``build()``, memoised on disk under ``kind`` and ``key``.

    ``expect`` (a type, or a test of the value) guards what an entry holds: an
    entry that fails it is a miss.
    """
    directory = cache_dir()
    if directory is None:
        return build()
    secret = _load_key(key_path())
    if secret is None or not _make_private_dir(directory):
        return build()  # a cache we cannot trust is no cache
    stamp = (__version__, sys.version_info[:2], _code_stamp(), kind, key)
    name = f"{kind}-{_sha256(repr(stamp).encode()).hexdigest()[:32]}.pickle"
    path = directory / name
    hit = _read_entry(path, secret, name, expect)
    if hit is not None:
        return cast(T, hit[0])
    value = build()
    _write_entry(directory, path, secret, name, value)
    _prune(directory, kind)
    return value


def _read_entry(
    path: Path, secret: bytes, name: str, expect: type[Any] | Callable[[Any], bool] | None
) -> tuple[Any] | None:
    """``(value,)`` for a sound entry, None for a miss of any kind."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            data = handle.read()
    except OSError:
        return None
    payload = unseal(secret, name, data)
    if payload is None:
        return None
    try:
        value = pickle.loads(payload)
    except Exception:  # sealed by us, yet unreadable (a build we don't know): rebuild
        return None
    if expect is not None and not (isinstance(value, expect) if isinstance(expect, type) else expect(value)):
        return None
    return (value,)


def _write_entry(directory: Path, path: Path, secret: bytes, name: str, value: object) -> None:
    try:
        import tempfile  # not at module level: it drags in shutil, lzma, random

        data = seal(secret, name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")  # 0600
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, pickle.PicklingError):
        pass  # a read-only home is fine: we just rebuild next time


def _prune(directory: Path, kind: str, keep: int = 6) -> None:
    """Old entries (packs edited since) are dead weight: keep the newest few per kind."""
    try:
        entries = sorted(directory.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for stale in entries[keep:]:
        try:
            stale.unlink()
        except OSError:
            pass
