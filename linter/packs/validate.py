"""Validate one pack's YAML into Rule objects.

Validation is strict and precise: every problem is reported as
``FILE:LINE: key: what was expected`` so a standards editor can fix a house
pack without reading Python.

Over 350 lines on purpose: the whole pack schema (pack, source, rule,
suggestion, example keys) is in one module so that every key's error message
stands beside its check; splitting it by section is the next clean-up.
"""

from __future__ import annotations

import re
from typing import NoReturn

from ..base.model import SOURCE_ACCESS, SOURCE_KINDS, ReportedBy, Severity, Source
from .model import Example, Near, Pack, PackError, Rule, StoryType, Suggestion
from .readings import NO_READINGS, parse_cues, parse_rule_readings
from .yamlload import LineDict, LineList, YamlError, load_yaml

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SPAN_RE = re.compile(r"\[([^\[\]]+)\]")
MAX_PACK_BYTES = 2_000_000
MAX_PHRASE_CHARS = 200
MAX_REGEX_CHARS = 1_000
LOCALES = ("en-US", "en-GB")
# A whole-article rule judges what a story lacks: a shorter text (a paragraph sent
# alone, an excerpt) cannot show that, so such rules wait for this many words.
DOCUMENT_MIN_WORDS = 80


class _Checker:
    """Validation helpers bound to one file, so errors always carry its path."""

    def __init__(self, path: str):
        self.path = path

    def fail(self, line: int, key: str, message: str) -> NoReturn:
        raise PackError(self.path, line, f"{key}: {message}")

    def mapping(self, value, line: int, key: str, allowed: dict[str, bool]) -> LineDict:
        """Check a mapping's keys; ``allowed`` maps key -> required."""
        if not isinstance(value, LineDict):  # load_yaml builds every mapping as a LineDict
            self.fail(line, key, f"expected a mapping, got {type(value).__name__}")
        for name in value:
            if name not in allowed:
                expected = ", ".join(sorted(allowed))
                self.fail(
                    value.line_of(name),
                    f"{key}.{name}" if key else str(name),
                    f"unknown key; expected one of: {expected}",
                )
        for name, required in allowed.items():
            if required and name not in value:
                self.fail(value.line, f"{key}.{name}" if key else name, "missing required key")
        return value

    def string(self, mapping: LineDict, name: str, key: str, *, required=True, max_len=10_000):
        value = mapping.get(name)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(mapping.line_of(name), key, "expected a non-empty string")
        if len(value) > max_len:
            self.fail(mapping.line_of(name), key, f"too long ({len(value)} > {max_len} characters)")
        return value.strip()

    def string_list(self, mapping: LineDict, name: str, key: str, *, max_len=MAX_PHRASE_CHARS):
        value = mapping.get(name)
        line = mapping.line_of(name)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            self.fail(line, key, "expected a non-empty list of strings")
        out = []
        for index, item in enumerate(value):
            item_line = value.line_of(index) if isinstance(value, LineList) else line
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str) or not item.strip():
                self.fail(item_line, f"{key}[{index}]", "expected a non-empty string")
            if len(item) > max_len:
                self.fail(item_line, f"{key}[{index}]", f"too long (> {max_len} characters)")
            out.append(item.strip())
        return tuple(out)

    def members(self, mapping: LineDict, name: str, key: str, allowed, problem: str):
        """A list of strings, each one of ``allowed``; ``problem`` names the bad one ({})."""
        values = self.string_list(mapping, name, key)
        for value in values:
            if value not in allowed:
                self.fail(mapping.line_of(name), key, problem.format(repr(value)))
        return values

    def int_in(self, mapping: LineDict, name: str, key: str, low: int, high: int, default: int):
        value = mapping.get(name, default)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.fail(mapping.line_of(name), key, f"expected an integer from {low} to {high}")
        return value


