"""Open only regular files, of bounded size: a FIFO, a device such as /dev/zero,
or a directory named where a file is expected must not hang a run or fill memory.

Every file copydesk reads goes through here (drafts via ``inputs.files``,
configs, packs, baselines)."""

from __future__ import annotations

import os
import stat
from typing import BinaryIO


class UnreadableFile(Exception):
    """Not a regular file, too large, or unreadable; the message names the path."""


def open_regular(path: str | os.PathLike[str], limit: int | None = None) -> BinaryIO:
    """Open a regular file for binary reading, or raise :class:`UnreadableFile`.

    Non-blocking open: a FIFO or device named like a file must not hang the
    run. ``limit`` refuses absurd sizes before anything is read.
    """
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise UnreadableFile(f"{name}: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise UnreadableFile(f"{name}: is a directory")
        if not stat.S_ISREG(st.st_mode):
            raise UnreadableFile(f"{name}: not a regular file")
        if limit is not None and st.st_size > limit:
            raise UnreadableFile(
                f"{name}: too large ({st.st_size} bytes; the limit for this kind of file is {limit} bytes)"
            )
    except BaseException:
        os.close(fd)
        raise
    # Opened only now: fdopen refuses a directory with an OSError of its own.
    handle = os.fdopen(fd, "rb")
    return handle


def read_regular(path: str | os.PathLike[str], limit: int | None = None) -> bytes:
    """The bytes of a regular file; never more than ``limit`` (a file growing while read too)."""
    with open_regular(path, limit) as handle:
        try:
            data: bytes = handle.read() if limit is None else handle.read(limit + 1)
        except OSError as exc:
            raise UnreadableFile(f"{path}: {exc.strerror or exc}") from None
    if limit is not None and len(data) > limit:
        raise UnreadableFile(f"{path}: too large (over {limit} bytes, the limit for this kind of file)")
    return data
