"""A project's own Word templates (templates.contract, …): the data they are filled with and
`check`'s reading of them (render/wordcheck.py)."""

from __future__ import annotations

from pathlib import Path

from contractkit.errors import RenderError
from contractkit.load import PROJECT_FILE, parse_project, read_source


def word_template_data(project_dir: Path) -> dict:
    """What a Word template of this project is filled with: the figures render uses."""
    from contractkit.compute import compute
    from contractkit.flows.billing import prepaid_on_for
    from contractkit.render import context as ctx
    from contractkit.render.userdocx import template_data

    source, text = read_source(project_dir / PROJECT_FILE)
    project = parse_project(text)
    context = ctx.build(project, compute(project, prepaid_on_for(project_dir)))
    from contractkit.render.schedule import payments_as_signed
    from contractkit.store import history

    signed = history.as_signed(project_dir, source)
    if signed:
        context["payments"] = payments_as_signed(*signed)
    return template_data(context)


def check_word_templates(project_dir: Path) -> list[str]:
    """`check`'s problems with the project's Word templates (templates.contract, …), one a line."""
    from contractkit.render.userdocx import safe_path
    from contractkit.render.wordcheck import check_template

    project = parse_project(read_source(project_dir / PROJECT_FILE)[1])
    chosen = project.templates.word()
    if not chosen:
        return []
    data = word_template_data(project_dir)
    problems: list[str] = []
    for doc, rel in chosen.items():
        try:
            path = safe_path(project_dir / rel, project_dir, f"templates.{doc}")
        except RenderError as exc:
            problems.append(str(exc))
            continue
        problems += check_template(path, data, rel)
    return problems
