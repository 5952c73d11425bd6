"""Bounds on one answer: how many matches it carries and how long it may take.

A 20,000-character text can hold a finding every ten characters; without a cap
its answer ran to tens of megabytes. The cap is LanguageTool-style: the first
matches in text order, and ``incompleteResults`` saying the rest were left out.
"""

from __future__ import annotations

import time

from ..engine import CheckTimeout

DEFAULT_MAX_MATCHES = 500  # per response, ours and a forwarded LanguageTool's together


def cap_matches(matches: list[dict], limit: int) -> tuple[list[dict], str | None]:
    """The first ``limit`` matches, and the reason for ``incompleteResults`` if any were cut."""
    if len(matches) <= limit:
        return matches, None
    return matches[:limit], (
        f"Only the first {limit} matches are returned; check the rest of the text in a separate request"
    )


def past(deadline: float) -> None:
    """Stop the work of a request whose deadline has passed (its client has its 503)."""
    if time.monotonic() > deadline:
        raise CheckTimeout
