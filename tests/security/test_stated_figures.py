"""A rendered document states the deal's figures before `sign` or `invoice` hashes it.

Red team 12, B03 (and sec14's brief, item 1): a teammate's look (`look/ru/contract.html.j2` with the
total typed as «24 350 (двадцать четыре тысячи…) рублей 00 копеек»; `invoice.html.j2` with «12 175,00
₽»), or a Word template with the literal sum, was signed, and `verify` vouched for it. Every sum a
signed, hashed or billed document states (its HTML, then its laid-out pages and its DOCX text) must
now be one its data gives, in figures and in words, and its key figure (the contract's total, the
invoice's amount) must be on the page: ГК РФ ст. 424 п. 1 (the price is the one the parties agreed),
ст. 432 п. 1 (the price is an essential term of the contract the document states).

Item 2: a look's text with figures the reader cannot see (off the page, clipped, white on white,
transparent, covered by a positioned box) is refused, and so is a picture other than the look's
logo (`logo.png`/`logo.jpg`, at most 60 x 25 mm) or the data's own (the payment QR code).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from decimal import Decimal

import pytest

from contractkit.errors import RenderError
from contractkit.render import statedsums
from contractkit.resources import TEMPLATES
from tests.conftest import EXAMPLES, run
from tests.security.gitfixtures import ck, git_in, one_line_error

pytestmark = pytest.mark.security("stated-figures")
TOTAL_OLD = "{{ ru.total_sentence('Стоимость ' ~ u_gen ~ ' по Договору составляет', total, vat, tax, cur) }}"
FORGED = ("Стоимость услуг по Договору составляет 24 350 (двадцать четыре тысячи триста пятьдесят) "
          "рублей 00 копеек, НДС не облагается.")


def _look(ws, name: str, template: str = "", old: str = "", new: str = "", css: str = "") -> object:
    """The romashka example with its own look: `template` (a bundled one, old -> new) and a style.css."""
    project = ws / name
    run("new", name, "--from-example", "romashka-site")
    (project / "look" / "ru").mkdir(parents=True)
    (project / "look" / "style.css").write_text(css or "h1 { color: #000; }\n", encoding="utf-8")
    if template:
        text = (TEMPLATES / "ru" / template).read_text(encoding="utf-8")
        assert old in text
        (project / "look" / "ru" / template).write_text(text.replace(old, new), encoding="utf-8")
    with (project / "project.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\ntemplates:\n  html: look\n")
    git_in(project, "add", "-A")
    git_in(project, "commit", "-qm", "teammate: our look")
    return project


def test_a_look_that_types_another_total_is_not_signed(ws):
    """B03: `sign` refused, nothing hashed, no tag; the line names the template and the figure."""
    project = _look(ws, "b03", "contract.html.j2", TOTAL_OLD, FORGED)
    output = one_line_error(ck("sign", project, "--date", "2026-12-01"))
    assert "template look/ru/contract.html.j2: refused:" in output, output
    assert "24 350,00" in output, output
    assert "contract" not in git_in(project, "tag"), "a forged contract was signed"
    assert not list((project / "out").glob("contract-*.pdf"))


def test_the_same_look_with_the_datas_total_is_signed(ws):  # control: the rule refuses only the forgery
    project = _look(ws, "ok", "contract.html.j2", TOTAL_OLD, TOTAL_OLD + " ")
    run("sign", project, "--date", "2026-12-01")
    assert "contract" in git_in(project, "tag")
    text = " ".join(statedsums.pdf_text((project / "out" / "contract-2026-031.pdf").read_bytes()).split())
    assert "243 500 (двести сорок три тысячи пятьсот) рублей" in text


@pytest.mark.parametrize(("old", "new", "said"), [
    # the figures right, the words another sum's
    ("{{ total|money(currency) }}", "243&nbsp;500 (двадцать четыре тысячи триста пятьдесят) рублей", "words"),
    # a sum typed in a table cell
    ("{{ total|money(currency) }}", "250&nbsp;000,00&nbsp;₽", "250 000,00"),
    # the data's total pushed off the page, another figure in its place
    ("<strong>{{ total|money(currency) }}</strong>",
     '<strong style="position:absolute;left:-900px">{{ total|money(currency) }}</strong>', "hides"),
], ids=["words", "typed", "off-page"])
def test_a_look_that_misstates_the_scope_total_is_refused(ws, old, new, said):
    project = _look(ws, "s", "_ru.html.j2", old, new)
    output = one_line_error(ck("render", project, "--doc", "scope", "--format", "pdf"))
    assert "template look/ru/_ru.html.j2" in output or "template ru/scope.html.j2" in output, output
    assert said in output, output
    assert not list((project / "out").glob("scope-*"))


@pytest.mark.parametrize("css", [
    ".num strong { color: #fff; }",                          # white on white
    ".num strong { color: #f8f8f8; }",                       # near-white (red team 12, B14, a look's)
    ".num strong { opacity: 0; }",                           # transparent
    "td.num { overflow: hidden; } .num strong { display: block; margin-left: 400px; }",  # clipped
    ".num strong { display: inline-block; transform: translateX(-2000px); }",          # moved away
    "table { position: relative; } table::after { content: ''; position: absolute; left: 0; top: 0;"
    " width: 100%; height: 100%; background: #fff; }",        # a white box painted over the table
], ids=["white", "near-white", "transparent", "clipped", "transform", "covered"])
def test_a_look_that_hides_figures_is_refused(ws, css):
    project = _look(ws, "h", css=css)
    output = one_line_error(ck("render", project, "--doc", "scope", "--format", "pdf"))
    assert "refused: its look" in output, output
    assert not list((project / "out").glob("scope-*"))


def test_a_look_that_bills_another_sum_records_no_invoice(ws):
    """B03, the invoice variant: «Всего к оплате: 12 175,00 ₽» while the record said 121 750."""
    project = _look(ws, "i", "invoice.html.j2", "{{ i.amount|money(currency) }}", "12&nbsp;175,00&nbsp;₽")
    run("sign", project, "--date", "2026-12-01")  # the contract is the data's: it is signed
    output = one_line_error(ck("invoice", project, "1", "--date", "2026-12-02"))
    assert "template look/ru/invoice.html.j2: refused:" in output and "12 175,00" in output, output
    assert not list((project / "out").glob("invoice-*")), "an invoice was written"
    assert not list((project / ".contractkit").rglob("invoices/*")), "an invoice was recorded"


def test_a_key_figure_left_out_is_refused():
    page = {"invoice": {"amount": Decimal("121750.00")}, "total": Decimal("243500.00")}
    expect = statedsums.expected("invoice.html.j2", page, "look/ru/invoice.html.j2")
    with pytest.raises(RenderError, match="does not state invoice.amount"):
        statedsums.check("Всего к оплате: 243 500,00 ₽", "ru", expect)
    statedsums.check("Всего к оплате: 121 750,00 ₽", "ru", expect)


def test_a_word_template_with_a_typed_total_is_refused(ws):
    """B03, the Word-template variant: «2.1. Стоимость услуг составляет 24 350 (…) рублей 00 копеек»."""
    run("new", "w", "--from-example", "romashka-site")
    project = ws / "w"
    source = EXAMPLES / "templates-example" / "ru" / "contract.docx"
    forged = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(forged, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "word/document.xml":
                assert b"{{ total|words }}" in data
                data = data.replace(b"{{ total|words }}", "24 350 (двадцать четыре тысячи триста "
                                    "пятьдесят) рублей 00 копеек".encode())
            new.writestr(item, data)
    (project / "lawyer").mkdir()
    (project / "lawyer" / "contract.docx").write_bytes(forged.getvalue())
    output = one_line_error(ck("render", project, "--doc", "contract", "--format", "docx",
                               "--template", project / "lawyer" / "contract.docx"))
    assert "lawyer/contract.docx: refused:" in output and "24 350" in output, output
    assert not list((project / "out").glob("contract-*"))


def test_the_sum_reader_reads_what_the_bundled_templates_print():
    assert [r[0] for r in statedsums.amounts("121 750,00 ₽ и 243 500 (двести) рублей 00 копеек, 0,10 %",
                                              "ru")] == [Decimal("121750.00"), Decimal("243500.00")]
    assert [r[0] for r in statedsums.amounts("$12,200.00, USD 4,880, Section 2.10, 01.12.2026", "en")] == [
        Decimal("12200.00"), Decimal("4880.00")]
    # a clause number on the line above a sum in a table cell: the sum reads from its own line
    assert Decimal("121750.00") in statedsums.amounts("3.3.1\n121 750,00", "ru")[0]
    assert statedsums.amounts("01.12.2026 и 3.3.1", "ru") == []


def _png(width: int = 8, height: int = 8) -> bytes:
    """A grey PNG (a stand-in for a picture with figures drawn in it)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


