"""Which documents a project has, and rendering them to HTML, PDF and DOCX bytes."""

from __future__ import annotations

import re
from datetime import datetime, time, timezone
from pathlib import Path

from contractkit.errors import RenderError
from contractkit.model import Project
from contractkit.render import context as ctx
from contractkit.render import glyphs, layoutbounds, statedsums
from contractkit.render.docdata import ATTACHMENT_NAME, attachment
from contractkit.render.look import Look, word_templates
from contractkit.render.sandbox import render_template
from contractkit.resources import TEMPLATES

DOCUMENTS = ("contract", "scope", "payments", "support", "brief")
FORMATS = ("pdf", "docx", "html")
LANGUAGE_TAGS = {"ru": "ru-RU", "en": "en-US"}


def language_tag(project: Project) -> str:
    """The documents' proofing language: en-GB for an English document spelled the British way
    (under English law: "licence", "authorisation"; a document under US law is spelled the US way
    throughout, whoever its parties are: review-en5 E1), so Word does not flag it."""
    from contractkit.words import jurisdiction

    if project.language == "en" and jurisdiction.english_law(project.terms.governing_law):
        return "en-GB"
    return LANGUAGE_TAGS[project.language]
LABELS = {
    "ru": {"page": "Страница", "of": "из"},
    "en": {"page": "Page", "of": "of"},
}


def word_documents(project: Project, context: dict, templates: dict[str, Path], formats: list[str],
                   attach: bool = True, before_pdf=None) -> dict[str, bytes]:
    """{file name: bytes} of the documents filled from the user's own Word templates; each PDF
    carries the document's data (render/docdata.py) unless attach is False, as every PDF does.
    before_pdf: called once, before the first PDF is asked of LibreOffice (most often still
    starting: render/office.py), so the caller's own work is done while it starts."""
    from contractkit.render import userdocx

    data = userdocx.template_data(context)
    files = {}
    for doc, path in templates.items():
        meta = {"title": f"{TITLES[project.language][doc]}: {project.title}",
                "author": project.contractor.display_name, "language": language_tag(project)}
        docx = userdocx.render(path, data, stamp_of(project), meta)
        statedsums.check_word(docx, doc, data, project.language, str(path))  # the data's sums
        for fmt in formats:
            if fmt == "docx":
                files[file_name(doc, project, fmt)] = docx
            elif fmt == "pdf":
                from contractkit.render.officepdf import docx_to_pdf

                attached = attachment(context, doc, meta["title"], project.contract.date) if attach else None
                if before_pdf is not None:
                    before_pdf, call = None, before_pdf
                    call()
                files[file_name(doc, project, fmt)] = docx_to_pdf(docx, attached, stamp_of(project))
            else:
                raise RenderError(f"{path.name} is a Word template: render {doc} as docx or pdf, "
                                  f"not {fmt}")
    return files


def available(project: Project) -> list[str]:
    """The documents this project has: support only with a support plan."""
    return [d for d in DOCUMENTS if d != "support" or project.support is not None]


def stamp_of(project: Project) -> datetime:
    """The one date written into file metadata: the contract date, so bytes never drift."""
    return datetime.combine(project.contract.date, time(0, 0), tzinfo=timezone.utc)


def file_name(doc: str, project: Project, fmt: str) -> str:
    """«scope-Д-2027-014.pdf»: the whole contract number, letters of any script kept.

    A number that needs other characters replaced (2026/031) gets a short hash of itself, so two
    contracts never share a file name; plain numbers keep the names they were signed under.
    """
    number = project.contract.number
    safe = re.sub(r"[^\w.-]+", "-", number).strip("-.") or "draft"
    if safe != number:
        import hashlib

        safe += "-" + hashlib.sha256(number.encode("utf-8")).hexdigest()[:6]
    return f"{doc}-{safe}.{fmt}"


