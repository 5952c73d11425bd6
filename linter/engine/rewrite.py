"""Put a suggestion into the shape of the text it replaces.

Inflection (committed -> died), spelling (fetus -> foetus for en-GB), case
(lower, Title, UPPER, capital at a sentence start) and the indefinite article
before the span ("an addict" -> "a person with ...").
"""

from __future__ import annotations

import re

from ..base.inflect import apply_form, indefinite_article
from ..packs import Suggestion

DETERMINERS = frozenset("a an the her his their my your our its this that these those some any no".split())
_MINOR_WORDS = frozenset("a an and as at but by for from in nor of on or the to via with".split())


def localise(text: str, locale: str, pairs: tuple[tuple[str, str], ...]) -> str:
    if locale != "en-GB":
        return text
    table = {us: gb for us, gb in pairs}

    def swap(m: re.Match[str]) -> str:
        word: str = m.group()
        repl: str | None = table.get(word.lower())
        if repl is None:
            return word
        return repl.capitalize() if word[:1].isupper() else repl

    return re.sub(r"[A-Za-z]+", swap, text)


def follow_case(template: str, replacement: str, sentence_start: bool, shouting: bool = False) -> str:
    """Give the rewrite the case the writer used for the words it replaces.

    ALL CAPS carries over only where the writer was shouting (several words, or
    capitals around the match): a lone acronym such as "BAME" is not a style.
    A capital on a single word mid-sentence marks a proper adjective
    ("Caucasian"), which says nothing about the rewrite.
    """
    letters = [c for c in template if c.isalpha()]
    words = template.split()
    if len(letters) > 1 and all(c.isupper() for c in letters) and (len(words) > 1 or shouting):
        return replacement.upper()
    if len(words) > 1 and all(w[:1].isupper() for w in words if w[:1].isalpha()):
        # Title Case, at a sentence start too ("Commits Suicide" in a heading);
        # short function words stay lower case except the first ("Dies by Suicide").
        return " ".join(
            w if i and w in _MINOR_WORDS else w[:1].upper() + w[1:]
            for i, w in enumerate(replacement.split(" "))
        )
    if sentence_start:
        return replacement[:1].upper() + replacement[1:]
    return replacement


def drop_repeated_word(before: str, replacement: str) -> str:
    """ "about her [unborn baby]" -> "baby", not "her her baby"."""
    words = before.split()
    first, _, rest = replacement.partition(" ")
    if rest and words and words[-1].lower() == first.lower() and first.lower() in DETERMINERS:
        return rest
    return replacement


def render(
    suggestion: Suggestion,
    mode: str,
    tag: str,
    matched: str,
    locale: str,
    pairs: tuple[tuple[str, str], ...],
    sentence_start: bool,
    shouting: bool = False,
) -> str:
    text = apply_form(suggestion.text, mode, tag, suggestion.plural)
    text = localise(text, locale, pairs)
    return follow_case(matched, text, sentence_start, shouting)


def with_article(article: str, matched_noun: str, replacement: str) -> str:
    """Re-choose 'a'/'an' for the replacement, keeping the original's case.

    When the replacement starts with the same word as the match, the writer's
    article stays as written ("a HIV-positive ..." is left alone).
    """
    first_old = matched_noun.split(" ")[0].lower()
    first_new = replacement.split(" ")[0].lower()
    if first_new in DETERMINERS:  # "a her baby" is never right: the rewrite brings its own
        return replacement[:1].upper() + replacement[1:] if article[:1].isupper() else replacement
    chosen = article.lower() if first_old == first_new else indefinite_article(replacement)
    if article[:1].isupper():
        chosen = chosen.capitalize()
    if article.isupper() and len(article) > 1:
        chosen = chosen.upper()
    return f"{chosen} {replacement}"


def keep_line_breaks(original: str, replacement: str) -> str:
    """Carry the writer's line breaks inside the replaced words (a hard wrap, a
    Markdown hard break) to the same word gap of the rewrite, so a wrapped
    paragraph stays wrapped: "committed\nsuicide" -> "died\nby suicide"."""
    gaps = re.findall(r"\s+", original.strip())
    if not any("\n" in g for g in gaps):
        return replacement
    words = replacement.split(" ")
    if len(words) < 2:
        return replacement
    seps = [" "] * (len(words) - 1)
    for index, gap in enumerate(gaps):
        if "\n" in gap:
            seps[min(index, len(seps) - 1)] = gap
    return words[0] + "".join(sep + word for sep, word in zip(seps, words[1:]))


_SENTENCE_EDGE = re.compile(r"[.!?\n]\s")


def repeats_nearby(source: str, start: int, end: int, replacement: str, reach: int = 60) -> bool:
    """Would the rewrite say again what the sentence already says next to it?
    ("Miscarriage, also known as [spontaneous abortion]" -> "... also known as
    miscarriage"): a tautology an editor would not accept, so it is not applied."""
    words = [w for w in re.findall(r"[\w'\u2019-]+", replacement.lower()) if w not in DETERMINERS]
    if not words:
        return False
    pattern = re.compile(r"(?<![\w'-])" + r"\W+".join(map(re.escape, words)) + r"(?![\w'-])")
    before = source[max(0, start - reach) : start]
    cut = [m.end() for m in _SENTENCE_EDGE.finditer(before)]
    before = before[cut[-1] :] if cut else before
    after = source[end : end + reach]
    edge = _SENTENCE_EDGE.search(after)
    after = after[: edge.start() + 1] if edge else after
    return bool(pattern.search(before.lower()) or pattern.search(after.lower()))
