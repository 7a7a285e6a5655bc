"""Issue 24, items 1-7: the English documents after a US/UK contracts lawyer's third review.

EN-2 (tests/data/en-2-london.yaml) is the reviewer's kind of project: a New York sole proprietor
trading under a name, a London Ltd client, USD, GPL/MIT/font components, a support plan and a
booking form that collects customers' data. Every assertion reads the rendered DOCX or PDF back;
the rule of law each one answers to is named in the test.
"""

import re
import shutil
from pathlib import Path

import git
import pytest
from click.testing import CliRunner

from contractkit.cli import cli
from tests.conftest import copy_example, run
from tests.readback import docx_text, normal
from tests.scenario_edits import EN_ORDERING
from tests.test_workflow import edit

EN2 = Path(__file__).parent / "data" / "en-2-london.yaml"
NUMBERED = re.compile(r"^(\d+(?:\.\d+)+)\.\s+(.*?)[;.]?$")


def render_en2(base: Path, edits=(), docs=("contract",)) -> str:
    """EN-2's contract (or another document) as DOCX text, after (old, new) edits of its file."""
    folder = base / "en2"
    folder.mkdir(parents=True, exist_ok=True)
    text = EN2.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (folder / "project.yaml").write_text(text, encoding="utf-8")
    args = ["render", str(folder), "--format", "docx"] + [x for d in docs for x in ("--doc", d)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False, env={"CONTRACTKIT_HOME": str(base)})
    assert result.exit_code == 0, result.output
    return normal(docx_text(next((folder / "out").glob(f"{docs[0]}-*.docx"))))


@pytest.fixture(scope="module")
def en2(tmp_path_factory) -> str:
    return render_en2(tmp_path_factory.mktemp("en2"))


# --- item 1: a change order amends every section whose text changes --------------------------

def clauses_of(html: str) -> dict[str, str]:
    """{"11.1.4": text} of every numbered paragraph of a rendered contract, read with lxml."""
    import lxml.html

    out = {}
    for p in lxml.html.fromstring(html).iter("p"):
        found = NUMBERED.match(normal(p.text_content()))
        if found:
            out.setdefault(found.group(1), found.group(2))
    return out


def contract_versions(path: Path) -> list[dict[str, str]]:
    """The clauses of the Agreement as signed and as the pending change order leaves it: the
    contract rendered for both versions with the payment schedule as signed, as `sign` would."""
    from contractkit.flows import workflow
    from contractkit.render.addendum import version_context
    from contractkit.render.documents import html_for
    from contractkit.render.look import look_for
    from contractkit.store.repo import open_repo

    with open_repo(path) as repo:
        hist, n, _ = workflow.versions_for(repo, None)
    look = look_for(hist.versions[n], path)
    return [clauses_of(html_for("contract.html.j2", version_context(hist, k), hist.versions[k], look,
                                "contract", "contract")) for k in (n - 1, n)]


def quoted(text: str) -> str:
    return text.replace("“", "‘").replace("”", "’")


def test_change_order_amends_every_clause_the_contract_changes(ws):
    """Amendment by signed writing (N.Y. Gen. Oblig. Law §15-301; RCW 62A.2-209 by analogy): the
    signed §11.1 assigns only the milestones it names, so the added milestone must be added to it,
    and every other clause the new version words differently must be amended, or the Agreement
    contradicts the Change Order. The clauses are compared independently, from the two DOCX."""
    run("new", "harbor", "--from-example", "blue-harbor-shop")
    run("sign", "harbor", "--date", "2026-11-30")
    edit(ws / "harbor" / "project.yaml", "\npayment:", EN_ORDERING)
    run("change", "harbor", "-m", "Online ordering integration", "--requested-on", "2026-12-08")
    signed, revised = contract_versions(ws / "harbor")
    run("addendum", "harbor", "--date", "2026-12-16", "--format", "docx")
    order = normal(docx_text(ws / "harbor" / "out" / "addendum-1-NW-2026-11.docx"))
    changed = [k for k, v in revised.items() if signed.get(k) != v]
    assert {"2.1", "3.1", "11.1.5"} <= set(changed)
    for number in changed:
        assert (f"Section {number} of the Agreement is amended and restated to read: “{number}. "
                f"{quoted(revised[number])}" in order
                or f"by adding Section {number}: “{number}. {quoted(revised[number])}" in order), number
    for number in signed.keys() - revised.keys():
        assert f"Section {number} of the Agreement is deleted." in order
    assert ("Section 11.1 of the Agreement is amended by adding Section 11.1.5: “11.1.5. the results of "
            "Milestone ‘Online ordering integration’.”") in order
    assert "all other terms are unchanged" in order


