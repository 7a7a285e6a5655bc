"""EN-1 after an independent US commercial lawyer's review (issue 10, /work/briefs/en-review.md).

Every clause is read back from the rendered PDF and DOCX of the bundled example
projects/blue-harbor-shop; the law each one answers to is named in the test.
"""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import cli
from contractkit.load import load_project
from contractkit.render.documents import running_head
from tests.conftest import copy_example, run
from tests.readback import docx_blocks, docx_text, normal, pdf_body
from tests.test_billing import example
from tests.test_billing_acts import texts

EN1_HEAD = "Agreement No. NW-2026-11 dated November 30, 2026"


@pytest.fixture(scope="module")
def en1(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("enlegal")
    project = copy_example("blue-harbor-shop", base / "harbor")
    result = CliRunner().invoke(cli, ["render", str(project.parent)], catch_exceptions=False,
                                env={"CONTRACTKIT_HOME": str(base)})
    assert result.exit_code == 0, result.output
    return {Path(p).name.split("-")[0] + Path(p).suffix: Path(p) for p in result.output.split()}


def both(files: dict[str, Path], doc: str) -> list[str]:
    """[PDF text, DOCX text] of one document, whitespace normalised, running heads dropped."""
    pdf = files[f"{doc}.pdf"]
    project = load_project(pdf.parent.parent / "project.yaml")
    body = normal(pdf_body(pdf, running_head(project, doc), "Page"))
    return [re.sub(r"(\w)- (\w)", r"\1-\2", body), normal(docx_text(files[f"{doc}.docx"]))]


@pytest.mark.parametrize("fmt", [0, 1], ids=["pdf", "docx"])
def test_esign_act_and_ueta_signatures_with_counterparts_and_named_signers(en1, fmt):
    """ESIGN, 15 U.S.C. 7001; UETA, RCW ch. 1.80 and ORS 84.001-84.061: a PDF or e-signature service
    signature binds as an original; a scan is no longer "a copy" that needs a paper original."""
    text = both(en1, "contract")[fmt]
    assert ("may be signed in counterparts, each an original and together one instrument") in text
    assert ("A signature delivered by PDF, a recognized e-signature service, or an email from the signer’s "
            "address in Section 19 that expressly approves an attached document is an electronic signature "
            "that binds that Party as an original under the federal ESIGN Act (15 U.S.C. §7001 et seq.) and "
            "each Party’s own law (for a Party in Oregon, the Uniform Electronic Transactions Act as adopted "
            "in Oregon; for a Party in Washington, the Uniform Electronic Transactions Act as adopted in "
            "Washington).") in text  # ORS 84.001-84.061; RCW ch. 1.80
    assert ("Only Priya Shah (Client) and Alex Morgan (Contractor), or a person either Party names in "
            "writing, may sign Change Orders and certificates.") in text
    assert "scanned copy" not in text and "signed original" not in text


@pytest.mark.parametrize("fmt", [0, 1], ids=["pdf", "docx"])
def test_license_to_run_the_store_before_full_payment_and_contractor_materials(en1, fmt):
    """17 U.S.C. 201(b), 204(a): work of a contractor is not work for hire; the assignment takes
    effect on full payment, so the client needs a license meanwhile to trade on the live store."""
    text = both(en1, "contract")[fmt]
    assert "may use the Deliverables only to review and accept them" not in text
    assert ("Until full payment the Contractor grants the Client a non-exclusive, revocable license to use "
            "the Deliverables, including to operate them live. The license ends if any amount remains "
            "unpaid 15 calendar days after written notice.") in text
    assert "(“Contractor Materials”)" in text
    assert "perpetual, worldwide, non-exclusive, royalty-free license to use and modify them" in text
    assert "The Client owns the Client Materials and grants the Contractor a license" in text
    # Dawn's license allows use only with Shopify: not "the MIT License"
    assert "permits use only with Shopify software or services" in text and "the MIT License" not in text


@pytest.mark.parametrize("fmt", [0, 1], ids=["pdf", "docx"])
def test_disclaimer_and_liability_cap_are_conspicuous(en1, fmt):
    """UCC 2-316(2) (RCW 62A.2-316, ORS 72.3160): an implied-warranty disclaimer must mention
    merchantability and be conspicuous; consequential damages are excluded and the cap includes
    change orders."""
    text = both(en1, "contract")[fmt]
    assert ("EXCEPT AS EXPRESSLY STATED IN THIS AGREEMENT, THE CONTRACTOR MAKES NO WARRANTIES, EXPRESS OR "
            "IMPLIED, INCLUDING WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND "
            "NON-INFRINGEMENT.") in text
    assert "NEITHER PARTY IS LIABLE FOR INDIRECT, INCIDENTAL, SPECIAL OR CONSEQUENTIAL DAMAGES" in text
    assert ("EACH PARTY’S TOTAL LIABILITY IS LIMITED TO THE FEES PAID AND PAYABLE UNDER THIS AGREEMENT, "
            "INCLUDING CHANGE ORDERS AND THE SUPPORT PLAN.") in text  # the plan's fees count too
    assert ("A PARTY’S INDEMNITY OBLIGATIONS UNDER SECTION 11 (THE CONTRACTOR’S WITHIN THE LIMIT STATED "
            "THERE), AND BREACH OF SECTION 13") in text
    assert "limited to the total fee" not in text
    assert "defend, indemnify and hold harmless the Client" in text
    assert "defend, indemnify and hold harmless the Contractor" in text
    assert "let the indemnifying Party control the defense and settlement" in text
    assert "defend and settle" not in text


def test_disclaimer_is_bold_in_docx(en1):
    """Conspicuous (UCC 1-201(b)(10)): capitals and bold, in Word too."""
    from docx import Document

    doc = Document(str(en1["contract.docx"]))
    runs = [r for p in doc.paragraphs for r in p.runs if "MERCHANTABILITY" in r.text]
    assert runs and all(r.bold for r in runs)


@pytest.mark.parametrize("doc", ["contract", "payments"])
def test_late_interest_is_lawful_in_washington_and_oregon(en1, doc):
    """ORS 82.010(3) and RCW 19.52.020 cap interest at 12% a year: 0.05% a day (18.25% a year) was
    over it; 1% a month simple, with a fallback to the highest lawful rate."""
    for text in both(en1, doc):
        # "computed daily on a 365-day year": the claim divides the yearly rate by 365 (review-en3 minor 5)
        assert ("Overdue amounts bear interest at 1% per month (12% per year), simple, computed daily on a "
                "365-day year, from the day after the due date until paid, or at the highest rate permitted "
                "by applicable law, if lower.") in text
        assert "per day" not in text


def test_a_per_day_late_fee_in_english_falls_back_to_the_lawful_rate(tmp_path):
    """A project keeping the per-day late fee still gets the usury fallback (ORS 82.010(3))."""
    project = copy_example("blue-harbor-shop", tmp_path / "harbor")
    text = project.read_text(encoding="utf-8")
    project.write_text(text.replace("  late_interest_monthly: 1", "  late_penalty:\n    per_day: 0.05\n"
                                    "    cap: 10"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(project.parent), "--format", "docx"],
                                catch_exceptions=False, env={"CONTRACTKIT_HOME": str(tmp_path)})
    assert result.exit_code == 0, result.output
    docx = normal(docx_text(project.parent / "out" / "contract-NW-2026-11.docx"))
    assert ("Late payments bear a late fee of 0.05% of the overdue amount per day, from the day after the due "
            "date through the day of payment, capped at 10% of that amount, or at the highest rate "
            "permitted by applicable law, if lower.") in docx
    assert ("of that milestone’s price per calendar day of delay, capped at 10% of that price. These amounts "
            "are the Client’s sole monetary remedy for delay.") in docx


@pytest.mark.parametrize("fmt", [0, 1], ids=["pdf", "docx"])
def test_deposit_materials_and_final_acceptance_fit_together(en1, fmt):
    text = both(en1, "contract")[fmt]
    # work starts on December 1 and the deposit is due December 7: deadlines move from the start
    assert ("If the deposit is received after December 1, 2026, all deadlines move by the number of "
            "business days from December 1, 2026 until the day the Work starts under Section 2.1.") in text
    # one period for the client's materials (Section 6.2), not a second one after a notice
    assert ("within the periods in Section 6.2 and Exhibit 1, all deadlines move by the number of business "
            "days from the end of that period until they are received. If the delay exceeds 10 business "
            "days, the Contractor may suspend the Work on written notice.") in text
    assert "“Final acceptance” means acceptance of the last milestone in Exhibit 1." in text
    assert "within 5 business days after receiving the rejection" in text
    assert "reasonable time agreed by the Parties" not in text


@pytest.mark.parametrize("doc", ["contract", "payments"])
def test_no_undefined_launch_trigger(en1, doc):
    for text in both(en1, doc):
        assert "after launch" not in text
        assert "within 7 calendar days after acceptance of Milestone 4 (Launch and staff training)" in text


@pytest.mark.parametrize("fmt", [0, 1], ids=["pdf", "docx"])
def test_boilerplate_a_us_court_expects(en1, fmt):
    """Severability, survival, precedence, assignment, waiver, costs, taxes; confidentiality
    exclusions; calendar-day notice and cure; injunctive relief; attorneys' fees (RCW 4.84.330 and
    ORS 20.096 make a one-sided fee clause mutual anyway)."""
    text = both(en1, "contract")[fmt]
    for clause in (
        "it is enforced to the maximum extent permitted and the rest of this Agreement remains in effect",
        "Sections 3, 9, 10, 11, 12, 13, 16, 17 and 18 survive termination of this Agreement.",
        "If documents conflict, this Agreement prevails, then Exhibit 1, then Exhibit 2; a "
        "Change Order prevails over the documents it amends. The brief is background and forms no part of "
        "this Agreement.",
        "Neither Party may assign this Agreement without the other Party’s written consent",
        "may be amended, and a right under it waived, only in a writing signed by both Parties",
        "The Client pays directly all third-party fees",
        "Fees exclude sales, use and similar taxes",
        "Confidential information excludes information that is or becomes public through no fault of the "
        "recipient",
        "The Client may terminate this Agreement by 10 calendar days’ written notice",
        "if the other materially breaches it and does not cure the breach within 10 calendar days",
        "This does not prevent a Party from seeking injunctive relief at any time.",
        "The prevailing Party may recover its reasonable attorneys’ fees and costs.",
        "This Section does not excuse payment obligations.",
    ):
        assert clause in text, clause


@pytest.mark.parametrize("fmt", [0, 1], ids=["pdf", "docx"])
def test_preamble_and_us_signature_blocks(en1, fmt):
    text = both(en1, "contract")[fmt]
    # each party with the address that identifies it and takes notices (review-en4 E8)
    assert ("between Blue Harbor Bakery Inc., a Washington corporation whose principal office is at 12 Harbor "
            "Road, Seattle, WA 98101, USA (the “Client”) and Northwind Web Studio LLC, an Oregon limited "
            "liability company whose principal office is at 100 Main Street, Portland, OR 97204, USA (the "
            "“Contractor”)") in text
    assert "represented by" not in text and "Portland, Oregon" not in text and "Registration: EIN" not in text
    assert "ABA routing number: 123000848" in text
    assert "Name: Priya Shah" in text and "Name: Alex Morgan" in text
    assert "Title: CEO" in text and "Title: Managing Member" in text
    assert text.count("By: ___") == 2 and text.count("Date: ___") == 2
    assert "/ P. Shah /" not in text


def test_english_documents_print_on_us_letter(en1):
    from docx import Document
    from docx.shared import Inches
    from pypdf import PdfReader

    for name in ("contract", "scope", "payments", "support", "brief"):
        box = PdfReader(str(en1[f"{name}.pdf"])).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # 8.5 x 11 in
        section = Document(str(en1[f"{name}.docx"])).sections[0]
        assert (section.page_width, section.page_height) == (Inches(8.5), Inches(11))


def test_russian_documents_stay_on_a4_with_their_penalty(tmp_path):
    """Russian documents keep A4 and the per-day неустойка (ГК РФ ст. 330): only English changed."""
    from pypdf import PdfReader

    project = copy_example("romashka-site", tmp_path / "romashka")
    result = CliRunner().invoke(cli, ["render", str(project.parent)],
                                catch_exceptions=False, env={"CONTRACTKIT_HOME": str(tmp_path)})
    assert result.exit_code == 0, result.output
    box = PdfReader(str(project.parent / "out" / "contract-2026-031.pdf")).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = normal(docx_text(project.parent / "out" / "contract-2026-031.docx"))
    assert "неустойки в размере 0,1 % от неоплаченной в срок суммы за каждый день просрочки" in text


def test_exhibit_1_goals_are_not_warranted_and_criteria_are_objective(en1):
    for text in both(en1, "scope"):
        assert ("The goals describe the Client’s business aims; they are not acceptance criteria or warranted "
                "results.") in text
        assert "approved in writing" not in text
        assert "(a) Sitemap and page list delivered covering all pages and requirements listed in Exhibit 1, Section 1.3." in text
        assert ("(a) Desktop and mobile designs delivered for the home, catalog, product and checkout pages; "
                "(b) Client comments from the included revision rounds incorporated.") in text
        assert "(c) A customer can choose a pickup time slot at checkout." in text


@pytest.mark.parametrize("fmt", [0, 1], ids=["pdf", "docx"])
def test_support_plan_stands_on_the_agreement(en1, fmt):
    text = both(en1, "support")[fmt]
    assert ("under Agreement No. NW-2026-11 dated November 30, 2026. The provisions of that Agreement on "
            "notices, liability, warranty disclaimer, intellectual property, personal data, confidentiality, "
            "governing law and disputes, and its general provisions, apply to this Support Plan.") in text
    assert "The Plan starts on the day after final acceptance" in text
    assert "invoiced monthly in advance" in text and "The first month is prorated by calendar days." in text
    assert "the Contractor refunds the unused part of a prepaid month" in text
    assert "Shopify app and theme updates" in text and "plugin" not in text
    assert "weekly backups by a third-party backup app paid for by the Client" in text
    assert text.count("Date: ___") == 2


def test_brief_yields_to_the_agreement(en1):
    for text in both(en1, "brief"):
        assert "This brief is for information; the Agreement and Exhibit 1 prevail." in text


def test_invoice_names_the_agreement_in_plain_words_with_terms_and_lawful_interest(ws):
    """Issue 13 ties an invoice to the signed version: the tag and hash stay in a small reference
    line; the basis reads as a lawyer writes it, with "Net 7" terms and ORS 82.010 interest."""
    path = example(ws, "blue-harbor-shop", "harbor")
    run("sign", path, "--date", "2026-11-30")
    run("invoice", path, "prepayment", "--date", "2026-11-30")
    docx, pdf = texts(path, "invoice-2026-001-NW-2026-11", EN1_HEAD, "Page")
    for text in (docx, pdf):
        assert "Agreement: Agreement No. NW-2026-11 dated November 30, 2026" in text
        assert "Terms: Net 7" in text
        assert "Basis:" not in text and "Factur-X" not in text and "EN 16931" not in text
        assert "Document reference: signed version “contract”, project file SHA-256" in text
        assert "ABA routing number 123000848" in text
        assert "or at the highest rate permitted by applicable law, if lower." in text
    from pypdf import PdfReader

    attached = PdfReader(str(path / "out" / "invoice-2026-001-NW-2026-11.pdf")).attachments
    # the e-invoice and the document's data, never the project file
    assert sorted(attached) == ["document-data.json", "factur-x.xml"]
    from tests.test_billing_invoices import cii, facturx_of

    xml = facturx_of(path / "out" / "invoice-2026-001-NW-2026-11.pdf")  # still valid EN 16931
    assert cii(xml, "//ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID") == ["FHBKUS44"]


def test_certificate_has_no_general_release(ws):
    path = example(ws, "blue-harbor-shop", "harbor")
    run("sign", path, "--date", "2026-11-30")
    run("accept", path, "discovery", "--date", "2026-12-03")
    docx, pdf = texts(path, "act-1-NW-2026-11", EN1_HEAD, "Page")
    for text in (docx, pdf):
        assert "no claims" not in text
        assert ("The Client confirms that the milestones listed above meet their acceptance criteria. This "
                "does not affect the Client’s rights under the warranty in the Agreement.") in text
        assert "Portland, Oregon" not in text
        assert "By: ___" in text and "Name: Priya Shah" in text


def test_no_template_leaves_a_docx_block_empty_for_the_signature(en1):
    """The US block has one row per line: By, Name, Title, Date, side by side in Word."""
    cells = [t for s, t in docx_blocks(en1["contract.docx"]) if s == "cell"]
    assert "By: _____________________" in cells and "Name: Priya Shah" in cells


def test_en1_change_order_figures_and_signatures_beside_operative_text(ws):
    """EN-1 change request 1 as `make demo` runs it: the figures of the scenario, the amendment
    sentence, and the signature lines on a page that carries operative clauses."""
    from pypdf import PdfReader

    from tests.test_addendum_documents import EN_ORDERING
    from tests.test_workflow import edit

    run("new", "harbor", "--from-example", "blue-harbor-shop")
    run("sign", "harbor", "--date", "2026-11-30")
    edit(ws / "harbor" / "project.yaml", "\npayment:", EN_ORDERING)
    run("change", "harbor", "-m", "Online ordering integration", "--requested-on", "2026-12-08", "--estimate")
    run("addendum", "harbor", "--date", "2026-12-16")
    pdf = ws / "harbor" / "out" / "addendum-1-NW-2026-11.pdf"
    pages = [normal(p.extract_text() or "") for p in PdfReader(str(pdf)).pages]
    text = " ".join(pages)
    assert "The original contract sum was $12,200.00" in text
    assert "The new contract sum is $14,480.00" in text and "$912.00" in text
    # the added milestone starts January 7: the completion holds if its deposit is in by the day before
    assert ("The Work shall be completed by January 12, 2027 (if the additional deposit is received by "
            "January 6, 2027; currently January 6, 2027") in text
    assert "This Change Order amends the Agreement; all other terms are unchanged" in text
    last = pages[-1]
    assert "By: ___" in last and "This Change Order amends the Agreement" in last
    assert (round(float(PdfReader(str(pdf)).pages[0].mediabox.width))) == 612  # US Letter


@pytest.mark.parametrize("fmt", [0, 1], ids=["pdf", "docx"])
def test_status_notices_and_privacy_in_us_terms(en1, fmt):
    """An independent contractor (IRS common-law test), notices that failed do not count, and no
    GDPR "controller" in a Washington contract (RCW 19.255.010 breach notice)."""
    text = both(en1, "contract")[fmt]
    assert "is responsible for its own taxes, insurance and benefits and has no authority to bind the Client" in text
    assert "unless the sender receives a non-delivery message" in text
    assert "Notices of termination and claims are also sent by post to the addresses in Section 19." in text
    assert "controller" not in text
    # RCW 19.255.010(2): whoever maintains data it does not own notifies the owner of a breach
    # immediately following discovery (issue 24, round 10: the US processor terms)
    assert ("notify the Client immediately after discovering any unauthorized access to or acquisition of "
            "Client Personal Data") in text


def test_every_milestone_has_content(en1):
    for text in both(en1, "scope"):
        assert text.count("Content: ") == 4


def test_a_studio_may_keep_the_deposit_on_termination_for_convenience(tmp_path):
    """The studio's option from the review (item 16): a non-refundable deposit, stated where the
    client terminates and where the deposit would otherwise be refunded."""
    project = copy_example("blue-harbor-shop", tmp_path / "harbor")
    text = project.read_text(encoding="utf-8")
    project.write_text(text.replace("deposit_non_refundable: false", "deposit_non_refundable: true"),
                       encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(project.parent), "--format", "docx"],
                                catch_exceptions=False, env={"CONTRACTKIT_HOME": str(tmp_path)})
    assert result.exit_code == 0, result.output
    docx = normal(docx_text(project.parent / "out" / "contract-NW-2026-11.docx"))
    assert "the Contractor’s costs incurred; the deposit is then non-refundable." in docx
    assert "refund any part of the deposit (unless it is non-refundable under Section 17.2)" in docx
