"""Review session 7 (EN E1, RU R1, R2): an addendum's additional deposit moves the stage it added only
by the working days it actually holds that stage up.

The added stage starts on the later of its planned start (the day after the stage before it ends) and
the working day after the deposit is received (ГК РФ ст. 328 п. 2, ст. 719; ст. 191). So a deposit
received before the planned start moves nothing, and one received after it moves the stage, and the
stages after it, by the working days from the planned start through the day it is received. The
change order / addendum, its restated Exhibit 1 / Annex 1 and the restated section 2.1 state that
one rule with its dates (ГК РФ ст. 708 п. 1: a stage's start and end dates are essential terms and
must be determinate), and `status` / `status --json` and later addenda hold the same dates: a later
change that postpones a stage reads as a postponement, never an acceleration, and once signed the
state does not move the stage again for a deposit that held nothing up.

Each project is driven through the CLI; the rendered DOCX and `status` are read back.
"""

from __future__ import annotations

import datetime as dt
import glob
import json

from tests.conftest import run
from tests.readback import docx_text, normal
from tests.test_co_deposit import _romashka, _shop
from tests.test_one_state import agree_on_every_date
from tests.test_workflow import edit


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _stages(path, day: str) -> dict:
    data = json.loads(run("status", path, "--json", "--date", day).output)
    return {s["id"]: s for s in data["stages"]}


def _status(path, day: str) -> str:
    return _flat(run("status", path, "--date", day).output)


def _doc(path, pattern: str) -> str:
    return normal(docx_text(sorted(glob.glob(str(path / "out" / pattern)))[-1]))


# --- English: the Munich shop; Change Order 1 (signed 22 Dec 2026) adds Milestone 5 after Milestone 4,
# planned 5-17 Feb 2027 (8 business days); its $960 deposit is due 29 Dec 2026 --------------------------

EN_RULE = ("Milestone 5 starts on the later of 5 February 2027 and the business day after the additional "
           "deposit under Section 3.3.4 is received; if it is received after 4 February 2027, the deadlines "
           "of Milestone 5 move by the business days from 5 February 2027 until it is received.")


def test_en_change_order_states_one_rule_anchored_to_the_planned_start(ws):
    _, order = _shop(ws)
    assert ("it runs 8 business days, from 5 February 2027 to 17 February 2027; its acceptance criteria are: "
            "“Wholesale customers can log in and see their tier prices”. " + EN_RULE) in order
    # the old rule counted from the CO Effective Date: gone everywhere
    assert "CO Effective Date until it is received" not in order
    assert "from that signing until it is received" not in order
    assert "New completion date 17 February 2027 (if the additional deposit is received by 4 February 2027)" \
        in order
    assert "by 17 February 2027 (if the additional deposit is received by 4 February 2027; currently" in order
    # the restated Exhibit 1 words the same rule with the same dates
    exhibit = order.split("STATEMENT OF WORK")[1]
    assert ("Milestone 5 was added by Change Order No. 1 with an additional deposit: it starts on the later "
            "of 5 February 2027 and the business day after that deposit is received; if it is received after "
            "4 February 2027, the deadlines of Milestone 5 and of later Milestones move by the business days "
            "from 5 February 2027 until it is received.") in exhibit


def test_en_deposit_received_before_the_planned_start_moves_nothing(ws):
    """Paid 20 Jan 2027: three weeks after it was due, yet before 5 Feb, when Milestone 5 was to start
    anyway: it held nothing up (E1: the old rule moved the milestone 19 business days)."""
    path, _ = _shop(ws)
    run("paid", path, "4", "--date", "2027-01-20")
    stage = _stages(path, "2027-02-18")["wholesale"]
    assert (stage["start"], stage["deadline"], stage["deposit_days"]) == ("2027-02-05", "2027-02-17", 0)
    assert stage["waits_for_deposit"] is None
    text = _status(path, "2027-02-18")
    assert "5. wholesale in progress, deadline 2027-02-17" in text
    assert "moved" not in text.split("5. wholesale")[1].split("\n")[0][:120]
    assert "moved for the addendum's late additional deposit" not in text


def test_en_deposit_received_after_the_planned_start_moves_by_the_late_business_days(ws):
    """Paid Wed 10 Feb 2027: it held Milestone 5 up on 5, 8, 9 and 10 Feb (4 business days); the
    milestone starts 11 Feb and ends 4 business days after 17 Feb, on 23 Feb."""
    path, _ = _shop(ws)
    run("paid", path, "4", "--date", "2027-02-10")
    stage = _stages(path, "2027-02-11")["wholesale"]
    assert (stage["start"], stage["deadline"], stage["deposit_days"]) == ("2027-02-11", "2027-02-23", 4)
    text = _status(path, "2027-02-11")
    assert ("5. wholesale in progress, deadline 2027-02-23 (moved 4 working day(s): the additional deposit "
            "came after the stage's planned start)") in text
    assert "completion 2027-02-23 in force" in text


