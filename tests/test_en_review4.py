"""The English documents after the fourth (US/UK lawyer's) review: its critical and major findings.

Every assertion reads the rendered document back (DOCX text, PDF text); the rule each one answers to
is named in the test.
"""

import re

from click.testing import CliRunner

from contractkit.cli import cli
from tests.conftest import run
from tests.readback import docx_text, normal
from tests.scenario_edits import EN_ORDERING
from tests.test_billing import example
from tests.test_en_review3 import render_en2
from tests.test_workflow import edit

COURT = "    forum: court\n    venue: the state courts located in New York County, New York"
LCIA = ("    forum: arbitration\n    rules: the LCIA Rules\n    seat: London\n"
        "    arbitration_language: English")


# --- critical 1: an arbitration clause that works ----------------------------------------------

def test_arbitration_clause_names_rules_seat_language_arbitrators_and_its_own_law(tmp_path):
    """Arbitration Act 1996 s.6A; no court administers an arbitration; `venue` is not needed."""
    text = render_en2(tmp_path, [(COURT, LCIA)])
    assert ("Any dispute arising out of or in connection with this Agreement that is not settled in this way "
            "shall be finally resolved by arbitration under the LCIA Rules in force when the arbitration "
            "starts, which are incorporated by reference into this Section, before one arbitrator, seated "
            "in London, in English. This arbitration agreement is governed by the laws of the State of New "
            "York") in text
    assert "administered by" not in text
    assert "courts of" not in text.split("GOVERNING LAW AND DISPUTES")[1].split("TERM AND TERMINATION")[0]


def test_arbitration_with_a_court_as_its_administrator_is_refused(tmp_path):
    """A project that names a court as the arbitral institution gets a one-line error, no document."""
    folder = tmp_path / "en2"
    folder.mkdir()
    from tests.test_en_review3 import EN2

    yaml = EN2.read_text(encoding="utf-8").replace(
        COURT, "    forum: arbitration\n    venue: the courts of England and Wales")
    (folder / "project.yaml").write_text(yaml, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(folder)], env={"CONTRACTKIT_HOME": str(tmp_path)})
    assert result.exit_code != 0
    assert "courts do not administer an arbitration" in result.output
    assert "Traceback" not in result.output
    assert not (folder / "out").exists() or not list((folder / "out").iterdir())


def test_claim_letter_refers_to_arbitration_under_the_rules(ws):
    """The notice of default says what the contract says: arbitration under the rules, at the seat."""
    path = example(ws, "blue-harbor-shop", "harbor")
    project = path / "project.yaml"
    text = project.read_text(encoding="utf-8")
    text = re.sub(r"    forum: court\n    venue: [^\n]*\n",
                  "    forum: arbitration\n    rules: the Commercial Arbitration Rules of the American "
                  "Arbitration Association\n    seat: Seattle, Washington\n", text)
    project.write_text(text, encoding="utf-8")
    import git
    with git.Repo(path) as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("arbitration")
    run("sign", path, "--date", "2026-11-30")
    run("paid", path, "prepayment", "--date", "2026-12-02")
    run("accept", path, "design", "--date", "2026-12-16")
    run("invoice", path, "2", "--date", "2026-12-16", "--format", "pdf")
    run("claim", path, "--date", "2027-01-22", "--format", "docx")
    letter = normal(docx_text(next((path / "out").glob("letter-*-claim-*.docx"))))
    assert ("Contractor will refer the dispute to arbitration under the Commercial Arbitration Rules of "
            "the American Arbitration Association, seated in Seattle, Washington (Section 16.4 of the "
            "Agreement)") in letter, letter
    assert "administered by" not in letter, letter


# --- critical 2: a change order never agrees to an "attached project file" ----------------------

def _harbor_change(ws, old: str, new: str) -> str:
    run("new", "harbor", "--from-example", "blue-harbor-shop")
    run("sign", "harbor", "--date", "2026-11-30")
    edit(ws / "harbor" / "project.yaml", old, new)
    run("change", "harbor", "-m", "Terms", "--requested-on", "2026-12-08")
    run("addendum", "harbor", "--date", "2026-12-16", "--format", "docx")
    return normal(docx_text(ws / "harbor" / "out" / "addendum-1-NW-2026-11.docx"))


def test_changed_general_terms_are_restated_as_numbered_amendments_not_an_attachment(ws):
    """A signed writing must state the terms it agrees to (N.Y. GOL §15-301): nothing is attached."""
    order = _harbor_change(ws, "  termination_notice_days: 10", "  termination_notice_days: 21")
    assert "attached" not in order.lower() and "project file" not in order.lower()
    assert re.search(r"Section 1\d\.\d of the Agreement is amended and restated to read: “1\d\.\d\. The Client "
                     r"may terminate this Agreement by 21 calendar days’ written notice", order), order