def running_head(project: Project, doc: str = "") -> str:
    from contractkit.words.fmt import long_date

    if doc == "brief-blank":  # sent before any contract exists: no number, no date
        return project.contractor.display_name
    c = project.contract
    if project.language == "ru":
        separate = doc == "support" and project.support is not None and project.support.document == "separate"
        return f"Договор № {c.number}{'/П' if separate else ''} от {long_date(c.date, 'ru')}"
    from contractkit.words.jurisdiction import date_style

    return f"Agreement No. {c.number} dated {long_date(c.date, 'en', date_style(project))}"


def document_head(project: Project, title: str, day) -> str:
    """The running head of a document of its own date (an addendum, a change request):
    «Дополнительное соглашение № 1 от 15 декабря 2026 г. к Договору № … от 1 декабря 2026 г.»."""
    from contractkit.words.fmt import long_date

    c, lang = project.contract, project.language
    if lang == "ru":
        return (f"{title} от {long_date(day, lang)} к Договору № {c.number} "
                f"от {long_date(c.date, lang)}")
    from contractkit.words.jurisdiction import date_style

    style = date_style(project)
    dated = f" dated {long_date(day, lang, style)}" if day else ""  # None: dated by its signatures
    return (f"{title}{dated} to Agreement No. {c.number} dated "
            f"{long_date(c.date, lang, style)}")


def html_for(template: str, context: dict, project: Project, look: Look, title: str,
             doc: str = "", head: str | None = None, defer: bool = False) -> str:
    """Render one document template to HTML in the project's language.

    head: the running head, when it is not the contract's (addenda, change requests);
    defer: its layout bounds are checked by started_formats, on the PDF engine's own parse when
    only a PDF is made (render/layoutbounds.py).
    """
    from contractkit.render.typography import typography

    page = page_for(context, project, look, title, doc, head)
    lang = project.language
    from contractkit.words.parties import party_words

    html = render_template(look.html_dirs, lang, f"{lang}/{template}", page)
    html = typography(party_words(html, lang, project.contract.type == "work"), lang)
    source = layoutbounds.shown(look.html_dirs, f"{lang}/{template}")
    if len(look.html_dirs) > 1:  # a project's own look: payment details only from the deal's data
        _own_requisites(html, page, source, look)
    out = layoutbounds.checked(html, source, TEMPLATES, look.html_dirs, defer)
    own = len(look.html_dirs) > 1
    out.stated, out.pictures = statedsums.html_check(html, template, page, source, lang, own)
    out.lang = lang
    return out


def _own_requisites(html: str, page: dict, source: str, look: Look) -> None:
    """render/requisites.check, with the stylesheets the document links or imports."""
    from contractkit.render import requisites

    sheets, inline = layoutbounds.css_of(html, TEMPLATES, look.html_dirs)
    requisites.check(html, page, source, sheets, inline)


def page_for(context: dict, project: Project, look: Look, title: str, doc: str = "",
             head: str | None = None) -> dict:
    """What a document template is given: the project's context and the page's own facts."""
    return {
        **context,
        "doc_title": title,
        "stamp": stamp_of(project).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "stylesheets": [css.as_uri() for css in look.stylesheets],
        "labels": LABELS[project.language],
        "running_head": head or running_head(project, doc),
    }


def docx_job(project: Project, look: Look, title: str, stamp: datetime, doc: str = "",
             head: str | None = None) -> dict:
    """html_to_docx's arguments but the HTML: the letterhead, its fields and the metadata."""
    from contractkit.render.typography import typography

    labels = LABELS[project.language]
    fields = {"running_head": typography(head or running_head(project, doc), project.language),
              "page_label": labels["page"],
              "of_label": labels["of"]}
    from contractkit.words.jurisdiction import paper

    meta = {"title": title, "author": project.contractor.display_name,
            "language": language_tag(project), "paper": paper(project)}
    return {"skeleton": look.docx, "fields": fields, "stamp": stamp, "meta": meta}


