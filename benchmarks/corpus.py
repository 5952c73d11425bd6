"""A reproducible news-like corpus: plain sentences, quotes, names, a few flagged phrases."""

from __future__ import annotations

import compileall
import hashlib
import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SUBJECTS = [
    "The council",
    "Police",
    "The actress",
    "Her brother",
    "The minister",
    "Doctors",
    "The charity",
    "A spokesperson",
    "Residents",
    "The hospital",
    "Campaigners",
    "The coroner",
    "Mara Quill",
    "The Home Office",
    "The union",
]
VERBS = [
    "said",
    "confirmed",
    "announced",
    "reported",
    "warned",
    "told reporters",
    "added",
    "explained",
    "denied",
    "admitted",
]
CLAUSES = [
    "that the budget for mental health services would rise next year",
    "the new clinic would open in the spring after delays",
    "that the inquiry into the death would resume in March",
    "the road had been closed for most of the afternoon",
    "the family had asked for privacy at a difficult time",
    "the scheme would be reviewed by an independent panel",
    "that volunteers had raised more than two thousand pounds",
    "the school would hold a memorial service on Friday",
    "that waiting lists had grown for a third year",
    "the report found serious failings in the care provided",
]
FLAGGED = [
    "he committed suicide in 2019",
    "she suffers from dementia",
    "the addict was arrested",
    "she lost her unborn baby",
    "he is wheelchair bound",
    "a spontaneous abortion was recorded",
]


def sentence(rng: random.Random) -> str:
    s = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(CLAUSES)}"
    roll = rng.random()
    if roll < 0.02:
        s += f", and {rng.choice(FLAGGED)}"
    s += "."
    if roll > 0.85:
        s = f"\u201c{s[:-1]},\u201d {rng.choice(SUBJECTS).lower()} said."
    return s


def article(rng: random.Random, words: int = 500, markdown: bool = False) -> str:
    paragraphs, count = [], 0
    while count < words:
        para = " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))
        count += len(para.split())
        paragraphs.append(para)
    if markdown:
        paragraphs.insert(0, "# " + rng.choice(CLAUSES).capitalize())
        paragraphs.insert(2, "```\nraw feed: committed suicide\n```")
    return "\n\n".join(paragraphs) + "\n"


def corpus(files: int = 1000, words: int = 500, seed: int = 7, markdown: bool = False) -> list[str]:
    rng = random.Random(seed)
    return [article(rng, words, markdown) for _ in range(files)]


def compile_package() -> None:
    """Write the package's bytecode, as `pip install` does. An editable checkout
    run with PYTHONDONTWRITEBYTECODE set (as on our machines) would otherwise
    recompile every edited module on every cold start, which is not what a
    newsroom's installed copy does."""
    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "linter"), quiet=1)


def installed_copydesk(venv: Path = Path("/tmp/copydesk-bench-venv")) -> Path:
    """The `copydesk` script of a regular (non-editable) install of this tree.

    Cold start-up is measured on what newsrooms and pre-commit run: a normal
    install with compiled bytecode. An editable install adds a path finder to
    every interpreter start (~10 ms here). The venv is rebuilt when the tree's
    Python files or packs change; it needs the package registry once.
    """
    digest = hashlib.sha256()
    for path in sorted(
        list(ROOT.glob("linter/**/*.py")) + list(ROOT.glob("rules/*.yaml")) + [ROOT / "pyproject.toml"]
    ):
        digest.update(path.read_bytes())
    stamp = venv / "copydesk-tree.sha256"
    script = venv / "bin" / "copydesk"
    if not (script.exists() and stamp.exists() and stamp.read_text() == digest.hexdigest()):
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(ROOT)],
            check=True,
            env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
        )
        subprocess.run(
            [str(venv / "bin" / "python"), "-m", "compileall", "-q", str(venv / "lib")], check=False
        )
        stamp.write_text(digest.hexdigest())
    return script
