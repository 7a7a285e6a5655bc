"""Scope-risk warnings: the ways client work goes wrong, found before they cost money."""

from __future__ import annotations

from pathlib import Path

from contractkit import calendar, consistency, lint_en, lint_ru
from contractkit.compute import Figures, compute
from contractkit.errors import Problem
from contractkit.load import load_document
from contractkit.model import Project
from contractkit.model.checks import Loc


def scope_risks(project: Project, figures: Figures) -> list[tuple[Loc, str]]:
    """Warnings for a valid project, each with the path it concerns."""
    out: list[tuple[Loc, str]] = []
    for i, d in enumerate(project.deliverables):
        if not d.acceptance:
            out.append((("deliverables", i), f"{d.id}: no acceptance criteria, so 'done' is arguable"))
        if d.revisions is None:
            out.append((("deliverables", i), f"{d.id}: no limit on revision rounds"))
    for i, line in enumerate(figures.lines):
        if line.agreed is not None:  # Russian law moved it (compute.timeline)
            out.append((("deliverables", i, "deadline"),
                        f"{line.deliverable.id}: deadline {line.agreed} falls on a day off: the term ends "
                        f"on the next working day, {line.deadline} (ГК РФ ст. 193); the documents say so"))
        elif not calendar.is_working_day(line.deadline, project.calendar):
            out.append((("deliverables", i, "deadline"),
                        f"{line.deliverable.id}: deadline {line.deadline} falls on a day off"))
    if not any(inst.on == "signing" for inst in project.payment.schedule):
        out.append((("payment", "schedule"), "no prepayment: work would start unpaid"))
    if project.payment.hourly_rate is None:
        out.append((("payment",), "no hourly rate for out-of-scope work (payment.hourly_rate)"))
    if project.obligations.client.feedback_days is None:
        out.append((("obligations", "client"),
                    "no deadline for the client's feedback (obligations.client.feedback_days)"))
    if project.support is None and "support" not in project.model_fields_set:  # support: null: decided
        out.append(((), "no support plan after launch: the client is left alone with the result"))
    for j, _ in enumerate(project.brief.open_questions):
        out.append((("brief", "open_questions", j), "open question left in the brief"))
    if project.language == "en" and not project.terms.governing_law:
        out.append((("terms",), "no governing law (terms.governing_law): the venue alone does not say "
                    "which law applies"))
    if project.language == "ru" and project.tax.kind is None:
        out.append((("tax",), "no tax regime (tax.regime): the documents say nothing about VAT"))
    out += consistency.tax_limits(project, figures)
    out += consistency.advance_in_installments(project, figures)
    out += consistency.vat_rate_in_force(project)
    out += consistency.court_fits_parties(project)
    out += consistency.contract_type_fit(project)
    out += consistency.start_after_signing(project)
    out += consistency.start_before_deposit(project)
    out += consistency.payments_before_work(project, figures)
    out += consistency.quantities_match(project)
    out += consistency.brief_references(project)
    out += lint_en.english_risks(project, figures.total)
    out += lint_ru.russian_risks(project)
    out += consistency.blank_requisites(project)
    return out


def check_project(path: Path) -> list[Problem]:
    """Raises ProjectFileError on errors; returns the located scope-risk warnings of a valid file
    (FILL placeholders left are errors of their own: load.placeholders)."""
    loaded = load_document(path)
    figures = compute(loaded.project)
    risks = scope_risks(loaded.project, figures) + invoice_prefix_clash(path, loaded.project)
    return [loaded.locate(loc, msg) for loc, msg in risks]


def invoice_prefix(data) -> str:
    """A project's invoice prefix from its parsed file: contract.invoice_prefix, else the number."""
    contract = data.get("contract") if isinstance(data, dict) else None
    if not isinstance(contract, dict):
        return ""
    return str(contract.get("invoice_prefix") or contract.get("number") or "")


def invoice_prefix_clash(path: Path, project: Project, limit: int = 500) -> list[tuple[Loc, str]]:
    """Invoice numbers are unique per seller (НК РФ ст. 169 п. 5 for счета-фактуры; any bookkeeping
    for invoices) only while no two projects of the workspace (the folders beside this project's)
    share a prefix: the one place a team's machines could collide without a shared counter."""
    from contractkit.errors import ContractkitError
    from contractkit.load import read_text
    from contractkit.yamltree import parse_yaml

    own = project.contract.invoice_prefix or project.contract.number
    clashes = []
    for other in sorted(path.resolve().parent.parent.glob("*/" + path.name))[:limit]:
        if other.parent == path.resolve().parent:
            continue
        try:
            data, _ = parse_yaml(read_text(other), other.name)
        except (OSError, ContractkitError):
            continue
        if invoice_prefix(data) == own:
            clashes.append(other.parent.name)
    if not clashes:
        return []
    return [(("contract", "invoice_prefix"), f"invoice numbers start with «{own}/» here and in "
             f"{', '.join(clashes)}: give each project its own contract.invoice_prefix (or contract "
             "number), or two clients get the same invoice number")]
