"""One article through the pure core: findings, story type, words, and how
often it already uses each rule's preferred wording. Prints nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..base.model import Finding
from ..engine import Engine, analyse_story
from ..engine.matching import expand_phrase, normalize, word_text
from ..inputs.extract import extract


@dataclass
class ArticleResult:
    findings: list[Finding]
    story: str | None
    words: int
    wordings: Counter  # (rule id, preferred wording) -> times used


class PreferredWordings:
    """Every form of every rule's suggestions in one automaton ("die by suicide"
    also finds "died by suicide"), so a trend shows the change and not only the decline."""

    def __init__(self, engine: Engine):
        import ahocorasick

        self.automaton = ahocorasick.Automaton()
        table: dict[str, set] = {}
        for rule in engine.rules:
            mode = rule.phrases[0][1] if rule.phrases else "none"
            # One-word advice ("suicide", "die") is too common to say the wording changed.
            texts = {s.text for options in rule.suggest.values() for s in options if " " in s.text.strip()}
            for text in texts:
                for form in expand_phrase(text, mode, engine.pairs):
                    table.setdefault(f" {form} ", set()).add((rule.id, text))
        for key, targets in table.items():
            self.automaton.add_word(key, tuple(sorted(targets)))
        self.empty = not table
        if not self.empty:
            self.automaton.make_automaton()

    def count(self, scan: str) -> Counter:
        found: Counter = Counter()
        if self.empty:
            return found
        padded = f" {word_text(normalize(scan).text)} "
        for _end, targets in self.automaton.iter(padded):
            found.update(targets)
        return found


def audit_article(text: str, kind: str, engine: Engine, wordings: PreferredWordings) -> ArticleResult:
    doc = extract(text, kind)
    findings, _suppressions, story = analyse_story(doc, engine)
    return ArticleResult(findings, story, len(text.split()), wordings.count(doc.scan))
