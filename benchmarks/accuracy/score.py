"""Score copydesk against the labelled corpus in benchmarks/accuracy/corpus/.

Pure functions over passages and findings, so the benchmark script and the
regression floor in tests/test_accuracy.py compute the same figures.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
OWN_FILE = "own.yaml"  # passages the team wrote: scored apart
READINGS = ("quote", "self", "mention", "definition", "name", "figurative")
# The readings under which copydesk must never rewrite (issue 14's "0 fixes" line).
PROTECTED = ("quote", "self", "mention", "definition")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: dict

    def overlaps(self, start: int, end: int) -> bool:
        return start < self.end and self.start < end


@dataclass
class Passage:
    data: dict
    flags: list[Span]
    negatives: list[Span]

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def text(self) -> str:
        return self.data["text"]

    @property
    def clear_flags(self) -> list[Span]:
        return [s for s in self.flags if not s.label.get("in_quote") and not s.label.get("contested")]

    @property
    def quote_flags(self) -> list[Span]:
        return [s for s in self.flags if s.label.get("in_quote")]

    @property
    def is_negative(self) -> bool:
        """No clear-cut problem outside quotes: nothing should be reported above a note."""
        return not any(not s.label.get("in_quote") for s in self.flags)


def half_of(passage_id: str) -> str:
    """tune or test, fixed by the id so a passage never changes half."""
    return "tune" if hashlib.sha256(passage_id.encode()).digest()[0] % 2 == 0 else "test"


def _locate(text: str, label: dict, where: str) -> Span:
    match = label["match"]
    nth = int(label.get("nth", 1))
    pos = -1
    for _ in range(nth):
        pos = text.find(match, pos + 1)
        if pos < 0:
            raise ValueError(f"{where}: {match!r} (occurrence {nth}) is not in the passage text")
    return Span(pos, pos + len(match), label)


def load_corpus(own: bool = False, directory: Path = CORPUS_DIR) -> list[Passage]:
    """Real-text passages (``own=False``) or the team's own (``own=True``)."""
    files = sorted(directory.glob("*.yaml"))
    files = [f for f in files if (f.name == OWN_FILE) == own]
    passages, seen = [], set()
    for path in files:
        for item in yaml.safe_load(path.read_text("utf-8")) or []:
            where = f"{path.name}:{item.get('id')}"
            if item["id"] in seen:
                raise ValueError(f"{where}: duplicate id")
            seen.add(item["id"])
            if not own:
                for key in ("source", "licence", "attribution"):
                    if not item.get(key):
                        raise ValueError(f"{where}: real-text passage without {key}")
            text = item["text"]
            passages.append(
                Passage(
                    item,
                    [_locate(text, f, where) for f in item.get("flags") or []],
                    [_locate(text, n, where) for n in item.get("negatives") or []],
                )
            )
    return passages


def _norm(text: str) -> str:
    words = " ".join(text.lower().replace("\u2019", "'").split()).split(" ")
    while words and words[0] in ("a", "an", "the"):
        words = words[1:]
    return " ".join(words)


def _rewritten(text: str, flag: Span, edit) -> str:
    """The labelled span as the edit leaves it (the edit may cover less, or take an article along)."""
    lo, hi = min(flag.start, edit.start), max(flag.end, edit.end)
    return _norm(text[lo : edit.start] + edit.replacement + text[edit.end : hi])