def test_en_unpaid_deposit_keeps_the_planned_dates_provisional(ws):
    path, _ = _shop(ws)
    stage = _stages(path, "2027-02-08")["wholesale"]
    assert (stage["phase"], stage["waits_for_deposit"]) == ("prepayment", "2026-12-29")
    assert (stage["start"], stage["deadline"], stage["deposit_days"]) == ("2027-02-05", "2027-02-17", 0)
    assert "5. wholesale waits for the addendum's additional deposit (due 2026-12-29), provisional deadline " \
        "2027-02-17" in _status(path, "2027-02-08")


def test_en_second_change_order_postponing_the_milestone_before_reads_as_a_postponement(ws):
    """The deposit came on time (28 Dec); Change Order 2 starts Milestone 4 five business days later.
    Milestone 5 follows it: its deadline moves from the date in force, 17 Feb, to 24 Feb, and the order
    says "later"; once signed, `status` holds 24 Feb with no move for the deposit (E1: the old code
    printed "2 business days earlier", then re-applied a 3-day deposit shift on top)."""
    path, _ = _shop(ws)
    run("paid", path, "4", "--date", "2026-12-28")
    assert _stages(path, "2027-01-11")["wholesale"]["deadline"] == "2027-02-17"
    edit(path / "project.yaml", "  - id: newsletter\n", "  - id: newsletter\n    delay: 5\n")
    run("change", path, "-m", "Newsletter after the Client's mailing-list migration",
        "--requested-on", "2027-01-08")
    run("addendum", path, "--date", "2027-01-11", "--format", "docx")
    order = _doc(path, "addendum-2-*.docx")
    assert ("the deadline of Milestone 5 “B2B wholesale portal” moves from 17 February 2027 (its date in "
            "force) to 24 February 2027.") in order
    assert "The Work shall be completed by 24 February 2027 (currently 17 February 2027; 5 business days " \
        "later)." in order
    assert "earlier" not in order.split("CONTRACT SUM AND TIME")[1].split("PAYMENT")[0]
    # the deposit is in: the restated Exhibit 1 no longer words its rule
    assert "Milestone 5 was added by Change Order No. 1 with an additional deposit" not in order
    run("sign", path, "--date", "2027-01-11")
    stage = _stages(path, "2027-01-12")["wholesale"]
    assert (stage["start"], stage["deadline"], stage["deposit_days"]) == ("2027-02-12", "2027-02-24", 0)
    assert "completion 2027-02-24" in _status(path, "2027-01-12")


# --- Russian: «Ромашка»; addendum 1 (signed 15 Dec 2026) adds stage 5 (блог) after stage 4, planned
# 1-8 Feb 2027 (6 working days); its extra prepayment (№ 3, подпункт 3.3.3) is due 22 Dec 2026 ---------

def test_ru_addendum_states_one_rule_anchored_to_the_planned_start(ws):
    """ГК РФ ст. 708 п. 1: the stage's start and end dates are stated, and the one rule that moves them
    (ст. 328 п. 2, ст. 719) is anchored to the planned start, the same in the addendum, Annex 1 and 2.1."""
    _, text = _romashka(ws)
    assert ("срок оказания услуг по этапу — 6 рабочих дней, с 1 февраля 2027 г. по 8 февраля 2027 г.; критерии приёмки — "
            "«рубрики и поиск по статьям работают на сайте Заказчика». Исполнитель приступает к этапу 5 не "
            "ранее 1 февраля 2027 г. и не ранее рабочего дня, следующего за днём поступления дополнительной "
            "предоплаты по подпункту 3.3.3 Договора; если она поступит позднее 31 января 2027 г., сроки этапа "
            "5 сдвигаются на число рабочих дней с 1 февраля 2027 г. по день её поступления включительно.") \
        in text
    assert "от дня подписания Соглашения до дня её поступления" not in text
    assert ("Новый срок завершения 8 февраля 2027 г. (при поступлении дополнительной предоплаты не позднее "
            "31 января 2027 г.)") in text
    annex = text.split("ТЕХНИЧЕСКОЕ ЗАДАНИЕ")[1]
    assert ("Этап 5 включён дополнительным соглашением № 1 с дополнительной предоплатой: Исполнитель "
            "приступает к нему не ранее 1 февраля 2027 г. и не ранее рабочего дня, следующего за днём "
            "поступления этой предоплаты; если она поступит позднее 31 января 2027 г., сроки этапа 5 и "
            "следующих за ним этапов сдвигаются на число рабочих дней с 1 февраля 2027 г. по день её "
            "поступления включительно.") in annex


