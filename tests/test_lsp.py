"""`copydesk lsp` end to end: pytest-lsp starts the real server as a subprocess
and talks LSP to it over stdio; positions are checked against UTF-16/UTF-8
counts computed here, and results against the real `copydesk check`/`fix`.
The offset conversion itself gets property tests."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_lsp
from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from linter.lsp.positions import PositionMap

ROOT = Path(__file__).resolve().parents[1]
HOUSE = ROOT / "tests" / "fixtures" / "house.yaml"
PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
COPYDESK = [sys.executable, "-m", "linter"]
GUARD = 60  # seconds: only so a broken server fails the test instead of hanging it


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[*COPYDESK, "lsp"]))
async def client(lsp_client: LanguageClient):
    lsp_client.registrations = []  # what the server asked this client to watch

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        lsp_client.registrations.extend(params.registrations)

    yield
    await lsp_client.shutdown_session()


async def start(client, root: Path, *, encodings=None, options=None, watch=False, versioned=True):
    caps = types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        workspace=types.WorkspaceClientCapabilities(
            workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=versioned),
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=watch
            ),
        ),
        text_document=types.TextDocumentClientCapabilities(
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            code_action=types.CodeActionClientCapabilities(
                code_action_literal_support=types.ClientCodeActionLiteralOptions(
                    code_action_kind=types.ClientCodeActionKindOptions(
                        value_set=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
                    )
                )
            ),
        ),
    )
    return await asyncio.wait_for(
        client.initialize_session(
            types.InitializeParams(
                capabilities=caps,
                root_uri=root.as_uri(),
                workspace_folders=[types.WorkspaceFolder(root.as_uri(), root.name)],
                initialization_options={"debounce": 20, **(options or {})},
            )
        ),
        GUARD,
    )


async def published(client, uri: str, version: int | None = None) -> list[types.Diagnostic]:
    """The next diagnostics for ``uri`` (of ``version``, when given)."""
    while True:
        params = await asyncio.wait_for(client.wait_for_notification(PUBLISH), GUARD)
        if params.uri == uri and (version is None or params.version == version):
            return list(params.diagnostics)


async def open_doc(client, path: Path, text: str, language: str = "markdown") -> list[types.Diagnostic]:
    path.write_bytes(text.encode("utf-8"))
    uri = path.as_uri()
    waiting = asyncio.ensure_future(published(client, uri, 1))
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, language, 1, text))
    )
    return await waiting


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def by_code(diags, code):
    return [d for d in diags if d.code == code]


def cli_json(path: Path, *args: str) -> list[dict]:
    out = subprocess.run(
        [*COPYDESK, "check", "--format", "json", *args, str(path)],
        cwd=path.parent,
        capture_output=True,
        text=True,
    )
    assert out.returncode in (0, 1), out.stderr
    return [f for r in json.loads(out.stdout)["files"] for f in r["findings"]]


def apply(text: str, edits) -> str:
    """Apply LSP TextEdits (UTF-16 positions) to ``text``, last first."""
    positions = PositionMap(text, "utf-16")
    spans = [
        (
            positions.offset(e.range.start.line, e.range.start.character),
            positions.offset(e.range.end.line, e.range.end.character),
            e.new_text,
        )
        for e in edits
    ]
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def edits_of(action: types.CodeAction):
    edit = action.edit
    if edit.document_changes:
        return [e for change in edit.document_changes for e in change.edits]
    return [e for edits in edit.changes.values() for e in edits]


# -- diagnostics ----------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_diagnostics_count_utf16_units_across_emoji_combining_marks_and_crlf(client, tmp_path):
    result = await start(client, tmp_path)
    assert result.capabilities.position_encoding in (None, "utf-16", types.PositionEncodingKind.Utf16)
    line = "The caf\u0065\u0301 singer \U0001f600\U0001f3fd committed suicide in 2019."
    text = "# Tribute\r\n\r\n" + line + "\r\nMore text.\r\n"
    diags = await open_doc(client, tmp_path / "draft.md", text)
    (d,) = by_code(diags, "suicide.commit-suicide")
    col = utf16(line[: line.index("committed")])
    assert (d.range.start.line, d.range.start.character) == (2, col)
    assert (d.range.end.line, d.range.end.character) == (2, col + len("committed suicide"))
    assert d.severity == types.DiagnosticSeverity.Warning
    assert d.source == "copydesk"
    assert "Why: " in d.message and "Source: " in d.message and "died by suicide" in d.message
    # The link is the rule's heading anchor in docs/rules.md, as GitHub renders it.
    from linter.packs.docs import heading_anchor

    assert "### suicide.commit-suicide\n" in (ROOT / "docs" / "rules.md").read_text("utf-8")
    assert d.code_description.href.endswith("docs/rules.md#" + heading_anchor("suicide.commit-suicide"))
    assert d.code_description.href.endswith("#suicidecommit-suicide")


@pytest.mark.asyncio
async def test_utf8_is_chosen_when_the_client_offers_it(client, tmp_path):
    result = await start(client, tmp_path, encodings=["utf-16", "utf-8"])
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    line = "Le chanteur na\u00efve \U0001f600 committed suicide."
    diags = await open_doc(client, tmp_path / "draft.txt", line + "\n", "plaintext")
    (d,) = by_code(diags, "suicide.commit-suicide")
    assert d.range.start.character == len(line[: line.index("committed")].encode("utf-8"))


@pytest.mark.asyncio
async def test_findings_are_those_of_copydesk_check(client, tmp_path):
    await start(client, tmp_path)
    text = (
        "She had a miscarriage at 12 weeks. Her unborn baby had a heartbeat.\n\n"
        '"He committed suicide," the coroner said. An addict was there.\n'
    )
    path = tmp_path / "story.md"
    diags = await open_doc(client, path, text)
    positions = PositionMap(text, "utf-16")
    lsp = sorted(
        (
            d.code,
            positions.offset(d.range.start.line, d.range.start.character),
            positions.offset(d.range.end.line, d.range.end.character),
        )
        for d in diags
    )
    cli = sorted((f["rule"], f["offset"], f["end_offset"]) for f in cli_json(path))
    assert lsp == cli and len(cli) >= 3


@pytest.mark.asyncio
async def test_html_and_an_unsaved_buffer_are_checked_other_languages_are_not(client, tmp_path):
    await start(client, tmp_path)
    html = '<p class="x">The singer <b>committed suicide</b> in 2019.</p>\n'
    path = tmp_path / "page.html"
    diags = await open_doc(client, path, html, "html")
    assert sorted(d.code for d in diags) == sorted(f["rule"] for f in cli_json(path)) != []
    waiting = asyncio.ensure_future(published(client, "untitled:Untitled-1", 1))
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem("untitled:Untitled-1", "markdown", 1, "He committed suicide.\n")
        )
    )
    assert by_code(await waiting, "suicide.commit-suicide")
    # Python source is not a draft: no diagnostics, and hover has nothing to say.
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem((tmp_path / "x.py").as_uri(), "python", 1, "# committed suicide\n")
        )
    )
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier((tmp_path / "x.py").as_uri()), types.Position(0, 4))
    )
    assert hover is None and (tmp_path / "x.py").as_uri() not in client.diagnostics


@pytest.mark.asyncio
async def test_a_note_on_a_direct_quote_is_information(client, tmp_path):
    await start(client, tmp_path)
    diags = await open_doc(client, tmp_path / "q.md", '"He committed suicide," the coroner said.\n')
    (d,) = by_code(diags, "suicide.commit-suicide")
    assert d.severity == types.DiagnosticSeverity.Information
    assert "direct quote" in d.message


@pytest.mark.asyncio
async def test_changes_are_applied_incrementally_and_rechecked(client, tmp_path):
    await start(client, tmp_path)
    path = tmp_path / "draft.md"
    text = "Intro \U0001f600 line.\nNothing here.\n"
    assert await open_doc(client, path, text) == []
    uri = path.as_uri()
    # Three quick edits: the last published check is of the last version.
    inserts = [(1, 0, "He committed "), (1, 13, "suicide. "), (0, utf16("Intro \U0001f600"), " x")]
    waiting = asyncio.ensure_future(published(client, uri, 4))
    for version, (line, char, new) in enumerate(inserts, start=2):
        pos = types.Position(line, char)
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=version, uri=uri),
                [types.TextDocumentContentChangePartial(range=types.Range(pos, pos), text=new)],
            )
        )
    diags = await waiting
    (d,) = by_code(diags, "suicide.commit-suicide")
    assert (d.range.start.line, d.range.start.character) == (1, 3)
    # The server's copy equals the client's: a whole-document change agrees with it.
    expected = "Intro \U0001f600 x line.\nHe committed suicide. Nothing here.\n"
    waiting = asyncio.ensure_future(published(client, uri, 5))
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=5, uri=uri),
            [types.TextDocumentContentChangeWholeDocument(text=expected)],
        )
    )
    assert [(x.code, x.range) for x in await waiting] == [(d.code, d.range)]


# -- code actions ---------------------------------------------------------------------------


async def actions_at(client, uri, line, char, only=None):
    pos = types.Position(line, char)
    return await asyncio.wait_for(
        client.text_document_code_action_async(
            types.CodeActionParams(
                types.TextDocumentIdentifier(uri),
                types.Range(pos, pos),
                types.CodeActionContext(diagnostics=[], only=only),
            )
        ),
        GUARD,
    )


@pytest.mark.asyncio
async def test_quick_fix_fix_all_and_disable(client, tmp_path):
    await start(client, tmp_path)
    path = tmp_path / "draft.md"
    text = (
        "# Obituary\r\n\r\nThe singer committed suicide in 2019.\r\n"
        "She met an addict \U0001f600 in the clinic, and an addict again.\r\n"
    )
    await open_doc(client, path, text)
    uri = path.as_uri()
    actions = await actions_at(client, uri, 2, 12)
    quick = [a for a in actions if a.title.startswith("Replace")]
    assert quick and quick[0].kind == types.CodeActionKind.QuickFix and quick[0].is_preferred
    assert quick[0].diagnostics[0].code == "suicide.commit-suicide"
    assert "singer died by suicide in 2019." in apply(text, edits_of(quick[0]))

    # "Fix all" makes exactly the edits `copydesk fix` makes on the saved file.
    (fix_all,) = [a for a in actions if a.title.startswith("copydesk: fix all")]
    fixed_here = apply(text, edits_of(fix_all))
    subprocess.run([*COPYDESK, "fix", str(path)], cwd=tmp_path, capture_output=True)
    assert fixed_here == path.read_bytes().decode("utf-8") != text
    (source_only,) = await actions_at(client, uri, 0, 0, only=[types.CodeActionKind.SourceFixAll])
    assert source_only.kind == types.CodeActionKind.SourceFixAll

    # Disable for the line: the project's own comment, which then silences the finding.
    (disable,) = [a for a in actions if a.title.startswith("Disable suicide.commit-suicide")]
    disabled = apply(text, edits_of(disable))
    assert "\r\n<!-- copydesk-disable-next-line suicide.commit-suicide -- " in disabled
    assert disabled.count("\r\n") == text.count("\r\n") + 1  # the file's own newline style
    waiting = asyncio.ensure_future(published(client, uri, 2))
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=2, uri=uri),
            [types.TextDocumentContentChangeWholeDocument(text=disabled)],
        )
    )
    diags = await waiting
    assert not by_code(diags, "suicide.commit-suicide") and by_code(diags, "addiction.addict")


@pytest.mark.asyncio
async def test_disable_in_plain_text_uses_a_hash_comment(client, tmp_path):
    await start(client, tmp_path, versioned=False)
    path = tmp_path / "notes.txt"
    text = "Line one.\nThe singer committed suicide.\n"
    await open_doc(client, path, text, "plaintext")
    actions = await actions_at(client, path.as_uri(), 1, 14)
    (disable,) = [a for a in actions if a.title.startswith("Disable")]
    assert disable.edit.changes  # an unversioned edit for a client without documentChanges
    assert apply(text, edits_of(disable)).startswith(
        "Line one.\n# copydesk-disable-next-line suicide.commit-suicide -- "
    )


# -- hover ----------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_hover_explains_the_finding_and_the_story_type(client, tmp_path):
    await start(client, tmp_path)
    text = (
        "She had a miscarriage at 12 weeks. The pregnancy loss left her grieving.\n"
        "Her unborn baby had a heartbeat. She miscarried again later.\n"
    )
    diags = await open_doc(client, tmp_path / "loss.md", text)
    (d,) = by_code(diags, "pregnancy-loss.unborn-baby")
    hover = await asyncio.wait_for(
        client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier((tmp_path / "loss.md").as_uri()), d.range.start)
        ),
        GUARD,
    )
    value = hover.contents.value
    assert hover.contents.kind == types.MarkupKind.Markdown and hover.range == d.range
    assert "pregnancy-loss.unborn-baby" in value and "**Why.**" in value
    assert "Story type.** read as a pregnancy-loss story (miscarriage" in value
    assert "](https://" in value and "rules.md#pregnancy-lossunborn-baby" in value
    nothing = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier((tmp_path / "loss.md").as_uri()), types.Position(0, 0))
    )
    assert nothing is None


# -- workspace settings ---------------------------------------------------------------------


@pytest.mark.asyncio
async def test_workspace_config_house_pack_and_baseline_apply_as_in_the_cli(client, tmp_path):
    shutil.copy(HOUSE, tmp_path / "house.yaml")
    config = tmp_path / ".copydesk.toml"
    config.write_text('packs = ["house.yaml"]\nselect = ["house"]\n', "utf-8")
    text = "The singer committed suicide. An addict waited.\nThe mayor blamed illegals.\n"
    path = tmp_path / "draft.md"
    path.write_text(text, "utf-8")
    # Record a baseline holding today's 'illegals' finding, with the CLI.
    subprocess.run(
        [*COPYDESK, "check", "--select", "house.illegals", "--write-baseline", "base.json", "draft.md"],
        cwd=tmp_path,
        capture_output=True,
    )
    await start(client, tmp_path, options={"baseline": "base.json"}, watch=True)
    diags = await open_doc(client, path, text)
    (watching,) = client.registrations
    globs = [w["globPattern"] for w in watching.register_options["watchers"]]
    assert watching.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    assert "**/.copydesk.toml" in globs and (tmp_path / "base.json").as_posix() in globs
    codes = sorted(d.code for d in diags)
    cli = sorted(f["rule"] for f in cli_json(path, "--baseline", "base.json"))
    assert codes == cli == ["house.addict", "house.commit-suicide"]
    house = by_code(diags, "house.addict")[0]
    assert house.code_description is not None and "rules.md" not in house.code_description.href

    # The config changes on disk: the server re-reads it when told (didChangeWatchedFiles).
    config.write_text(
        'packs = ["house.yaml"]\nselect = ["house"]\n[severity]\n"house.addict" = "error"\n', "utf-8"
    )
    waiting = asyncio.ensure_future(published(client, path.as_uri()))
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams([types.FileEvent(config.as_uri(), types.FileChangeType.Changed)])
    )
    diags = await waiting
    assert by_code(diags, "house.addict")[0].severity == types.DiagnosticSeverity.Error

    # A config error is shown on the document, with the file, line and key.
    config.write_text('select = ["house"]\nlocal = "en-GB"\n', "utf-8")
    waiting = asyncio.ensure_future(published(client, path.as_uri()))
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams([types.FileEvent(config.as_uri(), types.FileChangeType.Changed)])
    )
    (error,) = await waiting
    assert error.code == "copydesk.config-error" and error.severity == types.DiagnosticSeverity.Error
    assert f"{config}:2: local: unknown key" in error.message


@pytest.mark.asyncio
async def test_a_save_re_reads_settings_for_a_client_that_watches_nothing(client, tmp_path):
    await start(client, tmp_path)  # no dynamic registration: nothing is watched
    assert client.registrations == []
    path = tmp_path / "draft.md"
    diags = await open_doc(client, path, "The singer committed suicide.\n")
    assert by_code(diags, "suicide.commit-suicide")
    (tmp_path / ".copydesk.toml").write_text('ignore = ["suicide"]\n', "utf-8")
    waiting = asyncio.ensure_future(published(client, path.as_uri()))
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(path.as_uri()))
    )
    assert not by_code(await waiting, "suicide.commit-suicide")


@pytest.mark.asyncio
async def test_locale_from_pyproject_nearest_config_and_unknown_ids(client, tmp_path):
    shutil.copy(HOUSE, tmp_path / "house.yaml")
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.copydesk]\nlocale = "en-GB"\npacks = ["house.yaml"]\nselect = ["house"]\n',
        "utf-8",
    )
    await start(client, tmp_path)
    diags = await open_doc(client, tmp_path / "d.md", "The report listed problem behavior in class.\n")
    assert "\u201cbehaviour that worried staff\u201d" in diags[0].message
    # A folder with its own config: the nearest one wins, and its mistakes are shown.
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".copydesk.toml").write_text('ignore = ["suicde"]\n', "utf-8")
    text = "<!-- copydesk-disable-next-line suicide.comit-suicide -- quoted -->\nHe committed suicide.\n"
    diags = await open_doc(client, tmp_path / "sub" / "draft.md", text)
    errors = by_code(diags, "copydesk.config-error")
    assert (
        len(errors) == 1 and "'suicde'" in errors[0].message and "did you mean 'suicide'" in errors[0].message
    )
    (unknown,) = by_code(diags, "copydesk.unknown-id")
    assert unknown.range.start.line == 0 and "'suicide.commit-suicide'" in unknown.message
    assert by_code(diags, "suicide.commit-suicide")  # en-US again, built-in packs: still checked


# -- the start-up path and the offset conversion --------------------------------------------


def test_check_does_not_import_pygls(tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text("The singer committed suicide.\n", "utf-8")
    probe = (
        "import sys, json\n"
        "sys.argv = ['copydesk', 'check', '--format', 'concise', sys.argv[1]]\n"
        "from linter.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'cattrs'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(draft)], capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


_PIECES = [
    "a",
    " ",
    "\u00e9",
    "e\u0301",
    "\u4e2d",
    "\U0001f600",
    "\U0001f3fd",
    "\r",
    "\n",
    "\r\n",
    "\u2028",
    "\x0c",
]
_texts = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join) | st.text(max_size=40)
_ENCODINGS = {"utf-16": ("utf-16-le", 2), "utf-8": ("utf-8", 1), "utf-32": ("utf-32-le", 4)}


def _reference(text: str, offset: int, encoding: str) -> tuple[int, int]:
    """Line and character by the LSP spec, the slow way."""
    codec, width = _ENCODINGS[encoding]
    line, start, i = 0, 0, 0
    while i < offset:
        if text[i] == "\r" and text[i + 1 : i + 2] == "\n":
            if i + 1 == offset:  # between \r and \n: still the line's end
                break
            line, start, i = line + 1, i + 2, i + 2
            continue
        if text[i] in "\r\n":
            line, start = line + 1, i + 1
        i += 1
    end = min(offset, i)
    return line, len(text[start:end].encode(codec)) // width


@given(_texts, st.sampled_from(sorted(_ENCODINGS)), st.data())
def test_positions_match_the_spec_and_round_trip(text, encoding, data):
    positions = PositionMap(text, encoding)
    offset = data.draw(st.integers(0, len(text)))
    line, char = positions.position(offset)
    assert (line, char) == _reference(text, offset, encoding)
    inside_crlf = 0 < offset < len(text) and text[offset - 1 : offset + 1] == "\r\n"
    assert positions.offset(line, char) == (offset - 1 if inside_crlf else offset)


@given(_texts, st.integers(0, 12), st.integers(0, 200))
def test_any_position_maps_into_the_text_and_never_splits_a_character(text, line, char):
    positions = PositionMap(text, "utf-16")
    down, up = positions.offset(line, char), positions.offset(line, char, ceil=True)
    assert 0 <= down <= up <= len(text) and up - down <= 1
    # The offset is a whole character boundary whose position does not pass the one asked for.
    assert positions.position(down) <= (line, char) or line >= len(positions.starts)
