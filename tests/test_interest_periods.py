"""Interest and penalty on an installment paid in parts: one row and one calculation per period of
constant unpaid balance, in the English notice of default and the Russian claim alike, from one
computation (state/penalty.balance_periods, state/interest.accruals).

Finding: /work/review-en3/REPORT.md E1 (the notice printed £4,500.00 × 11.75% × 18 ÷ 365 = £11.59,
hiding the part paid on 20 Aug 2026). The projects are the reviewers' own (tests/data/en-15-uk.yaml:
UK Ltd, English law, no interest clause; tests/data/ru-15-dated.yaml: penalty 0,1 % a day)."""

import json

from tests.conftest import reviewer_project, run
from tests.readback import out_pdf


def test_english_notice_of_default_splits_a_part_paid_instalment_by_period(ws):
    """E1. Late Payment of Commercial Debts (Interest) Act 1998 s.4(2)-(4): interest runs on the debt
    while it remains unpaid, so on £4,500.00 from 18 to 20 Aug 2026 (3 days, £4.35) and on the
    £1,500.00 left from 21 Aug to 4 Sep (15 days, £7.24); s.5A(2)(b): one fixed sum of £70.00 for the
    £4,500.00 debt. Each row's calculation is true: £4,500.00 × 11.75% × 18 ÷ 365 (£26.08) is gone."""
    path = reviewer_project(ws, "p1-halden", "en-15-uk.yaml", "uk-ltd", "services")
    run("sign", path, "--date", "2026-06-26")
    run("paid", path, "prepayment", "--date", "2026-07-02")
    run("accept", path, "jul", "--date", "2026-08-03")
    run("paid", path, "2", "--amount", "3000", "--date", "2026-08-20")
    run("accept", path, "aug", "--date", "2026-09-01")
    run("paid", path, "2", "--amount", "1500", "--date", "2026-09-04")
    run("paid", path, "3", "--amount", "1000", "--date", "2026-10-01")
    run("claim", path, "--date", "2026-11-20", "--format", "pdf")
    text = out_pdf(path, "letter-*-claim-*.pdf")
    assert ("£4,500.00 18 Aug 2026 to 20 Aug 2026, £3,000.00 paid on 20 Aug 2026 3 £4.35 £70.00 "
            "£1,500.00 21 Aug 2026 to 4 Sep 2026, £1,500.00 paid on 4 Sep 2026 15 £7.24") in text
    assert ("£4,500.00 × 11.75% × 3 ÷ 365 = £4.35; £1,500.00 × 11.75% × 15 ÷ 365 = £7.24; "
            "total £11.59") in text
    assert "× 18 ÷ 365" not in text
    # instalment 3 (£4,500.00 due 15 Sep), £1,000.00 of it paid on 1 Oct, the rest unpaid: interest on
    # £4,500.00 for 16 days, then on £3,500.00 for 50, never on £3,500.00 for all 66 (an under-claim)
    assert "£4,500.00 15 Sep 2026 16 Sep 2026 to 1 Oct 2026 16 11.75% £23.18 £70.00" in text
    assert "£3,500.00 15 Sep 2026 2 Oct 2026 to 20 Nov 2026 50 11.75% £56.34" in text
    assert ("£4,500.00 × 11.75% (base rate 3.75% on 30 June 2026 + 8%) × 16 ÷ 365 = £23.18; "
            "£3,500.00 × 11.75% × 50 ÷ 365 = £56.34; total £79.52") in text
    data = json.loads(run("status", path, "--json", "--date", "2026-11-20").output)
    assert data["received"] == "9100.00"


def _three_payments(text: str) -> str:
    old = "    - percent: 70\n      on: completion"
    assert old in text
    return text.replace("start: on_prepayment", "start: 2027-04-20").replace(
        old, "    - percent: 40\n      on: acceptance\n      deliverable: bot\n"
             "    - percent: 30\n      on: completion")


def test_russian_claim_counts_the_penalty_on_a_part_paid_installment_by_period(ws):
    """The same computation in the претензия: the penalty of 0,1 % a day on 100 000,00 ₽ due 19.05.2027
    runs on the whole sum through 25.05 (the day 60 000,00 ₽ was paid, included: п. 65 Постановления
    Пленума ВС РФ от 24.03.2016 № 7) and on the 40 000,00 ₽ left through 01.06 (ГК РФ ст. 330); the
    letter names both payments instead of one «оплата поступила полностью»."""
    path = reviewer_project(ws, "p2-dev", "ru-15-dated.yaml", "npd", "works", edit=_three_payments)
    run("sign", path, "--date", "2027-04-12")
    run("paid", path, "prepayment", "--date", "2027-04-19")
    run("accept", path, "spec", "--date", "2027-04-28")
    run("accept", path, "bot", "--date", "2027-05-12")
    run("paid", path, "2", "--amount", "60000", "--date", "2027-05-25")
    run("accept", path, "admin", "--date", "2027-05-26")
    run("paid", path, "2", "--amount", "40000", "--date", "2027-06-01")
    run("claim", path, "--date", "2027-06-20", "--format", "pdf")
    text = out_pdf(path, "letter-*-claim-*.pdf")
    # each part with its own lateness (review-ru3 R17; due 19 May 2027)
    assert ("Оплата поступила частями: 60 000,00 ₽ — 25 мая 2027 г., с просрочкой 6 календарных дней; "
            "40 000,00 ₽ — 1 июня 2027 г., с просрочкой 13 календарных дней") in text, text
    assert "с 20.05.2027 по 25.05.2027 (оплачено 60 000,00 ₽ 25.05.2027) 6 0,1 % 600,00 ₽" in text
    assert "с 26.05.2027 по 01.06.2027 (оплачено 40 000,00 ₽ 01.06.2027) 7 0,1 % 280,00 ₽" in text
    assert "100 000,00 ₽ × 0,1 % × 6 = 600,00 ₽; 40 000,00 ₽ × 0,1 % × 7 = 280,00 ₽" in text
