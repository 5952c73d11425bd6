"""CLI glue for the grammar layer: LanguageTool findings in the same run.

Our guidance wins where both fire on the same span; LanguageTool matches inside
direct quotes follow the run's quotes policy (notes, never fixed); its
replacements are applied by `copydesk fix` only with `[grammar] autofix = true`.
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace

from ..base.model import Severity


def wanted(flag: bool, url: str | None, settings) -> bool:
    return flag or bool(url) or settings.enabled


_QUOTE_MARKS = "\"\u201c\u201d\u2018\u2019'"
_BLANK_LINE = re.compile(r"[ \t]*\n[ \t\x00]*\n\s*")


def _unpaired_quote_rule(g) -> bool:
    """LanguageTool's unpaired-symbol rules, when the symbol is a quotation mark."""
    return "UNPAIRED" in g.rule and g.match.strip() != "" and all(c in _QUOTE_MARKS for c in g.match.strip())


def _runs_over_paragraphs(scan: str, quotes, start: int, end: int) -> bool:
    """Is this mark part of a quote our tracker reads as running over several
    paragraphs (left open at a paragraph's end, reopened at the next one's start)?"""
    span = quotes.containing(start, end)
    if span is None:
        return False
    s, e = span
    after = _BLANK_LINE.match(scan, e)
    if after and scan[after.end() : after.end() + 1] in _QUOTE_MARKS and scan[e - 1 : e] not in '\u201d"':
        return True  # left open here, the next paragraph reopens it
    before = scan.rfind("\n\n", 0, s)
    if before < 0 or scan[before:s].strip(" \t\n\x00"):
        return False  # the quote does not open its paragraph
    last = len(scan[:before].rstrip(" \t\n\x00"))
    prev = quotes.containing(last - 1, last) if last > 0 else None
    return prev is not None and scan[last - 1 : last] not in '\u201d"'  # the previous one was left open


def grammar_findings(source: str, kind: str, config, settings, url, ours) -> list:
    """LanguageTool's findings for ``source``, shaped for this run.

    Drops those on spans ``ours`` (guidance findings) already cover, applies the
    quotes policy, and marks the rest fixable only when autofix is configured.
    Raises GrammarUnavailable when LanguageTool cannot answer.
    """
    from ..engine.quotes import LazyQuoteIndex
    from ..inputs.extract import extract
    from . import check_grammar

    doc = extract(source, kind or "text")
    found = check_grammar(
        source,
        doc.prose_ranges(),
        locale=config.locale,
        disabled_rules=settings.disabled_rules,
        disabled_categories=settings.disabled_categories,
        picky=settings.picky,
        spellcheck=settings.spellcheck,
        words=settings.words,
        url=url or settings.url,
    )
    quotes = LazyQuoteIndex(doc.scan, doc.quote_regions)
    taken = [(f.offset, f.end_offset) for f in ours]
    out = []
    for g in found:
        if any(s < g.end_offset and g.offset < e for s, e in taken):
            continue  # our guidance already speaks for this span
        if _unpaired_quote_rule(g) and _runs_over_paragraphs(doc.scan, quotes, g.offset, g.end_offset):
            continue  # the news convention: no closing mark until the quote's last paragraph
        if quotes.containing(g.offset, g.end_offset):
            if config.quotes == "ignore":
                continue
            g = replace(
                g,
                in_quote=True,
                fixable=False,
                severity=Severity.NOTE if config.quotes == "note" else g.severity,
            )
        elif settings.autofix and g.suggestions:
            g = replace(g, fixable=True)
        out.append(g)
    return out


def add_grammar_findings(run, targets, url: str | None, settings) -> bool:
    """Add LanguageTool findings to every checked file; False when it was unavailable.

    ``settings`` is the [grammar] table in force (GrammarSettings)."""
    from . import GrammarUnavailable

    by_path = {t.path: t for t in targets}
    for result in run.results:
        if result.error or result.source is None or result.path not in by_path:
            continue
        target = by_path[result.path]
        if target.kind == "docx":
            continue  # paragraphs, not source text: LanguageTool spans would not map back
        try:
            extra = grammar_findings(
                result.source, target.kind, target.config, settings, url, result.findings
            )
        except GrammarUnavailable as exc:
            print(f"copydesk: grammar check skipped: {exc.reason}", file=sys.stderr)
            return False
        result.findings = sorted(result.findings + extra, key=lambda f: (f.offset, f.end_offset, f.rule))
    return True


def fix_with_grammar(settings, url):
    """A hook for fix_file: LanguageTool findings on the text guidance fixes left."""
    from . import GrammarUnavailable

    def extra(text: str, kind: str, config, ours):
        try:
            return grammar_findings(text, kind, config, settings, url, ours)
        except GrammarUnavailable as exc:
            print(f"copydesk: grammar check skipped: {exc.reason}", file=sys.stderr)
            return []

    return extra


def install_command() -> int:
    from . import InstallError
    from .install import install

    try:
        info = install(progress=lambda msg: print(msg, file=sys.stderr))
    except InstallError as exc:
        print(f"copydesk: {exc}", file=sys.stderr)
        return 2
    print(f"LanguageTool {info.version} ready in {info.home} (from {info.source})")
    return 0


def status_command(url: str | None) -> int:
    from .status import status

    st = status(url=url)
    print(st.message)
    for key, value in st.to_dict().items():
        if key != "message" and value is not None:
            print(f"  {key}: {value}")
    return 0 if (st.installed or st.server_answers) else 1
