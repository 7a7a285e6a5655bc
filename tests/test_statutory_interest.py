"""UK statutory interest where the contract has none (review-en3 M3): the Late Payment of Commercial
Debts (Interest) Act 1998, s.4 (runs from the day after the due date), s.6 and SI 2002/1675 (8% over
the base rate on 31 December / 30 June before), s.5A (a fixed sum of £40, £70 or £100 per debt)."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import git

from contractkit import statutory_interest as act
from tests.conftest import run
from tests.readback import normal, pdf_pages

DESIGN = Path(__file__).parent / "data" / "en-5-london-design.yaml"


def _repo(ws: Path, interest_clause: bool = False) -> Path:
    text = DESIGN.read_text(encoding="utf-8")
    if not interest_clause:
        assert "  late_interest_monthly: 2\n" in text
        text = text.replace("  late_interest_monthly: 2\n", "")
    path = ws / "design"
    path.mkdir()
    (path / "project.yaml").write_text(text, encoding="utf-8")
    with git.Repo.init(path, initial_branch="main") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("project")
    return path


def test_reference_dates_rates_and_fixed_sums_follow_the_act():
    # s.6 / SI 2002/1675: interest starting in January to June takes the rate of 31 December before
    assert act.reference_date(dt.date(2026, 3, 1)) == dt.date(2025, 12, 31)
    assert act.reference_date(dt.date(2026, 7, 1)) == dt.date(2026, 6, 30)
    assert act.reference_date(dt.date(2026, 12, 21)) == dt.date(2026, 6, 30)
    assert act.base_rate(dt.date(2025, 12, 31)) == (Decimal("3.75"), True)
    assert act.base_rate(dt.date(2024, 12, 31)) == (Decimal("4.75"), True)
    assert act.base_rate(dt.date(2099, 6, 30))[1] is False
    # s.5A(2): by the size of the debt
    assert [act.fixed_sum(Decimal(x)) for x in ("999.99", "1000", "9999.99", "10000")] == [
        Decimal(40), Decimal(70), Decimal(70), Decimal(100)]
    # s.4(2): from the day after the due date through the day counted, simple, on 365 days
    got = act.statutory_interest(Decimal("9400.00"), dt.date(2026, 12, 20), dt.date(2027, 1, 15))
    assert (got.days, got.rate, got.amount, got.fixed) == (26, Decimal("11.75"), Decimal("78.68"),
                                                           Decimal("70.00"))


def test_uk_claim_without_an_interest_clause_claims_statutory_interest_and_the_fixed_sum(ws):
    """The deposit's term ends on Sunday 20 December 2026, so it is due on Monday 21 December (the
    contract: a payment falling due on a day that is not a business day is due on the next one):
    interest runs from 22 December (s.4(2)), 25 days to 15 January, 15 to the reminder of 5 January."""
    path = _repo(ws)
    run("sign", path, "--date", "2026-12-06")
    run("invoice", path, "1", "--date", "2026-12-06", "--format", "pdf")
    # s.11(4): the deposit is an advance payment, whose interest runs only once the work is
    # performed: accepted on the deposit's due date; the final payment paid on time (review-en4 E11)
    run("accept", path, "all", "--date", "2026-12-21")
    run("paid", path, "2", "--date", "2027-01-02")
    run("remind", path, "--date", "2027-01-05")
    out = run("claim", path, "--date", "2027-01-15", "--format", "pdf")
    pdf = next((path / "out").glob("letter-*-claim-*.pdf"))
    text = normal(" ".join(pdf_pages(str(pdf))))
    assert "under the Late Payment of Commercial Debts (Interest) Act 1998 each overdue amount carries " \
           "simple statutory interest at 8% a year over the Bank of England base rate" in text
    assert "(section 4(2))" in text and "fixed sum for each debt under section 5A" in text
    assert ("£9,400.00 × 11.75% (base rate 3.75% on 30 June 2026 + 8%) × 25 ÷ 365 = £75.65; fixed sum "
            "under section 5A(2)(b): £70.00") in text
    assert "statutory interest through 15 January 2027" in text and "£9,545.65" in text
    assert "debt 9400.00, penalty 75.65" in out.output and "total 9545.65" in out.output
    # the reminder states the interest accrued and the fixed sum too
    from email import message_from_bytes, policy

    mail = message_from_bytes((path / "out" / "letter-001-remind.eml").read_bytes(), policy=policy.default)
    body = mail.get_body(("plain",)).get_content()
    body = normal(body)
    assert "carries simple statutory interest at 11.75% a year" in body and "£45.39" in body
    assert "a fixed sum of £70.00 under section 5A" in body


def test_check_warns_when_the_rate_table_does_not_reach_the_last_payment(ws, monkeypatch):
    """The last payment falls due in 2027: its interest takes the rate of 31 December 2026 (s.6).
    Once that day has passed and the bundled table lacks it, `check` warns; before it, no rate
    exists yet and there is nothing to update."""
    from contractkit import lint_en

    path = _repo(ws)
    monkeypatch.setattr(lint_en, "_today", lambda: dt.date(2027, 7, 1))
    out = run("check", path).output
    assert "Late Payment of Commercial Debts (Interest) Act 1998 s.6" in out
    assert "does not have: 3.75% is assumed" in out
    monkeypatch.setattr(lint_en, "_today", lambda: dt.date(2026, 12, 6))
    assert "Late Payment of Commercial Debts" not in run("check", path).output


def test_an_interest_clause_displaces_the_act(ws):
    path = _repo(ws, interest_clause=True)
    assert "Late Payment of Commercial Debts" not in run("check", path).output
