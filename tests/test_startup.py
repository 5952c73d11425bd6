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
      ("pydantic", "language_tool_python", "requests", "yaml", "rich", "re2", "docx"))))
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


def test_typer_shortcut_still_validates_values():
    from typer.testing import CliRunner

    from linter.cli import app
    from linter.cli.typer_fast import install

    install()
    result = CliRunner().invoke(app, ["check", "--jobs", "many", "-"], input="text")
    assert result.exit_code == 2
    assert "many" in result.output
