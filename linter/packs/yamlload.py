"""Safe YAML loading that remembers where every key came from.

Rule packs and configs are untrusted input, so only plain data is built (no
Python objects), duplicate keys are refused rather than silently merged, and
every mapping and list carries the line it started on so that validation
errors can name ``file:line``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


class LineDict(dict[Any, Any]):
    """A mapping with the 1-based line of the mapping and of each key."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return int(self.key_lines.get(key, self.line))


class LineList(list[Any]):
    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class YamlError(ValueError):
    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@lru_cache(maxsize=1)
def _loader() -> Any:
    """Build the loader class on first use: PyYAML stays off cached start-ups."""
    import yaml

    try:  # LibYAML parses several times faster; the pure-Python loader is a fallback.
        from yaml import CSafeLoader as base
    except ImportError:  # pragma: no cover - depends on how PyYAML was built
        from yaml import SafeLoader as base

    def construct_mapping(loader: Any, node: Any) -> LineDict:
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise yaml.MarkedYAMLError(
                    problem="mapping keys must be plain scalars", problem_mark=key_node.start_mark
                )
            if key in result:
                raise yaml.MarkedYAMLError(problem=f"duplicate key {key!r}", problem_mark=key_node.start_mark)
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result

    def construct_sequence(loader: Any, node: Any) -> LineList:
        result = LineList(loader.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result

    class Loader(base):
        pass

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    return Loader


def load_yaml(text: str, path: str) -> Any:
    """Parse ``text``; raise :class:`YamlError` naming ``path`` and the line."""
    import yaml

    try:
        return yaml.load(text, Loader=_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise YamlError(path, line, f"invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise YamlError(path, 0, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlError(path, 0, "invalid YAML: nested too deeply") from None
