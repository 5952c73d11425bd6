"""What applies to a document open in an editor, decided as the CLI decides it.

The nearest `.copydesk.toml` / `[tool.copydesk]` in pyproject.toml (or one
named config), its per-path overrides, house packs and locale come from the
same :class:`~linter.workspace.configfile.ConfigFinder` `copydesk check` uses;
the baseline is read by the same code as ``--baseline``. Files the config
excludes get no findings, as in a walked `copydesk check` run. Everything is
re-read by :meth:`Project.reload` when a config, pack or baseline changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..base.config import Config
from ..inputs.extract import KIND_BY_SUFFIX
from ..workspace.configfile import ConfigError, ConfigFinder

# The editor's language ids for the formats copydesk reads as text.
KIND_BY_LANGUAGE = {"markdown": "markdown", "plaintext": "text", "text": "text", "html": "html"}
CONFIG_NAMES = (".copydesk.toml", "pyproject.toml")


def kind_of(language_id: str | None, path: Path | None) -> str | None:
    """text | markdown | html, or None for a document copydesk does not read."""
    if language_id in KIND_BY_LANGUAGE:
        return KIND_BY_LANGUAGE[language_id]
    if path is not None:
        kind = KIND_BY_SUFFIX.get(path.suffix.lower())
        return kind if kind in ("text", "markdown", "html") else None
    return None


@dataclass(frozen=True)
class Settings:
    config: Config | None  # None: excluded, or the config could not be read
    config_path: Path | None = None
    excluded: bool = False
    error: str | None = None  # shown on the document instead of its findings


class Project:
    """The workspace's settings for each document, with the baseline."""

    def __init__(self, root: Path | None, config: str | None = None, baseline: str | None = None):
        self.root = root or Path.cwd()
        self.config_file = self._resolve(config)
        self.baseline_file = self._resolve(baseline)
        self.baseline: set | None = None
        self.baseline_error: str | None = None
        self.finder: ConfigFinder | None = None
        self.finder_error: str | None = None
        self.reload()

    def _resolve(self, name: str | None) -> Path | None:
        if not name:
            return None
        path = Path(name).expanduser()
        return path if path.is_absolute() else self.root / path

    def reload(self) -> None:
        """Forget every config, pack and baseline read so far."""
        from ..engine import get_engine
        from ..packs.load import forget_loaded_packs

        get_engine.cache_clear()
        forget_loaded_packs()
        self.finder, self.finder_error = None, None
        try:
            self.finder = ConfigFinder(self.config_file)
        except ConfigError as exc:
            self.finder_error = str(exc)
        self.baseline, self.baseline_error = None, None
        if self.baseline_file is not None:
            from ..workspace.baseline import load_baseline

            try:
                self.baseline = load_baseline(self.baseline_file)
            except ValueError as exc:
                self.baseline_error = str(exc)

    def settings(self, path: Path | None) -> Settings:
        """The config `copydesk check PATH` would use (an unsaved document: the workspace's)."""
        if self.finder is None:
            return Settings(None, self.config_file, error=self.finder_error)
        file = path if path is not None else self.root / "untitled"
        try:
            found = self.finder.for_path(file)
            if path is not None and found.excluded(path):
                return Settings(None, found.path, excluded=True)
            return Settings(found.for_file(file), found.path)
        except ConfigError as exc:
            return Settings(None, error=str(exc))

    def is_watched(self, path: Path) -> bool:
        """Does a change to ``path`` change what applies? Configs, pack files, the baseline."""
        if path.name in CONFIG_NAMES or path.suffix.lower() in (".yaml", ".yml"):
            return True
        return self.baseline_file is not None and path.resolve() == self.baseline_file.resolve()