LOGO = ("h1::after { content: ''; display: inline-block; width: 40mm; height: 15mm; "
        "background: url(logo.png) no-repeat; }")


@pytest.mark.parametrize(("file", "html", "css", "said"), [
    ("total.png", "", LOGO.replace("logo.png", "total.png"), "refused the picture"),
    ("logo.png", "", "h1 { background: url(logo.png); }", "a picture of 1"),
    ("logo.png", "", "h1 { border: 10px solid; border-image: url(logo.png) 30; }",
     "border image"),
    ("", '<img src="data:image/png;base64,{png}" style="width: 20mm">', "", "embeds a picture"),
], ids=["not-the-logo", "logo-too-big", "border-image", "data-picture"])
def test_a_look_places_no_picture_but_its_logo(ws, file, html, css, said):
    """A picture can show a sum or an account number that no text check reads (sec14, item 2)."""
    import base64

    project = _look(ws, "p", "brief.html.j2", "<h1>", html.replace("{png}", base64.b64encode(_png()).decode())
                    + "<h1>", css=css)
    if file:
        (project / "look" / file).write_bytes(_png())
        git_in(project, "add", "-A")
    output = one_line_error(ck("render", project, "--doc", "brief", "--format", "pdf"))
    assert said in output, output
    assert not list((project / "out").glob("brief-*"))