def test_ru_prepayment_before_the_planned_start_moves_nothing(ws):
    """Paid 20 Jan 2027, four weeks after it was due but before 1 Feb: the blog keeps 1-8 Feb (R1: the
    old rule moved it 19 working days, to 9 March)."""
    path, _ = _romashka(ws)
    run("paid", path, "3", "--date", "2027-01-20")
    stage = _stages(path, "2027-02-02")["blog"]
    assert (stage["start"], stage["deadline"], stage["deposit_days"]) == ("2027-02-01", "2027-02-08", 0)
    assert stage["phase"] == "in progress"
    assert "5. blog in progress, deadline 2027-02-08" in _status(path, "2027-02-02")


def test_ru_prepayment_after_the_planned_start_moves_by_the_late_working_days(ws):
    """Paid Wed 3 Feb 2027: the blog was held up on 1, 2 and 3 Feb (3 working days); it starts 4 Feb
    and ends 3 working days after 8 Feb, on 11 Feb."""
    path, _ = _romashka(ws)
    run("paid", path, "3", "--date", "2027-02-03")
    stage = _stages(path, "2027-02-04")["blog"]
    assert (stage["start"], stage["deadline"], stage["deposit_days"]) == ("2027-02-04", "2027-02-11", 3)
    assert ("5. blog in progress, deadline 2027-02-11 (moved 3 working day(s): the additional deposit came "
            "after the stage's planned start)") in _status(path, "2027-02-04")
    # the client's page, its calendar and the update letter give the blog that same date
    run("accept", path, "prototypes", "design", "development", "content", "--date", "2026-12-07")
    data, _ = agree_on_every_date(path, dt.date(2027, 2, 4), "ru")
    assert next(s for s in data["stages"] if s["id"] == "blog")["deadline"] == "2027-02-11"


def test_ru_unpaid_prepayment_keeps_the_planned_dates_provisional(ws):
    path, _ = _romashka(ws)
    stage = _stages(path, "2027-02-03")["blog"]
    assert (stage["phase"], stage["waits_for_deposit"]) == ("prepayment", "2026-12-22")
    assert (stage["deadline"], stage["deposit_days"]) == ("2027-02-08", 0)


def test_ru_second_addendum_postponing_the_stage_before_reads_as_a_postponement(ws):
    """The prepayment came on time (18 Dec); addendum 2 starts stage 4 (content) three working days
    later at the client's request. The blog follows it: addendum 2 moves its end from the date in force,
    8 Feb, to 11 Feb, and calls that «перенос» (R2: the old code wrote «сокращение» after counting a
    shift the prepayment never caused); once signed, `status` holds 11 Feb with no move for it."""
    path, _ = _romashka(ws)
    run("paid", path, "3", "--date", "2026-12-18")
    assert _stages(path, "2027-01-11")["blog"]["deadline"] == "2027-02-08"
    edit(path / "project.yaml", "  - id: content\n", "  - id: content\n    delay: 3\n")
    run("change", path, "-m", "Наполнение позже", "--requested-by", "client", "--requested-on", "2027-01-08")
    run("addendum", path, "--date", "2027-01-11", "--format", "docx")
    text = _doc(path, "addendum-2-*.docx")
    assert "Срок завершения до настоящего Соглашения 8 февраля 2027 г." in text
    assert "Новый срок завершения 11 февраля 2027 г." in text
    assert ("Срок завершения оказания Услуг — 11 февраля 2027 г. (ранее — 8 февраля 2027 г.; перенос на 3 "
            "рабочих дня)") in text
    assert "сокращение" not in text
    # the prepayment is in: the restated Annex 1 no longer words its rule
    assert "Этап 5 включён дополнительным соглашением № 1" not in text.split("ТЕХНИЧЕСКОЕ ЗАДАНИЕ")[1]
    run("sign", path, "--date", "2027-01-11")
    stage = _stages(path, "2027-01-12")["blog"]
    assert (stage["start"], stage["deadline"], stage["deposit_days"]) == ("2027-02-04", "2027-02-11", 0)
    assert "completion 2027-02-11" in _status(path, "2027-01-12")
