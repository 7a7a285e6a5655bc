"""Issue 24 (review-en6 M4, review-ru6 «Addenda and change requests»), issue 21: the added work of a
change order / addendum waits for its additional deposit, and every output reads the dates the deal
state moves for it.

The order says the Contractor does not start the added work until the additional deposit is received
(EN CO §3.3; RU ДС п. 3.3: withholding performance, ГК РФ ст. 328 п. 2, and for works ст. 719), yet the
deposit falls due days after signing. So an added stage starts on the later of its planned start and
the working day after the deposit is received: it (and the later ones that depend on it) moves by the
working days from its planned start through the day received, nothing when the deposit came before
(review session 7, E1 / R1: the rule once counted from the order's signing); while it is not received
the stage waits (no lateness runs). Each project is driven through the CLI; `status` (text and --json)
and one document are read back. tests/test_deposit_hold_up.py covers the rule itself.
"""

import glob
import json

from tests.conftest import run
from tests.readback import docx_text, normal
from tests.scenario_edits import RU_BLOG, RU_CONTENT, RU_CONTENT_30
from tests.test_en_round8 import shop_change_order
from tests.test_workflow import edit


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _status(path, day: str) -> str:
    return _flat(run("status", path, "--date", day).output)


def _stage(path, day: str, sid: str) -> dict:
    data = json.loads(run("status", path, "--json", "--date", day).output)
    return next(s for s in data["stages"] if s["id"] == sid)


def _doc(path, pattern: str) -> str:
    return normal(docx_text(sorted(glob.glob(str(path / "out" / pattern)))[-1]))


# --- English: the Munich shop, Change Order 1 adds Milestone 5 (B2B portal) with a $960 deposit -------

def _shop(ws):
    """Signed 8 Dec 2026 (deposit paid 10 Dec); CO 1 drafted 21 Dec and signed 22 Dec: Milestone 5
    dated 5-17 Feb 2027 if its $960 deposit (payment No. 4, Section 3.3.4) arrives on signing; it is
    due 29 Dec (7 calendar days)."""
    path, order = shop_change_order(ws)
    run("sign", path, "--date", "2026-12-22")
    return path, order


def test_en_change_order_says_the_added_milestone_starts_after_its_deposit(ws):
    """The CO's own §3.3 holds the added work until the deposit arrives: its dates must say so, or
    paying on time makes the Contractor late (review-en6 M4)."""
    _, order = _shop(ws)
    assert ("Milestone 5 starts on the later of 5 February 2027 and the business day after the additional "
            "deposit under Section 3.3.4 is received; if it is received after 4 February 2027, the deadlines "
            "of Milestone 5 move by the business days from 5 February 2027 until it is received.") in order
    # the clause it cites is the one the order adds for the deposit
    assert "Section 3.3 of the Agreement is amended by adding Section 3.3.4: “3.3.4. $960.00" in order
    assert ("the additional deposit is received; until it is received, no deadline for that work runs and "
            "the Contractor is not in delay with it.") in order
    assert "New completion date 17 February 2027 (if the additional deposit is received by 4 February 2027)" \
        in order
    assert "by 17 February 2027 (if the additional deposit is received by 4 February 2027; currently" in order
    # the restated Exhibit 1 says the same of the dates in its table
    exhibit = order.split("STATEMENT OF WORK")[1]
    assert ("Milestone 5 was added by Change Order No. 1 with an additional deposit: it starts on the later "
            "of 5 February 2027") in exhibit


def test_en_deposit_paid_on_time_moves_nothing(ws):
    """Paid 28 Dec, due 29 Dec, weeks before the milestone's planned start (5 Feb): it held nothing up
    (E1: the rule once counted 23, 24, 28 Dec from the signing and moved it 3 business days)."""
    path, _ = _shop(ws)
    run("paid", path, "4", "--date", "2026-12-28")
    stage = _stage(path, "2027-02-16", "wholesale")
    assert (stage["start"], stage["deadline"], stage["deposit_days"]) == ("2027-02-05", "2027-02-17", 0)
    assert stage["phase"] == "in progress"
    text = _status(path, "2027-02-16")
    assert "5. wholesale in progress, deadline 2027-02-17 " in text + " "
    assert "the additional deposit came after" not in text
    assert "stage wholesale is past its deadline" not in text


