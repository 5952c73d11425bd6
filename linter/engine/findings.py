"""From an accepted hit to a Finding: the reading's effect on severity and
fixing, suggestions rendered in the shape of the matched words (inflection,
case, article), the story-type message."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ..base.model import Finding, Severity
from ..packs import Rule, Suggestion
from .context import starts_sentence
from .matching import Hit
from .reading import Reading

if TYPE_CHECKING:
    from ..base.positions import LineIndex
    from ..inputs.extract import Document
    from .pipeline import Engine
from .rewrite import drop_repeated_word, keep_line_breaks, render, repeats_nearby, with_article

# The article may end the line before ("an\naddict"): the fix re-chooses it there.
_ARTICLE_BEFORE = re.compile(r"(?<![\w'\u2019-])(an?|AN?|An)(?:[ \t]+|[ \t]*\r?\n[ \t]*)$")

# Said before the message of a finding a reading changed (quotes have QUOTE_NOTE).
READING_NOTES = {
    "self": "Self-description (\u201c{cue}\u201d): the speaker's own words for themselves are never rewritten. ",
    "mention": "The term is discussed, not used (\u201c{cue}\u201d): never rewritten. ",
    "definition": "A definition or category (\u201c{cue}\u201d): never rewritten. ",
    "name": "Part of a name or title ({cue}): never rewritten. ",
    "figurative": "Figurative sense (\u201c{cue}\u201d nearby): never rewritten. ",
}
QUOTE_NOTE = (
    "Inside a direct quote: quoted words are never rewritten. Consider paraphrasing, or add context. "
)

# Readings that silence a hit (a mention may ask for a note instead).
_SILENCED = ("mention", "name", "figurative")


def make_finding(
    doc: Document,
    engine: Engine,
    rule: Rule,
    hit: Hit,
    reading: Reading | None,
    lines: LineIndex,
    story: str | None,
    story_note: str,
    *,
    fragment: bool = False,
) -> Finding | None:
    """``fragment``: the text is one part of a story, so its story type is unknown;
    the general message applies, and only suggestions every reading agrees on."""
    config, source = engine.config, doc.source
    if fragment:
        story = None
    start, end, tag, mode = hit.start, hit.end, hit.tag, hit.mode
    severity = engine.severity_of(rule)
    in_quote = reading is not None and reading.kind == "quote"
    silenced = False
    if in_quote:
        if config.quotes == "ignore":
            return None
        if config.quotes == "note":
            severity = Severity.NOTE
    elif reading is not None:
        if reading.kind in _SILENCED and not (reading.kind == "mention" and rule.readings.mention == "note"):
            if not config.show_silenced:
                return None
            silenced = True
        severity = Severity.NOTE
    matched = source[start:end]
    suggestions = safe_suggestions(rule) if fragment else rule.suggestions_for(story)
    rendered = []
    article = None
    if suggestions:
        sentence_start = starts_sentence(doc.scan, start)
        art = _ARTICLE_BEFORE.search(source, max(0, start - 8), start)
        # Noun phrases (not plurals, not verb phrases) take the article along.
        if (
            art
            and mode != "verb"
            and tag != "pl"
            and doc.scan[art.start() : start] == source[art.start() : start]
        ):
            article = art
        shouting = matched.isupper() and _shouting(source, start, end)
        for s in suggestions:
            if hit.fills:
                s = fill_slots(s, hit.fills, source)
            text = render(
                s,
                mode,
                tag,
                matched,
                config.locale,
                engine.pairs,
                sentence_start and article is None,
                shouting,
            )
            if article is not None:
                text = with_article(article.group(1), matched, text) if s.article else text
            else:
                text = drop_repeated_word(source[max(0, start - 20) : start], text)
            if text not in rendered:
                rendered.append(text)
    if article is not None:
        start = article.start()
        matched = source[start:end]
    rendered = [keep_line_breaks(matched, text) for text in rendered]

    message = rule.messages.get(story, rule.message) if story else rule.message
    message = message.replace("{match}", " ".join(matched.split()))
    if hit.variant:
        wrong, right = hit.variant
        written = re.search(re.escape(wrong).replace("\\ ", r"\s+"), source[hit.start : hit.end], re.I)
        shown = written.group() if written else wrong
        message += f" (Also misspelt: \u201c{shown}\u201d is spelled \u201c{right}\u201d.)"
    story_specific = bool(rule.messages) or len(rule.suggest) > 1
    if story_specific:
        if story:
            message = f"{message} ({story_note}.)"
        elif fragment:
            message = f"{message} (Checked without the rest of the story: general advice.)"
        else:
            message = f"{message} (No story type detected: general advice.)"
    if in_quote:
        message = QUOTE_NOTE + message
    elif reading is not None:
        message = READING_NOTES[reading.kind].format(cue=reading.cue) + message
    line, column = lines.position(start)
    end_line, end_column = lines.position(end)
    return Finding(
        rule=rule.id,
        pack=rule.pack,
        severity=severity,
        message=message,
        why=rule.whys.get(story, rule.why) if story else rule.why,
        sources=rule.story_sources.get(story, rule.sources) if story else rule.sources,
        offset=start,
        end_offset=end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        match=matched,
        suggestions=tuple(rendered),
        fixable=(
            rule.fix == "safe"
            and reading is None
            and bool(rendered)
            and keeps_slot_words(suggestions[0], hit.fills)
            and _whole_phrase_rewrite(rule, hit)
            and not repeats_nearby(source, start, end, rendered[0])
            and doc.rewritable(start, end, rendered[0])
        ),
        in_quote=in_quote,
        reading=reading.kind if reading else None,
        reading_cue=reading.cue if reading else None,
        silenced=silenced,
    )


def fill_slots(suggestion: Suggestion, fills: tuple[tuple[str, int, int], ...], source: str) -> Suggestion:
    """Put the writer's slot words into the suggestion's ``{slot}`` places
    ("confined him to a wheelchair" -> "uses a wheelchair" keeps nothing;
    "requiring {object} to use a wheelchair" keeps "him")."""

    def fill(text: str) -> str:
        for number, (name, start, end) in enumerate(fills, 1):
            words = " ".join(source[start:end].split()) if start >= 0 else ""
            put = f" {words}" if words else ""
            for ref in (name, str(number)):  # by name, or by position: {1}
                text = text.replace(" {" + ref + "}", put).replace("{" + ref + "}", put.lstrip())
        return text.strip()

    plural = fill(suggestion.plural) if suggestion.plural else suggestion.plural
    return replace(suggestion, text=fill(suggestion.text), plural=plural)


def keeps_slot_words(suggestion: Suggestion, fills: tuple[tuple[str, int, int], ...]) -> bool:
    """A rewrite may replace the writer's slot words only where it says where they go:
    otherwise "suffers badly from" would lose "badly" without anyone choosing so."""
    return all(
        start < 0 or "{" + name + "}" in suggestion.text or "{" + str(number) + "}" in suggestion.text
        for number, (name, start, _end) in enumerate(fills, 1)
    )


def _whole_phrase_rewrite(rule: Rule, hit: Hit) -> bool:
    """A misspelling listed on its own ("handicap people") may hold words the
    rewrite does not ("disabled"): only a misspelt rule phrase is rewritten."""
    if not hit.variant:
        return True
    right = hit.variant[1].lower()
    return any(right in phrase.lower() for phrase, _ in rule.phrases)


def safe_suggestions(rule: Rule) -> tuple[Suggestion, ...]:
    """Suggestions right whatever the story turns out to be: a rule that suggests
    differently by story type ("baby" in a loss story, "fetus" in abortion-policy
    copy) offers nothing until the whole story is read."""
    lists = {tuple(v) for v in rule.suggest.values()}
    return next(iter(lists)) if len(lists) == 1 else ()


def _shouting(source: str, start: int, end: int) -> bool:
    """Capitals around the match too: a headline in caps, not an acronym."""
    before = re.findall(r"[A-Za-z]{2,}", source[max(0, start - 30) : start])[-1:]
    after = re.findall(r"[A-Za-z]{2,}", source[end : end + 30])[:1]
    near = before + after
    return bool(near) and all(w.isupper() for w in near)
