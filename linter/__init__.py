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
    """Read ``path`` and check it, exactly as ``copydesk check`` reads a file.

    Text is UTF-8 or UTF-16 with a BOM, any newline style. Word documents:
    offsets are into the paragraphs joined by blank lines, and each finding's
    ``location`` is ``paragraph N`` (``line`` is N, ``column`` counts
    characters within that paragraph). Raises ``linter.io.ReadError`` naming
    the path when the file cannot be read or decoded.
    """
    from .extract import kind_for
    from .io import ReadError
    from .runner import Target, check_target

    result = check_target(Target(str(path), config or Config(), kind_for(str(path)), True))
    if result.error:
        raise ReadError(result.error)
    return result.findings


def load_packs(extra=(), *, builtin: bool = True):
    from .packs import load_packs as _load_packs

    return _load_packs(tuple(extra), builtin=builtin)
