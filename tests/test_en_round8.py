"""Issue 24, round 8 of the US/UK lawyer's review (review-en5): the majors left after round 7.

Each test drives the CLI on the reviewer's projects (tests/data/en-5-*.yaml: a Texas LLC's shop for a
Munich GmbH under New York law; a London studio's design for a Californian corporation under English
law), reads the rendered document back and names the rule it answers to.
"""

import re
from decimal import Decimal

from contractkit.cli import cli  # noqa: F401  (the CLI the helpers drive)
from tests.conftest import run
from tests.readback import docx_text, normal
from tests.test_en_review5 import DESIGN, SHOP, contract_text, mail_text, render, repo_of


def _doc(path, pattern: str) -> str:
    return normal(docx_text(sorted((path / "out").glob(pattern))[-1]))


# --- M6. English law excludes implied terms, not "merchantability"; no "gross negligence" -------

def test_english_law_excludes_implied_terms_and_conditions_and_uses_wilful_default(tmp_path):
    """KG Bominflot v Petroplus [2010] EWCA Civ 1145: under English law an exclusion of "warranties"
    leaves implied terms and conditions (Sale of Goods Act / Supply of Goods and Services Act 1982)
    standing; "gross negligence" has no settled meaning in English law (Armitage v Nurse [1998] Ch 241)."""
    english = contract_text(render(tmp_path, DESIGN))
    assert ("ALL WARRANTIES, CONDITIONS AND OTHER TERMS IMPLIED BY STATUTE OR COMMON LAW ARE EXCLUDED TO "
            "THE FULLEST EXTENT PERMITTED BY LAW.") in english
    assert "MERCHANTABILITY" not in english
    assert "gross negligence" not in english
    assert "fraud or fraudulent misrepresentation, wilful default, death or personal injury" in english


def test_new_york_law_keeps_the_ucc_disclaimer_and_the_gross_negligence_carve_out(tmp_path):
    """UCC §2-316(2): a US disclaimer names merchantability, conspicuously; N.Y. law does not let a
    cap cover gross negligence or willful misconduct (Kalisch-Jarcho, 58 N.Y.2d 377)."""
    us = contract_text(render(tmp_path, SHOP))
    assert "INCLUDING WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE" in us
    assert "gross negligence or willful misconduct" in us
    assert "IMPLIED BY STATUTE OR COMMON LAW" not in us


# --- M5. A rejection is the Client's notice, and redelivery restarts §4.2 and §4.3 --------------

def test_rejection_notice_restarts_review_and_deemed_acceptance_and_only_the_client_signs(ws):
    """§4.3 (deemed acceptance) must apply to the redelivered milestone, or the Client could hold the
    payment back forever by silence; a rejection is the Client's unilateral notice under §4.2."""
    path = repo_of(ws, SHOP)
    run("sign", path, "--date", "2026-12-08")
    run("paid", path, "1", "--date", "2026-12-10")
    run("accept", path, "discovery", "--date", "2026-12-20", "--remark", "No sitemap",
        "--fix-by", "2026-12-28", "--format", "docx")
    text = _doc(path, "act-*.docx")
    assert "NOTICE OF REJECTION (Section 4.2)" in text
    assert "On redelivery, Sections 4.2 and 4.3 apply again from the date of redelivery." in text
    assert "until then no payment for them falls due" not in text
    assert "is made on" not in text and " between " not in text.split("NOTICE OF REJECTION")[1][:400]
    assert re.search(r"Müller Feinkost GmbH.*\(the “Client”\) gives this notice on 20 December 2026 to "
                     r"Lone Star Pixel Works LLC", text), text[:800]
    # the Client's signature line alone
    assert "Name: Katrin Müller" in text and "Name: Dana Whitfield" not in text
    assert "CONTRACTOR" not in text.split("redelivery.")[-1]


# --- M4. German law's written form reaches the change order and the transfer certificate ---------

GERMAN_FORM = ("The grant for types of use unknown when {doc} is made requires written form (§ 31a(1) UrhG): "
               "it takes effect only in a document signed by both Parties by hand or with a qualified "
               "electronic signature (§§ 126 and 126a of the German Civil Code, BGB), such as {doc} so signed")

GERMAN_WARRANTY = ("The Contractor warrants that each author of {what} has granted it, in the written form "
                   "§ 31a(1) UrhG requires, exclusive rights of use for all types of use, including those unknown "
                   "when that grant was made, with the right to grant them on, and it grants those rights to the "
                   "Client under {doc}")

ADDED_STAGE = ("    days: 5\n    personal_data: true\n    # notes:",
               "    days: 5\n    personal_data: true\n  - id: wholesale\n    title: B2B wholesale portal\n"
               "    description: A login area for wholesale customers with tiered prices\n    acceptance:\n"
               "      - Wholesale customers can log in and see their tier prices\n    revisions: 1\n"
               "    price: 2400\n    days: 8\n    # notes:")


