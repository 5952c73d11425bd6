"""The partition manifest in the output directory: what the run is, and which
partitions are done. A resumed run with other options or a changed archive is
refused rather than mixing two audits in one dataset."""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

from .options import AuditOptions
from .sources import Partition, fingerprint

MANIFEST = "manifest.json"


class ManifestMismatch(Exception):
    pass


def open_run(out: Path, source: str, options: AuditOptions, parts: list[Partition], fresh: bool) -> set[int]:
    """Write or check the manifest; return the partitions already done."""
    out.mkdir(parents=True, exist_ok=True)
    wanted = {
        "version": 1,
        "source": source,
        "options": options.fingerprint(),
        "files": fingerprint(parts),
        "partitions": [asdict(p) for p in parts],
    }
    path = out / MANIFEST
    if path.exists() and not fresh:
        have = json.loads(path.read_text("utf-8"))
        for key in ("source", "options", "files", "partitions"):
            if have.get(key) != json.loads(json.dumps(wanted[key])):
                raise ManifestMismatch(
                    f"{out}: holds an audit with different {key}; use --fresh to start over or another --out"
                )
        return done_partitions(out)
    if fresh:
        for folder in ("done", "findings", "articles", "wordings", "rejects", "summary"):
            for file in (out / folder).glob("*") if (out / folder).is_dir() else ():
                file.unlink()
    tmp = out / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(wanted, indent=1), "utf-8")
    os.replace(tmp, path)
    return set()


def done_partitions(out: Path) -> set[int]:
    folder = out / "done"
    return {int(p.stem) for p in folder.glob("*.json")} if folder.is_dir() else set()


def done_counts(out: Path) -> list[dict]:
    folder = out / "done"
    return [json.loads(p.read_text("utf-8")) for p in sorted(folder.glob("*.json"))]
