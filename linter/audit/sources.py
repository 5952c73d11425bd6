"""An archive as partitions of rows: JSON Lines, Parquet, a tree of drafts, stdin.

Planning is cheap and deterministic (the same archive always splits the same
way), so a partition's number names the same rows on every run and a resumed
run can skip the ones already written. Reading a partition yields raw rows;
judging them (missing text, wrong types) is the partition's job.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .options import AuditOptions

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")
PARQUET_SUFFIXES = (".parquet", ".pq")
MAX_DRAFT_BYTES = 64 << 20


class SourceError(Exception):
    """The archive cannot be read at all (exit 2); a bad row is never this."""


@dataclass(frozen=True)
class Partition:
    index: int
    kind: str  # jsonl | parquet | files
    path: str = ""
    start: int = 0  # jsonl: byte offset; parquet: row group
    stop: int = 0  # jsonl: byte offset
    first_line: int = 1  # jsonl: the line number at ``start``
    files: tuple[str, ...] = ()  # files: the drafts, in walk order
    root: str = ""


@dataclass
class RawRow:
    locator: str  # where the row is: path:line, path#row, or a draft's path
    values: dict | None  # column -> value; None when the row could not be read
    error: str | None = None
    kind: str | None = None  # a draft's format


def archive_files(source: str) -> list[Path]:
    """The JSON Lines / Parquet files of SOURCE, or [] when it is a tree of drafts."""
    path = Path(source)
    if path.is_file():
        return [path]
    data = sorted(
        p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in JSONL_SUFFIXES + PARQUET_SUFFIXES
    )
    return data


def plan(source: str, options: AuditOptions) -> list[Partition]:
    path = Path(source)
    if not path.exists():
        raise SourceError(f"{source}: no such file or directory")
    files = archive_files(source)
    if path.is_dir() and not files:
        return _plan_drafts(path, options.partition_rows)
    parts: list[Partition] = []
    for file in files:
        suffix = file.suffix.lower()
        if suffix in PARQUET_SUFFIXES:
            parts.extend(_plan_parquet(file, options, len(parts)))
        elif suffix in JSONL_SUFFIXES or path.is_file():
            parts.extend(_plan_jsonl(file, options.partition_rows, len(parts)))
    return parts


def _plan_jsonl(file: Path, rows: int, base: int) -> list[Partition]:
    parts: list[Partition] = []
    start, line, count, offset = 0, 1, 0, 0
    with open(file, "rb") as handle:
        for raw in handle:
            offset += len(raw)
            count += 1
            if count == rows:
                parts.append(Partition(base + len(parts), "jsonl", str(file), start, offset, line))
                start, line, count = offset, line + rows, 0
    if count:
        parts.append(Partition(base + len(parts), "jsonl", str(file), start, offset, line))
    return parts


def _plan_parquet(file: Path, options: AuditOptions, base: int) -> list[Partition]:
    """One partition per row group: Parquet's own unit of independent reading
    (dask.dataframe splits the same way). Write archives with row groups of a
    few thousand rows to parallelise finely."""
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(file)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise SourceError(f"{file}: not a readable Parquet file ({exc})") from None
    names = meta.schema_arrow.names
    if options.text_column not in names:
        raise SourceError(
            f"{file}: no text column {options.text_column!r} (columns: {', '.join(names)}); use --text-column"
        )
    return [
        Partition(base + i, "parquet", str(file), i)
        for i in range(meta.num_row_groups)
        if meta.metadata.row_group(i).num_rows
    ]


def _plan_drafts(root: Path, rows: int) -> list[Partition]:
    from ..inputs.extract import KIND_BY_SUFFIX

    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith((".", "~$")) and Path(name).suffix.lower() in KIND_BY_SUFFIX:
                files.append(str(Path(dirpath) / name))
    return [
        Partition(i, "files", files=tuple(files[at : at + rows]), root=str(root))
        for i, at in enumerate(range(0, len(files), rows))
    ]


def fingerprint(parts: list[Partition]) -> list[list]:
    """Size and modification time of every file: a resumed run must see the same archive."""
    seen: dict[str, list] = {}
    for part in parts:
        for name in part.files or (part.path,):
            if name not in seen:
                st = os.stat(name)
                seen[name] = [name, st.st_size, st.st_mtime_ns]
    return list(seen.values())


def spool_stdin(stream, out_dir: Path) -> Path:
    """Copy standard input to OUT/stdin.jsonl, so it can be partitioned and resumed.

    A resumed run with the same input keeps the earlier copy (same digest)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "stdin.jsonl"
    tmp = out_dir / "stdin.jsonl.part"
    digest = hashlib.sha256()
    with open(tmp, "wb") as handle:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
            handle.write(block)
    stamp = out_dir / "stdin.sha256"
    if target.exists() and stamp.exists() and stamp.read_text() == digest.hexdigest():
        tmp.unlink()
        return target
    os.replace(tmp, target)
    stamp.write_text(digest.hexdigest())
    return target


def read_rows(part: Partition, options: AuditOptions) -> Iterator[RawRow]:
    if part.kind == "jsonl":
        yield from _jsonl_rows(part)
    elif part.kind == "parquet":
        yield from _parquet_rows(part, options)
    else:
        yield from _draft_rows(part)


def _jsonl_rows(part: Partition) -> Iterator[RawRow]:
    with open(part.path, "rb") as handle:
        handle.seek(part.start)
        line, offset = part.first_line, part.start
        while offset < part.stop:
            raw = handle.readline()
            if not raw:
                break
            offset += len(raw)
            where = f"{part.path}:{line}"
            line += 1
            if not raw.strip():
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield RawRow(where, None, f"undecodable bytes (not UTF-8 at byte {exc.start})")
                continue
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                yield RawRow(where, None, f"not JSON ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(value, dict):
                yield RawRow(where, None, f"a JSON {type(value).__name__}, not an object")
                continue
            yield RawRow(where, value)


def _parquet_rows(part: Partition, options: AuditOptions) -> Iterator[RawRow]:
    import pyarrow.parquet as pq

    handle = pq.ParquetFile(part.path)
    wanted = {options.text_column, *(c for _, c in options.columns), *options.keep}
    columns = [n for n in handle.schema_arrow.names if n in wanted]
    row = sum(handle.metadata.row_group(i).num_rows for i in range(part.start))
    for batch in handle.iter_batches(batch_size=500, row_groups=[part.start], columns=columns):
        for values in batch.to_pylist():
            yield RawRow(f"{part.path}#{row}", values)
            row += 1


def _draft_rows(part: Partition) -> Iterator[RawRow]:
    from ..inputs.extract import kind_for
    from ..inputs.files import ReadError, decode, read_bytes

    for name in part.files:
        where = os.path.relpath(name, part.root)
        kind = kind_for(name)
        try:
            raw = read_bytes(name, MAX_DRAFT_BYTES)
            if kind == "docx":
                from ..inputs.extract.docx import read_docx

                text, kind = read_docx(raw, name).text, "text"
            else:
                text, _ = decode(raw, name)
        except ReadError as exc:
            yield RawRow(where, None, str(exc).removeprefix(f"{name}: "))
            continue
        except Exception as exc:  # a damaged Word file: python-docx and zipfile raise many types
            yield RawRow(where, None, f"cannot read ({exc.__class__.__name__}: {exc})")
            continue
        yield RawRow(where, {"text": text, "id": where}, kind=kind)
