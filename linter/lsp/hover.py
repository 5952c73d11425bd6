"""Hover text for a finding: message, why, sources, suggestions, and the story
type and reading that shaped it. Markdown when the client renders it."""

from __future__ import annotations

import re

from ..base.model import Finding
from .diagnostics import DOCS_URL, rule_link

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")

# What each reading means, in the words the messages use.
_READINGS = {
    "quote": "inside a direct quote",
    "self": "self-description",
    "mention": "the term is discussed, not used",
    "definition": "a definition or category",
    "name": "part of a name or title",
    "figurative": "figurative sense",
}


def _md(text: str) -> str:
    """Draft and pack text shown as Markdown is escaped: it is never markup."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def hover_text(
    finding: Finding, story: tuple[str | None, str], markdown: bool, docs_url: str = DOCS_URL
) -> str:
    label, note = story
    story_line = f"{note}" if label else f"{note}: general advice"
    reading = None
    if finding.reading:
        reading = _READINGS.get(finding.reading, finding.reading)
        if finding.reading_cue:
            reading += f" (\u201c{finding.reading_cue}\u201d)"
    link = rule_link(finding, docs_url)
    if not markdown:
        lines = [f"copydesk {finding.rule} ({finding.severity})", "", finding.message, ""]
        if finding.why:
            lines += [f"Why: {finding.why}", ""]
        for s in finding.sources:
            lines.append(f"Source: {s.publisher_name}, \u201c{s.title}\u201d ({s.year}) {s.url}")
        if finding.suggestions:
            lines += ["", "Write instead: " + "; ".join(finding.suggestions)]
        lines += ["", f"Story type: {story_line}"]
        if reading:
            lines.append(f"Reading: {reading}")
        if link:
            lines.append(f"Rule: {link}")
        return "\n".join(lines)
    out = [f"**copydesk** `{finding.rule}` \u00b7 {finding.severity}", "", _md(finding.message), ""]
    if finding.why:
        out += [f"**Why.** {_md(finding.why)}", ""]
    for s in finding.sources:
        out.append(f"- [{_md(s.publisher_name)}: {_md(s.title)} ({_md(str(s.year))})]({s.url})")
    if finding.sources:
        out.append("")
    if finding.suggestions:
        out += ["**Write instead.** " + " \u00b7 ".join(_md(s) for s in finding.suggestions), ""]
    out.append(f"**Story type.** {_md(story_line)}")
    if reading:
        out += ["", f"**Reading.** {_md(reading)}"]
    if link:
        out += ["", f"[Rule reference]({link})"]
    return "\n".join(out)
