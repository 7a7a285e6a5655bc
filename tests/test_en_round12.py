"""English findings left open by review-en (session 7): E8, E12, E14, E17, E18, E21, each read
from the rendered documents (PDF via pypdf, DOCX via python-docx).

The project is the reviewer's p2-nysole: Elena Ortiz, a Brooklyn sole proprietor d/b/a Ortiz
Motion Studio, for Prairie Harvest Foods, Inc. (Chicago), $16,000, New York law.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import git
import pytest

from tests.conftest import run
from tests.readback import docx_text, normal, pdf_pages

NY_SOLE = Path(__file__).parent / "data" / "en-12-ny-sole.yaml"
NEWSLETTER = """  - id: build
    title: Build and launch   # rename to suit
"""
NEWSLETTER_MILESTONE = """  - id: newsletter
    title: Newsletter sign-up
    description: A newsletter sign-up form connected to the Client's Mailchimp account
    acceptance:
      - Sign-ups reach the Client's Mailchimp list
    revisions: 1
    price: 1500
    days: 3
    personal_data: true
"""


def project(ws: Path, edits: list[tuple[str, str]] = (), name: str = "ny") -> Path:
    """The reviewer's New York project, committed as `new` leaves one, with `edits` applied."""
    text = NY_SOLE.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = ws / name
    path.mkdir()
    (path / "project.yaml").write_text(text, encoding="utf-8")
    with git.Repo.init(path, initial_branch="main") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("project")
    return path


def edit(path: Path, old: str, new: str, message: str = "edit") -> None:
    file = path / "project.yaml"
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    with git.Repo(path) as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit(message)


def pdf(path: Path, pattern: str) -> str:
    return normal(" ".join(pdf_pages(max((path / "out").glob(pattern)))))


def facturx(pdf_path: Path) -> bytes:
    from pypdf import PdfReader

    return PdfReader(str(pdf_path)).attachments["factur-x.xml"][0]


def cii(xml: bytes, xpath: str) -> list[str]:
    from lxml import etree

    from contractkit.flows.billing.facturx import QDT, RAM, RSM, UDT

    ns = {"rsm": RSM, "ram": RAM, "udt": UDT, "qdt": QDT}
    return [e.text for e in etree.fromstring(xml).xpath(xpath, namespaces=ns)]


# --- E8: a change order names the parts of the brief that changed, by their clause --------------

def test_change_order_names_only_the_brief_parts_it_changes(ws):
    """A written amendment states what it amends; "the goals, requirements and materials change"
    when only the out-of-scope list and the materials did would amend terms nobody changed."""
    path = project(ws)
    run("sign", path, "--date", "2026-12-09")
    edit(path, "    - Online ordering and payment\n",
         "    - Online ordering and payment\n    - Delivery tracking\n")
    edit(path, "      within_days: 5\n", "      within_days: 7\n")
    run("change", path, "-m", "Scope note", "--requested-on", "2027-01-04")
    run("addendum", path, "--date", "2027-01-05", "--format", "pdf")
    text = pdf(path, "addendum-1-*.pdf")
    assert ("The Parties also agree to change the list of work out of scope (Section 1.5 of Exhibit 1) and "
            "change the list of the Client’s materials (Section 4 of Exhibit 1), as restated Exhibit 1 in "
            "Section 4 of this Change Order sets out.") in text
    assert "goals, requirements" not in text
    # the clauses cited are the restated Exhibit's own numbers
    exhibit = text.split("STATEMENT OF WORK")[-1]
    assert "1.5. Out of scope: 1.5.1. Online ordering and payment. 1.5.2. Delivery tracking." in exhibit
    assert "4. MATERIALS FROM THE CLIENT" in exhibit and "within 7 business days of the request" in exhibit


def test_brief_parts_cite_the_exhibit_numbers_and_a_dropped_part_its_old_one():
    from contractkit.model.scope import Brief
    from contractkit.render.briefparts import parts_changed, scope_clauses

    old = Brief(goals=["Sell"], audience="Cooks", requirements=["60 pages"], constraints=["WordPress"],
                out_of_scope=["Ordering"])
    assert scope_clauses(old) == {"goals": "Section 1.1", "audience": "Section 1.3",
                                  "requirements": "Section 1.4", "constraints": "Section 1.5",
                                  "out_of_scope": "Section 1.6"}
    new = old.model_copy(update={"constraints": [], "out_of_scope": ["Ordering", "Payments"]})
    assert parts_changed(old, new) == [
        {"what": "the constraints", "clause": "Section 1.5", "deleted": True},
        {"what": "the list of work out of scope", "clause": "Section 1.5", "deleted": False}]
    assert parts_changed(old, old.model_copy(update={"references": ["example.com"]})) == []


