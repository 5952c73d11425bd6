"""``--grammar-url``: send the same check to a real LanguageTool and merge its matches.

The client's own ``text``/``data`` goes to LT unchanged, so LT's offsets already
count in the same text as ours. Our rule and category ids are taken out of the
lists first (LT would not know them). If LT fails or is slow, the writer still
gets our guidance: the response says ``incompleteResults`` with the reason.

urllib rather than requests: one dependency fewer, and its timeout is enough.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request

from .params import CheckRequest

_LIST_KEYS = ("enabledRules", "disabledRules", "enabledCategories", "disabledCategories")
_DROP = {"callback", "c"}  # JSONP and compact mode would change the answer's shape
MAX_REPLY_BYTES = 16 * 1024 * 1024


def base_url(url: str) -> str:
    """``http://host:8010``, ``.../`` and ``.../v2`` all name the same server."""
    url = url.strip().rstrip("/")
    return url[:-3] if url.endswith("/v2") else url


def lt_form(req: CheckRequest) -> dict | None:
    """The form for LT, or None when it has nothing to do (enabledOnly naming only our rules)."""
    if req.enabled_only and not (req.lt.get("enabledRules") or req.lt.get("enabledCategories")):
        return None
    form = {k: v for k, v in req.fields.items() if k not in _DROP and k not in _LIST_KEYS}
    form.update({k: ",".join(v) for k, v in req.lt.items() if v})
    return form


def forward(url: str, form: dict, timeout: float) -> tuple[list[dict], str | None]:
    """LT's matches and None, or ``([], reason)`` when it could not answer in time."""
    where = base_url(url)
    body = urllib.parse.urlencode(form).encode()
    # The socket timeout bounds each read; the deadline bounds them all, so a
    # server that trickles its answer cannot hold the request past its time.
    deadline = time.monotonic() + max(timeout, 0.1)
    try:
        with urllib.request.urlopen(f"{where}/v2/check", body, timeout=max(timeout, 0.1)) as resp:
            chunks, size = [], 0
            while size <= MAX_REPLY_BYTES:
                if time.monotonic() > deadline:
                    raise TimeoutError
                chunk = resp.read1(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            raw = b"".join(chunks)
    except urllib.error.HTTPError as exc:
        detail = exc.read(500).decode("utf-8", "replace").strip().splitlines()
        return [], f"LanguageTool at {where} answered HTTP {exc.code}: {detail[0] if detail else exc.reason}"
    except TimeoutError:
        return [], f"LanguageTool at {where} did not answer within {timeout:.1f} s"
    except urllib.error.URLError as exc:
        return [], f"LanguageTool at {where} is unreachable: {exc.reason}"
    except (OSError, ValueError) as exc:  # reset connections, malformed URLs
        return [], f"LanguageTool at {where} failed: {exc}"
    if len(raw) > MAX_REPLY_BYTES:
        return [], f"LanguageTool at {where} sent more than {MAX_REPLY_BYTES} bytes"
    try:
        reply = json.loads(raw)
        matches = [m for m in reply["matches"] if _well_formed(m)]
    except (ValueError, KeyError, TypeError):
        return [], f"LanguageTool at {where} did not send LanguageTool JSON"
    warnings = reply.get("warnings") if isinstance(reply.get("warnings"), dict) else {}
    reason = None
    if warnings.get("incompleteResults"):
        reason = f"LanguageTool: {warnings.get('incompleteResultsReason') or 'incomplete results'}"
    return matches, reason


def _well_formed(m) -> bool:
    return (
        isinstance(m, dict)
        and isinstance(m.get("offset"), int)
        and isinstance(m.get("length"), int)
        and m["offset"] >= 0
        and m["length"] >= 0
    )


def merge(ours: list[dict], theirs: list[dict]) -> list[dict]:
    """Both lists in offset order. On the very same span our guidance wins; LT's
    exact repeats (same span, same rule) go. Ties keep ours first (stable sort)."""
    ours_spans = {(m["offset"], m["length"]) for m in ours}
    seen, kept = set(), []
    for m in theirs:
        span = (m["offset"], m["length"])
        rule = m.get("rule")
        key = (*span, str(rule.get("id") if isinstance(rule, dict) else rule))
        if span not in ours_spans and key not in seen:
            seen.add(key)
            kept.append(m)
    return sorted(ours + kept, key=lambda m: m["offset"])
