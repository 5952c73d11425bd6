"""The HTTP app: LanguageTool's ``/v2`` API, answered with copydesk guidance.

Stack: Starlette on uvicorn (ASGI). Both are small, widely used and actively
released; uvicorn brings a production process manager (``--workers``, worker
restarts, ``--proxy-headers``, ``--limit-concurrency``) so no second server is
needed, and the async side lets one worker bound every request in time
(``anyio.fail_after``) while the CPU-bound check runs in a worker thread, even
when a forwarded LanguageTool call is slow.

Safety: no endpoint touches files (packs are loaded in :func:`create_app`),
bodies are capped before they are read, the checked text is capped like LT's
public API (20,000 characters), and every bad input is a 4xx ``Error: ...``.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import asdict, dataclass, fields

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from ..base.config import Config, id_selected
from ..base.version import __version__
from ..engine import CheckTimeout, check_text, get_engine
from ..engine.suppress import UNUSED_RULE
from .forward import forward, lt_form, merge
from .info import INFO_ROUTES
from .limits import DEFAULT_MAX_MATCHES, cap_matches, past
from .params import (
    LANGUAGES,
    LOCALES,
    CheckRequest,
    RequestError,
    merge_fields,
    parse_check,
    parse_form,
    read_limited,
)
from .scope import DOCUMENT, anchor, scope_of
from .wire import Rendering, RuleIds, to_match

DEFAULT_MAX_CHARS = 20_000  # LanguageTool's public API limit per request
DEFAULT_TIMEOUT = 10.0  # seconds for a whole /v2/check, body upload and LT call included
# A form-encoded character can take 12 bytes (4 UTF-8 bytes, each %XX), data JSON more.
MAX_BODY_BYTES = 2 * 1024 * 1024
# serve(workers>1) hands its settings to uvicorn's worker processes through these.
ENV_CONFIG, ENV_GRAMMAR_URL = "COPYDESK_SERVE_CONFIG", "COPYDESK_SERVE_GRAMMAR_URL"
ENV_MAX_CHARS, ENV_TIMEOUT = "COPYDESK_SERVE_MAX_CHARS", "COPYDESK_SERVE_TIMEOUT"
ENV_MAX_MATCHES = "COPYDESK_SERVE_MAX_MATCHES"
ENV_CONFIG_FILE = "COPYDESK_SERVE_CONFIG_FILE"  # a .copydesk.toml, for a bare uvicorn command
FORM = "application/x-www-form-urlencoded"

log = logging.getLogger("copydesk.serve")


@dataclass
class Service:
    """What every request of one worker shares; ``check`` runs in a worker thread."""

    config: Config
    grammar_url: str | None
    max_chars: int
    timeout: float
    ids: RuleIds
    titles: dict[str, str]
    document_rules: frozenset[str]  # whole-article rules: need the whole story
    max_matches: int = DEFAULT_MAX_MATCHES

    def check(self, query: bytes, body: bytes, deadline: float) -> dict:
        """The answer, or :class:`CheckTimeout` once ``deadline`` has passed: the
        work stops then, rather than running on in an abandoned thread."""
        fields_ = merge_fields(parse_form(query), parse_form(body))
        req = parse_check(fields_, self.ids, default_locale=self.config.locale, max_chars=self.max_chars)
        scope = scope_of(req.doc.plain, req.mode)
        whole = scope == DOCUMENT
        findings = check_text(
            req.doc.plain, config=self.config_for(req), kind="text", fragment=not whole, deadline=deadline
        )
        if req.enabled_only and self.config.select:  # the house selection still applies
            findings = [f for f in findings if id_selected(f.rule, self.config.select)]
        if req.mode == "textLevelOnly":
            findings = [f for f in findings if f.rule in self.document_rules]
        if whole:
            findings = anchor(findings, req.doc.plain, self.document_rules)
        # Matches past the cap are never rendered; LT's are merged in below.
        findings = findings[: self.max_matches + 1]
        rendering = Rendering(req.doc, self.titles, self.document_rules)
        explained: set[str] = set()  # the why goes with a rule's first match only
        matches = []
        for f in findings:
            past(deadline)
            matches.append(to_match(f, rendering, why=f.rule not in explained))
            explained.add(f.rule)
        reason = None
        grammar_url = self.grammar_url
        form = lt_form(req) if grammar_url else None
        if grammar_url and form is not None:
            # LanguageTool gets its own deadline inside the request's, so our
            # matches always come back (marked incomplete) however slow it is.
            past(deadline)
            remaining = deadline - time.monotonic()
            theirs, reason = forward(grammar_url, form, max(0.1, min(remaining * 0.75, remaining - 0.5)))
            matches = merge(matches, theirs)
        matches, capped = cap_matches(matches, self.max_matches)
        return response(req.language, matches, capped or reason, scope=scope, locale=req.locale)

    def answer(self, query: bytes, body: bytes, deadline: float) -> bytes:
        """:meth:`check` as JSON bytes: encoding a large answer is work the deadline bounds too."""
        result = self.check(query, body, deadline)
        past(deadline)
        return json.dumps(result, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def config_for(self, req: CheckRequest) -> Config:
        """The house config narrowed by the request; sorted tuples keep engines cached."""
        base = self.config
        if req.enabled_only:  # like LanguageTool: naming a rule or category switches it on
            return base.replace(
                locale=req.locale, select=req.enabled, enable=tuple(sorted({*base.enable, *req.enabled}))
            )
        return base.replace(
            locale=req.locale,
            enable=tuple(sorted({*base.enable, *req.enabled})),
            ignore=tuple(sorted({*base.ignore, *req.disabled})),
        )


def response(
    language: str, matches: list[dict], incomplete: str | None, *, scope: str = DOCUMENT, locale: str = ""
) -> dict:
    warnings: dict = {"incompleteResults": incomplete is not None}
    if incomplete:
        warnings["incompleteResultsReason"] = incomplete
    name = LANGUAGES[language]
    return {
        "software": {
            "name": "copydesk",
            "version": __version__,
            "apiVersion": 1,
            "premium": False,
            "status": "",
        },
        "warnings": warnings,
        "language": {
            "name": name,
            "code": language,
            "detectedLanguage": {"name": name, "code": language, "confidence": 1.0, "source": "request"},
        },
        "matches": matches,
        # Our addition: whether the text was read as the whole story or one paragraph
        # (docs/serve.md), and whose guidance applied (en-AU gets en-GB's).
        "copydesk": {"scope": scope, "locale": locale or language},
    }


# --- endpoints ---------------------------------------------------------------------


async def healthcheck(request: Request) -> Response:
    return PlainTextResponse("OK")


async def languages(request: Request) -> Response:
    # As LanguageTool lists them: plain English first, then the variants by name.
    return JSONResponse(
        [{"name": "English", "code": "en", "longCode": "en"}]
        + [
            {"name": name, "code": code.split("-")[0], "longCode": code}
            for code, name in sorted(LANGUAGES.items(), key=lambda kv: kv[1])
        ]
    )


async def check(request: Request) -> Response:
    service: Service = request.app.state.service
    deadline = time.monotonic() + service.timeout
    try:
        with anyio.fail_after(service.timeout):
            body = await read_body(request) if request.method == "POST" else b""
            # abandon_on_cancel: past the deadline we answer at once; the thread
            # looks at the same deadline between hits and stops (CheckTimeout).
            result = await anyio.to_thread.run_sync(
                service.answer, request.scope["query_string"], body, deadline, abandon_on_cancel=True
            )
    except (TimeoutError, CheckTimeout):
        raise RequestError(503, f"Checking took longer than {service.timeout:g} seconds") from None
    return Response(result, media_type="application/json")


async def read_body(request: Request) -> bytes:
    kind = request.headers.get("content-type", FORM).split(";")[0].strip().lower()
    if kind != FORM:
        raise RequestError(415, f"Send the parameters as {FORM} (got {kind[:60]})")
    return await read_limited(request, MAX_BODY_BYTES)


# --- errors: LanguageTool's plain-text "Error: ..." ----------------------------------


def error(status: int, message: str) -> Response:
    return PlainTextResponse(f"Error: {message}", status_code=status)


async def on_request_error(request: Request, exc: RequestError) -> Response:
    return error(exc.status, exc.message)


async def on_http_error(request: Request, exc: HTTPException) -> Response:
    if exc.status_code == 404:
        return error(
            404,
            f"Unknown endpoint {request.url.path[:100]}; this server answers "
            "/v2/check, /v2/languages, /v2/info, /v2/configinfo, /v2/maxtextlength and /v2/healthcheck",
        )
    if exc.status_code == 405:
        return error(405, f"{request.method} is not allowed for {request.url.path}")
    return error(exc.status_code, str(exc.detail))


async def on_disconnect(request: Request, exc: ClientDisconnect) -> Response:
    return error(400, "The client closed the connection before sending the whole request")


async def on_crash(request: Request, exc: Exception) -> Response:
    log.exception("internal error on %s", request.url.path)
    return error(500, "Internal error while checking; the server is still running")


# --- the app -------------------------------------------------------------------------


def create_app(
    config: Config | None = None,
    grammar_url: str | None = None,
    *,
    max_chars: int | None = None,
    timeout: float | None = None,
    max_matches: int | None = None,
) -> Starlette:
    """The ASGI app. Arguments left out come from the ``COPYDESK_SERVE_*`` environment
    (how ``serve(workers=N)`` reaches uvicorn's worker processes), then defaults."""
    env = os.environ
    config = config or config_from_env(env)
    grammar_url = grammar_url or env.get(ENV_GRAMMAR_URL) or None
    max_chars = max_chars or int(env.get(ENV_MAX_CHARS) or DEFAULT_MAX_CHARS)
    timeout = timeout or float(env.get(ENV_TIMEOUT) or DEFAULT_TIMEOUT)
    max_matches = max_matches or int(env.get(ENV_MAX_MATCHES) or DEFAULT_MAX_MATCHES)

    if config.locale not in LOCALES:
        raise ValueError(f"copydesk serve speaks {' and '.join(LOCALES)}, not {config.locale}")
    engine = get_engine(config)  # reads every pack now, so requests never touch files
    ids = RuleIds(
        [r.id for r in engine.all_rules] + [UNUSED_RULE],
        [p.id for p in engine.packs] + [UNUSED_RULE.split(".")[0]],
    )
    for locale in LOCALES:  # warm both locales' engines and the lazy imports
        check_text("Warm-up.", config=config.replace(locale=locale), kind="text")
    service = Service(
        config,
        grammar_url,
        max_chars,
        timeout,
        ids,
        {p.id: p.title for p in engine.packs},
        frozenset(r.id for r in engine.all_rules if r.kind == "document"),
        max_matches,
    )

    from .api import api_routes  # the review page and its API (they import this module)
    from .page import page_routes

    app = Starlette(
        routes=[
            Route("/v2/healthcheck", healthcheck, methods=["GET"]),
            Route("/v2/languages", languages, methods=["GET"]),
            Route("/v2/check", check, methods=["GET", "POST"]),
            *INFO_ROUTES,
            *api_routes(),
            *page_routes(),
        ],
        exception_handlers={
            RequestError: on_request_error,  # type: ignore[dict-item]  # starlette's stub wants handlers of any Exception; each gets only its key's type
            HTTPException: on_http_error,  # type: ignore[dict-item]  # starlette's stub wants handlers of any Exception; each gets only its key's type
            ClientDisconnect: on_disconnect,  # type: ignore[dict-item]  # starlette's stub wants handlers of any Exception; each gets only its key's type
            Exception: on_crash,
        },
    )
    app.state.service = service
    return app


def config_from_env(env) -> Config:
    if env.get(ENV_CONFIG):
        return config_from_json(env[ENV_CONFIG])
    if env.get(ENV_CONFIG_FILE):
        from pathlib import Path

        from ..workspace.configfile import load_config_file

        return load_config_file(Path(env[ENV_CONFIG_FILE])).config
    return Config()


def config_to_json(config: Config) -> str:
    return json.dumps(asdict(config))


def config_from_json(text: str) -> Config:
    """Inverse of :func:`config_to_json`: JSON lists back into the tuples Config holds."""

    def tup(v):
        return tuple(tup(x) for x in v) if isinstance(v, list) else v

    known = {f.name for f in fields(Config)}
    return Config(**{k: tup(v) for k, v in json.loads(text).items() if k in known})
