"""Provision a local LanguageTool in a user cache directory.

Two routes, tried in order:

1. language-tool-python's own download (GitHub / languagetool.org zip). On a
   machine with internet access this gives the official distribution.
2. Maven Central through ``mvn``: the ``languagetool-server`` and language
   module jars are copied into ``libs/`` and a launcher ``languagetool-server.jar``
   is written whose manifest ``Class-Path`` lists them.

Either way the result is ``<cache>/LanguageTool-<version>/languagetool-server.jar``,
the layout language-tool-python expects under ``$LTP_PATH``, so both our own
server (``linter.grammar.server``) and ``language_tool_python.LanguageTool()``
with ``LTP_PATH=<cache>`` can start it.

Run ``python -m linter.grammar.install`` (``--status`` to only report). The status
report lives in :mod:`linter.grammar.status` and is re-exported here.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import InstallError
from .runtime import (
    DEFAULT_VERSION,
    LAUNCHER,
    MAIN_CLASS,
    MARKER,
    InstallInfo,
    default_cache_dir,
    find_install,
    java_executable,
    java_version,
)
from .status import GrammarStatus, status

# ``install`` and ``status`` are both imported from here (tests, docs, the CLI).
__all__ = ["GrammarStatus", "InstallInfo", "find_install", "install", "java_version", "main", "status"]

# language-en is what we check with. The server's language identifier refers to
# es, ca and pt in a static initialiser and dies at start-up without them, so
# those come too; ``language-all`` (every language) is excluded as needless bulk.
LANGUAGE_MODULES = ("en", "es", "ca", "pt")
JAVA_HINT = (
    "install a Java 17+ runtime (Debian/Ubuntu: apt-get install openjdk-17-jre-headless; "
    "macOS: brew install openjdk@17), or set [tool.copydesk.grammar] url to a LanguageTool server"
)
MAVEN_HINT = (
    "install Maven (Debian/Ubuntu: apt-get install maven; macOS: brew install maven), "
    "or set [tool.copydesk.grammar] url to a LanguageTool server"
)

Progress = Callable[[str], None]


def require_java() -> str:
    """Return the java executable, or raise InstallError naming what to install."""
    java = java_executable()
    version = java_version(java)
    if not java or not version:
        raise InstallError(f"Java was not found: LanguageTool needs Java 17 or newer; {JAVA_HINT}.")
    leading = re.match(r"(?:1\.)?(\d+)", version)
    if leading is None:
        raise InstallError(f"Java at {java} reports an unreadable version {version!r}; {JAVA_HINT}.")
    major = int(leading.group(1))
    if major < 17:
        raise InstallError(
            f"Java {version} at {java} is too old: LanguageTool {DEFAULT_VERSION} "
            f"needs Java 17 or newer; {JAVA_HINT}."
        )
    return java


def install(
    cache_dir: str | os.PathLike | None = None,
    progress: Progress = print,
    *,
    version: str = DEFAULT_VERSION,
    try_download: bool = True,
    maven_timeout: float = 1200,
) -> InstallInfo:
    """Make sure LanguageTool ``version`` is installed and return where it is.

    Instant when a complete install exists. Otherwise tries language-tool-python's
    download (skipped with ``try_download=False``), then Maven Central via ``mvn``.
    Raises InstallError with a one-paragraph reason (what to install) on failure.
    """
    cache = Path(cache_dir) if cache_dir else default_cache_dir()
    found = find_install(cache, version)
    if found:
        progress(f"LanguageTool {version} is already installed in {found.home}")
        return found
    require_java()
    cache.mkdir(parents=True, exist_ok=True)
    with _locked(cache / ".install.lock"):  # parallel installs (e.g. test workers) wait here
        found = find_install(cache, version)
        if found:
            progress(f"LanguageTool {version} was installed in {found.home} meanwhile")
            return found
        if try_download and _try_ltp_download(cache, version, progress):
            info = _finish(cache / f"LanguageTool-{version}", version, "download", jars=None)
        else:
            info = _install_from_maven(cache, version, progress, maven_timeout)
    progress(f"LanguageTool {version} installed in {info.home}")
    return info


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # Windows: no lock, installs are rare and by hand there
        yield
        return
    with open(path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _try_ltp_download(cache: Path, version: str, progress: Progress) -> bool:
    """language-tool-python's own download into ``cache``; False if it cannot."""
    try:
        from language_tool_python.download_lt import LocalLanguageTool
    except ImportError:
        progress("language-tool-python is not installed; skipping its download")
        return False
    progress(f"Trying language-tool-python's download of LanguageTool {version} ...")
    start = time.monotonic()
    try:
        with _env(LTP_PATH=str(cache), LTP_JAR_DIR_PATH=None):
            LocalLanguageTool.from_version_name(version).download()
    except BaseException as exc:  # its errors include SystemExit/SystemError
        if isinstance(exc, KeyboardInterrupt):
            raise
        progress(f"  download not possible here ({_one_line(exc)}, {time.monotonic() - start:.1f} s)")
        return False
    return (cache / f"LanguageTool-{version}" / LAUNCHER).is_file()