def test_a_section_added_by_a_change_order_shifts_no_signed_number(ws):
    """A change order cites the signed text by its signed numbers: the personal-data section an
    added milestone brings takes the next free number (Section 19, placed after Section 17, before
    the parties' details), so no signed number shifts, and §12.1-style data terms cover it."""
    run("new", "harbor", "--from-example", "blue-harbor-shop")
    project = ws / "harbor" / "project.yaml"
    edit(project, "    personal_data: true   # checkout collects customers' names and addresses\n", "")
    with git.Repo(ws / "harbor") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("no personal data in the signed scope")
    run("sign", "harbor", "--date", "2026-11-30")
    edit(project, "\npayment:", EN_ORDERING.replace("    hours: 24", "    hours: 24\n    personal_data: true"))
    run("change", "harbor", "-m", "Online ordering integration", "--requested-on", "2026-12-08")
    run("addendum", "harbor", "--date", "2026-12-16", "--format", "docx")
    order = normal(docx_text(ws / "harbor" / "out" / "addendum-1-NW-2026-11.docx"))
    # its place stated in full: it stands before the Party details, numbered 19 (review-en E21)
    assert ("The Agreement is amended by inserting the following new Section 19 after Section 17 (General), "
            "so that it stands before Section 18 (Party Details and Signatures): "
            "“19. PERSONAL DATA 19.1. The results of Milestone ‘Online ordering integration’ collect "
            "personal data of the Client’s customers and website visitors.") in order
    assert "19.3.7. at the Client’s choice, delete or return to the Client all Client Personal Data" in order
    assert ("Section 17.6 of the Agreement is amended and restated to read: “17.6. Sections 3, 9, 10, 11, 12, "
            "15, 16, 17 and 19 survive termination of this Agreement.”") in order
    # only what changed: no clause after §11 is restated because its number moved
    amended = re.findall(r"Section (\d+(?:\.\d+)*) of the Agreement is amended", order)
    # 3.3.1-3.3.3 restated by their signed amounts ("40% of the fee" of the old fee would contradict
    # the new fee); 3.3.3 keeps its milestone, the CO's deposit is a new 3.3.4 (issue 21) and the rest
    # of the increase a new 3.3.5 on the new milestone (round 8, M3)
    assert amended == ["2.1", "3.1", "3.3.1", "3.3.2", "3.3.3", "3.3", "3.3", "11.1", "17.6"]
    assert "3.3.4." in order and "“3.3.3. $" in order and "“3.3.5. $" in order


# --- item 2: personal data of a UK client ------------------------------------------------------

def test_uk_client_gets_article_28_processor_terms_and_a_transfer_basis(en2):
    """UK GDPR Art. 28(3)(a)-(h) and Art. 46: a US processor of a London controller's customer data
    needs the processor terms and a transfer mechanism (by default the SCCs with the ICO's UK
    Addendum, whose options the SCC exhibit completes: review-en11, E5)."""
    text = en2
    assert ("The Client is the controller, and the Contractor a processor acting on the Client’s behalf, of the "
            "personal data the Contractor processes under this Agreement and the support plan") in text
    assert "terms required by Article 28(3) of the UK GDPR" in text
    for duty in ("process Client Personal Data only on the Client’s documented instructions",  # (a)
                 "bound by a duty of confidentiality",  # (b)
                 "take the measures Article 32 of the UK GDPR requires",  # (c)
                 "engage another processor (a sub-processor) only with the Client’s prior specific written "
                 "authorization",  # (d): New York law, US spelling (review-en5 E1)
                 "in responding to requests of data subjects to exercise their rights",  # (e)
                 "Articles 32 to 36 of the UK GDPR",  # (f)
                 "delete or return to the Client all Client Personal Data",  # (g)
                 "allow for and contribute to audits, including inspections"):  # (h)
        assert duty in text, duty
    assert "The results of Milestone “WordPress build” collect personal data" in text
    assert "Types of data: names, contact details" in text and "Data subjects: the Client’s customers" in text
    assert ("(EU) 2021/914, module two (controller to processor), as amended by the International Data "
            "Transfer Addendum issued by the Information Commissioner under section 119A of the Data "
            "Protection Act 2018, both incorporated into this Agreement by reference and completed in "
            "Exhibit") in text
    assert "International Data Transfer Agreement issued" not in text


