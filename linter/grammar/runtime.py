"""Where a LanguageTool installation lives and how to run it: shared by the
installer (which writes it) and the server (which starts it), so neither
imports the other's job."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# 6.8 is the newest release on Maven Central (6.9/7.0 are not published) and is
# also language-tool-python 3.4's default, so its folder name matches.
DEFAULT_VERSION = "6.8"
MARKER = "copydesk-install.json"
LAUNCHER = "languagetool-server.jar"
MAIN_CLASS = "org.languagetool.server.HTTPServer"


@dataclass(frozen=True)
class InstallInfo:
    """A usable LanguageTool installation."""

    version: str
    home: Path  # <cache>/LanguageTool-<version>
    launcher: Path  # home/languagetool-server.jar: the whole class path
    source: str  # "maven", "download" or "existing"

    @property
    def classpath(self) -> str:
        return str(self.launcher)


def default_cache_dir() -> Path:
    """``$COPYDESK_CACHE`` or ``~/.cache/copydesk/languagetool``."""
    env = os.environ.get("COPYDESK_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "copydesk" / "languagetool"


def java_executable() -> str | None:
    """``$JAVA_HOME/bin/java`` if set and present, else ``java`` on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def java_version(java: str | None = None) -> str | None:
    """The runtime's version string ("17.0.15"), or None when Java is missing."""
    java = java or java_executable()
    if not java:
        return None
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r'version "([^"]+)"', out.stderr + out.stdout)
    return m.group(1) if m else None


def find_install(
    cache_dir: str | os.PathLike | None = None, version: str = DEFAULT_VERSION
) -> InstallInfo | None:
    """The complete installation in ``cache_dir`` (or in language-tool-python's
    own cache, ``$LTP_PATH``), or None. Cheap: only stats files."""
    ours = Path(cache_dir) if cache_dir else default_cache_dir()
    ltp = Path(os.environ.get("LTP_PATH", Path.home() / ".cache" / "language_tool_python"))
    for base in (ours, ltp):
        home = base / f"LanguageTool-{version}"
        launcher = home / LAUNCHER
        if not launcher.is_file():
            continue
        marker = home / MARKER
        if marker.is_file():
            try:
                meta = json.loads(marker.read_text())
            except ValueError:
                continue
            if all((home / jar).is_file() for jar in meta.get("jars", [])):
                return InstallInfo(version, home, launcher, meta.get("source", "maven"))
        elif (home / "libs").is_dir():  # an official zip, e.g. unpacked by language-tool-python
            return InstallInfo(version, home, launcher, "existing")
    return None
