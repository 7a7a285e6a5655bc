"""Issue 24, round 7 of the US/UK lawyer's review (review-en5): the critical finding and two majors.

Each test drives the CLI on the reviewer's London studio project (tests/data/en-5-london-design.yaml:
a UK Ltd designing for a Delaware corporation in San Francisco, English law, GBP), reads the rendered
document back and names the rule it answers to.
"""

import datetime as dt
import re

from contractkit.cli import cli  # noqa: F401  (the CLI the helpers drive)
from tests.conftest import run
from tests.readback import docx_text, normal, pdf_pages
from tests.test_en_review5 import DESIGN, contract_text, render, repo_of
from tests.test_en_round6 import edit, order_text

PD_EDIT = ("    price: 5400\n    days: 12\n", "    price: 5400\n    days: 12\n    personal_data: true\n")


# --- C1. A UK contractor is a processor under the UK GDPR wherever its client is ---------------

def test_a_uk_contractor_signs_the_article_28_processor_terms_for_a_us_client(tmp_path):
    """Art. 3(1) UK GDPR: the UK GDPR applies to the processing of a processor established in the UK,
    whether or not the controller is; Art. 28(3) then requires the processor contract (instructions,
    confidentiality, Art. 32 security, sub-processors, assistance, deletion or return, audit)."""
    text = contract_text(render(tmp_path, DESIGN, edits=[PD_EDIT]))
    assert ("The Client is the controller, and the Contractor a processor acting on the Client’s behalf"
            in text), text
    assert "within the meaning of the UK GDPR and the Data Protection Act 2018" in text
    assert "This Section sets out the terms required by Article 28(3) of the UK GDPR" in text
    for duty in ("only on the Client’s documented instructions", "bound by a duty of confidentiality",
                 "take the measures Article 32 of the UK GDPR requires", "(a sub-processor) only with",
                 "delete or return to the Client all Client Personal Data",
                 "allow for and contribute to audits"):
        assert duty in text, duty
    # the data stay with a UK processor of a US controller: no restricted transfer to a US importer
    assert "processes Client Personal Data in the United States" not in text
    assert "The Client is responsible for its privacy policy" not in text  # the thin clause is gone


def test_a_change_order_adding_personal_data_inserts_the_full_processor_clause(ws):
    """The same when Change Order 1 makes a milestone collect personal data: the Change Order inserts
    the whole Art. 28(3) section, and the change request says that it adds those terms (the signed
    Agreement had none for it to "apply")."""
    path = repo_of(ws, DESIGN)
    run("sign", path, "--date", "2026-12-06")
    edit(path, *PD_EDIT)
    run("change", path, "-m", "Contact form on the website", "--requested-on", "2027-01-04", "--estimate")
    sheet = normal(" ".join(pdf_pages(next((path / "out").glob("cr-001-*.pdf")))))
    assert "the Agreement’s personal-data terms apply" not in sheet, sheet
    assert re.search(r"Change Order No\. 1 adds personal-data terms \(new Section \d+[A-Z]?\)", sheet), sheet
    run("addendum", path, "--date", "2027-01-05", "--format", "docx")
    text = order_text(path)
    found = re.search(r"The Agreement is amended by inserting the following new Section (\d+[A-Z]?)", text)
    assert found, text
    assert "This Section sets out the terms required by Article 28(3) of the UK GDPR" in text
    assert "delete or return to the Client all Client Personal Data" in text
    assert "allow for and contribute to audits" in text
    assert "The Client is responsible for its privacy policy" not in text


def test_a_californian_client_gets_the_ccpa_service_provider_terms(tmp_path):
    """Cal. Civ. Code §1798.100(d) and 11 CCR §7051: a business's contract with its service provider
    forbids selling or sharing the personal information and using it outside the contract's purposes."""
    text = contract_text(render(tmp_path, DESIGN, edits=[PD_EDIT]))
    assert "the Contractor is its service provider and, as §1798.100(d) and 11 CCR §7051 require" in text
    assert "shall not sell or share Client Personal Data" in text


# --- M2. No assumed base rate stated as fact ------------------------------------------------------

def _late_in_2027(ws):
    """No interest clause (the 1998 Act applies); signed 20 Dec 2026, so the deposit falls due on
    3 Jan 2027 and its interest takes the base rate of 31 December 2026 (s.6, SI 2002/1675), which
    the bundled table does not have."""
    from contractkit import statutory_interest as act
    from tests.test_statutory_interest import _repo

    assert act.base_rate(act.reference_date(dt.date(2027, 1, 4)))[1] is False
    path = _repo(ws)
    run("sign", path, "--date", "2026-12-20")
    run("invoice", path, "1", "--date", "2026-12-20", "--format", "pdf")
    # s.11(4): the deposit is an advance payment, whose interest runs only once the work is
    # performed: accepted on its due date, so it runs from the day after that date (review-en4 E11)
    run("accept", path, "all", "--date", "2027-01-04")
    return path


def test_a_reminder_does_not_state_an_assumed_base_rate(ws):
    """Late Payment of Commercial Debts (Interest) Act 1998 s.6: the rate is 8% over the base rate
    on the reference date; a rate the table lacks is stated as the rule, with no figure."""
    from tests.test_en_review5 import mail_text

    path = _late_in_2027(ws)
    out = run("remind", path, "--date", "2027-01-10").output
    assert "3.75% is assumed" in out  # the command line says what to check
    body = mail_text(path / "out" / "letter-001-remind.eml")
    # no editorial placeholder goes to the client (review-en2, E4): the rule without a figure
    assert ("8% a year over the Bank of England base rate in force on 31 December 2026 "
            "(section 6)") in body, body
    assert "to be confirmed" not in body and "[" not in body
    assert "3.75%" not in body and "11.75%" not in body


def test_a_claim_refuses_an_assumed_base_rate(ws):
    """A formal demand adds the interest to the amount demanded: it is refused, with one line naming
    what to update, and nothing is written or recorded."""
    import git

    path = _late_in_2027(ws)
    head = git.Repo(path).head.commit.hexsha
    result = run("claim", path, "--date", "2027-01-20", "--format", "pdf", ok=False)
    assert ("needs the Bank of England base rate of 31 December 2026, which contractkit's table lacks: "
            "give it as CONTRACTKIT_BOE_BASE_RATE=2026-12-31=RATE") in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) <= 2
    assert not list((path / "out").glob("letter-*-claim*"))
    assert git.Repo(path).head.commit.hexsha == head


# --- M7. The certificate counts the payment term from the Client's signature ---------------------

def test_the_final_certificate_counts_the_payment_term_from_the_clients_signature(ws):
    """§3.3 counts the final payment from acceptance, which is the Client's signature of the
    certificate, not the date printed on it: a later signature must not move the due date earlier.
    The example date is the one the state counts from (accept --date), so status agrees."""
    path = repo_of(ws, DESIGN)
    run("sign", path, "--date", "2026-12-06")
    run("paid", path, "1", "--date", "2026-12-07")
    for i, milestone in enumerate(("logo", "guide", "social", "web")):
        run("accept", path, milestone, "--date", f"2027-01-{11 + i:02d}", "--format", "docx")
    act = max((path / "out").glob("act-*.docx"), key=lambda p: int(p.name.split("-")[1]))
    text = normal(docx_text(act))
    assert ("the Client shall pay the Contractor £9,400.00 (nine thousand four hundred pounds sterling) "
            "within 14 calendar days after final acceptance (if this certificate is signed on 14 January "
            "2027, by 28 January 2027).") in text, text
    assert "of the date of this certificate" not in text
    assert "2027-01-28" in run("status", path, "--date", "2027-01-15").output
