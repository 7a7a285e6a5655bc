"""One deal, one state (issue 21), session 11's lifecycles the other files lack: a prepayment paid
in parts with a wrong entry reversed and the rest late, an act with remarks and the stage accepted
late, two addenda where the second removes the stage the first added, then the final payment
unpaid, a reminder, the claim and the update. Each figure is read back from the output itself.
"""

from __future__ import annotations

import datetime as dt
import email
import json
import re
import shutil
from decimal import Decimal
from email import policy
from pathlib import Path

from tests.conftest import run
from tests.readback import normal
from tests.test_one_state import DATA, RU_ICONS, edit, git_init


def _json(path: Path, day: str) -> dict:
    return json.loads(run("status", path, "--json", "--date", day).output)


def _pdf(path: Path, pattern: str) -> str:
    from pypdf import PdfReader

    found = sorted((path / "out").glob(pattern))
    assert found, pattern
    return normal(" ".join(page.extract_text() for page in PdfReader(found[-1]).pages))


def _eml(path: Path, pattern: str) -> str:
    found = sorted((path / "out").glob(pattern))
    assert found, pattern
    msg = email.message_from_bytes(found[-1].read_bytes(), policy=policy.default)
    return normal(msg.get_body(preferencelist=("plain",)).get_content())


def _rub(text: str) -> Decimal:
    return Decimal(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))


def vector_in_parts(ws: Path) -> Path:
    """RU-2: the prepayment of 56 000 ₽ (due 4 March) paid 20 000 on 3 March, a wrong 5 000 entry
    reversed, the rest on 10 March; the logo refused with a remark on 16 March and accepted on 22
    March (deadline 17 March); addendum 1 adds the icons, addendum 2 removes them; the final
    payment of 84 000 ₽ (due 13 April) unpaid, reminded, claimed on 10 May."""
    path = ws / "vector"
    path.mkdir()
    shutil.copy(DATA / "ru-2-vector-brand.yaml", path / "project.yaml")
    git_init(path)
    run("sign", path, "--date", "2027-03-01")
    run("invoice", path, "prepayment", "--date", "2027-03-01", "--format", "pdf")
    run("paid", path, "prepayment", "--amount", "20000", "--date", "2027-03-03", "--ref", "п/п 17")
    run("paid", path, "prepayment", "--amount", "5000", "--date", "2027-03-04", "--ref", "ошибка")
    run("paid", path, "--reverse", "P-002", "--date", "2027-03-05")
    run("paid", path, "prepayment", "--date", "2027-03-10", "--ref", "п/п 19")
    run("accept", path, "logo", "--date", "2027-03-16", "--remark", "Цвет логотипа не соответствует брифу",
        "--fix-by", "2027-03-19", "--format", "pdf")
    run("accept", path, "logo", "--date", "2027-03-22", "--format", "pdf")
    edit(path / "project.yaml", "\npayment:", "\n" + RU_ICONS)
    run("change", path, "-m", "Набор иконок", "--requested-on", "2027-03-23")
    run("sign", path, "--date", "2027-03-24")
    edit(path / "project.yaml", RU_ICONS, "payment:")
    run("change", path, "-m", "Иконки не нужны", "--requested-on", "2027-03-26")
    run("sign", path, "--date", "2027-03-29")
    run("accept", path, "identity", "--date", "2027-03-31", "--format", "pdf")
    run("accept", path, "brandbook", "--date", "2027-04-06", "--format", "pdf")
    run("invoice", path, "final", "--date", "2027-04-06", "--format", "pdf")
    run("remind", path, "--date", "2027-04-20")
    return path