# --- E12: change orders listed in one list; the installment by its sub-clause --------------------

def test_change_orders_are_listed_once_with_and():
    from contractkit.words.fmt import change_orders, date_style

    with date_style("uk"):
        assert change_orders([{"number": 1, "date": date(2027, 1, 8)}]) == \
            "Change Order No. 1 dated 8 January 2027"
        assert change_orders([{"number": 1, "date": date(2027, 1, 8)}, {"number": 2, "date": date(2027, 1, 15)},
                              {"number": 3, "date": date(2027, 2, 1)}]) == (
            "Change Orders No. 1 dated 8 January 2027, No. 2 dated 15 January 2027 and No. 3 dated "
            "1 February 2027")


def test_invoice_after_two_change_orders_names_both_in_its_header_and_its_line(ws):
    path = project(ws)
    run("sign", path, "--date", "2026-12-09")
    run("paid", path, "1", "--date", "2026-12-15")
    edit(path, "    - Online ordering and payment\n", "    - Online ordering, payment and delivery\n")
    run("change", path, "-m", "Scope note", "--requested-on", "2027-01-04")
    run("addendum", path, "--date", "2027-01-05")
    run("sign", path, "--date", "2027-01-06")
    edit(path, "      within_days: 5\n", "      within_days: 7\n")
    run("change", path, "-m", "Materials", "--requested-on", "2027-01-07")
    run("addendum", path, "--date", "2027-01-08")
    run("sign", path, "--date", "2027-01-11")
    run("accept", path, "discovery", "design", "--date", "2027-01-20")
    run("invoice", path, "2", "--date", "2027-01-20", "--format", "pdf")
    text = pdf(path, "invoice-2027-001-*.pdf")
    both = ("as amended by Change Orders No. 1 dated January 6, 2027 and No. 2 dated January 11, 2027")
    assert f"Agreement: Agreement No. EO-2026-07 dated December 7, 2026, {both}" in text
    assert text.count(both) == 2  # the header and the invoice line
    assert "Change Order No. 1 dated January 6, 2027, Change Order No. 2" not in text


# --- E14 and E12: the rejection ties remarks to criteria; the certificate, the claim -------------

def test_rejection_ties_each_remark_to_its_criterion_and_the_certificate_says_they_were_fixed(ws):
    """Section 4.2 of the Agreement: a rejection may be based only on a failure to meet the
    acceptance criteria in Exhibit 1, so each remark names the criterion it fails."""
    path = project(ws, [("      - Designs match the approved sitemap\n",
                         "      - Designs match the approved sitemap\n      - Mobile layouts for every page\n")])
    run("sign", path, "--date", "2026-12-09")
    run("paid", path, "1", "--date", "2026-12-15")
    run("accept", path, "discovery", "--date", "2027-01-05")
    refused = run("accept", path, "design", "--date", "2027-01-19", "--remark", "(c) Wrong colours",
                  "--fix-by", "2027-01-26", ok=False).output
    assert "names criterion (c), which the milestones rejected do not have" in refused
    assert "Milestone 2: (a), (b)" in refused and len(refused.strip().splitlines()) == 1
    run("accept", path, "design", "--date", "2027-01-19",
        "--remark", "(b) The recipe page does not show the shopping list button on mobile",
        "--remark", "2(a) The sitemap's shop page has no design", "--fix-by", "2027-01-26", "--format", "pdf")
    notice = pdf(path, "act-2-*.pdf")
    assert "(a) Designs match the approved sitemap (b) Mobile layouts for every page" in notice
    assert ("On review, the Client raised the following remarks, each a failure to meet the acceptance "
            "criterion of Exhibit 1 named beside it, as Section 4.2 of the Agreement requires:") in notice
    assert ("The recipe page does not show the shopping list button on mobile (fails acceptance criterion (b) "
            "of Milestone 2: “Mobile layouts for every page”);") in notice
    assert ("The sitemap's shop page has no design (fails acceptance criterion (a) of Milestone 2: “Designs "
            "match the approved sitemap”).") in notice
    run("accept", path, "design", "--date", "2027-01-26", "--format", "pdf")
    certificate = pdf(path, "act-3-*.pdf")
    assert "ACCEPTANCE CERTIFICATE No. 2" in certificate
    assert "The remarks in the Client’s Notice of Rejection dated January 19, 2027 on Milestone 2 (Page " \
           "designs) have been addressed" in certificate
    # E12: the notice of default cites the installment's own sub-clause, 3.3.2 (30 % on the designs)
    run("invoice", path, "2", "--date", "2027-01-26")
    run("claim", path, "--date", "2027-03-01", "--format", "pdf")
    claim = pdf(path, "letter-*-claim-*.pdf")
    assert "Under Section 3.3.2 of the Agreement the Client was to pay $4,800.00 no later than February 10, " \
           "2027" in claim
    assert "Under Section 3.3 of the Agreement" not in claim


