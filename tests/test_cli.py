"""The `copydesk` command line, through typer's CliRunner and as a real subprocess.

Most tests take the ``run`` fixture, which runs each case both ways: in-process
with ``CliRunner`` (``from linter.cli import app``) and as the installed
``copydesk`` script. Findings come from a small fixed house pack
(tests/fixtures/house.yaml) with ``--select house``, so these tests do not
change when the built-in packs do. Golden files for every output format live in
tests/golden/; regenerate them with ``UPDATE_GOLDEN=1``.
"""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linter import __version__
from linter.cli import app

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = ROOT / "tests" / "golden"
HOUSE = FIXTURES / "house.yaml"
HOUSE_ARGS = ["--select", "house", "--pack", str(HOUSE)]
SCRIPT = Path(sys.executable).with_name("copydesk")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass
class Out:
    code: int
    stdout: str
    stderr: str

    @property
    def out(self) -> str:
        return self.stdout + self.stderr


def clean_env(extra: dict | None = None) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "TERM", "CLICOLOR_FORCE")
    }
    env.update(extra or {})
    return env


def invoke_runner(args, *, cwd: Path, input=None, env=None) -> Out:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, [str(a) for a in args], input=input, env=env, catch_exceptions=False)
    finally:
        os.chdir(old)
    return Out(result.exit_code, result.stdout, result.stderr)


def invoke_process(args, *, cwd: Path, input=None, env=None, module: bool = False) -> Out:
    command = [sys.executable, "-m", "linter"] if module else [str(SCRIPT)]
    proc = subprocess.run(
        command + [str(a) for a in args],
        cwd=cwd,
        # No input: stdin is /dev/null, never the test runner's (a pipe would be checked).
        **({"input": input} if input is not None else {"stdin": subprocess.DEVNULL}),
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=clean_env(env),
        timeout=120,
    )
    return Out(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(params=["runner", "subprocess"])
def run(request):
    """Run the CLI in-process (CliRunner) and as the installed script."""

    def call(*args, cwd, input=None, env=None) -> Out:
        if request.param == "runner":
            return invoke_runner(args, cwd=cwd, input=input, env=env)
        return invoke_process(args, cwd=cwd, input=input, env=env)

    call.mode = request.param
    return call


@pytest.fixture
def ws(tmp_path) -> Path:
    """A working directory whose (empty) .copydesk.toml stops config discovery here."""
    root = tmp_path / "ws"
    root.mkdir()
    (root / ".copydesk.toml").write_text("", "utf-8")
    shutil.copy(HOUSE, root / "house.yaml")
    return root


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def findings_of(out: Out) -> list[dict]:
    doc = json.loads(out.stdout)
    return [dict(f, path=file["path"]) for file in doc["files"] for f in file["findings"]]


def rules_of(out: Out) -> list[str]:
    return [f["rule"] for f in findings_of(out)]


SUICIDE = "The actor committed suicide in 2019.\n"
CLEAN = "The council met on Tuesday and approved the budget.\n"


# --- entry points, --version, --help -------------------------------------------------


def test_version_every_entry_point(ws):
    assert invoke_runner(["--version"], cwd=ws).stdout == f"copydesk {__version__}\n"
    assert invoke_process(["--version"], cwd=ws).stdout == f"copydesk {__version__}\n"
    assert invoke_process(["--version"], cwd=ws, module=True).stdout == f"copydesk {__version__}\n"


def test_help_lists_commands_and_examples(run, ws):
    out = run("--help", cwd=ws)
    assert out.code == 0
    for command in ("check", "fix", "rules", "explain", "init", "grammar", "serve"):
        assert command in out.stdout
    assert "copydesk check story.md" in out.stdout
    assert "--install-completion" in out.stdout


def test_shell_completion(ws):
    out = invoke_process(["--show-completion", "bash"], cwd=ws)
    assert out.code == 0 and "_copydesk_completion" in out.stdout
    env = {"_COPYDESK_COMPLETE": "complete_bash", "COMP_WORDS": "copydesk ch", "COMP_CWORD": "1"}
    out = invoke_process([], cwd=ws, env=env)
    assert "check" in out.stdout.split()


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["fix"],
        ["rules", "list"],
        ["rules", "show"],
        ["rules", "test"],
        ["rules", "docs"],
        ["explain"],
        ["init"],
        ["grammar", "install"],
        ["grammar", "status"],
        ["serve"],
    ],
)
def test_every_command_has_help(command, ws):
    out = invoke_runner([*command, "--help"], cwd=ws)
    assert out.code == 0, out.out
    assert "Usage:" in out.stdout


def test_unknown_option_is_a_usage_error(run, ws):
    out = run("check", "--no-such-option", cwd=ws)
    assert out.code == 2
    assert "No such option" in out.out


# --- exit codes ----------------------------------------------------------------------


def test_exit_codes_clean_and_finding(run, ws):
    write(ws / "clean.md", CLEAN)
    write(ws / "bad.md", SUICIDE)
    assert run("check", "clean.md", *HOUSE_ARGS, cwd=ws).code == 0
    out = run("check", "bad.md", *HOUSE_ARGS, cwd=ws)
    assert out.code == 1
    assert "bad.md:1:11: warning house.commit-suicide" in out.stdout


def test_fail_on_threshold(run, ws):
    write(ws / "warn.md", SUICIDE)
    write(ws / "sugg.md", "Two people died in a tragic accident.\n")
    assert run("check", "warn.md", "--fail-on", "error", *HOUSE_ARGS, cwd=ws).code == 0
    assert run("check", "warn.md", "--fail-on", "warning", *HOUSE_ARGS, cwd=ws).code == 1
    assert run("check", "sugg.md", *HOUSE_ARGS, cwd=ws).code == 0
    assert run("check", "sugg.md", "--fail-on", "suggestion", *HOUSE_ARGS, cwd=ws).code == 1


@pytest.mark.parametrize(
    "option,value",
    [
        ("--format", "xml"),
        ("--fail-on", "note"),
        ("--quotes", "maybe"),
        ("--locale", "fr-FR"),
        ("--format-as", "pdf"),
    ],
)
def test_bad_option_values_exit_2(run, ws, option, value):
    write(ws / "a.md", SUICIDE)
    out = run("check", "a.md", option, value, cwd=ws)
    assert out.code == 2
    assert option in out.stderr and repr(value) in out.stderr


