"""The payment schedule as the contract and its addenda built it (ledger.History)."""

from decimal import Decimal

from contractkit.ledger import History
from contractkit.load import parse_project
from contractkit.render.schedule import payments_as_signed
from tests.conftest import EXAMPLES

EN = (EXAMPLES / "blue-harbor-shop" / "project.yaml").read_text(encoding="utf-8")
ORDERING = "  - id: ordering\n    title: Online ordering\n    hours: 24\n    days: 4\n\npayment:"


def test_no_installment_falls_due_before_the_work_it_pays_for():
    """EN-1 CO-1: the rest of the increase falls due on the added milestone 5; the signed payment
    "on launch" keeps its milestone (round 8, M3: its own event is still the end of ITS work)."""
    history = History([parse_project(EN), parse_project(EN.replace("\npayment:", ORDERING, 1))])
    schedule = payments_as_signed(history, 1)
    final = next(p for p in schedule if p["final"])  # listed by signed number
    assert (final["n"], final["on"], final["deliverable"], final["amount"]) == (
        5, "acceptance", "ordering", Decimal("1368.00"))
    third = next(p for p in schedule if p["n"] == 3)
    assert (third["on"], third["deliverable"], third["amount"]) == ("acceptance", "launch", Decimal("3660.00"))
    assert final["planned"] == history.figures[1].completion
    for payment in payments_as_signed(history, 1):
        if payment["planned"] is not None and payment["on"] != "signing":
            line = payment["line"]
            assert line is None or payment["planned"] >= line["deadline"]


def test_an_interim_payment_for_a_removed_stage_moves_to_final_acceptance():
    design = EN[EN.index("  - id: design"):EN.index("  - id: theme")]
    # The edited file must drop the installment too; the signed one still follows design.
    edited = EN.replace(design, "", 1).replace("      on: acceptance\n      deliverable: design\n",
                                                 "      on: completion\n", 1)
    history = History([parse_project(EN), parse_project(edited)])
    schedule = payments_as_signed(history, 1)
    assert [p["on"] for p in schedule] == ["signing", "completion", "launch"]
    assert sum(p["amount"] for p in schedule) == history.figures[1].total
    # amounts as signed; once the price changed no clause states a share any more: "40% of the
    # fee" of the old fee is not 40% of the new one (issue 21)
    assert [p["percent"] for p in schedule] == [None, None, None]