PACK_KEYS = {
    "reading_cues": False,
    "pack": True,
    "title": True,
    "description": True,
    "sources": True,
    "names": False,
    "story_type": False,
    "rules": True,
}
SOURCE_KEYS = {
    "id": True,
    "organisation": True,
    "title": True,
    "year": True,
    "url": True,
    "kind": True,
    "publisher": False,
    "access": False,
    "reported_by": False,
}
REPORTED_BY_KEYS = {"url": True, "label": True}
STORY_KEYS = {"id": True, "label": True, "threshold": True, "cues": True}
RULE_KEYS = {
    "id": True,
    "severity": True,
    "kind": False,
    "match": False,
    "regex": False,
    "inflect": False,
    "message": True,
    "messages": False,
    "whys": False,
    "story_sources": False,
    "why": True,
    "suggest": False,
    "fix": False,
    "sources": True,
    "unless_near": False,
    "only_near": False,
    "proper_nouns": False,
    "locales": False,
    "enabled": False,
    "story_types": False,
    "examples": True,
    "when": False,
    "require_any": False,
    "readings": False,
    "min_words": False,
    "misspellings": False,
}
NEAR_KEYS = {"words": True, "before": False, "after": False, "within": False}
EXAMPLE_KEYS = {"text": True, "locale": False, "suggest": False, "fixed": False}
INFLECT_MODES = ("noun", "verb", "none")


def _misspellings(chk: _Checker, raw: LineDict, key: str) -> tuple[tuple[str, str], ...]:
    """``misspellings: {transexual: transsexual}``: matched like the rule's phrases,
    and the message says the spelling is wrong too."""
    if "misspellings" not in raw:
        return ()
    table = raw["misspellings"]
    where = f"{key}.misspellings"
    if not isinstance(table, LineDict) or not table:
        chk.fail(raw.line_of("misspellings"), where, "expected a mapping of misspelling: right spelling")
    out = []
    for wrong, right in table.items():
        if not isinstance(wrong, str) or not isinstance(right, str) or not wrong.strip() or not right.strip():
            chk.fail(
                table.line_of(wrong), f"{where}.{wrong}", "expected a misspelling and its right spelling"
            )
        if "{" in wrong or len(wrong) > MAX_PHRASE_CHARS:
            chk.fail(table.line_of(wrong), f"{where}.{wrong}", "a misspelling is a plain phrase")
        out.append((wrong.strip(), right.strip()))
    return tuple(out)


def _parse_example(chk: _Checker, item, line: int, key: str, marked: bool) -> Example:
    extra = {}
    if isinstance(item, dict):
        item = chk.mapping(item, line, key, EXAMPLE_KEYS)
        text = chk.string(item, "text", f"{key}.text")
        locale = item.get("locale")
        if locale is not None and locale not in LOCALES:
            chk.fail(item.line_of("locale"), f"{key}.locale", f"expected one of {', '.join(LOCALES)}")
        extra = {
            "locale": locale,
            "suggest": chk.string(item, "suggest", f"{key}.suggest", required=False),
            "fixed": chk.string(item, "fixed", f"{key}.fixed", required=False),
        }
    elif isinstance(item, str) and item.strip():
        text = item.strip()
    else:
        chk.fail(line, key, "expected a string or a mapping with 'text'")
    spans, plain, cursor = [], [], 0
    for m in SPAN_RE.finditer(text):
        plain.append(text[cursor : m.start()])
        start = sum(map(len, plain))
        plain.append(m.group(1))
        spans.append((start, start + len(m.group(1))))
        cursor = m.end()
    plain.append(text[cursor:])
    clean = "".join(plain)
    if "[" in clean or "]" in clean:
        chk.fail(line, key, "unbalanced or nested [ ] in example")
    if marked and not spans:
        chk.fail(line, key, "a flag example must mark the expected span with [ ]")
    if not marked and spans:
        chk.fail(line, key, "a pass example must not contain [ ] markers")
    return Example(clean, tuple(spans), line=line, **extra)


