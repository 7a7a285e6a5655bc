"""`calendar` (an RFC 5545 file with stable UIDs), the client's calendar.ics from `publish`, and
`agenda` (the studio's week across a workspace)."""

import json
from datetime import date

import pytest
from icalendar import Calendar

from tests.conftest import copy_example, run
from tests.test_bank_import import _repo


@pytest.fixture
def romashka(ws):
    """RU-1 signed 2026-12-01, prepaid 12-03, prototypes accepted 12-07, materials asked 12-08."""
    path = ws / "romashka"
    copy_example("romashka-site", path)
    _repo(path, "RU-1")
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-03")
    run("accept", path, "prototypes", "--date", "2026-12-07", "--format", "html")
    run("asked", path, "Тексты и фотографии для 20 страниц", "--date", "2026-12-08")
    return path


def events(path):
    cal = Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def day(event) -> date:
    return event.decoded("DTSTART")


def test_calendar_holds_every_kind_and_keeps_uids_when_a_deadline_moves(romashka, ws):
    out = run("calendar", ws, "--out", ws / "deadlines.ics", "--date", "2026-12-15").output
    assert "deadlines.ics: " in out and "from 1 signed project(s)" in out
    first = events(ws / "deadlines.ics")
    uid = "romashka-site.deadline.design@contractkit"
    # prepaid 12-03, two working days after the start (12-01): п. 2.1 moves design from 12-21 to 12-23
    assert day(first[uid]) == date(2026, 12, 23) and int(first[uid]["SEQUENCE"]) == 0
    kinds = {str(e["CATEGORIES"].cats[0]) for e in first.values()}
    assert kinds == {"deadline", "obligation", "installment", "update", "support"}
    materials = first["romashka-site.obligation.R-001@contractkit"]
    assert day(materials) == date(2026, 12, 15) and "Тексты и фотографии" in str(materials["SUMMARY"])
    weekly = first["romashka-site.update.weekly@contractkit"]
    assert weekly["RRULE"]["FREQ"] == ["WEEKLY"] and weekly["RRULE"]["BYDAY"] == ["FR"]
    assert "(done)" in str(first["romashka-site.deadline.prototypes@contractkit"]["SUMMARY"])
    assert all(e.get("DTSTART").params.get("VALUE") == "DATE" for e in first.values())

    # the texts asked for on 12-08 were due 12-15 and are still missing on 12-21: the contract's
    # extension clause moves design by those 4 working days, with no addendum (issue 21: one
    # deadline in force); the delay notice's change request, unsigned, moves nothing
    run("notice", "delay", romashka, "design", "--days", "3", "--client-caused", "--reason",
        "Заказчик не предоставил тексты в срок", "--date", "2026-12-18")
    run("calendar", ws, "--out", ws / "deadlines.ics", "--date", "2026-12-21")
    second = events(ws / "deadlines.ics")
    assert set(second) == set(first)  # a calendar importing it again updates, never duplicates
    moved = second[uid]
    assert day(moved) == date(2026, 12, 29) and int(moved["SEQUENCE"]) == 1  # 4 working days later
    assert "2026-12-23 -> 2026-12-29 by the client's delay" in str(moved["DESCRIPTION"])
    assert "2026-12-28" not in str(moved["DESCRIPTION"])  # the notice's date, unsigned: moves nothing


def test_publish_puts_the_clients_calendar_beside_the_page(romashka):
    out = run("publish", romashka).output
    assert "and calendar.ics" in out
    site = romashka / "out" / "site"
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="calendar.ics" type="text/calendar">' in html
    found = events(site / "calendar.ics")
    assert "romashka-site.deadline.design@contractkit" in found
    assert not any("romashka:" in str(e["SUMMARY"]) for e in found.values())
    # the client's view on a given day: their obligations and the deadlines, not the studio's chores
    from contractkit.flows.site.build import client_calendar

    (site / "later.ics").write_bytes(client_calendar(romashka, date(2026, 12, 18)))
    kinds = {str(e["CATEGORIES"].cats[0]) for e in events(site / "later.ics").values()}
    assert "update" not in kinds and {"deadline", "obligation"} <= kinds