def test_claim_demands_the_penalty_the_state_counts_and_every_line_of_it_adds_up(ws):
    """C1, C2. The prepayment was paid 6 days late, before any work was accepted: an advance the
    work had not earned, no debt, and no penalty on it without a clause that says so (ГК РФ ст. 711;
    state/interest.owed), then or after the final act. The claim demanded 216,00 ₽ on it all the
    same (2 484,00 ₽ in all) while `status --json` owed nothing on it; the claim's own summary
    said «penalty 2268.00 … total 86484.00», which do not add up, and the update after it named
    2 268,00 ₽ as the penalty claimed. One figure now: the penalty on the unpaid 84 000 ₽ (0,1 % a
    day, ГК РФ ст. 330) plus what the state says is owed on payments made late."""
    path = vector_in_parts(ws)
    day = "2027-05-10"
    data = _json(path, day)
    assert data["prepayment"]["received_on"] == "2027-03-10" and data["received"] == "56000.00"
    assert data["late_interest"] == [] and Decimal(data["late_interest_owed"]) == 0
    final = next(i for i in data["installments"] if i["final"])
    assert (final["balance"], final["due"], final["overdue_days"]) == ("84000.00", "2027-04-13", 27)
    owed = (Decimal(final["balance"]) * Decimal("0.001") * final["overdue_days"]).quantize(Decimal("0.01"))
    owed += Decimal(data["late_interest_owed"])
    summary = run("claim", path, "--date", day, "--format", "pdf").output
    text = _pdf(path, "letter-*-claim-*.pdf")
    demanded = re.search(r"неустойку по 10 мая 2027 г\. включительно — ([\d  ]+,\d\d) ₽", text)
    assert demanded, text
    assert _rub(demanded.group(1)) == owed == Decimal("2268.00")
    assert "04.03.2027" not in text  # no penalty row for the advance
    total = re.search(r"всего ([\d  ]+) \(", text)
    assert total and _rub(total.group(1)) == Decimal(final["balance"]) + owed
    # the terminal and `log` give the parts that make the total
    parts = re.search(r"debt ([\d.]+), penalty ([\d.]+) \(27 day\(s\)\), total ([\d.]+)", summary)
    assert parts and Decimal(parts[1]) + Decimal(parts[2]) == Decimal(parts[3]) == Decimal("86268.00"), summary
    log = [x for x in run("log", path).output.splitlines() if " claim " in x]
    assert log and normal(log[0]).endswith("debt 84 000,00 ₽ + неустойка 2 268,00 ₽ = 86 268,00 ₽"), log
    # the update after it names the sum the claim demanded
    run("update", path, "--date", "2027-05-12")
    body = _eml(path, "letter-*-update.eml")
    assert "Неустойка, предъявленная в претензии от 10 мая 2027 г., — 2 268,00 ₽ — не оплачена." in body, body


def test_two_addenda_the_second_removing_the_first_ones_stage_one_state(ws):
    """The second addendum removes the stage the first added: the total goes 140 000 → 155 000 →
    140 000 ₽ in `status --json`'s versions, `log` and each addendum's text; the final installment
    the invoice bills is the last addendum's; the stage accepted after its deadline is late by the
    same working days in the state as its act's dates give (ГК РФ ст. 708: the deadline in force)."""
    from contractkit import calendar

    path = vector_in_parts(ws)
    data = _json(path, "2027-04-20")
    assert [(v["tag"], v["total"]) for v in data["versions"]] == [
        ("contract", "140000.00"), ("addendum-1", "155000.00"), ("addendum-2", "140000.00")]
    log = normal(run("log", path).output)
    assert "addendum-1 signed +15 000,00 ₽ -> total 155 000,00 ₽" in log
    assert "addendum-2 signed −15 000,00 ₽ -> total 140 000,00 ₽" in log
    second = _pdf(path, "addendum-2-*.pdf")
    assert "составляет 140 000 (сто сорок тысяч) рублей 00 копеек" in second
    assert "84 000 (восемьдесят четыре тысячи) рублей 00 копеек" in second
    invoice = _pdf(path, "invoice-2027-002-*.pdf")
    assert "84 000,00" in invoice and "99 000,00" not in invoice
    logo = next(s for s in data["stages"] if s["id"] == "logo")
    late = calendar.working_days_between(dt.date.fromisoformat(logo["deadline"]),
                                         dt.date.fromisoformat(logo["accepted_on"]), "RU")
    assert (logo["deadline"], logo["accepted_on"], logo["act"]) == ("2027-03-17", "2027-03-22", 2)
    assert logo["late_days"] == late == 3 and logo["on_time"] is False
    reminder = _eml(path, "letter-*-remind.eml")
    assert "84 000,00 ₽" in reminder and "13 апреля 2027" in reminder, reminder


def vector_over_new_year(ws: Path) -> Path:
    """RU-2 signed on 21 December 2026 with the identity stage ending on a fixed date, 12 January
    2027, across the New Year holidays (ТК РФ ст. 112; 31 December 2026 a day off by transfer);
    the prepayment due 24 December paid on 29 December."""
    path = ws / "ny"
    path.mkdir()
    text = (DATA / "ru-2-vector-brand.yaml").read_text(encoding="utf-8")
    dated = "    price: 60000\n    days: 8\n"
    assert dated in text and "  date: 2027-03-01\n" in text
    text = text.replace(dated, "    price: 60000\n    deadline: 2027-01-12\n").replace("  date: 2027-03-01\n",
                                                                                      "  date: 2026-12-21\n")
    (path / "project.yaml").write_text(text, encoding="utf-8")
    git_init(path)
    run("sign", path, "--date", "2026-12-21")
    run("paid", path, "prepayment", "--date", "2026-12-29")
    return path


