"""Issues 21 and 24: a later Russian addendum starts from the deadlines in force.

Дополнительное соглашение № 1 adds stage 5 (блог) with an additional prepayment; the prepayment arrives
after the stage's planned start, so the deal state moves the stage by the working days from that start
through the day it arrived (review session 7, R1: no longer from the addendum's signing).
A second addendum that restated Annex 1 «в следующей редакции» with the earlier, unmoved date would, once
signed, cancel that move (ГК РФ ст. 452: the parties' latest agreement governs). So addendum 2 restates,
for each stage it does not change, the date in force as the deal state has it, says why in one sentence,
and its sum-and-time table's «срок до заключения настоящего Соглашения» is the completion in force.
Each project is driven through the CLI; `status` and the addendum are read back.
"""

import glob
import json

from tests.conftest import run
from tests.readback import docx_text, normal
from tests.scenario_edits import RU_CONTENT_30
from tests.test_co_deposit import _romashka
from tests.test_workflow import edit

OLD = RU_CONTENT_30.splitlines()[1]
NEW = OLD.replace("текстов и фотографий", "текстов, фотографий и видеороликов")


def _second_addendum(path, day: str = "2027-02-01") -> str:
    """Change request 2 on stage 4 (content: what it places, not its price or term), addendum 2 of `day`."""
    edit(path / "project.yaml", OLD, NEW)
    run("change", path, "-m", "Видео на страницах", "--requested-on", "2027-01-28")
    run("addendum", path, "--date", day, "--format", "docx")
    return normal(docx_text(sorted(glob.glob(str(path / "out" / "addendum-2*.docx")))[-1]))


def _blog(path, day: str) -> dict:
    data = json.loads(run("status", path, "--json", "--date", day).output)
    return next(s for s in data["stages"] if s["id"] == "blog")


def test_ru_second_addendum_restates_the_date_the_late_prepayment_moved(ws):
    path, first = _romashka(ws)
    assert "Новый срок завершения 8 февраля 2027 г. (при поступлении дополнительной предоплаты" in first
    run("paid", path, "3", "--date", "2027-02-03")  # after the planned start, 1 Feb: 1, 2, 3 Feb held up
    blog = _blog(path, "2027-02-04")
    assert (blog["deadline"], blog["deposit_days"]) == ("2027-02-11", 3)
    text = _second_addendum(path, "2027-02-04")
    # the stage it changes, as asked
    assert "видеороликов" in text
    # the table: the completion in force before this addendum, not the 8 Feb the first one printed
    assert "Срок завершения до настоящего Соглашения 11 февраля 2027 г." in text
    assert "Новый срок завершения 11 февраля 2027 г." in text
    assert "8 февраля 2027" not in text
    assert ("Срок окончания этапа 5 «Блог с рубриками и поиском», не изменяемого настоящим Соглашением, — "
            "11 февраля 2027 г. с учётом переноса сроков в связи с поступлением 3 февраля 2027 г. "
            "дополнительной предоплаты по Дополнительному соглашению № 1") in text
    # the restated Annex 1: the moved dates; the prepayment arrived, so its rule is spent
    annex = text.split("ТЕХНИЧЕСКОЕ ЗАДАНИЕ")[1]
    assert "11 февраля 2027" in annex
    assert "Этап 5 включён дополнительным соглашением № 1" not in annex
    # signed, `status` and the addendum agree: the move stands, once
    run("sign", path, "--date", "2027-02-04")
    after = _blog(path, "2027-02-05")
    assert (after["deadline"], after["start"]) == (blog["deadline"], blog["start"])
    status = " ".join(run("status", path, "--date", "2027-02-05").output.split())
    assert "completion 2027-02-11" in status


def test_ru_second_addendum_keeps_the_provisional_wording_while_the_prepayment_is_unpaid(ws):
    path, _ = _romashka(ws)
    blog = _blog(path, "2027-02-01")
    assert (blog["deadline"], blog["waits_for_deposit"]) == ("2027-02-08", "2026-12-22")
    text = _second_addendum(path)
    assert "Срок завершения до настоящего Соглашения 8 февраля 2027 г." in text
    assert "с учётом переноса сроков" not in text
    annex = text.split("ТЕХНИЧЕСКОЕ ЗАДАНИЕ")[1]
    assert ("Этап 5 включён дополнительным соглашением № 1 с дополнительной предоплатой: Исполнитель "
            "приступает к нему не ранее 1 февраля 2027 г. и не ранее рабочего дня, следующего за днём "
            "поступления этой предоплаты; если она поступит позднее 31 января 2027 г.") in annex
