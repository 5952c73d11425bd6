"""Optional grammar layer: a real LanguageTool beside the guidance rules.

Importing this package is cheap on purpose: ``language_tool_python``,
``requests`` and the JVM are only touched inside the functions below, so a
pre-commit run without ``--grammar`` never pays for them.

Public API::

    install(cache_dir=None, progress=print) -> InstallInfo
    status(cache_dir=None, *, url=None, probe=True) -> GrammarStatus
    check_grammar(source, prose_ranges, *, locale="en-US", ...) -> list[Finding]
    shutdown() -> None            # stop this process's LanguageTool, if any
    GrammarUnavailable            # raised with a one-line reason
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import GrammarUnavailable, InstallError

if TYPE_CHECKING:  # for type checkers only; the real imports are lazy below
    from .install import GrammarStatus, InstallInfo

__all__ = ["GrammarUnavailable", "InstallError", "InstallInfo", "GrammarStatus",
           "install", "status", "check_grammar", "shutdown"]


def install(cache_dir=None, progress=print, **kwargs) -> "InstallInfo":
    """Provision a local LanguageTool; see :func:`linter.grammar.install.install`."""
    from .install import install as _install
    return _install(cache_dir, progress, **kwargs)


def status(cache_dir=None, **kwargs) -> "GrammarStatus":
    """Describe the LanguageTool setup; see :func:`linter.grammar.install.status`."""
    from .install import status as _status
    return _status(cache_dir, **kwargs)


def check_grammar(source, prose_ranges, **kwargs):
    """Run LanguageTool on the prose; see :func:`linter.grammar.layer.check_grammar`."""
    from .layer import check_grammar as _check
    return _check(source, prose_ranges, **kwargs)


def shutdown() -> None:
    """Stop this process's LanguageTool server if one was started."""
    from .server import shutdown as _shutdown
    _shutdown()
