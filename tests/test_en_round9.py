"""Issue 24, round 9 of the US/UK lawyer's review (review-en6): the critical and major findings.

Each test drives the CLI on the reviewer's projects (tests/data/en-6-*.yaml: a Manchester Ltd building
a portal for an Irish DAC under English law; a Florida sole proprietor building a SaaS MVP for a
Delaware corporation), reads the rendered document back and names the rule it answers to.
"""

from pathlib import Path

import pytest

from contractkit.cli import cli  # noqa: F401  (the CLI the helpers drive)
from tests.conftest import run
from tests.readback import docx_text, normal
from tests.test_en_review5 import contract_text, render, repo_of
from tests.test_en_round6 import edit, order_text

DATA = Path(__file__).parent / "data"
UK_IE = DATA / "en-6-uk-ie.yaml"
FL_SAAS = DATA / "en-6-fl-saas.yaml"

IRISH = ("  - id: golive\n    title: Go-live and hypercare\n"
         "    description: Production deployment and two weeks of hypercare\n    acceptance:\n"
         "      - The portal is live and hypercare ended\n    revisions: 0\n    price: 5000\n    days: 10\n",
         "  - id: irish\n    title: Irish-language version\n"
         "    description: Irish-language interface and bill templates\n    acceptance:\n"
         "      - All portal screens are available in Irish\n    revisions: 1\n    price: 7500\n    days: 8\n"
         "    personal_data: true\n"
         "  - id: golive\n    title: Go-live and hypercare\n"
         "    description: Production deployment and two weeks of hypercare\n    acceptance:\n"
         "      - The portal is live and hypercare ended\n    revisions: 0\n    price: 4000\n    days: 8\n")


@pytest.fixture(scope="module")
def uk_ie(tmp_path_factory) -> str:
    return contract_text(render(tmp_path_factory.mktemp("uk_ie"), UK_IE))


def _attached_data(path: Path, pattern: str = "addendum-1-*.pdf") -> dict:
    """The document-data.json a PDF carries."""
    import json

    from pypdf import PdfReader

    pdf = sorted((path / "out").glob(pattern))[-1]
    return json.loads(PdfReader(pdf).attachments["document-data.json"][0])


def _doc(path, pattern: str) -> str:
    return normal(docx_text(sorted((path / "out").glob(pattern))[-1]))


def uk_ie_notice(ws) -> Path:
    """The reviewer's uk-ie history up to its delay notice: signed 12 Jan 2027, the deposit received
    15 Feb (work starts 16 Feb), UX accepted 1 Mar, the billing API documents asked 2 Mar and received
    15 Mar, and the Contractor's notice of 15 Mar moving "Portal build" by 4 business days (§2.3)."""
    path = repo_of(ws, UK_IE)
    run("sign", path, "--date", "2027-01-12")
    run("paid", path, "1", "--date", "2027-02-15")
    run("accept", path, "ux", "--date", "2027-03-01")
    run("asked", path, "Billing API documentation and test accounts", "--date", "2027-03-02")
    run("received", path, "R-001", "--date", "2027-03-15")
    run("notice", "delay", path, "portal", "--days", "4", "--client-caused", "--reason",
        "The billing API documentation arrived late", "--date", "2027-03-15")
    return path


def uk_ie_order(ws) -> Path:
    """Then Change Order 1 (requested 18 Mar): Irish-language version inserted before go-live,
    which gets shorter and cheaper."""
    path = uk_ie_notice(ws)
    edit(path, *IRISH)
    run("change", path, "-m", "Irish-language version; shorter hypercare", "--reason",
        "The Client must offer an Irish-language service", "--requested-by", "client",
        "--requested-on", "2027-03-18")
    run("addendum", path, "--date", "2027-03-19", "--format", "docx")
    return path


# --- C2. calendar: GB is England and Wales: Easter Monday and the Summer bank holiday ----------