def test_unreadable_files_reported_others_still_checked(run, ws):
    write(ws / "a.md", SUICIDE)
    (ws / "bad-utf8.md").write_bytes(b"He \xff committed suicide.\n")
    (ws / "dangling.md").symlink_to(ws / "missing-target.md")
    write(ws / "z.md", "An addict spoke.\n")
    out = run("check", "a.md", "bad-utf8.md", "dangling.md", "nope.md", "z.md", *HOUSE_ARGS, cwd=ws)
    assert out.code == 2
    # the readable files are still checked and reported
    assert "a.md:1:11: warning house.commit-suicide" in out.stdout
    assert "z.md:1:1: warning house.addict" in out.stdout
    # each bad file on stderr, with its path and the reason
    assert "bad-utf8.md: cannot decode as utf-8 at byte 3" in out.stderr
    assert re.search(r"dangling\.md: .*(No such file|not found)", out.stderr)
    assert "nope.md: no such file or directory" in out.stderr


def test_unreadable_file_in_json_errors(run, ws):
    (ws / "bad.md").write_bytes(b"\xff\xfe\xff")
    write(ws / "ok.md", SUICIDE)
    out = run("check", "bad.md", "ok.md", "--format", "json", *HOUSE_ARGS, cwd=ws)
    assert out.code == 2
    doc = json.loads(out.stdout)
    assert [e["path"] for e in doc["errors"]] == ["bad.md"]
    assert [f["path"] for f in doc["files"]] == ["ok.md"]
    assert doc["summary"]["errors"] == 1


def test_quiet_prints_nothing_but_keeps_exit_code(run, ws):
    write(ws / "a.md", SUICIDE)
    out = run("check", "a.md", "--quiet", *HOUSE_ARGS, cwd=ws)
    assert (out.code, out.stdout) == (1, "")
    assert run("check", "a.md", "-q", "--fail-on", "error", *HOUSE_ARGS, cwd=ws).code == 0


# --- selection, quotes, locale, switches ---------------------------------------------

DRAFT = 'He committed suicide and an addict saw it.\n\n"The illegals did it," the mayor said.\n'


def test_select_and_ignore_rules_and_packs(run, ws):
    write(ws / "d.md", DRAFT)
    base = ["check", "d.md", "--format", "json", "--pack", "house.yaml"]
    out = run(*base, "--select", "house.addict", cwd=ws)
    assert rules_of(out) == ["house.addict"]
    out = run(*base, "--select", "house.addict,house.commit-suicide", cwd=ws)
    assert rules_of(out) == ["house.commit-suicide", "house.addict"]
    out = run(*base, "--select", "house.addict", "--select", "house.illegals", cwd=ws)
    assert rules_of(out) == ["house.addict", "house.illegals"]
    out = run(*base, "--select", "house", "--ignore", "house.addict", cwd=ws)
    assert "house.addict" not in rules_of(out) and "house.commit-suicide" in rules_of(out)
    out = run(*base, "--select", "house", "--ignore", "house", cwd=ws)
    assert (out.code, rules_of(out)) == (0, [])


def test_quotes_policy(run, ws):
    write(ws / "d.md", DRAFT)
    base = ["check", "d.md", "--format", "json", *HOUSE_ARGS]
    quoted = [f for f in findings_of(run(*base, cwd=ws)) if f["rule"] == "house.illegals"]
    assert [(f["severity"], f["in_quote"]) for f in quoted] == [("note", True)]
    assert quoted[0]["message"].startswith("Inside a direct quote")
    ignored = findings_of(run(*base, "--quotes", "ignore", cwd=ws))
    assert "house.illegals" not in [f["rule"] for f in ignored]
    flagged = [
        f for f in findings_of(run(*base, "--quotes", "flag", cwd=ws)) if f["rule"] == "house.illegals"
    ]
    assert [(f["severity"], f["in_quote"], f["fixable"]) for f in flagged] == [("error", True, False)]


def test_locale_changes_suggestion_spelling(run, ws):
    write(ws / "d.md", "The report listed problem behavior in class.\n")
    base = ["check", "d.md", "--format", "json", *HOUSE_ARGS]
    us = findings_of(run(*base, cwd=ws))[0]
    gb = findings_of(run(*base, "--locale", "en-GB", cwd=ws))[0]
    assert us["suggestions"] == ["behavior that worried staff"]
    assert gb["suggestions"] == ["behaviour that worried staff"]


def test_enable_turns_on_house_switch(run, ws):
    # (no --select here: selecting a pack id also switches on its off-by-default rules)
    write(ws / "d.md", "She died after a valiant struggle with flu.\n")
    args = ["check", "d.md", "--format", "json", "--pack", "house.yaml"]
    assert "house.valiant-struggle" not in rules_of(run(*args, cwd=ws))
    out = run(*args, "--enable", "house.valiant-struggle", cwd=ws)
    assert "house.valiant-struggle" in rules_of(out)


def test_statistics_counts_per_rule(run, ws):
    write(ws / "d.md", "He committed suicide. She committed suicide. An addict.\n")
    out = run("check", "d.md", "--statistics", *HOUSE_ARGS, cwd=ws)
    assert re.search(r"^\s+2\s+house\.commit-suicide$", out.stdout, re.M)
    assert re.search(r"^\s+1\s+house\.addict$", out.stdout, re.M)


# --- paths: directories, stdin, excludes, file types ----------------------------------


def test_directory_recursion_and_verbose_skips(run, ws):
    write(ws / "drafts" / "a.md", SUICIDE)
    write(ws / "drafts" / "deep" / "b.txt", SUICIDE)
    write(ws / "drafts" / "c.html", "<p>He committed suicide.</p>\n")
    write(ws / "drafts" / "image.png", "not a draft")
    write(ws / "drafts" / "node_modules" / "x.md", SUICIDE)
    write(ws / "drafts" / ".hidden" / "y.md", SUICIDE)
    out = run("check", "drafts", "--format", "json", "-v", *HOUSE_ARGS, cwd=ws)
    assert out.code == 1
    paths = sorted(Path(f["path"]).as_posix() for f in findings_of(out))
    assert paths == ["drafts/a.md", "drafts/c.html", "drafts/deep/b.txt"]
    assert "image.png: not a document type copydesk reads" in out.stderr


def test_no_paths_checks_the_current_directory(run, ws):
    write(ws / "drafts" / "a.md", SUICIDE)
    out = run("check", "--format", "json", *HOUSE_ARGS, cwd=ws)
    assert out.code == 1
    assert [Path(f["path"]).as_posix() for f in findings_of(out)] == ["drafts/a.md"]


def test_explicit_unsupported_type_and_format_as(run, ws):
    write(ws / "notes.log", SUICIDE)
    out = run("check", "notes.log", *HOUSE_ARGS, cwd=ws)
    assert out.code == 2 and "unsupported file type '.log'" in out.stderr
    out = run("check", "notes.log", "--format-as", "text", *HOUSE_ARGS, cwd=ws)
    assert out.code == 1 and "notes.log:1:11" in out.stdout


