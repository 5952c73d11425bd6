"""`copydesk fix`: safe rewrites that touch nothing but the flagged words.

Rewrites come from the fixed house pack in tests/fixtures/house.yaml (built-in
packs off), so these tests do not move when the built-in packs change; the
issue's own scenario also runs against the built-in suicide pack when present.
"""

from __future__ import annotations

import codecs
import difflib
import os
import re
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from linter.base.config import Config
from linter.base.model import Finding, Severity
from linter.cli import app
from linter.engine import check_text
from linter.fixing.edits import apply_edits, choose_edits, fix_text

ROOT = Path(__file__).resolve().parents[1]
HOUSE = ROOT / "tests" / "fixtures" / "house.yaml"
HOUSE_ARGS = ["--select", "house", "--pack", str(HOUSE)]
SCRIPT = Path(sys.executable).with_name("copydesk")
CFG = Config(builtin_packs=False, packs=(str(HOUSE),))


def fix(text: str, kind: str = "markdown", **kw) -> str:
    return fix_text(text, config=CFG, kind=kind, **kw)[0]


def cli(*args, cwd: Path, input: str | None = None):
    proc = subprocess.run(
        [str(SCRIPT), *map(str, args)],
        cwd=cwd,
        input=input,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    return proc


def runner(*args, cwd: Path, input: str | None = None):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture
def ws(tmp_path) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    (root / ".copydesk.toml").write_text("", "utf-8")  # stop config discovery here
    return root


# --- golden rewrites: inflection, case, article agreement -----------------------------

GOLDEN = [
    # inflection follows the match
    ("He committed suicide in May.", "He died by suicide in May."),
    ("She commits suicide in the film.", "She dies by suicide in the film."),
    ("They are committing suicide, police said.", "They are dying by suicide, police said."),
    ("Men commit suicide more often.", "Men die by suicide more often."),
    ("He had committed suicide.", "He had died by suicide."),
    # case follows the match: lower, sentence start, Title, UPPER
    ("Committed suicide, the report said.", "Died by suicide, the report said."),
    ("Police said. Committed suicide was the finding.", "Police said. Died by suicide was the finding."),
    ("# Star Committed Suicide, Police Say\n", "# Star Died by Suicide, Police Say\n"),
    ("POLICE SAY STAR COMMITTED SUICIDE\n", "POLICE SAY STAR DIED BY SUICIDE\n"),
    ("An addict spoke.", "A person with a substance use disorder spoke."),
    ("AN ADDICT WAS HERE, POLICE SAID.", "A PERSON WITH A SUBSTANCE USE DISORDER WAS HERE, POLICE SAID."),
    # the article agrees with the new text; plural follows the data
    ("She met an addict.", "She met a person with a substance use disorder."),
    ("She met addicts.", "She met people with substance use disorders."),
    ("She met the addict.", "She met the person with a substance use disorder."),
    # "HIV" is read letter by letter; the writer's article stays when the first word does
    ("The clinic treated an HIV-positive victim.", "The clinic treated an HIV-positive person."),
    ("The clinic treated a HIV-positive victim.", "The clinic treated a HIV-positive person."),
    ("Nurses met HIV-positive victims.", "Nurses met HIV-positive people."),
    # several fixes in one sentence
    ("An addict committed suicide.", "A person with a substance use disorder died by suicide."),
]


@pytest.mark.parametrize("before,after", GOLDEN, ids=[b[:40] for b, _ in GOLDEN])
def test_golden_rewrites(before, after):
    assert fix(before) == after
    assert fix(after) == after  # a fixed point


def test_only_safe_rules_are_applied():
    text = "The mayor blamed illegals for a tragic accident.\n"
    assert fix(text) == text  # illegals: several rewrites; tragic accident: no safe fix
    findings = check_text(text, config=CFG, kind="markdown")
    assert {f.rule for f in findings} == {"house.illegals", "house.tragic-accident"}
    assert not any(f.fixable for f in findings)


NEVER_TOUCHED = """---
title: He committed suicide
---

The actor committed suicide.

    He committed suicide (indented code).

```
He committed suicide (fenced code).
```

Inline `committed suicide` code, a link https://example.org/committed-suicide and
<!-- he committed suicide --> a comment.

> He committed suicide, the letter said.

"He committed suicide," his brother said. She said \u201che committed suicide\u201d too.
"""


def test_never_touches_quotes_code_front_matter_urls_comments():
    fixed = fix(NEVER_TOUCHED)
    expected = NEVER_TOUCHED.replace("The actor committed suicide.", "The actor died by suicide.")
    assert fixed == expected


# --- hypothesis: idempotence, nothing outside the spans, quotes and code kept ---------

WORDS = [
    "the",
    "council",
    "said",
    "on",
    "Tuesday",
    "police",
    "he",
    "she",
    "they",
    "report",
    "family",
    "friends",
    "later",
    "was",
    "and",
    "in",
    "May",
    "a",
    "an",
    "clinic",
    "HIV",
]
TRIGGERS = [
    "committed suicide",
    "commits suicide",
    "committing suicide",
    "commit suicide",
    "Committed Suicide",
    "COMMITTED SUICIDE",
    "an addict",
    "addicts",
    "An addict",
    "a tragic accident",
    "illegals",
    "an HIV-positive victim",
    "a HIV-positive victim",
]

token = st.one_of(st.sampled_from(WORDS), st.sampled_from(TRIGGERS))
phrase = st.lists(token, min_size=1, max_size=8).map(" ".join)


@st.composite
def sentence(draw):
    words = draw(phrase)
    return words[:1].upper() + words[1:] + draw(st.sampled_from([".", "!", "?"]))


@st.composite
def segments(draw):
    """A Markdown draft as (text, protected) pieces; protected ones are quotes and code."""
    pieces: list[tuple[str, bool]] = []
    for i in range(draw(st.integers(1, 5))):
        if i:
            pieces.append(("\n\n", False))
        kind = draw(st.sampled_from(["prose", "prose", "quote", "inline", "fence", "indent"]))
        if kind == "prose":
            for j in range(draw(st.integers(1, 3))):
                pieces.append(((" " if j else "") + draw(sentence()), False))
        elif kind == "quote":
            open_, close = draw(st.sampled_from([('"', '"'), ("\u201c", "\u201d")]))
            pieces.append((draw(sentence()) + " " if draw(st.booleans()) else "", False))
            pieces.append((open_ + draw(phrase) + "," + close, True))
            pieces.append((" " + draw(st.sampled_from(["she said.", "he said.", "police said."])), False))
        elif kind == "inline":
            pieces.append((draw(sentence())[:-1] + " ", False))
            pieces.append(("`" + draw(phrase) + "`", True))
            pieces.append((" here.", False))
        elif kind == "fence":
            pieces.append(("```\n" + draw(sentence()) + "\n```", True))
        else:
            pieces.append(("    " + draw(sentence()), True))
    return pieces


def merged_spans(findings):
    spans = sorted((f.offset, f.end_offset) for f in findings if f.fixable)
    out: list[list[int]] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


HYPOTHESIS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@HYPOTHESIS
@given(segments(), st.sampled_from(["\n", "\r\n"]))
def test_fix_is_idempotent(pieces, newline):
    text = "".join(t for t, _ in pieces).replace("\n", newline)
    once = fix(text)
    assert fix(once) == once
    assert not any(f.fixable for f in check_text(once, config=CFG, kind="markdown"))


@HYPOTHESIS
@given(segments())
def test_bytes_outside_finding_spans_unchanged(pieces):
    text = "".join(t for t, _ in pieces)
    findings = check_text(text, config=CFG, kind="markdown")
    spans = merged_spans(findings)
    fixed, edits = fix_text(text, config=CFG, kind="markdown", max_rounds=1)
    pattern, cursor = [], 0
    for s, e in spans:
        pattern.append(re.escape(text[cursor:s]) + "(.*?)")
        cursor = e
    pattern.append(re.escape(text[cursor:]))
    assert re.fullmatch("".join(pattern), fixed, re.S), (text, fixed)
    for edit in edits:
        assert not edit.finding.in_quote and edit.finding.fixable
        assert any(s <= edit.start and edit.end <= e for s, e in spans)


@HYPOTHESIS
@given(segments())
def test_quotes_and_code_unchanged(pieces):
    text = "".join(t for t, _ in pieces)
    fixed = fix(text)
    cursor = 0
    for piece, protected in pieces:
        if protected:
            found = fixed.find(piece, cursor)
            assert found >= 0, (piece, fixed)
            cursor = found + len(piece)
    assert sum(p for _, p in pieces) == 0 or cursor > 0


@HYPOTHESIS
@given(segments(), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_file_round_trip_keeps_bom_and_newlines(tmp_path_factory, pieces, newline, bom):
    text = "".join(t for t, _ in pieces).replace("\n", newline) + newline
    path = tmp_path_factory.mktemp("rt") / "draft.md"
    raw = (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")
    path.write_bytes(raw)
    from linter.fixing.files import fix_file
    from linter.workspace.runner import Target

    outcome = fix_file(Target(str(path), CFG, "markdown", True), write=True)
    assert outcome.error is None
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8) == bom
    body = data.decode("utf-8-sig")
    assert body == fix(text)
    if newline == "\r\n":
        assert "\n" not in body.replace("\r\n", "")
    else:
        assert "\r" not in body


# --- encodings, newlines, mode --------------------------------------------------------

ENCODINGS = [
    ("utf-8", b""),
    ("utf-8-sig", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
]


@pytest.mark.parametrize("codec,bom", ENCODINGS, ids=[c for c, _ in ENCODINGS])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "mixed", "none"])
def test_encoding_and_newlines_round_trip(ws, codec, bom, newline):
    lines = ["# Caf\u00e9 story", "", "The actor committed suicide.", "", "An addict spoke \u2014 and left."]
    if newline == "mixed":
        text = "\r\n".join(lines[:3]) + "\n" + "\n".join(lines[3:]) + "\r\n"
    elif newline == "none":
        text = "\n".join(lines)  # no final newline
    else:
        text = newline.join(lines) + newline
    encoding = "utf-8" if codec == "utf-8-sig" else codec
    (ws / "d.md").write_bytes(bom + text.encode(encoding))
    proc = cli("fix", "d.md", *HOUSE_ARGS, cwd=ws)
    assert proc.returncode == 0, proc.stderr
    expected = text.replace("committed suicide", "died by suicide").replace(
        "An addict", "A person with a substance use disorder"
    )
    assert (ws / "d.md").read_bytes() == bom + expected.encode(encoding)


def test_mode_kept(ws):
    path = ws / "d.md"
    path.write_text("He committed suicide.\n", "utf-8")
    path.chmod(0o640)
    assert cli("fix", "d.md", *HOUSE_ARGS, cwd=ws).returncode == 0
    assert path.read_text("utf-8") == "He died by suicide.\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    path.write_text("He committed suicide.\n", "utf-8")
    path.chmod(0o755)
    assert cli("fix", "d.md", *HOUSE_ARGS, cwd=ws).returncode == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o755
    assert not [p for p in ws.iterdir() if p.name.endswith(".copydesk-tmp")]


# --- the issue's "done means" scenario ------------------------------------------------

DONE_BEFORE = codecs.BOM_UTF8 + (
    "# Draft\r\n\r\nThe actor committed suicide.\r\n\r\n"
    "His brother said: \u201cHe committed suicide\u2026\u201d and left.\r\n\r\n"
    "The phrase `committed suicide` is in inline code.\r\n"
).encode("utf-8")
DONE_AFTER = DONE_BEFORE.replace(b"The actor committed suicide.", b"The actor died by suicide.")


def _builtin_has_commit_suicide() -> bool:
    from linter.packs import load_packs

    return any(r.id == "suicide.commit-suicide" for p in load_packs() for r in p.rules)


@pytest.fixture(params=["builtin", "house"])
def done_args(request):
    if request.param == "builtin":
        if not _builtin_has_commit_suicide():
            pytest.skip("suicide.commit-suicide is not in the built-in packs")
        return []
    return HOUSE_ARGS


@pytest.mark.parametrize("invoke", ["subprocess", "runner"])
def test_issue_done_means(ws, done_args, invoke):
    call = cli if invoke == "subprocess" else runner
    path = ws / "draft.md"
    path.write_bytes(DONE_BEFORE)
    # --diff shows the change and writes nothing
    diff = call("fix", "draft.md", "--diff", *done_args, cwd=ws)
    assert path.read_bytes() == DONE_BEFORE
    diff_text = diff.stdout
    assert "-The actor committed suicide." in diff_text
    assert "+The actor died by suicide." in diff_text
    assert diff_text.count("\n+") - diff_text.count("\n+++") == 1
    # fix rewrites only the narrative; BOM and CRLF kept
    call("fix", "draft.md", *done_args, cwd=ws)
    assert path.read_bytes() == DONE_AFTER
    # the diff was exactly this change
    old = DONE_BEFORE.decode("utf-8-sig").splitlines(keepends=True)
    new = DONE_AFTER.decode("utf-8-sig").splitlines(keepends=True)
    expected = "".join(difflib.unified_diff(old, new, "a/draft.md", "b/draft.md"))
    assert diff_text.replace("\r\n", "\n") == expected.replace("\r\n", "\n")
    # a second run changes nothing, and has nothing to show
    call("fix", "draft.md", *done_args, cwd=ws)
    assert path.read_bytes() == DONE_AFTER
    again = call("fix", "draft.md", "--diff", *done_args, cwd=ws)
    assert again.stdout == ""


def test_diff_writes_nothing(ws):
    path = ws / "d.md"
    path.write_bytes(b"He committed suicide.\r\nAn addict.\r\n")
    before = path.stat()
    proc = subprocess.run(
        [str(SCRIPT), "fix", "d.md", "--diff", *HOUSE_ARGS], cwd=ws, capture_output=True, timeout=120
    )
    assert proc.returncode == 1  # something to fix
    assert path.read_bytes() == b"He committed suicide.\r\nAn addict.\r\n"
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert proc.stdout.startswith(b"--- a/d.md\n+++ b/d.md\n")
    assert b"\n-He committed suicide.\r\n" in proc.stdout  # the file's own line endings
    assert b"\n+He died by suicide.\r\n" in proc.stdout
    assert not [p for p in ws.iterdir() if p.name != "d.md" and p.name != ".copydesk.toml"]


# --- exit codes and options -----------------------------------------------------------


def test_fix_exit_codes(ws):
    (ws / "a.md").write_text("He committed suicide.\n", "utf-8")
    proc = cli("fix", "a.md", *HOUSE_ARGS, cwd=ws)
    assert proc.returncode == 0  # nothing left at or above warning
    assert "fixed 1 in a.md" in proc.stderr
    (ws / "b.md").write_text("He committed suicide. The mayor blamed illegals.\n", "utf-8")
    proc = cli("fix", "b.md", *HOUSE_ARGS, cwd=ws)
    assert proc.returncode == 1  # the error-level finding has no safe fix and remains
    assert (ws / "b.md").read_text("utf-8") == "He died by suicide. The mayor blamed illegals.\n"
    assert (
        cli(
            "fix",
            "b.md",
            "--fail-on",
            "error",
            "--ignore",
            "house.illegals",
            "--select",
            "house",
            "--pack",
            HOUSE,
            cwd=ws,
        ).returncode
        == 0
    )


def test_exit_non_zero_on_fix(ws):
    (ws / "a.md").write_text("He committed suicide. The mayor blamed illegals.\n", "utf-8")
    assert cli("fix", "a.md", "--exit-non-zero-on-fix", *HOUSE_ARGS, cwd=ws).returncode == 1
    assert cli("fix", "a.md", "--exit-non-zero-on-fix", *HOUSE_ARGS, cwd=ws).returncode == 0


def test_fix_select_ignore_and_directories(ws):
    (ws / "drafts").mkdir()
    for name in ("a.md", "b.txt"):
        (ws / "drafts" / name).write_text("An addict committed suicide.\n", "utf-8")
    proc = cli("fix", "drafts", "--pack", HOUSE, "--select", "house", "--ignore", "house.addict", cwd=ws)
    assert proc.returncode == 0, proc.stderr
    for name in ("a.md", "b.txt"):
        assert (ws / "drafts" / name).read_text("utf-8") == "An addict died by suicide.\n"
    cli("fix", "drafts", "--pack", HOUSE, "--select", "house.addict", cwd=ws)
    assert (ws / "drafts" / "a.md").read_text(
        "utf-8"
    ) == "A person with a substance use disorder died by suicide.\n"


def test_check_fix_alias_matches_fix(ws):
    (ws / "a.md").write_text("An addict committed suicide.\n", "utf-8")
    (ws / "b.md").write_text("An addict committed suicide.\n", "utf-8")
    cli("check", "--fix", "a.md", *HOUSE_ARGS, cwd=ws)
    cli("fix", "b.md", *HOUSE_ARGS, cwd=ws)
    assert (
        (ws / "a.md").read_text("utf-8")
        == (ws / "b.md").read_text("utf-8")
        != "An addict committed suicide.\n"
    )


def test_fix_unreadable_file_others_still_fixed(ws):
    (ws / "bad.md").write_bytes(b"\xff committed suicide")
    (ws / "ok.md").write_text("He committed suicide.\n", "utf-8")
    proc = cli("fix", "bad.md", "ok.md", "missing.md", *HOUSE_ARGS, cwd=ws)
    assert proc.returncode == 2
    assert "bad.md: cannot decode" in proc.stderr and "missing.md" in proc.stderr
    assert (ws / "ok.md").read_text("utf-8") == "He died by suicide.\n"
    assert (ws / "bad.md").read_bytes() == b"\xff committed suicide"


def test_fix_refuses_interactive_stdin(ws):
    # `fix -` writes the fixed text to stdout (tests/test_stdin.py); a review needs a file.
    proc = cli("fix", "-", "-i", *HOUSE_ARGS, cwd=ws, input="He committed suicide.\n")
    assert proc.returncode == 2 and "stdin" in proc.stderr


# --- nothing lost: atomic writes, refusing changed files, crashes ---------------------


def test_refuses_file_changed_since_read(ws, monkeypatch):
    from linter.fixing import files as fixfiles
    from linter.workspace.runner import Target

    path = ws / "d.md"
    path.write_text("He committed suicide.\n", "utf-8")
    real = fixfiles.fix_text

    def meddling(text, **kw):
        path.write_text("Someone else's edit.\n", "utf-8")  # a colleague saved meanwhile
        return real(text, **kw)

    monkeypatch.setattr(fixfiles, "fix_text", meddling)
    outcome = fixfiles.fix_file(Target(str(path), CFG, "markdown", True), write=True)
    assert "changed on disk since it was read" in outcome.error
    assert path.read_text("utf-8") == "Someone else's edit.\n"
    assert [p.name for p in ws.iterdir() if p.name.endswith(".copydesk-tmp")] == []


def test_crash_mid_write_leaves_old_file(ws, monkeypatch):
    from linter.fixing.files import fix_file
    from linter.inputs import writing as io
    from linter.workspace.runner import Target

    path = ws / "d.md"
    path.write_text("He committed suicide.\n", "utf-8")

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(io.os, "replace", crash)
    outcome = fix_file(Target(str(path), CFG, "markdown", True), write=True)
    assert outcome.error and "No space left" in outcome.error
    assert path.read_text("utf-8") == "He committed suicide.\n"
    assert sorted(p.name for p in ws.iterdir()) == [".copydesk.toml", "d.md"]


def test_concurrent_runs_never_corrupt(ws):
    body = "".join(f"Paragraph {i}: an addict committed suicide, police said.\n\n" for i in range(300))
    expected = fix(body).encode("utf-8")
    original = body.encode("utf-8")
    path = ws / "d.md"
    seen: set[bytes] = set()
    for _ in range(4):
        path.write_bytes(original)
        stop = threading.Event()

        def watch():
            while not stop.is_set():  # noqa: B023 - joined before the loop moves on
                try:
                    seen.add(path.read_bytes())
                except FileNotFoundError:  # never: a rename replaces the file in one step
                    seen.add(b"<missing>")

        watcher = threading.Thread(target=watch)
        watcher.start()
        procs = [
            subprocess.Popen(
                [str(SCRIPT), "fix", "d.md", *HOUSE_ARGS],
                cwd=ws,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
        stop.set()
        watcher.join()
        for code, err in results:
            assert code in (0, 2), err
            assert code == 0 or "changed on disk" in err
        assert path.read_bytes() == expected
    assert seen <= {original, expected}
    assert [p.name for p in ws.iterdir() if p.name.endswith(".copydesk-tmp")] == []


# --- overlapping fixes ----------------------------------------------------------------


def _finding(rule, start, end, severity=Severity.WARNING, replacement="X", **kw):
    return Finding(
        rule=rule,
        pack=rule.split(".")[0],
        severity=severity,
        message="m",
        why="w",
        sources=(),
        offset=start,
        end_offset=end,
        line=1,
        column=start + 1,
        end_line=1,
        end_column=end + 1,
        match="",
        suggestions=(replacement,),
        fixable=True,
        **kw,
    )


def test_overlaps_resolve_deterministically():
    text = "0123456789abcdef"
    longest = _finding("p.long", 2, 10, replacement="L")
    inner = _finding("p.inner", 4, 6, severity=Severity.ERROR, replacement="I")
    same_a = _finding("p.a", 11, 14, replacement="A")
    same_b = _finding("p.b", 12, 15, severity=Severity.ERROR, replacement="B")
    tie_y = _finding("p.y", 0, 1, replacement="Y")
    tie_x = _finding("p.x", 0, 1, replacement="W")
    quoted = _finding("p.q", 15, 16, in_quote=True)
    for order in (
        [longest, inner, same_a, same_b, tie_y, tie_x, quoted],
        [quoted, tie_x, tie_y, same_b, same_a, inner, longest],
    ):
        edits = choose_edits(order)
        assert [(e.start, e.end, e.replacement) for e in edits] == [(0, 1, "W"), (2, 10, "L"), (12, 15, "B")]
        assert apply_edits(text, edits) == "W1LabBf"


# --- interactive review ---------------------------------------------------------------

INTERACTIVE = "The actor committed suicide.\nAn addict spoke.\nA tragic accident.\n"


@pytest.mark.parametrize("how", ["pipe", "runner"])
def test_interactive_pick_custom_skip(ws, how):
    path = ws / "e.md"
    path.write_text(INTERACTIVE, "utf-8")
    answers = "2\nc\nperson in recovery\ns\n"
    call = cli if how == "pipe" else runner
    result = call("fix", "--interactive", "e.md", *HOUSE_ARGS, cwd=ws, input=answers)
    out = result.stdout
    assert "[1/3] 1:11 house.commit-suicide" in out
    assert "  1. died by suicide" in out and "  2. took their own life" in out
    assert "The actor committed suicide." in out  # the sentence is shown
    assert "applied 2 change(s) to e.md" in out
    assert path.read_text("utf-8") == (
        "The actor took their own life.\nperson in recovery spoke.\nA tragic accident.\n"
    )


@pytest.mark.parametrize("how", ["pipe", "runner"])
def test_interactive_quit_keeps_accepted(ws, how):
    path = ws / "e.md"
    path.write_text(INTERACTIVE, "utf-8")
    call = cli if how == "pipe" else runner
    call("fix", "-i", "e.md", *HOUSE_ARGS, cwd=ws, input="1\nq\n")
    assert path.read_text("utf-8") == INTERACTIVE.replace("committed suicide", "died by suicide")
    path.write_text(INTERACTIVE, "utf-8")
    call("fix", "-i", "e.md", *HOUSE_ARGS, cwd=ws, input="1\n")  # end of input: quit too
    assert path.read_text("utf-8") == INTERACTIVE.replace("committed suicide", "died by suicide")


@pytest.mark.parametrize("how", ["pipe", "runner"])
def test_interactive_suppress_with_reason(ws, how):
    path = ws / "e.md"
    path.write_text("First line of the paragraph.\r\nThe actor committed suicide.\r\n", "utf-8")
    call = cli if how == "pipe" else runner
    result = call("fix", "-i", "e.md", *HOUSE_ARGS, cwd=ws, input="x\ni\ncourt wording\n")
    assert "[1-2] use suggestions" in result.stdout  # unknown key: the keys are shown again
    assert path.read_bytes() == (
        b"First line of the paragraph.\r\n"
        b"<!-- copydesk-disable-next-line house.commit-suicide -- court wording -->\r\n"
        b"The actor committed suicide.\r\n"
    )
    check = cli("check", "e.md", "--statistics", *HOUSE_ARGS, cwd=ws)
    assert check.returncode == 0
    assert "suppressed 1x at e.md: house.commit-suicide -- court wording" in check.stdout


def test_interactive_plain_text_suppression(ws):
    path = ws / "e.txt"
    path.write_text("The actor committed suicide.\n", "utf-8")
    cli("fix", "-i", "e.txt", *HOUSE_ARGS, cwd=ws, input="i\n\n")
    assert path.read_text("utf-8") == (
        "# copydesk-disable-next-line house.commit-suicide -- reviewed\nThe actor committed suicide.\n"
    )
    assert cli("check", "e.txt", *HOUSE_ARGS, cwd=ws).returncode == 0


def test_interactive_skips_quotes_and_keeps_encoding(ws):
    path = ws / "e.md"
    raw = codecs.BOM_UTF8 + b'"He committed suicide," she said.\r\nAn addict.\r\n'
    path.write_bytes(raw)
    result = cli("fix", "-i", "e.md", *HOUSE_ARGS, cwd=ws, input="1\n")
    assert "[1/1]" in result.stdout  # the quoted finding is not offered
    assert path.read_bytes() == raw.replace(b"An addict", b"A person with a substance use disorder")


def test_interactive_refuses_file_changed_during_review(ws, monkeypatch):
    from linter.cli import review as interactive

    path = ws / "e.md"
    path.write_text(INTERACTIVE, "utf-8")
    real = interactive.review

    def review_while_someone_saves(*args, **kw):
        out = real(*args, **kw)
        path.write_text("A colleague's version.\n", "utf-8")
        return out

    monkeypatch.setattr(interactive, "review", review_while_someone_saves)
    result = runner("fix", "-i", "e.md", *HOUSE_ARGS, cwd=ws, input="1\n")
    assert result.exit_code == 2
    assert "changed on disk since it was read" in result.stderr
    assert path.read_text("utf-8") == "A colleague's version.\n"


def test_interactive_markup_in_names_is_literal(ws):
    path = ws / "[draft] e.md"
    path.write_text("The actor committed suicide.\n", "utf-8")
    result = runner("fix", "-i", path.name, *HOUSE_ARGS, cwd=ws, input="s\n")
    assert "[draft] e.md" in result.stdout


def test_fix_through_a_symlink_keeps_the_link(ws):
    (ws / "real").mkdir()
    target = ws / "real" / "story.md"
    target.write_text("He committed suicide.\n", "utf-8")
    link = ws / "story.md"
    link.symlink_to(target)
    assert cli("fix", "story.md", *HOUSE_ARGS, cwd=ws).returncode == 0
    assert link.is_symlink()
    assert target.read_text("utf-8") == "He died by suicide.\n"


def test_interactive_empty_custom_rewrite_skips(ws):
    path = ws / "e.md"
    path.write_text("The actor committed suicide.\n", "utf-8")
    result = runner("fix", "-i", "e.md", *HOUSE_ARGS, cwd=ws, input="c\n\n")
    assert "empty rewrite: skipped" in result.stdout
    assert path.read_text("utf-8") == "The actor committed suicide.\n"
