"""The engine cache never runs code it did not write and never turns a bad entry
into an error (linter/base/cache.py)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.base import cache

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def dirs(tmp_path, monkeypatch):
    """A fresh cache directory and key directory for this test."""
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("COPYDESK_NO_CACHE", raising=False)
    cache._load_key.cache_clear()
    yield tmp_path / "cache", tmp_path / "state" / "copydesk" / "cache.key"
    cache._load_key.cache_clear()


class Builds:
    """A build function that counts its calls."""

    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


def entry(directory: Path) -> Path:
    (path,) = directory.glob("*.pickle")
    return path


def test_entries_are_reused_and_private(dirs):
    directory, key = dirs
    build = Builds({"a": (1, 2)})
    assert cache.cached("t", ("k",), build, expect=dict) == {"a": (1, 2)}
    assert cache.cached("t", ("k",), build, expect=dict) == {"a": (1, 2)}
    assert build.calls == 1
    assert key.stat().st_mode & 0o777 == 0o600
    assert directory.stat().st_mode & 0o777 == 0o700
    assert entry(directory).stat().st_mode & 0o077 == 0


class Boom:
    """A pickle that would write a marker file when loaded."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (Path(self.marker), "pwned"))


def test_a_planted_pickle_is_never_loaded(dirs, tmp_path):
    directory, _ = dirs
    build = Builds([1])
    cache.cached("t", ("k",), build, expect=list)
    path = entry(directory)
    marker = tmp_path / "marker"
    # Another user's write: a plain pickle, or one sealed under their own key.
    for planted in (
        pickle.dumps(Boom(marker)),
        cache.seal(os.urandom(32), path.name, pickle.dumps(Boom(marker))),
    ):
        path.write_bytes(planted)
        assert cache.cached("t", ("k",), build, expect=list) == [1]
        assert not marker.exists()
    assert build.calls == 3
    assert cache.cached("t", ("k",), build, expect=list) == [1] and build.calls == 3  # rewritten


def test_an_entry_under_another_name_or_of_the_wrong_type_is_a_miss(dirs):
    directory, key = dirs
    build = Builds([1])
    cache.cached("t", ("k",), build, expect=list)
    path = entry(directory)
    secret = key.read_bytes()
    path.write_bytes(cache.seal(secret, "t-other.pickle", pickle.dumps([2])))  # moved here
    assert cache.cached("t", ("k",), build, expect=list) == [1] and build.calls == 2
    path.write_bytes(cache.seal(secret, path.name, pickle.dumps("a string")))  # our seal, wrong type
    assert cache.cached("t", ("k",), build, expect=list) == [1] and build.calls == 3
    path.write_bytes(cache.seal(secret, path.name, b"\x80\x05not a pickle"))  # our seal, bad pickle
    assert cache.cached("t", ("k",), build, expect=list) == [1] and build.calls == 4


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_bytes_and_truncations_are_misses(dirs, data):
    directory, _ = dirs
    value = {"rules": tuple(range(50)), "name": "x" * 100}
    build = Builds(value)
    cache.cached("t", ("k",), build, expect=dict)
    path = entry(directory)
    good = path.read_bytes()
    how = data.draw(st.sampled_from(["truncate", "flip", "random", "pickle"]))
    if how == "truncate":
        bad = good[: data.draw(st.integers(0, len(good) - 1))]
    elif how == "flip":
        i = data.draw(st.integers(0, len(good) - 1))
        bad = good[:i] + bytes([good[i] ^ data.draw(st.integers(1, 255))]) + good[i + 1 :]
    elif how == "random":
        bad = data.draw(st.binary(max_size=2000))
    else:  # a well-formed pickle of something else, unsealed
        bad = pickle.dumps(data.draw(st.lists(st.integers())))
    path.write_bytes(bad)
    before = build.calls
    assert cache.cached("t", ("k",), build, expect=dict) == value
    assert build.calls == before + 1


@pytest.mark.skipif(os.name != "posix", reason="POSIX owners and modes")
def test_a_directory_others_can_write_is_not_used(dirs):
    directory, _ = dirs
    build = Builds([1])
    cache.cached("t", ("k",), build, expect=list)
    directory.chmod(0o777)
    for _ in range(2):
        assert cache.cached("t", ("k",), build, expect=list) == [1]
    assert build.calls == 3  # neither read nor written
    assert len(list(directory.glob("*.pickle"))) == 1


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="chown needs root")
def test_a_directory_or_key_of_another_user_is_not_used(dirs):
    directory, key = dirs
    build = Builds([1])
    cache.cached("t", ("k",), build, expect=list)
    os.chown(directory, 65534, -1)
    assert cache.cached("t", ("k",), build, expect=list) == [1] and build.calls == 2
    os.chown(directory, 0, -1)
    os.chown(key, 65534, -1)
    cache._load_key.cache_clear()
    assert cache.cached("t", ("k",), build, expect=list) == [1] and build.calls == 3


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_key_others_can_read_is_not_trusted(dirs):
    directory, key = dirs
    build = Builds([1])
    cache.cached("t", ("k",), build, expect=list)
    key.chmod(0o644)
    cache._load_key.cache_clear()
    assert cache.cached("t", ("k",), build, expect=list) == [1] and build.calls == 2


def test_a_corrupt_engine_cache_never_breaks_a_check(tmp_path):
    """End to end: every entry of a real cache overwritten with junk, then a real run."""
    env = {
        **os.environ,
        "COPYDESK_CACHE_DIR": str(tmp_path / "cache"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    draft = tmp_path / "draft.md"
    draft.write_text("The singer committed suicide in 2019.\n", "utf-8")
    command = [sys.executable, "-m", "linter", "check", "--format", "concise", str(draft)]
    first = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path)
    entries = list((tmp_path / "cache").glob("*.pickle"))
    assert {p.name.split("-")[0] for p in entries} >= {"scanner", "packs", "runtime", "locale", "readings"}
    for n, path in enumerate(entries):
        path.write_bytes(path.read_bytes()[: 100 + n] if n % 2 else b"\x80\x05junk")
    again = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert first.returncode == again.returncode == 1, again.stderr
    assert again.stdout == first.stdout and "Traceback" not in again.stderr
