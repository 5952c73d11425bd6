"""Keep pydantic off the start-up path of `copydesk check`.

Written against typer 0.29 (``>=0.29,<0.30``): it replaces
``typer.core._TyperParameter.get_runtime_param`` and builds on
``typer._coercion.RuntimeParam``, both typer internals. pyproject.toml pins
typer to that same range, and tests/test_startup.py proves the fast path is
active: the installed typer is inside the pin, and after ``install()`` a CLI run
(``check --format concise -``) leaves pydantic out of ``sys.modules`` and
``_TyperParameter._copydesk_fast`` is True. Widen the pin only after that test
passes on the new typer.

Why: typer 0.29 coerces every non-flag parameter through a pydantic
TypeAdapter, built on first use, so any command with an option imports
pydantic, about 100 ms of a pre-commit run's start-up (most of it), and no
supported typer option avoids that. Our commands only take str, int, float,
bool and list[str] parameters, which need no schema: for those we install a
direct coercion. Anything else (or a typer whose internals moved) falls back to
typer's own path, so the worst case is the old speed, never a wrong value.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass

_SIMPLE = (str, int, float, bool)
_TRUTH = {
    "true": True,
    "1": True,
    "yes": True,
    "on": True,
    "y": True,
    "false": False,
    "0": False,
    "no": False,
    "off": False,
    "n": False,
}


def _unwrap(annotation):
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
    return annotation


def install() -> None:
    try:
        from typer import core
        from typer._click.exceptions import BadParameter
        from typer._coercion import RuntimeParam
    except ImportError:  # pragma: no cover - typer layout changed: keep typer's own path
        return
    if getattr(core._TyperParameter, "_copydesk_fast", False):
        return

    @dataclass(frozen=True)
    class DirectParam(RuntimeParam):
        leaf: type = str
        is_list: bool = False

        def _coerce_value(self, value, param, ctx):
            def one(item):
                if self.leaf is bool and not isinstance(item, bool):
                    if str(item).strip().lower() not in _TRUTH:
                        raise BadParameter(f"{item!r} is not a valid boolean.", ctx=ctx, param=param)
                    return _TRUTH[str(item).strip().lower()]
                try:
                    return self.leaf(item)
                except (TypeError, ValueError):
                    raise BadParameter(
                        f"{item!r} is not a valid {self.leaf.__name__}.", ctx=ctx, param=param
                    ) from None

            if self.is_list:
                return [one(v) for v in value]
            return one(value)

    original = core._TyperParameter.get_runtime_param

    def get_runtime_param(self):
        if self._runtime_param is None:
            desc = self.type_descriptor
            annotation = _unwrap(desc.annotation)
            is_list = typing.get_origin(annotation) is list
            leaf = typing.get_args(annotation)[0] if is_list else annotation
            if leaf in _SIMPLE and not desc.is_choice and not desc.is_ranged:
                self._runtime_param = DirectParam(
                    desc.parameter_info, desc.annotation, leaf=leaf, is_list=is_list
                )
        return original(self)

    # A monkeypatch of typer's class: typed as Any, since its attributes are not ours.
    patched: typing.Any = core._TyperParameter
    patched.get_runtime_param = get_runtime_param
    patched._copydesk_fast = True


def plain_help() -> None:
    """Help and errors in the words of the command line, not of Python.

    Two more typer 0.29 internals (the same pin): a value is shown by its
    metavar (``--select RULE``) or, without one, by its name in capitals
    (``--port PORT``), never as a Python type (``<list[str]>``); and a mistyped
    option names the nearest real one first (``did you mean --select?``),
    where typer lists the close ones sorted, ``--help`` before ``--select``.
    """
    try:
        from typer import core
        from typer._click.exceptions import NoSuchOption
    except ImportError:  # pragma: no cover - typer layout changed: keep typer's wording
        return
    if getattr(core.TyperOption, "_copydesk_plain", False):
        return

    def value_name(shown, is_argument: bool):
        def display_type_rich(self, ctx):
            if self.type_descriptor.is_choice and self.metavar is None:
                return shown(self, ctx)
            if is_argument:  # the name column already holds the metavar or the name
                return None
            return self.metavar or (self.name or "value").upper()

        return display_type_rich

    def format_message(self) -> str:
        if not self.possibilities:
            return self.message
        near = [p for p in self.possibilities if p != "--help"] or list(self.possibilities)
        return f"{self.message}; did you mean {' or '.join(near[:2])}?"

    for cls, is_argument in ((core.TyperArgument, True), (core.TyperOption, False)):
        patched: typing.Any = cls
        patched.display_type_rich = value_name(cls.display_type_rich, is_argument)
        patched._copydesk_plain = True
    no_such: typing.Any = NoSuchOption
    no_such.format_message = format_message
