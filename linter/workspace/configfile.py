"""Find and validate `.copydesk.toml` / `[tool.copydesk]` in pyproject.toml.

The nearest config file walking up from a checked file wins; `--config` names
one explicitly. Unknown keys and wrong types fail with the file, the line, the
key and the expected form, so a typo never silently does nothing.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..base.config import QUOTE_POLICIES, Config

SEVERITIES = ("error", "warning", "suggestion", "note")
LOCALES = ("en-US", "en-GB")


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Override:
    paths: tuple[str, ...]
    values: dict


@dataclass(frozen=True)
class GrammarSettings:
    enabled: bool = False
    url: str | None = None
    disabled_rules: tuple[str, ...] = ()
    disabled_categories: tuple[str, ...] = ()
    picky: bool = False
    spellcheck: bool = True
    words: tuple[str, ...] = ()
    autofix: bool = False  # apply LanguageTool's first replacement in `copydesk fix`


@dataclass(frozen=True)
class FileConfig:
    """A loaded config file: base settings plus per-path overrides."""

    path: Path | None
    root: Path
    config: Config
    fail_on: str = "warning"
    exclude: tuple[str, ...] = ()
    overrides: tuple[Override, ...] = ()
    grammar: GrammarSettings = field(default_factory=GrammarSettings)

    def for_file(self, file: Path) -> Config:
        if not self.overrides:
            return self.config
        try:
            rel = file.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            rel = file.as_posix()
        config = self.config
        for override in self.overrides:
            if any(glob_match(rel, pattern) for pattern in override.paths):
                config = _apply(config, override.values)
        return config

    def excluded(self, file: Path) -> bool:
        if not self.exclude:
            return False
        try:
            rel = file.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return False
        return any(glob_match(rel, pattern) for pattern in self.exclude)


def glob_match(rel_path: str, pattern: str) -> bool:
    """gitignore-like: a pattern without '/' matches any path component."""
    pattern = pattern.strip()
    if pattern.endswith("/"):
        pattern += "**"
    if "/" not in pattern.rstrip("*"):
        return any(fnmatch.fnmatch(part, pattern) for part in rel_path.split("/")) or fnmatch.fnmatch(
            rel_path, pattern
        )
    regex = re.escape(pattern.lstrip("/")).replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*")
    regex = regex.replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
    return re.fullmatch(regex + "(?:/.*)?", rel_path) is not None


class _Validator:
    def __init__(self, path: Path, text: str):
        self.path, self.text = path, text

    def line_of(self, key: str) -> int:
        """Best-effort line of ``key`` (dotted; a rule id inside it keeps its dots)."""
        start = 0
        table = re.match(r"(?:tool\.copydesk\.)?(overrides)\[(\d+)\]\.", key)
        if table:  # the N-th [[overrides]] table
            headers = list(re.finditer(r"^\s*\[\[\s*(?:tool\.copydesk\.)?overrides\s*\]\]", self.text, re.M))
            if int(table.group(2)) < len(headers):
                start = headers[int(table.group(2))].start()
        parts = re.sub(r"\[\d+\]", "", key).split(".")
        # Longest dotted suffix first: "severity.house.addict" is the key "house.addict".
        for i in range(len(parts)):
            leaf = re.escape(".".join(parts[i:]))
            m = re.compile(rf"(?:^|[{{,])[ \t]*[\"']?{leaf}[\"']?[ \t]*=", re.M).search(self.text, start)
            if m:
                return self.text.count("\n", 0, m.start()) + 1
        leaf = re.escape(parts[-1])
        m = re.search(rf"^\s*\[+[^\]]*{leaf}[^\]]*\]+", self.text[start:], re.M)
        return self.text.count("\n", 0, start + m.start()) + 1 if m else 1

    def fail(self, key: str, expected: str):
        raise ConfigError(f"{self.path}:{self.line_of(key)}: {key}: {expected}")

    def str_choice(self, table, key, name, choices):
        value = table[name]
        if value not in choices:
            self.fail(key, f"expected one of {', '.join(choices)}, got {value!r}")
        return value

    def str_list(self, table, key, name):
        value = table[name]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, 'expected a list of strings, e.g. ["suicide", "race.illegals"]')
        return tuple(value)

    def boolean(self, table, key, name):
        value = table[name]
        if not isinstance(value, bool):
            self.fail(key, "expected true or false")
        return value

    def severity_table(self, table, key, name):
        value = table[name]
        if not isinstance(value, dict):
            self.fail(key, "expected a table of rule or pack id = severity")
        for rule, severity in value.items():
            if severity not in SEVERITIES:
                self.fail(f"{key}.{rule}", f"expected one of {', '.join(SEVERITIES)}")
        return tuple(sorted(value.items()))


_SETTING_KEYS = (
    "locale",
    "quotes",
    "select",
    "ignore",
    "enable",
    "severity",
    "support_line",
    "support_locales",
    "inline_config",
)
_TOP_KEYS = _SETTING_KEYS + ("fail_on", "exclude", "packs", "overrides", "grammar")
_GRAMMAR_KEYS = (
    "enabled",
    "url",
    "disabled_rules",
    "disabled_categories",
    "picky",
    "autofix",
    "spellcheck",
    "words",
)


def _settings(v: _Validator, table: dict, prefix: str) -> dict:
    out = {}
    for name in table:
        key = f"{prefix}{name}"
        if name == "locale":
            out["locale"] = v.str_choice(table, key, name, LOCALES)
        elif name == "quotes":
            out["quotes"] = v.str_choice(table, key, name, QUOTE_POLICIES)
        elif name in ("select", "ignore", "enable", "support_line"):
            out[name] = v.str_list(table, key, name)
        elif name == "support_locales":
            values = v.str_list(table, key, name)
            for value in values:
                if value not in LOCALES:
                    v.fail(key, f"expected locales among {', '.join(LOCALES)}, got {value!r}")
            out[name] = values
        elif name == "severity":
            out["severity"] = v.severity_table(table, key, name)
        elif name == "inline_config":
            out["inline_config"] = v.boolean(table, key, name)
    return out


def _apply(config: Config, values: dict) -> Config:
    values = dict(values)
    if "severity" in values:
        merged = dict(config.severity)
        merged.update(dict(values["severity"]))
        values["severity"] = tuple(sorted(merged.items()))
    return config.replace(**values)


def parse_config(path: Path, text: str, table: dict, base: Config) -> FileConfig:
    v = _Validator(path, text)
    prefix = "tool.copydesk." if path.name == "pyproject.toml" else ""
    for name in table:
        if name not in _TOP_KEYS:
            v.fail(f"{prefix}{name}", "unknown key; expected one of: " + ", ".join(_TOP_KEYS))
    values = _settings(v, table, prefix)
    root = path.parent
    if "packs" in table:
        packs = v.str_list(table, f"{prefix}packs", "packs")
        resolved = []
        for p in packs:
            full = (root / p).resolve()
            if not full.is_file():
                v.fail(f"{prefix}packs", f"pack file {p!r} not found (relative to {root})")
            resolved.append(str(full))
        values["packs"] = tuple(resolved)
    fail_on = (
        v.str_choice(table, f"{prefix}fail_on", "fail_on", SEVERITIES[:3])
        if "fail_on" in table
        else "warning"
    )
    exclude = v.str_list(table, f"{prefix}exclude", "exclude") if "exclude" in table else ()
    overrides = []
    if "overrides" in table:
        raw = table["overrides"]
        if not isinstance(raw, list):
            v.fail(f"{prefix}overrides", "expected [[overrides]] tables with 'paths'")
        for i, item in enumerate(raw):
            key = f"{prefix}overrides[{i}]"
            if not isinstance(item, dict) or "paths" not in item:
                v.fail(key, "expected a table with 'paths' = [globs]")
            for name in item:
                if name != "paths" and name not in _SETTING_KEYS:
                    v.fail(
                        f"{key}.{name}", "unknown key; expected paths or one of: " + ", ".join(_SETTING_KEYS)
                    )
            overrides.append(
                Override(
                    v.str_list(item, f"{key}.paths", "paths"),
                    _settings(v, {k: x for k, x in item.items() if k != "paths"}, f"{key}."),
                )
            )
    grammar = GrammarSettings()
    if "grammar" in table:
        g = table["grammar"]
        if not isinstance(g, dict):
            v.fail(f"{prefix}grammar", "expected a table [grammar]")
        gvals = {}
        for name in g:
            key = f"{prefix}grammar.{name}"
            if name not in _GRAMMAR_KEYS:
                v.fail(key, "unknown key; expected one of: " + ", ".join(_GRAMMAR_KEYS))
            if name in ("enabled", "picky", "spellcheck", "autofix"):
                gvals[name] = v.boolean(g, key, name)
            elif name == "url":
                if not isinstance(g[name], str) or not g[name].startswith(("http://", "https://")):
                    v.fail(key, "expected an http(s) URL")
                gvals[name] = g[name]
            else:
                gvals[name] = v.str_list(g, key, name)
        grammar = GrammarSettings(**gvals)
    return FileConfig(path, root, _apply(base, values), fail_on, exclude, tuple(overrides), grammar)


MAX_CONFIG_BYTES = 1 << 20  # a config is a page of TOML; anything bigger is refused


def _read_config(path: Path) -> str:
    """The file's text: a regular file of at most MAX_CONFIG_BYTES (never a FIFO or device)."""
    from ..inputs.files import ReadError, read_bytes

    try:
        return read_bytes(path, MAX_CONFIG_BYTES).decode("utf-8-sig")
    except ReadError as exc:
        reason = str(exc).removeprefix(f"{path}: ")
        raise ConfigError(f"{path}: cannot read config ({reason})") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read config (not UTF-8 at byte {exc.start})") from None


