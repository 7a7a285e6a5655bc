"""Write projects/templates-example/{ru,en}/contract.docx: lawyer-style Word templates with docxtpl
tags, as a user would bring them (`templates: {contract: lawyer/contract.docx}`).

Run: .venv/bin/python scripts/make_template_examples.py  (the .docx files are committed; this
script is how they were made, so a change to them is a reviewed change to this file).
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

OUT = Path(__file__).resolve().parent.parent / "projects" / "templates-example"

RU = {
    "title": "ДОГОВОР № {{ contract.number }}",
    "subtitle": "на оказание услуг",
    "place": "{{ contract.place }}\t{{ contract.date|date }}",
    "preamble": ("{{ client.preamble_first }}, {{ client.named }} в дальнейшем «Заказчик», "
                 "{{ client.in_person }}, с одной стороны, и {{ contractor.preamble }}, "
                 "{{ contractor.named }} в дальнейшем «Исполнитель», с другой стороны, заключили "
                 "настоящий договор о нижеследующем."),
    "sections": [
        ("1. Предмет договора", [
            "1.1. Исполнитель обязуется оказать услуги по проекту «{{ title }}», а Заказчик — "
            "принять и оплатить их.",
            "1.2. Этапы, сроки и стоимость услуг указаны в таблице ниже.",
        ]),
        ("2. Стоимость и порядок оплаты", [
            "2.1. Стоимость услуг составляет {{ total|words }}.",
            "{%p if tax.exempt %}",
            "2.2. {{ tax.sentence }}.",
            "{%p else %}",
            "2.2. В том числе НДС: {{ vat|money }}.",
            "{%p endif %}",
            "2.3. Оплата производится в следующем порядке:",
            "{%p for p in installments %}",
            "2.3.{{ p.n }}. {{ p.amount|money }}{% if p.due %} в срок до {{ p.due|date }}"
            "{% elif p.line %} в течение {{ p.days }} рабочих дней после приёмки этапа {{ p.line.n }}."
            "{% else %} в течение {{ p.days }} рабочих дней после завершения работ.{% endif %}",
            "{%p endfor %}",
        ]),
        ("3. Сроки", [
            "3.1. Исполнитель начинает работу {{ contract.start|date }} и завершает её не позднее "
            "{{ contract.completion|date }}",
        ]),
        ("4. Уведомления", [
            "4.1. Уведомления по договору направляются {{ client.signer.position|dative|lower }} "
            "Заказчика {{ client.signer.name|dative }} по адресу: {{ client.address }}.",
        ]),
    ],
    "table": ("№", "Этап", "Срок", "Стоимость"),
    "total": "Итого",
    "parties": ("Заказчик", "Исполнитель"),
    "header": "Договор № {{ contract.number }} от {{ contract.date|date }}",
    "page": ("Страница ", " из "),
}

EN = {
    "title": "SERVICES AGREEMENT No. {{ contract.number }}",
    "subtitle": "",
    "place": "{{ contract.place }}\t{{ contract.date|date }}",
    "preamble": ("This Agreement is made between {{ client.name }} (the \"Client\") and "
                 "{{ contractor.name }} (the \"Contractor\")."),
    "sections": [
        ("1. Services", [
            "1.1. The Contractor shall perform the services for the project \"{{ title }}\" and "
            "the Client shall accept and pay for them.",
            "1.2. The milestones, their deadlines and prices are set out in the table below.",
        ]),
        ("2. Fees and Payment", [
            "2.1. The total fee is {{ total|words }}.",
            "2.2. The Client shall pay as follows:",
            "{%p for p in installments %}",
            "2.2.{{ p.n }}. {{ p.amount|money }}{% if p.due %} by {{ p.due|date }}"
            "{% elif p.line %} within {{ p.days }} business days of acceptance of Milestone {{ p.line.n }}"
            "{% else %} within {{ p.days }} business days of completion{% endif %}.",
            "{%p endfor %}",
        ]),
        ("3. Term", [
            "3.1. Work starts on {{ contract.start|date }} and ends no later than "
            "{{ contract.completion|date }}.",
        ]),
    ],
    "table": ("No.", "Milestone", "Deadline", "Price"),
    "total": "Total",
    "parties": ("Client", "Contractor"),
    "header": "Agreement No. {{ contract.number }} dated {{ contract.date|date }}",
    "page": ("Page ", " of "),
}


def field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) Word fills in when it lays the page out."""
    element = OxmlElement("w:fldSimple")
    element.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    element.append(run)
    paragraph._p.append(element)


def stages_table(document, words: dict) -> None:
    table = document.add_table(rows=5, cols=4)
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, words["table"], strict=True):
        cell.text = label
        cell.paragraphs[0].runs[0].bold = True
    table.rows[1].cells[0].text = "{%tr for stage in stages %}"
    for cell, text in zip(table.rows[2].cells, ("{{ stage.n }}", "{{ stage.title }}",
                                                  "{{ stage.deadline|date }}", "{{ stage.price|money }}"),
                          strict=True):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    table.rows[4].cells[1].text = words["total"]
    table.rows[4].cells[3].text = "{{ total|money }}"


def signature_table(document, words: dict) -> None:
    table = document.add_table(rows=4, cols=2)
    for col, (label, side) in enumerate(zip(words["parties"], ("client", "contractor"), strict=True)):
        cells = [row.cells[col] for row in table.rows]
        cells[0].text = label
        cells[0].paragraphs[0].runs[0].bold = True
        cells[1].text = "{{ " + side + ".name }}"
        cells[2].text = "{{ " + side + ".address }}"
        cells[3].text = "_______________ / {{ " + side + ".signer.initials }}"


def build(words: dict) -> bytes:
    document = Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(11)
    section = document.sections[0]
    section.header.paragraphs[0].text = words["header"]
    section.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(words["page"][0])
    field(footer, "PAGE")
    footer.add_run(words["page"][1])
    field(footer, "NUMPAGES")
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(words["title"]).bold = True
    if words["subtitle"]:
        document.add_paragraph(words["subtitle"]).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(words["place"])
    document.add_paragraph(words["preamble"])
    for number, (heading, clauses) in enumerate(words["sections"]):
        document.add_paragraph().add_run(heading).bold = True
        for clause in clauses:
            document.add_paragraph(clause)
        if number == 0:
            stages_table(document, words)
    document.add_paragraph()
    signature_table(document, words)
    document.core_properties.author = "contractkit example"
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed(buffer.getvalue())


def fixed(data: bytes) -> bytes:
    """The same package with fixed zip times, so running the script twice gives equal files."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def main() -> int:
    for lang, words in (("ru", RU), ("en", EN)):
        path = OUT / lang / "contract.docx"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(build(words))
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
