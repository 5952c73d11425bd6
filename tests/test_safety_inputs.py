"""Issue 16, point 12: every file copydesk reads (config, pack, baseline, draft)
must be a regular file, is read with a byte limit, and has its shape checked;
wrong shapes and absurd nesting are clean errors (exit 2) naming the file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.workspace.baseline import load_baseline
from linter.workspace.configfile import ConfigError, load_config_file

DEEP = 100_000


def copydesk(cwd: Path, *args):
    """A real process, with a timeout: a hang on a FIFO or /dev/zero fails the test."""
    return subprocess.run(
        [sys.executable, "-m", "linter", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def ws(tmp_path) -> Path:
    (tmp_path / ".copydesk.toml").write_text("", "utf-8")
    (tmp_path / "story.md").write_text("He committed suicide.\n", "utf-8")
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "adir").mkdir()
    return tmp_path


@pytest.mark.parametrize("option", ["--config", "--pack", "--baseline"])
@pytest.mark.parametrize("device", ["/dev/zero", "fifo", "adir"])
def test_devices_fifos_and_directories_are_refused(ws, option, device):
    proc = copydesk(ws, "check", "story.md", option, device)
    assert proc.returncode == 2, proc.stderr
    assert device in proc.stderr and "Traceback" not in proc.stderr
    assert any(
        why in proc.stderr for why in ("not a regular file", "is a directory", "not found", "no such")
    ), proc.stderr


BAD_BASELINES = {
    "list": "[]",
    "number": "5",
    "string": '"baseline"',
    "no findings": '{"version": 1}',
    "findings not a list": '{"version": 1, "findings": 5}',
    "entry not an object": '{"version": 1, "findings": [5]}',
    "entry without fingerprint": '{"version": 1, "findings": [{"path": "a"}]}',
    "fingerprint not a string": '{"version": 1, "findings": [{"path": "a", "fingerprint": []}]}',
    "deep list": "[" * DEEP + "]" * DEEP,
    "deep object": '{"a": ' * DEEP + "1" + "}" * DEEP,
    "not UTF-8": "\udcff",
}


@pytest.mark.parametrize("name", BAD_BASELINES)
def test_wrong_baseline_shapes_are_clean_errors(ws, name):
    (ws / "b.json").write_text(BAD_BASELINES[name], "utf-8", errors="surrogateescape")
    proc = copydesk(ws, "check", "story.md", "--baseline", "b.json")
    assert proc.returncode == 2, proc.stderr
    assert "b.json: not a copydesk baseline" in proc.stderr and "Traceback" not in proc.stderr


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["version", "findings", "path", "fingerprint", "x"]), children, max_size=4
        )
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=json_values)
def test_any_json_is_a_baseline_or_a_clean_error(tmp_path, value):
    path = tmp_path / "b.json"
    path.write_text(json.dumps(value), "utf-8")
    try:
        known = load_baseline(path)
    except ValueError as exc:
        assert str(exc).startswith(f"{path}: ")
    else:
        assert all(isinstance(p, str) and isinstance(f, str) for p, f in known)


DEEP_TOML = {
    "arrays": "ignore = " + "[" * DEEP + "]" * DEEP + "\n",
    "inline tables": "severity = " + "{a = " * DEEP + "1" + "}" * DEEP + "\n",
    "tables": "[" + ".".join(["a"] * 5000) + "]\n",
}


@pytest.mark.parametrize("name", DEEP_TOML)
def test_deep_toml_is_a_clean_error(ws, name):
    (ws / "deep.toml").write_text(DEEP_TOML[name], "utf-8")
    proc = copydesk(ws, "check", "story.md", "--config", "deep.toml")
    assert proc.returncode == 2, proc.stderr
    assert "deep.toml" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("body", ["tool = 5\n", "[tool]\ncopydesk = 5\n", "tool = [1]\n"])
def test_pyproject_with_a_wrong_shape(ws, body):
    (ws / "pyproject.toml").write_text(body, "utf-8")
    proc = copydesk(ws, "check", "story.md", "--config", "pyproject.toml")
    assert proc.returncode == 2 and "pyproject.toml" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_deep_yaml_pack_is_a_clean_error(ws):
    (ws / "deep.yaml").write_text("pack: " + "[" * DEEP + "]" * DEEP + "\n", "utf-8")
    proc = copydesk(ws, "check", "story.md", "--pack", "deep.yaml")
    assert proc.returncode == 2, proc.stderr
    assert "deep.yaml" in proc.stderr and "Traceback" not in proc.stderr


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"


KEYS = ["locale", "quotes", "select", "ignore", "enable", "severity", "support_line", "inline_config"]
KEYS += ["fail_on", "exclude", "packs", "overrides", "grammar", "paths", "url", "enabled", "nope"]
toml_values = st.recursive(
    st.booleans() | st.integers(-5, 5) | st.sampled_from(["en-GB", "note", "error", "x", "*.md", "http://h"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(KEYS), children, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=st.dictionaries(st.sampled_from(KEYS), toml_values, max_size=5))
def test_any_config_shape_loads_or_is_a_clean_error(tmp_path, table):
    path = tmp_path / ".copydesk.toml"
    path.write_text("".join(f"{k} = {_toml_value(v)}\n" for k, v in table.items()), "utf-8")
    try:
        load_config_file(path)
    except ConfigError as exc:
        assert str(exc).startswith(f"{path}")
