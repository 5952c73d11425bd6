"""Find and load rule packs: the built-in ones shipped in the wheel, house
packs named by path, and the locale spelling pairs; cached on disk."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .model import Pack, PackError
from .readings import ReadingCues, parse_cues
from .validate import MAX_PACK_BYTES, declared_story_id, load_pack_yaml, validate_pack
from .yamlload import load_yaml

# Files in rules/ that are data for every pack, not packs themselves.
DATA_FILES = ("locale.yaml", "readings.yaml", "slots.yaml")


def builtin_rules_dir() -> Path:
    """Packs ship inside the wheel as linter/rules; a source checkout keeps them in rules/."""
    package = Path(__file__).resolve().parent.parent  # linter/
    installed = package / "rules"
    return installed if installed.is_dir() else package.parent / "rules"


def _pack_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml") if p.name not in DATA_FILES)


def load_packs(
    extra: tuple[str | Path, ...] = (), *, builtin: bool = True, examples: bool = True
) -> tuple[Pack, ...]:
    """Built-in packs plus any house pack files, validated, in a stable order.

    ``examples=False`` drops the rule examples: checking never needs them, and
    a pre-commit start-up is faster without unpickling them.
    """
    return _load_packs_cached(tuple(str(p) for p in extra), builtin, examples)


@lru_cache(maxsize=8)
def _load_packs_cached(extra: tuple[str, ...], builtin: bool, examples: bool) -> tuple[Pack, ...]:
    from ..base.cache import cached, file_stamps

    files = (_pack_files(builtin_rules_dir()) if builtin else []) + [Path(p) for p in extra]
    try:
        stamps = file_stamps(files)
    except OSError:
        return _parse_files(files)  # let the parser report the unreadable file
    if examples:
        return cached("packs", stamps, lambda: _parse_files(files), expect=_are_packs)
    return cached(
        "runtime-packs",
        stamps,
        lambda: _without_examples(_load_packs_cached(extra, builtin, True)),
        expect=_are_packs,
    )


def _are_packs(value: object) -> bool:
    return isinstance(value, tuple) and all(isinstance(p, Pack) for p in value)


def forget_loaded_packs() -> None:
    """Drop the packs held in this process (a long-running language server calls
    this when a house pack changes; the on-disk cache is keyed on file stamps)."""
    _load_packs_cached.cache_clear()


def _without_examples(packs: tuple[Pack, ...]) -> tuple[Pack, ...]:
    from dataclasses import replace

    return tuple(
        replace(p, rules=tuple(replace(r, flag_examples=(), pass_examples=()) for r in p.rules))
        for p in packs
    )


def _parse_files(files: list[Path]) -> tuple[Pack, ...]:
    texts: list[tuple[str, str]] = []
    for path in files:
        from ..base.regular import UnreadableFile, read_regular

        try:  # a regular file only (never a FIFO or /dev/zero), and of bounded size
            data = read_regular(path, MAX_PACK_BYTES)
        except UnreadableFile as exc:
            reason = str(exc).removeprefix(f"{path}: ")
            raise PackError(str(path), 0, f"pack: cannot read file ({reason})") from None
        try:
            texts.append((data.decode("utf-8-sig"), str(path)))
        except UnicodeDecodeError as exc:
            raise PackError(str(path), 0, f"pack: not UTF-8 (byte {exc.start})") from None
    # Story types are declared by one pack and used by others: load every file
    # first, then validate each knowing all the declared ids.
    raws = [(load_pack_yaml(text, path), path) for text, path in texts]
    story_ids = frozenset(filter(None, (declared_story_id(raw) for raw, _ in raws)))
    packs: list[Pack] = []
    seen: dict[str, str] = {}
    for raw, name in raws:
        pack = validate_pack(raw, name, story_ids)
        if pack.id in seen:
            raise PackError(name, 1, f"pack: id {pack.id!r} is already used by {seen[pack.id]}")
        seen[pack.id] = name
        packs.append(pack)
    return tuple(packs)


@lru_cache(maxsize=1)
def load_locale_pairs() -> tuple[tuple[str, str], ...]:
    """(en-US word, en-GB word) pairs from rules/locale.yaml."""
    from ..base.cache import cached, file_stamps

    path = builtin_rules_dir() / "locale.yaml"

    def parse():
        raw = load_yaml(path.read_text("utf-8"), str(path))
        return tuple((p["en-US"].lower(), p["en-GB"].lower()) for p in raw["pairs"])

    def are_pairs(value: object) -> bool:
        return isinstance(value, tuple) and all(
            isinstance(p, tuple) and len(p) == 2 and all(isinstance(w, str) for w in p) for p in value
        )

    return cached("locale", file_stamps([path]), parse, expect=are_pairs)


@lru_cache(maxsize=1)
def load_reading_cues() -> ReadingCues:
    """The built-in reading cues from rules/readings.yaml."""
    from ..base.cache import cached, file_stamps

    path = builtin_rules_dir() / "readings.yaml"

    def parse() -> ReadingCues:
        return parse_cues(load_yaml(path.read_text("utf-8"), str(path)), str(path))

    return cached("readings", file_stamps([path]), parse, expect=ReadingCues)
