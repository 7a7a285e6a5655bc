"""`status --date D` shows the deal as it stood on D: a record dated after D (a signature, a
payment, an act, an invoice, an answer to a request, a change request) is neither counted nor
listed; without --date every record counts, as before."""

import json

from tests.conftest import run
from tests.test_billing import flat, ru2


def lifecycle(ws):
    """RU-2 signed on 03-01, invoiced, prepaid on 03-03, materials asked on 03-04 and received on
    03-10, the logo accepted on 03-11."""
    path = ru2(ws)
    run("sign", path, "--date", "2027-03-01")
    run("invoice", path, "prepayment", "--date", "2027-03-01", "--format", "html")
    run("paid", path, "prepayment", "--date", "2027-03-03", "--ref", "п/п 17")
    run("asked", path, "Действующий логотип", "--date", "2027-03-04")
    run("received", path, "R-001", "--date", "2027-03-10")
    run("accept", path, "logo", "--date", "2027-03-11")
    return path


def status(path, *args):
    return flat(run("status", path, *args).output)


def test_status_as_of_a_day_lists_nothing_recorded_after_it(ws):
    path = lifecycle(ws)
    now = status(path, "--date", "2027-03-12")
    assert "1. prepayment 56 000,00 ₽ due 2027-03-04 paid" in now
    assert "accepted 2027-03-11" in now
    before_payment = status(path, "--date", "2027-03-02")
    assert "1. prepayment 56 000,00 ₽ due 2027-03-04 unpaid" in before_payment
    assert "received 0,00 ₽" in before_payment
    assert "dates are provisional until the prepayment is recorded" in before_payment
    assert "accepted" not in before_payment
    before_act = status(path, "--date", "2027-03-10")
    assert "1. prepayment 56 000,00 ₽ due 2027-03-04 paid" in before_act
    assert "prepayment received 2027-03-03: work started 2027-03-04" in before_act
    assert "accepted" not in before_act
    before_signing = status(path, "--date", "2027-02-27")
    assert "draft: the contract is not signed" in before_signing
    assert "payments:" not in before_signing


def test_status_json_as_of_a_day_counts_only_what_was_recorded_by_then(ws):
    path = lifecycle(ws)
    now = json.loads(run("status", path, "--json", "--date", "2027-03-12").output)
    then = json.loads(run("status", path, "--json", "--date", "2027-03-02").output)
    assert now != then
    text = json.dumps(then, ensure_ascii=False)
    assert "2027-03-03" not in text and "2027-03-11" not in text and "2027-03-10" not in text
    assert "P-001" not in text
    assert "P-001" in json.dumps(now, ensure_ascii=False)


def test_agenda_as_of_a_day_counts_only_what_was_recorded_by_then(ws):
    path = lifecycle(ws)
    week = ("--from", "2027-03-01", "--to", "2027-03-31")
    then = json.loads(run("agenda", path, "--json", "--date", "2027-03-02", *week).output)["projects"][0]
    now = json.loads(run("agenda", path, "--json", "--date", "2027-03-12", *week).output)["projects"][0]
    assert then["receivable"] == "140000.00"  # the prepayment of 03-03 had not arrived
    assert any(i["kind"] == "waiting" and "waits for the prepayment" in i["text"] for i in then["items"])
    assert now["receivable"] == "84000.00"
    assert not any(i["kind"] == "waiting" for i in now["items"])


def test_records_until_a_day_reopen_a_change_its_later_addendum_signed():
    from datetime import date
    from types import SimpleNamespace as NS

    from contractkit.model.records import ChangeRecord
    from contractkit.state.asof import changes_until, requests_until

    signed = [NS(date=date(2027, 3, 1), kind="contract", number=0),
              NS(date=date(2027, 3, 20), kind="addendum", number=1)]
    change = ChangeRecord(id="CR-001", title="Ещё иконки", requested_on=date(2027, 3, 10),
                          status="signed", addendum=1, total=150000, completion=date(2027, 4, 5))
    later = change.model_copy(update={"id": "CR-002", "requested_on": date(2027, 3, 25)})
    assert [c.id for c in changes_until([change, later], signed, date(2027, 3, 21))] == ["CR-001"]
    [then] = changes_until([change, later], signed, date(2027, 3, 15))
    assert (then.status, then.addendum) == ("proposed", None)
    assert changes_until([change, later], signed, date(2027, 3, 21))[0].status == "signed"
    asked = NS(asked=date(2027, 3, 4), received=date(2027, 3, 10),
               model_copy=lambda update: NS(asked=date(2027, 3, 4), **update))
    assert requests_until([asked], date(2027, 3, 9))[0].received is None
    assert requests_until([asked], date(2027, 3, 3)) == []
