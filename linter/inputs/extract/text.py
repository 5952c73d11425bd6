"""Plain text: everything is prose except URLs and suppression comments."""

from __future__ import annotations

import re

from . import HARD, Comment, Document, blank, blank_urls

# In plain text a suppression may sit in an HTML comment or on a line of its own
# starting with '#' or '//': "# copydesk-disable-next-line suicide.commit-suicide".
_COMMENT = re.compile(r"<!--(.*?)-->|^[ \t]*(?:#|//)[ \t]*(copydesk-[^\n]*)$", re.S | re.M)


def extract_text(source: str) -> Document:
    scan = source
    comments = []
    if "copydesk-" in source or "<!--" in source:
        pieces, cursor = [], 0
        for m in _COMMENT.finditer(source):
            body = (m.group(1) if m.group(1) is not None else m.group(2)).strip()
            comments.append(Comment(m.start(), m.end(), body))
            pieces.append(source[cursor : m.start()])
            pieces.append(blank(m.group(), HARD))
            cursor = m.end()
        pieces.append(source[cursor:])
        scan = "".join(pieces)
    return Document(source, blank_urls(scan), "text", comments=comments)