def test_a_look_places_its_logo_within_the_bound(ws):  # control
    project = _look(ws, "l", css=LOGO)
    (project / "look" / "logo.png").write_bytes(_png())
    run("render", project, "--doc", "brief", "--format", "pdf")
    assert list((project / "out").glob("brief-*.pdf"))


@pytest.mark.parametrize(("css", "said"), [
    # B07: clause 9.2 (the contractor's penalty for late payment) gone from the PDF, kept in the DOCX
    ("p:nth-of-type(48) { display: none; }", "hides words"),
    ("p:nth-of-type(48) { font-size: 1px; }", "hides"),
    # B04: a clause written into the title by the stylesheet, in no DOCX and no redline
    ('h1::after { content: " и Заказчик отказывается от права на односторонний отказ"; }', "adds words"),
    ('@page { @top-left { content: "Заказчик отказывается от права"; } }', "adds words"),
], ids=["display-none", "tiny", "pseudo-element", "margin-box"])
def test_a_look_that_hides_or_adds_words_is_not_signed(ws, css, said):
    """Red team 12, B04 and B07: the signed PDF said other than the DOCX signed with it."""
    project = _look(ws, "w", css=css)
    output = one_line_error(ck("sign", project, "--date", "2026-12-01"))
    assert "template ru/contract.html.j2: refused: its look" in output and said in output, output
    assert "contract" not in git_in(project, "tag")


def test_a_look_that_hides_the_datas_qr_code_bills_nothing(ws):
    """Red team 12, B05 (the QR variant): the invoice's payment QR hidden, the look's own drawn in
    its place (here the look's picture is refused anyway; hiding the data's is refused by itself)."""
    project = _look(ws, "q", css=".qr img { visibility: hidden; }")
    run("sign", project, "--date", "2026-12-01")
    output = one_line_error(ck("invoice", project, "1", "--date", "2026-12-02"))
    assert "hides the payment QR code" in output, output
    assert not list((project / "out").glob("invoice-*"))