def test_a_changed_detail_is_restated_and_no_project_file_key_is_printed(ws):
    """A changed value is restated in an amended clause by its number; a key of the project file is
    never a term of the order (review E19: a term no clause states is refused, test_recorded_schedule)."""
    order = _harbor_change(ws, "  email: hello@northwind.example", "  email: studio@northwind.example")
    assert "attached" not in order.lower() and "project file" not in order.lower()
    assert re.search(r"Section \d+\.\d+\.\d+ of the Agreement is amended and restated to read: “[\d.]+ for the "
                     r"Contractor: contact person Alex Morgan, email studio@northwind\.example\.”", order)
    assert "project record" not in order and "contractor.email" not in order


# --- critical 3: the change request sheet compares with the last signed version -----------------

def test_change_request_sheet_after_committed_edits_shows_the_change_and_hashes_what_it_embeds(ws):
    """A sheet that says "no change" invites a waiver argument; its approval hash must name a record
    the client received (ESIGN §101(e), UETA §8): the document data embedded in the PDF."""
    import hashlib

    import git
    from pypdf import PdfReader

    from tests.readback import pdf_pages

    run("new", "harbor", "--from-example", "blue-harbor-shop")
    run("sign", "harbor", "--date", "2026-11-30")
    edit(ws / "harbor" / "project.yaml", "\npayment:", EN_ORDERING)
    with git.Repo(ws / "harbor") as repo:  # the user commits first, as the README allows
        repo.index.add(["project.yaml"])
        repo.index.commit("online ordering")
    out = run("change", "harbor", "-m", "Online ordering integration", "--requested-on", "2026-12-08",
              "--estimate").output
    pdf = next((ws / "harbor" / "out").glob("cr-*.pdf"))
    text = normal(" ".join(pdf_pages(pdf)))
    assert "no change" not in text.lower(), text
    assert "Online ordering integration" in text
    assert "(was $12,200.00)" in text and "New contract sum $12,200.00" not in text, text
    data = PdfReader(str(pdf)).attachments["document-data.json"][0]
    sha = hashlib.sha256(data).hexdigest()
    assert sha in text.replace(" ", "")
    assert "document data (document-data.json) embedded in this PDF" in text
    assert "project.yaml" not in text
    assert "+$" in out or "$" in out


# --- major: liability carve-outs, one cap, personal data not excluded as "lost data" ------------

def test_liability_cap_carve_outs_and_indemnity_cap_match(tmp_path):
    """N.Y.: no cap on gross negligence or willful misconduct (Kalisch-Jarcho, 58 N.Y.2d 377); no
    exclusion of fraud (HIH v Chase [2003] UKHL 6); UCTA s.2(1); SCC Clause 12 / data subjects."""
    text = render_en2(tmp_path)
    assert ("Nothing in this Agreement limits or excludes a Party’s liability for fraud or fraudulent "
            "misrepresentation, gross negligence or willful misconduct, death or personal injury caused by "
            "negligence, or any other liability that cannot lawfully be limited or excluded, including "
            "liability to data subjects under Data Protection Law") in text
    assert "OR FOR LOST PROFITS, REVENUE OR DATA (OTHER THAN CLIENT PERSONAL DATA); AND (b)" in text
    assert "TOTAL LIABILITY IS LIMITED TO THE FEES PAID AND PAYABLE UNDER THIS AGREEMENT" in text
    assert ("The Contractor’s total liability under this indemnity is limited to the fees paid and payable "
            "under this Agreement, including Change Orders.") in text
    english = render_en2(tmp_path / "uk", [("governing_law: the laws of the State of New York",
                                            "governing_law: the laws of England and Wales")])
    # English law: "gross negligence" has no settled meaning; "wilful default" instead (round 8, M6)
    assert "fraudulent misrepresentation, wilful default, death" in english


# --- major: §8.1 excepts the automatic extensions -----------------------------------------------

