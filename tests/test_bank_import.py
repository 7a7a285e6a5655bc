"""`paid --import`: bank statements (1C in windows-1251 and UTF-8, camt.053, MT940, OFX) matched to
installments across a workspace, a dry run first, nothing twice, nothing guessed."""

import shutil
from decimal import Decimal
from pathlib import Path

import git
import pytest

from contractkit.flows.bank import StatementError, parse_statement
from contractkit.flows.bank.match import mentions
from contractkit.flows.billing import open_book
from contractkit.store.repo import open_repo
from tests.conftest import copy_example, run

BANK = Path(__file__).parent / "data" / "bank"
DATA = Path(__file__).parent / "data"


def book(path: Path):
    with open_repo(path) as repo:
        return open_book(repo)


def commits(path: Path) -> int:
    with git.Repo(path) as repo:
        return int(repo.git.rev_list("--count", "HEAD"))


def _repo(path: Path, name: str) -> Path:
    with git.Repo.init(path, initial_branch="main") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit(name)
    return path


@pytest.fixture
def vector(ws):
    """RU-2 signed on 2027-03-01 with invoice 2027-001 for the prepayment (56 000 ₽)."""
    path = ws / "vector"
    path.mkdir()
    shutil.copy(DATA / "ru-2-vector-brand.yaml", path / "project.yaml")
    _repo(path, "RU-2")
    run("sign", path, "--date", "2027-03-01")
    run("invoice", path, "prepayment", "--date", "2027-03-01", "--format", "html")
    return path


@pytest.fixture
def harbor(ws):
    """EN-1 signed on 2026-11-30: 40 % deposit 4,880.00 USD of 12,200.00."""
    path = ws / "harbor"
    copy_example("blue-harbor-shop", path)
    _repo(path, "EN-1")
    run("sign", path, "--date", "2026-11-30")
    return path


def test_1c_windows_1251_is_read_with_its_encoding_and_line_numbers():
    lines = parse_statement((BANK / "vector-1c-cp1251.txt").read_bytes(), "st.txt")
    assert [(x.line, x.amount, x.incoming) for x in lines] == [
        (21, Decimal("56000.00"), True), (46, Decimal("12500.00"), True),
        (71, Decimal("30000.00"), True), (96, Decimal("3360.00"), False)]
    first = lines[0]
    assert first.payer_inn == "7725012341" and first.payer == "ООО «Вектор»"
    assert "№ 2027-001" in first.purpose and str(first.day) == "2027-03-03"
    assert first.doc_id == "1c:17/2027-03-03/40702810538000054321/56000.00"


def test_a_broken_line_is_one_error_naming_it(vector):
    with pytest.raises(StatementError, match=r"vector-1c-broken.txt:49: Сумма='30 000,00 руб.'"):
        parse_statement((BANK / "vector-1c-broken.txt").read_bytes(), "vector-1c-broken.txt")
    before = commits(vector)
    result = run("paid", "--import", BANK / "vector-1c-broken.txt", "--yes", ok=False)
    assert result.output.strip().splitlines()[0] == (
        "error: vector-1c-broken.txt:49: Сумма='30 000,00 руб.' is not a sum of money "
        "(not a plain decimal number)")
    assert commits(vector) == before and book(vector).payments == []


def test_a_cut_short_1c_file_is_refused():
    data = (BANK / "vector-1c-duplicate-utf8.txt").read_bytes().replace("КонецФайла".encode(), b"")
    with pytest.raises(StatementError, match="no КонецФайла"):
        parse_statement(data, "cut.txt")


def test_dry_run_shows_the_plan_and_records_nothing(vector):
    before = commits(vector)
    out = run("paid", "--import", BANK / "vector-1c-cp1251.txt", "--dry-run").output
    rows = {line.split()[0]: line for line in out.splitlines() if line[:2].strip().isdigit()}
    assert "vector" in rows["21"] and "#1" in rows["21"] and "invoice 2027-001" in rows["21"]
    assert "payer INN 7725012341" in rows["21"]
    assert "#2" in rows["71"] and "contract Д-2027-014" in rows["71"]
    assert "unmatched" in rows["46"] and "#" not in rows["46"]
    assert "outgoing" in rows["96"]
    assert "2 to record, 1 unmatched" in out
    assert commits(vector) == before
    # without a terminal and without --yes it is a dry run too
    out = run("paid", "--import", BANK / "vector-1c-cp1251.txt").output
    assert "dry run: nothing recorded (pass --yes to record)" in out
    assert commits(vector) == before