def test_a_remark_on_a_milestone_with_one_criterion_is_tied_to_it():
    from contractkit.words.remarks import tie

    lines = [{"n": 2, "acceptance": ["Designs match the approved sitemap"]}]
    assert tie(["Photos are cropped."], lines) == [
        {"text": "Photos are cropped.", "milestone": 2, "letter": "a",
         "criterion": "Designs match the approved sitemap"}]
    two = [{"n": 1, "acceptance": ["Sitemap approved"]}, {"n": 2, "acceptance": ["Designs match"]}]
    # "(a)" fits both milestones: not tied, and the text is kept as written
    assert tie(["(a) Missing"], two)[0] == {"text": "(a) Missing", "milestone": None, "letter": "",
                                           "criterion": ""}
    assert tie(["1(a) Missing"], two)[0]["criterion"] == "Sitemap approved"


# --- E17: a deposit invoice's Factur-X states no delivery that did not happen ----------------------

def test_deposit_invoice_has_no_actual_delivery_date_and_passes_en16931(ws):
    """EN 16931 BT-72 is the actual delivery date, which a buyer books as the date of supply; a
    prepayment invoice (UNTDID 1001 code 386) is issued before any delivery, so it gives the
    invoicing period (BG-14: BT-73, BT-74) of the work it pays for instead."""
    from tests.en16931 import rule_errors

    path = project(ws)
    run("sign", path, "--date", "2026-12-09")
    run("invoice", path, "1", "--date", "2026-12-09", "--format", "pdf")
    xml = facturx(max((path / "out").glob("invoice-2026-001-*.pdf")))
    assert cii(xml, "//rsm:ExchangedDocument/ram:TypeCode") == ["386"]
    assert cii(xml, "//ram:ActualDeliverySupplyChainEvent") == []
    # the planned period: the work starts the business day after the deposit arrives, 30 business days
    start, end = cii(xml, "//ram:BillingSpecifiedPeriod/*/udt:DateTimeString")
    assert start > "20261209" and end > start
    assert cii(xml, "//ram:ShipToTradeParty/ram:Name") == ["Prairie Harvest Foods, Inc."]
    assert cii(xml, "//ram:ShipToTradeParty/ram:PostalTradeAddress/ram:CountryID") == ["US"]
    assert rule_errors(xml) == []  # EN 16931 Schematron (BR-29, BR-57, BR-CO-19 …) and no empty element
    # an invoice after acceptance keeps the acceptance as its delivery date
    run("paid", path, "1", "--date", "2026-12-15")
    run("accept", path, "discovery", "design", "--date", "2027-01-20")
    run("invoice", path, "2", "--date", "2027-01-20", "--format", "pdf")
    xml = facturx(max((path / "out").glob("invoice-2027-001-*.pdf")))
    assert cii(xml, "//ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString") == [
        "20270120"]
    assert cii(xml, "//ram:BillingSpecifiedPeriod") == []
    assert rule_errors(xml) == []


# --- E18: New York's Freelance Isn't Free laws -------------------------------------------------

