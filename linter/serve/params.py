"""The /v2/check request: form fields decoded strictly, then validated as LT does.

Everything a client can get wrong ends here as a :class:`RequestError` whose
message becomes the plain-text ``Error: ...`` body; LT's own messages are kept
where clients may recognise them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote_to_bytes

from .wire import Annotated, RuleIds, WireError, parse_data

if TYPE_CHECKING:
    from starlette.requests import Request

MAX_FIELDS = 64  # a real client sends about ten
MAX_OPTION_CHARS = 10_000  # any field but text/data
TEXT_FIELDS = ("text", "data")
LOCALES = ("en-GB", "en-US")  # what our packs speak
# Every English code LanguageTool 6.x accepts, with its name there, and the locale
# whose guidance (spellings, helplines) is nearest: Commonwealth spelling for
# Australia, New Zealand and South Africa; Canada shares the US 988 helpline.
LANGUAGES = {
    "en-AU": "English (Australian)",
    "en-CA": "English (Canadian)",
    "en-GB": "English (GB)",
    "en-NZ": "English (New Zealand)",
    "en-US": "English (US)",
    "en-ZA": "English (South African)",
}
GUIDANCE = {
    "en-AU": "en-GB",
    "en-CA": "en-US",
    "en-GB": "en-GB",
    "en-NZ": "en-GB",
    "en-US": "en-US",
    "en-ZA": "en-GB",
}
# LanguageTool 6.x's ``level`` values (JLanguageTool.Level); copydesk's findings are the same at each.
LEVELS = (
    "default",
    "picky",
    "academic",
    "clarity",
    "professional",
    "creative",
    "customer",
    "jobapp",
    "objective",
    "elegant",
)
# LanguageTool's ``mode``: whole-text rules only, all but those, or all ("batch" is all).
MODES = ("all", "textLevelOnly", "allButTextLevelOnly", "batch")
_BAD_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")


class RequestError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


async def read_limited(request: Request, limit: int) -> bytes:
    """The request body, refused (413) once it passes ``limit`` bytes: before
    reading when Content-Length says so, else as soon as the stream does."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise RequestError(413, f"Request body exceeds {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestError(413, f"Request body exceeds {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


# --- form decoding --------------------------------------------------------------


def parse_form(raw: bytes) -> list[tuple[str, str]]:
    """``a=1&b=2`` (query string or urlencoded body) as decoded pairs, UTF-8 only."""
    pairs: list[tuple[str, str]] = []
    for piece in raw.split(b"&"):
        if not piece:
            continue
        if len(pairs) == MAX_FIELDS:
            raise RequestError(413, f"Too many form fields (the limit is {MAX_FIELDS})")
        name_raw, _, value_raw = piece.partition(b"=")
        name = _decode(name_raw, "a field name")
        if not name:
            raise RequestError(400, "Malformed form data: a field has no name")
        value = _decode(value_raw, f"parameter '{name[:40]}'")
        # text/data are measured after decoding (parse_check); the body cap bounds them here.
        if name not in TEXT_FIELDS and len(value) > MAX_OPTION_CHARS:
            raise RequestError(
                413,
                f"Parameter '{name[:40]}' is too long "
                f"({len(value)} characters; the limit is {MAX_OPTION_CHARS})",
            )
        pairs.append((name, value))
    return pairs


def _decode(raw: bytes, what: str) -> str:
    if _BAD_ESCAPE.search(raw):
        raise RequestError(400, f"Malformed form data: bad percent escape in {what}")
    data = unquote_to_bytes(raw.replace(b"+", b" "))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RequestError(400, f"Invalid UTF-8 in {what} (byte {exc.start})") from None


def merge_fields(*sources: list[tuple[str, str]]) -> dict[str, str]:
    """One value per name; the same name twice with different values is refused
    rather than silently picking one (LT reads the query string and the body)."""
    fields: dict[str, str] = {}
    for pairs in sources:
        for name, value in pairs:
            if fields.get(name, value) != value:
                raise RequestError(400, f"Parameter '{name[:40]}' is given more than once")
            fields[name] = value
    return fields


# --- validation -----------------------------------------------------------------


@dataclass(frozen=True)
class CheckRequest:
    doc: Annotated
    fields: dict  # as sent: forwarded to LanguageTool
    language: str  # what the response reports, e.g. en-AU
    locale: str  # whose guidance applies: en-US or en-GB
    mode: str | None  # LanguageTool's mode as sent (batch read as all), None when not sent
    enabled_only: bool
    enabled: tuple[str, ...]  # our rule and pack ids
    disabled: tuple[str, ...]
    lt: dict  # enabledRules/disabledRules/enabledCategories/disabledCategories left for LT


def parse_check(fields: dict[str, str], ids: RuleIds, *, default_locale: str, max_chars: int) -> CheckRequest:
    if "text" not in fields and "data" not in fields:
        raise RequestError(400, "Missing 'text' or 'data' parameter")
    if "text" in fields and "data" in fields:
        raise RequestError(400, "Set only 'text' or 'data' parameter, not both")
    language = language_of(fields, default_locale)
    level = fields.get("level")
    if level is not None and level not in LEVELS:
        raise RequestError(
            400, f"Unknown value '{level[:40]}' for parameter 'level'. Valid values: {', '.join(LEVELS)}"
        )
    mode = fields.get("mode")
    if mode is not None and mode not in MODES:
        raise RequestError(
            400,
            f"Mode must be one of 'textLevelOnly', 'allButTextLevelOnly', or 'all' but was: '{mode[:40]}'",
        )

    enabled_only = fields.get("enabledOnly", "").lower() in ("true", "yes")
    lists = {
        k: _split(fields.get(k, ""))
        for k in ("enabledRules", "disabledRules", "enabledCategories", "disabledCategories")
    }
    if enabled_only and (lists["disabledRules"] or lists["disabledCategories"]):
        raise RequestError(400, "You cannot specify disabled rules or categories using enabledOnly=true")
    if enabled_only and not (lists["enabledRules"] or lists["enabledCategories"]):
        raise RequestError(400, "You must specify enabled rules or categories when using enabledOnly=true")

    ours: dict[str, list[str]] = {"enabled": [], "disabled": []}
    lt: dict[str, list[str]] = {}
    for key, names in lists.items():
        resolve = ids.rule if key.endswith("Rules") else ids.pack
        side = "enabled" if key.startswith("enabled") else "disabled"
        for name in names:
            mine = resolve(name)
            if mine:
                ours[side].append(mine)
            else:
                lt.setdefault(key, []).append(name)

    doc = _document(fields, max_chars)
    return CheckRequest(
        doc=doc,
        fields=fields,
        language=language,
        locale=GUIDANCE.get(language, language),
        mode="all" if mode == "batch" else mode,
        enabled_only=enabled_only,
        enabled=tuple(sorted(set(ours["enabled"]))),
        disabled=tuple(sorted(set(ours["disabled"]))),
        lt=lt,
    )


def language_of(fields: dict[str, str], default_locale: str) -> str:
    code = fields.get("language", "").strip()
    if not code:
        raise RequestError(400, "Missing 'language' parameter, e.g. 'language=en-US' or 'language=en-GB'")
    variants = _split(fields.get("preferredVariants", ""))
    if variants and code.lower() != "auto":
        raise RequestError(400, "You specified 'preferredVariants' but you didn't specify 'language=auto'")
    known = {c.lower(): c for c in LANGUAGES}
    if code.lower() == "auto":
        return next((known[v.lower()] for v in variants if v.lower() in known), default_locale)
    if code.lower() == "en":
        return default_locale
    if code.lower() in known:
        return known[code.lower()]
    raise RequestError(
        400,
        f"'{code[:40]}' is not a language code known to copydesk. "
        f"Supported language codes are: auto, en, {', '.join(LANGUAGES)}",
    )


def _document(fields: dict[str, str], max_chars: int) -> Annotated:
    if "text" in fields:
        doc = Annotated.from_text(fields["text"])
    else:
        try:
            doc = parse_data(fields["data"])
        except WireError as exc:
            raise RequestError(400, str(exc)) from None
    if len(doc.plain) > max_chars:
        raise RequestError(
            413,
            f"Your text exceeds the limit of {max_chars} characters "
            f"(it has {len(doc.plain)}). Split it into smaller requests.",
        )
    return doc


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]
