"""Reading and writing drafts without losing anything: encoding, BOM, newlines."""

from __future__ import annotations

import codecs
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


class ReadError(Exception):
    """A file that cannot be checked; the message names the path and the reason."""


@dataclass(frozen=True)
class SourceFile:
    path: str
    text: str  # decoded, newlines as in the file
    encoding: str  # utf-8 | utf-8-sig | utf-16-le | utf-16-be
    raw: bytes

    @property
    def bom(self) -> bytes:
        return {"utf-8-sig": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE,
                "utf-16-be": codecs.BOM_UTF16_BE}.get(self.encoding, b"")


def decode(raw: bytes, path: str) -> tuple[str, str]:
    if raw.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8-sig", raw[3:]
    elif raw.startswith(codecs.BOM_UTF16_LE):
        encoding, body = "utf-16-le", raw[2:]
    elif raw.startswith(codecs.BOM_UTF16_BE):
        encoding, body = "utf-16-be", raw[2:]
    else:
        if b"\x00" in raw:
            raise ReadError(f"{path}: binary file (contains NUL bytes)")
        encoding, body = "utf-8", raw
    codec = "utf-8" if encoding.startswith("utf-8") else encoding
    try:
        return body.decode(codec), encoding
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(raw) - len(body))
        raise ReadError(f"{path}: cannot decode as {encoding} at byte {offset}") from None


def read_source(path) -> SourceFile:
    path = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ReadError(f"{path}: {exc.strerror or exc}") from None
    text, encoding = decode(raw, path)
    return SourceFile(path, text, encoding, raw)


def encode(text: str, encoding: str) -> bytes:
    bom = {"utf-8-sig": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE,
           "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    codec = "utf-8" if encoding.startswith("utf-8") else encoding
    return bom + text.encode(codec)


def write_atomic(path, data: bytes, *, expected: bytes | None = None) -> None:
    """Replace ``path`` with ``data`` so a crash leaves the old or the new file.

    The temporary file lives in the same directory (same filesystem, so the
    rename is atomic), is fsynced, and takes the original's mode. With
    ``expected``, refuse when the file changed on disk since it was read.
    """
    path = Path(path)
    if expected is not None and path.read_bytes() != expected:
        raise ReadError(f"{path}: changed on disk since it was read; not written")
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".copydesk-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
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