def test_german_written_form_is_repeated_in_the_change_order_and_the_transfer_certificate(ws):
    """§ 29(1) UrhG: copyright cannot be transferred, only exclusive rights of use granted (§ 31);
    § 31a(1) UrhG: a grant for unknown types of use needs written form, which only a hand or qualified
    electronic signature meets (§§ 126, 126a BGB). A Change Order "with the force of an original" and a
    certificate "exchanged electronically" must not suggest otherwise for what they assign."""

    contract = contract_text(render(ws / "c", SHOP))
    # §11.6: § 31a binds the author, so each author's written grant is warranted, not only subcontractors'
    assert ("(each author, employee or subcontractor having granted the Contractor in writing (§ 31a UrhG) "
            "sufficient rights to do so)") in contract
    path, order = shop_change_order(ws)
    # the contractor is an LLC, not an author: its own grant needs no written form (§ 31a(1) binds the
    # author), it warrants its authors' written grants instead (review-en4 E12)
    assert "so signed, it has the force of an original." in order
    assert "except for the written form" not in order
    assert "copyright cannot be transferred (§ 29(1) of the German Copyright Act, UrhG)" in order
    assert GERMAN_WARRANTY.format(what="the Deliverables, including any this Change Order adds,",
                                  doc="this Change Order") in order
    assert GERMAN_FORM.format(doc="this Change Order") not in order

    run("sign", path, "--date", "2026-12-22")
    run("accept", path, "all", "--date", "2027-03-01", "--format", "docx")
    for number in ("2", "3", "4", "5"):
        run("paid", path, number, "--date", "2027-03-02")
    run("accept", path, "--rights", "--date", "2027-03-03", "--format", "docx")
    cert = _doc(path, "act-*.docx")
    assert "CERTIFICATE OF TRANSFER OF INTELLECTUAL PROPERTY RIGHTS" in cert
    assert ("Where German law applies, in particular to the use of the deliverables listed above in Germany, "
            "copyright cannot be transferred") in cert
    assert "exclusive rights of use (Nutzungsrechte)" in cert
    assert GERMAN_WARRANTY.format(what="the deliverables listed above", doc="this certificate") in cert
    assert "requires written form" not in cert


# --- M1. Interest on a payment made late is owed until paid, and every document lists it --------

def _shop_paid_late(ws):
    """The shop, signed 8 Dec 2026: the $8,100 deposit (30%, net 7) due 15 Dec, paid 18 Dec (3 days
    late); the designs accepted 13 Jan 2027, so the second $8,100 falls due 20 Jan, paid 12 Feb
    (23 days late). Interest is 1.5% a month, simple, per day at 18% ÷ 365 (§9.1)."""
    path = repo_of(ws, SHOP)
    run("sign", path, "--date", "2026-12-08")
    run("paid", path, "1", "--date", "2026-12-18")
    run("accept", path, "discovery", "design", "--date", "2027-01-13")
    run("paid", path, "2", "--date", "2027-02-12")
    return path


def test_interest_on_installments_paid_late_is_claimed_until_the_day_of_payment(ws):
    """A contractual interest clause runs "until paid" (N.Y. CPLR 5001 applies only absent one); paying
    the principal late does not pay the interest it accrued. The claim lists each late payment's
    interest through the day it was paid, and adds it to the total demanded."""
    path = _shop_paid_late(ws)
    deposit = (Decimal(8100) * Decimal("0.18") * 3 / 365).quantize(Decimal("0.01"))
    second = (Decimal(8100) * Decimal("0.18") * 23 / 365).quantize(Decimal("0.01"))
    assert (deposit, second) == (Decimal("11.98"), Decimal("91.87"))
    out = run("status", path, "--date", "2027-02-15").output
    assert "late interest on installment 1: $11.98 (due 2026-12-15, paid 2026-12-18, 3 day(s))" in out, out
    assert "late interest on installment 2: $91.87 (due 2027-01-20, paid 2027-02-12, 23 day(s))" in out
    assert "late interest owed in all: $103.85" in out
    agenda = run("agenda", path, "--date", "2027-02-15").output.replace("\u00a0", " ")
    assert "installment 1 paid late (due 2026-12-15): interest $11.98 unpaid" in agenda, agenda
    assert "installment 2 paid late (due 2027-01-20): interest $91.87 unpaid" in agenda
    assert "late charges accrued $103.85" in agenda
    run("update", path, "--date", "2027-02-15")
    update = mail_text(sorted((path / "out").glob("letter-*update.eml"))[-1])
    assert "payment 1 of $8,100.00, due 15 December 2026: $11.98 for 3 days until it was paid on 18 December 2026" in update, update
    assert "payment 2 of $8,100.00, due 20 January 2027: $91.87 for 23 days until it was paid on 12 February 2027" in update
    run("claim", path, "--date", "2027-02-15", "--format", "docx")
    claim = _doc(path, "letter-*claim*.docx")
    assert "The following payments were made late." in claim, claim
    assert "$8,100.00 × 18% × 3 ÷ 365 = $11.98" in claim
    assert "$8,100.00 × 18% × 23 ÷ 365 = $91.87" in claim
    assert "the interest on the payments made late, through the days of payment: $103.85" in claim
    assert re.search(r"a total of \$103\.85", claim), claim
    # the claim is also the notice of non-payment that lets the Contractor suspend (review minor)
    assert re.search(r"It is also the Contractor’s written notice of non-payment under Section 3\.\d+ of the "
                     r"Agreement\.", claim), claim