@pytest.mark.parametrize("edits, state, city", [
    ([], True, True),  # Brooklyn, NY 11211
    ([("  address: 245 Bedford Avenue, Apt 3R, Brooklyn, NY 11211\n",
       "  address: 14 Lark Street, Albany, NY 12207\n")], True, False),
    ([("  address: 245 Bedford Avenue, Apt 3R, Brooklyn, NY 11211\n",
       "  address: 9 Elm Street, Hoboken, NJ 07030\n")], False, False),
    ([("  kind: individual      # a sole proprietor under US law is the person: sign in your own name\n",
       "  kind: company\n  entity: a New York limited liability company\n")], False, False),
])
def test_new_york_freelancer_contract_is_the_written_contract_the_law_requires(ws, edits, state, city):
    """N.Y. Gen. Bus. Law §1412(2) (and N.Y.C. Admin. Code §20-928): the contract of a freelance
    worker (a natural person, $800 or more) states the parties' names and mailing addresses, the
    services itemised with their value, the rate and method and the date of payment, and the date
    by which the freelancer submits a list of services rendered; §1412(3): kept six years;
    §1415(1): a waiver of those rights is void."""
    if edits and "company" in edits[0][1]:
        edits = edits + [("    basis: self\n", "    position: Managing Member\n    basis: charter\n")]
    path = project(ws, edits)
    run("render", path, "--doc", "contract", "--format", "docx")
    text = normal(docx_text(max((path / "out").glob("contract-*.docx"))))
    delivery = ("That delivery is the Contractor’s list of the services rendered under the milestone, which the "
                "Contractor submits no later than the milestone’s deadline in Exhibit 1 (N.Y. Gen. Bus. Law "
                "§1412(2)(d)")
    statute = ("This Agreement is the written contract for the Contractor’s services as a freelance worker that "
               "Article 44-A of the New York General Business Law (the Freelance Isn’t Free Act, §1412)")
    assert (delivery in text) is state and (statute in text) is state
    assert ("New York City Freelance Isn’t Free Act (N.Y.C. Admin. Code §20-927 et seq., §20-928) require:"
            in text) is city
    assert ("N.Y.C. Admin. Code §20-928); the Client needs nothing more" in text) is city
    if state:
        # each element the law requires is where the clause says it is
        assert ("the Parties’ names and mailing addresses are in Section 18; the services are itemized, with "
                "the value of each milestone, in Exhibit 1; the rate and method of compensation and the dates "
                "of payment, or how each is fixed, are in Section 3 and Exhibit 2; and the date by which the "
                "Contractor submits the list of services rendered is in Section 4.1.") in text
        assert "4.1. On completing each milestone the Contractor shall deliver its results" in text
        assert "18. PARTY DETAILS AND SIGNATURES" in text and "3.3. The Client shall pay the fee as follows" in text
        assert "the Client for at least six years (§1412(1), (3))" in text
        assert "waives the Contractor’s rights under" in text and "(§1415(1))" in text
    # the separate support plan agreement is a freelance contract of its own
    run("render", path, "--doc", "support", "--format", "docx")
    plan = normal(docx_text(max((path / "out").glob("support-*.docx"))))
    assert ("This Plan is a written contract for the Contractor’s services as a freelance worker under Article "
            "44-A of the New York General Business Law (§1412)" in plan) is state
    if state:
        assert "the Parties’ mailing addresses are 400 West Lake Street, Suite 1200, Chicago, IL 60606 (the " \
               "Client) and " in plan
        assert ("the services are itemized in Section 2 and their value, rate and method of compensation and the "
                "dates of payment are in Section 3") in plan
        assert "2. WHAT IS INCLUDED" in plan and "3. FEES AND HOURS" in plan


# --- E21: a section a change order adds keeps its punctuation and states its place -------------

def test_added_section_keeps_its_punctuation_and_states_where_it_stands(ws):
    path = project(ws)
    run("sign", path, "--date", "2026-12-09")
    run("paid", path, "1", "--date", "2026-12-18")
    edit(path, NEWSLETTER, NEWSLETTER_MILESTONE + NEWSLETTER, "newsletter")
    run("change", path, "-m", "Newsletter sign-up", "--reason", "The Client wants to collect subscribers",
        "--requested-on", "2027-01-05")
    run("addendum", path, "--date", "2027-01-06", "--format", "pdf")
    order = re.sub(r" ?Change Order No\. 1 to Agreement No\. \S+ dated \w+ \d+, \d{4} Page \d+ of \d+ ?", " ",
                   pdf(path, "addendum-1-*.pdf"))  # the page's running header, wherever the page breaks
    assert ("The Agreement is amended by inserting the following new Section 19 after Section 17 (General), "
            "so that it stands before Section 18 (Party Details and Signatures): “19. PERSONAL DATA 19.1.") in order
    # the quoted section reads as the contract prints it: full stops and the list's semicolons kept
    assert "This Section prevails over any other term of this Agreement on Client Personal Data. 19.2." in order
    assert "the Client’s customers, prospective customers, website visitors and staff. 19.3. The Contractor " \
           "shall: 19.3.1." in order
    assert "only for the business purposes in Section 19.2; 19.3.2. not sell or share" in order
    assert "to stop and remediate any unauthorized use of it.”" in order
    # the inserted milestone's results take the next sub-clause of the assignment; the signed 11.1.3
    # ("Build and launch") stays as it is
    assert ("Section 11.1 of the Agreement is amended by adding Section 11.1.4: “11.1.4. the results of "
            "Milestone ‘Newsletter sign-up’.”") in order
    assert "Section 11.1.3 of the Agreement is amended" not in order
    # the contract as amended prints the sections where the change order put them
    run("sign", path, "--date", "2027-01-07")
    run("render", path, "--doc", "contract", "--format", "pdf")
    contract = pdf(path, "contract-*.pdf")
    general, personal, details = (contract.index("17. GENERAL"), contract.index("19. PERSONAL DATA"),
                                  contract.index("18. PARTY DETAILS AND SIGNATURES"))
    assert general < personal < details
    assert ("11.1.3. the results of Milestone “Build and launch”; 11.1.4. the results of Milestone “Newsletter "
            "sign-up”.") in contract
