"""The review page at ``GET /``: plain HTML, CSS and JavaScript shipped in the package.

No CDN, no build step. The page renders draft text only through DOM text
nodes, and every answer here carries a Content-Security-Policy that allows
nothing but this server's own script, style and API, so a draft holding
``<script>`` (or an attribute handler) is shown and never run.
"""

from __future__ import annotations

from importlib.resources import files

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

# The page's whole world: its own files and its own API. No inline script or
# style, no plugins, no frames, no forms posting elsewhere.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-cache",
}
# Served by name only: no path from the request ever reaches the filesystem.
ASSETS = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/static/page.js": ("page.js", "text/javascript; charset=utf-8"),
    "/static/page.css": ("page.css", "text/css; charset=utf-8"),
}


def page_routes() -> list[Route]:
    """The page's routes, its files read now: like the packs, never during a request."""
    static = files("linter.serve") / "static"
    return [
        Route(path, _responder((static / name).read_bytes(), kind)) for path, (name, kind) in ASSETS.items()
    ]


def _responder(body: bytes, media_type: str):
    async def serve_asset(request: Request) -> Response:
        return Response(body, media_type=media_type, headers=HEADERS)

    return serve_asset
