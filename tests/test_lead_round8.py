"""The lead's fixes of session 8's reviews (review-en2, review-ru2), each read back from the
rendered text or the command's output."""

from pathlib import Path

import git

from tests.conftest import run
from tests.readback import data_project, normal, out_pdf, pdf_pages


def _commit(path: Path, message: str) -> None:
    with git.Repo(path) as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit(message)


def _edit(path: Path, old: str, new: str) -> None:
    text = (path / "project.yaml").read_text(encoding="utf-8")
    assert old in text, old
    (path / "project.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")


def _pdf(path: Path, pattern: str) -> str:
    return out_pdf(path, pattern)


def test_a_payment_falling_due_on_a_day_off_is_due_on_the_next_business_day(ws):
    """N.Y. General Construction Law § 25(1) (a payment whose period ends on a Saturday, Sunday or
    public holiday may be made on the next business day "with the same force and effect"), and
    ГК РФ ст. 193 likewise; the contract now says so (Section 3) and every figure follows: net 8
    calendar days from Friday 4 December 2026 end on Saturday 12 December, so the deposit is due
    on Monday 14 December, and paying it then is on time (review-en2, E2)."""
    run("new", "harbor", "--from-example", "blue-harbor-shop")
    path = ws / "harbor"
    _edit(path, "  days_to_pay: 7\n", "  days_to_pay: 8\n")
    _commit(path, "net 8")
    run("sign", path, "--date", "2026-12-04")
    contract = _pdf(path, "contract-*.pdf")
    assert ("A payment is made on the day the funds reach that account. If a payment falls due on a day "
            "that is not a business day, it is due on the next business day.") in contract
    assert "If a payment falls due on a day that is not a business day" in _pdf(path, "payments-*.pdf")
    status = run("status", path).output
    assert "due 2026-12-14" in status and "2026-12-12" not in status, status
    run("invoice", path, "1", "--date", "2026-12-04")
    assert "Due date: December 14, 2026" in _pdf(path, "invoice-*-001-*.pdf")
    late = run("remind", path, "1", "--date", "2026-12-14", ok=False).output  # not overdue yet
    assert "not overdue" in late or "not due" in late, late
    run("paid", path, "1", "--date", "2026-12-14")
    assert "paid" in run("status", path).output.split("1. ", 1)[1].splitlines()[0]


def test_a_foreign_signatory_is_named_as_written_on_every_signature_line(tmp_path):
    """A Latin-script name is not a Russian «Фамилия Имя Отчество»: «Anna Schmidt» signs as
    «/ A. Schmidt /» (given-name initial, then surname), never «/ S. Anna /» (a signature line must name who signs; ГК РФ ст. 160
    п. 1, ст. 1202 for a foreign legal person's representative) (review-ru2, R3)."""
    folder = data_project(tmp_path / "p", "ru-14-foreign-client.yaml")
    run("render", folder, "--doc", "contract,scope", "--format", "pdf")
    for pattern in ("contract-*.pdf", "scope-*.pdf"):
        text = _pdf(folder, pattern)
        assert "/ A. Schmidt /" in text and "S. Anna" not in text, text[-400:]
        assert "/ С. А. Волков /" in text  # a Cyrillic name keeps the Russian order


def _project(tmp_path: Path, data: str, *docs: str) -> Path:
    folder = data_project(tmp_path / "p", data)
    run("render", folder, "--doc", ",".join(docs), "--format", "pdf")
    return folder


