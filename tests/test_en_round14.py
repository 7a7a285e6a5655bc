"""English findings left open by review-en2 (session 8): E6, E7, E8, read from the rendered
documents (PDF via pypdf, DOCX via python-docx, the Factur-X XML the PDF carries).

The project is the reviewer's p2-nysole (tests/data/en-12-ny-sole.yaml): Elena Ortiz, a Brooklyn
sole proprietor d/b/a Ortiz Motion Studio, for Prairie Harvest Foods, Inc. (Chicago), $16,000.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run
from tests.readback import data_project, normal, pdf_pages
from tests.test_en_round12 import NEWSLETTER, NEWSLETTER_MILESTONE, cii, edit, facturx, pdf, project

# --- E6: a certificate after a rejection closes the remarks the rejection listed ------------------


def test_certificate_after_a_rejection_names_the_notice_and_the_remarks_it_closes(ws):
    """Section 4.2 of the Agreement: the Client rejects by listing the failures to meet the
    acceptance criteria; the certificate that accepts the milestone after it states that the
    listed remarks were addressed, by the notice's date and text, so none stays open on the record
    (and the Section 4.7 waiver of defects not listed has a list to refer to). The same records
    give the Russian act its «Замечания, указанные в Акте … № 2 …, устранены» (one function)."""
    path = project(ws, [("      - Designs match the approved sitemap\n",
                         "      - Designs match the approved sitemap\n      - Mobile layouts for every page\n")])
    run("sign", path, "--date", "2026-12-09")
    run("paid", path, "1", "--date", "2026-12-15")
    run("accept", path, "discovery", "--date", "2027-01-05")
    run("accept", path, "design", "--date", "2027-01-19",
        "--remark", "(b) The recipe page does not show the shopping list button on mobile",
        "--remark", "(a) The sitemap's shop page has no design", "--fix-by", "2027-01-26", "--format", "pdf")
    run("accept", path, "design", "--date", "2027-01-26", "--format", "pdf")
    certificate = pdf(path, "act-3-*.pdf")
    assert ("The remarks in the Client’s Notice of Rejection dated January 19, 2027 on Milestone 2 (Page designs) "
            "have been addressed, and the Contractor has delivered the milestone again. That notice listed: "
            "(1) The recipe page does not show the shopping list button on mobile (acceptance criterion (b) of "
            "Milestone 2); (2) The sitemap's shop page has no design (acceptance criterion (a) of Milestone 2). "
            "None of those remarks remains open.") in certificate


def test_fixed_remarks_keep_a_remark_on_a_milestone_still_rejected_open():
    """A notice rejecting two milestones, one accepted later: the certificate closes only the
    remarks on the milestone it accepts (the other's remark is still open under Section 4.2)."""
    from datetime import date
    from types import SimpleNamespace

    from contractkit.flows.billing.documents import fixed_remarks

    notice = SimpleNamespace(id="a2", accepted=False, stages=["design", "build"], date=date(2027, 1, 19),
                             fix_by=date(2027, 1, 26),
                             remarks=["2(a) No shop page design", "3(a) The site does not load"])
    certificate = SimpleNamespace(id="a3", accepted=True, stages=["design"], date=date(2027, 1, 26))
    book = SimpleNamespace(acts=[notice, certificate], act_no=lambda act: {"a2": 2, "a3": 3}[act.id])
    lines = [{"id": "design", "n": 2, "title": "Designs", "acceptance": ["Designs match the sitemap"]},
             {"id": "build", "n": 3, "title": "Build", "acceptance": ["The site loads"]}]
    [closed] = fixed_remarks(book, certificate, lines)
    assert closed["number"] == 2 and closed["milestones"] == [{"n": 2, "title": "Designs"}]
    assert [r["text"] for r in closed["remarks"]] == ["No shop page design"]


# --- E7: Factur-X type code and delivery date of a Change Order's deposit -------------------------

def test_change_order_deposit_is_a_prepayment_invoice_without_a_delivery_date(ws):
    """UNTDID 1001 code 386 (prepayment invoice) is an invoice for services paid in advance: a
    Change Order's deposit is one, as the contract's deposit is. EN 16931 BT-72 (actual delivery
    date) is the date the supply is made, so an invoice for work not yet done gives the invoicing
    period (BG-14, BT-73/BT-74; BR-29, BR-CO-19) and the deliver-to party (BG-13, BR-57) so that
    ApplicableHeaderTradeDelivery is not empty (PEPPOL-EN16931-R008). Validated with the Factur-X
    XSD and the CEN EN 16931 Schematron."""
    import facturx as fx
    from lxml import etree

    from tests.en16931 import rule_errors

    path = project(ws)
    run("sign", path, "--date", "2026-12-09")
    run("paid", path, "1", "--date", "2026-12-15")
    edit(path, NEWSLETTER, NEWSLETTER_MILESTONE + NEWSLETTER, "newsletter")
    run("change", path, "-m", "Newsletter sign-up", "--requested-on", "2027-01-04")
    run("addendum", path, "--date", "2027-01-05")
    run("sign", path, "--date", "2027-01-05")
    run("invoice", path, "addendum-1", "--date", "2027-01-05", "--format", "pdf")
    invoice = max((path / "out").glob("invoice-2027-001-*.pdf"))
    assert "Change Order No. 1" in pdf(path, "invoice-2027-001-*.pdf")
    xml = facturx(invoice)
    assert cii(xml, "//rsm:ExchangedDocument/ram:TypeCode") == ["386"]
    assert cii(xml, "//ram:ActualDeliverySupplyChainEvent") == []
    start, end = cii(xml, "//ram:BillingSpecifiedPeriod/*/udt:DateTimeString")
    assert "20270105" < start < end
    assert cii(xml, "//ram:ShipToTradeParty/ram:Name") == ["Prairie Harvest Foods, Inc."]
    assert fx.xml_check_xsd(xml, flavor="factur-x", level="en16931") is True
    assert fx.get_level(etree.fromstring(xml)) == "en16931"
    assert rule_errors(xml) == []


def test_an_installment_on_a_date_before_the_work_is_done_gives_no_delivery_date(ws):
    """A payment on a fixed date (UNTDID 380, a commercial invoice) billed while the milestones are
    not yet accepted: no BT-72 (nothing has been supplied), the planned period instead (BG-14);
    once every milestone is accepted, BT-72 is the last acceptance, never the invoice's date."""
    from tests.en16931 import rule_errors

    path = project(ws, [("    - percent: 30\n      on: acceptance\n      deliverable: design\n",
                         "    - percent: 30\n      on: date\n      date: 2027-01-15\n")])
    run("sign", path, "--date", "2026-12-09")
    run("paid", path, "1", "--date", "2026-12-15")
    run("invoice", path, "2", "--date", "2027-01-08", "--format", "pdf")
    xml = facturx(max((path / "out").glob("invoice-2027-001-*.pdf")))
    assert cii(xml, "//rsm:ExchangedDocument/ram:TypeCode") == ["380"]
    assert cii(xml, "//ram:ActualDeliverySupplyChainEvent") == []
    start, end = cii(xml, "//ram:BillingSpecifiedPeriod/*/udt:DateTimeString")
    assert start <= "20270108" < end
    assert rule_errors(xml) == []


# --- review-en3 E3: one interest rate, the one the governing law permits -----------------------------

def test_notice_of_default_and_status_count_the_delaware_ceiling_check_warns_about(ws):
    """6 Del. C. §2301(a): a written contract may fix interest at no more than 5% a year over the
    Federal Reserve discount rate (§2304: the excess is not recoverable, and the debtor may recover a
    penalty). Section 9.1 of the Agreement reads "1.5% per month … or at the highest rate permitted
    by applicable law, if lower", so the notice of default demands 8.75% a year (3.75% + 5%), as
    `check` says, and `status` counts the same interest."""
    path = data_project(ws / "fl", "en-6-fl-saas.yaml")
    run("sign", path, "--date", "2026-12-09")
    run("paid", path, "1", "--date", "2026-12-10")
    run("accept", path, "discovery", "--date", "2026-12-22")
    run("accept", path, "app", "--date", "2027-02-01")
    run("claim", path, "--date", "2027-03-15", "--format", "pdf")
    claim = normal(" ".join(pdf_pages(max((path / "out").glob("letter-*-claim-*.pdf")))))
    assert ("overdue amounts bear interest at 1.5% per month (18% per year) or at the highest rate permitted "
            "by applicable law, if lower. Under 6 Del. C. §2301(a) the highest rate is 8.75% a year (5% over "
            "the Federal Reserve discount rate of 3.75%), and the Contractor claims interest at that rate, "
            "simple, counted per day at 8.75% ÷ 365") in claim
    # $14,400.00 × 8.75% × 27 ÷ 365 = $93.205… → $93.21 (at 18% it would be $191.74)
    assert "Calculation: $14,400.00 × 8.75% × 27 ÷ 365 = $93.21." in claim
    assert "the interest through March 15, 2027: $93.21;" in claim and "18% ÷ 365" not in claim
    status = run("status", path, "--date", "2027-03-15").output
    assert "late interest on installment 2: $93.21" in status


# --- review-en3 E8: a contractual rate below the statutory one does not displace the 1998 Act -------

def test_english_law_contract_rate_below_the_statutory_rate_leaves_the_late_payment_act_in_force(ws):
    """Late Payment of Commercial Debts (Interest) Act 1998 s.8(1): only a substantial contractual
    remedy displaces statutory interest; s.9(1): a remedy is not substantial if it neither
    compensates the supplier nor deters late payment. 2.4% a year against 11.75% (base rate 3.75% +
    8%, s.6) is not, so `check` warns and the notice of default claims the Act's interest and the
    s.5A fixed sum. English law has no usury ceiling (Usury Laws Repeal Act 1854), so Section 9.1
    drops the American "highest rate permitted by applicable law" rider."""
    from tests.conftest import reviewer_project

    path = reviewer_project(ws, "halden", "en-14-uk-halden.yaml", "uk-ltd", "services", edit=lambda text: (
        text.replace("  change_prepayment: 0\n", "  change_prepayment: 0\n  late_interest_monthly: 0.2\n", 1)))
    check = normal(run("check", path).output)
    assert ("payment.late_interest_monthly: 2.4 % a year is below the statutory rate of 8 % over the Bank of "
            "England base rate (11.75 % with the base rate of 30 June 2026), so it is unlikely to be a "
            "substantial remedy (Late Payment of Commercial Debts (Interest) Act 1998 s.8(1), s.9(1))") in check
    run("sign", path, "--date", "2026-06-26")
    contract = normal(" ".join(pdf_pages(max((path / "out").glob("contract-*.pdf")))))
    assert "Overdue amounts bear interest at 0.2% per month (2.4% per year), simple, computed daily" in contract
    assert "from the day after the due date until paid. 9.2." in contract
    assert "highest rate permitted" not in contract
    run("paid", path, "prepayment", "--date", "2026-07-02")
    run("accept", path, "jul", "--date", "2026-08-03")
    run("claim", path, "--date", "2026-09-16", "--format", "pdf")
    claim = normal(" ".join(pdf_pages(max((path / "out").glob("letter-*-claim-*.pdf")))))
    assert ("The Agreement’s interest of 2.4% a year (Section 9.1) is below the statutory rate and so is not a "
            "substantial remedy for late payment (sections 8(1) and 9(1) of the Late Payment of Commercial "
            "Debts (Interest) Act 1998); under the Act each overdue amount carries simple statutory interest") \
        in claim
    # £4,500.00 × 11.75% × 30 ÷ 365 = £43.46 (at the contract's 2.4% it would be £8.88), plus £70.00
    assert ("Calculation: £4,500.00 × 11.75% (base rate 3.75% on 30 June 2026 + 8%) × 30 ÷ 365 = £43.46; "
            "fixed sum under section 5A(2)(b): £70.00.") in claim
    assert "£8.88" not in claim


# --- review-en3 E9: a Change Order that brings in the SCCs attaches their Exhibit ---------------------

NEWSLETTER_DE = """  - id: newsletter
    title: Newsletter sign-up and double opt-in
    description: A sign-up form on every trip page with double opt-in through the Client's Mailchimp account
    acceptance:
      - A test sign-up receives the confirmation e-mail and appears in the Client's audience only after confirming
    revisions: 1
    price: 2500
    days: 5
    personal_data: true
"""


def test_change_order_that_first_brings_personal_data_attaches_the_scc_exhibit(ws):
    """Decision (EU) 2021/914, Annex, Section I Clause 2(a) and GDPR Art. 46(2)(c): the SCCs are
    concluded with their Annexes completed (Annex I: parties and transfer; II: measures; III:
    sub-processors). A Change Order whose new Section 19 incorporates them "completed in Exhibit 3"
    must attach that Exhibit, which the contract as signed did not have; the Parties sign it by
    signing the Change Order. An Exhibit the Change Order leaves unchanged is not restated."""
    from tests.conftest import reviewer_project

    path = reviewer_project(ws, "nd", "en-14-de-nodata.yaml", "us-llc", "works")
    run("sign", path, "--date", "2026-09-16")
    run("paid", path, "prepayment", "--date", "2026-09-24")
    run("accept", path, "discovery", "--date", "2026-10-07")
    run("accept", path, "design", "--date", "2026-11-10")
    edit(path, "\npayment:", "\n" + NEWSLETTER_DE + "\npayment:", "newsletter")
    run("change", path, "-m", "Newsletter sign-up", "--requested-on", "2026-11-12")
    run("addendum", path, "--date", "2026-11-16", "--format", "pdf")
    order = normal(" ".join(pdf_pages(max((path / "out").glob("addendum-1-*.pdf")))))
    assert "completed in Exhibit 3" in order  # the new Section 19 incorporates the Clauses by reference
    assert ("The Agreement is amended by adding Exhibit 3 (Standard Contractual Clauses: Options and Annexes) "
            "in the following form, which the Parties agree to by signing this Change Order: Exhibit 3 to "
            "Agreement No.") in order
    exhibit = order[order.index("adding Exhibit 3"):]
    for part in ("STANDARD CONTRACTUAL CLAUSES (MODULE TWO): OPTIONS AND ANNEXES", "Part 1. Options chosen",
                 "Annex I.A. List of parties", "Annex I.B. Description of the transfer",
                 "Annex I.C. Competent supervisory authority", "Annex II. Technical and organisational measures",
                 "Annex III. List of sub-processors", "which the Parties enter into under Section 19 of the Agreement"):
        assert part in exhibit, part
    assert "RESTATED AND ADDED EXHIBITS" in order
    # the next Change Order, which leaves the data terms alone, does not attach the Exhibit again
    run("sign", path, "--date", "2026-11-16")
    edit(path, "    price: 2500\n", "    price: 2700\n", "dearer newsletter")
    run("change", path, "-m", "Dearer newsletter", "--requested-on", "2026-11-17")
    run("addendum", path, "--date", "2026-11-18", "--format", "pdf")
    second = normal(" ".join(pdf_pages(max((path / "out").glob("addendum-2-*.pdf")))))
    assert "Annex I.A. List of parties" not in second and "RESTATED EXHIBITS" in second


# --- review-en2 E8: whom a letter greets ---------------------------------------------------------------

def test_salutation_by_title_else_the_person_whose_mailbox_it_is():
    """A letter greets by title and surname only where the title is known (the signatory's gender,
    or "Dr." in the name: "Dear Dr. Kessler", not "Dear Dr. Thomas Kessler"); otherwise it greets
    by full name the person whose mailbox the notices clause names (review-en2 E8)."""
    from contractkit.words.salutation import salutation

    assert salutation("Dr. Thomas Kessler", None, "", british=False) == {"name": "Dr. Kessler", "contact": False}
    assert salutation("Dr Thomas Kessler", None, "", british=True)["name"] == "Dr Kessler"
    assert salutation("Susan Whitfield", "female", "Mark Delgado, Head of E-commerce", british=True) == {
        "name": "Ms Whitfield", "contact": False}
    assert salutation("Susan Whitfield", None, "Mark Delgado, Head of E-commerce", british=False) == {
        "name": "Mark Delgado", "contact": True}
    assert salutation("Andrew Pike", None, "", british=True) == {"name": "Andrew Pike", "contact": False}


def test_reminder_greets_the_contact_person_whose_mailbox_it_goes_to(ws):
    """The notices clause (Section 7.1.1) sends the Client's mail to Mark Jensen's channel; with no
    title known for the signatory, the reminder greets him, not "Dear Susan Whitaker"."""
    from email import policy
    from email.parser import BytesParser

    path = project(ws)
    run("sign", path, "--date", "2026-12-09")
    run("remind", path, "1", "--date", "2027-01-05")
    mail = BytesParser(policy=policy.default).parsebytes(max((path / "out").glob("letter-*-remind.eml")).read_bytes())
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert text.lstrip().startswith("Dear Mark Jensen,")
    assert "Susan Whitaker" not in text.split("\n", 1)[0]


# --- review-en2 E8 / review-en3 E5: a German exporter's supervisory authority, by its Land ------------

def test_scc_annex_names_the_land_authority_of_a_german_client_or_its_rule(tmp_path):
    """SCC Clause 13(a) and Annex I.C: the supervisory authority responsible for the data exporter.
    Germany has one per Land for private bodies (BDSG §40(1)): for a Munich GmbH the Bayerisches
    Landesamt für Datenschutzaufsicht (BayLDA); where the city does not tell the Land, the annex
    names the authority by its rule rather than guess."""
    from tests.test_en_review5 import SHOP, contract_text, render

    text = contract_text(render(tmp_path / "munich", SHOP))
    exhibit = text.split("STANDARD CONTRACTUAL CLAUSES (MODULE TWO): OPTIONS AND ANNEXES", 1)[1]
    assert ("Clause 13: the supervisory authority with responsibility for ensuring compliance by the data "
            "exporter is the Bayerisches Landesamt für Datenschutzaufsicht (BayLDA), Ansbach, the supervisory "
            "authority of the German Land where the data exporter is established (section 40 of the Federal "
            "Data Protection Act, BDSG) (Annex I.C).") in exhibit
    assert "Annex I.C. Competent supervisory authority The Bayerisches Landesamt für Datenschutzaufsicht" in exhibit
    assert "competent supervisory authority of Germany" not in exhibit
    village = contract_text(render(tmp_path / "village", SHOP, edits=[
        ("Schillerstraße 12, 80336 München, Germany", "Dorfstraße 3, 83737 Irschenberg, Germany")]))
    assert ("Annex I.C. Competent supervisory authority The supervisory authority of the German Land (federal "
            "state) where the data exporter is established (Clause 13(a); section 40 of the Federal Data "
            "Protection Act, BDSG).") in village
    assert "BayLDA" not in village


def test_german_land_authority_is_read_from_the_city_never_guessed():
    from contractkit.words.dpa import german_authority

    assert "(HBDI), Wiesbaden" in german_authority("Kaiserstraße 12, 60311 Frankfurt am Main, Germany")
    assert "(BlnBDI)" in german_authority("Unter den Linden 1, 10117 Berlin-Mitte, Germany")
    assert german_authority("Markt 1, 33790 Halle (Westf.), Germany") == ""  # not Halle (Saale)
    assert german_authority("Hauptstraße 1, 60311 Frankfurt") == ""  # am Main or (Oder)?


# --- review-en3 E4: the certificates name the files `accept --files` recorded -------------------------

def test_certificates_list_the_delivered_files_with_their_hashes(ws):
    """17 U.S.C. §204(a) (and CDPA s.90(3)) need a signed writing identifying what is assigned; the
    files delivered and accepted, with their SHA-256, are the best evidence of it and separate the
    accepted designs from rejected drafts. The acceptance certificate and the IP certificate list them."""
    import hashlib

    path = project(ws)
    files = ws / "files"
    files.mkdir()
    (files / "sitemap.pdf").write_bytes(b"sitemap v1")
    (files / "designs-v2.fig").write_bytes(b"designs v2")
    digest = hashlib.sha256(b"designs v2").hexdigest()
    run("sign", path, "--date", "2026-12-09")
    run("paid", path, "1", "--date", "2026-12-15")
    run("accept", path, "discovery", "--date", "2027-01-05", "--files", files / "sitemap.pdf")
    run("accept", path, "design", "--date", "2027-01-19", "--files", files / "designs-v2.fig", "--format", "pdf")
    certificate = pdf(path, "act-2-*.pdf")
    assert "The Contractor delivered the milestone in the following files, each identified by its SHA-256 hash" \
        in certificate
    assert "designs-v2.fig" in certificate.replace(" ", "") and digest in certificate.replace(" ", "")
    run("accept", path, "build", "--date", "2027-02-16")
    run("paid", path, "2", "--date", "2027-01-25")
    run("paid", path, "3", "--date", "2027-02-20")
    run("accept", path, "--rights", "--date", "2027-02-22", "--format", "pdf")
    rights = pdf(path, "act-4-*.pdf")
    assert ("The deliverables are those delivered in the following files, each identified by its SHA-256 hash "
            "(a deliverable not listed here is identified by its description above)") in rights
    assert "sitemap.pdf" in rights.replace(" ", "") and digest in rights.replace(" ", "")


# --- review-en3 E5: the payee's IBAN in its own Factur-X element ----------------------------------------

def test_facturx_gives_the_iban_as_bt84_without_the_sort_code_prose(ws):
    """EN 16931 BT-84 (payment account identifier) is one identifier, an IBAN where there is one
    (CII PayeePartyCreditorFinancialAccount/IBANID), so a buyer's system can pay from the XML; the
    sort code and account number the PDF prints beside it stay out of it. XSD and Schematron clean."""
    import facturx as fx

    from tests.conftest import reviewer_project
    from tests.en16931 import rule_errors

    path = reviewer_project(ws, "halden", "en-14-uk-halden.yaml", "uk-ltd", "services")
    run("sign", path, "--date", "2026-06-26")
    run("invoice", path, "prepayment", "--date", "2026-06-26", "--format", "pdf")
    xml = facturx(max((path / "out").glob("invoice-*.pdf")))
    assert cii(xml, "//ram:PayeePartyCreditorFinancialAccount/ram:IBANID") == ["GB33BUKB20201555555555"]
    assert cii(xml, "//ram:PayeePartyCreditorFinancialAccount/ram:ProprietaryID") == []
    assert fx.xml_check_xsd(xml, flavor="factur-x", level="en16931") is True
    assert rule_errors(xml) == []


def test_a_uk_transfers_annex_ii_cites_the_uk_gdpr_for_breach_notices(tmp_path):
    """UK Addendum (DPA 2018 s.119A), Part 2 section 15: for a transfer from the UK the Clauses read
    "UK GDPR" where they say "GDPR"; Annex II (f) cites UK GDPR Article 33(3) (review-en3 E5)."""
    from tests.test_en_review5 import contract_text, render

    text = contract_text(render(tmp_path, Path(__file__).parent / "data" / "en-2-london.yaml"))
    exhibit = text.split("STANDARD CONTRACTUAL CLAUSES (MODULE TWO)")[1]
    assert "with the information UK GDPR Article 33(3) requires" in exhibit
