"""Writing files without losing anything, and only the files we were asked to write.

Every file copydesk writes goes through here: a draft fixed in place
(:func:`write_atomic`), and every output a command names — a baseline, a fixed
copy, the starter files, the rules reference (:func:`write_output`).

- A rewrite is atomic (a temporary file in the same directory, fsynced, then
  renamed over the original) and keeps the original's mode, owner and group;
  a file it cannot give back to its owner, or one that is read-only, is
  refused rather than replaced.
- A file with several hard links is replaced under this name only, and the
  caller is told the link was broken.
- A temporary file carries the writer's process id in its name, so one left by
  a killed run is recognised and removed by the next `fix` of that directory
  (or output written there).
- An output path may not be a FIFO, device or directory, one of the files
  being read, or an existing file that is not ours, unless forced.
"""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from .files import ReadError

TEMP_SUFFIX = ".copydesk-tmp"
# ".NAME.<pid>.<random>.copydesk-tmp"; before pids were recorded: ".NAME.<random>.copydesk-tmp".
_TEMP_RE = re.compile(r"^\.(?P<name>.+?)\.(?:(?P<pid>\d+)\.)?[a-z0-9_]{8}\.copydesk-tmp$")
# A temporary file lives for the few milliseconds of one write: one this old is
# stranded whatever its process id says (the id may have been reused).
STALE_AFTER_SECONDS = 3600


# The line every generated reference (docs/rules.md, docs/sources.md) carries.
GENERATED_MARKER = b"by `copydesk rules docs`. Do not edit by hand."


class OutputRefused(ReadError):
    """An output path copydesk will not write; the message says why and how to override."""


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def remove_stale_temps(directory: str | Path) -> list[str]:
    """Delete temporary files a killed copydesk left in ``directory``; return what was removed.

    A temporary file is stale when the process that made it is gone, or when it
    is older than an hour. Only files of our own naming, and only the caller's
    own (or any, for root) are touched.
    """
    removed: list[str] = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if not entry.name.endswith(TEMP_SUFFIX):
            continue
        m = _TEMP_RE.match(entry.name)
        if m is None:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode) or (os.geteuid() != 0 and st.st_uid != os.geteuid()):
            continue
        old = now - st.st_mtime > STALE_AFTER_SECONDS
        pid = m.group("pid")
        if not old and (pid is None or _alive(int(pid))):
            continue
        try:
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(entry.path)
    return removed


def stale_temp_notes(directory: str | Path) -> list[str]:
    return [
        f"{path}: removed a temporary file left by an interrupted copydesk run"
        for path in remove_stale_temps(directory)
    ]


def _refuse_unwritable(path: Path, st: os.stat_result) -> None:
    """A read-only file stays read-only: root included, whom permissions do not stop."""
    mode = stat.S_IMODE(st.st_mode)
    if not mode & 0o222:
        raise ReadError(f"{path}: read-only (mode {mode:04o}); not written (make it writable to fix it)")
    if not os.access(path, os.W_OK):
        raise ReadError(f"{path}: you cannot write this file (mode {mode:04o}); not written")


def _keep_owner(tmp: str, st: os.stat_result, path: Path) -> None:
    """Give the new file the original's owner and group, or refuse to replace it."""
    mine = os.stat(tmp)
    if (mine.st_uid, mine.st_gid) == (st.st_uid, st.st_gid):
        return
    try:
        os.chown(tmp, st.st_uid, st.st_gid)
        return
    except PermissionError:
        pass
    if mine.st_uid == st.st_uid:
        try:
            os.chown(tmp, -1, st.st_gid)  # a group we belong to
            return
        except PermissionError:
            pass
    raise ReadError(
        f"{path}: owned by uid {st.st_uid}, group {st.st_gid}; a rewrite would hand it to you "
        f"(uid {mine.st_uid}); not written (run as its owner)"
    )