def test_gb_calendar_counts_the_bank_holidays_of_england_and_wales(ws):
    """Banking and Financial Dealings Act 1971, sch. 1: Easter Monday (29 March 2027) and the last
    Monday in August are bank holidays in England and Wales (not in Scotland), so the portal's deadline
    is 7 April, not 6 April, and the notice moves it to 13 April (review-en6, C2)."""
    path = uk_ie_notice(ws)
    status = run("status", path, "--date", "2027-03-16").output
    assert "portal               in progress, deadline 2027-04-13 (signed 2027-04-07" in status, status
    assert "completion 2027-04-27 in force (signed 2027-04-21" in status, status
    contract = _doc(path, "contract-*.docx")
    assert "excluding weekends and bank holidays in England and Wales" in contract


@pytest.mark.parametrize("code, words", [("GB-ENG", "England and Wales"), ("GB-WLS", "England and Wales"),
                                         ("GB-SCT", "Scotland"), ("GB-NIR", "Northern Ireland")])
def test_each_uk_jurisdiction_is_a_calendar_and_the_contract_names_it(tmp_path, code, words):
    """Scotland and Northern Ireland have bank holidays of their own (2 Jan and St Andrew's Day; St
    Patrick's Day and 12 July): a contract counting business days names the jurisdiction whose days
    it skips."""
    from datetime import date

    from contractkit.calendar import is_working_day

    text = contract_text(render(tmp_path, UK_IE, edits=[("calendar: GB\n", f"calendar: {code}\n")]))
    assert f"excluding weekends and bank holidays in {words}" in text
    assert "calendar" not in text.split("excluding weekends and")[1][:60]
    easter_monday, summer = date(2027, 3, 29), date(2027, 8, 30)
    scotland = code == "GB-SCT"
    assert is_working_day(easter_monday, code) is scotland
    assert is_working_day(summer, code) is scotland
    assert is_working_day(date(2027, 8, 2), code) is not scotland
    assert is_working_day(date(2027, 3, 17), code) is (code != "GB-NIR")


# --- C1 + M5. A UK processor of an Irish controller: adequacy, not the IDTA; the UK GDPR too ----

def test_uk_processor_of_an_eu_controller_relies_on_the_adequacy_decision(uk_ie):
    """Art. 45 GDPR and Decision (EU) 2021/1772: an EU controller may send personal data to a UK
    processor without safeguards; the SCCs (Decision (EU) 2021/914, module two) are the fall-back if
    the decision lapses. The processing country is the Contractor's, never a fixed "United States"."""
    assert "The Contractor processes Client Personal Data in the United Kingdom. " in uk_ie
    assert "United States" not in uk_ie
    assert ("Transfers of Client Personal Data to the Contractor rely on the adequacy decision for the "
            "United Kingdom under Article 45 of the GDPR (Commission Implementing Decision (EU) 2021/1772"
            in uk_ie)
    assert ("If that decision ceases to apply, transfers are made under the standard contractual clauses "
            "set out in Commission Implementing Decision (EU) 2021/914, module two (controller to processor)"
            in uk_ie)
    assert "International Data Transfer Agreement" not in uk_ie and "119A" not in uk_ie
    exhibit = uk_ie.split("STANDARD CONTRACTUAL CLAUSES (MODULE TWO)")[1]
    assert "apply only if and from when the adequacy decision for the United Kingdom" in exhibit
    assert "the laws and practices of the United Kingdom applicable" in exhibit
    assert "Executive Order 14086" not in exhibit


def test_uk_processor_is_bound_by_the_uk_gdpr_and_the_dpa_as_well(uk_ie):
    """Art. 3(1) UK GDPR: a processor established in the UK is subject to the UK GDPR and the Data
    Protection Act 2018 whatever its controller's law (review-en6, M5)."""
    assert ("(“Data Protection Law”, meaning the GDPR and, to the extent they apply to the Contractor, "
            "the UK GDPR and the Data Protection Act 2018)") in uk_ie
    assert "unless required to do so by Union, Member State or United Kingdom law to which" in uk_ie
    assert "unless Union, Member State or United Kingdom law requires their storage" in uk_ie
    assert "unless required to do so by Union or Member State law" not in uk_ie


