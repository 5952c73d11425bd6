"""What a pre-commit run imports: no pydantic (typer's coercion), no LanguageTool
client, no PyYAML once the pack cache is warm. Checked in a real subprocess."""

import json
import subprocess
import sys
from pathlib import Path

PROBE = """
import sys, json
sys.argv = ["copydesk", "check", "--format", "concise", sys.argv[1]]
from linter.cli import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in
      ("pydantic", "language_tool_python", "requests", "yaml", "rich", "re2", "docx",
       "dask", "distributed", "pyarrow", "duckdb", "pandas"))))
"""


def _modules(path: Path, tmp_path: Path) -> set:
    env = {"COPYDESK_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    out = ""
    for _ in range(2):  # the first run fills the cache
        out = subprocess.run(
            [sys.executable, "-c", PROBE, str(path)],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            check=True,
        ).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def test_check_keeps_heavy_modules_off_the_start_up_path(tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text("The singer committed suicide in 2019.\n", "utf-8")
    loaded = _modules(draft, tmp_path)
    assert not any(m.startswith("pydantic") for m in loaded), loaded
    assert not any(m.startswith(("language_tool_python", "requests")) for m in loaded), loaded
    assert "yaml" not in loaded, "pack cache should spare PyYAML"
    assert "rich" not in loaded, "concise output needs no rich"
    heavy = {m for m in loaded if m.split(".")[0] in ("dask", "distributed", "pyarrow", "duckdb", "pandas")}
    assert not heavy, f"`copydesk audit`'s libraries load only when it runs: {heavy}"


def test_typer_shortcut_still_validates_values():
    from typer.testing import CliRunner

    from linter.cli import app
    from linter.cli.typer_fast import install

    install()
    result = CliRunner().invoke(app, ["check", "--jobs", "many", "-"], input="text")
    assert result.exit_code == 2
    assert "many" in result.output


def _pinned_typer_range() -> str:
    import tomllib

    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text("utf-8"))
    pins = [d for d in pyproject["project"]["dependencies"] if d.replace(" ", "").startswith("typer")]
    assert len(pins) == 1, pins
    return pins[0]


def _in_range_simple(requirement: str, version: str) -> bool:
    """Without packaging: the pin is ">=A,<B" on plain dotted numbers."""

    def key(text: str) -> tuple[int, ...]:
        return tuple(int(part) for part in text.split(".") if part.isdigit())

    ok = True
    for clause in requirement.replace(" ", "").removeprefix("typer").split(","):
        if clause.startswith(">="):
            ok = ok and key(version) >= key(clause[2:])
        elif clause.startswith("<"):
            ok = ok and key(version) < key(clause[1:])
        else:
            raise AssertionError(f"unexpected typer pin clause {clause!r}")
    return ok


def _in_range(requirement: str, version: str) -> bool:
    try:
        from packaging.requirements import Requirement
    except ImportError:
        return _in_range_simple(requirement, version)
    return Requirement(requirement).specifier.contains(version, prereleases=True)


def test_installed_typer_is_the_range_typer_fast_patches():
    """linter/cli/typer_fast.py patches typer internals: pyproject pins the range."""
    from importlib.metadata import version

    pin, installed = _pinned_typer_range(), version("typer")
    assert _in_range(pin, installed), f"typer {installed} is outside the pinned {pin!r}"


FAST_PROBE = """
import json, sys
import typer.core
from typer.testing import CliRunner
from linter.cli import app
from linter.cli.typer_fast import install

def pydantic_modules():
    return sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "pydantic_core"))

before = pydantic_modules()
install()
result = CliRunner().invoke(
    app, ["check", "--format", "concise", "-"], input="The singer committed suicide in 2019.\\n"
)
print(json.dumps({
    "before": before,
    "after": pydantic_modules(),
    "fast": getattr(typer.core._TyperParameter, "_copydesk_fast", None),
    "exit_code": result.exit_code,
    "output": result.output,
}))
"""


def test_typer_fast_path_is_active_and_keeps_pydantic_out(tmp_path):
    """After install(), a CLI run coerces its options without pydantic's TypeAdapter."""
    env = {"COPYDESK_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", FAST_PROBE],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    ).stdout
    probe = json.loads(out.strip().splitlines()[-1])
    assert probe["before"] == [], "pydantic was loaded before the CLI ran: the probe proves nothing"
    assert probe["fast"] is True, "typer_fast.install() did not patch typer.core._TyperParameter"
    assert probe["exit_code"] == 1, probe["output"]
    assert "suicide" in probe["output"], probe["output"]
    assert probe["after"] == [], f"the CLI run imported {probe['after']}"
