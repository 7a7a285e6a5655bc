"""Session 10, the lead's fixes of the fresh reviews (review-en4, review-ru4): each reads what the user
or the client reads (the state's --json, `status`, the rendered documents)."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from tests.conftest import run
from tests.test_billing import example
from tests.test_statutory_interest import _repo


def _json(path, day: str) -> dict:
    return json.loads(run("status", path, "--json", "--date", day).output)


def test_status_json_states_the_late_interest_status_and_the_claim_state(ws):
    """review-en4 E4: `status --json` is the deal state for scripts; with the fee paid it said balance
    0 while late interest was owed. Late Payment of Commercial Debts (Interest) Act 1998 s.4 (interest
    from the day after the due date) and s.5A (a fixed sum per debt): every row `status` prints is in
    the JSON with the same figures, and the sum owed with them."""
    path = _repo(ws)
    run("sign", path, "--date", "2026-12-06")
    run("paid", path, "prepayment", "--date", "2026-12-10")
    for stage in ("logo", "guide", "social", "web"):
        run("accept", path, stage, "--date", "2027-01-15")
    day = "2027-03-01"
    data = _json(path, day)
    status = run("status", path, "--date", day).output
    shown = re.findall(r"late interest on installment (\d+): £([\d,.]+)(?: \+ fixed sum £([\d,.]+))?", status)
    assert shown, status  # the final installment, due 14 days after final acceptance, is unpaid
    rows = [(str(r["installment"]), r["interest"], r["fixed_sum"]) for r in data["late_interest"]]
    assert rows == [(n, i.replace(",", ""), (f or "0.00").replace(",", "")) for n, i, f in shown]
    owed = sum((Decimal(r["interest"]) + Decimal(r["fixed_sum"]) for r in data["late_interest"]), Decimal(0))
    assert Decimal(data["late_interest_owed"]) == owed > 0
    for r in data["late_interest"]:  # the periods add up to the interest, as the claim's rows do
        assert sum((Decimal(p["amount"]) for p in r["periods"]), Decimal(0)) == Decimal(r["interest"])


def test_status_json_penalty_rows_are_the_ones_status_lists_in_russian(ws):
    """The same for a Russian project: the penalty on an installment paid late stays owed (ГК РФ
    ст. 330) and `status` lists it; an advance paid late before the work was accepted is not (ГК РФ
    ст. 711), in the JSON as in the text."""
    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-15")  # late: due 8 December
    day = "2026-12-20"
    data = _json(path, day)
    assert "penalty on installment" not in run("status", path, "--date", day).output
    assert data["late_interest"] == [] and data["late_interest_owed"] == "0"


def test_notice_of_default_each_table_totals_its_own_column(ws, monkeypatch):
    """review-en4 E5: the notice of default's table of debts totalled the fixed sums of every debt,
    the ones in the table of payments made late included. Late Payment Act 1998 s.5A: one fixed sum
    per debt; each table totals its own rows, and the demand adds them up, showing its parts."""
    from tests.readback import normal, pdf_pages

    monkeypatch.setenv("CONTRACTKIT_BOE_BASE_RATE", "2026-12-31=3.75")  # interest from 2027: its rate
    path = _repo(ws)
    project = path / "project.yaml"
    text = project.read_text(encoding="utf-8")
    old = "    - percent: 50\n      on: completion\n"
    assert old in text
    project.write_text(text.replace(old, "    - percent: 25\n      on: acceptance\n      deliverable: logo\n"
                                         "    - percent: 25\n      on: completion\n"), encoding="utf-8")
    import git

    with git.Repo(path) as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("three installments")
    run("sign", path, "--date", "2026-12-06")
    run("paid", path, "prepayment", "--date", "2026-12-10")
    run("accept", path, "logo", "--date", "2026-12-18")
    run("paid", path, "2", "--date", "2027-01-20")  # due 1 January: paid late, in full
    for stage in ("guide", "social", "web"):
        run("accept", path, stage, "--date", "2027-01-15")
    run("claim", path, "--date", "2027-03-01", "--format", "pdf")
    pdf = next((path / "out").glob("letter-*-claim-*.pdf"))
    lines = [normal(x) for page in pdf_pages(str(pdf)) for x in page.splitlines()]
    totals = [x for x in lines if x.startswith("Total ")]
    assert len(totals) == 2, totals
    debts, late = totals
    assert debts.endswith("£70.00") and late.endswith("£70.00"), totals  # one debt in each table
    body = normal(" ".join(pdf_pages(str(pdf))))
    assert "the fixed sums under section 5A of that Act: £140.00 (£70.00 + £70.00);" in body
