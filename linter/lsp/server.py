"""The language server: pygls over stdio, wired to the checking, diagnostics,
code action and hover modules beside it.

The server keeps its own copy of each open document and applies incremental
changes with :class:`~linter.lsp.positions.PositionMap`, so line breaks are
LSP's (``\\r\\n``, ``\\r``, ``\\n``) and positions are in the negotiated encoding
(UTF-8 when the client offers it, else UTF-16). Checks run on the event loop:
the engine takes a few milliseconds per draft, so there is nothing to gain
from threads, and one document's checks never race each other.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.uris import to_fs_path

from ..base.version import __version__
from .actions import EditBuilder, code_actions
from .checking import Checked, check_buffer
from .diagnostics import DOCS_URL, diagnostics, to_diagnostic
from .hover import hover_text
from .positions import PositionMap
from .project import Project, kind_of

log = logging.getLogger("copydesk.lsp")
DEBOUNCE_SECONDS = 0.2


class _Protocol(LanguageServerProtocol):
    """pygls takes the client's first supported encoding; copydesk prefers UTF-8
    whenever it is offered (no conversion of the draft's code units at all)."""

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams):
        general = params.capabilities.general
        if general is not None and general.position_encodings:
            offered = list(general.position_encodings)
            if types.PositionEncodingKind.Utf8 in offered:
                offered.remove(types.PositionEncodingKind.Utf8)
                general.position_encodings = [types.PositionEncodingKind.Utf8, *offered]
        return (yield from super().lsp_initialize(params))


@dataclass
class Buffer:
    uri: str
    text: str
    version: int | None
    kind: str
    path: Path | None
    checked: Checked | None = None
    checked_text: str | None = None


class CopydeskServer(LanguageServer):
    def __init__(self, *, config: str | None = None, baseline: str | None = None):
        super().__init__(
            "copydesk",
            __version__,
            protocol_cls=_Protocol,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
        )
        self.options: dict[str, Any] = {"config": config, "baseline": baseline}
        self.project: Project | None = None
        self.buffers: dict[str, Buffer] = {}
        self.pending: dict[str, asyncio.Task] = {}
        self.debounce = DEBOUNCE_SECONDS
        self.docs_url = DOCS_URL

    # -- state --------------------------------------------------------------------------

    @property
    def encoding(self) -> str:
        try:
            chosen = self.workspace.position_encoding
        except RuntimeError:  # not initialised yet
            return "utf-16"
        return str(getattr(chosen, "value", chosen) or "utf-16")

    def positions(self, text: str) -> PositionMap:
        return PositionMap(text, self.encoding)

    def get_project(self) -> Project:
        if self.project is None:
            self.project = Project(None, self.options.get("config"), self.options.get("baseline"))
        return self.project

    def check(self, buf: Buffer) -> Checked:
        """The buffer's findings, checked again only when its text changed."""
        if buf.checked is None or buf.checked_text != buf.text:
            buf.checked = check_buffer(buf.text, buf.kind, buf.path, self.get_project())
            buf.checked_text = buf.text
        return buf.checked

    def publish(self, buf: Buffer) -> None:
        checked = self.check(buf)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=buf.uri,
                diagnostics=diagnostics(checked, self.positions(checked.text), self.docs_url),
                version=buf.version,
            )
        )

    def schedule(self, buf: Buffer, delay: float) -> None:
        """Check after ``delay`` of quiet: typing replaces the pending check."""
        old = self.pending.pop(buf.uri, None)
        if old is not None:
            old.cancel()
        if delay <= 0:
            self.publish(buf)
            return

        async def later():
            await asyncio.sleep(delay)
            self.pending.pop(buf.uri, None)
            current = self.buffers.get(buf.uri)
            if current is not None:
                self.publish(current)

        self.pending[buf.uri] = asyncio.ensure_future(later())

    def reload(self, reason: str) -> None:
        """Configs, packs or the baseline changed: re-read them, re-check every open document."""
        log.info("copydesk: re-reading settings (%s)", reason)
        self.get_project().reload()
        for buf in self.buffers.values():
            buf.checked = None
            self.publish(buf)


def _path_of(uri: str) -> Path | None:
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return Path(path) if path else None


