"""The /v2 endpoints LanguageTool clients call besides /v2/check.

LanguageTool's Java client (``RemoteLanguageTool``) asks ``/v2/maxtextlength``
and ``/v2/configinfo`` by POST, and fails on a 404; others ask ``/v2/info``.
The answers have LanguageTool's shapes (its ``ApiV2`` handler): a bare number
as text, and JSON objects with ``software``, ``parameter`` and ``rules``.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from ..base.model import Severity
from ..base.version import __version__
from ..engine import get_engine
from .params import (
    GUIDANCE,
    MAX_OPTION_CHARS,
    RequestError,
    language_of,
    merge_fields,
    parse_form,
    read_limited,
)
from .wire import lt_rule_id

SOFTWARE = {"name": "copydesk", "version": __version__, "buildDate": None, "premium": False}


async def max_text_length(request: Request) -> Response:
    return PlainTextResponse(str(request.app.state.service.max_chars))


async def software_info(request: Request) -> Response:
    return JSONResponse({"software": SOFTWARE})


async def config_info(request: Request) -> Response:
    """``language`` required, as in LanguageTool; our rules for that language."""
    service = request.app.state.service
    fields = merge_fields(parse_form(request.scope["query_string"]), parse_form(await _small_body(request)))
    if not fields.get("language"):
        raise RequestError(400, "'language' parameter missing")
    language = language_of(fields, service.config.locale)
    engine = get_engine(service.config.replace(locale=GUIDANCE.get(language, language)))
    rules = []
    for rule in engine.all_rules:
        if rule.locales and engine.config.locale not in rule.locales:
            continue
        entry = {"ruleId": lt_rule_id(rule.id), "description": rule.id.split(".", 1)[1].replace("-", " ")}
        if not engine.is_active(rule):  # a house switch, or turned off by the config
            entry["isDefaultOff"] = "yes"
        title = service.titles.get(rule.pack, rule.pack)
        entry.update(categoryId=rule.pack, categoryName=title, locQualityIssueType=_issue_type(rule, engine))
        if rule.kind == "document":
            entry.update(isTextLevelRule="yes", minToCheckParagraph="-1")  # -1: the whole text
        rules.append(entry)
    return JSONResponse(
        {
            "software": dict(SOFTWARE),
            "parameter": {"maxTextLength": service.max_chars},
            "rules": rules,
        }
    )


def _issue_type(rule, engine) -> str:
    # The same mapping as a match's rule.issueType (wire.issue_type), before any reading.
    if rule.kind == "document":
        return "omission"
    return "terminology" if engine.severity_of(rule) >= Severity.WARNING else "style"


async def _small_body(request: Request) -> bytes:
    """A form body of a few fields at most (the Java client sends one NUL byte to
    /v2/maxtextlength, ``language=...`` to /v2/configinfo)."""
    if request.method != "POST":
        return b""
    return await read_limited(request, MAX_OPTION_CHARS)


INFO_ROUTES = [
    Route("/v2/maxtextlength", max_text_length, methods=["GET", "POST"]),
    Route("/v2/info", software_info, methods=["GET", "POST"]),
    Route("/v2/configinfo", config_info, methods=["GET", "POST"]),
]
