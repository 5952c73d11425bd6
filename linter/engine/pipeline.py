"""The pure core: text in, findings out. Nothing here prints or touches files.

Pipeline: extract prose → normalise → one scan for every phrase → story type →
filter each hit in a fixed order (rule switches → locale/story type → context
→ proper names → quotes policy) → document rules → suppressions → dedupe.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from ..base.config import Config
from ..base.model import Finding, Severity
from ..base.positions import LineIndex
from ..inputs.extract import Document, extract, kind_for
from ..packs import Rule, load_locale_pairs, load_packs, load_reading_cues
from .context import (
    NameSpans,
    classify_story,
    headline_line,
    in_title_case_name,
    is_mention,
    is_title_case_block,
    near,
)
from .document import active_rule, document_findings
from .findings import make_finding
from .matching import Hit, Scanner, _canonical, normalize
from .quotes import LazyQuoteIndex
from .reading import Reader, Reading

if TYPE_CHECKING:
    from .suppress import Suppression


class PackSet:
    """What every configuration over the same packs shares, built once per pack set:
    the packs, the reading cues and one scanner over *all* their rules. A rule
    selection (select/ignore/enable/locale) is applied to the scanner's hits, so
    a new selection costs a pass over the rules, not a new automaton."""

    def __init__(self, packs: tuple[str, ...], builtin: bool):
        self.pairs = load_locale_pairs()
        self.packs = load_packs(packs, builtin=builtin, examples=False)
        self.all_rules = tuple(r for p in self.packs for r in p.rules)
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
        from ..packs import builtin_rules_dir, load_slot_classes

        def build() -> Scanner:  # slot classes read only when the scanner is (re)built
            return Scanner(self.all_rules, self.story_types, self.pairs, self.names, load_slot_classes())

        files = [p.path for p in self.packs] + [str(builtin_rules_dir() / "slots.yaml")]
        try:
            key = (file_stamps(files), tuple(r.id for r in self.all_rules), self.pairs)
        except OSError:
            return build()
        return cached("scanner", (*key, self.names), build, expect=Scanner)


@lru_cache(maxsize=4)
def pack_set(packs: tuple[str, ...], builtin: bool) -> PackSet:
    return PackSet(packs, builtin)


class Engine:
    """One configuration over a shared :class:`PackSet`: which rules are active."""

    def __init__(self, config: Config):
        self.config = config
        shared = pack_set(tuple(config.packs), config.builtin_packs)
        self.pairs, self.packs, self.all_rules = shared.pairs, shared.packs, shared.all_rules
        self.story_types, self.pack_story = shared.story_types, shared.pack_story
        self.names, self.reader, self.scanner = shared.names, shared.reader, shared.scanner
        # Indexed like the scanner's hits (all rules); None where the config turns a rule off.
        self.by_index = tuple(r if self.is_active(r) else None for r in self.all_rules)
        self.rules = tuple(r for r in self.by_index if r is not None)
        self.regex_active = any(r.kind == "regex" for r in self.rules)

    def is_active(self, rule: Rule) -> bool:
        cfg = self.config
        # Sets, not id_selected() per rule: a server builds an Engine per new rule selection.
        select, ignore, enable = self._id_sets
        if select and not (rule.id in select or rule.pack in select):
            return False
        if ignore and (rule.id in ignore or rule.pack in ignore):
            return False
        # A house switch is on when enabled (by rule or pack id) or selected by its
        # full id; selecting a whole pack does not switch on its house options.
        if not rule.enabled and not (rule.id in enable or rule.pack in enable or rule.id in select):
            return False
        return not (rule.locales and cfg.locale not in rule.locales)

    @cached_property
    def _id_sets(self) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        cfg = self.config
        return frozenset(cfg.select), frozenset(cfg.ignore), frozenset(cfg.enable)

    def severity_of(self, rule: Rule) -> Severity:
        overrides = dict(self.config.severity)
        name = overrides.get(rule.id) or overrides.get(rule.pack)
        return Severity.parse(name) if name else rule.severity


@lru_cache(maxsize=64)
def get_engine(config: Config) -> Engine:
    return Engine(config)


class CheckTimeout(Exception):
    """A check passed the ``deadline`` it was given; raised between hits."""


_DEADLINE_EVERY = 16  # hits between two looks at the clock


def check_text(
    text: str,
    *,
    filename: str | None = None,
    config: Config | None = None,
    kind: str | None = None,
    fragment: bool = False,
    deadline: float | None = None,
) -> list[Finding]:
    """Check ``text`` and return its findings in source order.

    ``kind`` (text | markdown | html) defaults to what ``filename`` suggests.
    ``fragment``: the text is one part of a story (an editor's paragraph), so
    whole-article rules do not run and advice that depends on the story type
    falls back to what is right in every reading (see :func:`make_finding`).
    ``deadline`` (a ``time.monotonic()`` value) makes a check that runs past it
    stop with :class:`CheckTimeout` instead of finishing for nobody.
    """
    config = config or Config()
    engine = get_engine(config)
    doc = extract(text, kind or kind_for(filename))
    return analyse(doc, engine, fragment=fragment, deadline=deadline)[0]


def check_document(doc: Document, engine: Engine, *, fragment: bool = False) -> list[Finding]:
    return analyse(doc, engine, fragment=fragment)[0]


def analyse(
    doc: Document, engine: Engine, *, fragment: bool = False, deadline: float | None = None
) -> tuple[list[Finding], list[Suppression]]:
    """Findings in source order, and the suppression comments that applied."""
    findings, suppressions, _story = analyse_story(
        doc, engine, story=False, fragment=fragment, deadline=deadline
    )
    return findings, suppressions


def analyse_story(
    doc: Document,
    engine: Engine,
    *,
    story: bool = True,
    fragment: bool = False,
    deadline: float | None = None,
) -> tuple[list[Finding], list[Suppression], str | None]:
    """As :func:`analyse`, plus the story type the document read as (None when
    no type reached its threshold): an archive audit counts stories by type.
    ``story=False`` skips reading it in a document with nothing to flag."""
    from .suppress import apply_suppressions, parse_suppressions

    findings, story_type = _raw_findings(doc, engine, story, fragment, deadline)
    suppressions = []
    if engine.config.inline_config and doc.comments:
        suppressions = parse_suppressions(doc)
        findings = apply_suppressions(doc, findings, suppressions, engine)
    return sorted(findings, key=lambda f: (f.offset, f.end_offset, f.rule)), suppressions, story_type


def story_reading(doc: Document, engine: Engine) -> tuple[str | None, str]:
    """The story type ``doc`` reads as (its label, or None) and why: the cue words
    counted. Story-aware messages, whys and suggestions follow this reading."""
    norm = normalize(doc.scan, keep_case=False)
    _, extra = engine.scanner.scan(norm, regex=False)
    cue_hits = [(s, e, p, _canonical(doc.source[s:e])) for s, e, p in extra if p[0] == "cue"]
    story, note, _ = classify_story(cue_hits, engine.story_types)
    labels = {t.id: t.label for t in engine.story_types}
    return (labels.get(story, story) if story else None), note


def _raw_findings(
    doc: Document, engine: Engine, want_story: bool, fragment: bool = False, deadline: float | None = None
) -> tuple[list[Finding], str | None]:
    source, scan = doc.source, doc.scan
    norm = normalize(scan, keep_case=engine.regex_active)
    rules = engine.by_index
    hits, extra = engine.scanner.scan(norm, regex=engine.regex_active)
    hits = [h for h in hits if rules[h.rule_index] is not None]  # the config's selection
    quiet = not hits and not any(p[0] == "when" and rules[p[1]] is not None for _, _, p in extra)
    if quiet and not want_story:
        return [], None
    cue_hits = [(s, e, p, _canonical(source[s:e])) for s, e, p in extra if p[0] == "cue"]
    story, story_note, active_types = classify_story(cue_hits, engine.story_types)
    if quiet:
        return [], story
    names = NameSpans((s, e) for s, e, p in extra if p[0] == "name")
    quotes = LazyQuoteIndex(scan, doc.quote_regions)
    title_blocks = [r for r in doc.heading_regions if is_title_case_block(scan, *r)]
    context = _Context(scan, names, title_blocks, active_types, engine.pairs, story, engine.pack_story)
    lines = LineIndex(source)

    candidates = [
        hit
        for hit in _longest_per_rule(hits)
        if context.allows(active_rule(rules, hit.rule_index), hit.start, hit.end, names=False)
    ]

    findings = []
    for n, hit in enumerate(_drop_nested(candidates, rules)):
        if deadline is not None and n % _DEADLINE_EVERY == 0 and time.monotonic() > deadline:
            raise CheckTimeout
        rule = active_rule(rules, hit.rule_index)
        reading = _read(doc, engine, rule, hit, quotes, context)
        finding = make_finding(doc, engine, rule, hit, reading, lines, story, story_note, fragment=fragment)
        if finding is not None:
            findings.append(finding)
    if not fragment:  # a part of a story cannot show what the whole story lacks
        findings.extend(document_findings(doc, engine, extra, quotes, lines, context))
    return findings, story


class _Context:
    """A rule's conditions at one span: story type, nearby words, proper names.

    Phrase hits and whole-article triggers pass the same tests, in this order.
    """

    def __init__(
        self,
        scan: str,
        names: NameSpans,
        title_blocks: list[tuple[int, int]],
        active_types: frozenset[str],
        pairs: tuple[tuple[str, str], ...],
        story: str | None,
        pack_story: dict[str, str],
    ) -> None:
        self.scan, self.names, self.pairs = scan, names, pairs
        self.story, self.pack_story = story, pack_story
        self.title_blocks, self.active_types = title_blocks, active_types

    def in_title_block(self, start: int) -> bool:
        if any(s <= start < e for s, e in self.title_blocks):
            return True
        return self.scan[start : start + 1].isupper() and headline_line(self.scan, start) is not None

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
            in_title = self.in_title_block(start)
            if self.names.covers(start, end) or in_title_case_name(self.scan, start, end, in_title):
                return False
        return True


def _longest_per_rule(hits: list[Hit]) -> list[Hit]:
    """Where one rule matched overlapping forms, keep the longest."""
    hits = sorted(hits, key=lambda h: (h.rule_index, h.start, -(h.end - h.start)))
    kept: list[Hit] = []
    for hit in hits:
        if kept and kept[-1].rule_index == hit.rule_index and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept


def _drop_nested(hits: list[Hit], rules: Sequence[Rule | None]) -> list[Hit]:
    """Within one pack, a hit inside a longer hit (or on the same span as an
    earlier rule's) is the same problem reported twice: keep one.

    One sweep per pack in (start, longest first, rule order): a hit is covered
    exactly when an earlier hit in that order reaches at least as far.
    """
    by_pack: dict[str, list[Hit]] = {}
    for hit in hits:
        by_pack.setdefault(active_rule(rules, hit.rule_index).pack, []).append(hit)
    kept: list[Hit] = []
    for group in by_pack.values():
        reach = -1
        for hit in sorted(group, key=lambda h: (h.start, -h.end, h.rule_index)):
            if hit.end <= reach:
                continue
            reach = hit.end
            kept.append(hit)
    return kept


def _read(
    doc: Document, engine: Engine, rule: Rule, hit: Hit, quotes: LazyQuoteIndex, context: _Context
) -> Reading | None:
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