def create_server(*, config: str | None = None, baseline: str | None = None) -> CopydeskServer:
    server = CopydeskServer(config=config, baseline=baseline)

    @server.feature(types.INITIALIZE)
    def initialize(ls: CopydeskServer, params: types.InitializeParams):
        opts = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        for key in ("config", "baseline"):
            if opts.get(key):
                ls.options[key] = str(opts[key])
        if isinstance(opts.get("debounce"), (int, float)):
            ls.debounce = max(0.0, float(opts["debounce"]) / 1000)
        if isinstance(opts.get("docsUrl"), str):
            ls.docs_url = opts["docsUrl"]
        root = None
        if params.workspace_folders:
            root = _path_of(params.workspace_folders[0].uri)
        elif params.root_uri:
            root = _path_of(params.root_uri)
        elif params.root_path:
            root = Path(params.root_path)
        ls.project = Project(root, ls.options.get("config"), ls.options.get("baseline"))

    @server.feature(types.INITIALIZED)
    async def initialized(ls: CopydeskServer, params: types.InitializedParams):
        watch = ls.client_capabilities.workspace
        dynamic = (
            watch is not None
            and watch.did_change_watched_files is not None
            and watch.did_change_watched_files.dynamic_registration
        )
        if not dynamic:
            return  # settings are then re-read whenever a document is saved
        patterns = ["**/.copydesk.toml", "**/pyproject.toml", "**/*.yaml", "**/*.yml"]
        project = ls.get_project()
        if project.baseline_file is not None:
            patterns.append(project.baseline_file.as_posix())
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=p) for p in patterns]
        )
        try:
            await ls.client_register_capability_async(
                types.RegistrationParams(
                    registrations=[
                        types.Registration(
                            id="copydesk-settings",
                            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=options,
                        )
                    ]
                )
            )
        except Exception as exc:  # a client that refuses: saves still re-read
            log.warning("copydesk: could not watch settings files: %s", exc)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: CopydeskServer, params: types.DidOpenTextDocumentParams):
        item = params.text_document
        path = _path_of(item.uri)
        kind = kind_of(item.language_id, path)
        if kind is None:
            return
        buf = Buffer(item.uri, item.text, item.version, kind, path)
        ls.buffers[item.uri] = buf
        ls.schedule(buf, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: CopydeskServer, params: types.DidChangeTextDocumentParams):
        buf = ls.buffers.get(params.text_document.uri)
        if buf is None:
            return
        text = buf.text
        for change in params.content_changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                positions = ls.positions(text)
                start = positions.offset(change.range.start.line, change.range.start.character)
                end = positions.offset(change.range.end.line, change.range.end.character, ceil=True)
                text = text[:start] + change.text + text[max(start, end) :]
            else:
                text = change.text
        buf.text, buf.version = text, params.text_document.version
        ls.schedule(buf, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: CopydeskServer, params: types.DidSaveTextDocumentParams):
        # Editors that watch no files for the server (or a config saved outside
        # any open document's folder) still see it: a save re-reads the settings.
        ls.reload(f"{params.text_document.uri} saved")

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: CopydeskServer, params: types.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        if ls.buffers.pop(uri, None) is not None:
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(ls: CopydeskServer, params: types.DidChangeWatchedFilesParams):
        project = ls.get_project()
        changed = [p for c in params.changes if (p := _path_of(c.uri)) is not None and project.is_watched(p)]
        if changed:
            ls.reload(", ".join(str(p) for p in changed))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
        ),
    )
    def code_action(ls: CopydeskServer, params: types.CodeActionParams):
        buf = ls.buffers.get(params.text_document.uri)
        if buf is None:
            return None
        checked = ls.check(buf)
        positions = ls.positions(checked.text)
        start = positions.offset(params.range.start.line, params.range.start.character)
        end = positions.offset(params.range.end.line, params.range.end.character, ceil=True)
        edit_caps = ls.client_capabilities.workspace
        versioned = bool(
            edit_caps
            and edit_caps.workspace_edit
            and edit_caps.workspace_edit.document_changes
            and buf.version is not None
        )
        builder = EditBuilder(buf.uri, buf.version, positions, versioned)
        return code_actions(
            checked,
            start,
            end,
            builder,
            lambda f: to_diagnostic(f, positions, ls.docs_url),
            params.context.only,
        )

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: CopydeskServer, params: types.HoverParams):
        buf = ls.buffers.get(params.text_document.uri)
        if buf is None:
            return None
        checked = ls.check(buf)
        positions = ls.positions(checked.text)
        at = positions.offset(params.position.line, params.position.character)
        here = [f for f in checked.findings if f.offset <= at < f.end_offset]
        if not here or checked.settings.config is None:
            return None
        from ..engine import get_engine, story_reading
        from ..inputs.extract import extract

        story = story_reading(extract(checked.text, checked.kind), get_engine(checked.settings.config))
        hover_caps = ls.client_capabilities.text_document
        formats = hover_caps.hover.content_format if hover_caps and hover_caps.hover else None
        markdown = not formats or types.MarkupKind.Markdown in formats
        text = "\n\n---\n\n".join(hover_text(f, story, markdown, ls.docs_url) for f in here)
        first = here[0]
        (sl, sc), (el, ec) = positions.range(first.offset, first.end_offset)
        return types.Hover(
            contents=types.MarkupContent(
                kind=types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText, value=text
            ),
            range=types.Range(types.Position(sl, sc), types.Position(el, ec)),
        )

    return server


def run_stdio(*, config: str | None = None, baseline: str | None = None) -> None:
    create_server(config=config, baseline=baseline).start_io()


__all__ = ["CopydeskServer", "create_server", "run_stdio"]