@dataclass
class Tally:
    flags: int = 0
    caught: int = 0
    negative_passages: int = 0
    negatives_reported: int = 0
    quote_flags: int = 0
    quote_quiet: int = 0
    reported: int = 0
    reported_on_flag: int = 0
    protected_spans: int = 0
    protected_reported: int = 0
    fixes: int = 0
    fixes_accepted: int = 0
    fixes_on_negative: int = 0
    fixes_protected: int = 0
    passages: int = 0
    misses: list = field(default_factory=list)
    false_alarms: list = field(default_factory=list)
    bad_fixes: list = field(default_factory=list)

    def row(self) -> dict:
        def share(a: int, b: int) -> float | None:
            return round(a / b, 3) if b else None

        return {
            "passages": self.passages,
            "recall": share(self.caught, self.flags),
            "flags": self.flags,
            "negatives_reported": share(self.negatives_reported, self.negative_passages),
            "negative_passages": self.negative_passages,
            "in_quote_quiet": share(self.quote_quiet, self.quote_flags),
            "quote_flags": self.quote_flags,
            "label_precision": share(self.reported_on_flag, self.reported),
            "reported": self.reported,
            "protected_reported": share(self.protected_reported, self.protected_spans),
            "protected_spans": self.protected_spans,
            "fixes": self.fixes,
            "fix_appropriate": share(self.fixes_accepted, self.fixes),
            "fix_on_negative": share(self.fixes_on_negative, self.fixes),
            "fixes_protected": self.fixes_protected,
        }


def score_passage(p: Passage, findings, edits, tally: Tally) -> None:
    """Add one passage's outcome to ``tally``.

    ``findings``: copydesk's findings for the passage text; ``edits``: what
    ``fix`` would apply (offsets into the same text).
    """
    from linter.base.model import Severity

    tally.passages += 1
    above_note = [f for f in findings if f.severity > Severity.NOTE]
    warnings = [f for f in findings if f.severity >= Severity.WARNING]
    for flag in p.clear_flags:
        tally.flags += 1
        if any(flag.overlaps(f.offset, f.end_offset) for f in above_note):
            tally.caught += 1
        else:
            tally.misses.append((p.id, flag.label["match"]))
    if p.is_negative:
        tally.negative_passages += 1
        if warnings:
            tally.negatives_reported += 1
            tally.false_alarms.extend((p.id, f.rule, f.match) for f in warnings)
    for flag in p.quote_flags:
        tally.quote_flags += 1
        if not any(flag.overlaps(f.offset, f.end_offset) for f in above_note):
            tally.quote_quiet += 1
    for f in above_note:
        tally.reported += 1
        if any(s.overlaps(f.offset, f.end_offset) for s in p.flags):
            tally.reported_on_flag += 1
    for neg in p.negatives:
        if neg.label.get("reading") in PROTECTED:
            tally.protected_spans += 1
            if any(neg.overlaps(f.offset, f.end_offset) for f in above_note):
                tally.protected_reported += 1
    protected = [s for s in p.negatives if s.label.get("reading") in PROTECTED] + p.quote_flags
    for e in edits:
        tally.fixes += 1
        on_flag = [s for s in p.clear_flags if s.overlaps(e.start, e.end)]
        accepted = any(
            _rewritten(p.text, s, e) in {_norm(a) for a in s.label.get("accept") or []} for s in on_flag
        )
        if accepted:
            tally.fixes_accepted += 1
        else:
            tally.bad_fixes.append((p.id, p.text[e.start : e.end], e.replacement))
        if p.is_negative or any(s.overlaps(e.start, e.end) for s in p.negatives):
            tally.fixes_on_negative += 1
        if any(s.overlaps(e.start, e.end) for s in protected):
            tally.fixes_protected += 1


def evaluate(passages: list[Passage], check, choose) -> dict[str, dict[str, Tally]]:
    """Tallies by group: overall, per half, per pack and per reading.

    ``check(text) -> findings``; ``choose(findings) -> edits``.
    """
    groups: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    for p in passages:
        findings = check(p.text)
        edits = choose(findings)
        keys = [("all", "all"), ("half", half_of(p.id)), ("pack", p.data.get("pack", "?"))]
        keys += [("reading", r) for r in p.data.get("readings") or []]
        keys += [(f"{half_of(p.id)}-pack", p.data.get("pack", "?"))]
        for group, name in keys:
            score_passage(p, findings, edits, groups[group][name])
    return groups
