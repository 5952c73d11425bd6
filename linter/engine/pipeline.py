"""The pure core: text in, findings out. Nothing here prints or touches files.

Pipeline: extract prose → normalise → one scan for every phrase → story type →
filter each hit in a fixed order (rule switches → locale/story type → context
→ proper names → quotes policy) → document rules → suppressions → dedupe.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..base.config import Config, id_selected
from ..base.model import Finding, Severity
from ..base.positions import LineIndex
from ..inputs.extract import Document, extract, kind_for
from ..packs import Rule, load_locale_pairs, load_packs, load_reading_cues
from .context import (
    NameSpans,
    _at_sentence_start,
    classify_story,
    in_title_case_name,
    is_mention,
    is_title_case_block,
    near,
)
from .matching import Scanner, _canonical, normalize
from .quotes import LazyQuoteIndex
from .reading import Reader, Reading
from .rewrite import drop_repeated_word, render, with_article

_WORD_RE = re.compile(r"[^\W_]+")
_ARTICLE_BEFORE = re.compile(r"(?<![\w'\u2019-])(an?|AN?|An)[ \t]+$")
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


class Engine:
    """Packs, active rules and the compiled scanner for one configuration."""

    def __init__(self, config: Config):
        self.config = config
        self.pairs = load_locale_pairs()
        self.packs = load_packs(tuple(config.packs), builtin=config.builtin_packs, examples=False)
        self.all_rules = tuple(r for p in self.packs for r in p.rules)
        self.rules = tuple(r for r in self.all_rules if self.is_active(r))
        self.story_types = tuple(p.story_type for p in self.packs if p.story_type)
        # A pack's own story type: its rules stay quiet in a story of another type.
        self.pack_story = {p.id: p.story_type.id for p in self.packs if p.story_type}
        self.names = tuple(n for p in self.packs for n in p.names)
        cues = load_reading_cues()
        for pack in self.packs:
            if pack.reading_cues is not None:
                cues = cues.merged(pack.reading_cues)
        self.reader = Reader(cues)
        self.scanner = self._scanner()

    def _scanner(self) -> Scanner:
        from ..base.cache import cached, file_stamps

        files = [p.path for p in self.packs]
        try:
            key = (file_stamps(files), tuple(r.id for r in self.rules), self.pairs, self.names)
        except OSError:
            return Scanner(self.rules, self.story_types, self.pairs, self.names)
        return cached("scanner", key, lambda: Scanner(self.rules, self.story_types, self.pairs, self.names))

    def is_active(self, rule: Rule) -> bool:
        cfg = self.config
        if cfg.select and not id_selected(rule.id, cfg.select):
            return False
        if cfg.ignore and id_selected(rule.id, cfg.ignore):
            return False
        # A house switch is on when enabled (by rule or pack id) or selected by its
        # full id; selecting a whole pack does not switch on its house options.
        if not rule.enabled and not (id_selected(rule.id, cfg.enable) or rule.id in cfg.select):
            return False
        return not (rule.locales and cfg.locale not in rule.locales)

    def severity_of(self, rule: Rule) -> Severity:
        overrides = dict(self.config.severity)
        name = overrides.get(rule.id) or overrides.get(rule.pack)
        return Severity.parse(name) if name else rule.severity


@lru_cache(maxsize=16)
def get_engine(config: Config) -> Engine:
    return Engine(config)


def check_text(
    text: str, *, filename: str | None = None, config: Config | None = None, kind: str | None = None
) -> list[Finding]:
    """Check ``text`` and return its findings in source order.

    ``kind`` (text | markdown | html) defaults to what ``filename`` suggests.
    """
    config = config or Config()
    engine = get_engine(config)
    doc = extract(text, kind or kind_for(filename))
    return check_document(doc, engine)


def check_document(doc: Document, engine: Engine) -> list[Finding]:
    return analyse(doc, engine)[0]


def analyse(doc: Document, engine: Engine) -> tuple[list[Finding], list]:
    """Findings in source order, and the suppression comments that applied."""
    from .suppress import apply_suppressions, parse_suppressions

    findings = _raw_findings(doc, engine)
    suppressions = []
    if engine.config.inline_config and doc.comments:
        suppressions = parse_suppressions(doc)
        findings = apply_suppressions(doc, findings, suppressions, engine)
    return sorted(findings, key=lambda f: (f.offset, f.end_offset, f.rule)), suppressions


def _raw_findings(doc: Document, engine: Engine) -> list[Finding]:
    source, scan = doc.source, doc.scan
    norm = normalize(scan, keep_case=bool(engine.scanner.regex_sources))
    hits, extra = engine.scanner.scan(norm)
    if not hits and not any(p[0] == "when" for _, _, p in extra):
        return []
    cue_hits = [(s, e, p, _canonical(source[s:e])) for s, e, p in extra if p[0] == "cue"]
    names = NameSpans((s, e) for s, e, p in extra if p[0] == "name")
    story, story_note, active_types = classify_story(cue_hits, engine.story_types)
    quotes = LazyQuoteIndex(scan, doc.quote_regions)
    title_blocks = [r for r in doc.heading_regions if is_title_case_block(scan, *r)]
    context = _Context(scan, names, title_blocks, active_types, engine.pairs, story, engine.pack_story)
    lines = LineIndex(source)
    rules = engine.rules

    candidates = [
        hit
        for hit in _longest_per_rule(hits)
        if context.allows(rules[hit.rule_index], hit.start, hit.end, names=False)
    ]

    findings = []
    for hit in _drop_nested(candidates, rules):
        rule = rules[hit.rule_index]
        reading = _read(doc, engine, rule, hit, quotes, context)
        finding = _make_finding(doc, engine, rule, hit, reading, lines, story, story_note)
        if finding is not None:
            findings.append(finding)
    findings.extend(_document_findings(doc, engine, extra, quotes, lines, context))
    return findings


class _Context:
    """A rule's conditions at one span: story type, nearby words, proper names.

    Phrase hits and whole-article triggers pass the same tests, in this order.
    """

    def __init__(
        self, scan: str, names: NameSpans, title_blocks, active_types: frozenset, pairs, story, pack_story
    ):
        self.scan, self.names, self.pairs = scan, names, pairs
        self.story, self.pack_story = story, pack_story
        self.title_blocks, self.active_types = title_blocks, active_types

    def in_title_block(self, start: int) -> bool:
        return any(s <= start < e for s, e in self.title_blocks)

    def allows(self, rule: Rule, start: int, end: int, names: bool = True) -> bool:
        """Story type and nearby words; with ``names``, proper names too (whole-article
        triggers, which the reading layer does not see)."""
        if rule.story_types and not self.active_types.intersection(rule.story_types):
            return False
        own = self.pack_story.get(rule.pack)
        if (
            not rule.story_types
            and own
            and self.story
            and self.story != own
            and own not in self.active_types
            and self.story not in rule.suggest  # a rule with advice for this story type belongs to it too
            and self.story not in rule.messages
        ):
            return False  # the abortion pack's advice is not for a pregnancy-loss story
        if rule.only_near and not near(self.scan, start, end, rule.only_near, self.pairs):
            return False
        if rule.unless_near and near(self.scan, start, end, rule.unless_near, self.pairs):
            return False
        if names and rule.proper_nouns == "skip":
            in_title = any(s <= start < e for s, e in self.title_blocks)
            if self.names.covers(start, end) or in_title_case_name(self.scan, start, end, in_title):
                return False
        return True


def _longest_per_rule(hits):
    """Where one rule matched overlapping forms, keep the longest."""
    hits = sorted(hits, key=lambda h: (h.rule_index, h.start, -(h.end - h.start)))
    kept = []
    for hit in hits:
        if kept and kept[-1].rule_index == hit.rule_index and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept


def _drop_nested(hits, rules):
    """Within one pack, a hit inside a longer hit (or on the same span as an
    earlier rule's) is the same problem reported twice: keep one.

    One sweep per pack in (start, longest first, rule order): a hit is covered
    exactly when an earlier hit in that order reaches at least as far.
    """
    by_pack: dict[str, list] = {}
    for hit in hits:
        by_pack.setdefault(rules[hit.rule_index].pack, []).append(hit)
    kept = []
    for group in by_pack.values():
        reach = -1
        for hit in sorted(group, key=lambda h: (h.start, -h.end, h.rule_index)):
            if hit.end <= reach:
                continue
            reach = hit.end
            kept.append(hit)
    return kept


def _read(doc, engine, rule, hit, quotes, context) -> Reading | None:
    """Quoted speech first (the quote index), then the reading layer."""
    quote = quotes.containing(hit.start, hit.end)
    if quote is not None:
        if is_mention(doc.scan, quote, hit.start, hit.end):
            return Reading("mention", "quoted term")
        opener = doc.scan[quote[0] : quote[0] + 1]
        return Reading("quote", opener if opener.strip() else "block quote")
    return engine.reader.read(
        doc.scan, hit.start, hit.end, rule, context.names, context.in_title_block(hit.start)
    )


# What each reading does to a finding: (severity cap, may be fixed, reported at all).
_SILENCED = ("mention", "name", "figurative")


def _make_finding(doc, engine, rule, hit, reading, lines, story, story_note):
    config, source = engine.config, doc.source
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
    suggestions = rule.suggestions_for(story)
    rendered = []
    article = None
    if suggestions:
        sentence_start = _at_sentence_start(doc.scan, start)
        art = _ARTICLE_BEFORE.search(source, max(0, start - 4), start)
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

    message = rule.messages.get(story, rule.message) if story else rule.message
    message = message.replace("{match}", " ".join(matched.split()))
    story_specific = bool(rule.messages) or len(rule.suggest) > 1
    if story_specific:
        message = (
            f"{message} ({story_note}.)" if story else f"{message} (No story type detected: general advice.)"
        )
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
        why=rule.why,
        sources=rule.sources,
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
            and doc.rewritable(start, end, rendered[0])
        ),
        in_quote=in_quote,
        reading=reading.kind if reading else None,
        reading_cue=reading.cue if reading else None,
        silenced=silenced,
    )


def _shouting(source: str, start: int, end: int) -> bool:
    """Capitals around the match too: a headline in caps, not an acronym."""
    before = re.findall(r"[A-Za-z]{2,}", source[max(0, start - 30) : start])[-1:]
    after = re.findall(r"[A-Za-z]{2,}", source[end : end + 30])[:1]
    near = before + after
    return bool(near) and all(w.isupper() for w in near)


def _document_findings(doc, engine, extra, quotes, lines, context):
    """Whole-article rules: fire at the first narrative trigger when nothing required is present."""
    config = engine.config
    rules = engine.rules
    triggers: dict[int, tuple[int, int]] = {}
    satisfied: set[int] = set()
    for start, end, payload in sorted(extra, key=lambda x: (x[0], -x[1])):
        if payload[0] == "when":
            index = payload[1]
            if index in triggers or quotes.containing(start, end) is not None:
                continue
            rule = rules[index]
            if not context.allows(rule, start, end, names=False):
                continue
            # A mention, a name or a self-description is not coverage of the topic.
            if engine.reader.read(doc.scan, start, end, rule, context.names, context.in_title_block(start)):
                continue
            triggers[index] = (start, end)
        elif payload[0] == "require" and payload[2] in ("default", config.locale):
            satisfied.add(payload[1])
    if not triggers:
        return []
    words = len(_WORD_RE.findall(doc.scan))
    triggers = {i: span for i, span in triggers.items() if words >= rules[i].min_words}
    house = [_canonical(s) for s in config.support_line]
    flat = _canonical(doc.scan) if house else ""
    out = []
    for index, (start, end) in sorted(triggers.items(), key=lambda kv: kv[1]):
        if index in satisfied or any(h and h in flat for h in house):
            continue
        rule = rules[index]
        line, column = lines.position(start)
        end_line, end_column = lines.position(end)
        out.append(
            Finding(
                rule=rule.id,
                pack=rule.pack,
                severity=engine.severity_of(rule),
                message=rule.message.replace("{match}", " ".join(doc.source[start:end].split())),
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
