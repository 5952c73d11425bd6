"""The one error a pack can raise: it names file, line and key."""

from __future__ import annotations

from .yamlload import YamlError


class PackError(YamlError):
    """A rule pack that cannot be used; the message names file, line and key."""