def test_agenda_of_a_week_with_overdue_money_and_a_silent_client(ws):
    """RU-2 signed 2027-03-01, prepayment 56 000 ₽ due 2027-03-04 and unpaid: on 2027-03-15 it is
    11 days late and carries no penalty (an advance before acceptance, ГК РФ ст. 328, 711, 719: the
    claim charges none, so neither does the agenda); a feedback asked 03-02 waits 8 working days (8 March is a holiday)."""
    import shutil

    from tests.test_bank_import import DATA

    path = ws / "vector"
    path.mkdir()
    shutil.copy(DATA / "ru-2-vector-brand.yaml", path / "project.yaml")
    _repo(path, "RU-2")
    run("sign", path, "--date", "2027-03-01")
    run("asked", path, "Пожелания к логотипу", "--feedback", "--date", "2027-03-02")
    text = (path / "project.yaml").read_text(encoding="utf-8")
    (path / "project.yaml").write_text(text.replace("price: 35000", "price: 40000"), encoding="utf-8")
    run("change", path, "-m", "Брендбук на 30 страниц", "--requested-on", "2027-03-05")
    unsigned = ws / "draft"
    copy_example("blue-harbor-shop", unsigned)
    out = run("agenda", ws, "--date", "2027-03-15").output.replace("\u00a0", " ")
    assert out.splitlines()[0] == "agenda 2027-03-15 .. 2027-03-21 (as of 2027-03-15)"
    assert "vector: Фирменный стиль ООО «Вектор»" in out
    assert "! installment 1 overdue by 11 days: 56 000,00 ₽ due 2027-03-04\n" in out
    assert "waiting on the client: feedback (Пожелания к логотипу), asked 2027-03-02, 8 working days (silent-client term 10)" in out
    # work starts on the prepayment, unpaid: no stage started, so no deadline is missed (issue 21)
    assert "deadline missed" not in out
    assert ("- work waits for the prepayment (due 2027-03-04, unpaid 11 days after its due date): no stage "
            "has started and no deadline runs until it is paid") in out
    assert "Friday update not sent this week (none sent yet)" in out
    assert "- CR-001 awaiting signature for 10 days: Брендбук на 30 страниц" in out
    assert "draft" not in out  # an unsigned project owes nothing and has no deadlines in force
    # the project's money format, the contract's name of the charge (issue 21)
    assert "total RUB: receivable 140 000,00 ₽, overdue 56 000,00 ₽, late charges accrued 0,00 ₽" in out
    assert "total USD" not in out

    data = json.loads(run("agenda", ws, "--from", "2027-03-01", "--to", "2027-03-31", "--json",
                          "--date", "2027-03-15").output)
    assert data["totals"]["RUB"] == {"receivable": "140000.00", "overdue": "56000.00", "penalty": "0.00"}
    kinds = [i["kind"] for i in data["projects"][0]["items"]]
    assert kinds[0] == "overdue" and "update" in kinds
    assert kinds == sorted(kinds, key=lambda k: {"overdue": 0, "missed": 0, "silent": 1, "due": 2,
                                                 "deadline": 2, "waiting": 3, "unsigned-change": 4,
                                                 "update": 6}[k])


def test_agenda_options_are_checked(ws):
    assert "--from and --to go together" in run("agenda", ws, "--from", "2027-03-01", ok=False).output
    assert "is before --from" in run("agenda", ws, "--from", "2027-03-05", "--to", "2027-03-01",
                                     ok=False).output
    assert "--week or --from/--to" in run("agenda", ws, "--week", "--from", "2027-03-01", "--to",
                                          "2027-03-02", ok=False).output


def test_agenda_names_an_accepted_stage_not_invoiced(ws):
    import shutil

    from tests.test_bank_import import DATA

    path = ws / "vector"
    path.mkdir()
    shutil.copy(DATA / "ru-2-vector-brand.yaml", path / "project.yaml")
    _repo(path, "RU-2")
    run("sign", path, "--date", "2027-03-01")
    run("paid", path, "prepayment", "--date", "2027-03-03")
    run("accept", path, "all", "--date", "2027-03-30", "--format", "html")
    out = run("agenda", ws, "--date", "2027-04-12").output.replace("\u00a0", " ")
    assert "no invoice yet for installment 2 (final acceptance), whose stage is accepted" in out
    assert "installment 2 overdue by 6 days: 84 000,00 ₽ due 2027-04-06" in out
    assert "Friday update" not in out  # the work is done
