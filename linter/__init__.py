"""copydesk: an editorial style-guide linter for sensitive reporting.

Public API (pure: no printing, deterministic order)::

    from linter import check_text, check_file, Finding, Config
    findings = check_text("The singer committed suicide.", filename="story.md")
"""

from __future__ import annotations

from .config import Config
from .model import Finding, Severity, Source

__all__ = ["Config", "Finding", "Severity", "Source", "check_file", "check_text", "load_packs"]
__version__ = "0.1.0"


def check_text(text: str, *, filename: str | None = None, config: Config | None = None,
               kind: str | None = None) -> list[Finding]:
    from .engine import check_text as _check_text

    return _check_text(text, filename=filename, config=config, kind=kind)


def check_file(path, *, config: Config | None = None) -> list[Finding]:
    """Read ``path`` (UTF-8/UTF-16 with BOM, any newline style; or a .docx) and check it.

    Word documents: offsets are into the paragraphs joined by blank lines, and
    each finding's ``location`` is ``paragraph N`` (``line`` is N, ``column``
    counts characters within that paragraph).
    """
    from .extract import kind_for

    if kind_for(str(path)) == "docx":
        from .engine import analyse, get_engine
        from .extract.docx import MAX_DOCX_BYTES, read_docx
        from .io import read_bytes

        word = read_docx(read_bytes(path, MAX_DOCX_BYTES), str(path))
        return word.relocate(analyse(word.extract(), get_engine(config or Config()))[0])
    from .io import read_source

    source = read_source(path)
    return check_text(source.text, filename=str(path), config=config)


def load_packs(extra=(), *, builtin: bool = True):
    from .packs import load_packs as _load_packs

    return _load_packs(tuple(extra), builtin=builtin)
