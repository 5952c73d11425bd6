"""`copydesk init`: a commented starter config and house pack."""

from __future__ import annotations

from pathlib import Path

CONFIG = """\
# copydesk configuration. The nearest .copydesk.toml above a checked file wins;
# the same keys work under [tool.copydesk] in pyproject.toml.

# Spellings in suggestions (foetus/fetus, mum/mom) and which helplines count:
# "en-US" (the default) or "en-GB".
locale = "en-US"

# Findings inside direct quotes: "note" (default), "ignore" or "flag".
quotes = "note"

# Lowest severity that makes `copydesk check` exit 1: error, warning, suggestion.
fail_on = "warning"

# Packs or rules to switch off, and house-style switches to turn on.
ignore = []
enable = []

# Files never checked (gitignore-style globs, relative to this file).
exclude = ["archive/**"]

# House rules, next to the built-in packs.
packs = ["house-style.yaml"]

# Your newsroom's own support line counts as support information.
support_line = []

# Helplines of these locales count too (a UK story in a US newsroom cites Samaritans).
support_locales = []  # e.g. ["en-GB"]

[severity]
# "cancer" = "note"
# "suicide.commit-suicide" = "error"

# Different settings for some paths:
# [[overrides]]
# paths = ["opinion/**"]
# quotes = "ignore"
"""

PACK = """\
pack: house-style
title: House style
description: Our newsroom's own terms.
sources:
  - id: house-guide
    organisation: Our newsroom
    title: House style guide
    year: 2026
    url: https://example.org/style-guide
    kind: guideline
rules:
  - id: tragic-accident
    severity: suggestion
    match: [tragic accident]
    message: '"{match}" tells readers how to feel; describe what happened.'
    why: >-
      Our style guide asks reporters to let the facts carry the weight of a story.
    suggest: [accident]
    sources: [house-guide]
    examples:
      flag:
        - Two people died in a [tragic accident] on the A1.
        - Police said the [tragic accidents] were avoidable.
      pass:
        - Two people died in an accident on the A1.
        - '"It was a tragic accident," her father said.'
"""


def write_starters(directory: Path, *, force: bool = False) -> list[Path]:
    """Write the starter files; an existing one is replaced only with ``force``
    (:class:`~linter.inputs.writing.OutputRefused` otherwise, before anything is written)."""
    from ..inputs.writing import check_output, write_atomic

    files = {directory / ".copydesk.toml": CONFIG, directory / "house-style.yaml": PACK}
    targets = [check_output(path, what="starter file", force=force) for path in files]
    for target, text in zip(targets, files.values()):
        write_atomic(target, text.encode("utf-8"))
    return list(files)
