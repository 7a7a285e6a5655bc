"""Issue 24 leftovers (issue 21: every figure from the deal state): a restated payment schedule lists
its rows by their signed numbers, and a later addendum / change order states the dates an earlier
one's late deposit moved.

1. A lawyer amends a signed schedule by its signed numbers: the rows that existed keep theirs and the
   row an addendum adds takes the next free one («Дополнить пункт 3.3 подпунктом 3.3.3», ГК РФ ст. 450,
   452: the contract changes only as the parties' agreement says). The table then reads as the clauses
   3.3.N do, 1, 2, 3, each row with its own event and due date, never "1, 3, 2" (by date, under
   numbers that no longer follow each other). Every output lists the same rows in the same order:
   the addendum, the contract and its payments annex at that version, both sides of the redline,
   `status --json` and the client's page.
2. An addendum's added stage waits for its additional deposit (ГК РФ ст. 328 п. 2; EN CO §3.3); when
   the deposit comes late, that stage and the ones after it move (state/deposits.py). A later addendum
   that changes such a stage, or leaves it, restates the dates in force, as `status` has them, not the
   dates as if the deposit had come on signing.

Each case drives the CLI and reads the rendered DOCX back (python-docx).
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import json
from pathlib import Path

import docx

from tests.conftest import run
from tests.readback import docx_text, normal
from tests.scenario_edits import RU_BLOG
from tests.test_workflow import edit


def _doc(path: Path, pattern: str) -> Path:
    return Path(sorted(glob.glob(str(path / "out" / pattern)))[-1])


def _text(path: Path, pattern: str) -> str:
    return normal(docx_text(_doc(path, pattern)))


def schedule_rows(source) -> list[tuple[int, str]]:
    """(number, its 'when due' cell) of each row of the payment schedule table, in the order printed."""
    for table in docx.Document(source).tables:
        head = [c.text.strip() for c in table.rows[0].cells]
        if head[:2] in (["№", "Платёж"], ["No.", "Payment"]):
            return [(int(r.cells[0].text), normal(r.cells[2].text)) for r in table.rows[1:]
                    if r.cells[0].text.strip().isdigit()]
    raise AssertionError("no payment schedule table")


def _status(path: Path, day: str) -> dict:
    return json.loads(run("status", path, "--json", "--date", day).output)


def _page_numbers(path: Path, day: dt.date) -> list[int]:
    from tests.test_one_state import page_rows, publish

    return [n for n, _, _ in page_rows(publish(path, day))]


def _second_addendum(path: Path, stage: str, days: int, longer: int, message: str, asked: str, dated: str) -> str:
    """A second change lengthening one stage (days -> longer), recorded and drafted: its text."""
    text = (path / "project.yaml").read_text(encoding="utf-8")
    at = text.index(f"days: {days}", text.index(f"  - id: {stage}"))
    (path / "project.yaml").write_text(text[:at] + f"days: {longer}" + text[at + len(f"days: {days}"):],
                                       encoding="utf-8")
    run("change", path, "-m", message, "--requested-on", asked)
    run("addendum", path, "--date", dated, "--format", "docx")
    return _text(path, "addendum-2-*.docx")


# --- 1. RU: addendum 1 adds the blog with an extra prepayment (№ 3), due before the final № 2 ------

def _romashka_blog(ws: Path) -> Path:
    from tests.test_co_deposit import romashka_blog

    return romashka_blog(ws)


def test_ru_restated_schedule_keeps_signed_numbers_in_order_in_every_output(ws):
    path = _romashka_blog(ws)
    rows = schedule_rows(_doc(path, "addendum-1-*.docx"))
    assert [n for n, _ in rows] == [1, 2, 3]
    # each row gives its own event: the added prepayment counts from this addendum, not yet signed
    assert rows[1][1].startswith("в течение 5 рабочих дней с даты подписания итогового акта")
    assert rows[2][1] == "в течение 5 рабочих дней с даты подписания Дополнительного соглашения № 1"
    text = _text(path, "addendum-1-*.docx")
    assert "Дополнить пункт 3.3 Договора подпунктом 3.3.3 следующего содержания: «3.3.3. 24 625" in text
    annex = text[text.index("ГРАФИК ПЛАТЕЖЕЙ"):]
    listed = [annex.index(f"{k}. {s}") for k, s in ((1, "121 750"), (2, "146 375"), (3, "24 625"))]
    assert listed == sorted(listed)
    run("sign", path, "--date", "2026-12-15")

    # the contract and its payments annex at that version: the same rows, numbers and order
    run("render", path, "--doc", "contract,payments", "--format", "docx")
    after = schedule_rows(_doc(path, "payments-*.docx"))
    assert [n for n, _ in after] == [1, 2, 3]
    # once the addendum is signed its prepayment has a date, counted from that signing, as status has it
    data = _status(path, "2026-12-16")
    assert [i["number"] for i in data["installments"]] == [1, 2, 3]
    assert data["installments"][2]["due"] == "2026-12-22"
    assert after[2][1].endswith("Дополнительного соглашения № 1 (не позднее 22 декабря 2026 г.)")
    contract = _text(path, "contract-*.docx")
    clauses = [contract.index(f"3.3.{k}. {s}") for k, s in ((1, "121 750"), (2, "146 375"), (3, "24 625"))]
    assert clauses == sorted(clauses)
    assert _page_numbers(path, dt.date(2026, 12, 16)) == [1, 2, 3]

    # the redline contract -> addendum-1: each side, every revision accepted or rejected
    from contractkit.flows.redline import redline_files
    from tests.test_redline import resolved

    (red,) = redline_files(path, "contract", "addendum-1", doc="payments", formats=("docx",)).values()
    accepted, rejected = resolved(red, "ins"), resolved(red, "del")
    import io

    assert [n for n, _ in schedule_rows(io.BytesIO(accepted))] == [1, 2, 3]
    assert [n for n, _ in schedule_rows(io.BytesIO(rejected))] == [1, 2]


def test_en_restated_exhibit_2_keeps_signed_numbers_in_order(ws):
    """The shop's Change Order 1 adds payment No. 4 (its deposit) and No. 5 (on the new Milestone 5):
    Exhibit 2 lists 1 to 5 as §3.3.1-3.3.5 do, not 1, 2, 4, 3, 5."""
    from tests.test_en_round8 import shop_change_order

    path, order = shop_change_order(ws)
    rows = schedule_rows(_doc(path, "addendum-1-*.docx"))
    assert [n for n, _ in rows] == [1, 2, 3, 4, 5]
    assert rows[3][1] == "within 7 calendar days after Change Order No. 1 is signed"
    assert "Section 3.3 of the Agreement is amended by adding Section 3.3.4: “3.3.4. $960.00" in order
    run("sign", path, "--date", "2026-12-22")
    run("render", path, "--doc", "payments", "--format", "docx")
    after = schedule_rows(_doc(path, "payments-*.docx"))
    assert [n for n, _ in after] == [1, 2, 3, 4, 5]
    data = _status(path, "2026-12-23")
    assert [i["number"] for i in data["installments"]] == [1, 2, 3, 4, 5]
    assert data["installments"][3]["due"] == "2026-12-29"
    assert after[3][1] == "within 7 calendar days after Change Order No. 1 is signed (by 29 December 2026)"
    assert _page_numbers(path, dt.date(2026, 12, 23)) == [1, 2, 3, 4, 5]


# --- 2. dates a late deposit moved, in the next addendum / change order -----------------------------

def test_ru_later_addendum_moving_a_stage_after_a_deposit_moved_one_states_the_moved_dates(ws):
    """Addendum 1 inserts the blog before the content stage (planned 22-29 Jan 2027), with an extra
    prepayment paid Tue 26 Jan 2027, after the blog's planned start: the blog and the content after it
    move by the 3 working days it held the blog up, 22, 25 and 26 Jan (ГК РФ ст. 328 п. 2, ст. 191;
    review session 7 R1: not by the days from the signing). Addendum 2 lengthens the content stage from
    4 to 6 working days: its new deadline is the one in force plus two working days, never the date as
    if the prepayment had come on signing."""
    run("new", "romashka", "--from-example", "romashka-site")
    path = ws / "romashka"
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "1", "--date", "2026-12-02")
    edit(path / "project.yaml", "  - id: content\n", RU_BLOG + "  - id: content\n")
    run("change", path, "-m", "Блог", "--requested-on", "2026-12-10")
    run("sign", path, "--date", "2026-12-15")
    run("paid", path, "3", "--date", "2027-01-26")
    before = {s["id"]: s for s in _status(path, "2027-01-26")["stages"]}
    assert (before["blog"]["start"], before["blog"]["deposit_days"]) == ("2027-01-27", 3)
    assert (before["content"]["deadline"], before["content"]["deposit_days"]) == ("2027-02-09", 3)
    addendum = _second_addendum(path, "content", 4, 6, "Контент дольше", "2027-01-25", "2027-01-26")
    assert ("срок оказания услуг по этапу — 6 рабочих дней вместо 4 рабочих дней; окончание этапа — 11 февраля 2027 г. "
            "вместо 9 февраля 2027 г.") in addendum
    assert "Услуги завершаются не позднее 11 февраля 2027 г." in addendum  # the restated 2.1
    assert "Новый срок завершения 11 февраля 2027 г." in addendum
    assert ("Срок завершения оказания Услуг — 11 февраля 2027 г. (ранее — 9 февраля 2027 г.; перенос на 2 "
            "рабочих дня)") in addendum
    annex = addendum[addendum.index("ТЕХНИЧЕСКОЕ ЗАДАНИЕ"):]
    assert "5 Блог с рубриками и поиском 40 000,00 ₽ 6 27.01.2027 03.02.2027" in annex
    assert "4 Наполнение контентом, 20 страниц 18 500,00 ₽ 6 04.02.2027 11.02.2027" in annex
    assert "(плановая дата события — 11 февраля 2027 г.)" in annex  # the final payment's event
    run("sign", path, "--date", "2027-01-26")
    after = {s["id"]: s for s in _status(path, "2027-01-27")["stages"]}
    assert (after["blog"]["start"], after["blog"]["deadline"]) == ("2027-01-27", "2027-02-03")
    assert (after["content"]["start"], after["content"]["deadline"]) == ("2027-02-04", "2027-02-11")
    # rendered later, the annex and contract of that version say what the addendum signed
    run("render", path, "--doc", "contract,scope,payments", "--format", "docx")
    scope = _text(path, "scope-*.docx")
    assert "5 Блог с рубриками и поиском 40 000,00 ₽ 6 27.01.2027 03.02.2027" in scope
    assert "4 Наполнение контентом, 20 страниц 18 500,00 ₽ 6 04.02.2027 11.02.2027" in scope
    assert "Услуги завершаются не позднее 11 февраля 2027 г." in _text(path, "contract-*.docx")
    assert "(плановая дата события — 11 февраля 2027 г.)" in _text(path, "payments-*.docx")


def _shop_deposit_late(ws: Path) -> Path:
    """The shop's Change Order 1 (Milestone 5 with a $960 deposit, No. 4, planned 5-17 Feb 2027) signed
    22 Dec 2026; the deposit arrives Wed 10 Feb 2027, after the planned start, so Milestone 5 moves by
    the 4 business days it was held up, to 11-23 Feb 2027 (tests/test_deposit_hold_up.py)."""
    from tests.test_en_round8 import shop_change_order

    path, _ = shop_change_order(ws)
    run("sign", path, "--date", "2026-12-22")
    run("paid", path, "4", "--date", "2027-02-10")
    stage = next(s for s in _status(path, "2027-02-11")["stages"] if s["id"] == "wholesale")
    assert (stage["start"], stage["deadline"]) == ("2027-02-11", "2027-02-23")
    return path


def test_en_later_change_order_restates_exhibit_1_with_the_dates_the_late_deposit_moved(ws):
    """Change Order 2 only reprices Milestone 1: its restated Exhibit 1 replaces the signed one in its
    entirety, so it must give Milestone 5 the dates in force (moved for the late deposit), and no
    longer call them provisional once the deposit is in."""
    path = _shop_deposit_late(ws)
    edit(path / "project.yaml", "    price: 2400\n    days: 5", "    price: 2600\n    days: 5")
    run("change", path, "-m", "Discovery workshop extended", "--requested-on", "2027-02-10")
    run("addendum", path, "--date", "2027-02-11", "--format", "docx")
    order = _text(path, "addendum-2-*.docx")
    exhibit = order[order.index("STATEMENT OF WORK"):]
    assert "5 B2B wholesale portal $2,400.00 8 11 Feb 2027 23 Feb 2027" in exhibit
    assert "Dates: 11 February 2027 to 23 February 2027 (8 business days)" in exhibit
    assert "Milestone 5 was added by Change Order No. 1 with an additional deposit" not in exhibit
    assert "(event planned for 23 February 2027)" in exhibit  # Exhibit 2: the payment on Milestone 5
    # and the order says why those dates are not the ones Change Order 1 printed
    assert ("Milestone 5 “B2B wholesale portal”, which this Change Order does not change, keeps its dates in "
            "force: its deadline is 23 February 2027, as moved under Change Order No. 1 because the additional "
            "deposit under it was received on 10 February 2027") in order


def test_en_later_change_order_changing_a_deposit_moved_milestone_counts_from_its_dates_in_force(ws):
    path = _shop_deposit_late(ws)
    order = _second_addendum(path, "wholesale", 8, 10, "Portal with price import", "2027-02-10", "2027-02-11")
    assert ("its duration becomes 10 business days (previously 8 business days); its deadline becomes "
            "25 February 2027 (currently 23 February 2027)") in order
    assert "shall complete it no later than 25 February 2027" in order  # the restated 2.1
    assert "The Work shall be completed by 25 February 2027 (currently 23 February 2027; 2 business days" \
        in order
    assert "5 B2B wholesale portal $2,400.00 10 11 Feb 2027 25 Feb 2027" in order
    run("sign", path, "--date", "2027-02-11")
    stage = next(s for s in _status(path, "2027-02-12")["stages"] if s["id"] == "wholesale")
    assert (stage["start"], stage["deadline"]) == ("2027-02-11", "2027-02-25")


# --- what was signed before stays reproducible -----------------------------------------------------

def test_an_addendum_signed_when_schedules_were_listed_in_due_order_still_reproduces(ws):
    """Addendum 2 signed by the code of 2026-12-06 listed its restated schedule 1, 3, 2 (due order) and
    gave addendum 1's prepayment no date: re-rendered from its tag it still gives the signed bytes, so
    `verify` still knows it."""
    from contractkit.flows.signing.reproduce import reproduce
    from contractkit.render.schedule import listed_as
    from contractkit.store import history
    from contractkit.store.repo import open_repo

    path = _romashka_blog(ws)
    run("sign", path, "--date", "2026-12-15")
    edit(path / "project.yaml", "    price: 30000\n", "    price: 32000\n")
    run("change", path, "-m", "Прототипы дороже", "--requested-on", "2026-12-16")
    with listed_as(("due", False)):  # as the code before this change signed it
        run("addendum", path, "--date", "2026-12-17", "--format", "docx,pdf")
        signed = schedule_rows(_doc(path, "addendum-2-*.docx"))
        run("sign", path, "--date", "2026-12-17")
    assert [n for n, _ in signed] == [1, 3, 4, 2]
    assert "(не позднее" not in signed[1][1]
    with open_repo(path) as repo:
        record = next(s for s in history.signatures(repo) if s.tag == "addendum-2")
    files = reproduce(path, "addendum-2")
    assert {n: hashlib.sha256(files[n]).hexdigest() for n in record.files} == dict(record.files)
    pdf = _doc(path, "addendum-2-*.pdf")
    assert "NOT a signed document" not in run("verify", path, pdf).output
    # rendered today, the same addendum lists 1, 2, 3, 4 and dates addendum 1's prepayment
    run("addendum", path, "2", "--format", "docx", "--out", path / "again")
    again = schedule_rows(next((path / "again").glob("addendum-2-*.docx")))
    assert [n for n, _ in again] == [1, 2, 3, 4]
    assert again[2][1].endswith("(не позднее 22 декабря 2026 г.)")


# --- 3. the Delaware legal rate: a dated figure the user can update -----------------------------------

def test_delaware_ceiling_warning_names_the_rate_and_its_date_and_follows_the_users_rate(ws, monkeypatch):
    """6 Del. C. §2301(a): at most 5 % a year over the Federal Reserve discount rate (its primary
    credit rate: 3.75 % since 10 December 2025, still so before the FOMC meeting of June 2026). The
    figure moves with the Fed, so the warning says which rate it used and as of when, and
    CONTRACTKIT_FED_DISCOUNT_RATE sets the rate in force; it stays a warning (check passes)."""
    from tests.test_en_round10 import FL_SAAS, check_output

    out = normal(check_output(ws / "built-in", FL_SAAS))
    assert ("warning: payment.late_interest_monthly: 18 % a year under Delaware law is above the ceiling of "
            "6 Del. C. §2301(a), 5 % over the Federal Reserve discount rate (8.75 % a year with that rate at "
            "3.75 % as of 16 June 2026; if the Fed has moved it, set CONTRACTKIT_FED_DISCOUNT_RATE)") in out
    half = [("  late_interest_monthly: 1.5\n", "  late_interest_monthly: 0.5\n")]  # 6 % a year
    assert "2301" not in check_output(ws / "calm", FL_SAAS, edits=half)
    monkeypatch.setenv("CONTRACTKIT_FED_DISCOUNT_RATE", "0.5")  # 5.5 % a year: 6 % is now above it
    low = normal(check_output(ws / "low", FL_SAAS, edits=half))
    assert "6 % a year under Delaware law is above the ceiling" in low
    assert "(5.5 % a year with that rate at 0.5 % as set in CONTRACTKIT_FED_DISCOUNT_RATE;" in low
    monkeypatch.setenv("CONTRACTKIT_FED_DISCOUNT_RATE", "14%")  # 19 % a year: 18 % is within it
    assert "2301" not in check_output(ws / "high", FL_SAAS)
    monkeypatch.setenv("CONTRACTKIT_FED_DISCOUNT_RATE", "soon")
    path = ws / "bad"
    path.mkdir()
    (path / "project.yaml").write_text(FL_SAAS.read_text(encoding="utf-8"), encoding="utf-8")
    bad = run("check", path, ok=False).output
    assert "error: CONTRACTKIT_FED_DISCOUNT_RATE='soon' is not a percentage (say 3.75)" in bad


def test_change_prints_the_dates_in_force_its_addendum_will_state(ws):
    """review-ru R2: after a late deposit moved the blog, `change` printed the version's own dates
    ("completion: 8 Feb -> 10 Feb") while the addendum states the dates in force, so a postponement
    could read as an acceleration. What `change` prints is what the addendum says and what `status`
    has once it is signed, whatever the deposit rule moves."""
    import re

    from tests.test_co_deposit import _romashka

    path, _ = _romashka(ws)
    run("paid", path, "3", "--date", "2027-02-03")  # after signing and after the blog was to start
    before = _status(path, "2027-02-05")["completion"]
    text = (path / "project.yaml").read_text(encoding="utf-8")
    at = text.index("days: 6", text.index("  - id: blog"))
    (path / "project.yaml").write_text(text[:at] + "days: 8" + text[at + 7:], encoding="utf-8")
    said = run("change", path, "-m", "Блог с архивом", "--requested-on", "2027-02-05").output
    found = re.search(r"completion: (\d{4}-\d\d-\d\d) -> (\d{4}-\d\d-\d\d)", said)
    assert found and found.group(1) == before, said
    run("addendum", path, "--date", "2027-02-05", "--format", "docx")
    addendum = _text(path, "addendum-2-*.docx")
    new = dt.date.fromisoformat(found.group(2))
    months = ["января", "февраля", "марта", "апреля", "мая", "июня"]
    assert f"Новый срок завершения {new.day} {months[new.month - 1]} {new.year} г." in addendum
    run("sign", path, "--date", "2027-02-05")
    assert _status(path, "2027-02-06")["completion"] == found.group(2)
    assert found.group(2) > before  # two working days longer: a postponement, never an acceleration
