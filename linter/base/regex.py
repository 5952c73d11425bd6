"""RE2 for every regular expression a pack supplies: linear time, so a house
pack's pattern cannot hang a run. Imported only when a regex rule exists."""

from __future__ import annotations

from typing import Any  # re2 ships no type information: its objects are Any to mypy


def re2_options() -> Any:
    """Case-insensitive by default; RE2's memory limit raised so big patterns stay fast."""
    import re2

    options = re2.Options()
    options.case_sensitive = False
    options.max_mem = 64 << 20
    return options


def compile_regex(pattern: str) -> Any:
    """RE2: linear time, so a house pack's pattern cannot hang a run."""
    import re2

    options = re2_options()
    try:
        compiled = re2.compile(pattern, options)
    except re2.error as exc:
        raise ValueError(str(exc)) from None
    return compiled
