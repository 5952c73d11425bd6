"""Check an editor buffer as `copydesk check FILE` would check that file.

The buffer's text (saved or not) goes through the same extract → engine →
suppressions → baseline path as the CLI; what the CLI would stop with (a bad
config, a broken house pack, an unknown id in the config or a suppression
comment) becomes a :class:`Problem` shown on the document instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..base.model import Finding
from .project import Project, Settings

CONFIG_ERROR = "copydesk.config-error"
UNKNOWN_ID = "copydesk.unknown-id"


@dataclass(frozen=True)
class Problem:
    """Something the CLI would exit 2 for, at a span of the document."""

    code: str
    message: str
    start: int = 0
    end: int = 0


@dataclass
class Checked:
    text: str
    kind: str
    settings: Settings
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def check_buffer(text: str, kind: str, path: Path | None, project: Project) -> Checked:
    from ..inputs.extract import extract
    from ..packs import PackError

    settings = project.settings(path)
    checked = Checked(text, kind, settings)
    if settings.error:
        checked.problems.append(Problem(CONFIG_ERROR, settings.error))
    if settings.config is None:
        return checked
    from ..engine import analyse, get_engine
    from ..workspace.ids import unknown_config_ids, unknown_suppression_ids

    try:
        engine = get_engine(settings.config)
        where = f" in {settings.config_path}" if settings.config_path else ""
        for key, value, suggestion in unknown_config_ids(settings.config):
            checked.problems.append(
                Problem(CONFIG_ERROR, f"unknown rule or pack id {value!r} ({key}{where}){suggestion}")
            )
        findings, suppressions = analyse(extract(text, kind), engine)
    except PackError as exc:
        checked.problems.append(Problem(CONFIG_ERROR, str(exc)))
        return checked
    except (RecursionError, MemoryError):
        checked.problems.append(Problem(CONFIG_ERROR, "document too deeply nested or too large to check"))
        return checked
    for sup, value, suggestion in unknown_suppression_ids(suppressions, settings.config):
        checked.problems.append(
            Problem(
                UNKNOWN_ID,
                f"unknown rule or pack id {value!r} in a suppression comment{suggestion}",
                sup.start,
                sup.end,
            )
        )
    if project.baseline_error:
        checked.problems.append(Problem(CONFIG_ERROR, project.baseline_error))
    elif project.baseline is not None and path is not None and project.baseline_file is not None:
        from ..workspace.baseline import filter_run
        from ..workspace.runner import FileResult, Run

        result = FileResult(str(path), findings, source=text)
        filter_run(Run([result], []), project.baseline, project.baseline_file.parent)
        findings = result.findings
    checked.findings = findings
    return checked