def test_change_order_clause_excepts_the_automatic_extensions_by_their_numbers(tmp_path):
    """The Agreement must not say a Change Order is needed for what §§2.3, 2.4 and force majeure do."""
    text = render_en2(tmp_path)
    found = re.search(r"(\d+)\.1\. Except for the extensions of deadlines under Sections ([\d.]+), ([\d.]+), "
                      r"([\d.]+) and ([\d.]+), which take effect under those Sections without a Change Order, any change to "
                      r"the scope, fee or deadlines requires a written Change Order", text)
    assert found, text
    deposit, client, unpaid, force = found.group(2, 3, 4, 5)
    assert re.search(rf"{re.escape(deposit)}\. If the deposit is received after", text)
    assert re.search(rf"{re.escape(client)}\. If the Client does not provide materials", text)
    # suspension for non-payment moves the deadlines too (review-en5, minor)
    assert re.search(rf"{re.escape(unpaid)}\. If any undisputed amount remains unpaid", text)
    assert re.search(rf"{re.escape(force)}\. Neither Party is liable for a failure caused by events beyond", text)


# --- major: GDPR Art. 28(3)(a) and (g) in their own words ----------------------------------------

def test_processor_terms_use_the_member_state_or_domestic_law_wording(tmp_path):
    """Art. 28(3)(a), (g): only Union or Member State law (UK GDPR: domestic law) overrides."""
    uk = render_en2(tmp_path)
    assert ("unless required to do so by domestic law to which the Contractor is subject (in which case it "
            "shall inform the Client of that legal requirement before processing, unless that law prohibits "
            "such information on important grounds of public interest)") in uk
    assert "unless domestic law requires their storage;" in uk
    assert "the law to which the Contractor is subject requires" not in uk
    eu = render_en2(tmp_path / "eu", [("address: 10 Bankside, London SE1 9TG, United Kingdom",
                                       "address: Viktualienmarkt 3, 80331 München, Germany"),
                                      ("entity: a private limited company registered in England and Wales",
                                       "entity: a German limited liability company (GmbH)"),
                                      ("registration: company number 01234567",
                                       "registration: HRB 123456, Amtsgericht München")])
    assert "unless required to do so by Union or Member State law to which the Contractor is subject" in eu
    assert "unless Union or Member State law requires their storage;" in eu


# --- major: one deposit due date, counted from the signing day ----------------------------------

def test_deposit_due_date_counts_from_signing_in_exhibit_invoice_and_state(ws):
    """"Within 7 calendar days after this Agreement is signed": signed 2 Dec on a contract dated
    30 Nov, the deposit is due 9 Dec in the signed Exhibit 2, the invoice and the deal state."""
    import datetime as dt

    from pypdf import PdfReader

    from tests.test_billing import book

    path = example(ws, "blue-harbor-shop", "harbor")
    run("sign", path, "--date", "2026-12-02")
    exhibit = normal(docx_text(path / "out" / "payments-NW-2026-11.docx"))
    # the signed Exhibit names the event; a date computed from an assumed signing day would
    # contradict the invoice (review-en3 M6), so it prints none (the signed text is the draft's)
    assert "within 7 calendar days after this Agreement is signed" in exhibit, exhibit
    assert "December 7, 2026" not in exhibit and "signed (by" not in exhibit
    assert book(path).standing()[0].due == dt.date(2026, 12, 9)
    run("invoice", path, "1", "--date", "2026-12-02", "--format", "pdf")
    pdf = next((path / "out").glob("invoice-*.pdf"))
    text = normal(" ".join(p.extract_text() for p in PdfReader(str(pdf)).pages))
    assert "December 9, 2026" in text and "December 7, 2026" not in text, text
    run("render", path, "--doc", "payments", "--format", "docx", "--out", str(ws / "again"))
    again = normal(docx_text(ws / "again" / "payments-NW-2026-11.docx"))
    assert "signed (by" not in again and "December 7, 2026" not in again


def test_a_venue_left_beside_arbitration_rules_is_warned_not_used(tmp_path):
    """The reviewer's project kept `venue: the courts of England and Wales` beside the LCIA rules."""
    from tests.test_en_review3 import EN2

    folder = tmp_path / "en2"
    folder.mkdir()
    (folder / "project.yaml").write_text(EN2.read_text(encoding="utf-8").replace(
        COURT, LCIA + "\n    venue: the courts of England and Wales"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(folder)], env={"CONTRACTKIT_HOME": str(tmp_path)})
    assert "not used with forum: arbitration ('the courts of England and Wales')" in result.output
    text = render_en2(tmp_path / "r", [(COURT, LCIA + "\n    venue: the courts of England and Wales")])
    # the agreement's own disputes clause ignores the venue; the SCC exhibit's Clause 18(b) names
    # those courts under the UK Addendum (the default transfer basis of a UK client), rightly
    agreement = text.split("STANDARD CONTRACTUAL CLAUSES")[0]
    assert "courts of England and Wales" not in agreement
    assert "Clause 18(b): disputes arising from the Clauses are resolved by the courts of England and Wales" in text
