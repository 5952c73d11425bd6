"""Reading and writing drafts without losing anything: encoding, BOM, newlines."""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass


class ReadError(Exception):
    """A file that cannot be checked; the message names the path and the reason."""


class BinaryFile(ReadError):
    """A file with NUL bytes and no UTF-16 BOM: skipped when walking, rejected when named."""


@dataclass(frozen=True)
class SourceFile:
    path: str
    text: str  # decoded, newlines as in the file
    encoding: str  # utf-8 | utf-8-sig | utf-16-le | utf-16-be
    raw: bytes

    @property
    def bom(self) -> bytes:
        return {
            "utf-8-sig": codecs.BOM_UTF8,
            "utf-16-le": codecs.BOM_UTF16_LE,
            "utf-16-be": codecs.BOM_UTF16_BE,
        }.get(self.encoding, b"")


def decode(raw: bytes, path: str) -> tuple[str, str]:
    if raw.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8-sig", raw[3:]
    elif raw.startswith(codecs.BOM_UTF16_LE):
        encoding, body = "utf-16-le", raw[2:]
    elif raw.startswith(codecs.BOM_UTF16_BE):
        encoding, body = "utf-16-be", raw[2:]
    else:
        if b"\x00" in raw:
            raise BinaryFile(f"{path}: binary file (contains NUL bytes)")
        encoding, body = "utf-8", raw
    codec = "utf-8" if encoding.startswith("utf-8") else encoding
    try:
        return body.decode(codec), encoding
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(raw) - len(body))
        raise ReadError(f"{path}: cannot decode as {encoding} at byte {offset}") from None


def open_regular(path, limit: int | None = None):
    """Open a regular file for binary reading; anything else is a :class:`ReadError`.

    Non-blocking open: a FIFO or device named like a draft must not hang the
    run. ``limit`` refuses absurd sizes before anything is read.
    """
    path = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ReadError(f"{path}: {exc.strerror or exc}") from None
    handle = os.fdopen(fd, "rb")
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise ReadError(f"{path}: is a directory")
        if not stat.S_ISREG(st.st_mode):
            raise ReadError(f"{path}: not a regular file")
        if limit is not None and st.st_size > limit:
            raise ReadError(
                f"{path}: too large ({st.st_size} bytes; the limit for this kind of file is {limit} bytes)"
            )
    except BaseException:
        handle.close()
        raise
    return handle


def read_bytes(path, limit: int | None = None) -> bytes:
    """The file's bytes (see :func:`open_regular`)."""
    with open_regular(path, limit) as handle:
        try:
            return handle.read()
        except OSError as exc:
            raise ReadError(f"{path}: {exc.strerror or exc}") from None


def read_source(path, limit: int | None = None) -> SourceFile:
    path = str(path)
    raw = read_bytes(path, limit)
    text, encoding = decode(raw, path)
    return SourceFile(path, text, encoding, raw)


def encode(text: str, encoding: str) -> bytes:
    bom = {
        "utf-8-sig": codecs.BOM_UTF8,
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
    }.get(encoding, b"")
    codec = "utf-8" if encoding.startswith("utf-8") else encoding
    return bom + text.encode(codec)


def write_atomic(path, data: bytes, *, expected: bytes | None = None) -> list[str]:
    """Atomic replace keeping mode and owner: see :func:`linter.inputs.writing.write_atomic`."""
    from .writing import write_atomic as write

    return write(path, data, expected=expected)
