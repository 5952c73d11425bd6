"""A non-editable install (what pre-commit does) must carry the rule packs."""

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_ships_rule_packs(tmp_path):
    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheel_dir),
            str(ROOT),
        ],
        check=True,
    )
    wheel = next(wheel_dir.glob("copydesk-*.whl"))
    shipped = set(zipfile.ZipFile(wheel).namelist())
    for module in (ROOT / "linter").rglob("*.py"):  # pyproject lists packages by hand
        assert module.relative_to(ROOT).as_posix() in shipped, module
    for asset in (ROOT / "linter" / "serve" / "static").iterdir():  # the review page, package data
        assert asset.relative_to(ROOT).as_posix() in shipped, asset
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True
    )
    # Dependencies come from the test environment; the package itself only from the wheel.
    env = dict(
        os.environ,
        PYTHONPATH=sysconfig.get_paths()["purelib"] + os.pathsep + sysconfig.get_paths()["platlib"],
    )
    script = (
        "import linter, linter.packs as p;"
        "d = p.builtin_rules_dir(); assert 'site-packages' in str(d), d;"
        "packs = p.load_packs(); print(len(packs), sum(len(x.rules) for x in packs));"
        "print(linter.check_text('The singer committed suicide.')[0].rule);"
        "from importlib.resources import files; page = files('linter.serve') / 'static' / 'index.html';"
        "assert 'site-packages' in str(page) and b'/static/page.js' in page.read_bytes(), page"
    )
    out = subprocess.run(
        [str(python), "-c", script], cwd=tmp_path, env=env, check=True, capture_output=True, text=True
    ).stdout.split("\n")
    packs, rules = map(int, out[0].split())
    assert packs >= 10 and rules >= 150
    assert out[1] == "suicide.commit-suicide"
    cli = subprocess.run(
        [str(venv / "bin" / "copydesk"), "--version"], env=env, capture_output=True, text=True
    )
    assert cli.returncode == 0 and cli.stdout.startswith("copydesk ")
