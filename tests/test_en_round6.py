"""Issue 24, round 6 of the US/UK lawyer's review (review-en4): the English documents' open findings.

Each test drives the CLI on the reviewer's kind of project (tests/data/en-5-*.yaml), reads the
rendered document back (DOCX text, .eml, the page, the calendar) and names the clause or rule it
answers to.
"""

import re
from pathlib import Path

from contractkit.cli import cli  # noqa: F401  (the CLI the helpers drive)
from tests.conftest import run
from tests.readback import docx_text, normal
from tests.test_en_review5 import DATA, DESIGN, SHOP, contract_text, mail_text, render, repo_of


def edit(path: Path, old: str, new: str) -> None:
    text = (path / "project.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    (path / "project.yaml").write_text(text.replace(old, new), encoding="utf-8")


def order_text(path: Path, n: int = 1) -> str:
    return normal(docx_text(next((path / "out").glob(f"addendum-{n}-*.docx"))))


def late_deposit_change(ws: Path) -> Path:
    """The London studio's project: signed 6 Dec (start 6 Dec, a Sunday), the deposit received on
    Thursday 10 Dec, so §2.3 moved every date by 4 business days; then the Client asks for a shorter
    site design (12 -> 10 business days, $5,400 -> $4,600) and Change Order 1 is drafted."""
    path = repo_of(ws, DESIGN)
    run("sign", path, "--date", "2026-12-06")
    run("paid", path, "1", "--date", "2026-12-10")
    edit(path, "    price: 5400\n    days: 12\n", "    price: 4600\n    days: 10\n")
    run("change", path, "-m", "Three pages instead of four", "--requested-on", "2027-01-04")
    run("addendum", path, "--date", "2027-01-05", "--format", "docx")
    return path


# --- 1. A change order after the late deposit moved the dates (critical) --------------------------

def test_change_order_after_a_late_deposit_quotes_the_dates_in_force_and_makes_its_dates_final(ws):
    """§2.3 moves every deadline when the deposit comes late. A Change Order signed after that move
    must quote the dates in force ("currently"), say what they were as signed, and state final dates
    that §2.3 does not move a second time (otherwise, read literally, they move again)."""
    path = late_deposit_change(ws)
    text = order_text(path)
    # the site design was due 4 Feb 2027 as signed; work started on 10 Dec instead of Monday 7 Dec,
    # so 3 business days later: 9 Feb in force
    assert re.search(r"its deadline becomes 5 February 2027 \(currently 9 February 2027: 4 February 2027 "
                     r"as signed, moved under Section 2\.3 because the deposit was received after 6 December 2026\)",
                     text), text
    assert ("Section 2.1 of the Agreement is amended and restated to read: “2.1. The Contractor started "
            "the Work on 10 December 2026, when the deposit had been received, and shall complete it no "
            "later than ") in text
    assert ("Section 2.3 of the Agreement is amended and restated to read: “2.3. The deposit was received "
            "after 6 December 2026, so the deadlines moved by 3 business days; the dates in Section 2.1 and "
            "Exhibit 1 already include that move and do not move again for the deposit.”") in text
    assert ("Original completion date 4 February 2027 Original completion date as moved under Section 2.3 "
            "(deposit received after 6 December 2026) 9 February 2027 Completion date in force before this Change Order 9 February 2027"
            ) in text
    assert "they are final and do not move again for the deposit" in text
    # §8.1 no longer lists 2.3 among the clauses that move deadlines without a Change Order
    assert re.search(r"Except for the extensions of deadlines under Sections 2\.4, 3\.\d+ and \d+\.1, which", text)


def test_after_the_late_deposit_change_order_every_output_gives_its_dates(ws):
    """One state: once Change Order 1 is signed, `status`, the client's page and the calendar give
    the dates the Change Order states (shifted once by §2.3, never twice)."""
    path = late_deposit_change(ws)
    text = order_text(path)
    assert "its deadline becomes 5 February 2027 (currently 9 February 2027" in text  # moved once
    run("sign", path, "--date", "2027-01-06")
    status = run("status", path, "--date", "2027-01-07").output
    assert "2027-02-05" in status and "2027-02-09" not in status and "2027-02-10" not in status, status
    site = ws / "site"
    run("publish", path, "--out", site)
    page = (site / "index.html").read_text(encoding="utf-8")
    # the date in force and the Change Order's; a second §2.3 move would give 10 February
    assert "5 February 2027" in page and "10 February 2027" not in page
    # "was": the date the Agreement states (4 February), the late deposit's move listed (round 8)
    assert "<td data-label=\"was\">4 February 2027</td><td data-label=\"now\">5 February 2027</td>" in page
    ics = ws / "d.ics"
    run("calendar", path, "--out", ics, "--date", "2027-01-07")
    cal = ics.read_text(encoding="utf-8")
    assert "20270205" in cal and "20270209" not in cal and "20270210" not in cal


# --- 2. Personal data moved between milestones shows on the change request and the Change Order ---

def test_personal_data_flag_changed_by_a_change_shows_on_the_request_and_the_change_order(ws):
    """Art. 28(3) GDPR terms cover the milestones the Agreement names (§12.1): a change that moves
    the personal-data flag changes what the Client approves, so the change request sheet (approved
    by its hash) and the Change Order must both state it, not only the restated §12.1."""
    from tests.readback import pdf_pages

    path = repo_of(ws, SHOP)
    run("sign", path, "--date", "2026-12-06")
    edit(path, "    days: 15\n    personal_data: true\n", "    days: 15\n")
    edit(path, "      license: MIT License\n", "      license: Apache License 2.0\n")
    out = run("change", path, "-m", "Checkout without accounts", "--requested-on", "2027-01-04",
              "--estimate").output
    assert "personal_data: True -> False" in out, out  # the `change` summary lists the edit
    sheet = normal(" ".join(pdf_pages(next((path / "out").glob("cr-001-*.pdf")))))
    assert "Personal data: its results no longer collect personal data." in sheet, sheet
    assert ("Agreement terms, third-party components: WordPress (GNU GPL version 2 or later); Alpine.js "
            "(Apache License 2.0);") in sheet and "Alpine.js (MIT License)" in sheet  # a licence changed
    run("addendum", path, "--date", "2027-01-05", "--format", "docx")
    text = order_text(path)
    assert "its results no longer collect personal data (previously they did)" in text, text


# --- 3. One state: a delay notice after a Change Order, on the page and in the calendar -----------

def _deadline_everywhere(ws: Path, path: Path, day: str, stage: str, title: str) -> dict:
    """The stage's deadline in force as `status`, the client's page and the calendar give it on `day`."""
    import datetime as dt

    status = run("status", path, "--date", day).output
    in_status = re.search(rf"\d+\. {stage}\s+.*deadline (\d{{4}}-\d\d-\d\d)", status).group(1)
    site = ws / f"site-{day}"
    run("publish", path, "--out", site, "--date", day)
    page = (site / "index.html").read_text(encoding="utf-8")
    on_page = re.search(rf"<title>{title}: [^<]*? – (\d+ \w+ \d{{4}})", page).group(1)
    ics = ws / f"{day}.ics"
    run("calendar", path, "--out", ics, "--date", day)
    cal = ics.read_text(encoding="utf-8").replace("\r\n ", "")
    event = next(e for e in cal.split("BEGIN:VEVENT") if f"SUMMARY:{path.name}: {title}" in e)
    in_ics = re.search(r"DTSTART;VALUE=DATE:(\d{8})", event).group(1)
    return {"status": dt.date.fromisoformat(in_status),
            "page": dt.datetime.strptime(on_page, "%d %B %Y").date(),
            "calendar": dt.datetime.strptime(in_ics, "%Y%m%d").date()}


def test_a_delay_notice_after_a_change_order_moves_the_page_and_the_calendar_as_it_moves_status(ws):
    """§2.4: the Contractor's notice of the Client's delay moves the deadlines on the notice, without a
    Change Order. A Change Order signed before it does not hide it: `status`, the page and the
    calendar read one deal state, as of the same day."""
    path = repo_of(ws, DESIGN)
    run("sign", path, "--date", "2026-12-06")
    run("paid", path, "1", "--date", "2026-12-07")
    edit(path, "    price: 5400\n    days: 12\n", "    price: 6000\n    days: 14\n")
    run("change", path, "-m", "A fifth page", "--requested-on", "2026-12-07")
    run("addendum", path, "--date", "2026-12-07", "--format", "docx")
    run("sign", path, "--date", "2026-12-07")
    before = _deadline_everywhere(ws, path, "2026-12-17", "logo", "Logo and visual identity")
    run("asked", path, "Existing logo files", "--date", "2026-12-08")
    run("received", path, "R-001", "--date", "2026-12-18")
    run("notice", "delay", path, "logo", "--days", "3", "--client-caused", "--reason",
        "The Client sent the logo files late", "--date", "2026-12-18")
    after = _deadline_everywhere(ws, path, "2026-12-21", "logo", "Logo and visual identity")
    assert len(set(after.values())) == 1, after  # one date in all three
    assert len(set(before.values())) == 1, before
    moved = after["status"] - before["status"]
    assert moved.days >= 3, (before, after)  # 3 business days later, as the notice says


# --- 4. The notice's open extension is topped up when the materials come later --------------------

def test_notice_extension_is_topped_up_when_the_materials_arrive_later_and_the_update_says_so(ws):
    """The notice gives N business days "and one further business day for each business day until
    the materials arrive" (§2.4). Materials one day later than the notice assumed move the deadline
    one more day: `status` and the update letter give the same date, and the letter confirms the
    top-up in writing; what has arrived is no longer listed under "Waiting on you"."""
    path = repo_of(ws, DESIGN)
    run("sign", path, "--date", "2026-12-06")
    run("paid", path, "1", "--date", "2026-12-07")
    run("asked", path, "Existing logo files", "--date", "2026-12-08")  # due 15 Dec (5 business days)
    run("notice", "delay", path, "logo", "--days", "2", "--client-caused", "--reason",
        "The Client has not sent the logo files", "--date", "2026-12-17")
    notice = mail_text(next((path / "out").glob("letter-*-delay.eml")))
    given = re.search(r"2 business days as of this notice \(from (\d+ \w+ \d{4}) to (\d+ \w+ \d{4})", notice)
    assert given, notice
    run("received", path, "R-001", "--date", "2026-12-18")  # 3 business days late, not 2
    status = run("status", path, "--date", "2026-12-21").output
    deadline = re.search(r"\d+\. logo\s+.*deadline (\d{4}-\d\d-\d\d)", status).group(1)
    run("update", path, "--date", "2026-12-21")
    text = mail_text(next((path / "out").glob("letter-*-update.eml")))
    import datetime as dt
    moved_to = dt.date.fromisoformat(deadline).strftime("%-d %B %Y")
    assert moved_to != given.group(2)  # one business day more than the notice said on its day
    assert (f"moved from {given.group(1)} to {moved_to} by our notice of 17 December 2026 under Section 2.4 "
            f"of the Agreement (CR-001), topped up as the notice provides: the materials it waited for "
            f"arrived on 18 December 2026, 3 business days late, so the extension is 3 business days in all"
            ) in text, text
    assert "Waiting on you" not in text and "Received late" in text


# --- 5. The notice of default: no period of grace against the shorter notices --------------------

def test_claim_demands_immediate_payment_and_keeps_the_claims_period_for_proceedings(ws):
    """§16.2 is a period to answer a claim before proceedings, not a period of grace to pay: a
    demand "within 30 days" beside the 10-day termination notice (§17.3) and the 15-day end of
    the licence (§11.2) invites a waiver or estoppel argument against them. The claim demands
    immediate payment, serves the short notices, and cites the 30 days only for proceedings."""
    path = repo_of(ws, SHOP)
    run("sign", path, "--date", "2026-12-06")
    run("invoice", path, "1", "--date", "2026-12-06", "--format", "pdf")
    run("claim", path, "--date", "2027-01-15", "--format", "docx")
    text = normal(docx_text(next((path / "out").glob("letter-*-claim-*.docx"))))
    assert "The Contractor demands immediate payment of:" in text, text
    assert "of receiving this notice" not in text
    assert re.search(r"if the amount overdue is not paid within 10 calendar days after the Client receives it, "
                     r"the Contractor may terminate", text), text
    assert re.search(r"Nothing in this notice extends the time for payment or the periods stated above\. If the "
                     r"Client has not paid and the dispute is not resolved within 30 days after the Client "
                     r"receives this notice \(Section \d+\.2 of the Agreement\), the Contractor will", text), text


# --- 6. Bank charges on a cross-border wire -------------------------------------------------------

def test_bank_charges_each_its_own_bank_and_the_payer_the_intermediaries_on_a_wire_abroad(tmp_path):
    """SHA for each Party's own bank; on a USD wire from a US client to a UK account the intermediary
    and conversion charges are the payer's (OUR), and the sentence no longer says "so that" after a
    rule that cannot ensure it."""
    usd = [("currency: GBP", "currency: USD")]
    text = contract_text(render(tmp_path / "a", DESIGN, edits=usd))
    assert ("Each Party bears the charges of its own bank for a transfer; charges of any intermediary or "
            "correspondent bank and any currency conversion are borne by the Client, which shall instruct its "
            "bank so that they are not deducted from the amount the Contractor receives.") in text
    assert "so that the Contractor receives the full amount due" not in text


# --- 7. German law: rights for unknown types of use need written form ------------------------------

def test_german_client_grant_for_unknown_types_of_use_needs_written_form(tmp_path):
    """§ 31a(1) UrhG: an AUTHOR's grant of rights for unknown types of use needs written form (§ 126
    BGB, or § 126a with a qualified electronic signature); the email approval the e-signature clause
    allows does not meet it. A sole proprietor is the author: the contract says so in both places.
    A company contractor is not: its onward grant is free of the form, which binds its contracts
    with each author, and it warrants those (review-en4 E12)."""
    person = [("  kind: company\n  name: Lone Star Pixel Works LLC", "  kind: individual\n  name: Jordan Lee"),
              ("  entity: a Texas limited liability company\n", "")]
    text = contract_text(render(tmp_path / "person", SHOP, edits=person))
    assert ("The grant for types of use unknown when this Agreement is made requires written form (§ 31a(1) "
            "UrhG): it takes effect only in a document signed by both Parties by hand or with a qualified "
            "electronic signature (§§ 126 and 126a of the German Civil Code, BGB)") in text
    assert re.search(r"A grant of rights for types of use unknown when this Agreement is made \(§ 31a UrhG\) "
                     r"binds only in the written form Section 11 requires: a handwritten or qualified "
                     r"electronic signature\.", text), text
    text = contract_text(render(tmp_path / "llc", SHOP))
    assert "requires written form" not in text and "binds only in the written form" not in text
    assert ("The Contractor warrants that each author of the Deliverables has granted it, in the written form "
            "§ 31a(1) UrhG requires, exclusive rights of use for all types of use, including those unknown when "
            "that grant was made, with the right to grant them on, and it grants those rights to the Client "
            "under this Agreement; where an author revokes a grant for types of use unknown when it was made "
            "(§ 31a(1), third sentence, UrhG), the Contractor shall inform the Client promptly.") in text


# --- 8. The liability cap does not reach the SCCs -------------------------------------------------

def test_liability_cap_does_not_limit_liability_under_the_sccs_and_they_prevail(tmp_path):
    """SCC Clause 12(a): each party is liable to the other for damage caused by its breach of the
    Clauses, and Clause 2(a) forbids terms that contradict them: the cap (§9.2) must not reach that
    liability, and the precedence clause names the Exhibit that prevails."""
    text = contract_text(render(tmp_path, SHOP))
    assert re.search(r"and either Party’s liability to the other under the standard contractual clauses in "
                     r"Exhibit (\d) \(Clause 12 of those clauses\), which no limit or exclusion in this Agreement "
                     r"restricts\.", text), text
    scc = re.search(r"under the standard contractual clauses in Exhibit (\d) \(Clause 12", text).group(1)
    assert (f"If documents conflict, the standard contractual clauses in Exhibit {scc} prevail on the matters "
            f"they govern; otherwise this Agreement prevails, then Exhibit 1") in text
    assert "then the brief" not in text and "The brief is background and forms no part of this Agreement." in text


# --- 9. The claim cites the Change Order's own clause ----------------------------------------------

def test_claim_cites_the_change_order_clause_that_added_the_installment(ws):
    """review-en3 #4: a sum a Change Order added or restated is cited as "Section 3.3.3 of the
    Agreement, as added by Section 1.N of Change Order No. 1" (the clause of the signed Change Order,
    read off its DOCX whose hash the signature recorded), not "as amended by" whichever came last."""
    path = repo_of(ws, DESIGN)
    run("sign", path, "--date", "2026-12-06")
    run("paid", path, "1", "--date", "2026-12-07")
    text = (path / "project.yaml").read_text(encoding="utf-8")
    extra = ("  - id: deck\n    title: Pitch deck template\n    description: A 12-slide deck in the brand style\n"
             "    acceptance:\n      - Deck delivered as an editable Figma file\n    revisions: 1\n"
             "    price: 2000\n    days: 5\n\npayment:")
    (path / "project.yaml").write_text(text.replace("\npayment:", "\n" + extra, 1), encoding="utf-8")
    run("change", path, "-m", "A pitch deck", "--requested-on", "2026-12-07")
    run("addendum", path, "--date", "2026-12-08", "--format", "pdf,docx")
    order = order_text(path)
    at = re.search(r"(\d\.\d+)\. Section 3\.3 of the Agreement is amended by adding Section 3\.3\.3:", order)
    assert at, order
    run("sign", path, "--date", "2026-12-08")
    run("claim", path, "--date", "2027-01-15", "--format", "docx")
    claim = normal(docx_text(next((path / "out").glob("letter-*-claim-*.docx"))))
    assert (f"Under Section 3.3.3 of the Agreement, as added by Section {at.group(1)} of Change Order No. 1, "
            f"the Client was to pay") in claim, claim


# --- 10. Minors: a reduction on the change request, the support term, non-contractual claims -------

def test_reduction_request_proposes_to_reduce_the_scope_and_quotes_the_date_in_force(ws):
    """A change that only lowers the price adds no work "outside the Statement of Work": the sheet
    says the Parties propose to reduce the scope, and quotes the completion in force as "currently"."""
    from tests.readback import pdf_pages

    path = repo_of(ws, DESIGN)
    run("sign", path, "--date", "2026-12-06")
    edit(path, "    price: 5400\n    days: 12\n", "    price: 4600\n    days: 10\n")
    run("change", path, "-m", "Three pages instead of four", "--requested-on", "2026-12-08", "--estimate")
    sheet = normal(" ".join(pdf_pages(next((path / "out").glob("cr-001-*.pdf")))))
    assert "The Parties propose to reduce the scope of the Statement of Work (Exhibit 1)" in sheet, sheet
    assert "is not in the Statement of Work" not in sheet
    assert re.search(r"New completion date \d+ \w+ 2027 \(currently \d+ \w+ 2027\)", sheet), sheet


def test_support_term_runs_from_its_start_and_the_law_clause_covers_non_contractual_claims(tmp_path):
    """The plan starts the day after final acceptance and runs its months from that start (one date,
    not two); Rome II Art. 14 lets the parties choose the law of non-contractual obligations too."""
    text = contract_text(render(tmp_path / "uk", DESIGN))
    assert "This Agreement, and any non-contractual obligation arising out of or in connection with it, is " \
           "governed by the laws of England and Wales" in text
    folder = render(tmp_path / "en2", DATA / "en-2-london.yaml", docs=("contract", "support"))
    support = normal(docx_text(next((folder / "out").glob("support-*.docx"))))
    assert "The Plan starts on the day after final acceptance" in support
    assert "months from the day the Plan starts." in support and "from final acceptance." not in support


def test_russian_addendum_words_a_changed_personal_data_flag_too(ws):
    """The flag is a tracked field of the stage in both languages (diff.TRACKED): a Russian addendum
    never prints an empty «изменить условия этапа …: .» for it (152-ФЗ: who processes what)."""
    run("new", "romashka", "--from-example", "romashka-site")
    path = ws / "romashka"
    text = (path / "project.yaml").read_text(encoding="utf-8")
    assert "personal_data: true" in text
    run("sign", path, "--date", "2026-12-01")
    (path / "project.yaml").write_text(text.replace("personal_data: true", "personal_data: false", 1),
                                       encoding="utf-8")
    run("change", path, "-m", "Без форм", "--requested-on", "2026-12-02")
    run("addendum", path, "--date", "2026-12-03", "--format", "docx")
    order = normal(docx_text(next((path / "out").glob("addendum-1-*.docx"))))
    assert "результаты этапа больше не собирают персональные данные" in order, order
    assert ": ." not in order
