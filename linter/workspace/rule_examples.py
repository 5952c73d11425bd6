"""Run rule examples as tests: shared by `copydesk rules test` and pytest."""

from __future__ import annotations

from ..base.config import Config


def config_for(rule, locale: str | None = None) -> Config:
    """Every pack active (as in real use), plus this rule even if it is a house switch."""
    default_locale = rule.locales[0] if rule.locales else "en-US"
    return Config(locale=locale or default_locale, enable=(rule.id,), packs=_extra_packs(rule))


def _extra_packs(rule) -> tuple[str, ...]:
    from ..packs import builtin_rules_dir

    builtin = builtin_rules_dir().resolve()
    from pathlib import Path

    path = Path(rule.path).resolve()
    return () if path.parent == builtin else (str(path),)


def example_failures(rule, kind: str, example) -> list[str]:
    """Why an example fails (empty when it passes)."""
    from ..engine import check_text
    from ..fixing.edits import fix_text

    where = f"{rule.path}:{example.line}: {rule.id}"
    config = config_for(rule, example.locale)
    findings = check_text(example.text, config=config)
    # A quote or another reading (self, mention, definition...) leaves the words standing,
    # at most with a note: what a pass example asks for.
    found = [f for f in findings if f.rule == rule.id and not f.in_quote and f.reading is None]
    if kind == "pass":
        return [f"{where}: pass example was flagged at {f.match!r}" for f in found]
    problems = []
    spans = {(f.offset, f.end_offset) for f in found}
    for start, end in example.spans:
        # A noun rule may take in the article before it ("an addict") to rewrite it too.
        ok = (start, end) in spans or any(
            e == end and example.text[s:start].strip().lower() in ("a", "an") for s, e in spans
        )
        if not ok:
            problems.append(
                f"{where}: expected a finding at {example.text[start:end]!r}, got {[f.match for f in found]}"
            )
    if problems:
        return problems
    if example.suggest is not None and (
        not found[0].suggestions or found[0].suggestions[0] != example.suggest
    ):
        problems.append(f"{where}: first suggestion {list(found[0].suggestions[:1])} != {example.suggest!r}")
    if example.fixed is not None:
        fixed, _ = fix_text(example.text, config=config)
        if fixed != example.fixed:
            problems.append(f"{where}: fixed text {fixed!r} != {example.fixed!r}")
    return problems


def iter_examples(rules):
    for rule in rules:
        for kind, examples in (("flag", rule.flag_examples), ("pass", rule.pass_examples)):
            for index, example in enumerate(examples):
                yield rule, kind, index, example


def run_pack_tests(pack_files: list[str]) -> tuple[int, list[str]]:
    """Examples of the given pack files (or the built-in packs): (passed, failures)."""
    from ..packs import load_packs

    packs = load_packs(tuple(pack_files), builtin=True)
    wanted = set(pack_files)
    rules = [r for p in packs if not wanted or p.path in wanted for r in p.rules]
    passed, failures = 0, []
    for rule, kind, _, example in iter_examples(rules):
        problems = example_failures(rule, kind, example)
        if problems:
            failures.extend(problems)
        else:
            passed += 1
    return passed, failures
