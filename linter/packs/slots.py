"""Slots in rule phrases: declared optional words between the fixed ones.

``suffer {adverb} from`` matches "suffers from" and "suffers badly from";
``lose her unborn {son|daughter|twins}`` matches each listed word. A class
(``{adverb}``) comes from rules/slots.yaml and takes ``min``..``max`` words;
an inline list takes exactly one of its items. This module parses and
validates; the engine turns slotted phrases into patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .errors import PackError
from .yamlload import LineDict, load_yaml

SLOT = re.compile(r"\{([^{}]*)\}")
MAX_SLOTS = 3
MAX_SLOT_WORDS = 4
_WORD = re.compile(r"^[a-z0-9][a-z0-9'\-]*$")


@dataclass(frozen=True)
class SlotClass:
    name: str
    min: int
    max: int
    words: tuple[str, ...] = ()
    endings: tuple[str, ...] = ()
    any_word: bool = False
    except_words: tuple[str, ...] = ()

    def describe(self) -> str:
        what = []
        if self.any_word:
            what.append(
                "any word" + (f" but {len(self.except_words)} function words" if self.except_words else "")
            )
        if self.endings:
            what.append("words ending " + "/".join(f"-{e}" for e in self.endings))
        if self.words:
            shown = ", ".join(self.words[:6]) + (", …" if len(self.words) > 6 else "")
            what.append(shown)
        count = f"{self.min} to {self.max}" if self.min != self.max else str(self.max)
        return f"{{{self.name}}}: {count} of " + "; ".join(what)


def inline_class(body: str) -> SlotClass:
    """``{son|daughter|twins}``: exactly one of the items."""
    items = tuple(" ".join(item.lower().split()) for item in body.split("|"))
    return SlotClass(name=body, min=1, max=1, words=items)


def slot_names(phrase: str) -> list[str]:
    return SLOT.findall(phrase)


def phrase_slot_error(phrase: str, classes: dict[str, SlotClass]) -> str | None:
    """Why the slots in ``phrase`` cannot work, or None."""
    names = slot_names(phrase)
    if not names:
        return "unbalanced '{' or '}'" if "{" in phrase or "}" in phrase else None
    if len(names) > MAX_SLOTS:
        return f"at most {MAX_SLOTS} slots in a phrase"
    if SLOT.sub("", phrase).count("{") or SLOT.sub("", phrase).count("}"):
        return "unbalanced '{' or '}'"
    words = phrase.split()
    for i, word in enumerate(words):
        for name in SLOT.findall(word):
            if word != "{" + name + "}":
                return f"slot {{{name}}} must stand as a word of its own"
            if "|" in name:
                items = [item.strip() for item in name.split("|")]
                if not all(items) or any(
                    not all(_WORD.match(w) for w in item.lower().split()) for item in items
                ):
                    return f"slot {{{name}}}: list items are words separated by '|'"
                continue
            if name not in classes:
                known = ", ".join(sorted(classes))
                return f"unknown slot {{{name}}} (known: {known}, or a list such as {{son|daughter}})"
            if i == 0 or i == len(words) - 1:
                return f"slot {{{name}}} needs fixed words on both sides (it may match nothing)"
    if not SLOT.sub("", phrase).strip():
        return "a phrase needs fixed words besides its slots"
    return None


def _parse_class(name: str, raw: Any, path: str) -> SlotClass:
    def fail(line: int, key: str, message: str) -> PackError:
        return PackError(path, line, f"{key}: {message}")

    if not isinstance(raw, LineDict):
        raise fail(getattr(raw, "line", 0), name, "expected a mapping")
    allowed = {"min", "max", "words", "endings", "any_word", "except"}
    for key in raw:
        if key not in allowed:
            raise fail(
                raw.line_of(key),
                f"{name}.{key}",
                "unknown key (expected: " + ", ".join(sorted(allowed)) + ")",
            )
    bounds = []
    for key in ("min", "max"):
        value = raw.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_SLOT_WORDS:
            raise fail(
                raw.line_of(key), f"{name}.{key}", f"expected a whole number from 0 to {MAX_SLOT_WORDS}"
            )
        bounds.append(value)
    if bounds[0] > bounds[1]:
        raise fail(raw.line_of("min"), f"{name}.min", "min is larger than max")
    lists = {}
    for key in ("words", "endings", "except"):
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(
            isinstance(v, str) and _WORD.match(v.lower()) for v in value
        ):
            raise fail(raw.line_of(key), f"{name}.{key}", "expected a list of lowercase words")
        lists[key] = tuple(v.lower() for v in value)
    any_word = raw.get("any_word", False)
    if not isinstance(any_word, bool):
        raise fail(raw.line_of("any_word"), f"{name}.any_word", "expected true or false")
    if not (any_word or lists["words"] or lists["endings"]):
        raise fail(raw.line, name, "a slot class needs words, endings or any_word")
    return SlotClass(name, bounds[0], bounds[1], lists["words"], lists["endings"], any_word, lists["except"])


def parse_slot_classes(raw: Any, path: str) -> dict[str, SlotClass]:
    if not isinstance(raw, LineDict):
        raise PackError(path, 1, "expected a mapping of slot class names")
    out = {}
    for name, body in raw.items():
        if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z_-]*", name):
            raise PackError(path, raw.line_of(name), f"{name}: slot class names are lowercase words")
        out[name] = _parse_class(name, body, path)
    return out


@lru_cache(maxsize=1)
def load_slot_classes() -> dict[str, SlotClass]:
    """The built-in slot classes from rules/slots.yaml."""
    from .load import builtin_rules_dir

    path = builtin_rules_dir() / "slots.yaml"
    return parse_slot_classes(load_yaml(path.read_text("utf-8"), str(path)), str(path))
