"""Whole-article rules: a story that covers a topic but lacks what the
guidance asks for (a helpline at the end of a suicide story)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..base.model import Finding
from ..packs import Rule
from .matching import _canonical

if TYPE_CHECKING:
    from ..base.positions import LineIndex
    from ..inputs.extract import Document
    from .pipeline import Engine, _Context
    from .quotes import LazyQuoteIndex

_WORD_RE = re.compile(r"[^\W_]+")


def _looked_for(rule: Rule, locales: tuple[str, ...], house: tuple[str, ...]) -> str:
    """What the check searched for, so an editor can see why a helpline was missed."""
    terms = [t for name in locales for t in rule.require_any.get(name, ())] + list(house)
    if not terms:
        return ""
    named = ", ".join(locales[1:])
    return f" (Looked for {named} support: {', '.join(dict.fromkeys(terms))}.)"


def active_rule(rules: Sequence[Rule | None], index: int) -> Rule:
    """The rule a kept hit or trigger belongs to: hits of rules the configuration
    switched off (None in ``Engine.by_index``) are dropped before this is asked."""
    rule = rules[index]
    assert rule is not None, index
    return rule


def document_findings(
    doc: Document,
    engine: Engine,
    extra: list[tuple[int, int, Any]],
    quotes: LazyQuoteIndex,
    lines: LineIndex,
    context: _Context,
) -> list[Finding]:
    """Whole-article rules: fire at the first narrative trigger when nothing required is present."""
    config = engine.config
    rules = engine.by_index  # indexed like the scanner's payloads; None: turned off
    accepted = ("default", config.locale, *config.support_locales)
    triggers: dict[int, tuple[int, int]] = {}
    satisfied: set[int] = set()
    for start, end, payload in sorted(extra, key=lambda x: (x[0], -x[1])):
        if payload[0] == "when":
            index = payload[1]
            rule = rules[index]
            if rule is None or index in triggers or quotes.containing(start, end) is not None:
                continue
            if not context.allows(rule, start, end, names=False):
                continue
            # A mention, a name or a self-description is not coverage of the topic.
            if engine.reader.read(doc.scan, start, end, rule, context.names, context.in_title_block(start)):
                continue
            triggers[index] = (start, end)
        elif payload[0] == "require" and payload[2] in accepted:
            satisfied.add(payload[1])
    if not triggers:
        return []
    # Count words only as far as the longest minimum asks: a long story stops early.
    needed = max(active_rule(rules, i).min_words for i in triggers)
    words = sum(1 for _ in itertools.islice(_WORD_RE.finditer(doc.scan), needed))
    triggers = {i: span for i, span in triggers.items() if words >= active_rule(rules, i).min_words}
    house = [_canonical(s) for s in config.support_line]
    flat = _canonical(doc.scan) if house else ""
    out = []
    for index, (start, end) in sorted(triggers.items(), key=lambda kv: kv[1]):
        if index in satisfied or any(h and h in flat for h in house):
            continue
        rule = active_rule(rules, index)
        line, column = lines.position(start)
        end_line, end_column = lines.position(end)
        out.append(
            Finding(
                rule=rule.id,
                pack=rule.pack,
                severity=engine.severity_of(rule),
                message=rule.message.replace("{match}", " ".join(doc.source[start:end].split()))
                + _looked_for(rule, accepted, config.support_line),
                why=rule.why,
                sources=rule.sources,
                offset=start,
                end_offset=end,
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
                match=doc.source[start:end],
            )
        )
    return out