@pytest.mark.parametrize("basis", ["idta", "uk_addendum"])
def test_check_refuses_a_uk_transfer_tool_for_an_exporter_outside_the_uk(ws, basis):
    """DPA 2018 s.119A: the IDTA and the UK Addendum govern restricted transfers from the UK; an
    Irish exporter cannot use them. One line naming the file, line and field; nothing rendered."""
    path = ws / "uk"
    path.mkdir()
    text = UK_IE.read_text(encoding="utf-8").replace("  governing_law:", f"  data_transfer: {basis}\n  governing_law:")
    (path / "project.yaml").write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"  data_transfer: {basis}") + 1
    out = run("check", path, ok=False).output
    assert f"project.yaml:{line}" in out and "terms.data_transfer" in out, out
    assert "covers transfers out of the United Kingdom only" in out and "Decision (EU) 2021/1772" in out
    assert "Traceback" not in out
    run("render", path, "--doc", "contract", "--format", "docx", ok=False)
    assert not (path / "out").exists() or not list((path / "out").iterdir())


# --- M1 + M2. A change order starts from the dates in force: the notice's moves included -------

def test_change_order_quotes_the_dates_the_notice_put_in_force(ws):
    """§2.3 moved "Portal build" to 13 April (and completion to 27 April) on the Contractor's notice
    of 15 March, without a Change Order; the Change Order must call those dates "currently", not
    the signed ones, and must not re-grant the notice's move (review-en6, M1)."""

    path = uk_ie_order(ws)
    order = order_text(path)
    assert "amend Milestone 2 “Portal build”" not in order, order[:3000]
    # the signed Milestone 3 keeps its number; the inserted one is 4 (issue 24 item 12)
    assert ("amend Milestone 3 “Go-live and hypercare”: its fee becomes €4,000.00" in order)
    assert ("its deadline becomes 6 May 2027 (currently 27 April 2027: 21 April 2027 before the "
            "Contractor’s notice of 15 March 2027 under Section 2.3)") in order
    assert ("Completion date in force before this Change Order (as extended by the Contractor’s notice of "
            "15 March 2027 under Section 2.3) 27 April 2027") in order
    # the milestone it adds waits for its additional deposit, and Go-live follows it: provisional (M4)
    assert ("The Work shall be completed by 6 May 2027 (if the additional deposit is received by 13 April "
            "2027; currently 27 April 2027; 6 business days later).") in order
    assert "currently 21 April 2027;" not in order and "(currently 7 April 2027)" not in order
    run("addendum", path, "--date", "2027-03-19", "--format", "pdf")
    data = _attached_data(path)
    assert data["addendum"]["ledger"]["completion_before"] == "2027-04-27", data["addendum"]["ledger"]


APP_AND_DASHBOARD = (
    "    price: 28000\n    days: 30\n    personal_data: true\n",
    "    price: 29500\n    days: 32\n    personal_data: true\n"
    "  - id: dashboard\n    title: Clinic analytics dashboard\n"
    "    description: Dashboard of bookings, no-shows and revenue per clinic\n    acceptance:\n"
    "      - The dashboard shows the metrics of the approved mock-up\n    revisions: 1\n"
    "    price: 6250\n    days: 8\n    personal_data: true\n")