def test_a_uk_deposit_paid_late_before_the_work_is_performed_owes_no_statutory_interest(ws):
    """Late Payment of Commercial Debts (Interest) Act 1998 s.11(4) (review-en4 E11 replaces the
    earlier reading): a deposit is an advance payment, whose debt is treated as created when the
    work is performed; paid 7 days after its agreed date but before any acceptance, it carried no
    statutory interest and, interest never having run, no fixed sum (s.5A(1))."""
    from tests.test_statutory_interest import _repo

    path = _repo(ws)  # the London studio's project without an interest clause of its own
    run("sign", path, "--date", "2026-12-09")
    run("paid", path, "1", "--date", "2026-12-30")  # £9,400 due 23 Dec: 7 days late
    out = run("status", path, "--date", "2027-01-05").output
    assert "late interest on installment 1" not in out and "fixed sum" not in out, out
    assert "1. prepayment" in out and "paid" in out


# --- M3. A change order keeps a payment whose own milestone is still the end of its work -------

def test_change_order_adding_a_milestone_keeps_the_final_payment_and_adds_a_new_one(ws):
    """A Change Order amends what it must and nothing else (the Contractor does not give up a payment
    it had secured): the $10,800 payment on acceptance of Milestone 4 stays there (§3.3.3), and the
    increase less the change deposit is a new §3.3.5 on acceptance of the new Milestone 5."""

    path, order = shop_change_order(ws)
    assert "(previously after acceptance of Milestone 4" not in order
    assert "is added to the final payment" not in order
    assert re.search(r"Section 3\.3\.3 of the Agreement is amended and restated to read: “3\.3\.3\. \$10,800\.00 "
                     r"\(ten thousand eight hundred US dollars\), within 7 calendar days after acceptance of "
                     r"Milestone 4 \(Newsletter sign-up and Mailchimp integration\)\.”", order), order
    assert ("Section 3.3 of the Agreement is amended by adding Section 3.3.5: “3.3.5. $1,440.00 (one thousand four "
            "hundred forty US dollars), within 7 calendar days after acceptance of Milestone 5 (B2B wholesale "
            "portal).”") in order
    assert ("the balance, $1,440.00 (one thousand four hundred forty US dollars), is payable within 7 calendar days "
            "after acceptance of Milestone 5 (B2B wholesale portal) (payment No. 5, added by this Change Order)"
            ) in order
    assert "(payment No. 3) stays due within 7 calendar days after acceptance of Milestone 4" in order
    # the restated Exhibit 2 does not call the signed Agreement's deposit a planned event (review minor)
    assert "after this Agreement is signed (Agreement signed 8 December 2026)" in order
    assert "(event planned for 8 December 2026)" not in order
    # signed, the payment falls due on Milestone 4's acceptance, before the new milestone is done
    run("sign", path, "--date", "2026-12-22")
    run("accept", path, "discovery", "design", "build", "newsletter", "--date", "2027-02-04")
    out = run("status", path, "--date", "2027-02-05").output
    assert re.search(r"3\. on acceptance of newsletter +\$10,800\.00  due 2027-02-11", out), out
    assert re.search(r"5\. on acceptance of wholesale +\$1,440\.00  due 7 calendar days after acceptance of "
                     r"wholesale", out), out
    run("paid", path, "5", "--date", "2027-03-01")  # the new payment is named by its number


def test_russian_addendum_still_moves_the_final_payment_to_the_last_stage():
    """ГК РФ ст. 711: the Russian addendum's rule (the final payment follows the last work) is kept."""
    from contractkit.ledger import keep_the_final

    class Payment:
        change_prepayment = Decimal(40)
        days_to_pay = 5

    class Project:
        language = "ru"
        payment = Payment()
        currency = "RUB"

    assert keep_the_final([], Decimal(100), Project(), 1, None, None) is None


