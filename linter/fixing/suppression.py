"""The edit that silences one finding with the project's own suppression comment.

Shared by interactive review (``copydesk fix -i``) and the language server's
"disable for this line" action, so both write the same comment.
"""

from __future__ import annotations

from .edits import Edit


def suppression_edit(text: str, finding, reason: str, kind: str) -> Edit:
    """A ``copydesk-disable-next-line`` comment on its own line above the finding's
    line: ``# ...`` in plain text, ``<!-- ... -->`` in Markdown and HTML, ending
    with the line's own newline style."""
    line_start = text.rfind("\n", 0, finding.offset) + 1
    newline = "\r\n" if text[line_start:].split("\n", 1)[0].endswith("\r") else "\n"
    body = f"copydesk-disable-next-line {finding.rule} -- {reason or 'reviewed'}"
    comment = f"# {body}" if kind == "text" else f"<!-- {body} -->"
    return Edit(line_start, line_start, comment + newline, finding)
