"""Terminal views of a project (rich tables). Only the CLI prints them."""

from __future__ import annotations

from pathlib import Path

from contractkit.compute import Figures
from contractkit.model import Project
from contractkit.words import fmt

TRIGGERS = {
    "signing": "on signing", "acceptance": "on acceptance of {d}", "completion": "on completion",
    "launch": "on launch", "date": "on {date}",
}


def project_summary(project: Project, figures: Figures):
    """A renderable group: parties, deliverables, payments, support."""
    from rich.console import Group
    from rich.markup import escape as e
    from rich.table import Table

    lang, cur = project.language, project.currency
    m = lambda v: fmt.money(v, cur, lang)  # noqa: E731

    head = Table.grid(padding=(0, 2))
    head.add_row("[bold]" + e(project.title), f"contract {project.contract.number} of "
                 f"{project.contract.date} ({project.contract.type}, {lang}, {cur}, {project.calendar})")
    head.add_row("contractor", _party(project.contractor))
    head.add_row("client", _party(project.client))

    items = Table(title="Deliverables", title_justify="left")
    for col, just in (("#", "right"), ("id", "left"), ("title", "left"), ("price", "right"),
                      ("days", "right"), ("start", "left"), ("deadline", "left")):
        items.add_column(col, justify=just, no_wrap=col != "title")
    for x in figures.lines:
        d = x.deliverable
        items.add_row(str(x.number), d.id, e(d.title), m(x.price), str(d.days or ""), str(x.start),
                      str(x.deadline))
    items.add_section()
    if figures.vat is not None:
        items.add_row("", "", "VAT", m(figures.vat), "", "", "")
    items.add_row("", "", "[bold]total", "[bold]" + m(figures.total), "", "",
                  f"[bold]{figures.completion}")

    pays = Table(title="Payment schedule", title_justify="left")
    for col in ("#", "when", "amount", "due"):
        pays.add_column(col, justify="right" if col in ("#", "amount") else "left",
                        no_wrap=col != "when")
    for p in figures.payments:
        inst = p.installment
        when = TRIGGERS[inst.on].format(d=inst.deliverable, date=inst.date)
        share = f" ({fmt.percent(inst.percent, 'en')})" if inst.percent is not None else ""
        due = str(p.due) if p.due else f"{p.days} days after (planned {p.event_planned})"
        pays.add_row(str(p.number), when + share, m(p.amount), due)

    parts = [head, items, pays]
    if project.support:
        s = project.support
        parts.append(f"[bold]Support[/] {e(s.name)}: {m(s.monthly_fee)}/month, {s.hours_included} h "
                     f"included, response {e(s.response)}, {s.months} months")
    return Group(*parts)


def _party(party) -> str:
    from rich.markup import escape

    signer = party.signer
    who = f", signs {signer.name}" + (f" ({signer.position})" if signer.position else "")
    return escape(f"{party.display_name} ({party.kind}){who if party.signatory else ''}")


def projects_table(rows: list[tuple[Path, Project | None, Figures | None, str]]):
    from rich.markup import escape
    from rich.table import Table

    table = Table(box=None)
    for col in ("project", "title", "contract", "total", "completion", "status"):
        table.add_column(col)
    for path, project, figures, status in rows:
        if project is None:
            table.add_row(escape(path.name), "", "", "", "", f"[red]{escape(status)}")
            continue
        table.add_row(escape(path.name), escape(project.title), project.contract.number,
                      fmt.money(figures.total, project.currency, project.language),
                      str(figures.completion), status)
    return table
