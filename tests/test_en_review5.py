"""Issue 24, round 3 of the US/UK lawyer's review: the English documents' remaining defects.

Two of the reviewer's own projects, kept under tests/data:
- en-5-munich-shop.yaml: a Texas LLC builds a WooCommerce shop for a Munich GmbH, New York law, GDPR
  with the EU standard contractual clauses, USD;
- en-5-london-design.yaml: a London Ltd designs for a Delaware corporation in San Francisco, English
  law, LCIA arbitration, GBP.
Every assertion reads the rendered document back (DOCX or PDF text, the .eml, the Factur-X XML);
the rule of law each one answers to is named beside it.
"""

import email
import re
from email import policy
from pathlib import Path

import git
import pytest
from click.testing import CliRunner

from contractkit.cli import cli
from tests.conftest import run
from tests.readback import docx_text, normal

DATA = Path(__file__).parent / "data"
SHOP = DATA / "en-5-munich-shop.yaml"
DESIGN = DATA / "en-5-london-design.yaml"


def render(base: Path, source: Path, docs=("contract",), fmt="docx", edits=()) -> Path:
    """Render `docs` of a data project copied into base; the folder."""
    folder = base / source.stem
    folder.mkdir(parents=True, exist_ok=True)
    text = source.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (folder / "project.yaml").write_text(text, encoding="utf-8")
    args = ["render", str(folder), "--format", fmt, "--doc", ",".join(docs)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False, env={"CONTRACTKIT_HOME": str(base)})
    assert result.exit_code == 0, result.output
    return folder


def contract_text(folder: Path) -> str:
    return normal(docx_text(next((folder / "out").glob("contract-*.docx"))))


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> str:
    return contract_text(render(tmp_path_factory.mktemp("shop"), SHOP))


@pytest.fixture(scope="module")
def design(tmp_path_factory) -> str:
    return contract_text(render(tmp_path_factory.mktemp("design"), DESIGN))