def test_format_as_markdown_blanks_code(run, ws):
    write(ws / "notes.txt", "Text `committed suicide` here.\n")
    assert run("check", "notes.txt", *HOUSE_ARGS, cwd=ws).code == 1
    assert run("check", "notes.txt", "--format-as", "markdown", *HOUSE_ARGS, cwd=ws).code == 0


def test_stdin(run, ws):
    out = run("check", "-", *HOUSE_ARGS, cwd=ws, input=SUICIDE)
    assert out.code == 1
    assert "-:1:11: warning house.commit-suicide" in out.stdout


def test_stdin_filename_names_stdin_and_picks_kind_and_config(run, ws):
    write(ws / "opinion" / ".copydesk.toml", 'quotes = "ignore"\n')
    text = 'Text `committed suicide` here.\n"He committed suicide," she said.\n'
    out = run(
        "check",
        "-",
        "--stdin-filename",
        "opinion/piece.md",
        "--format",
        "json",
        *HOUSE_ARGS,
        cwd=ws,
        input=text,
    )
    doc = json.loads(out.stdout)
    assert doc["files"][0]["path"] == "opinion/piece.md"
    assert doc["files"][0]["findings"] == []  # markdown code blanked, quote ignored by config
    out = run("check", "-", "--stdin-filename", "piece.txt", *HOUSE_ARGS, cwd=ws, input=text)
    assert out.stdout.startswith("piece.txt:1:7: warning house.commit-suicide")


def test_jobs_gives_the_same_report(ws):
    for i in range(50):
        write(ws / "many" / f"s{i:02d}.md", f"Story {i}: he committed suicide.\n")
    serial = invoke_process(["check", "many", "-j", "1", *HOUSE_ARGS], cwd=ws)
    parallel = invoke_process(["check", "many", "-j", "2", *HOUSE_ARGS], cwd=ws)
    assert serial.code == parallel.code == 1
    assert serial.stdout == parallel.stdout
    assert serial.stdout.count("house.commit-suicide") == 50


# --- colour, default format, progress: what a terminal sees ---------------------------