@pytest.mark.parametrize(("option", "expected"), [
    ("dpf", "certified under the EU-U.S. Data Privacy Framework and its UK Extension"),
    ("uk_addendum", "(EU) 2021/914, module two (controller to processor), as amended by the International "
                    "Data Transfer Addendum"),
])
def test_the_transfer_basis_is_a_project_option(tmp_path, option, expected):
    text = render_en2(tmp_path, [("  governing_law:", f"  data_transfer: {option}\n  governing_law:")])
    assert expected in text
    assert "International Data Transfer Agreement issued" not in text
    # whichever basis, the SCC exhibit the clause relies on is there, with the UK Addendum's tables
    assert "its Table 1 is completed by Annex I.A, its Table 2 by Part 1 of this Exhibit" in text


def test_check_warns_when_the_brief_collects_personal_data_nobody_declared(tmp_path):
    folder = tmp_path / "en2"
    folder.mkdir()
    text = EN2.read_text(encoding="utf-8").replace("    personal_data: true\n", "")
    (folder / "project.yaml").write_text(text, encoding="utf-8")
    out = " ".join(run("check", folder).output.split())
    assert ("warning: brief.requirements[0]: describes collecting personal data ('booking form') but no "
            "deliverable has personal_data: true") in out
    assert "(UK GDPR Art. 28)" in out


# --- item 3: e-signatures under each party's own law -------------------------------------------

def test_esign_cites_new_york_and_english_law_not_ueta(en2):
    """ESIGN 15 U.S.C. §7001; New York never adopted UETA (ESRA, State Technology Law §301 et seq.);
    England and Wales: Electronic Communications Act 2000 s. 7 and UK eIDAS."""
    assert ("binds that Party as an original under the federal ESIGN Act (15 U.S.C. §7001 et seq.) and each "
            "Party’s own law and the law governing this Agreement (for a Party in New York or under New York "
            "law, the Electronic Signatures and Records Act, N.Y. State Technology Law §§301–309; for a Party "
            "in England and Wales, section 7 of the Electronic "
            "Communications Act 2000 and the UK eIDAS Regulation") in en2
    assert "Uniform Electronic Transactions Act" not in en2


# --- item 4: warranty and indemnity against the third-party components -----------------------

def test_warranty_and_capped_indemnity_carve_out_third_party_components(en2):
    """The own-work warranty cannot cover WordPress (GPL-2.0-or-later) or the client's materials; the
    indemnity covers what the contractor wrote and is capped; GPL §2-3 duties arise on distribution."""
    text = en2
    assert ("The Contractor warrants that the Deliverables, other than the Third-Party Components and the "
            "materials supplied by the Client (“Client Materials”), are its own work") in text
    assert ("any third-party claim that the code, designs or other material written or created by the "
            "Contractor for the Deliverables infringe") in text
    assert "except to the extent the claim arises from Third-Party Components, Client Materials" in text
    assert "The Contractor’s total liability under this indemnity is limited to the fees paid" in text
    assert ("WordPress is licensed under a copyleft license. Running the Deliverables on the Client’s own "
            "servers or websites is not distribution. If the Client distributes the Deliverables or copies "
            "of them to others, it must do so under that license") in text
    assert "(THE CONTRACTOR’S WITHIN THE LIMIT STATED THERE)" in text


# --- item 5: the IP transfer certificate -------------------------------------------------------

def test_certificate_lists_every_licensed_component_once_confirms_full_payment_and_waives_moral_rights(ws):
    """17 U.S.C. §204(a) (a signed writing); §11.1: the assignment takes effect on full payment;
    CDPA 1988 s. 87: UK moral rights are waived in a signed writing, never assigned."""
    path = ws / "en2"
    path.mkdir()
    shutil.copy(EN2, path / "project.yaml")
    with git.Repo.init(path, initial_branch="main") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("EN-2")
    run("sign", path, "--date", "2027-01-15")
    run("paid", path, "prepayment", "--date", "2027-01-20")
    run("accept", path, "all", "--date", "2027-02-22", "--format", "docx")
    run("paid", path, "final", "--date", "2027-03-01")
    run("accept", path, "--rights", "--date", "2027-03-02", "--licensed", "Montserrat", "--licensed",
        "Stock photos from Unsplash (Unsplash License)", "--format", "docx")
    text = normal(docx_text(path / "out" / "act-2-JL-2027-01.docx"))
    assert ("1. open-source software WordPress, licensed under the GNU GPL version 2 or later; 2. open-source "
            "software Alpine.js, licensed under the MIT License; 3. font Montserrat, licensed under the SIL "
            "Open Font License 1.1; 4. Stock photos from Unsplash (Unsplash License).") in text
    assert text.count("Montserrat") == 1
    assert ("As Section 11.1 of the Agreement provides, the assignment took effect upon payment of the fee in "
            "full on 1 March 2027; this certificate confirms it.") in text
    assert "The assignment takes effect on the date of this certificate" not in text
    assert ("The Contractor, as author, unconditionally and irrevocably waives in favor of the Client, its "
            "licensees and successors in title all moral rights in the Deliverables under Chapter IV of the "
            "Copyright, Designs and Patents Act 1988 (section 87)") in text
    assert "Jordan Lee, d/b/a Lee Digital" in text


