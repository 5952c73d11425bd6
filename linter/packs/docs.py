"""Rule documentation rendered from the pack data: one source for the CLI and docs/rules.md."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..base.inflect import indefinite_article
from ..base.model import Source
from .model import Example, Pack, Rule
from .provenance import is_second_hand, primary_first
from .slots import load_slot_classes, slot_names


def _marked(example: Example) -> str:
    text = example.text
    for start, end in sorted(example.spans, reverse=True):
        text = f"{text[:start]}**{text[start:end]}**{text[end:]}"
    return text


def _what(rule: Rule) -> str:
    if rule.kind == "document":
        return (
            f"Whole article: a narrative mention of {', '.join(repr(w) for w in rule.when[:4])} "
            "with none of the required phrases anywhere in the story."
        )
    if rule.kind == "regex":
        return f"The pattern `{rule.regex}`."
    phrases = ", ".join(f"\u201c{p}\u201d" for p, _ in rule.phrases)
    forms = {"verb": " (and its -s, -ed, -ing forms)", "noun": " (and plurals)", "none": ""}
    return phrases + forms.get(rule.phrases[0][1], "")


def _conditions(rule: Rule) -> list[str]:
    out = []
    slots = dict.fromkeys(name for phrase, _ in rule.phrases for name in slot_names(phrase))
    if slots:
        classes = load_slot_classes()
        for name in slots:
            described = (
                classes[name].describe() if name in classes else f"{{{name}}}: one of the listed words"
            )
            out.append("slot " + described)
    if rule.misspellings:
        out.append(
            "also matches the misspellings: "
            + ", ".join(
                f"\u201c{wrong}\u201d (for \u201c{right}\u201d)" for wrong, right in rule.misspellings
            )
        )
    for near in rule.only_near:
        out.append(f"only within {near.before} words before / {near.after} after: " + ", ".join(near.words))
    for near in rule.unless_near:
        out.append(f"not within {near.before} words before / {near.after} after: " + ", ".join(near.words))
    if rule.story_types:
        out.append("only in: " + ", ".join(rule.story_types))
    if rule.locales:
        out.append("locales: " + ", ".join(rule.locales))
    if not rule.enabled:
        out.append(f'off by default (house-style switch: `enable = ["{rule.id}"]`)')
    r = rule.readings
    if r.category:
        out.append("acceptable as a " + " or ".join(r.category) + " category: a note there, never a fix")
    if r.still_applies:
        out.append("still applies when read as: " + ", ".join(r.still_applies))
    if r.mention == "note":
        out.append("a mention of the term gives a note")
    if r.figurative:
        out.append(f"figurative (silent) within {r.figurative_within} words of: " + ", ".join(r.figurative))
    if rule.kind == "document" and rule.min_words:
        out.append(f"judges texts of {rule.min_words} words or more")
    return out


def _suggestions(rule: Rule) -> list[str]:
    lines = []
    for key, items in rule.suggest.items():
        label = "" if key == "default" else f" (in {indefinite_article(key)} {key} story)"
        lines.append(", ".join(f"\u201c{s.text}\u201d" for s in items) + label)
    return lines


def rule_text(rule: Rule) -> str:
    """Plain-text doc for `copydesk explain`."""
    lines = [f"{rule.id}  [{rule.severity}]" + ("  safe fix" if rule.fix == "safe" else ""), ""]
    lines += ["What it catches", "  " + _what(rule)]
    for cond in _conditions(rule):
        lines.append("  " + cond)
    lines += ["", "Message", "  " + rule.message, "", "Why", "  " + rule.why]
    if rule.suggest:
        lines += ["", "Write instead"] + ["  " + s for s in _suggestions(rule)]
    lines += ["", "Examples (flagged)"] + ["  - " + _marked(e) for e in rule.flag_examples]
    lines += ["", "Examples (not flagged)"] + ["  - " + e.text for e in rule.pass_examples]
    lines += ["", "Sources (primary first)"]
    for s in primary_first(rule.sources):
        lines.append(f"  - [{_kind(s)}] {s.organisation}, {s.title} ({s.year}). {s.url}")
        if s.reported_by:
            lines.append(f"    reported by: {s.reported_by.label}. {s.reported_by.url}")
    return "\n".join(lines)


def _kind(source: Source) -> str:
    """``kind``, plus what a reader meets at the link: a paywall, or only second-hand support."""
    parts = [source.kind]
    if source.access != "open":
        parts.append(source.access)
    if is_second_hand(source):
        parts.append("second-hand")
    return ", ".join(parts)


def _source_link(s: Source) -> str:
    return f"[{s.organisation}, {s.title} ({s.year})]({s.url})"


def _reported(s: Source) -> str:
    assert s.reported_by is not None
    return f"reported by [{s.reported_by.label}]({s.reported_by.url})"


def rules_table(packs: Sequence[Pack]) -> str:
    rows = [
        f"{'RULE':<48} {'SEVERITY':<10} EXAMPLES",
    ]
    for pack in packs:
        for rule in pack.rules:
            flag = "" if rule.enabled else " (off)"
            rows.append(
                f"{rule.id:<48} {str(rule.severity):<10} {len(rule.flag_examples)}/"
                f"{len(rule.pass_examples)}{flag}"
            )
    rows.append(
        "\nSEVERITY is the default (a config's [severity] changes it); EXAMPLES counts the\n"
        "examples the rule is tested on, flagged/passing; (off) is a house-style switch,\n"
        "on only with --enable or enable = [...]. `copydesk explain RULE` shows one rule."
    )
    return "\n".join(rows)


def rules_json(packs: Sequence[Pack]) -> str:
    rules = []
    for pack in packs:
        for rule in pack.rules:
            rules.append(
                {
                    "id": rule.id,
                    "pack": rule.pack,
                    "severity": str(rule.severity),
                    "kind": rule.kind,
                    "enabled": rule.enabled,
                    "fix": rule.fix,
                    "message": rule.message,
                    "sources": [s.to_dict() for s in rule.sources],
                    "examples": {"flag": len(rule.flag_examples), "pass": len(rule.pass_examples)},
                }
            )
    return json.dumps({"rules": rules}, indent=2, ensure_ascii=False)


def rules_markdown(packs: Sequence[Pack]) -> str:
    out = [
        "# copydesk rules reference",
        "",
        "<!-- Generated from rules/*.yaml by `copydesk rules docs`. Do not edit by hand. -->",
        "",
        f"{sum(len(p.rules) for p in packs)} rules in {len(packs)} packs.",
        "",
    ]
    for pack in packs:
        out.append(f"- [{pack.title}](#{pack.id}) ({len(pack.rules)} rules)")
    out.append("")
    for pack in packs:
        out += [f"## {pack.id}", "", f"**{pack.title}.** {pack.description}", ""]
        if pack.story_type:
            st = pack.story_type
            cues = ", ".join(f"{c} ({w:g})" for c, w in st.cues)
            out += [
                f"Story type `{st.id}` ({st.label}): score of at least {st.threshold:g} from cues {cues}.",
                "",
            ]
        for rule in pack.rules:
            out += [
                f"### {rule.id}",
                "",
                f"Severity: **{rule.severity}**"
                + (" · safe automatic fix" if rule.fix == "safe" else "")
                + ("" if rule.enabled else " · off by default (house switch)"),
                "",
                f"**What it catches.** {_what(rule)}",
                "",
            ]
            for cond in _conditions(rule):
                out.append(f"- {cond}")
            if _conditions(rule):
                out.append("")
            out += [f"**Why.** {rule.why}", ""]
            if rule.suggest:
                out += ["**Write instead.** " + "; ".join(_suggestions(rule)), ""]
            out += ["**Flagged:**", ""] + [f"- {_marked(e)}" for e in rule.flag_examples] + [""]
            out += ["**Not flagged:**", ""] + [f"- {e.text}" for e in rule.pass_examples] + [""]
            out += ["**Sources** (primary first):", ""]
            for s in primary_first(rule.sources):
                line = f"- *{_kind(s)}* · {_source_link(s)}"
                if s.reported_by:
                    line += f" · {_reported(s)}"
                out.append(line)
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def heading_anchor(heading: str) -> str:
    """The fragment GitHub gives a heading: lowercase, punctuation other than '-' dropped.
    Each rule's heading in docs/rules.md is its id, so this is also a rule's link."""
    return "".join(c for c in heading.lower().replace(" ", "-") if c.isalnum() or c in "-_")


def sources_markdown(packs: Sequence[Pack]) -> str:
    """docs/sources.md: every declared source, what it is, and the rules that cite it."""
    total = sum(len(p.sources) for p in packs)
    second = sum(1 for p in packs for s in p.sources.values() if is_second_hand(s))
    out = [
        "# copydesk sources",
        "",
        "<!-- Generated from rules/*.yaml by `copydesk rules docs`. Do not edit by hand. -->",
        "",
        f"{total} sources declared in {len(packs)} packs; {second} of them give only second-hand support "
        "(their link is the publisher's front page and the wording was seen only on the page they were "
        "reported by, or the link is a copy or another linter's list).",
        "",
        "Each link goes to the publisher's own page. *reported by* is a second-hand page kept as an "
        "extra, with a label that says what it is.",
        "",
    ]
    for pack in packs:
        if not pack.sources:
            continue
        citing: dict[str, list[str]] = {sid: [] for sid in pack.sources}
        for rule in pack.rules:
            for s in rule.sources:
                citing[s.id].append(rule.id)
        out += [f"## {pack.id}", ""]
        for sid, s in pack.sources.items():
            out += [f"### {sid}", "", f"{_source_link(s)}", ""]
            out.append(f"- kind: {s.kind}" + (" (second-hand support only)" if is_second_hand(s) else ""))
            out.append(f"- publisher: {s.publisher_name}")
            out.append(f"- year: {s.year}")
            out.append(f"- url: <{s.url}>")
            out.append(f"- access: {s.access}")
            if s.reported_by:
                out.append(f"- {_reported(s)}")
            rules = citing[sid]
            out.append(
                "- cited by: "
                + (", ".join(f"[{r}](rules.md#{heading_anchor(r)})" for r in rules) if rules else "no rule")
            )
            out.append("")
    return "\n".join(out).rstrip() + "\n"