def run_on_terminal(args, cwd, *, stdout_tty: bool, stderr_tty: bool, env=None):
    """Run the script with stdout and/or stderr on a pseudo-terminal."""
    out_master, out_slave = pty.openpty() if stdout_tty else (None, None)
    err_master, err_slave = pty.openpty() if stderr_tty else (None, None)
    proc = subprocess.Popen(
        [str(SCRIPT), *args],
        cwd=cwd,
        env=clean_env(env),
        stdout=out_slave if stdout_tty else subprocess.PIPE,
        stderr=err_slave if stderr_tty else subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    for fd in (out_slave, err_slave):
        if fd is not None:
            os.close(fd)

    def drain(fd):
        data = b""
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
        os.close(fd)
        return data.decode("utf-8", "replace")

    out = drain(out_master) if stdout_tty else None
    err = drain(err_master) if stderr_tty else None
    piped_out, piped_err = proc.communicate(timeout=120)
    out = out if out is not None else piped_out.decode()
    err = err if err is not None else piped_err.decode()
    return proc.returncode, out, err


def test_terminal_default_is_rich_with_colour_pipe_is_concise(ws):
    write(ws / "a.md", SUICIDE)
    code, out, _ = run_on_terminal(["check", "a.md", *HOUSE_ARGS], ws, stdout_tty=True, stderr_tty=False)
    assert code == 1
    assert "\x1b[" in out and "WARNING" in out and "write instead" in out
    code, out, _ = run_on_terminal(
        ["check", "a.md", "--no-color", *HOUSE_ARGS], ws, stdout_tty=True, stderr_tty=False
    )
    assert "\x1b[" not in out and "WARNING" in out
    code, out, _ = run_on_terminal(
        ["check", "a.md", *HOUSE_ARGS], ws, stdout_tty=True, stderr_tty=False, env={"NO_COLOR": "1"}
    )
    assert "\x1b[" not in out and "WARNING" in out
    piped = invoke_process(["check", "a.md", *HOUSE_ARGS], cwd=ws)
    assert piped.stdout.startswith("a.md:1:11: warning house.commit-suicide")


@pytest.mark.parametrize("fmt", ["rich", "json", "sarif", "github"])
def test_progress_bar_only_for_human_formats(ws, fmt):
    for i in range(25):
        write(ws / "many" / f"s{i:02d}.md", f"Story {i}: he committed suicide.\n")
    code, out, err = run_on_terminal(
        ["check", "many", "--format", fmt, *HOUSE_ARGS], ws, stdout_tty=False, stderr_tty=True
    )
    assert code == 1
    if fmt == "rich":
        assert "checking" in ANSI.sub("", err)
    else:
        assert err == ""  # nothing on the terminal: no progress bar in machine formats
        if fmt in ("json", "sarif"):
            json.loads(out)


def test_no_progress_bar_when_quiet_or_piped(ws):
    for i in range(25):
        write(ws / "many" / f"s{i:02d}.md", f"Story {i}: he committed suicide.\n")
    _, _, err = run_on_terminal(
        ["check", "many", "--quiet", *HOUSE_ARGS], ws, stdout_tty=False, stderr_tty=True
    )
    assert err == ""
    piped = invoke_process(["check", "many", "--format", "rich", *HOUSE_ARGS], cwd=ws)
    assert "checking" not in piped.stderr


# --- golden files for every format ----------------------------------------------------


def golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
    assert path.exists(), f"{path} missing: run the tests with UPDATE_GOLDEN=1"
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, f"{name} differs from the golden file (UPDATE_GOLDEN=1 to accept)"


@pytest.fixture
def sample(ws) -> Path:
    shutil.copy(FIXTURES / "draft.md", ws / "draft.md")
    return ws


SAMPLE_ARGS = ["check", "draft.md", "--select", "house", "--pack", "house.yaml", "--no-color"]
GOLDEN_FILES = {
    "rich": "draft.rich.txt",
    "concise": "draft.concise.txt",
    "json": "draft.json",
    "sarif": "draft.sarif",
    "github": "draft.github.txt",
}


@pytest.mark.parametrize("fmt", list(GOLDEN_FILES))
def test_golden_output(run, sample, fmt):
    out = run(*SAMPLE_ARGS, "--format", fmt, cwd=sample)
    assert out.code == 1, out.stderr
    text = out.stdout
    if fmt == "sarif":
        text = text.replace(f'"version": "{__version__}"', '"version": "<copydesk version>"')
    if fmt == "rich":
        assert "\x1b[" not in text
        assert max(len(line) for line in text.splitlines()) <= 80
        assert not any(line != line.rstrip() for line in text.splitlines())
    golden(GOLDEN_FILES[fmt], text)


def test_golden_statistics(run, sample):
    out = run(*SAMPLE_ARGS, "--format", "concise", "--statistics", cwd=sample)
    golden("draft.statistics.txt", out.stdout)


def test_concise_is_one_line_per_finding(run, sample):
    out = run(*SAMPLE_ARGS, "--format", "concise", cwd=sample)
    json_out = run(*SAMPLE_ARGS, "--format", "json", cwd=sample)
    findings = findings_of(json_out)
    *lines, closing = out.stdout.splitlines()
    assert len(lines) == len(findings)
    assert closing.startswith(f"Found {len(findings)} findings (")
    for line, f in zip(lines, findings):
        assert line.startswith(f"draft.md:{f['line']}:{f['column']}: {f['severity']} {f['rule']} ")
        if f["suggestions"]:
            assert line.endswith(
                f" -> {' '.join(f['suggestions'][0].split())}"
            )  # a kept line break shown as a space


def test_github_annotations(run, sample):
    out = run(*SAMPLE_ARGS, "--format", "github", cwd=sample)
    findings = findings_of(run(*SAMPLE_ARGS, "--format", "json", cwd=sample))
    lines = out.stdout.splitlines()
    assert len(lines) == len(findings)
    pattern = re.compile(
        r"^::(error|warning|notice) file=draft\.md,line=(\d+),col=(\d+),"
        r"endLine=(\d+),endColumn=(\d+),title=([\w.-]+)::(.+)$"
    )
    for line, f in zip(lines, findings):
        m = pattern.match(line)
        assert m, line
        assert m.group(6) == f["rule"]
        assert (int(m.group(2)), int(m.group(3))) == (f["line"], f["column"])
        assert (int(m.group(4)), int(m.group(5))) == (f["end_line"], f["end_column"])
        assert "\n" not in m.group(7)


def test_github_escapes_properties_and_reports_errors(ws):
    write(ws / "a,b:c%.md", SUICIDE)
    (ws / "bad.md").write_bytes(b"\xff\xff")
    out = invoke_process(["check", "a,b:c%.md", "bad.md", "--format", "github", *HOUSE_ARGS], cwd=ws)
    assert "file=a%2Cb%3Ac%25.md," in out.stdout
    assert "::error file=bad.md::bad.md: cannot decode" in out.stdout
    assert out.code == 2


# --- JSON contract and SARIF, validated against their schemas ------------------------


def validator(schema_path: Path):
    import jsonschema

    schema = json.loads(schema_path.read_text("utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def assert_valid(validator_, doc):
    errors = sorted(validator_.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


RICH_DRAFT = """<!-- copydesk-disable-next-line house.addict -- self-description -->
I am an addict, he wrote.

<!-- copydesk-disable-next-line house.illegals -- silences nothing -->
He committed suicide, and "the illegals" did not.

Two died in a tragic
accident.
"""


def test_json_output_matches_schema(run, ws, sample):
    check = validator(ROOT / "docs" / "copydesk.schema.json")
    write(ws / "rich.md", RICH_DRAFT)
    (ws / "broken.md").write_bytes(b"\xff")
    for args in (["draft.md"], ["rich.md", "broken.md"], ["draft.md", "--quotes", "flag"]):
        out = run("check", *args, "--format", "json", *HOUSE_ARGS, cwd=ws)
        doc = json.loads(out.stdout)
        assert_valid(check, doc)
    assert doc["version"] == 1
    # and the schema is not vacuous
    import jsonschema

    bad = dict(doc, version=2)
    with pytest.raises(jsonschema.ValidationError):
        check.validate(bad)
    bad = json.loads(out.stdout)
    bad["files"][0]["findings"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        check.validate(bad)


def test_json_with_builtin_packs_matches_schema(ws):
    check = validator(ROOT / "docs" / "copydesk.schema.json")
    shutil.copy(FIXTURES / "draft.md", ws / "draft.md")
    shutil.copy(FIXTURES / "house.yaml", ws / "house.yaml")  # its suppression names a house rule
    out = invoke_process(["check", "draft.md", "--format", "json", "--pack", "house.yaml"], cwd=ws)
    assert out.code in (0, 1), out.stderr
    assert_valid(check, json.loads(out.stdout))


def test_json_offsets_address_the_source(run, ws):
    text = "\ufeffCaf\u00e9 \U0001f600 owner committed suicide.\r\nAn addict.\r\n"
    (ws / "u.md").write_bytes(text.encode("utf-8"))
    out = run("check", "u.md", "--format", "json", *HOUSE_ARGS, cwd=ws)
    decoded = text[1:]  # offsets are into the decoded text, after the BOM
    for f in findings_of(out):
        assert decoded[f["offset"] : f["end_offset"]] == f["match"]
        line = decoded.split("\n")[f["line"] - 1]
        assert line[f["column"] - 1 :].startswith(f["match"])


def test_sarif_matches_official_schema(run, ws, sample):
    check = validator(ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json")
    write(ws / "rich.md", RICH_DRAFT)
    (ws / "broken.md").write_bytes(b"\xff")
    outputs = []
    for args in (
        ["draft.md", "--select", "house"],
        ["rich.md", "broken.md", "--select", "house"],
        ["rich.md", "--select", "house.addict"],
    ):
        out = run("check", *args, "--format", "sarif", "--pack", "house.yaml", cwd=ws)
        assert_valid(check, json.loads(out.stdout))
        outputs.append(out.stdout)
    import jsonschema

    bad = json.loads(outputs[0])
    bad["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        check.validate(bad)


def test_sarif_uris_are_uri_references(run, ws):
    write(ws / "my drafts" / "caf\u00e9 #1.md", SUICIDE)
    doc = json.loads(run("check", "my drafts", "--format", "sarif", *HOUSE_ARGS, cwd=ws).stdout)
    location = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "my%20drafts/caf%C3%A9%20%231.md"
    absolute = json.loads(
        run("check", str(ws / "my drafts"), "--format", "sarif", *HOUSE_ARGS, cwd=ws).stdout
    )
    uri = absolute["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert uri["artifactLocation"]["uri"] == (ws / "my drafts" / "caf\u00e9 #1.md").as_uri()


def test_sarif_content(run, sample):
    doc = json.loads(run(*SAMPLE_ARGS, "--format", "sarif", cwd=sample).stdout)
    assert doc["version"] == "2.1.0"
    (sarif_run,) = doc["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    findings = findings_of(run(*SAMPLE_ARGS, "--format", "json", cwd=sample))
    assert sorted(r["id"] for r in rules) == sorted({f["rule"] for f in findings})
    for rule in rules:
        assert {
            "id",
            "name",
            "shortDescription",
            "fullDescription",
            "helpUri",
            "defaultConfiguration",
        } <= set(rule)
    for result, f in zip(sarif_run["results"], findings):
        assert result["ruleId"] == f["rule"]
        assert rules[result["ruleIndex"]]["id"] == f["rule"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (
            f["line"],
            f["column"],
            f["end_line"],
            f["end_column"],
        )
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "draft.md"
        assert ("fixes" in result) == f["fixable"]
        if f["fixable"]:
            replacement = result["fixes"][0]["artifactChanges"][0]["replacements"][0]
            assert replacement["insertedContent"]["text"] == f["suggestions"][0]
    levels = {r["ruleId"]: r["level"] for r in sarif_run["results"]}
    assert levels["house.commit-suicide"] == "warning"
    assert levels["house.tragic-accident"] == "note"


# --- configuration: discovery, validation, overrides ----------------------------------


def test_nearest_config_wins(run, ws):
    (ws / ".copydesk.toml").write_text('ignore = ["house.addict"]\n', "utf-8")
    write(ws / "top.md", "An addict spoke.\n")
    write(ws / "desk" / ".copydesk.toml", 'ignore = ["house.commit-suicide"]\n')
    write(ws / "desk" / "inner.md", "An addict committed suicide.\n")
    write(ws / "desk" / "deeper" / "x.md", "An addict committed suicide.\n")
    out = run("check", ".", "--format", "json", *HOUSE_ARGS, cwd=ws)
    got = sorted((Path(f["path"]).as_posix(), f["rule"]) for f in findings_of(out))
    assert got == [("desk/deeper/x.md", "house.addict"), ("desk/inner.md", "house.addict")]


def test_pyproject_tool_copydesk(run, ws):
    (ws / ".copydesk.toml").unlink()
    write(
        ws / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.copydesk]\nfail_on = "error"\n'
        'packs = ["house.yaml"]\nselect = ["house"]\n',
    )
    write(ws / "a.md", SUICIDE)
    out = run("check", "a.md", cwd=ws)
    assert out.code == 0 and "house.commit-suicide" in out.stdout
    # .copydesk.toml beats pyproject.toml in the same directory
    write(ws / ".copydesk.toml", 'fail_on = "warning"\npacks = ["house.yaml"]\nselect = ["house"]\n')
    assert run("check", "a.md", cwd=ws).code == 1


def test_pyproject_without_tool_section_is_skipped(run, ws):
    (ws / ".copydesk.toml").write_text('ignore = ["house.addict"]\n', "utf-8")
    write(ws / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    write(ws / "sub" / "a.md", "An addict spoke.\n")
    out = run("check", "sub/a.md", *HOUSE_ARGS, cwd=ws)
    assert out.code == 0


def test_explicit_config_replaces_discovery(run, ws):
    (ws / ".copydesk.toml").write_text('ignore = ["house"]\n', "utf-8")
    write(ws / "elsewhere" / "strict.toml", 'fail_on = "suggestion"\n')
    write(ws / "a.md", "Two died in a tragic accident.\n")
    assert run("check", "a.md", *HOUSE_ARGS, cwd=ws).code == 0
    out = run("check", "a.md", "--config", "elsewhere/strict.toml", *HOUSE_ARGS, cwd=ws)
    assert out.code == 1 and "house.tragic-accident" in out.stdout
    out = run("check", "a.md", "--config", "missing.toml", cwd=ws)
    assert out.code == 2 and "missing.toml: cannot read config" in out.stderr


def test_cli_flags_override_config(run, ws):
    (ws / ".copydesk.toml").write_text('fail_on = "error"\nquotes = "ignore"\nlocale = "en-GB"\n', "utf-8")
    write(ws / "a.md", '"He committed suicide," she said. The problem behavior went on.\n')
    base = ["check", "a.md", *HOUSE_ARGS]
    assert run(*base, cwd=ws).code == 0
    assert run(*base, "--fail-on", "warning", cwd=ws).code == 0  # the quote is ignored
    out = run(*base, "--fail-on", "warning", "--quotes", "flag", "--format", "json", cwd=ws)
    assert out.code == 1
    assert "behaviour that worried staff" in out.stdout
    out = run(*base, "--locale", "en-US", "--format", "json", cwd=ws)
    assert "behavior that worried staff" in out.stdout


def test_config_keys(run, ws):
    (ws / ".copydesk.toml").write_text(
        'packs = ["house.yaml"]\nselect = ["house"]\nenable = ["house.valiant-struggle"]\n'
        'inline_config = false\n\n[severity]\n"house.addict" = "error"\nhouse = "suggestion"\n',
        "utf-8",
    )
    write(
        ws / "a.md", "<!-- copydesk-disable-file -->\nAn addict after a valiant struggle committed suicide.\n"
    )
    out = run("check", "a.md", "--format", "json", cwd=ws)
    got = [(f["rule"], f["severity"]) for f in findings_of(out)]
    assert got == [
        ("house.addict", "error"),
        ("house.valiant-struggle", "suggestion"),
        ("house.commit-suicide", "suggestion"),
    ]


def test_per_path_overrides_and_excludes(run, ws):
    (ws / ".copydesk.toml").write_text(
        'packs = ["house.yaml"]\nselect = ["house"]\nexclude = ["archive/**", "*.draft.md"]\n\n'
        '[[overrides]]\npaths = ["opinion/**"]\nquotes = "ignore"\nseverity = { house = "note" }\n',
        "utf-8",
    )
    text = 'He committed suicide. "An addict," she said.\n'
    for name in ("news/a.md", "opinion/b.md", "archive/c.md", "news/d.draft.md"):
        write(ws / name, text)
    out = run("check", ".", "--format", "json", "-v", cwd=ws)
    got = sorted((Path(f["path"]).as_posix(), f["rule"], f["severity"]) for f in findings_of(out))
    assert got == [
        ("news/a.md", "house.addict", "note"),
        ("news/a.md", "house.commit-suicide", "warning"),
        ("opinion/b.md", "house.commit-suicide", "note"),
    ]
    assert "archive/c.md: excluded by" in out.stderr
    assert "d.draft.md: excluded by" in out.stderr
    assert out.code == 1


def test_force_exclude_applies_to_named_files(run, ws):
    (ws / ".copydesk.toml").write_text('exclude = ["archive/**"]\n', "utf-8")
    write(ws / "archive" / "old.md", SUICIDE)
    write(ws / "new.md", SUICIDE)
    # named on the command line: checked, unless --force-exclude (as the pre-commit hook runs)
    assert run("check", "archive/old.md", *HOUSE_ARGS, cwd=ws).code == 1
    out = run("check", "archive/old.md", "new.md", "--force-exclude", "-v", *HOUSE_ARGS, cwd=ws)
    assert out.code == 1
    assert "archive/old.md" not in out.stdout and "new.md:1:11" in out.stdout
    assert "archive/old.md: excluded by" in out.stderr
    out = run(
        "check",
        "-",
        "--stdin-filename",
        "archive/x.md",
        "--force-exclude",
        *HOUSE_ARGS,
        cwd=ws,
        input=SUICIDE,
    )
    assert (out.code, out.stdout) == (0, "")
    out = run("fix", "archive/old.md", "--force-exclude", *HOUSE_ARGS, cwd=ws)
    assert out.code == 0 and (ws / "archive" / "old.md").read_text("utf-8") == SUICIDE


def test_support_line_config(run, ws):
    shutil.copy(FIXTURES / "support.yaml", ws / "support.yaml")
    write(ws / "a.md", "The coroner recorded a verdict of suicide. Call Newsdesk Care 0800 123.\n")
    args = ["check", "a.md", "--pack", "support.yaml", "--select", "support", "--format", "json"]
    assert rules_of(run(*args, cwd=ws)) == ["support.missing-helpline"]
    (ws / ".copydesk.toml").write_text('support_line = ["Newsdesk Care"]\n', "utf-8")
    assert rules_of(run(*args, cwd=ws)) == []


CONFIG_ERRORS = [
    (
        ".copydesk.toml",
        'locale = "en-GB"\nqoutes = "note"\n',
        ".copydesk.toml:2: qoutes: unknown key; expected one of: locale, quotes",
    ),
    (
        ".copydesk.toml",
        'locale = "fr-FR"\n',
        ".copydesk.toml:1: locale: expected one of en-US, en-GB, got 'fr-FR'",
    ),
    (".copydesk.toml", 'ignore = "house"\n', ".copydesk.toml:1: ignore: expected a list of strings"),
    (
        ".copydesk.toml",
        'fail_on = "note"\n',
        ".copydesk.toml:1: fail_on: expected one of error, warning, suggestion, got 'note'",
    ),
    (
        ".copydesk.toml",
        '\n[severity]\n"house.addict" = "fatal"\n',
        ".copydesk.toml:3: severity.house.addict: expected one of error, warning, suggestion, note",
    ),
    (
        ".copydesk.toml",
        '[[overrides]]\npaths = ["a/**"]\nsevrity = {}\n',
        ".copydesk.toml:3: overrides[0].sevrity: unknown key",
    ),
    (
        ".copydesk.toml",
        'packs = ["no-such-pack.yaml"]\n',
        ".copydesk.toml:1: packs: pack file 'no-such-pack.yaml' not found",
    ),
    (".copydesk.toml", "locale = \n", ".copydesk.toml: invalid TOML"),
    (
        "pyproject.toml",
        '[tool.copydesk]\nlocale = "en-GB"\nexlude = []\n',
        "pyproject.toml:3: tool.copydesk.exlude: unknown key",
    ),
]


@pytest.mark.parametrize(
    "name,text,message", CONFIG_ERRORS, ids=[m.split(": ", 1)[1][:30] for _, _, m in CONFIG_ERRORS]
)
def test_config_errors_are_precise(run, ws, name, text, message):
    (ws / ".copydesk.toml").unlink()
    write(ws / name, text)
    write(ws / "a.md", SUICIDE)
    out = run("check", "a.md", *HOUSE_ARGS, cwd=ws)
    assert out.code == 2
    assert out.stdout == ""
    assert str(ws / message.split(":", 1)[0]) + ":" + message.split(":", 1)[1] in out.stderr
    assert "Traceback" not in out.stderr


def test_config_error_in_fix_and_explicit_config(run, ws):
    write(ws / "bad.toml", 'quotse = "note"\n')
    write(ws / "a.md", SUICIDE)
    out = run("check", "a.md", "--config", "bad.toml", cwd=ws)
    assert out.code == 2 and "bad.toml:1: quotse: unknown key" in out.stderr
    out = run("fix", "a.md", "--config", "bad.toml", cwd=ws)
    assert out.code == 2 and "bad.toml:1: quotse: unknown key" in out.stderr
    assert (ws / "a.md").read_text("utf-8") == SUICIDE


def test_broken_house_pack_exits_2(run, ws):
    write(
        ws / "broken.yaml",
        "pack: broken\ntitle: x\ndescription: x\nsources: []\nrules:\n  - id: x\n    severity: fatal\n",
    )
    write(ws / "a.md", SUICIDE)
    out = run("check", "a.md", "--pack", "broken.yaml", cwd=ws)
    assert out.code == 2
    assert "broken.yaml:" in out.stderr and "Traceback" not in out.stderr


# --- suppressions ---------------------------------------------------------------------

SUPPRESSED = """<!-- copydesk-disable-file house.illegals -- quoting the council minutes -->
The illegals line.

<!-- copydesk-disable house.commit-suicide -- court report wording -->
He committed suicide.
She committed suicide.
<!-- copydesk-enable -->
They committed suicide.

<!-- copydesk-disable-next-line house.addict -- self-description -->
I am an addict.
An addict again.

<!-- copydesk-disable-next-line house.tragic-accident -- nothing here -->
Plain line.
"""


def test_suppressions(run, ws):
    write(ws / "s.md", SUPPRESSED)
    out = run("check", "s.md", "--format", "json", *HOUSE_ARGS, cwd=ws)
    got = [(f["line"], f["rule"], f["severity"]) for f in findings_of(out)]
    assert got == [
        (8, "house.commit-suicide", "warning"),
        (12, "house.addict", "warning"),
        (14, "copydesk.unused-suppression", "note"),
    ]
    sups = json.loads(out.stdout)["files"][0]["suppressions"]
    assert [(s["kind"], s["rules"], s["reason"], s["line"], s["silenced"]) for s in sups] == [
        ("disable-file", ["house.illegals"], "quoting the council minutes", 1, 1),
        ("disable", ["house.commit-suicide"], "court report wording", 4, 2),
        ("disable-next-line", ["house.addict"], "self-description", 10, 1),
        ("disable-next-line", ["house.tragic-accident"], "nothing here", 14, 0),
    ]


def test_suppression_reasons_in_statistics(run, ws):
    write(ws / "s.md", SUPPRESSED)
    for fmt in ("concise", "rich"):
        out = run("check", "s.md", "--statistics", "--format", fmt, "--no-color", *HOUSE_ARGS, cwd=ws)
        text = " ".join(out.stdout.split())
        assert "suppressed 2x at s.md: house.commit-suicide -- court report wording" in text
        assert "suppressed 1x at s.md: house.illegals -- quoting the council minutes" in text
        assert "suppressed 0x at s.md: house.tragic-accident -- nothing here" in text


def test_no_inline_config_ignores_suppressions(run, ws):
    write(ws / "s.md", SUPPRESSED)
    out = run("check", "s.md", "--format", "json", "--no-inline-config", *HOUSE_ARGS, cwd=ws)
    rules = rules_of(out)
    assert rules.count("house.commit-suicide") == 3 and rules.count("house.addict") == 2
    assert "house.illegals" in rules and "copydesk.unused-suppression" not in rules
    assert json.loads(out.stdout)["files"][0]["suppressions"] == []


def test_suppression_without_ids_and_by_pack(run, ws):
    write(
        ws / "s.md",
        "<!-- copydesk-disable-next-line -->\nAn addict committed suicide.\n\n"
        "<!-- copydesk-disable-next-line house -- whole pack -->\nAn addict committed suicide.\n",
    )
    out = run("check", "s.md", "--format", "json", *HOUSE_ARGS, cwd=ws)
    assert rules_of(out) == []
    sups = json.loads(out.stdout)["files"][0]["suppressions"]
    assert [(s["rules"], s["reason"], s["silenced"]) for s in sups] == [
        ([], "", 2),
        (["house"], "whole pack", 2),
    ]


def test_unused_suppression_only_when_it_could_have_applied(run, ws):
    write(
        ws / "u.md",
        "<!-- copydesk-disable-next-line house.commit-suicide -->\n"
        "He committed suicide.\n\n"
        "<!-- copydesk-disable-next-line house.tragic-accident -- gone now -->\nAn addict.\n\n"
        "<!-- copydesk-disable-next-line house.no-such-rule -->\nText.\n",
    )
    args = ["check", "u.md", "--format", "json", "--pack", "house.yaml"]

    def unused(out):
        return [f["line"] for f in findings_of(out) if f["rule"] == "copydesk.unused-suppression"]

    assert unused(run(*args, "--select", "house", cwd=ws)) == [4, 7]
    # the deselected rule could not have fired: not "unused"; the typo still is
    assert unused(run(*args, "--select", "house.addict", cwd=ws)) == [7]
    assert unused(run(*args, "--select", "house", "--ignore", "house.tragic-accident", cwd=ws)) == [7]
    assert unused(run(*args, "--select", "house", "--ignore", "copydesk.unused-suppression", cwd=ws)) == []


def test_plain_text_suppression_comments(run, ws):
    write(
        ws / "t.txt",
        "# copydesk-disable-next-line house.commit-suicide -- quoting\n"
        "He committed suicide.\n// copydesk-disable-next-line house.addict\nan addict\n"
        "an addict\n",
    )
    out = run("check", "t.txt", "--format", "json", *HOUSE_ARGS, cwd=ws)
    assert [(f["line"], f["rule"]) for f in findings_of(out)] == [(5, "house.addict")]


# --- baseline -------------------------------------------------------------------------


def test_baseline_reports_only_new_findings(run, ws):
    story = ws / "story.md"
    write(story, "Intro.\n\nHe committed suicide in May.\n\nThe addict spoke.\n")
    out = run("check", "story.md", "--write-baseline", ".copydesk-baseline.json", *HOUSE_ARGS, cwd=ws)
    assert out.code == 1 and "wrote 2 findings" in out.stderr
    data = json.loads((ws / ".copydesk-baseline.json").read_text("utf-8"))
    assert data["version"] == 1 and len(data["findings"]) == 2
    assert {e["path"] for e in data["findings"]} == {"story.md"}
    base = ["check", "story.md", "--baseline", ".copydesk-baseline.json", *HOUSE_ARGS]
    out = run(*base, cwd=ws)
    assert (out.code, out.stdout) == (0, "")
    # edits elsewhere in the file: new paragraphs above, a new sentence beside, a line reflowed
    write(
        story,
        "A new opening paragraph.\nWith two lines.\n\nIntro, rewritten.\n\n"
        "He committed suicide in May.\n\nThe addict spoke. She committed suicide too.\n",
    )
    out = run(*base, "--format", "json", cwd=ws)
    assert [(f["line"], f["column"], f["rule"]) for f in findings_of(out)] == [
        (8, 23, "house.commit-suicide")
    ]
    assert out.code == 1


def test_baseline_counts_repeats(run, ws):
    write(ws / "s.md", "He committed suicide.\n")
    run("check", "s.md", "--write-baseline", "b.json", *HOUSE_ARGS, cwd=ws)
    write(ws / "s.md", "He committed suicide.\n\nHe committed suicide.\n")
    out = run("check", "s.md", "--baseline", "b.json", "--format", "json", *HOUSE_ARGS, cwd=ws)
    assert len(findings_of(out)) == 1


def test_baseline_from_another_directory(run, ws):
    write(ws / "drafts" / "s.md", SUICIDE)
    run("check", "drafts/s.md", "--write-baseline", "b.json", *HOUSE_ARGS, cwd=ws)
    out = run("check", "s.md", "--baseline", "../b.json", *HOUSE_ARGS, cwd=ws / "drafts")
    assert (out.code, out.stdout) == (0, "")


def test_unwritable_baseline_exits_2(run, ws):
    write(ws / "s.md", SUICIDE)
    out = run("check", "s.md", "--write-baseline", "no/such/dir/b.json", *HOUSE_ARGS, cwd=ws)
    assert out.code == 2
    assert "no/such/dir/b.json: cannot write baseline" in out.stderr
    assert "Traceback" not in out.stderr


def test_bad_baseline_exits_2(run, ws):
    write(ws / "s.md", SUICIDE)
    write(ws / "b.json", '{"version": 99, "findings": []}')
    out = run("check", "s.md", "--baseline", "b.json", *HOUSE_ARGS, cwd=ws)
    assert out.code == 2 and "not a copydesk baseline" in out.stderr
    out = run("check", "s.md", "--baseline", "nope.json", *HOUSE_ARGS, cwd=ws)
    assert out.code == 2 and "nope.json" in out.stderr


# --- rules list / show / test / docs, explain -----------------------------------------


def test_rules_list_json_shape(run, ws):
    out = run("rules", "list", "--format", "json", "--pack", "house.yaml", cwd=ws)
    assert out.code == 0
    doc = json.loads(out.stdout)
    assert set(doc) == {"rules"}
    by_id = {r["id"]: r for r in doc["rules"]}
    rule = by_id["house.commit-suicide"]
    assert {"id", "pack", "severity", "sources", "examples"} <= set(rule)
    assert rule["pack"] == "house" and rule["severity"] == "warning"
    assert rule["examples"] == {"flag": 2, "pass": 2}
    assert rule["sources"][0]["url"] == "https://example.org/style-guide"
    assert by_id["house.valiant-struggle"]["enabled"] is False
    for r in doc["rules"]:
        assert isinstance(r["sources"], list) and r["sources"]
        assert set(r["examples"]) == {"flag", "pass"}
        assert r["id"].startswith(r["pack"] + ".")


def test_rules_list_text(run, ws):
    out = run("rules", "list", "--pack", "house.yaml", cwd=ws)
    assert out.code == 0
    assert re.search(r"^house\.commit-suicide\s+warning\s+2/2$", out.stdout, re.M)
    assert re.search(r"^house\.valiant-struggle\s+suggestion\s+2/2 \(off\)$", out.stdout, re.M)
    assert run("rules", "list", "--format", "yaml", cwd=ws).code == 2


def test_explain_and_rules_show(run, ws):
    out = run("explain", "house.commit-suicide", "--pack", "house.yaml", cwd=ws)
    assert out.code == 0
    for part in (
        "house.commit-suicide  [warning]  safe fix",
        "What it catches",
        "\u201ccommit suicide\u201d (and its -s, -ed, -ing forms)",
        "Why",
        "Write instead",
        "\u201cdie by suicide\u201d",
        "Examples (flagged)",
        "The singer **committed suicide** in 2019.",
        "Examples (not flagged)",
        "Sources",
        "Example Newsroom, House style guide (2024). https://example.org/style-guide",
    ):
        assert part in out.stdout
    assert run("rules", "show", "house.commit-suicide", "--pack", "house.yaml", cwd=ws).stdout == out.stdout


def test_explain_finds_house_rules_from_config(run, ws):
    (ws / ".copydesk.toml").write_text('packs = ["house.yaml"]\n', "utf-8")
    assert run("explain", "house.addict", cwd=ws).code == 0


def test_explain_unknown_rule(run, ws):
    out = run("explain", "house.no-such-rule", cwd=ws)
    assert out.code == 2
    assert "no rule 'house.no-such-rule'" in out.stderr


def test_explain_builtin_rule(run, ws):
    from linter.packs import load_packs

    rule = next(r for p in load_packs() for r in p.rules)
    out = run("explain", rule.id, cwd=ws)
    assert out.code == 0 and out.stdout.startswith(rule.id)


def test_rules_test_passing_house_pack(run, ws):
    out = run("rules", "test", "house.yaml", cwd=ws)
    assert out.code == 0, out.stdout
    assert re.search(r"^\d+ passed, 0 failed$", out.stdout, re.M)


def test_rules_test_reports_failing_example(run, ws):
    text = (
        HOUSE.read_text("utf-8")
        .replace(
            "        - She is addicted to chess.\n",
            "        - She is addicted to chess.\n        - The addict was late.\n",
        )
        .replace(
            "        - The singer [committed suicide] in 2019.\n",
            "        - The singer [committed suicide] in 2019.\n"
            "        - The singer committed [suicide] in 2019.\n",
        )
    )
    write(ws / "house.yaml", text)
    out = run("rules", "test", "house.yaml", cwd=ws)
    assert out.code == 1
    lines = [l for l in out.stdout.splitlines() if l.startswith("FAIL ")]
    assert len(lines) == 2
    path = str(ws / "house.yaml")
    assert any(l.startswith(f"FAIL {path}:") and "house.addict: pass example was flagged" in l for l in lines)
    assert any("house.commit-suicide: expected a finding at 'suicide'" in l for l in lines)
    assert re.search(r"^\d+ passed, 2 failed$", out.stdout, re.M)


def test_rules_test_broken_pack_exits_2(run, ws):
    write(ws / "broken.yaml", "pack: Broken Pack\n")
    out = run("rules", "test", "broken.yaml", cwd=ws)
    assert out.code == 2 and "broken.yaml" in out.stderr


def test_rules_docs(run, ws):
    out = run("rules", "docs", "--output", "ref/rules.md", cwd=ws)
    assert out.code == 0
    text = (ws / "ref" / "rules.md").read_text("utf-8")
    assert text.startswith("# copydesk rules reference")
    assert (ws / "ref" / "sources.md").read_text("utf-8").startswith("# copydesk sources")
    assert run("rules", "docs", "--output", "ref/rules.md", "--check", cwd=ws).code == 0
    (ws / "ref" / "rules.md").write_text(text + "stale\n", "utf-8")
    out = run("rules", "docs", "--output", "ref/rules.md", "--check", cwd=ws)
    assert out.code == 1 and "stale" in out.stderr
    (ws / "ref" / "rules.md").write_text(text, "utf-8")
    (ws / "ref" / "sources.md").write_text("stale\n", "utf-8")
    out = run("rules", "docs", "--output", "ref/rules.md", "--check", cwd=ws)
    assert out.code == 1 and "sources.md is stale" in out.stderr


# --- init -----------------------------------------------------------------------------


def test_init_writes_working_starters(run, tmp_path):
    root = tmp_path / "newsroom"
    root.mkdir()
    out = run("init", cwd=root)
    assert out.code == 0
    config = (root / ".copydesk.toml").read_text("utf-8")
    assert config.lstrip().startswith("#")  # commented
    assert (root / "house-style.yaml").exists()
    # the starter config and pack load and work
    write(root / "story.md", "Two people died in a tragic accident on the A1.\n")
    out = run("check", "story.md", "--format", "json", cwd=root)
    assert out.code == 0, out.stderr  # suggestions do not fail under fail_on = "warning"
    assert "house-style.tragic-accident" in rules_of(out)
    out = run("rules", "test", "house-style.yaml", cwd=root)
    assert out.code == 0, out.stdout
    # no overwrite without --force
    out = run("init", cwd=root)
    assert out.code == 2 and "exists; use --force" in out.stderr
    (root / ".copydesk.toml").write_text("# mine\n", "utf-8")
    assert run("init", "--force", cwd=root).code == 0
    assert (root / ".copydesk.toml").read_text("utf-8") == config


# --- fix through the CLI (more in test_fix.py) ----------------------------------------


def test_check_fix_alias(run, ws):
    write(ws / "a.md", SUICIDE)
    out = run("check", "--fix", "a.md", *HOUSE_ARGS, cwd=ws)
    assert out.code == 0
    assert (ws / "a.md").read_text("utf-8") == "The actor died by suicide in 2019.\n"


def test_serve_rejects_bad_config(run, ws):
    write(ws / "bad.toml", "nope = 1\n")
    out = run("serve", "--config", "bad.toml", cwd=ws)
    assert out.code == 2 and "bad.toml:1: nope: unknown key" in out.stderr


def test_unavailable_grammar_server(run, ws):
    write(ws / "a.md", SUICIDE)
    out = run("check", "a.md", "--grammar-url", "http://127.0.0.1:9", *HOUSE_ARGS, cwd=ws)
    assert out.code == 1 and "house.commit-suicide" in out.stdout
    assert "grammar check skipped" in out.stderr
    out = run(
        "check", "a.md", "--grammar-url", "http://127.0.0.1:9", "--require-grammar", *HOUSE_ARGS, cwd=ws
    )
    assert out.code == 2