def test_en_deposit_paid_late_moves_the_milestone_and_its_acceptance_is_on_time(ws):
    """uk-ie: the deposit arrived on 20 May and `status` showed the milestone overdue. Here it arrives
    Wed 10 Feb 2027, after the milestone's planned start (5 Feb): it held it up 5, 8, 9, 10 Feb, so
    Milestone 5 starts the business day after and takes its 8 days, to 23 Feb."""
    path, _ = _shop(ws)
    run("paid", path, "4", "--date", "2027-02-10")
    stage = _stage(path, "2027-02-10", "wholesale")
    assert (stage["start"], stage["deadline"]) == ("2027-02-11", "2027-02-23")
    assert stage["phase"] == "not started"
    text = _status(path, "2027-02-10")
    assert "wholesale is past its deadline" not in text
    assert "completion 2027-02-23 in force (signed 2027-02-17, moved for the addendum's late additional deposit)" \
        in text
    run("accept", path, "all", "--date", "2027-02-22", "--format", "docx")  # after 17 Feb, before 23 Feb
    after = _stage(path, "2027-02-22", "wholesale")
    assert (after["on_time"], after["late_days"]) == (True, 0)
    # the payment on Milestone 5's acceptance is planned from the moved deadline, as status shows it
    data = json.loads(run("status", path, "--json", "--date", "2027-02-10").output)
    assert next(i for i in data["installments"] if i["number"] == 5)["planned"] == "2027-02-23"


def test_en_unpaid_deposit_keeps_the_added_milestone_waiting_without_lateness(ws):
    path, _ = _shop(ws)
    text = _status(path, "2027-02-22")  # past the 17 Feb date the order gives if paid on signing
    assert ("5. wholesale waits for the addendum's additional deposit (due 2026-12-29), provisional deadline "
            "2027-02-17") in text
    assert "stage wholesale is past its deadline" not in text
    stage = _stage(path, "2027-02-22", "wholesale")
    assert (stage["phase"], stage["waits_for_deposit"], stage["deadline"]) == ("prepayment", "2026-12-29",
                                                                                "2027-02-17")


# --- Russian: «Ромашка», Дополнительное соглашение № 1 adds stage 5 (блог) with a 24 625 ₽ prepayment ---

def romashka_blog(ws):
    """RU-1 signed 1 Dec 2026, prepayment paid 2 Dec; addendum 1 of 15 Dec (not signed yet) adds the
    blog with an extra prepayment (№ 3) and 30 pages of content."""
    run("new", "romashka", "--from-example", "romashka-site")
    path = ws / "romashka"
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "1", "--date", "2026-12-02")
    edit(path / "project.yaml", RU_CONTENT, RU_CONTENT_30 + RU_BLOG)
    run("change", path, "-m", "Блог и 30 страниц", "--requested-on", "2026-12-10")
    run("addendum", path, "--date", "2026-12-15", "--format", "docx")
    return path


def _romashka(ws):
    """Signed 1 Dec 2026, prepayment paid 2 Dec; addendum 1 of 15 Dec (signed that day) adds the blog,
    dated 1-8 Feb 2027 if its extra prepayment (№ 3, подпункт 3.3.3) arrives on signing; due 22 Dec."""
    path = romashka_blog(ws)
    addendum = _doc(path, "addendum-1*.docx")
    run("sign", path, "--date", "2026-12-15")
    return path, addendum