def fl_saas_order(ws, sign: bool = True) -> Path:
    """The reviewer's fl-saas history: signed 8 Dec 2026, the deposit received late (28 Dec), so §2.3
    moved every date; Stripe and AWS access asked 8 Jan, received 20 Jan, and the Contractor's
    notice of 20 Jan moving "MVP web application" by 2 business days (§2.4); then Change Order 1
    (requested 25 Jan): a longer, dearer MVP and an added dashboard, signed 1 Feb."""
    path = repo_of(ws, FL_SAAS)
    run("sign", path, "--date", "2026-12-08")
    run("paid", path, "1", "--date", "2026-12-28")
    run("accept", path, "discovery", "--date", "2027-01-07")
    run("asked", path, "Stripe and AWS account access", "--date", "2027-01-08")
    run("received", path, "R-001", "--date", "2027-01-20")
    run("notice", "delay", path, "app", "--days", "2", "--client-caused", "--reason",
        "The Client provided Stripe and AWS access late", "--date", "2027-01-20")
    edit(path, *APP_AND_DASHBOARD)
    run("change", path, "-m", "Analytics dashboard and SMS reminders", "--reason",
        "The Client asked for a clinic dashboard and SMS reminders", "--requested-by", "client",
        "--requested-on", "2027-01-25")
    run("addendum", path, "--date", "2027-01-26", "--format", "docx")
    if sign:
        run("sign", path, "--date", "2027-02-01")
    return path


def test_change_order_after_a_late_deposit_and_a_notice_credits_each_move(ws):
    """fl-saas: the late deposit moved the app to 22 Feb (§2.3), the notice of 20 Jan to 24 Feb
    (§2.4); the Change Order moves it from 24 Feb, and its ledger's completion in force is 3 Mar
    (review-en6, M1). The signed Change Order, rendered again, says the same."""
    path = fl_saas_order(ws, sign=False)
    drafted = order_text(path)
    run("sign", path, "--date", "2027-02-01")
    run("addendum", path, "1", "--format", "docx")
    for order in (drafted, order_text(path)):
        assert ("its deadline becomes February 26, 2027 (currently February 24, 2027: February 8, 2027 as "
                "signed, moved under Section 2.3 because the deposit was received after December 14, 2026, then "
                "to February 24, 2027 by the "
                "Contractor’s notice of January 20, 2027 under Section 2.4)") in order
        assert ("the deadline of Milestone 3 “Production launch” moves from March 3, 2027 (its date in force: "
                "February 16, 2027 as signed, moved under Section 2.3 because the deposit was received after "
                "December 14, 2026, then to March 3, "
                "2027 by the Contractor’s notice of January 20, 2027 under Section 2.4) to March 17, 2027") in order
        assert ("Completion date in force before this Change Order (as extended by the Contractor’s notice of "
                "January 20, 2027 under Section 2.4) March 3, 2027") in order
        assert ("The Work shall be completed by March 17, 2027 (if the additional deposit is received by "
                "February 28, 2027; currently March 3, 2027; 10 business days later).") in order
        assert "currently February 22, 2027" not in order and "currently March 1, 2027" not in order


def test_update_letter_credits_the_notice_and_the_change_order_with_their_own_moves(ws):
    """The notice of 20 Jan moved the MVP from 22 Feb to 24 Feb; Change Order 1 (signed 1 Feb) moved it
    on to 26 Feb. An update must not say the notice moved it to 26 Feb (review-en6, M2)."""
    path = fl_saas_order(ws)
    letter = normal(run("update", path, "--date", "2027-02-05").output)
    assert ("“MVP web application”: moved from February 22, 2027 to February 24, 2027 by our notice of "
            "January 20, 2027 under Section 2.4 of the Agreement (CR-001)") in letter, letter
    assert ("“MVP web application”: moved from February 24, 2027 to February 26, 2027 by Change Order No. 1 "
            "signed on February 1, 2027") in letter
    assert "to February 26, 2027 by our notice" not in letter


# --- M8. A rejection cannot shorten the cure period of §4.4 -------------------------------------

