"""copydesk's own JSON API, which the review page calls.

``POST /api/check`` answers with exactly the document ``copydesk check --format
json`` prints (docs/copydesk.schema.json); ``/api/open`` reads an uploaded file
into the text its findings count in; ``/api/fix`` applies accepted suggestions
or every safe fix. Bodies are JSON (``application/json``, which a page on
another site cannot send without a CORS preflight this server never grants),
capped like ``/v2/check``'s, and the work runs in a thread under the server's
timeout. Errors are the server's plain-text ``Error: ...``.
"""

from __future__ import annotations

import json

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import drafts
from .app import MAX_BODY_BYTES, Service
from .params import RequestError, read_limited

JSON = "application/json"


async def read_json(request: Request) -> dict:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != JSON:
        raise RequestError(415, f"Send a JSON object as {JSON} (got {kind[:60] or 'no content type'})")
    raw = await read_limited(request, MAX_BODY_BYTES)
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        raise RequestError(400, f"The body is not valid JSON ({exc})") from None
    if not isinstance(body, dict):
        raise RequestError(400, "The body must be a JSON object")
    return body


async def _answer(request: Request, work) -> Response:
    service: Service = request.app.state.service
    body = await read_json(request)

    def run():
        draft = drafts.read_draft(body, service.max_chars)
        return work(draft, service.config, body)

    try:
        with anyio.fail_after(service.timeout):
            result = await anyio.to_thread.run_sync(run, abandon_on_cancel=True)
    except TimeoutError:
        raise RequestError(503, f"Checking took longer than {service.timeout:g} seconds") from None
    return JSONResponse(result, headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"})


async def api_check(request: Request) -> Response:
    return await _answer(request, lambda draft, config, body: drafts.report(draft, config))


async def api_open(request: Request) -> Response:
    def work(draft, config, body):
        return {
            "path": draft.path,
            "format": draft.kind,
            "text": draft.text,
            "report": drafts.report(draft, config),
        }

    return await _answer(request, work)


async def api_fix(request: Request) -> Response:
    return await _answer(request, drafts.fix_draft)


def api_routes() -> list[Route]:
    return [
        Route("/api/check", api_check, methods=["POST"]),
        Route("/api/open", api_open, methods=["POST"]),
        Route("/api/fix", api_fix, methods=["POST"]),
    ]
