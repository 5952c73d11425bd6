"""copydesk: an editorial style-guide linter for sensitive reporting.

Public API (pure: no printing, deterministic order)::

    from linter import check_text, check_file, Finding, Config
    findings = check_text("The singer committed suicide.", filename="story.md")
"""

from __future__ import annotations

from .base.config import Config
from .base.model import Finding, Severity, Source
from .base.version import __version__

__all__ = ["__version__", "Config", "Finding", "Severity", "Source", "check_file", "check_text", "load_packs"]


def check_text(
    text: str, *, filename: str | None = None, config: Config | None = None, kind: str | None = None
) -> list[Finding]:
    from .engine import check_text as _check_text

    return _check_text(text, filename=filename, config=config, kind=kind)


def check_file(path, *, config: Config | None = None) -> list[Finding]:
    """Read ``path`` and check it, exactly as ``copydesk check`` reads a file.

    Text is UTF-8 or UTF-16 with a BOM, any newline style. Word documents:
    offsets are into the paragraphs joined by blank lines, and each finding's
    ``location`` is ``paragraph N`` (``line`` is N, ``column`` counts
    characters within that paragraph). Raises ``linter.inputs.files.ReadError`` naming
    the path when the file cannot be read or decoded.
    """
    from .inputs.extract import kind_for
    from .inputs.files import ReadError
    from .workspace.runner import Target, check_target

    result = check_target(Target(str(path), config or Config(), kind_for(str(path)), True))
    if result.error:
        raise ReadError(result.error)
    return result.findings


def load_packs(extra=(), *, builtin: bool = True):
    from .packs import load_packs as _load_packs

    return _load_packs(tuple(extra), builtin=builtin)