def test_rejection_fix_by_earlier_than_the_cure_period_is_refused(ws):
    """§4.4 gives the Contractor 5 business days after the rejection to correct the defects; a
    rejection is the Client's notice alone and cannot amend that (§18.7: amendments need both
    Parties). Rejected 26 Feb 2027, the period ends 5 March, not 3 March (review-en6, M8)."""
    path = fl_saas_order(ws)
    out = run("accept", path, "app", "--date", "2027-02-26", "--remark", "Stripe webhook retries fail",
              "--fix-by", "2027-03-03", ok=False).output
    assert ("--fix-by 2027-03-03 is earlier than the 5 business days Section 4.4 gives the Contractor to "
            "correct the defects (to 2027-03-05)") in out, out
    assert len(out.strip().splitlines()) == 1
    assert not list((path / "out").glob("act-2-*"))
    run("accept", path, "app", "--date", "2027-02-26", "--remark", "Stripe webhook retries fail",
        "--fix-by", "2027-03-05", "--format", "docx")
    notice = _doc(path, "act-2-*.docx")
    assert "The Contractor shall address the remarks by March 5, 2027" in notice


# --- M6. A UK supplier's contract speaks of VAT, not US sales and use taxes --------------------

def test_uk_supplier_contract_has_a_vat_clause_with_the_reverse_charge(uk_ie):
    """VATA 1994 s.7A(2)(a): a UK supplier's services to a business in Ireland are supplied where the
    customer belongs; the Irish client accounts for VAT under the reverse charge (Art. 196 of
    Directive 2006/112/EC) and needs to give its VAT number (review-en6, M6)."""
    assert ("All sums payable under this Agreement are exclusive of value added tax (VAT). Where VAT is "
            "chargeable on a supply under this Agreement, the Client pays it in addition, against a valid "
            "VAT invoice.") in uk_ie
    assert ("Where the supply is made where the Client belongs, the Client accounts for the VAT due there "
            "under the reverse-charge procedure (Article 196 of Council Directive 2006/112/EC) and gives the "
            "Contractor its VAT identification number (IE1234567T)") in uk_ie
    assert "The Client pays each amount in full, without set-off, deduction or withholding" in uk_ie
    assert "sales, use and similar taxes" not in uk_ie


def test_us_supplier_keeps_the_sales_and_use_tax_sentence(tmp_path):
    text = contract_text(render(tmp_path, FL_SAAS))
    assert "Fees exclude sales, use and similar taxes, which the Client pays" in text
    assert "exclusive of value added tax" not in text


# --- M9. The support plan does not bill for warranty corrections --------------------------------

def test_support_plan_says_warranty_corrections_use_no_included_hours(tmp_path):
    """§10.1 makes corrections free for the warranty period; Exhibit 3 lists "bug fixes" in the paid
    hours, so it must say that warranty corrections are free and use none of them (review-en6, M9)."""
    folder = render(tmp_path, FL_SAAS, docs=("contract", "support"))
    contract = contract_text(folder)
    assert "10.1. For 3 months after final acceptance the Contractor shall correct free of charge" in contract
    plan = _doc(folder, "support-*.docx") if list((folder / "out").glob("support-*.docx")) else contract
    assert ("Corrections under Section 10 of the Agreement (warranty) are free and do not use the included "
            "hours") in plan


# --- M3. A milestone inserted before others takes the next number: never two "Milestone 3"s ----

def test_inserted_milestone_takes_the_next_number_and_renumbers_no_signed_one(ws):
    """CO 1 adds "Irish-language version" before the signed Milestone 3 "Go-live and hypercare". It
    takes the next free number, 4, and Milestone 3 keeps its own, so no signed number comes to mean
    another milestone (issue 24 item 12; review-ru2 R7.6; earlier review-en6 M3 renumbered both and
    had to say so). §11.1 gains 11.1.4 rather than restating 11.1.3."""
    path = uk_ie_order(ws)
    order = order_text(path)
    assert "add Milestone 4 “Irish-language version” to the Work" in order
    assert "amend Milestone 3 “Go-live and hypercare”" in order
    assert "renumbered" not in order and "formerly" not in order
    assert ("Section 11.1 of the Agreement is amended by adding Section 11.1.4: “11.1.4. the results of "
            "Milestone ‘Irish-language version’.”") in order
    assert "Section 11.1.3 of the Agreement is amended" not in order