def _parse_near(chk: _Checker, value, line: int, key: str) -> tuple[Near, ...]:
    items = value if isinstance(value, list) else [value]
    out = []
    for index, item in enumerate(items):
        item_key = f"{key}[{index}]" if isinstance(value, list) else key
        item_line = value.line_of(index) if isinstance(value, LineList) else line
        chk.mapping(item, item_line, item_key, NEAR_KEYS)
        words = chk.string_list(item, "words", f"{item_key}.words")
        within = chk.int_in(item, "within", f"{item_key}.within", 0, 50, 0)
        before = chk.int_in(item, "before", f"{item_key}.before", 0, 50, within)
        after = chk.int_in(item, "after", f"{item_key}.after", 0, 50, within)
        if before == 0 and after == 0:
            chk.fail(item.line, item_key, "set 'within', 'before' or 'after' to a window of 1 to 50 words")
        out.append(Near(tuple(w.lower() for w in words), before, after))
    return tuple(out)


def _parse_suggestions(chk: _Checker, value, line: int, key: str, story_ids) -> dict:
    def one_list(items, item_line, list_key):
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list):
            chk.fail(item_line, list_key, "expected a list of suggestions")
        out = []
        for index, item in enumerate(items):
            sub_line = items.line_of(index) if isinstance(items, LineList) else item_line
            if isinstance(item, dict):
                item = chk.mapping(
                    item, sub_line, f"{list_key}[{index}]", {"text": True, "plural": False, "article": False}
                )
                article = item.get("article", True)
                if not isinstance(article, bool):
                    chk.fail(
                        item.line_of("article"), f"{list_key}[{index}].article", "expected true or false"
                    )
                out.append(
                    Suggestion(
                        chk.string(item, "text", f"{list_key}[{index}].text"),
                        chk.string(item, "plural", f"{list_key}[{index}].plural", required=False),
                        article,
                    )
                )
            elif isinstance(item, str) and item.strip():
                out.append(Suggestion(item.strip()))
            else:
                chk.fail(sub_line, f"{list_key}[{index}]", "expected a string or {text, plural}")
        return tuple(out)

    if value is None:
        return {}
    if isinstance(value, dict):
        value = chk.mapping(value, line, key, {name: False for name in value})
        result = {}
        for name, items in value.items():
            if name != "default" and name not in story_ids:
                chk.fail(
                    value.line_of(name),
                    f"{key}.{name}",
                    "unknown story type; expected 'default' or one of: " + ", ".join(sorted(story_ids)),
                )
            result[name] = one_list(items, value.line_of(name), f"{key}.{name}")
        return result
    return {"default": one_list(value, line, key)}


_WORD_RE = re.compile(r"\w+")


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD_RE.findall(text.lower().replace("\u2019", "'")))


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def _refuse_self_growing(chk: _Checker, raw, key: str, phrases, regex, suggest: dict) -> None:
    """A safe fix whose rewrite contains its own match ("bad word" -> "very bad word")
    would be rewritten again on every run, growing the draft each time: refused."""
    from ..base.inflect import inflect_phrase, surface_forms

    forms = {_words(form): form for phrase, mode in phrases for form in surface_forms(phrase, mode)}
    modes = {mode for _, mode in phrases} or {"none"}
    compiled = None
    if regex is not None:
        from ..base.regex import compile_regex

        compiled = compile_regex(regex)
    for story, suggestions in suggest.items():
        where = f"{key}.suggest" + ("" if story == "default" else f".{story}")
        for suggestion in suggestions:
            rendered = {suggestion.text} | ({suggestion.plural} if suggestion.plural else set())
            for mode in modes:
                rendered |= set(inflect_phrase(suggestion.text, mode).values())
            for text in sorted(rendered):
                words = _words(text)
                hit = next((form for seq, form in forms.items() if _contains(words, seq)), None)
                if hit is None and compiled is not None and compiled.search(text):
                    hit = f"the rule's regex ({compiled.search(text).group(0)!r})"
                if hit is not None:
                    chk.fail(
                        raw.line_of("suggest"),
                        where,
                        f"the safe fix {text!r} contains the rule's own match {hit!r}, so every "
                        "`copydesk fix` would rewrite it again and grow the draft; reword the "
                        "suggestion, or set fix: none",
                    )