def to_formats(html: str, formats: list[str], project: Project, look: Look, data: bytes | None,
               title: str, doc: str = "", head: str | None = None, *, stamp: datetime | None = None,
               extra: dict | None = None) -> dict[str, bytes]:
    """The same HTML as PDF/A-3b (data attached), DOCX through the letterhead, or HTML.

    data: the document's data the PDF embeds (render/docdata.py), None for none (--no-data);
    head: the running head, the same as html_for was given, so both formats print one;
    stamp: the date written into file metadata, when it is not the contract's (stamp_of);
    extra: an e-invoice the PDF embeds as well (render/pdf.py).
    """
    return finished(started_formats(html, formats, project, look, data, title, doc, head,
                                    stamp=stamp, extra=extra))


def finished(files: dict) -> dict:
    """The bytes of every file started_formats began (each from the engine, in order), each PDF and
    DOCX of a signed, hashed or billed document read back: it states the deal's sums."""
    from contractkit.render import engine

    return {name: statedsums.made(data, engine.result) if isinstance(data, statedsums.ReadBack) else
            engine.result(data) if isinstance(data, tuple) else data for name, data in files.items()}


def started_formats(html: str, formats: list[str], project: Project, look: Look, data: bytes | None,
                    title: str, doc: str = "", head: str | None = None, *,
                    stamp: datetime | None = None, extra: dict | None = None) -> dict:
    """to_formats, with each PDF only started (render/engine.py): it is laid out while the DOCX
    and the next documents are made; finished() gives the bytes. A command making DOCX and no
    PDF has its DOCX made by the engine the same way."""
    from contractkit.render import engine

    out: dict = {}
    stamp = stamp or stamp_of(project)
    source = getattr(html, "source", "") or title  # the template, named in a refusal
    expect, lang = getattr(html, "stated", None), getattr(html, "lang", "")  # its sums, read back
    given = getattr(html, "pictures", frozenset())  # the data's pictures (the payment QR)
    bounds = getattr(html, "deferred", False)  # not checked yet (html_for)
    if bounds and formats != ["pdf"]:  # checked here once, before any format is made
        layoutbounds.check(html, source, TEMPLATES, look.html_dirs)
        bounds = False
    html = str(html)
    if "pdf" in formats and len(look.html_dirs) == 1:  # bundled fonts only: check they suffice
        glyphs.check(project)
    for fmt in sorted(formats, key=lambda f: f != "pdf"):  # the PDF first: it takes longest
        if fmt == "pdf":
            out[fmt] = engine.submit("pdf", html=html, base=TEMPLATES, roots=look.html_dirs,
                                     attachment=data, attachment_name=ATTACHMENT_NAME, stamp=stamp,
                                     extra=extra, source=source, bounds=bounds,
                                     stated=(expect, lang) if expect is not None else None,
                                     pictures=given)
        elif fmt == "docx":
            job = {"html": html, **docx_job(project, look, title, stamp, doc, head), "source": source}
            if engine.serves("docx"):  # a command making no PDF: the engine makes the DOCX
                out[fmt] = engine.submit("docx", **job)
            else:  # the engine lays out PDFs meanwhile, or there is none
                from contractkit.render.docx import html_to_docx

                out[fmt] = html_to_docx(**job)
        elif fmt == "html":
            for css in look.stylesheets:
                link = f'<link rel="stylesheet" href="{css.as_uri()}">'
                html = html.replace(link, f"<style>\n{css.read_text(encoding='utf-8')}</style>")
            if len(look.html_dirs) > 1:  # a project's own templates: no active content in the file
                from contractkit.render.htmlsafe import clean

                html = clean(html)
            out[fmt] = html.encode("utf-8")
        else:
            raise RenderError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    if expect is not None:
        out |= {"docx": statedsums.ReadBack(out["docx"], "docx", lang, expect)} if "docx" in out else {}
    return {fmt: out[fmt] for fmt in formats}