def test_a_vat_registered_contractors_fees_are_vat_inclusive_throughout(tmp_path):
    """Section 3.1 states the fee including VAT; the boilerplate must not then call every sum
    "exclusive of VAT … paid in addition" (two prices in one contract; read contra proferentem).
    The contract says the sums include VAT and a rate change moves the VAT (VAT Act 1994 s.89);
    a contractor without VAT keeps the exclusive wording (review-en2, E3)."""
    folder = _project(tmp_path, "en-14-uk-vat.yaml", "contract")
    text = _pdf(folder, "contract-*.pdf")
    assert "including VAT at 20%, being £2,400.00" in text
    assert ("The sums stated in this Agreement include VAT at 20%, and the Contractor issues a valid VAT "
            "invoice for each payment. If the rate of VAT changes before a supply is made, the VAT on that "
            "supply, and the sum payable for it, change accordingly (section 89 of the Value Added Tax Act "
            "1994).") in text
    assert "exclusive of value added tax" not in text and "pays it in addition" not in text
    source = (folder / "project.yaml").read_text(encoding="utf-8")
    (folder / "project.yaml").write_text(source.replace("  vat: 20", "  vat: null"), encoding="utf-8")
    out = run("check", folder, ok=False).output  # never the Russian 22 % for a UK company
    assert "project.yaml:37:1: tax: regime general needs the VAT rate" in out, out
    assert "tax:\n  regime: general\n  vat: 20\n" in source
    (folder / "project.yaml").write_text(source.replace("tax:\n  regime: general\n  vat: 20\n", ""),
                                         encoding="utf-8")
    run("render", folder, "--doc", "contract", "--format", "pdf")
    text = _pdf(folder, "contract-*.pdf")
    assert "including VAT" not in text
    assert "All sums payable under this Agreement are exclusive of value added tax (VAT)." in text


def _words_beyond_the_page(pdf: Path) -> list[str]:
    """Words poppler places (partly) outside their page's width: text cut off at the edge."""
    import re
    import subprocess

    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    out = []
    for page in re.finditer(r'<page width="([\d.]+)".*?</page>', html, re.S):
        width = float(page.group(1))
        for word in re.finditer(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>',
                                page.group(0)):
            if float(word.group(2)) > width:
                out.append(word.group(3))
    return out


def test_the_addendum_ledger_fits_the_page_with_a_deposit_condition(ws):
    """The signed PDF is the copy both parties hash: a ledger row «Новый срок завершения» carrying
    its deposit condition made the table wider than the page, cutting «460 000,00 ₽» to «460 00»
    while the DOCX had it whole (review-ru2, R1). The condition now wraps under the date."""
    from tests.test_co_deposit import romashka_blog

    path = romashka_blog(ws)
    run("addendum", path, "--date", "2026-12-15", "--format", "pdf")
    pdf = next((path / "out").glob("addendum-1-*.pdf"))
    text = normal(" ".join(pdf_pages(str(pdf))))
    assert "Первоначальная цена Договора 146 375,00 ₽" in text or "Первоначальная цена Договора" in text
    assert "(при поступлении дополнительной предоплаты не позднее" in text
    assert _words_beyond_the_page(pdf) == []


def test_a_russian_calendar_day_term_ending_on_a_day_off_ends_on_the_next_working_day(ws):
    """ГК РФ ст. 193 (and clause 2.2 of the contract itself): five calendar days from Tuesday
    1 September 2026 end on Sunday the 6th, so the term ends on Monday 7 September; from Tuesday
    15 September, on Monday 21 September, and the penalty runs from the 22nd: 9 days × 0,1 % of
    45 000 ₽ = 405,00 ₽ on 30 September, not 10 days and 450,00 ₽ (review-ru2, R8)."""
    path = data_project(ws / "p2", "ru-14-npd-services.yaml")
    run("sign", path, "--date", "2026-09-01")
    run("invoice", path, "1", "--date", "2026-09-01", "--format", "pdf")
    assert "Оплатить не позднее 7 сентября 2026 г." in _pdf(path, "invoice-*.pdf")
    run("paid", path, "1", "--date", "2026-09-04")
    run("accept", path, "concept", "--date", "2026-09-15", "--format", "pdf")
    assert ("в течение 5 календарных дней с даты подписания Акта, то есть не позднее 21 сентября 2026 г."
            in _pdf(path, "act-1-*.pdf"))
    run("claim", path, "--date", "2026-09-30", "--format", "pdf")
    claim = _pdf(path, "letter-*claim*.pdf")
    assert "не позднее 21 сентября 2026 г." in claim and "с 22.09.2026 по 30.09.2026" in claim, claim
    assert "Итого неустойка 405,00 ₽" in claim and "20.09.2026" not in claim