def test_ru_addendum_counts_the_added_stage_from_the_extra_prepayment(ws):
    """ГК РФ ст. 328 п. 2: the contractor may withhold performance until the client's advance arrives;
    the stage's term then runs from the day after (ст. 191), so the addendum must say so."""
    _, text = _romashka(ws)
    assert ("Исполнитель приступает к этапу 5 не ранее 1 февраля 2027 г. и не ранее рабочего дня, "
            "следующего за днём поступления дополнительной предоплаты по подпункту 3.3.3 Договора; если она "
            "поступит позднее 31 января 2027 г., сроки этапа 5 сдвигаются на число рабочих дней с 1 февраля "
            "2027 г. по день её поступления включительно.") in text
    assert "Дополнить пункт 3.3 Договора подпунктом 3.3.3 следующего содержания: «3.3.3. 24 625" in text
    assert ("Исполнитель не приступает к оказанию Услуг, добавленных настоящим Соглашением, до его подписания "
            "и поступления дополнительной предоплаты (пункт 2 статьи 328 Гражданского кодекса Российской "
            "Федерации); до её поступления сроки Услуг, добавленных настоящим Соглашением, не начинают течь, "
            "и Исполнитель не считается просрочившим их.") in text
    assert ("Новый срок завершения 8 февраля 2027 г. (при поступлении дополнительной предоплаты не позднее "
            "31 января 2027 г.)") in text
    assert ("Срок завершения оказания Услуг — 8 февраля 2027 г. (при поступлении дополнительной предоплаты "
            "не позднее 31 января 2027 г.; ранее — 27 января 2027 г.") in text
    # the restated Annex 1 says the same of the dates in its table
    annex = text.split("ТЕХНИЧЕСКОЕ ЗАДАНИЕ")[1]
    assert ("Этап 5 включён дополнительным соглашением № 1 с дополнительной предоплатой: Исполнитель "
            "приступает к нему не ранее 1 февраля 2027 г.") in annex


def test_ru_prepayment_on_time_moves_nothing(ws):
    """Paid 18 Dec, due 22 Dec, before the blog's planned start (1 Feb): nothing moves (R1: the rule once
    counted 16, 17, 18 Dec from the signing and moved it 3 working days)."""
    path, _ = _romashka(ws)
    run("paid", path, "3", "--date", "2026-12-18")
    stage = _stage(path, "2027-02-05", "blog")
    assert (stage["start"], stage["deadline"], stage["deposit_days"]) == ("2027-02-01", "2027-02-08", 0)
    text = _status(path, "2027-02-05")
    assert "5. blog in progress, deadline 2027-02-08 " in text + " "
    assert "the additional deposit came after" not in text
    assert "stage blog is past its deadline" not in text


def test_ru_prepayment_paid_late_moves_the_stage_and_the_act_says_in_time(ws):
    """The act drafted by the contractor says «в срок» only when the stage met its deadline in force
    (issue 21): here the one the late extra prepayment moved, not the date printed in the addendum."""
    path, _ = _romashka(ws)
    run("paid", path, "3", "--date", "2027-02-03")  # after the planned start (1 Feb): 1, 2, 3 Feb held up
    stage = _stage(path, "2027-02-03", "blog")
    assert stage["deadline"] == "2027-02-11" and stage["phase"] == "not started"
    text = _status(path, "2027-02-03")
    assert "stage blog is past its deadline" not in text
    run("accept", path, "prototypes", "design", "development", "content", "--date", "2026-12-07",
        "--format", "docx")
    run("accept", path, "blog", "--date", "2027-02-10", "--format", "docx")  # after 8 Feb, before 11 Feb
    act = _doc(path, "act-*.docx")
    assert "Услуги оказаны в полном объёме, качественно и в срок." in act
    assert _stage(path, "2027-02-10", "blog")["on_time"] is True


def test_ru_unpaid_prepayment_keeps_the_added_stage_waiting(ws):
    path, _ = _romashka(ws)
    text = _status(path, "2027-02-10")
    assert ("5. blog waits for the addendum's additional deposit (due 2026-12-22), provisional deadline "
            "2027-02-08") in text
    assert "stage blog is past its deadline" not in text
    assert _stage(path, "2027-02-10", "blog")["phase"] == "prepayment"