TITLES = {
    "ru": {"contract": "Договор", "scope": "Техническое задание", "payments": "График платежей",
           "support": "Условия поддержки", "brief": "Бриф", "brief-blank": "Бриф (анкета)"},
    "en": {"contract": "Agreement", "scope": "Statement of Work", "payments": "Payment Schedule",
           "support": "Support Plan", "brief": "Project Brief", "brief-blank": "Brief Questionnaire"},
}


def render_documents(project: Project, project_dir: Path, attach: bool, docs: list[str],
                     formats: list[str], look: Look, prepaid_on=None,
                     payments: list[dict] | None = None, meanwhile=None,
                     numbering: dict | None = None, signed_on=None, draft: bool = False,
                     dated: dict | None = None, deposit_moved: dict | None = None) -> dict[str, bytes]:
    """{file name: bytes} for each requested document and format, all in memory.

    attach: embed each document's data in its PDF (render/docdata.py); False for --no-data;

    prepaid_on: the recorded day the prepayment arrived, which fixes the dates (compute());
    signed_on: the day the contract was signed, from which payments due on signing count;
    draft: not signed yet: a payment due on signing gets no computed date (it counts from a day
    no one knows yet);
    payments: the schedule as signed (render.schedule), when addenda changed it;
    dated: stage id -> {start, deadline} in force where the version's addendum stated dates other
    than the version's own (render/inforce.py);
    deposit_moved: how the version a change order made states the late deposit's move as final
    (render.addendum.stated_move: EN 2.1 and 2.3 as the change order restated them);
    meanwhile: called once every document is built, while the engine may still lay out PDFs.
    """
    from contractkit.compute import compute
    from contractkit.render import engine

    numbers = (numbering or {}).get("stages")  # a stage an addendum added never renumbers a signed one
    context = ctx.build(project, compute(project, prepaid_on, signed_on, numbers=numbers))
    if payments is not None:
        context["payments"] = payments
    if numbering is not None:  # section numbers as the signed history fixes them
        context["numbering"] = numbering
    if deposit_moved:  # 2.1 and 2.3 as the change order that made this version restated them
        context["contract"] = {**context["contract"], "deposit_moved": deposit_moved}
    if dated:  # the dates the addendum stated, moved by an earlier one's late deposit or a notice
        from contractkit.render.inforce import dated_in_force

        context = dated_in_force(context, dated)
    files: dict = {}
    words = word_templates(look, docs, project_dir)
    if words:  # a user's Word template: its data as it was (render/userdocx.template_data)
        called = []

        def first() -> None:  # the command's own work, done while LibreOffice starts
            called.append(meanwhile())

        files.update(word_documents(project, context, words, formats, attach,
                                    first if meanwhile is not None else None))
        meanwhile = None if called else meanwhile
    if draft and payments is None:
        context = {**context, "payments": [p | {"due": None, "planned": None} if p.get("on") == "signing"
                                           else p for p in context["payments"]]}
    for doc in [d for d in docs if d not in words]:
        title = f"{TITLES[project.language][doc]}: {project.title}"
        if formats == ["docx"] and engine.serves("docx"):  # the engine makes the HTML as well
            page = page_for(context, project, look, title, doc)
            made = engine.submit("page", dirs=look.html_dirs, lang=project.language,
                                 template=f"{doc}.html.j2", page=page,
                                 **docx_job(project, look, title, stamp_of(project), doc))
            expect = statedsums.expected(f"{doc}.html.j2", page, layoutbounds.shown(
                look.html_dirs, f"{project.language}/{doc}.html.j2"))
            files[file_name(doc, project, "docx")] = statedsums.ReadBack(made, "docx", project.language,
                                                                        expect)
            continue
        html = html_for(f"{doc}.html.j2", context, project, look, title, doc, defer=True)
        attached = attachment(context, doc, title, project.contract.date) if attach else None
        for fmt, data in started_formats(html, formats, project, look, attached, title, doc).items():
            files[file_name(doc, project, fmt)] = data
    if meanwhile is not None:
        meanwhile()
    return finished(files)