def _parse_rule(
    chk: _Checker, raw, line: int, pack_id: str, sources: dict, story_ids: frozenset, index: int
) -> Rule:
    named = isinstance(raw, dict) and isinstance(raw.get("id"), str)
    key = f"rules[{raw['id']}]" if named else f"rules[{index}]"
    chk.mapping(raw, line, key, RULE_KEYS)
    short = chk.string(raw, "id", "id")
    key = f"rules[{short}]"
    if not ID_RE.match(short):
        chk.fail(raw.line_of("id"), f"{key}.id", "expected lowercase letters, digits and hyphens")
    severity_name = raw.get("severity")
    if severity_name not in ("error", "warning", "suggestion", "note"):
        chk.fail(
            raw.line_of("severity"), f"{key}.severity", "expected one of: error, warning, suggestion, note"
        )
    kind = raw.get("kind", "phrase")
    if kind not in ("phrase", "regex", "document"):
        chk.fail(raw.line_of("kind"), f"{key}.kind", "expected one of: phrase, regex, document")
    inflect = raw.get("inflect", "noun")
    if inflect not in INFLECT_MODES:
        chk.fail(raw.line_of("inflect"), f"{key}.inflect", "expected one of: noun, verb, none")

    phrases: list[tuple[str, str]] = []
    regex = None
    when: tuple[str, ...] = ()
    require_any: dict = {}
    min_words = 0
    if kind == "phrase":
        if "match" not in raw:
            chk.fail(raw.line, f"{key}.match", "phrase rules need 'match' (a list of phrases)")
        items = raw["match"] if isinstance(raw["match"], list) else [raw["match"]]
        for index, item in enumerate(items):
            item_line = items.line_of(index) if isinstance(items, LineList) else raw.line_of("match")
            if isinstance(item, dict):
                item = chk.mapping(
                    item, item_line, f"{key}.match[{index}]", {"phrase": True, "inflect": False}
                )
                mode = item.get("inflect", inflect)
                if mode not in INFLECT_MODES:
                    chk.fail(
                        item.line_of("inflect"),
                        f"{key}.match[{index}].inflect",
                        "expected one of: noun, verb, none",
                    )
                phrase = chk.string(item, "phrase", f"{key}.match[{index}].phrase", max_len=MAX_PHRASE_CHARS)
            elif isinstance(item, str) and item.strip() and len(item) <= MAX_PHRASE_CHARS:
                phrase, mode = item.strip(), inflect
            else:
                chk.fail(
                    item_line,
                    f"{key}.match[{index}]",
                    f"expected a phrase of 1 to {MAX_PHRASE_CHARS} characters",
                )
            if not any(ch.isalnum() for ch in phrase):
                chk.fail(item_line, f"{key}.match[{index}]", "a phrase needs at least one letter or digit")
            if "{" in phrase or "}" in phrase:
                from .slots import load_slot_classes, phrase_slot_error

                problem = phrase_slot_error(phrase, load_slot_classes())
                if problem:
                    chk.fail(item_line, f"{key}.match[{index}]", problem)
            phrases.append((phrase, mode))
    elif kind == "regex":
        regex = chk.string(raw, "regex", f"{key}.regex", max_len=MAX_REGEX_CHARS)
        from ..base.regex import compile_regex  # local: only regex rules pay for RE2

        try:
            compile_regex(regex)
        except ValueError as exc:
            chk.fail(raw.line_of("regex"), f"{key}.regex", f"pattern does not compile: {exc}")
    else:
        when = chk.string_list(raw, "when", f"{key}.when")
        req = raw.get("require_any")
        if not isinstance(req, LineDict) or not req:
            chk.fail(
                raw.line_of("require_any"),
                f"{key}.require_any",
                "expected a mapping of default/en-GB/en-US to phrase lists",
            )
        for name in req:
            if name not in ("default",) + LOCALES:
                chk.fail(
                    req.line_of(name), f"{key}.require_any.{name}", "expected one of: default, en-GB, en-US"
                )
            require_any[name] = chk.string_list(req, name, f"{key}.require_any.{name}")
        min_words = chk.int_in(raw, "min_words", f"{key}.min_words", 0, 5000, DOCUMENT_MIN_WORDS)
    for name, needed in (
        ("match", "phrase"),
        ("regex", "regex"),
        ("when", "document"),
        ("require_any", "document"),
        ("misspellings", "phrase"),
    ):
        if name in raw and kind != needed:
            chk.fail(raw.line_of(name), f"{key}.{name}", f"only allowed for kind: {needed}")

    # Messages are one line wherever they are shown (concise, GitHub annotations),
    # whatever YAML block style the author used.
    message = " ".join(chk.string(raw, "message", f"{key}.message", max_len=1_000).split())
    messages = {}
    if "messages" in raw:
        chk.mapping(
            raw["messages"], raw.line_of("messages"), f"{key}.messages", {sid: False for sid in story_ids}
        )
        messages = {
            name: " ".join(chk.string(raw["messages"], name, f"{key}.messages.{name}").split())
            for name in raw["messages"]
        }
    why = chk.string(raw, "why", f"{key}.why", max_len=5_000)
    # The why and the sources can follow the story type, as messages and suggestions do:
    # a pregnancy-loss reading cites the loss charities, an abortion-policy one the stylebooks.
    whys = {}
    if "whys" in raw:
        per_story = chk.mapping(
            raw["whys"], raw.line_of("whys"), f"{key}.whys", {sid: False for sid in story_ids}
        )
        whys = {name: chk.string(per_story, name, f"{key}.whys.{name}", max_len=5_000) for name in per_story}
    suggest = _parse_suggestions(chk, raw.get("suggest"), raw.line_of("suggest"), f"{key}.suggest", story_ids)
    fix = raw.get("fix", "none")
    if fix not in ("safe", "none"):
        chk.fail(raw.line_of("fix"), f"{key}.fix", "expected 'safe' or 'none'")
    if fix == "safe" and not suggest.get("default"):
        chk.fail(raw.line_of("fix"), f"{key}.fix", "'safe' needs at least one default suggestion")
    if fix == "safe":
        _refuse_self_growing(chk, raw, key, phrases, regex, suggest)
    source_ids = chk.members(
        raw, "sources", f"{key}.sources", sources, "source {} is not declared in the pack's sources"
    )
    story_sources = {}
    if "story_sources" in raw:
        per_story = chk.mapping(
            raw["story_sources"],
            raw.line_of("story_sources"),
            f"{key}.story_sources",
            {sid: False for sid in story_ids},
        )
        for name in per_story:
            ids = chk.members(
                per_story,
                name,
                f"{key}.story_sources.{name}",
                sources,
                "source {} is not declared in the pack's sources",
            )
            story_sources[name] = tuple(sources[s] for s in ids)
    proper = raw.get("proper_nouns", "skip")
    if proper not in ("skip", "flag"):
        chk.fail(raw.line_of("proper_nouns"), f"{key}.proper_nouns", "expected 'skip' or 'flag'")
    locales = ()
    if "locales" in raw:
        locales = chk.members(
            raw, "locales", f"{key}.locales", LOCALES, "unknown locale {}; expected en-GB or en-US"
        )
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        chk.fail(raw.line_of("enabled"), f"{key}.enabled", "expected true or false")
    story_types = ()
    if "story_types" in raw:
        story_types = chk.members(
            raw, "story_types", f"{key}.story_types", story_ids, "unknown story type {}"
        )

    examples = chk.mapping(
        raw["examples"], raw.line_of("examples"), f"{key}.examples", {"flag": True, "pass": True}
    )
    parsed = {}
    for kind_name in ("flag", "pass"):
        items = examples[kind_name]
        if not isinstance(items, LineList) or not items:
            chk.fail(examples.line_of(kind_name), f"{key}.examples.{kind_name}", "expected a non-empty list")
        parsed[kind_name] = tuple(
            _parse_example(
                chk, item, items.line_of(i), f"{key}.examples.{kind_name}[{i}]", marked=kind_name == "flag"
            )
            for i, item in enumerate(items)
        )

    misspellings = _misspellings(chk, raw, key)
    return Rule(
        id=f"{pack_id}.{short}",
        pack=pack_id,
        severity=Severity.parse(severity_name),
        kind=kind,
        phrases=tuple(phrases),
        regex=regex,
        message=message,
        messages=messages,
        whys=whys,
        story_sources=story_sources,
        why=why,
        suggest=suggest,
        fix=fix,
        sources=tuple(sources[s] for s in source_ids),
        unless_near=_parse_near(chk, raw["unless_near"], raw.line_of("unless_near"), f"{key}.unless_near")
        if "unless_near" in raw
        else (),
        only_near=_parse_near(chk, raw["only_near"], raw.line_of("only_near"), f"{key}.only_near")
        if "only_near" in raw
        else (),
        proper_nouns=proper,
        locales=locales,
        enabled=enabled,
        story_types=story_types,
        flag_examples=parsed["flag"],
        pass_examples=parsed["pass"],
        when=when,
        require_any=require_any,
        min_words=min_words,
        misspellings=misspellings,
        readings=parse_rule_readings(raw["readings"], chk.path, raw.line_of("readings"), f"{key}.readings")
        if "readings" in raw
        else NO_READINGS,
        path=chk.path,
        line=raw.line,
    )


