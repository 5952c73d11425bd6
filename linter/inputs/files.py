"""Reading and writing drafts without losing anything: encoding, BOM, newlines."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from ..base.regular import UnreadableFile, read_regular
from ..base.regular import open_regular as _open_regular


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
    try:
        return _open_regular(path, limit)
    except UnreadableFile as exc:
        raise ReadError(str(exc)) from None


def read_bytes(path, limit: int | None = None) -> bytes:
    """The file's bytes (see :func:`open_regular`), never more than ``limit``."""
    try:
        return read_regular(path, limit)
    except UnreadableFile as exc:
        raise ReadError(str(exc)) from None


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