def repo_of(ws: Path, source: Path) -> Path:
    """A project repository with the data project committed, as `new` leaves one."""
    path = ws / source.stem
    path.mkdir()
    (path / "project.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    with git.Repo.init(path, initial_branch="main") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("project")
    return path


def mail_text(path: Path) -> str:
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    return normal(msg.get_body(("plain",)).get_content())


# --- 1. IP: a fallback licence, moral rights for UK authors, German law's limits ----------------

def test_rights_that_cannot_be_assigned_pass_as_an_exclusive_licence(shop, design):
    """A right the applicable law does not let pass by assignment is licensed exclusively instead."""
    for text in (shop, design):
        assert ("To the extent any right in the Deliverables cannot be assigned under the applicable law, "
                "the Contractor grants the Client, effective when the assignment would take effect, an "
                "exclusive, perpetual, irrevocable, worldwide, royalty-free") in text
    assert "royalty-free licence, transferable and with the right to grant sublicences" in design  # English law
    assert "royalty-free license, transferable and with the right to grant sublicenses" in shop  # New York law


def test_a_uk_contractor_procures_its_authors_moral_rights_waiver_for_a_us_client(design):
    """CDPA 1988 s.87: moral rights are waived only in a signed writing; the London studio's designers
    hold them whoever the client is (the tool used to add this only for UK/EU clients)."""
    assert ("The Contractor shall procure that each individual author of the Deliverables unconditionally "
            "and irrevocably waives in favour of the Client") in design
    assert "Copyright, Designs and Patents Act 1988 (section 87)" in design


def test_a_german_client_is_told_that_rights_of_use_pass_not_copyright(shop):
    """§ 29(1) UrhG: German copyright cannot be transferred; exclusive rights of use can (§§ 31, 31a)."""
    assert ("Where German law applies, in particular to the use of the Deliverables in Germany, copyright "
            "cannot be transferred (§ 29(1) of the German Copyright Act, UrhG); there the assignment takes "
            "effect as the grant of exclusive rights of use (Nutzungsrechte)") in shop
    assert "(§§ 31 and 31a UrhG)" in shop


def test_no_german_note_or_moral_rights_in_a_us_only_deal(tmp_path):
    """Neither rule reaches two US parties: no CDPA waiver, no UrhG note."""
    us = [("jurisdiction: DE\n", "jurisdiction: US-CA\n"),
          ("address: Schillerstraße 12, 80336 München, Germany", "address: 1 Market St, San Francisco, CA 94105, USA")]
    text = contract_text(render(tmp_path, SHOP, edits=us))
    assert "UrhG" not in text and "Designs and Patents Act" not in text
    assert "cannot be assigned under the applicable law" in text


# --- 2. The start of work and the deposit ---------------------------------------------------------

def test_start_is_the_later_of_the_date_and_the_deposit_and_check_warns_when_the_deposit_is_due_later(
        tmp_path, shop):
    """The figures (compute.work_start) start work on the later of the fixed start and the day the
    deposit arrives; the contract now says exactly that, and `check` warns when a deposit paid on
    time (due 13 Dec, a Sunday, so 14 Dec: a payment falling due on a day that is not a business
    day is due on the next one, Section 3 and N.Y. Gen. Constr. Law § 25) would still move every
    date of a start fixed on 6 Dec."""
    start = "7 December 2026"  # 6 December is a Sunday: the first business day
    assert (f"2.1. The Contractor shall start the Work on the later of {start} and the day the "
            "deposit is received (or, if that is not a business day, the next business day), and complete "
            "it no later than") in shop
    assert (f"2.3. If the deposit is received after {start}, all deadlines move by the number of "
            f"business days from {start} until the day the Work starts under Section 2.1.") in shop
    folder = render(tmp_path, SHOP, docs=("brief",), fmt="docx")
    out = run("check", folder).output
    assert ("warning: contract.start: work starts 2026-12-06, but the deposit is due as late as 2026-12-14: "
            "a deposit paid on time then moves every deadline") in out
    # a start after the deposit's due date: nothing to warn about
    (folder / "project.yaml").write_text((folder / "project.yaml").read_text(encoding="utf-8").replace(
        "  start: 2026-12-06", "  start: 2026-12-14"), encoding="utf-8")
    assert "contract.start" not in run("check", folder).output


def test_a_deposit_on_time_before_the_start_moves_no_date(ws):
    """With the start after the deposit's due date, the Exhibit 1 dates as signed stay as they are
    when the deposit is paid on its last day (the state's figures, read back from `show`)."""
    path = repo_of(ws, SHOP)
    text = (path / "project.yaml").read_text(encoding="utf-8").replace("  start: 2026-12-06",
                                                                       "  start: 2026-12-14")
    (path / "project.yaml").write_text(text, encoding="utf-8")
    with git.Repo(path) as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("start after the deposit")
    run("sign", path, "--date", "2026-12-06")
    before = run("show", path).output
    run("paid", path, "1", "--date", "2026-12-13")
    after = run("show", path).output
    for text in (before, after):  # Discovery 14-18 Dec, build 11 Jan - 1 Feb, as signed
        assert re.search(r"discovery .* 2026-12-14 │ 2026-12-18", text), text
        assert re.search(r"build .* 2027-01-11 │ 2027-02-01", text), text


# --- 3. The SCCs completed ------------------------------------------------------------------------

def test_sccs_are_completed_in_an_exhibit_with_options_annexes_and_the_transfer_assessment(shop):
    """Decision (EU) 2021/914, Module Two: Annex I (parties, description), II (measures), III
    (sub-processors), the options of Clauses 7, 9(a), 11, 13, 17, 18, and Clause 14's assessment."""
    assert ("module two (controller to processor), incorporated into this Agreement by reference and "
            "completed in Exhibit 3, which states the options chosen (Clauses 7, 9(a), 11, 13, 17 and 18), "
            "Annexes I to III and the transfer impact assessment (Clause 14)") in shop
    assert "Exhibit 3, Standard Contractual Clauses: Options and Annexes" in shop
    exhibit = shop.split("STANDARD CONTRACTUAL CLAUSES (MODULE TWO): OPTIONS AND ANNEXES", 1)[1]
    assert "Clause 7 (docking clause) does not apply" in exhibit
    assert "Clause 9(a): Option 1, specific prior authorisation" in exhibit  # as §12.3.4 says
    assert "prior specific written authorization" in shop  # New York law: US spelling (review-en5 E1)
    assert "Clause 11(a): the option to lodge a complaint with an independent dispute resolution body" in exhibit
    assert "Clause 13: the supervisory authority" in exhibit and "of Germany" in exhibit
    assert "Clause 17: Option 1. The Clauses are governed by the law of Germany." in exhibit
    assert "Clause 18(b): disputes arising from the Clauses are resolved by the courts of Germany." in exhibit
    assert "Clause 14 (transfer impact assessment)" in exhibit and "Clause 14(d)" in exhibit
    assert "Data exporter: Müller Feinkost GmbH, Schillerstraße 12, 80336 München, Germany" in exhibit
    assert "role: controller" in exhibit and "role: processor" in exhibit
    for part in ("Annex I.B. Description of the transfer", "Categories of data subjects",
                 "Sensitive data: none", "Annex II. Technical and organisational measures",
                 "Annex III. List of sub-processors"):
        assert part in exhibit, part


def test_no_scc_exhibit_without_a_transfer(design):
    """A US client's data leaves no EU exporter: nothing to complete."""
    assert "STANDARD CONTRACTUAL CLAUSES" not in design


# --- 4. New York law and the federal courts -----------------------------------------------------

def test_check_warns_of_new_york_law_with_no_new_york_party_under_250000(tmp_path):
    """N.Y. GOL §5-1401/5-1402 save a New York choice only from $250,000 (forum: $1 million)."""
    folder = render(tmp_path, SHOP, docs=("brief",))
    out = run("check", folder).output
    assert ("warning: terms.governing_law: New York law or courts with no party in New York and a contract "
            "under $250,000: N.Y. General Obligations Law §§5-1401 and 5-1402 do not apply") in out
    assert "28 U.S.C. §1332(a)(1), (2)" in out  # diversity and alienage both
    ny = run("check", render(tmp_path / "ny", SHOP, docs=("brief",), edits=[(
        "address: 500 Congress Avenue, Suite 210, Austin, TX 78701, USA",
        "address: 1 Broadway, New York, NY 10004, USA")])).output
    assert "5-1401" not in ny


@pytest.fixture(scope="module")
def shop_claim(tmp_path_factory):
    """The shop signed on 7 Dec with its deposit never paid: the notice of default on 10 Jan."""
    ws = tmp_path_factory.mktemp("claim")
    path = repo_of(ws, SHOP)
    run("sign", path, "--date", "2026-12-07")
    run("claim", path, "--date", "2027-01-10", "--format", "docx")
    return (normal(docx_text(next((path / "out").glob("letter-*-claim-*.docx")))),
            mail_text(next((path / "out").glob("letter-*-claim.eml"))))


def test_claim_under_75000_threatens_no_federal_court(shop_claim):
    """28 U.S.C. §1332(a): a federal court hears the claim (diversity or alienage) only over $75,000."""
    letter, _ = shop_claim
    # §15.4 names state and federal courts: the claim cites the clause, not "the state courts" alone
    # (review-en6, minor)
    assert "bring the dispute before the courts named in Section 15.4 of the Agreement," in letter
    assert "federal" not in letter


def test_notice_of_default_gives_notice_under_the_licence_and_termination_clauses_and_goes_by_post(
        shop_claim):
    """The notice the Agreement's remedies wait for (§11.2: the licence ends 15 days after it; §16.3:
    termination 10 days after it), rights reserved, and sent by post as §7.2 requires."""
    letter, eml = shop_claim
    for text in (letter, eml):
        assert ("This letter is also the Contractor’s written notice of late payment under Section 16.3 of "
                "the Agreement: if the amount overdue is not paid within 10 calendar days after the Client "
                "receives it, the Contractor may terminate the Agreement by written notice.") in text
        assert ("It is also the written notice under Section 11.2 of the Agreement: if any amount remains "
                "unpaid 15 calendar days after the Client receives it, the Client’s license to use the "
                "Deliverables ends") in text
        assert "The Contractor reserves all its rights and remedies under the Agreement and at law" in text
        assert ("Sent by email to einkauf@mueller-feinkost.example and by post to Schillerstraße 12, 80336 "
                "München, Germany, as Section 7.2 of the Agreement requires.") in text
    assert "Notices of termination and claims are also sent by post" in contract_text_of_claim_project()


def contract_text_of_claim_project() -> str:
    """§7.2 as the shop's contract words it (the claim cites it by number)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        text = contract_text(render(Path(tmp), SHOP))
    assert re.search(r"7\.2\. A communication is received", text)
    return text


# --- 6. The reminder names every overdue amount ---------------------------------------------------

def test_reminder_lists_every_overdue_amount(ws):
    """The design's deposit (£9,400, its term ending on Sunday 20 Dec, so due on Monday 21 Dec) and
    final payment (£9,400, due 18 Feb) are both late;
    the reminder about the first names the second and the total, so no silence reads as a waiver."""
    path = repo_of(ws, DESIGN)
    run("sign", path, "--date", "2026-12-06")
    run("accept", path, "all", "--date", "2027-02-04")
    run("remind", path, "--date", "2027-02-25")
    text = mail_text(next((path / "out").glob("letter-*-remind.eml")))
    assert "Payment of £9,400.00 was due on 21 December 2026" in text
    assert ("Also overdue under the Agreement as of 25 February 2027: - £9,400.00, due on 18 February 2027, "
            "7 days overdue.") in text
    assert "In total £18,800.00 is overdue. Please transfer £18,800.00" in text


# --- 7. VAT on invoices between countries ---------------------------------------------------------

@pytest.fixture(scope="module")
def shop_invoice(tmp_path_factory):
    ws = tmp_path_factory.mktemp("invoice")
    text = SHOP.read_text(encoding="utf-8").replace(
        "  registration: HRB 123456, Amtsgericht München\n",
        "  registration: HRB 123456, Amtsgericht München\n  vat_id: DE123456789\n")
    path = ws / "shop"
    path.mkdir()
    (path / "project.yaml").write_text(text, encoding="utf-8")
    with git.Repo.init(path, initial_branch="main") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("project")
    run("sign", path, "--date", "2026-12-07")
    run("invoice", path, "1", "--date", "2026-12-07", "--format", "pdf")
    return next((path / "out").glob("invoice-*.pdf"))


def test_eu_b2b_invoice_says_reverse_charge_and_shows_the_client_vat_id(shop_invoice):
    """Directive 2006/112/EC Art. 196 (the German customer accounts for the VAT; §13b UStG) and
    Art. 226(4) (the customer's VAT id on the invoice)."""
    from pypdf import PdfReader

    text = normal(" ".join(p.extract_text() for p in PdfReader(str(shop_invoice)).pages))
    assert ("Reverse charge: VAT to be accounted for by the recipient (Article 196 of Council Directive "
            "2006/112/EC; §13b UStG)") in text.replace("2006/112/ EC", "2006/112/EC")
    assert "VAT ID DE123456789" in text


def test_facturx_vat_category_matches_the_note_and_passes_en16931(shop_invoice):
    """EN 16931: category AE with rate 0 and VATEX-EU-AE (BR-AE-5, -6, -10), the buyer's VAT id
    (BT-48, BR-AE-2); XSD and the CEN Schematron both pass."""
    import facturx
    from lxml import etree
    from pypdf import PdfReader

    from tests.en16931 import rule_errors

    xml = PdfReader(str(shop_invoice)).attachments["factur-x.xml"][0]
    assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931") is True
    assert rule_errors(xml) == []
    ns = {"ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}
    root = etree.fromstring(xml)
    assert root.xpath("//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode/text()",
                      namespaces=ns) == ["AE"]
    assert root.xpath("//ram:ExemptionReasonCode/text()", namespaces=ns) == ["VATEX-EU-AE"]
    assert root.xpath("//ram:BuyerTradeParty/ram:SpecifiedTaxRegistration/ram:ID/text()",
                      namespaces=ns) == ["DE123456789"]


def test_uk_supplier_to_a_us_business_is_outside_the_scope_of_uk_vat(ws):
    """VATA 1994 s.7A: a UK supplier's services to a business customer abroad are supplied where the
    customer is: outside the scope of UK VAT (EN 16931 category O, no VAT ids, BR-O-*)."""
    from pypdf import PdfReader

    from tests.en16931 import rule_errors

    path = repo_of(ws, DESIGN)
    run("sign", path, "--date", "2026-12-06")
    run("invoice", path, "1", "--date", "2026-12-06", "--format", "pdf")
    pdf = next((path / "out").glob("invoice-*.pdf"))
    reader = PdfReader(str(pdf))
    text = normal(" ".join(p.extract_text() for p in reader.pages))
    assert ("Outside the scope of UK VAT: services supplied to a business customer outside the United "
            "Kingdom (section 7A of the Value Added Tax Act 1994)") in text
    xml = reader.attachments["factur-x.xml"][0]
    assert b"<ram:CategoryCode>O</ram:CategoryCode>" in xml and b"VATEX-EU-O" in xml
    assert rule_errors(xml) == []
    # 8. the UK company's disclosures on the invoice (Companies Act 2006 s.82; 2015 Regs reg. 25)
    assert ("Thames Pixel Ltd, registered in England and Wales with company number 01234567; registered "
            "office: 1 Example Street, London EC1A 1AA, United Kingdom.") in text
    # 9. A4 for a UK party, and no numeric date (595 x 842 pt)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert not re.search(r"\b\d{2}/\d{2}/\d{4}\b", text)


# --- 8. UK trading disclosures --------------------------------------------------------------------

def test_uk_company_names_its_number_place_of_registration_and_registered_office_in_the_contract(design):
    """Companies Act 2006 s.82 and the Trading Disclosures Regulations 2015 reg. 25."""
    assert ("Thames Pixel Ltd, a private limited company registered in England and Wales, company number "
            "01234567, whose registered office is at 1 Example Street, London EC1A 1AA, United Kingdom "
            "(the “Contractor”)") in design
    assert "Registered office: 1 Example Street" in design
    assert "Registration: Company No. 01234567, registered in England and Wales" in design


def test_uk_company_letters_carry_the_disclosures(ws):
    path = repo_of(ws, DESIGN)
    run("sign", path, "--date", "2026-12-06")
    run("remind", path, "--date", "2027-01-05")
    text = mail_text(next((path / "out").glob("letter-*-remind.eml")))
    assert ("Thames Pixel Ltd, registered in England and Wales with company number 01234567; registered "
            "office: 1 Example Street, London EC1A 1AA, United Kingdom.") in text


# --- 9. Paper, dates and English-law words ---------------------------------------------------------

def test_uk_and_eu_deals_print_on_a4_with_dates_no_one_misreads(tmp_path):
    """ISO 216 A4 outside US-US deals (DOCX and PDF); "7 Dec 2026", never 12/07/2026, in Exhibit 1."""
    from docx import Document
    from docx.shared import Mm
    from pypdf import PdfReader

    for source in (SHOP, DESIGN):
        folder = render(tmp_path / source.stem, source, docs=("contract", "scope"), fmt="pdf,docx")
        pdf = next((folder / "out").glob("contract-*.pdf"))
        box = PdfReader(str(pdf)).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842), source
        section = Document(str(next((folder / "out").glob("contract-*.docx")))).sections[0]
        assert abs(section.page_width - Mm(210)) < Mm(1), source
        scope = normal(docx_text(next((folder / "out").glob("scope-*.docx"))))
        assert not re.search(r"\b\d{2}/\d{2}/\d{4}\b", scope), source
        assert re.search(r"\b\d{1,2} (Dec|Jan|Feb) 202[67]\b", scope), source


def test_english_law_says_legal_costs_and_bank_holidays(design, shop):
    """English law has no "attorneys' fees" (costs are "legal costs", CPR Part 44), and the business
    days exclude the bank holidays of England and Wales (Banking and Financial Dealings Act 1971)."""
    assert "The prevailing Party may recover its reasonable legal costs." in design
    assert "attorneys" not in design
    assert "excluding weekends and bank holidays in England and Wales" in design
    assert "GB calendar" not in design
    assert "reasonable attorneys’ fees and costs" in shop  # New York law keeps the US words


# --- 10. A client-caused extension takes effect on notice ---------------------------------------

def test_client_caused_delay_is_in_effect_on_notice_in_the_update_and_the_page(ws):
    """§2.4 moves the deadlines on the Contractor's notice, without a Change Order (§8.1 excepts it):
    the update letter and the client's page must not ask the client to approve it."""
    path = repo_of(ws, DESIGN)
    run("sign", path, "--date", "2026-12-06")
    run("paid", path, "1", "--date", "2026-12-07")
    run("asked", path, "Existing logo files", "--date", "2026-12-08")
    run("received", path, "R-001", "--date", "2026-12-18")
    run("notice", "delay", path, "logo", "--days", "3", "--client-caused", "--reason",
        "The Client sent the logo files late", "--date", "2026-12-18")
    delay = mail_text(next((path / "out").glob("letter-*-delay.eml")))
    assert "the new dates take effect on this notice, without the Client’s approval" in delay
    run("update", path, "--date", "2026-12-21")
    text = mail_text(next((path / "out").glob("letter-*-update.eml")))
    assert "Awaiting your approval" not in text and "a Change Order will confirm it" not in text
    assert re.search(r"moved from \d+ \w+ 2026 to \d+ \w+ 2027 by our notice of 18 December 2026 under "
                     r"Section 2\.4 of the Agreement \(CR-\d+\);", text), text
    assert "this took effect on the Contractor’s notice, without a Change Order" in text
    site = ws / "site"
    run("publish", path, "--out", site)
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "in effect on the Contractor&#39;s notice under the Agreement" in page
    assert "Nothing is waiting for approval." in page
    # 7. the page says what the invoices say about VAT (VATA 1994 s.7A), not a bare "No VAT"
    assert "Outside the scope of UK VAT" in page and "No VAT" not in page
    # 9. and its dates are unambiguous
    assert not re.search(r"\b\d{2}/\d{2}/\d{4}\b", page) and "7 December 2026" in page  # in words


# --- also from the report: the pre-action step binds, English e-signature validity ----------------

def test_pre_action_claim_is_a_condition_of_proceedings(shop, design):
    """A claim step that only asks for a letter does not stop a claimant; this one bars proceedings
    until the answer period has passed (injunctive relief stays open, as the next clause says)."""
    assert "No Party may start court proceedings on that dispute until that period has passed." in shop
    assert "No Party may start arbitration on that dispute until that period has passed." in design


def test_english_esignature_cites_the_common_law_for_validity(design):
    """ECA 2000 s.7 goes to admissibility; validity rests on the common law (Golden Ocean Group v
    Salgaocar Mining Industries [2012] EWCA Civ 265)."""
    assert "Golden Ocean Group Ltd v Salgaocar Mining Industries Pvt Ltd [2012] EWCA Civ 265" in design


def test_several_copyleft_components_are_listed_as_english_reads(shop):
    """"WordPress, WooCommerce are licensed under a copyleft license" -> a list joined by "and",
    each under its own licence (the GNU GPL versions listed in §11.3)."""
    assert ("WordPress, MC4WP Mailchimp for WordPress and WooCommerce are licensed under copyleft licenses, "
            "as listed in this Section.") in shop