# --- item 6: Factur-X -----------------------------------------------------------------------------

def test_facturx_names_the_seller_and_the_delivery_and_passes_en16931(ws):
    """EN 16931 BR-CO-26 (BT-30 from `registration`), BT-28 trading name, PEPPOL-EN16931-R008; the
    Schematron itself runs in facturx_of."""
    from tests.test_billing_invoices import cii, facturx_of

    path = ws / "en2"
    path.mkdir()
    shutil.copy(EN2, path / "project.yaml")
    with git.Repo.init(path, initial_branch="main") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("EN-2")
    run("sign", path, "--date", "2027-01-15")
    run("invoice", path, "prepayment", "--date", "2027-01-15", "--format", "pdf")
    xml = facturx_of(path / "out" / "invoice-2027-001-JL-2027-01.pdf")
    party = "//ram:SellerTradeParty/ram:SpecifiedLegalOrganization"
    assert cii(xml, f"{party}/ram:ID") == ["12-3456789"]  # BT-30: the identifier, not its label (review-en4 E9)
    assert cii(xml, f"{party}/ram:TradingBusinessName") == ["Lee Digital"]
    # a deposit invoice delivers nothing yet: no actual delivery date (BT-72), the planned period of the
    # work instead (BT-73/74) and the deliver-to party (BG-13) (review-en E17)
    assert cii(xml, "//ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString") == []
    assert cii(xml, "//ram:ShipToTradeParty/ram:Name") == cii(xml, "//ram:BuyerTradeParty/ram:Name")
    # the work starts 1 February 2027 and ends 22 February 2027 (5 + 10 business days, Presidents’ Day off)
    assert cii(xml, "//ram:BillingSpecifiedPeriod/*/udt:DateTimeString") == ["20270201", "20270222"]
    from pypdf import PdfReader

    page = " ".join(PdfReader(str(path / "out" / "invoice-2027-001-JL-2027-01.pdf")).pages[0]
                    .extract_text().split())
    assert "15 January 2027" in page and "01/15/2027" not in page and "January 15, 2027" not in page
    assert "Jordan Lee, d/b/a Lee Digital" in page


# --- item 7: the minor list -----------------------------------------------------------------------

def test_en2_minor_points(en2):
    text = en2
    # an assumed name is the sole proprietor's, not a separate party (N.Y. Gen. Bus. Law §130)
    assert "Jordan Lee, d/b/a Lee Digital, a sole proprietor with a place of business at 55 Water Street" in text
    assert "Alpine.js, licensed under the MIT License" in text
    assert ("Each Party bears the charges of its own bank for a transfer; charges of any intermediary or "
            "correspondent bank and any currency conversion are borne by the Client") in text
    assert "resolved exclusively by the state courts located in New York County, New York" in text
    assert ("where the Contractor terminates for the Client’s breach, it may first set off against that refund "
            "the costs it has incurred and cannot cancel") in text
    assert "Sections 3, 9, 10, 11, 12, 13, 16, 17 and 18 survive termination" in text  # §12: personal data
    assert "any failure of the Deliverables to conform to Exhibit 1" in text and "any defect" not in text
    assert ("start the Work on the later of 1 February 2027 and the day the deposit is received (or, if that "
            "is not a business day, the next business day), and complete it no later than 22 February 2027") in text
    assert not re.search(r"\b\d{2}/\d{2}/\d{4}\b", text)  # 02/01/2027 reads as 2 January in London
    assert text.count("without regard to its conflict-of-laws rules") == 1
    # a US supplier's services to a UK business: the customer accounts for VAT (VATA 1994 s. 8)
    assert ("the Client accounts for it under the reverse-charge procedure (section 8 of the Value Added Tax "
            "Act 1994)") in text


