"""Code actions: take a suggestion, fix every safe finding in the file (the
same edits `copydesk fix` makes), or disable a rule for one line with the
project's own suppression comment."""

from __future__ import annotations

from lsprotocol import types

from ..base.model import Finding
from .checking import Checked
from .positions import PositionMap

FIX_ALL_TITLE = "copydesk: fix all safe findings in this file"
# A code action cannot ask for text: the comment is written with this reason,
# for the writer to replace (a suppression's reason is what an audit reads).
REASON_PLACEHOLDER = "REASON: say why this wording stays"


def _range(positions: PositionMap, start: int, end: int) -> types.Range:
    (sl, sc), (el, ec) = positions.range(start, end)
    return types.Range(types.Position(sl, sc), types.Position(el, ec))


class EditBuilder:
    """Workspace edits for one document, versioned when the client supports it
    (a stale edit is then refused by the editor instead of landing in the wrong place)."""

    def __init__(self, uri: str, version: int | None, positions: PositionMap, versioned: bool):
        self.uri, self.version, self.positions, self.versioned = uri, version, positions, versioned

    def edit(self, spans: list[tuple[int, int, str]]) -> types.WorkspaceEdit:
        edits = [types.TextEdit(_range(self.positions, s, e), text) for s, e, text in spans]
        if self.versioned:
            doc = types.OptionalVersionedTextDocumentIdentifier(uri=self.uri, version=self.version)
            return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(doc, edits)])
        return types.WorkspaceEdit(changes={self.uri: edits})


def _wanted(kind: str, only) -> bool:
    return not only or any(kind == k or kind.startswith(k + ".") for k in only)


def minimal_span(old: str, new: str) -> tuple[int, int, str]:
    """One replacement turning ``old`` into ``new``: the common start and end kept."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return prefix, len(old) - suffix, new[prefix : len(new) - suffix]


def code_actions(
    checked: Checked,
    start: int,
    end: int,
    builder: EditBuilder,
    diagnostic_for,
    only=None,
) -> list[types.CodeAction]:
    """Actions for the findings touching [start, end]; ``diagnostic_for(finding)``
    gives the diagnostic each action resolves."""
    from ..inputs.extract import extract

    doc = None
    actions: list[types.CodeAction] = []
    touching = [f for f in checked.findings if f.offset <= end and start <= f.end_offset]
    quickfix = types.CodeActionKind.QuickFix
    for f in touching:
        if f.suggestions and not f.in_quote and _wanted(quickfix, only):
            doc = doc or extract(checked.text, checked.kind)
            for i, s in enumerate(f.suggestions):
                if doc.rewritable(f.offset, f.end_offset, s):  # never eat markup
                    actions.append(
                        types.CodeAction(
                            title=f"Replace \u201c{f.match}\u201d with \u201c{s}\u201d",
                            kind=quickfix,
                            diagnostics=[diagnostic_for(f)],
                            is_preferred=f.fixable and i == 0,
                            edit=builder.edit([(f.offset, f.end_offset, s)]),
                        )
                    )
        if _wanted(quickfix, only) and not f.rule.startswith("copydesk."):
            actions.append(_disable_action(checked, f, builder, diagnostic_for(f)))
    fix_all = types.CodeActionKind.SourceFixAll
    if any(f.fixable for f in checked.findings) and (
        _wanted(fix_all, only) or (touching and any(f.fixable for f in touching) and _wanted(quickfix, only))
    ):
        action = fix_all_action(checked, builder, kind=fix_all if _wanted(fix_all, only) else quickfix)
        if action is not None:
            actions.append(action)
    return actions


def _disable_action(checked: Checked, f: Finding, builder: EditBuilder, diagnostic) -> types.CodeAction:
    from ..fixing.suppression import suppression_edit

    edit = suppression_edit(checked.text, f, REASON_PLACEHOLDER, checked.kind)
    return types.CodeAction(
        title=f"Disable {f.rule} for this line (with a reason)",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=builder.edit([(edit.start, edit.end, edit.replacement)]),
    )


def fix_all_action(checked: Checked, builder: EditBuilder, kind: str) -> types.CodeAction | None:
    """Every safe fix, to a fixed point, exactly as `copydesk fix` applies them."""
    from ..fixing.edits import fix_text

    config = checked.settings.config
    if config is None:
        return None
    new, applied = fix_text(checked.text, config=config, kind=checked.kind)
    if not applied or new == checked.text:
        return None
    return types.CodeAction(
        title=f"{FIX_ALL_TITLE} ({len(applied)})",
        kind=kind,
        edit=builder.edit([minimal_span(checked.text, new)]),
    )