def write_atomic(path, data: bytes, *, expected: bytes | None = None) -> list[str]:
    """Replace ``path`` with ``data`` so a crash leaves the old or the new file.

    The temporary file lives in the same directory (same filesystem, so the
    rename is atomic), is fsynced, and takes the original's mode, owner and
    group. With ``expected``, refuse when the file changed on disk since it was
    read. A symlink is followed: its target is replaced and the link stays a
    link. Returns notes for the user (a broken hard link). Stale temporary
    files are not swept here (a scan per write would make fixing a large
    directory quadratic): callers sweep each directory once.
    """
    path = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    notes: list[str] = []  # stale temporary files are swept once per directory, by the caller
    try:
        st: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        st = None
    if st is not None:
        if not stat.S_ISREG(st.st_mode):
            raise OutputRefused(f"{path}: not a regular file; not written")
        _refuse_unwritable(path, st)
    if expected is not None and path.read_bytes() != expected:
        raise ReadError(f"{path}: changed on disk since it was read; not written")
    import tempfile  # not at module level: it drags in shutil, lzma, random

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if st is not None:
            _keep_owner(tmp, st, path)
        # chmod after chown: chown clears the set-id bits.
        os.chmod(tmp, stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask())
        if expected is not None and path.read_bytes() != expected:
            raise ReadError(f"{path}: changed on disk since it was read; not written")
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    if st is not None and st.st_nlink > 1:
        others = st.st_nlink - 1
        notes.append(
            f"{path}: had {st.st_nlink} hard links; the link is broken: only this name has the "
            f"new text, the other {others} name{'s' if others > 1 else ''} keep the old"
        )
    return notes


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_output(
    path: str | Path,
    *,
    what: str,
    reads: Iterable[str] = (),
    ours: Callable[[Path], bool] | None = None,
    force: bool = False,
) -> Path:
    """Where writing ``path`` (an output a command names) would land, or :class:`OutputRefused`.

    Never a directory, FIFO or device. Without ``force``, never one of the
    files being read (``reads``), nor an existing file unless ``ours(path)``
    says copydesk wrote it (a baseline, the generated rules reference).
    """
    given = Path(path)
    target = Path(os.path.realpath(given))
    hint = f"use --force to overwrite it (or name another file for the {what})"
    try:
        st = os.stat(target)
    except FileNotFoundError:
        if not target.parent.is_dir():
            raise OutputRefused(f"{given}: cannot write {what} (no such directory {target.parent})") from None
        return target
    except OSError as exc:
        raise OutputRefused(f"{given}: cannot write {what} ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise OutputRefused(f"{given}: is a directory; name the file to write the {what} to")
    if not stat.S_ISREG(st.st_mode):
        raise OutputRefused(f"{given}: not a regular file (a FIFO, socket or device); {what} not written")
    if force:
        return target
    for name in reads:
        try:
            other = os.stat(name)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
            raise OutputRefused(f"{given}: is a file being read ({name}); {hint}")
    if ours is None:
        raise OutputRefused(f"{given}: exists; {hint}")
    if not ours(target):
        raise OutputRefused(f"{given}: exists and is not a copydesk {what}; {hint}")
    return target


def write_output(
    path: str | Path,
    data: bytes,
    *,
    what: str,
    reads: Iterable[str] = (),
    ours: Callable[[Path], bool] | None = None,
    force: bool = False,
) -> list[str]:
    """Check ``path`` with :func:`check_output`, then write it atomically; return notes."""
    target = check_output(path, what=what, reads=reads, ours=ours, force=force)
    return stale_temp_notes(target.parent) + write_atomic(target, data)


def starts_with(marker: bytes, limit: int = 4096) -> Callable[[Path], bool]:
    """An ``ours`` test: the file's first ``limit`` bytes contain ``marker``."""

    def test(path: Path) -> bool:
        from .files import open_regular

        try:
            with open_regular(path) as handle:
                return marker in handle.read(limit)
        except (ReadError, OSError):
            return False

    return test