def parse_pack(text: str, path: str, story_ids: frozenset = frozenset()) -> Pack:
    """Validate one pack's YAML text. ``story_ids`` are story types other packs declare."""
    return validate_pack(load_pack_yaml(text, path), path, story_ids)


def load_pack_yaml(text: str, path: str):
    if len(text) > MAX_PACK_BYTES:
        _Checker(path).fail(1, "pack", f"file is too large ({len(text)} > {MAX_PACK_BYTES} characters)")
    try:
        return load_yaml(text, path)
    except YamlError as exc:  # e.g. a python/object tag: refused, reported like any pack error
        raise PackError(exc.path, exc.line, exc.message) from None


def declared_story_id(raw) -> str | None:
    story = raw.get("story_type") if isinstance(raw, dict) else None
    sid = story.get("id") if isinstance(story, dict) else None
    return sid if isinstance(sid, str) else None


def _url(chk: _Checker, mapping: LineDict, name: str, key: str) -> str:
    url = chk.string(mapping, name, key)
    if not url.startswith(("https://", "http://")):
        chk.fail(mapping.line_of(name), key, "expected an http(s) URL")
    return url


def validate_pack(raw, path: str, story_ids: frozenset) -> Pack:
    chk = _Checker(path)
    chk.mapping(raw, 1, "", PACK_KEYS)
    pack_id = chk.string(raw, "pack", "pack")
    if not ID_RE.match(pack_id):
        chk.fail(raw.line_of("pack"), "pack", "expected lowercase letters, digits and hyphens")
    title = chk.string(raw, "title", "title", max_len=200)
    description = chk.string(raw, "description", "description")

    sources: dict[str, Source] = {}
    raw_sources = raw["sources"]
    if not isinstance(raw_sources, LineList) or not raw_sources:
        chk.fail(raw.line_of("sources"), "sources", "expected a non-empty list")
    for index, item in enumerate(raw_sources):
        skey = f"sources[{index}]"
        chk.mapping(item, raw_sources.line_of(index), skey, SOURCE_KEYS)
        sid = chk.string(item, "id", f"{skey}.id")
        if sid in sources:
            chk.fail(item.line_of("id"), f"{skey}.id", f"duplicate source id {sid!r}")
        year = item["year"]
        if not (isinstance(year, int) and 1900 <= year <= 2100) and year != "n.d.":
            chk.fail(item.line_of("year"), f"{skey}.year", 'expected a year like 2020 or "n.d."')
        url = _url(chk, item, "url", f"{skey}.url")
        kind = item["kind"]
        if kind not in SOURCE_KINDS:
            chk.fail(item.line_of("kind"), f"{skey}.kind", f"expected one of: {', '.join(SOURCE_KINDS)}")
        access = item.get("access", "open")
        if access not in SOURCE_ACCESS:
            chk.fail(item.line_of("access"), f"{skey}.access", f"expected one of: {', '.join(SOURCE_ACCESS)}")
        reported_by = None
        if "reported_by" in item:
            rkey = f"{skey}.reported_by"
            rb = chk.mapping(item["reported_by"], item.line_of("reported_by"), rkey, REPORTED_BY_KEYS)
            reported_by = ReportedBy(
                _url(chk, rb, "url", f"{rkey}.url"), chk.string(rb, "label", f"{rkey}.label", max_len=1_000)
            )
            if reported_by.url == url:
                chk.fail(
                    rb.line_of("url"), f"{rkey}.url", "is the source's own url; reported_by is a second page"
                )
        sources[sid] = Source(
            sid,
            chk.string(item, "organisation", f"{skey}.organisation"),
            chk.string(item, "title", f"{skey}.title"),
            year,
            url,
            kind=kind,
            publisher=chk.string(item, "publisher", f"{skey}.publisher", required=False),
            access=access,
            reported_by=reported_by,
        )

    names = chk.string_list(raw, "names", "names") if "names" in raw else ()
    story = None
    if "story_type" in raw:
        st = chk.mapping(raw["story_type"], raw.line_of("story_type"), "story_type", STORY_KEYS)
        sid = chk.string(st, "id", "story_type.id")
        threshold = st["threshold"]
        if not isinstance(threshold, (int, float)) or threshold <= 0:
            chk.fail(st.line_of("threshold"), "story_type.threshold", "expected a positive number")
        cues = st["cues"]
        chk.mapping(cues, st.line_of("cues"), "story_type.cues", {k: False for k in cues})
        for cue, weight in cues.items():
            if not isinstance(weight, (int, float)) or isinstance(weight, bool):
                chk.fail(cues.line_of(cue), f"story_type.cues.{cue}", "expected a number (weight)")
        story = StoryType(
            sid,
            chk.string(st, "label", "story_type.label"),
            float(threshold),
            tuple((str(c).lower(), float(w)) for c, w in cues.items()),
            pack_id,
        )
        story_ids = story_ids | {sid}

    rules_raw = raw["rules"]
    if not isinstance(rules_raw, LineList) or not rules_raw:
        chk.fail(raw.line_of("rules"), "rules", "expected a non-empty list of rules")
    rules, seen = [], set()
    for index, item in enumerate(rules_raw):
        rule = _parse_rule(chk, item, rules_raw.line_of(index), pack_id, sources, story_ids, index)
        if rule.id in seen:
            chk.fail(rule.line, f"rules[{rule.short_id}].id", f"duplicate rule id {rule.id!r}")
        seen.add(rule.id)
        rules.append(rule)
    cues = parse_cues(raw["reading_cues"], path, "reading_cues") if "reading_cues" in raw else None
    return Pack(pack_id, title, description, sources, names, story, tuple(rules), path, cues)