def _install_from_maven(cache: Path, version: str, progress: Progress, timeout: float) -> InstallInfo:
    mvn = shutil.which("mvn")
    if not mvn:
        raise InstallError(
            "LanguageTool could not be downloaded and Maven (mvn) was not found to "
            f"fetch it from Maven Central; {MAVEN_HINT}."
        )
    home = cache / f"LanguageTool-{version}"
    staging = cache / f".LanguageTool-{version}.partial"  # renamed into place only when complete
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "libs").mkdir(parents=True)
    pom = cache / "maven" / "pom.xml"
    pom.parent.mkdir(exist_ok=True)
    pom.write_text(_pom(version))
    progress(
        f"Fetching LanguageTool {version} from Maven Central with {mvn} "
        f"(about 100 MB on first run; jars are cached in ~/.m2) ..."
    )
    start = time.monotonic()
    cmd = [
        mvn,
        "-q",
        "-B",
        "-f",
        str(pom),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={staging / 'libs'}",
        "-DincludeScope=runtime",
    ]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise InstallError(
            f"mvn did not finish within {timeout:.0f} s fetching LanguageTool "
            "from Maven Central; check network access to Maven Central."
        ) from None
    if out.returncode != 0:
        tail = "\n".join((out.stdout + out.stderr).strip().splitlines()[-12:])
        raise InstallError(
            f"mvn failed (exit {out.returncode}) fetching LanguageTool {version} from Maven Central:\n{tail}"
        )
    jars = sorted(p.name for p in (staging / "libs").glob("*.jar"))
    if f"languagetool-server-{version}.jar" not in jars:
        raise InstallError(
            f"mvn finished but languagetool-server-{version}.jar is missing from {staging / 'libs'}"
        )
    progress(f"  {len(jars)} jars fetched in {time.monotonic() - start:.1f} s; writing the launcher jar")
    _write_launcher(staging / LAUNCHER, [f"libs/{j}" for j in jars])
    info_jars = [f"libs/{j}" for j in jars] + [LAUNCHER]
    shutil.rmtree(home, ignore_errors=True)  # an incomplete earlier attempt
    staging.rename(home)
    return _finish(home, version, "maven", jars=info_jars)


def _finish(home: Path, version: str, source: str, jars: list[str] | None) -> InstallInfo:
    meta = {
        "version": version,
        "source": source,
        "jars": jars or [LAUNCHER],
        "installed": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    (home / MARKER).write_text(json.dumps(meta, indent=1) + "\n")
    return InstallInfo(version, home, home / LAUNCHER, source)


def _pom(version: str) -> str:
    deps = [
        f"""    <dependency>
      <groupId>org.languagetool</groupId><artifactId>languagetool-server</artifactId><version>{version}</version>
      <exclusions><exclusion><groupId>org.languagetool</groupId><artifactId>language-all</artifactId></exclusion></exclusions>
    </dependency>"""
    ]
    deps += [
        f"""    <dependency>
      <groupId>org.languagetool</groupId><artifactId>language-{code}</artifactId><version>{version}</version>
    </dependency>"""
        for code in LANGUAGE_MODULES
    ]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by copydesk (linter/grammar/install.py) to fetch LanguageTool's jars. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.copydesk</groupId>
  <artifactId>languagetool-fetch</artifactId>
  <version>{version}</version>
  <packaging>pom</packaging>
  <dependencies>
{chr(10).join(deps)}
  </dependencies>
</project>
"""


def _write_launcher(path: Path, class_path: list[str]) -> None:
    """A jar holding only a manifest: Main-Class plus a Class-Path of the libs."""
    lines = [
        ("Manifest-Version", "1.0"),
        ("Created-By", "copydesk"),
        ("Main-Class", MAIN_CLASS),
        ("Class-Path", " ".join(class_path)),
    ]
    manifest = b"".join(_manifest_line(k, v) for k, v in lines) + b"\r\n"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as jar:
        jar.writestr("META-INF/MANIFEST.MF", manifest)


def _manifest_line(key: str, value: str) -> bytes:
    # The jar spec caps lines at 72 bytes; continuation lines start with one space.
    raw = f"{key}: {value}".encode()
    parts = [raw[:72]]
    raw = raw[72:]
    while raw:
        parts.append(b" " + raw[:71])
        raw = raw[71:]
    return b"\r\n".join(parts) + b"\r\n"


def _set_env(values: dict) -> None:
    """Set variables; None removes one."""
    for k, v in values.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@contextlib.contextmanager
def _env(**values: str | None) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    try:
        _set_env(values)
        yield
    finally:
        _set_env(saved)


def _one_line(exc: BaseException) -> str:
    host = re.search(r"host='([^']+)'", str(exc))
    if host and "ConnectionError" in type(exc).__name__:
        return f"cannot reach {host.group(1)}"
    text = str(exc).strip().splitlines()
    msg = text[0] if text else ""
    return f"{type(exc).__name__}: {msg[:160]}" if msg else type(exc).__name__


def main(argv: list[str] | None = None) -> int:
    """``python -m linter.grammar.install [--status] [--cache-dir DIR] [--no-download]``."""
    import argparse

    ap = argparse.ArgumentParser(
        prog="python -m linter.grammar.install",
        description="Provision a local LanguageTool for copydesk --grammar.",
    )
    ap.add_argument("--cache-dir", help="default: $COPYDESK_CACHE or ~/.cache/copydesk/languagetool")
    ap.add_argument("--version", default=DEFAULT_VERSION)
    ap.add_argument(
        "--no-download",
        action="store_true",
        help="skip language-tool-python's download and go straight to Maven Central",
    )
    ap.add_argument("--status", action="store_true", help="only report what is installed")
    args = ap.parse_args(argv)
    if args.status:
        st = status(args.cache_dir, version=args.version)
        print(json.dumps(st.to_dict(), indent=2))
        return 0 if st.installed and st.server_answers else 1
    try:
        install(args.cache_dir, version=args.version, try_download=not args.no_download)
    except InstallError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