def load_config_file(path: Path, base: Config = Config()) -> FileConfig:
    text = _read_config(path)
    try:
        import tomllib  # only runs where a config file exists

        data = tomllib.loads(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("copydesk", {}) if isinstance(tool, dict) else None
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.copydesk] must be a table")
        data = table
    return parse_config(path, text, data, base)


def _head(path: Path) -> str:
    """Enough of a pyproject.toml to see whether it has a [tool.copydesk] table."""
    from ..inputs.files import ReadError, open_regular

    try:
        with open_regular(path) as handle:
            return handle.read(MAX_CONFIG_BYTES + 1).decode("utf-8", errors="replace")
    except (ReadError, OSError) as exc:
        raise ConfigError(f"{path}: cannot read config ({getattr(exc, 'strerror', None) or exc})") from None


class ConfigFinder:
    """Nearest config for each directory, cached; or one explicit file for all."""

    def __init__(self, explicit: Path | None = None, base: Config = Config()):
        self.base = base
        self.explicit = load_config_file(explicit, base) if explicit else None
        self._cache: dict[Path, FileConfig] = {}

    def for_path(self, file: Path) -> FileConfig:
        if self.explicit:
            return self.explicit
        directory = (file if file.is_dir() else file.parent).resolve()
        return self._for_dir(directory)

    def _for_dir(self, directory: Path) -> FileConfig:
        if directory in self._cache:
            return self._cache[directory]
        found = None
        for name in (".copydesk.toml", "pyproject.toml"):
            candidate = directory / name
            if candidate.is_file():
                if name == "pyproject.toml" and "[tool.copydesk" not in _head(candidate):
                    continue
                found = load_config_file(candidate, self.base)
                break
        if found is None:
            parent = directory.parent
            found = self._for_dir(parent) if parent != directory else FileConfig(None, Path.cwd(), self.base)
        self._cache[directory] = found
        return found
