"""``copydesk lsp``: a Language Server Protocol server over stdio for editors.

Diagnostics as the draft is typed, quick fixes, "fix all safe findings",
"disable for this line", and hover explanations, for Markdown, plain text and
HTML, with the workspace's config, house packs, baseline and locale applied as
`copydesk check` applies them. See docs/editors.md. pygls is imported only
when the server starts (``pip install 'copydesk[lsp]'``).
"""

from __future__ import annotations

__all__ = ["run_stdio"]


def run_stdio(*, config: str | None = None, baseline: str | None = None) -> None:
    """Serve one editor on stdin/stdout until it exits."""
    from .server import run_stdio as run

    run(config=config, baseline=baseline)
