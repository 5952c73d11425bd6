"""The drafts behind ``/api/check``, ``/api/open`` and ``/api/fix``: no HTTP here.

A draft arrives as pasted text or as a file's bytes (base64 in the JSON body)
and is read exactly as ``copydesk check`` reads a file: BOM and UTF-16
honoured, Word documents through their paragraphs. Fixes go through
``linter.fixing`` so "accept all safe fixes" gives what ``copydesk fix`` (or
``fix --output`` for Word) writes. Nothing here touches the filesystem.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from ..base.config import Config
from ..engine import analyse, get_engine
from ..fixing.edits import Edit, Skip, apply_edits, fix_text
from ..inputs.extract import KIND_BY_SUFFIX, extract, kind_for
from ..inputs.files import BinaryFile, ReadError, decode, encode
from ..report.json_report import render_json
from ..workspace.runner import FileResult, Run
from .params import RequestError

KINDS = ("text", "markdown", "html", "docx")
MAX_PATH_CHARS = 255
MAX_EDITS = 1_000  # accepted suggestions or dismissed findings in one request


@dataclass
class Draft:
    path: str  # a name for the report and the download, never opened
    kind: str
    text: str  # what finding offsets count in (a Word file's paragraph text)
    encoding: str = "utf-8"
    raw: bytes | None = None  # the uploaded file, when there was one


def read_draft(body: dict, max_chars: int) -> Draft:
    """A draft from ``{"text": ...}`` or ``{"file": base64}``, plus ``path`` and ``format``."""
    path = body.get("path", "draft.txt")
    if not isinstance(path, str) or not path or len(path) > MAX_PATH_CHARS or not path.isprintable():
        raise RequestError(
            400, f"'path' must be a printable file name of at most {MAX_PATH_CHARS} characters"
        )
    kind = body.get("format")
    if kind is None:
        suffix = path[path.rfind(".") :].lower() if "." in path else ""
        if suffix and suffix != ".docx" and suffix not in KIND_BY_SUFFIX:
            raise RequestError(
                415, f"{path}: unsupported file type {suffix!r}; send 'format' to check it anyway"
            )
        kind = "docx" if suffix == ".docx" else kind_for(path)
    if kind not in KINDS:
        raise RequestError(400, f"'format' must be one of {', '.join(KINDS)}")
    if ("text" in body) == ("file" in body):
        raise RequestError(400, "Send exactly one of 'text' (the draft) or 'file' (its bytes, base64)")
    if "text" in body:
        text = body["text"]
        if not isinstance(text, str):
            raise RequestError(400, "'text' must be a string")
        if kind == "docx":
            raise RequestError(400, "A Word document comes as 'file' (its bytes, base64), not 'text'")
        draft = Draft(path, kind, text)
    else:
        raw = _base64(body["file"])
        try:
            if kind == "docx":
                from ..inputs.extract.docx import read_docx

                draft = Draft(path, kind, read_docx(raw, path).text, raw=raw)
            else:
                text, encoding = decode(raw, path)
                draft = Draft(path, kind, text, encoding, raw)
        except (BinaryFile, ReadError) as exc:
            raise RequestError(422, str(exc)) from None
    if len(draft.text) > max_chars:
        raise RequestError(
            413, f"{path}: the draft has {len(draft.text)} characters; this server checks at most {max_chars}"
        )
    return draft


def _base64(value) -> bytes:
    if not isinstance(value, str):
        raise RequestError(400, "'file' must be the file's bytes as a base64 string")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise RequestError(400, "'file' is not valid base64") from None


def check_draft(draft: Draft, config: Config) -> FileResult:
    """The same findings and suppressions ``copydesk check`` reports for this file."""
    engine = get_engine(config)
    if draft.kind == "docx":
        from ..inputs.extract.docx import read_docx

        assert draft.raw is not None
        word = read_docx(draft.raw, draft.path)
        findings, suppressions = analyse(word.extract(), engine)
        findings = word.relocate(findings)
    else:
        findings, suppressions = analyse(extract(draft.text, draft.kind), engine)
    return FileResult(draft.path, findings, suppressions, draft.text, config=config)


def report(draft: Draft, config: Config) -> dict:
    """The ``copydesk check --format json`` document for this one draft."""
    return json.loads(render_json(Run([check_draft(draft, config)], [])))


# --- fixing ---------------------------------------------------------------------------


def fix_draft(draft: Draft, config: Config, body: dict) -> dict:
    """Apply the suggestions the editor accepted, or every safe fix; the revised draft back.

    ``accept``: ``[{"rule", "offset", "end_offset", "suggestion"}]``, each naming a
    current finding and one of its suggestions. ``safe: true``: what ``copydesk fix``
    applies, leaving alone the findings in ``skip`` (``[{"rule", "offset",
    "end_offset"}]``, the dismissed ones, returned moved to the revised text).
    """
    accept, safe = body.get("accept"), body.get("safe", False)
    if (accept is None) == (safe is not True):
        raise RequestError(400, "Send either 'accept' (a list of suggestions) or \"safe\": true")
    skip = Skip(_spans(body.get("skip", []), "skip", with_suggestion=False))
    declined: list[dict] = []
    edits = None
    if accept is not None:
        edits, declined = _accepted(draft, config, _spans(accept, "accept", with_suggestion=True))
    if draft.kind == "docx":
        revised, applied, more = _fix_word(draft, config, edits, skip)
        declined += more
    else:
        if edits is not None:
            text, applied = apply_edits(draft.text, edits), edits
            skip.follow(edits)
        else:
            text, applied = fix_text(draft.text, config=config, kind=draft.kind, skip=skip)
        revised = Draft(draft.path, draft.kind, text, draft.encoding, None)
        revised.raw = encode(text, draft.encoding)
    assert revised.raw is not None
    return {
        "path": draft.path,
        "format": draft.kind,
        "text": revised.text,
        "file": base64.b64encode(revised.raw).decode("ascii"),
        "applied": [_edit_dict(e) for e in applied],
        "declined": declined,
        "skip": [
            {"rule": r, "offset": s, "end_offset": e} for r, s, e in sorted(skip.spans, key=lambda t: t[1:])
        ],
        "report": report(revised, config),
    }


def _spans(items, key: str, *, with_suggestion: bool) -> list:
    if not isinstance(items, list) or len(items) > MAX_EDITS:
        raise RequestError(400, f"'{key}' must be a list of at most {MAX_EDITS} findings")
    out = []
    for item in items:
        ok = (
            isinstance(item, dict)
            and isinstance(item.get("rule"), str)
            and all(type(item.get(k)) is int and item[k] >= 0 for k in ("offset", "end_offset"))
            and (not with_suggestion or isinstance(item.get("suggestion"), str))
        )
        if not ok:
            fields_ = "rule, offset, end_offset" + (", suggestion" if with_suggestion else "")
            raise RequestError(400, f"each item of '{key}' needs {fields_}")
        span = (item["rule"], item["offset"], item["end_offset"])
        out.append((*span, item["suggestion"]) if with_suggestion else span)
    return out


def _accepted(draft: Draft, config: Config, wanted: list) -> tuple[list[Edit], list[dict]]:
    """Each accepted suggestion checked against the draft's current findings."""
    findings = {(f.rule, f.offset, f.end_offset): f for f in check_draft(draft, config).findings}
    doc = None if draft.kind == "docx" else extract(draft.text, draft.kind)
    edits: list[Edit] = []
    declined: list[dict] = []
    for rule, start, end, suggestion in wanted:
        f = findings.get((rule, start, end))
        if f is None:
            reason = "no such finding in this draft (was it already changed?)"
        elif suggestion not in f.suggestions:
            reason = "not one of the finding's suggestions"
        elif f.in_quote:
            reason = "quoted words are never rewritten"
        elif doc is not None and not doc.rewritable(start, end, suggestion):
            reason = "the words span markup; edit them by hand"
        elif any(start < e.end and e.start < end for e in edits):
            reason = "overlaps another accepted suggestion"
        else:
            edits.append(Edit(start, end, suggestion, f))
            continue
        declined.append({"rule": rule, "offset": start, "end_offset": end, "reason": reason})
    return sorted(edits, key=lambda e: e.start), declined


def _fix_word(draft: Draft, config: Config, edits, skip: Skip):
    """A corrected copy of a Word file, exactly as ``copydesk fix --output`` makes it."""
    from ..fixing.docx import fix_docx
    from ..inputs.extract.docx import read_docx

    assert draft.raw is not None
    result = fix_docx(draft.raw, draft.path, config, edits=edits, skip=skip)
    if result.error:
        raise RequestError(422, result.error)
    raw = result.data if result.data is not None else draft.raw
    text = read_docx(raw, draft.path).text if result.data is not None else draft.text
    declined = [
        {
            "rule": f.rule,
            "offset": f.offset,
            "end_offset": f.end_offset,
            "reason": f"{reason}; edit it in Word",
        }
        for f, reason in result.declined
    ]
    return Draft(draft.path, "docx", text, raw=raw), result.applied, declined


def _edit_dict(edit: Edit) -> dict:
    return {
        "rule": edit.finding.rule,
        "offset": edit.start,
        "end_offset": edit.end,
        "match": edit.finding.match,
        "replacement": edit.replacement,
    }
