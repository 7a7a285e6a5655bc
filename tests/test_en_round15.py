"""English leftovers of the US/UK review (issue 24) and review-en4, read from the rendered documents
(PDF via pypdf, DOCX via python-docx, the Factur-X XML the PDF carries).

Projects: the reviewer's UK VAT project (tests/data/en-14-uk-vat.yaml, Thamesweb Studio Ltd for
Northern Rowing Club Limited, £14,400 with VAT), the Austin LLC's shop for Müller Feinkost GmbH in
Munich (en-5-munich-shop.yaml) and the Brooklyn sole proprietor's project (en-12-ny-sole.yaml).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import cli
from tests.readback import data_project, docx_text, edit_committed, normal, once, pdf_pages
from tests.test_en_round12 import cii, facturx

PAYMENTS = """  - id: payments
    title: Payment processing
    description: Online payment of membership fees through Stripe
    acceptance:
      - A test payment reaches the Client's Stripe account
    revisions: 1
    price: 1200
    days: 4
"""


def _run(base: Path, *args) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False,
                                env={"CONTRACTKIT_HOME": str(base)})
    assert result.exit_code == 0, result.output
    return result.output


def _money(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


@pytest.fixture(scope="module")
def billed(tmp_path_factory) -> dict[str, Path]:
    """Each project billed to its final invoice after payments on account (the invoices' PDFs)."""
    base = tmp_path_factory.mktemp("final")
    uk = data_project(base / "uk", "en-14-uk-vat.yaml")
    _run(base, "sign", uk, "--date", "2027-03-16")
    _run(base, "invoice", uk, "1", "--date", "2027-03-16", "--format", "pdf,docx")
    _run(base, "paid", uk, "1", "--date", "2027-03-18")
    _run(base, "accept", uk, "discovery", "design", "build", "--date", "2027-04-20", "--format", "pdf")
    _run(base, "invoice", uk, "2", "--date", "2027-04-21", "--format", "pdf,docx")
    _run(base, "paid", uk, "2", "--date", "2027-04-25")
    _run(base, "accept", uk, "--rights", "--date", "2027-04-26", "--format", "pdf")
    co = data_project(base / "co", "en-14-uk-vat.yaml")
    _run(base, "sign", co, "--date", "2027-03-16")
    edit_committed(co, "payments", once("    personal_data: true  # the result collects", PAYMENTS
                                        + "    personal_data: true  # the result collects"))
    _run(base, "change", co, "-m", "Payment processing", "--requested-on", "2027-03-25")
    _run(base, "addendum", co, "--date", "2027-03-26", "--format", "pdf")
    de = data_project(base / "de", "en-5-munich-shop.yaml")
    _run(base, "sign", de, "--date", "2026-12-07")
    _run(base, "invoice", de, "1", "--date", "2026-12-07", "--format", "pdf")
    _run(base, "paid", de, "1", "--date", "2026-12-09")
    _run(base, "accept", de, "discovery", "design", "--date", "2027-01-12", "--format", "pdf")
    _run(base, "invoice", de, "2", "--date", "2027-01-12", "--format", "pdf")
    _run(base, "paid", de, "2", "--date", "2027-01-14")
    _run(base, "accept", de, "all", "--date", "2027-02-22", "--format", "pdf")
    _run(base, "invoice", de, "3", "--date", "2027-02-22", "--format", "pdf")
    ny = data_project(base / "ny", "en-12-ny-sole.yaml")
    _run(base, "sign", ny, "--date", "2026-12-09")
    _run(base, "paid", ny, "1", "--date", "2026-12-15")  # a deposit paid without an invoice
    _run(base, "accept", ny, "discovery", "design", "--date", "2027-01-19", "--format", "pdf")
    _run(base, "paid", ny, "2", "--date", "2027-01-25")
    _run(base, "accept", ny, "all", "--date", "2027-02-26", "--format", "pdf")
    _run(base, "invoice", ny, "3", "--date", "2027-02-26", "--format", "pdf")
    return {"uk-deposit": uk / "out" / "invoice-2027-001-TW-0311.pdf",
            "uk-contract": uk / "out" / "contract-TW-0311.pdf",
            "certificate": next((uk / "out").glob("act-2-*.pdf")),
            "change-order": next((co / "out").glob("addendum-1-*.pdf")),
            "uk": uk / "out" / "invoice-2027-002-TW-0311.pdf",
            "de-milestone": next((de / "out").glob("invoice-2027-001-*.pdf")),
            "de": next((de / "out").glob("invoice-2027-002-*.pdf")),
            "ny": next((ny / "out").glob("invoice-2027-001-*.pdf"))}


def _text(pdf: Path) -> str:
    return normal(" ".join(pdf_pages(str(pdf))))


def _valid(xml: bytes) -> None:
    import facturx as fx

    from tests.en16931 import rule_errors

    assert fx.xml_check_xsd(xml, flavor="factur-x", level="en16931") is True
    assert rule_errors(xml) == []


# --- issue 24, item 1: a final invoice after payments on account ------------------------------------

def test_a_uk_final_vat_invoice_states_the_whole_price_and_deducts_the_deposit_and_its_vat(billed):
    """HMRC VAT Notice 700 s.14.2 and UStG §14(5) sentence 2: a final invoice after a payment on
    account states the whole consideration and its VAT, deducts the payment received and the VAT
    on it, and charges VAT on the balance only (VAT Regulations 1995 reg. 14(1)); the PDF and the
    DOCX say the same."""
    text = _text(billed["uk"])
    assert text.startswith("FINAL INVOICE TW-0311/2027-002")
    # review-en4 E17: the date of supply the XML's BT-72 states (§14(4) no. 6 UStG, Art. 226(7) VAT Directive)
    assert re.search(r"Date of supply: ?20 April 2027 \(final acceptance\)", text), text
    row = re.search(r"Total price excluding VAT £([\d,.]+) VAT at 20% £([\d,.]+) Total price including VAT "
                    r"£([\d,.]+) Less received: Deposit, payment No. 1 of the schedule, invoice "
                    r"TW-0311/2027-001 dated 16 March 2027, received 18 March 2027 \(VAT included £([\d,.]+)\) "
                    r"−£([\d,.]+) Total received on account excluding VAT −£([\d,.]+) VAT on payments "
                    r"received −£([\d,.]+) Total received on account ?−£([\d,.]+) Balance excluding VAT "
                    r"£([\d,.]+) VAT at 20% on the balance £([\d,.]+) Tax point ?21 April 2027 Amount due "
                    r"£([\d,.]+)", text)
    assert row, text
    net, vat, total, dep_vat, dep, rec_net, rec_vat, rec, bal_net, bal_vat, due = map(_money, row.groups())
    assert (net, vat, total) == (Decimal("12000.00"), Decimal("2400.00"), Decimal("14400.00"))
    assert dep == rec == Decimal("5760.00") and dep_vat == rec_vat == Decimal("960.00")
    assert rec_net + rec_vat == rec and bal_net + bal_vat == due == total - rec
    assert vat - rec_vat == bal_vat and due == Decimal("8640.00")
    docx = normal(docx_text(billed["uk"].with_suffix(".docx")))
    assert "FINAL INVOICE" in docx and "VAT on payments received" in docx and "£8,640.00" in docx
    deposit = _text(billed["uk-deposit"])
    assert deposit.startswith("INVOICE ") and "Less received" not in deposit
    planned = re.search(r"Supply: ?advance payment for the work planned from (\d+ \w+ 2027) to (\d+ \w+ 2027)", deposit)
    assert planned, deposit
    start, end = cii(facturx(billed["uk-deposit"]), "//ram:BillingSpecifiedPeriod/*/udt:DateTimeString")
    from datetime import datetime
    assert [datetime.strptime(d, "%d %B %Y").strftime("%Y%m%d") for d in planned.groups()] == [start, end]


def test_the_uk_final_invoices_factur_x_carries_the_whole_price_less_the_deposit_as_a_line(billed):
    """EN 16931: the whole price as line 1 and the deposit as a credit line in the same VAT
    category, so BT-116/BT-117 (the VAT breakdown) and BT-110 are this invoice's own and BT-115 the
    amount due; BG-3 the invoice paid on account; the CEN Schematron and the Factur-X XSD accept
    it. The deposit invoice has no prepaid amount."""
    xml = facturx(billed["uk"])
    total = "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:"
    # review-en5 E7: the deposit invoice charged its VAT (£960.00 on £4,800.00); the final one states
    # the whole price (£12,000.00) and credits the deposit as a line in the same category, so its VAT
    # breakdown is its own: £7,200.00 base, £1,440.00 VAT (VAT Notice 700 14.2, VATA 1994 Sch. 11
    # para. 5(2): VAT shown on an invoice is due from its issuer)
    assert cii(xml, "//ram:SpecifiedLineTradeSettlementMonetarySummation/ram:LineTotalAmount") == []
    lines = cii(xml, "//ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount")
    assert lines == ["12000.00", "-4800.00"]
    assert cii(xml, total + "TaxBasisTotalAmount") == ["7200.00"]
    assert cii(xml, total + "TaxTotalAmount") == ["1440.00"]
    assert cii(xml, total + "GrandTotalAmount") == ["8640.00"]
    assert cii(xml, total + "TotalPrepaidAmount") == []
    assert cii(xml, total + "DuePayableAmount") == ["8640.00"]
    assert cii(xml, "//ram:InvoiceReferencedDocument/ram:IssuerAssignedID") == ["TW-0311/2027-001"]
    assert cii(xml, "//rsm:ExchangedDocument/ram:TypeCode") == ["380"]
    # review-en4 E9: BT-30 is the identifier ("Company No. 12873465" in the PDF)
    assert cii(xml, "//ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID") == ["12873465"]
    _valid(xml)
    deposit = facturx(billed["uk-deposit"])
    assert cii(deposit, total + "TotalPrepaidAmount") == [] and cii(deposit, total + "DuePayableAmount") == ["5760.00"]
    _valid(deposit)


def test_a_german_clients_final_invoice_credits_the_deposit_and_the_milestone_payment(billed):
    """UStG §14(5) sentence 2 (Schlussrechnung): the whole consideration less each part-payment
    received; the Austin LLC's supply to a German business is not subject to US VAT and the note
    says who accounts for the tax. A milestone invoice with the last installment still open is an
    ordinary invoice, no final account."""
    from contractkit.load import load_project
    from contractkit.words.tax import cross_border_vat

    text = _text(billed["de"])
    assert text.startswith("FINAL INVOICE ")
    found = re.search(r"Total price \$([\d,.]+) Less received: Deposit, payment No. 1 of the schedule, "
                      r"invoice \S+ dated 7 December 2026, received 9 December 2026 −\$([\d,.]+) "
                      r"Less received: Milestone payment, payment No. 2 of the schedule, invoice \S+ dated "
                      r"12 January 2027, received 14 January 2027 −\$([\d,.]+) Total received on account ?"
                      r"−\$([\d,.]+) Amount due \$([\d,.]+)", text)
    assert found, text
    total, first, second, received, due = map(_money, found.groups())
    assert first + second == received and total - received == due and due == total * Decimal("0.4")
    rule = cross_border_vat(load_project(billed["de"].parent.parent / "project.yaml"))
    assert rule["category"] == "AE" and "Reverse charge: VAT to be accounted for by the recipient" in text
    assert "VAT" not in text.split("Final account.")[1].split("Amount due:")[0]
    milestone = _text(billed["de-milestone"])
    assert milestone.startswith("INVOICE ") and "Less received" not in milestone
    xml = facturx(billed["de"])
    money = "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:"
    # review-en5 E7: reverse charge (AE) on each advance invoice already; the final one's VAT base
    # is what is left (Directive 2006/112/EC Art. 65, 196): credits as lines, base = the amount due
    lines = cii(xml, "//ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount")
    assert lines == [f"{total:.2f}", f"-{first:.2f}", f"-{second:.2f}"]
    assert cii(xml, "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:BasisAmount") == [f"{due:.2f}"]
    assert cii(xml, money + "GrandTotalAmount") == [f"{due:.2f}"]
    assert cii(xml, money + "TotalPrepaidAmount") == []
    assert cii(xml, money + "DuePayableAmount") == [f"{due:.2f}"]
    assert len(cii(xml, "//ram:InvoiceReferencedDocument/ram:IssuerAssignedID")) == 2
    _valid(xml)


def test_a_us_final_invoice_simply_credits_the_payments_even_one_never_invoiced(billed):
    """No VAT: the payments received are credited against the whole price; a deposit paid without
    an invoice is credited by its date, and the XML lists no invoice for it (BG-3 only names
    invoices that exist)."""
    text = _text(billed["ny"])
    found = re.search(r"Total price \$([\d,.]+) Less received: Deposit, payment No. 1 of the schedule, "
                      r"received December 15, 2026 −\$([\d,.]+) Less received: Milestone payment, payment "
                      r"No. 2 of the schedule, received January 25, 2027 −\$([\d,.]+) Total received on "
                      r"account ?−\$([\d,.]+) Amount due \$([\d,.]+)", text)
    assert found, text
    total, first, second, received, due = map(_money, found.groups())
    assert total == Decimal("16000.00") and first + second == received and total - received == due
    xml = facturx(billed["ny"])
    assert cii(xml, "//ram:InvoiceReferencedDocument") == []
    assert cii(xml, "//ram:TotalPrepaidAmount") == [f"{received:.2f}"]
    _valid(xml)


# --- issue 24, item 2: what a UK lawyer reads in the IP certificate and the change order -----------

def test_the_uk_assignment_certificate_identifies_what_passes_and_carves_out_what_does_not(billed):
    """CDPA 1988 s.90(3) (an assignment in writing signed by the assignor) with "full title
    guarantee" (Law of Property (Miscellaneous Provisions) Act 1994 Part I) and the right to sue for
    past infringements; the Deliverables defined by the list; third-party components and the
    Contractor Materials carved out by the Agreement's own section numbers; the licence until full
    payment superseded; the company's authors' waivers warranted as signed by them (s.87(2))."""
    contract = _text(billed["uk-contract"])
    materials = re.search(r"(11\.\d+)\. The Contractor keeps its pre-existing", contract).group(1)
    parts = re.split(r" (11\.\d+)\. ", contract)
    interim = next(n for n, body in zip(parts[1::2], parts[2::2], strict=True)
                   if "Until full payment the Contractor grants the Client a non-exclusive" in body)
    third = re.search(r"(11\.\d+)\. The Deliverables include the following third-party components", contract).group(1)
    text = _text(billed["certificate"])
    assert ("hereby assigns to the Client with full title guarantee, all right, title and interest, including all "
            "copyright and the right to bring proceedings and recover damages and other remedies for any "
            "infringement committed before or after the date of this certificate, in the following deliverables "
            "(the “Deliverables”), except the third-party components and Contractor Materials in them") in text
    assert "Discovery and sitemap" in text and "Build and launch" in text
    assert (f"The following third-party components used in the Deliverables (Section {third} of the Agreement) "
            "are not assigned") in text and "WordPress" in text
    assert (f"(“Contractor Materials”, Section {materials} of the Agreement); they are not assigned") in text
    assert "that took effect upon payment of the fee in full on 25 April 2027" in text
    assert (f"The licence to use the Deliverables until full payment under Section {interim} of the Agreement is "
            "superseded by the assignment.") in text
    assert ("The Contractor warrants that each individual author of the Deliverables has unconditionally and "
            "irrevocably waived, by an instrument in writing signed by that author, in favour of the Client") in text
    assert "Copyright, Designs and Patents Act 1988 (section 87)" in text
    assert "As Section 11.1 of the Agreement provides, the assignment took effect upon payment of the fee in full" in text


def test_a_uk_change_order_brings_its_milestone_under_the_ip_section_and_the_moral_rights_waiver(billed):
    """A change order that adds a milestone amends the list of Deliverables (Section 11.1) and says
    that the new results pass on the Agreement's terms, upon full payment of the fee as amended,
    with third-party components and Contractor Materials licensed, and that the moral-rights waiver
    reaches them (CDPA 1988 s.87(2), (3)(a): a signed waiver may relate to future works)."""
    text = _text(billed["change-order"])
    assert "Section 11.1 of the Agreement is amended by adding Section 11.1.4" in text
    assert ("The results of Milestone 4 “Payment processing” are Deliverables for every purpose of Section 11 of "
            "the Agreement (Intellectual Property) and pass to the Client on its terms, upon payment of the fee in "
            "full as amended by this Change Order; any third-party components and Contractor Materials in them "
            "are not assigned but licensed as that Section provides.") in text
    assert ("The Contractor shall procure that each individual author of the Deliverables unconditionally and "
            "irrevocably waives") in text.split("GENERAL")[1]


# --- review-en4 E1 (withdrawn as a defect; its optional wording): a UK processor of a US controller ---

REVIEW4_A = "en-15-review4-a.yaml"  # Thistle & Hart Digital Ltd (London) for Pinecrest Analytics, Inc.


def test_a_uk_processor_of_a_us_controller_states_that_no_restricted_transfer_arises(ws):
    """ICO guidance on international transfers (2026): a UK processor returning Client Personal Data
    to its own controller outside the UK makes no restricted transfer (UK GDPR Chapter V), and EU
    data reaches the UK under Decision (EU) 2021/1772; the contract says so, and `check` refuses a
    transfer tool for that direction on that ground, not on the exporter's seat."""
    from tests.conftest import run

    path = data_project(ws / "a", REVIEW4_A)
    run("render", path, "--doc", "contract", "--format", "pdf")
    text = _text(next((path / "out").glob("contract-*.pdf")))
    assert ("The Contractor processes Client Personal Data in the United Kingdom and returns it only to the "
            "Client; the Parties have assessed that no restricted transfer under Chapter V of the UK GDPR "
            "arises, and transfers of personal data from the European Economic Area to the Contractor rely on "
            "the adequacy decision for the United Kingdom under Article 45 of the EU GDPR") in text
    assert "Module Four" not in text and "UK Addendum" not in text
    edit_committed(path, "uk_addendum", once('  governing_law: "the laws of England and Wales"\n',
                                             '  governing_law: "the laws of England and Wales"\n'
                                             '  data_transfer: uk_addendum\n'))
    checked = " ".join(run("check", path, ok=None).output.split())
    assert "the exporter, is not in the UK" not in checked, checked
    assert ("uk_addendum: the contractor, a UK processor, only returns Client Personal Data to its own "
            "controller outside the UK, which the ICO does not treat as a restricted transfer") in checked, checked


# --- review-en4 E11: the Late Payment Act defers an advance payment's interest to performance ---------

def test_a_deposit_paid_late_before_the_work_is_performed_carries_no_statutory_interest(ws, monkeypatch):
    """Late Payment of Commercial Debts (Interest) Act 1998 s.11(4) and s.4(2G): an advance payment's
    debt is treated as created, and its statutory interest runs, from the day the supplier's
    obligation is performed; s.5A(1): the fixed sum is owed only once that interest runs. A deposit
    paid a week late but before the Work was accepted owes neither; one still unpaid at final
    acceptance runs from that day, and the notice says why."""
    from tests.conftest import run

    monkeypatch.setenv("CONTRACTKIT_BOE_BASE_RATE", "2026-12-31=3.75")
    paid = data_project(ws / "paid", "en-14-uk-vat.yaml")
    run("sign", paid, "--date", "2027-03-16")
    status = run("paid", paid, "1", "--date", "2027-03-30").output  # due 23 March: 7 days late
    assert "late interest" not in status and "fixed sum" not in status, status
    run("accept", paid, "all", "--date", "2027-04-20")
    run("claim", paid, "--date", "2027-05-20")
    text = _text(next((paid / "out").glob("letter-*-claim-*.pdf")))
    assert "made late" not in text, text
    assert "the fixed sums under section 5A of that Act: £70.00;" in text  # the final payment's only

    unpaid = data_project(ws / "unpaid", "en-14-uk-vat.yaml")
    run("sign", unpaid, "--date", "2027-03-16")
    run("accept", unpaid, "all", "--date", "2027-04-20")
    run("claim", unpaid, "--date", "2027-05-20")
    text = _text(next((unpaid / "out").glob("letter-*-claim-*.pdf")))
    assert ("Payment No. 1 (£5,760.00) was an advance payment, due on 23 March 2027 before the Work was performed; "
            "under sections 11(4) and 4(2G) of the Act the debt is treated as created, and statutory interest on "
            "it runs, from the day the Work was performed, 20 April 2027.") in text, text
    assert "£5,760.00 × 11.75% (base rate 3.75% on 31 December 2026 + 8%) × 30 ÷ 365 = £55.63" in text, text


# --- review-en4 E14: a certificate recites only the change orders signed by its own date ---------------

def test_a_certificate_dated_before_a_change_order_neither_recites_it_nor_takes_its_figures(ws):
    """A certificate recorded after Change Order No. 1 was signed, but dated before it, states the
    Agreement as it stood on that date: reciting an amendment signed later reads as back-dating and
    weakens the certificate as evidence of acceptance (review-en4 E14); a later certificate recites it."""
    from tests.conftest import run

    path = data_project(ws / "co", "en-14-uk-vat.yaml")
    run("sign", path, "--date", "2027-03-16")
    edit_committed(path, "payments", once("    personal_data: true  # the result collects", PAYMENTS
                                          + "    personal_data: true  # the result collects"))
    run("change", path, "-m", "Payment processing", "--requested-on", "2027-03-25")
    run("addendum", path, "--date", "2027-03-26")
    run("sign", path, "--date", "2027-03-26")
    run("accept", path, "discovery", "--date", "2027-03-25", "--format", "pdf")
    run("accept", path, "design", "--date", "2027-04-15", "--format", "pdf")
    early = _text(next((path / "out").glob("act-1-*.pdf")))
    later = _text(next((path / "out").glob("act-2-*.pdf")))
    assert "ACCEPTANCE CERTIFICATE No. 1 under Agreement No. TW-0311 dated 15 March 2027 25 March 2027" in early, early
    assert "Change Order" not in early and "Payment processing" not in early
    assert ("under Agreement No. TW-0311 dated 15 March 2027, as amended by Change Order No. 1 dated 26 March "
            "2027") in later, later


# --- review-en4 E13: a change order after completion never states its milestone in the past ------------

def test_a_change_order_after_completion_refuses_dates_before_its_own(ws):
    """A Change Order signed on 1 June cannot state that the milestone it adds ran in May: the
    dates it states must be possible when it is signed (review-en4 E13). `addendum` refuses with one
    line and the fix; with a `delay:` the milestone starts after the Change Order's date."""
    from tests.conftest import run

    path = data_project(ws / "late", "en-14-uk-vat.yaml")
    run("sign", path, "--date", "2027-03-16")
    run("accept", path, "all", "--date", "2027-05-07")
    edit_committed(path, "payments", once("    personal_data: true  # the result collects", PAYMENTS
                                          + "    personal_data: true  # the result collects"))
    run("change", path, "-m", "Payment processing", "--requested-on", "2027-05-28")
    refused = run("addendum", path, "--date", "2027-06-01", ok=False).output
    assert ("the change order dated 2027-06-01 would state milestone payments as running from 2027-05-10 to "
            "2027-05-13, before its own date") in refused, refused
    assert "delay:" in refused and not list((path / "out").glob("addendum-*"))
    edit_committed(path, "delay", once("    price: 1200\n    days: 4\n", "    price: 1200\n    days: 4\n    delay: 20\n"))
    run("change", path, "-m", "Payment processing", "--requested-on", "2027-05-28", ok=None)
    run("addendum", path, "--date", "2027-06-01", "--format", "pdf")
    text = _text(next((path / "out").glob("addendum-1-*.pdf")))
    found = re.search(r"it runs 4 business days, from (\d+) June 2027 to (\d+) June 2027", text)
    assert found and int(found.group(1)) >= 1, text


# --- review-en4 E15: a US governing law gives its own interest where the contract states none ----------

def test_a_notice_under_california_law_claims_the_statutory_ten_percent(ws):
    """Cal. Civ. Code §3289(b): a contract debt bears 10% a year after breach where the contract
    states no rate, recoverable on a sum certain (§3287(a)); the notice computes it per day and
    adds it to the demand; `check` warns only where no statutory rate is known (Washington here)."""
    from tests.conftest import run

    def californian(text: str) -> str:
        text = text.replace('governing_law: "the laws of England and Wales"',
                            'governing_law: "the laws of the State of California"')
        at = text.index("    forum: arbitration")
        return text[:at] + '    forum: court\n    venue: "the state courts located in San Francisco County, California"\n'

    path = data_project(ws / "ca", REVIEW4_A)
    edit_committed(path, "California", californian)
    checked = " ".join(run("check", path, ok=None).output.split())
    assert "no late-payment interest clause" not in checked, checked  # California's rate is known
    elsewhere = data_project(ws / "wa", REVIEW4_A)
    edit_committed(elsewhere, "Washington", lambda t: californian(t).replace("State of California",
                                                                              "State of Washington"))
    checked = " ".join(run("check", elsewhere, ok=None).output.split())
    assert ("no late-payment interest clause under the laws of the State of Washington: contractkit knows no "
            "statutory rate for that state, so the notice of default claims no interest") in checked, checked
    run("sign", path, "--date", "2026-12-08")
    run("paid", path, "1", "--date", "2026-12-14")
    run("accept", path, "all", "--date", "2027-01-28")
    run("claim", path, "--date", "2027-03-15")
    text = _text(next((path / "out").glob("letter-*-claim-*.pdf")))
    assert ("under section 3289(b) of the California Civil Code each amount overdue bears simple interest at 10% a "
            "year from the day after its due date until paid") in text, text
    assert "£5,400.00 × 10% × 39 ÷ 365 = £57.70" in text
    assert "interest through 15 March 2027 (section 3289(b) of the California Civil Code): £57.70;" in text
    assert "a total of £5,457.70" in text


# --- review-en4 E7 and E6: "deposit" on the command line; a licensed component named once ---------------

def test_deposit_is_an_installment_name_and_a_licensed_component_is_listed_once(ws):
    """The English documents call the first payment the Deposit, so `invoice deposit` and `paid
    deposit` name it (E7); `accept --rights --licensed "WordPress under the GNU GPL …"` names the
    component terms.third_party lists already, so the certificate lists it once (E6)."""
    from tests.conftest import run

    path = data_project(ws / "dep", "en-14-uk-vat.yaml")
    run("sign", path, "--date", "2027-03-16")
    assert "for deposit: 5760.00 due" in run("invoice", path, "deposit", "--date", "2027-03-16", "--format", "pdf").output
    run("paid", path, "deposit", "--date", "2027-03-18")
    unknown = run("paid", path, "deposit-3", "--date", "2027-03-18", ok=False).output
    assert "deposit" in unknown.split("installments:")[1]
    run("accept", path, "all", "--date", "2027-04-20")
    run("paid", path, "final", "--date", "2027-04-22")
    run("accept", path, "--rights", "--date", "2027-04-23", "--format", "pdf",
        "--licensed", "WordPress under the GNU GPL version 2 or later", "--licensed", "Montserrat font (SIL OFL 1.1)")
    text = _text(next((path / "out").glob("act-2-*.pdf")))
    assert text.count("WordPress") == 1 + text.count("WordPress with"), text
    assert "open-source software WordPress, licensed under the GNU GPL version 2 or later" in text
    assert "Montserrat font (SIL OFL 1.1)" in text


# --- review-en4 E10: a change request that only removes work ------------------------------------------

def test_a_request_removing_a_milestone_says_it_is_not_started_and_how_much_earlier(ws):
    """A reduction starts no work: the sheet says the milestone is not started while the request is
    pending and that only a signed Change Order changes the fee and dates; time is "earlier", not a
    hyphen-minus (review-en4 E10)."""
    from tests.conftest import run

    path = data_project(ws / "cut", "en-14-uk-vat.yaml")
    run("sign", path, "--date", "2027-03-16")

    def without_design(text: str) -> str:
        start = text.index("  - id: design")
        return text[:start] + text[text.index("  - id: build"):]

    edit_committed(path, "no design", without_design)
    run("change", path, "-m", "No page designs", "--requested-on", "2027-03-18", "--estimate")
    text = _text(next((path / "out").glob("cr-001-*.pdf")))
    assert ("The Contractor will not start Milestone 2 while this request is pending; the fee and deadlines change "
            "only by a Change Order signed by both Parties.") in text, text
    assert re.search(r"Time \d+ business days earlier", text), text
    assert "Work on this request does not start" not in text
