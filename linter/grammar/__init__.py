"""Optional grammar layer: a real LanguageTool beside the guidance rules.

Importing this package is cheap on purpose: ``language_tool_python``,
``requests`` and the JVM are only touched when a function below runs, and the
submodules themselves load on first attribute access (PEP 562), so a
pre-commit run without ``--grammar`` pays for none of it.

Public API (``install``/``status`` live in the ``linter.grammar.install``
module, whose name they would otherwise shadow)::

    from linter.grammar.install import install, status
    from linter.grammar import check_grammar, shutdown, GrammarUnavailable, InstallError

    install(cache_dir=None, progress=print, *, version="6.8", try_download=True) -> InstallInfo
    status(cache_dir=None, *, url=None, probe=True) -> GrammarStatus
    check_grammar(source, prose_ranges, *, locale="en-US", disabled_rules=(),
                  disabled_categories=(), picky=False, spellcheck=True, words=(),
                  url=None, timeout=30.0, start_timeout=None, cache_dir=None) -> list[Finding]
    shutdown() -> None             # stop this process's LanguageTool (also runs at exit)
    GrammarUnavailable(reason)     # LanguageTool can't answer; .reason is one line
    InstallError                   # provisioning failed; the message names what to install
"""

from __future__ import annotations

import importlib

from .errors import GrammarUnavailable, InstallError

_LAZY = {
    "InstallInfo": ".runtime",
    "GrammarStatus": ".status",
    "find_install": ".runtime",
    "default_cache_dir": ".runtime",
    "check_grammar": ".layer",
    "shutdown": ".server",
    "stats": ".server",
}

__all__ = ["GrammarUnavailable", "InstallError", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