def test_import_records_the_matched_lines_and_a_second_import_adds_nothing(vector):
    out = run("paid", "--import", BANK / "vector-1c-cp1251.txt", "--yes").output
    assert "recorded P-001 in vector: 56000.00 RUB on 2027-03-03 (#1)" in out
    assert "recorded P-002 in vector: 30000.00 RUB on 2027-03-05 (#2)" in out
    b = book(vector)
    p1, p2 = b.payments
    assert p1.allocations == {"1": Decimal("56000.00")} and p1.bank.id.startswith("1c:17/")
    assert str(p1.bank.date) == "2027-03-03"
    assert p2.allocations == {"2": Decimal("30000.00")}  # a partial payment, as `paid` splits it
    assert b.prepaid_on.isoformat() == "2027-03-03" and b.balance == Decimal("54000.00")
    before = commits(vector)
    again = run("paid", "--import", BANK / "vector-1c-cp1251.txt", "--yes").output
    assert "0 to record" in again and "recorded already as P-001" in again
    assert commits(vector) == before and len(book(vector).payments) == 2
    # `status` shows them like any payment
    status = run("status", vector).output.replace("\u00a0", " ")
    assert "received 86 000,00 ₽ of 140 000,00 ₽" in status


def test_a_duplicate_inside_one_statement_is_recorded_once(vector):
    out = run("paid", "--import", BANK / "vector-1c-duplicate-utf8.txt", "--yes").output
    assert "the same bank document as line 21" in out
    assert len(book(vector).payments) == 1


def test_an_overpayment_beyond_the_contract_is_shown_as_paid_refuses_it(vector):
    text = (BANK / "vector-1c-duplicate-utf8.txt").read_text()
    first, rest = text.split("КонецДокумента", 1)
    big = first.replace("Сумма=56000.00", "Сумма=150000.00") + "КонецДокумента\nКонецФайла\n"
    statement = vector.parent / "big.txt"
    statement.write_text(big)
    out = run("paid", "--import", statement, "--yes").output
    assert "refused" in out and "more than is due under the contract" in out
    assert book(vector).payments == []


def test_a_payer_of_another_project_is_never_matched_by_a_number_alone(vector, harbor):
    """Another INN than the client's: the contract number in the text does not make it theirs."""
    text = (BANK / "vector-1c-cp1251.txt").read_bytes().decode("cp1251")
    text = text.replace("ПлательщикИНН=7725012341", "ПлательщикИНН=7707083893")
    statement = vector.parent / "other.txt"
    statement.write_bytes(text.encode("cp1251"))
    out = run("paid", "--import", statement, "--dry-run", vector.parent).output
    assert "0 to record" in out


@pytest.mark.parametrize("name", ["harbor-camt053.xml", "harbor.mt940", "harbor.ofx"])
def test_en_statements_pay_the_deposit(harbor, vector, name):
    out = run("paid", "--import", BANK / name, "--yes").output
    assert "recorded P-001 in harbor: 4880.00 USD on 2026-12-02 (#1)" in out, out
    assert "contract NW-2026-11" in out
    assert book(harbor).payments[0].allocations == {"1": Decimal("4880.00")}
    assert book(vector).payments == []
    assert "0 to record" in run("paid", "--import", BANK / name, "--yes").output


def test_camt_without_a_required_element_names_its_line():
    data = (BANK / "harbor-camt053.xml").read_bytes().replace(b"<Sts>BOOK</Sts>", b"", 1)
    with pytest.raises(StatementError, match=r"x.xml:40: Sts missing in Ntry"):
        parse_statement(data, "x.xml")


def test_mt940_and_ofx_broken_lines_are_named():
    mt = (BANK / "harbor.mt940").read_bytes().replace(b"C4880,00", b"C48X0,00")
    with pytest.raises(StatementError, match=r"h.sta:5: :61:"):
        parse_statement(mt, "h.sta")
    ofx = (BANK / "harbor.ofx").read_bytes().replace(b"<TRNAMT>4880.00", b"<TRNAMT>4 880.OO")
    with pytest.raises(StatementError, match=r"h.ofx:36: TRNAMT"):
        parse_statement(ofx, "h.ofx")


def test_numbers_are_found_as_whole_tokens():
    assert mentions("ОПЛАТА ПО СЧ.2027-001, НДС", "2027-001")
    assert mentions("ПО ДОГОВОРУ №Д-2027-014 ОТ", "Д-2027-014")
    assert not mentions("СЧЕТ 2027-0011", "2027-001")
    assert not mentions("СЧЕТ 12027-001", "2027-001")


def test_import_options_do_not_mix_with_a_single_payment(vector):
    result = run("paid", "--import", BANK / "harbor.ofx", "--date", "2026-12-01", ok=False)
    assert "--import takes no --amount, --date" in result.output
    assert "--date is required" in run("paid", vector, "prepayment", ok=False).output


def test_the_camt053_statement_is_valid_against_the_iso_20022_schema():
    """The test statement is a real camt.053.001.02 document: the ISO 20022 XSD accepts it, and
    rejects it once a required element (the entry's status) is taken out."""
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(BANK / "camt.053.001.02.xsd")))
    data = (BANK / "harbor-camt053.xml").read_bytes()
    assert schema.validate(etree.fromstring(data)), schema.error_log
    assert not schema.validate(etree.fromstring(data.replace(b"<Sts>BOOK</Sts>", b"", 1)))
