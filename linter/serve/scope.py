"""Whole story or one paragraph: what a /v2/check request can see, and what follows.

LibreOffice (and other word processors) send each paragraph as its own request,
with only ``text`` and ``language``. A paragraph cannot show what the story
lacks (a helpline at its end) nor what kind of story it is, so:

* LanguageTool's own ``mode`` decides when the client sends it: ``all`` (or
  ``batch``) runs every rule, whole-text ones included, so the text is the whole
  document; ``textLevelOnly`` too, and then only the whole-article findings come
  back; ``allButTextLevelOnly`` is a paragraph;
* without ``mode`` (LibreOffice, language-tool-python) the text is the **whole
  document** when a blank line separates two paragraphs (a CMS sending
  ``text`` with blank lines between paragraphs, or ``data`` whose paragraph
  markup is ``interpretAs: "\\n\\n"``), and a **paragraph** otherwise. A single
  newline is not enough: LibreOffice's paragraphs carry a manual line break
  (Shift+Enter) as one.

A paragraph is checked as a fragment (:func:`linter.engine.check_text`):
whole-article rules do not run, and story-dependent advice falls back to what
is right in every reading. Whole-article findings, in a whole document, are
anchored on a span no other finding holds (:func:`anchor`).
"""

from __future__ import annotations

import dataclasses
import re

from ..base.model import Finding

DOCUMENT, PARAGRAPH = "document", "paragraph"
_PARAGRAPH_BREAK = re.compile(r"\S\s*\n[^\S\n]*\n\s*\S")  # text, a blank line, text
_SENTENCE = re.compile(r"[^.!?…\n]*[^\s.!?…][^.!?…\n]*[.!?…]*[\"'”’)\]]*")


def scope_of(plain: str, mode: str | None) -> str:
    if mode == "allButTextLevelOnly":
        return PARAGRAPH
    if mode is not None:  # all, batch, textLevelOnly: the client sends the whole text
        return DOCUMENT
    return DOCUMENT if _PARAGRAPH_BREAK.search(plain) else PARAGRAPH


def anchor(findings: list[Finding], plain: str, document_rules: frozenset[str]) -> list[Finding]:
    """Move each whole-article finding off a span another finding holds.

    The engine reports it at the first words that made the story one of its type
    ("committed suicide"), where a phrase rule usually fires too; a client then
    shows one underline for two problems, or only one of them. It goes, in this
    order, to the first of: that span, the last sentence (where the support
    information belongs), the trigger's sentence, that is free of other findings.
    """
    held = [(f.offset, f.end_offset) for f in findings if f.rule not in document_rules]
    out = []
    for f in findings:
        if f.rule in document_rules:
            span = _free_span(f, plain, held)
            if span != (f.offset, f.end_offset):
                f = dataclasses.replace(f, offset=span[0], end_offset=span[1], match=plain[span[0] : span[1]])
            held.append(span)
        out.append(f)
    return sorted(out, key=lambda f: (f.offset, f.end_offset, f.rule))


def _free_span(f: Finding, plain: str, held: list[tuple[int, int]]) -> tuple[int, int]:
    sentences = [
        (m.start() + len(m.group()) - len(m.group().lstrip()), m.end())
        for m in _SENTENCE.finditer(plain)
        if m.group().strip()
    ]
    candidates = [(f.offset, f.end_offset)]
    if sentences:
        candidates.append(sentences[-1])
        candidates += [s for s in sentences if s[0] <= f.offset < s[1]]
    for start, end in candidates:
        if not any(start < h_end and h_start < end for h_start, h_end in held):
            return start, end
    return f.offset, f.end_offset
