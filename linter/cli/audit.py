"""`copydesk audit`: the whole archive, on every local core or a Dask cluster.

Thin and lazy: dask, pyarrow, duckdb and rich load only when this command runs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .options import ConfigOpt, Ignore, Locale, Select, choice, cli_overrides, fail, split_ids

Column = Annotated[Optional[str], typer.Option(help="Column holding this metadata (default: its own name).")]


def audit(
    source: Annotated[
        str,
        typer.Argument(
            help="A directory of drafts, a JSON Lines or Parquet file or directory, or - for JSON Lines on stdin."
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Output directory (datasets, summary, report.html, manifest).")
    ] = Path("audit-out"),
    text_column: Annotated[
        str, typer.Option("--text-column", help="Column holding the article text.")
    ] = "text",
    id_column: Annotated[
        Optional[str], typer.Option("--id-column", help="Column holding the article id.")
    ] = None,
    date_column: Annotated[
        Optional[str], typer.Option("--date-column", help="Column holding the publication date.")
    ] = None,
    section_column: Annotated[
        Optional[str], typer.Option("--section-column", help="Column holding the section or desk.")
    ] = None,
    author_column: Annotated[
        Optional[str], typer.Option("--author-column", help="Column holding the author.")
    ] = None,
    url_column: Annotated[Optional[str], typer.Option("--url-column", help="Column holding the URL.")] = None,
    keep: Annotated[
        list[str], typer.Option("--keep", help="Keep this extra metadata column too (repeatable).")
    ] = [],
    group_by: Annotated[
        list[str],
        typer.Option(
            "--group-by", help="Group the summary by this metadata column (repeatable; default section)."
        ),
    ] = [],
    period: Annotated[str, typer.Option(help="Period of the trend: year or month.")] = "year",
    format_as: Annotated[
        str, typer.Option("--format-as", help="Row text is text, markdown or html.")
    ] = "text",
    partition_rows: Annotated[
        int,
        typer.Option(
            "--partition-rows",
            min=1,
            help="Rows (or drafts) per partition: the unit of work and of resuming.",
        ),
    ] = 2000,
    jobs: Annotated[
        Optional[int],
        typer.Option("--jobs", "-j", min=1, help="Local worker processes (default: every core)."),
    ] = None,
    dask: Annotated[
        Optional[str], typer.Option("--dask", help="Run on a Dask cluster: a scheduler address, or local[N].")
    ] = None,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Discard an earlier run in --out instead of resuming it.")
    ] = False,
    no_html: Annotated[bool, typer.Option("--no-html", help="Skip report.html.")] = False,
    select: Select = [],
    ignore: Ignore = [],
    enable: Annotated[list[str], typer.Option("--enable", help="Turn on house-style rules.")] = [],
    locale: Locale = None,
    config: ConfigOpt = None,
):
    """Audit an archive: findings per rule and pack, by year and desk, in narrative or quotes."""
    try:
        from ..audit.job import run_audit
        from ..audit.manifest import ManifestMismatch
        from ..audit.options import PERIODS, ROLES, AuditOptions
        from ..audit.sources import SourceError, spool_stdin
    except ImportError as exc:
        fail(f"copydesk audit needs its extra: pip install 'copydesk[audit]' ({exc.name} is missing)")
    from rich.console import Console

    from ..packs import PackError
    from ..workspace.configfile import ConfigError, ConfigFinder
    from ..workspace.ids import is_known, known_ids, suggest

    choice("--period", period, PERIODS)
    choice("--format-as", format_as, ("text", "markdown", "html"))
    named = dict(zip(ROLES, (id_column, date_column, section_column, author_column, url_column)))
    columns = tuple((role, named[role] or role) for role in ROLES)
    keep_t = split_ids(keep)
    groups = split_ids(group_by) or ("section",)
    known_groups = ("date", "section", "author", "url", *keep_t)
    for g in groups:
        if g not in known_groups:
            fail(
                f"--group-by {g!r}: not a metadata column of the audit ({', '.join(known_groups)}; add others with --keep)"
            )
    overrides = cli_overrides(select, ignore, locale, None, enable)
    try:
        base = Path(source) if source != "-" else Path.cwd()
        cfg = ConfigFinder(Path(config) if config else None).for_path(base).config
        # Silenced hits are part of the audit: it counts what the readings set aside.
        cfg = cfg.replace(**overrides, show_silenced=True)
        known = known_ids(cfg)
    except (ConfigError, PackError) as exc:
        fail(str(exc))
    for key in ("select", "ignore", "enable"):
        for value in getattr(cfg, key):
            if not is_known(value, known):
                fail(
                    f"unknown rule or pack id {value!r} (--{key}){suggest(value, known)} See `copydesk rules list`."
                )
    options = AuditOptions(cfg, text_column, columns, keep_t, groups, period, format_as, partition_rows)
    console = Console(stderr=True)
    if source == "-":
        source = str(spool_stdin(sys.stdin.buffer, out))
    from ..audit.terminal import Progress, print_summary

    try:
        with Progress(console) as progress:
            run = run_audit(
                source, out, options, jobs=jobs, dask=dask, fresh=fresh, progress=progress, html=not no_html
            )
    except (SourceError, ManifestMismatch) as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        console.print(
            f"interrupted: finished partitions are kept in {out}; run the same command again to resume"
        )
        raise typer.Exit(130) from None
    print_summary(Console(), run)