# --- Minor: a sole proprietor signs with no empty title; UK spelling; agreement -----------------

def test_sole_proprietor_has_no_empty_title_and_pays_the_contractors_own_taxes(tmp_path, uk_ie):
    """A person signing for himself or herself has no office: an empty "Title:" line invites a
    question, and "its own taxes" treats a person as a company."""
    text = contract_text(render(tmp_path, FL_SAAS))
    signatures = text.split("By: _____________________ By: _____________________")[-1]
    assert "Name: Robert Chen Name: Maria Alvarez Title: Chief Executive Officer Date:" in signatures
    assert signatures.count("Title:") == 1
    assert "the Contractor is responsible for the Contractor’s own taxes, insurance and benefits" in text
    assert "its own taxes" not in text
    assert "control the defense and settlement" in text
    assert "control the defence and settlement" in uk_ie  # English law, English spelling
    assert "it is responsible for its own taxes" in uk_ie  # a company


def delay_mail(ws, source=FL_SAAS) -> str:
    """The fl-saas project signed and paid, the client's access two business days late, and the
    Contractor's delay notice for it: the notice's mail text."""
    from tests.test_en_review5 import mail_text

    path = repo_of(ws, source)
    run("sign", path, "--date", "2026-12-08")
    run("paid", path, "1", "--date", "2026-12-28")
    run("asked", path, "Stripe and AWS account access", "--date", "2027-01-08")
    run("received", path, "R-001", "--date", "2027-01-20")
    run("notice", "delay", path, "app", "--days", "2", "--client-caused", "--reason",
        "The Client provided Stripe and AWS access late", "--date", "2027-01-20")
    return mail_text(next((path / "out").glob("letter-001-delay.eml")))


def test_letters_are_signed_without_a_stray_comma(ws):
    mail = delay_mail(ws)
    assert "Maria Alvarez," not in mail.split("By:")[-1], mail[-300:]


# --- M4. `change` warns when the added milestone starts before its deposit can fall due ---------

def test_change_warns_when_the_added_milestone_starts_before_the_deposit_falls_due(ws):
    """CO §3.3 holds added work until the additional deposit arrives, due 30 days after signing; the
    Irish-language milestone starts 14 April 2027, before a deposit paid on time (review-en6, M4)."""
    path = uk_ie_notice(ws)
    edit(path, *IRISH)
    out = run("change", path, "-m", "Irish-language version; shorter hypercare", "--requested-by", "client",
              "--requested-on", "2027-03-18").output
    assert ("warning: irish starts 2027-04-14, but the additional deposit falls due 30 calendar days after "
            "the change order is signed (2027-04-19 if signed on 2027-03-18): the added work waits for the "
            "deposit, and irish and the milestones after it move by the business days from 2027-04-14 until "
            "it arrives") in out, out
    assert "ask for the deposit" not in out


def test_update_letter_does_not_make_the_notice_a_term_of_the_change_order(ws):
    """uk-ie: the notice of 15 March took effect under §2.3 without a Change Order; the update must not
    list it among Change Order 1's terms and then say it needed none (review-en6, M2)."""
    path = uk_ie_order(ws)
    run("sign", path, "--date", "2027-03-24")
    letter = normal(run("update", path, "--date", "2027-03-26").output)
    assert ("24 March 2027: Change Order No. 1 signed: Irish-language version; shorter hypercare (CR-002); "
            "it also records our notice (CR-001), which took effect without it;") in letter, letter
    assert "signed: Deadline of" not in letter
    assert ("“Portal build”: moved from 7 April 2027 to 13 April 2027 by our notice of 15 March 2027 under "
            "Section 2.3 of the Agreement (CR-001)") in letter