def test_en2_exhibit_dates_are_not_numeric(tmp_path):
    text = render_en2(tmp_path, docs=("scope",))
    assert "1 Feb 2027" in text and not re.search(r"\b\d{2}/\d{2}/\d{4}\b", text)


def test_conflict_of_laws_phrase_printed_once_when_the_user_writes_it(tmp_path):
    text = render_en2(tmp_path, [("governing_law: the laws of the State of New York",
                                  "governing_law: the laws of the State of New York, without regard to its "
                                  "conflict-of-laws rules")])
    assert text.count("conflict-of-laws rules") == 1


def test_arbitration_names_rules_seat_language_and_arbitrators(tmp_path):
    """FAA 9 U.S.C. §2; an arbitration clause without rules or a seat invites a motion to compel."""
    text = render_en2(tmp_path, [
        ("    forum: court\n    venue: the state courts located in New York County, New York",
         "    forum: arbitration\n    venue: the American Arbitration Association\n"
         "    rules: its Commercial Arbitration Rules\n    seat: New York, New York")])
    assert ("finally resolved by arbitration under the Commercial Arbitration Rules of the American Arbitration "
            "Association in force when the arbitration starts, which are incorporated by reference into this "
            "Section, before one arbitrator, seated in New York, New York, in English.") in text
    assert "Before starting arbitration, a Party shall send the other a written claim" in text
    assert "before going to court" not in text.lower()
    assert "seeking injunctive relief from a court of competent jurisdiction at any time" in text


def test_federal_venue_under_the_diversity_minimum_is_warned(tmp_path):
    """28 U.S.C. §1332(a): federal courts hear a state-law contract claim only over $75,000."""
    project = copy_example("blue-harbor-shop", tmp_path / "harbor")
    text = project.read_text(encoding="utf-8")
    project.write_text(re.sub(r"venue: the state courts", "venue: the state and federal courts", text),
                       encoding="utf-8")
    out = " ".join(run("check", project.parent).output.split())
    assert "terms.disputes.venue: names federal courts" in out and "28 U.S.C. §1332" in out


def test_final_invoice_names_the_change_order_and_the_act_spells_installments(ws):
    """A US document spells "installments"; the final payment is owed under the Agreement as
    Change Order 1 amended it, so its invoice line says so."""
    run("new", "harbor", "--from-example", "blue-harbor-shop")
    run("sign", "harbor", "--date", "2026-11-30")
    edit(ws / "harbor" / "project.yaml", "\npayment:", EN_ORDERING)
    run("change", "harbor", "-m", "Online ordering integration", "--requested-on", "2026-12-08")
    run("addendum", "harbor", "--date", "2026-12-09", "--format", "docx")
    run("sign", "harbor", "--date", "2026-12-09")
    run("accept", "harbor", "all", "--date", "2027-01-12", "--format", "docx")
    act = normal(docx_text(next((ws / "harbor" / "out").glob("act-1-*.docx"))))
    assert "instalment" not in act
    run("invoice", "harbor", "final", "--date", "2027-01-12", "--format", "docx")
    text = normal(docx_text(next((ws / "harbor" / "out").glob("invoice-*.docx"))))
    # the final payment is now the one Change Order 1 added on its milestone, No. 5 (round 8, M3):
    # No. 3 stays on the milestone the contract signed it for
    assert ("1 Milestone payment (Online ordering integration), payment No. 5 of the schedule, under Agreement "
            "No. NW-2026-11 dated November 30, 2026, as amended by Change Order No. 1 dated December 9, 2026 1 "
            "$1,368.00") in text


def test_two_english_parties_cite_english_law_only_and_need_no_transfer(tmp_path):
    """ESIGN governs transactions in US commerce; between two parties in England the Electronic
    Communications Act 2000 s. 7 is the statute, and UK GDPR Chapter V needs no transfer basis."""
    text = render_en2(tmp_path, [("55 Water Street, Brooklyn, NY 11201, USA",
                                  "1 Old Street, London EC1V 9HL, United Kingdom")])
    # New York law still governs here: its own statute too (N.Y. State Tech. Law §§301-309)
    assert ("binds that Party as an original under each Party’s own law and the law governing this Agreement "
            "(for a Party in England and Wales, section 7 of the Electronic Communications Act 2000") in text
    assert "for a Party in New York or under New York law, the Electronic Signatures and Records Act" in text
    assert "ESIGN Act" not in text
    assert "terms required by Article 28(3) of the UK GDPR" in text
    assert "International Data Transfer Agreement" not in text and "United States" not in text