# --- Figures that disagree, 1: the page states the contract's signed completion ---------------

def test_page_history_and_moved_deadlines_count_from_the_signed_dates_with_the_late_deposit(ws):
    """The client page quotes the Agreement as signed (§2.1's completion), and its "moved deadlines"
    table counts from the signed dates, so the late deposit's move (§2.3) is listed with its reason."""
    import datetime as dt

    from tests.test_site import page_text, publish

    path = repo_of(ws, SHOP)
    run("sign", path, "--date", "2026-12-08")
    contract = contract_text(render(ws / "c", SHOP))
    signed = re.search(r"and complete it no later than (\d+ \w+ 2027)", contract).group(1)
    run("paid", path, "1", "--date", "2026-12-18")  # 3 days late: §2.3 moves every deadline
    publish(path, ws / "public", dt.date(2026, 12, 20))
    text = page_text((ws / "public" / "index.html").read_text(encoding="utf-8"))
    assert f"completion: {signed}" in text, text
    assert "the deposit was received late (extension under the Agreement)" in text


# --- Figures that disagree, 3: the update lists every deadline a notice moved --------------------

def test_update_lists_every_milestone_and_the_completion_a_delay_notice_moved(ws):
    """§2.4 moves the named milestone and, with it, every later one and the completion date: the update
    confirms each moved date in writing, not only the milestone the notice named."""
    path = repo_of(ws, DESIGN)
    run("sign", path, "--date", "2026-12-06")
    run("paid", path, "1", "--date", "2026-12-07")
    before = run("status", path, "--date", "2026-12-17").output
    run("asked", path, "Existing logo files", "--date", "2026-12-08")
    run("received", path, "R-001", "--date", "2026-12-18")
    run("notice", "delay", path, "logo", "--days", "3", "--client-caused", "--reason",
        "The Client sent the logo files late", "--date", "2026-12-18")
    after = run("status", path, "--date", "2026-12-21").output
    run("update", path, "--date", "2026-12-21")
    text = mail_text(sorted((path / "out").glob("letter-*-update.eml"))[-1])
    notice = mail_text(sorted((path / "out").glob("letter-*-delay.eml"))[-1])
    # §8.1: the extension takes effect without a Change Order; the notice does not promise one
    assert "without the Client’s approval or a Change Order." in notice, notice
    assert "a later Change Order will record them" not in notice
    import datetime as dt

    def deadline(status: str, stage: str) -> str:
        day = re.search(rf"\d+\. {stage}\s+.*deadline (\d{{4}}-\d\d-\d\d)", status).group(1)
        return dt.date.fromisoformat(day).strftime("%-d %B %Y")

    for stage, title in (("logo", "Logo and visual identity"), ("web", "Marketing site design")):
        old, new = deadline(before, stage), deadline(after, stage)
        assert old != new, (stage, old)
        assert f"“{title}”: moved from {old} to {new} by our notice of 18 December 2026" in text, text
    assert re.search(r"project completion: moved from \d+ \w+ 2027 to \d+ \w+ 2027 by our notice of 18 December "
                     r"2026", text), text


# --- Minor: no CDPA waiver in a Texas-Germany contract under New York law ------------------------

def test_moral_rights_cite_the_cdpa_only_where_a_uk_party_or_uk_law_is_involved(tmp_path):
    """CDPA 1988 s.87 governs UK moral rights; a Texas LLC's contract with a Munich client under New York
    law meets German moral rights (§§ 12-14 UrhG), which cannot be waived: an undertaking not to
    exercise them is what the law allows. The London studio keeps the s.87 waiver."""
    shop = contract_text(render(tmp_path / "s", SHOP))
    assert "Copyright, Designs and Patents Act 1988" not in shop
    assert ("Where German law applies, under which the author’s moral rights cannot be waived (§§ 12 to 14 of "
            "the German Copyright Act, UrhG), the Contractor shall procure that each author undertakes not to "
            "exercise them") in shop
    design = contract_text(render(tmp_path / "d", DESIGN))
    assert "Copyright, Designs and Patents Act 1988 (section 87)" in design


def shop_change_order(ws):
    """The shop signed 8 Dec, its deposit paid, and Change Order 1 adding the B2B portal drafted."""
    from tests.test_en_round6 import edit, order_text

    path = repo_of(ws, SHOP)
    run("sign", path, "--date", "2026-12-08")
    run("paid", path, "1", "--date", "2026-12-10")
    edit(path, *ADDED_STAGE)
    run("change", path, "-m", "B2B wholesale portal", "--requested-on", "2026-12-20")
    run("addendum", path, "--date", "2026-12-21", "--format", "docx")
    return path, order_text(path)
