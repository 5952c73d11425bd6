"""CLI glue for the grammar layer: merge LanguageTool findings into a run.

Our guidance wins where both fire on the same span; LanguageTool matches inside
direct quotes follow the run's quotes policy (notes, never fixed).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from .model import Severity


def _settings(config_path):
    from .configfile import ConfigFinder

    finder = ConfigFinder(Path(config_path) if config_path else None)
    return finder.for_path(Path.cwd()).grammar


def _merge(result, grammar_findings, quotes_policy: str, scan: str, quote_regions) -> None:
    from .quotes import QuoteIndex, find_quotes

    quotes = QuoteIndex(find_quotes(scan, quote_regions))
    ours = [(f.offset, f.end_offset) for f in result.findings]
    merged = list(result.findings)
    for g in grammar_findings:
        if any(s < g.end_offset and g.offset < e for s, e in ours):
            continue  # our guidance already speaks for this span
        if quotes.containing(g.offset, g.end_offset):
            if quotes_policy == "ignore":
                continue
            g = replace(g, in_quote=True, fixable=False,
                        severity=Severity.NOTE if quotes_policy == "note" else g.severity)
        merged.append(g)
    result.findings = sorted(merged, key=lambda f: (f.offset, f.end_offset, f.rule))


def add_grammar_findings(run, targets, url: str | None, config_path) -> bool:
    """Add LanguageTool findings to every checked file; False when it was unavailable."""
    from .extract import extract
    from .grammar import GrammarUnavailable, check_grammar

    settings = _settings(config_path)
    url = url or settings.url
    by_path = {t.path: t for t in targets}
    for result in run.results:
        if result.error or result.source is None:
            continue
        target = by_path[result.path]
        doc = extract(result.source, target.kind or "text")
        try:
            found = check_grammar(
                result.source, doc.prose_ranges(), locale=target.config.locale,
                disabled_rules=settings.disabled_rules,
                disabled_categories=settings.disabled_categories, picky=settings.picky,
                spellcheck=settings.spellcheck, words=settings.words, url=url)
        except GrammarUnavailable as exc:
            print(f"copydesk: grammar check skipped: {exc.reason}", file=sys.stderr)
            return False
        _merge(result, found, target.config.quotes, doc.scan, doc.quote_regions)
    return True


def install_command() -> int:
    from .grammar import InstallError
    from .grammar.install import install

    try:
        info = install(progress=lambda msg: print(msg, file=sys.stderr))
    except InstallError as exc:
        print(f"copydesk: {exc}", file=sys.stderr)
        return 2
    print(f"LanguageTool {info.version} ready in {info.home} (from {info.source})")
    return 0


def status_command(url: str | None) -> int:
    from .grammar.install import status

    st = status(url=url)
    print(st.message)
    for key, value in st.to_dict().items():
        if key != "message" and value is not None:
            print(f"  {key}: {value}")
    return 0 if (st.installed or st.server_answers) else 1