def test_calendar_puts_a_payment_not_due_yet_on_the_day_the_state_plans_it_due(ws):
    """C3. The final payment is due 5 working days after the final act (подпункт 3.3.2; ГК РФ ст.
    711); on the current plan the act is signed on 25 January 2027, so the payment is planned due
    on 1 February, as `status --json` (`planned_due`) and the client's page («ориентировочно до
    01.02.2027») say. The calendar put it on 25 January, the day of the act. Each deadline of the
    calendar is the state's too: the dated stage moved by the 3 working days the prepayment came
    late (12 → 15 January; 31 December and 1–8 January are days off)."""
    from icalendar import Calendar

    path = vector_over_new_year(ws)
    day = "2026-12-30"
    data = _json(path, day)
    final = next(i for i in data["installments"] if i["final"])
    assert (final["due"], final["planned"], final["planned_due"]) == (None, "2027-01-25", "2027-02-01")
    run("calendar", path, "--out", ws / "ny.ics", "--date", day)
    events = {str(e["UID"]): e for e in Calendar.from_ical((ws / "ny.ics").read_bytes()).walk("VEVENT")}
    for i in data["installments"]:
        when = events[f"vector-brand.installment.{i['key']}@contractkit"].decoded("DTSTART")
        assert when.isoformat() == (i["due"] or i["planned_due"]), (i, when)
    for s in data["stages"]:
        assert events[f"vector-brand.deadline.{s['id']}@contractkit"].decoded("DTSTART").isoformat() == s["deadline"]
    assert next(s for s in data["stages"] if s["id"] == "identity")["deadline"] == "2027-01-15"
    run("publish", path, "--date", day)
    page = normal(re.sub(r"<[^>]+>", " ", (path / "out" / "site" / "index.html").read_text(encoding="utf-8")))
    assert "ориентировочно до 01.02.2027" in page, page


def _show_rows(text: str) -> tuple[dict[str, tuple[str, str]], dict[int, str]]:
    """`show`'s deliverables (id -> start, deadline) and payments (n -> due)."""
    stages, dues = {}, {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if len(cells) == 7 and cells[0].isdigit():
            stages[cells[1]] = (cells[5], cells[6])
        elif len(cells) == 4 and cells[0].isdigit():
            dues[int(cells[0])] = cells[3]
    return stages, dues


def test_show_gives_the_dates_in_force_status_gives(ws, monkeypatch):
    """C4. `show` computed its tables from project.yaml alone: after the final act (6 April) the
    final payment still read «5 working days after final acceptance (planned 2027-04-06)» while
    `status` and `show --json` gave it due on 13 April (подпункт 3.3.2; ГК РФ ст. 711). Its
    deadlines and completion are the state's too, the dated stage's over the New Year included."""
    monkeypatch.setenv("COLUMNS", "200")
    for path in (vector_in_parts(ws), vector_over_new_year(ws)):
        data = json.loads(run("show", path, "--json").output)
        stages, dues = _show_rows(run("show", path).output)
        assert stages == {s["id"]: (s["start"], s["deadline"]) for s in data["stages"]}, stages
        for i in data["installments"]:
            if i["due"]:
                assert dues[i["number"]] == i["due"], (i, dues)
            else:
                assert dues[i["number"]].endswith(f"(planned {i['planned']})"), (i, dues)
        assert f"│ {data['completion']} │" in run("show", path).output


def test_list_gives_the_total_and_completion_in_force_status_gives(ws):
    """C5. `list` computed each row from project.yaml alone: the prepayment paid 6 days late moved
    the work's start (п. 2.1: work starts the day after the prepayment arrives), so the completion
    in force is 6 April, as `status` says, while `list` said 1 April, the plan as if paid on its due
    date. A signed project's row is its deal state's; an unsigned one keeps its own figures."""
    path = vector_in_parts(ws)
    data = json.loads(run("status", path, "--json").output)
    assert data["completion"] == "2027-04-06"
    row = next(x for x in run("list", ws).output.splitlines() if x.strip().startswith("vector "))
    assert f" {data['completion']} " in row and "140 000,00 ₽" in normal(row), row
    assert data["completion"] in run("status", path).output.splitlines()[1]


def test_agenda_lists_the_penalty_on_a_payment_made_late_as_status_does(ws):
    """C6. The final payment, due 13 April, paid in full on 21 April: the penalty it accrued until paid
    (84 000 ₽ × 0,1 % × 8 = 672,00 ₽; ГК РФ ст. 330, п. 65 ППВС № 7: through the day of payment)
    stays owed, and `status` and `status --json` list it. The agenda of a Russian project said
    «nothing due, missed or waiting» and 0,00 ₽ of late charges; it now gives the state's figure."""
    path = vector_in_parts(ws)
    run("paid", path, "final", "--date", "2027-04-21")
    day = "2027-04-23"
    data = _json(path, day)
    rows = [(r["installment"], r["interest"], r["until"]) for r in data["late_interest"]]
    assert rows == [(2, "672.00", "2027-04-21")] and data["late_interest_owed"] == "672.00"
    assert "penalty on installment 2: 672,00 ₽" in normal(run("status", path, "--date", day).output)
    agenda = normal(run("agenda", ws, "--date", day).output)
    assert "installment 2 paid late (due 2027-04-13): неустойка 672,00 ₽ unpaid" in agenda, agenda
    assert "late charges accrued 672,00 ₽" in agenda, agenda
