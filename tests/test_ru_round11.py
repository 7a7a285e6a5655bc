"""Issues 21 and 24: a later Russian addendum starts from the deadlines in force.

Дополнительное соглашение № 1 adds stage 5 (блог) with an additional prepayment; the prepayment arrives
late, so the deal state moves the stage by the working days from the addendum's signing until it arrived.
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


def _second_addendum(path) -> str:
    """Change request 2 on stage 4 (content: what it places, not its price or term), addendum 2 of 1 Feb."""
    edit(path / "project.yaml", OLD, NEW)
    run("change", path, "-m", "Видео на страницах", "--requested-on", "2027-01-28")
    run("addendum", path, "--date", "2027-02-01", "--format", "docx")
    return normal(docx_text(sorted(glob.glob(str(path / "out" / "addendum-2*.docx")))[-1]))


def _blog(path, day: str) -> dict:
    data = json.loads(run("status", path, "--json", "--date", day).output)
    return next(s for s in data["stages"] if s["id"] == "blog")


def test_ru_second_addendum_restates_the_date_the_late_prepayment_moved(ws):
    path, first = _romashka(ws)
    assert "Новый срок завершения 8 февраля 2027 г. (ориентировочно)" in first
    run("paid", path, "3", "--date", "2027-01-20")  # 19 working days after 15 Dec (New Year holidays off)
    blog = _blog(path, "2027-02-01")
    assert (blog["deadline"], blog["deposit_days"]) == ("2027-03-09", 19)
    text = _second_addendum(path)
    # the stage it changes, as asked
    assert "видеороликов" in text
    # the table: the completion in force before this addendum, not the 8 Feb the first one printed
    assert "Срок завершения до настоящего Соглашения 9 марта 2027 г." in text
    assert "Новый срок завершения 9 марта 2027 г." in text
    assert "8 февраля 2027" not in text
    assert ("Срок окончания этапа 5 «Блог с рубриками и поиском», не изменяемого настоящим Соглашением, — "
            "9 марта 2027 г. с учётом переноса сроков в связи с поступлением 20 января 2027 г. "
            "дополнительной предоплаты по Дополнительному соглашению № 1") in text
    # the restated Annex 1: the moved dates, no longer provisional (the prepayment arrived)
    annex = text.split("ТЕХНИЧЕСКОЕ ЗАДАНИЕ")[1]
    assert "9 марта 2027" in annex
    assert "ориентировочно" not in annex
    # signed, `status` and the addendum agree: the move stands
    run("sign", path, "--date", "2027-02-01")
    after = _blog(path, "2027-02-02")
    assert (after["deadline"], after["start"]) == (blog["deadline"], blog["start"])
    status = " ".join(run("status", path, "--date", "2027-02-02").output.split())
    assert "completion 2027-03-09" in status


def test_ru_second_addendum_keeps_the_provisional_wording_while_the_prepayment_is_unpaid(ws):
    path, _ = _romashka(ws)
    blog = _blog(path, "2027-02-01")
    assert (blog["deadline"], blog["waits_for_deposit"]) == ("2027-02-08", "2026-12-22")
    text = _second_addendum(path)
    assert "Срок завершения до настоящего Соглашения 8 февраля 2027 г." in text
    assert "с учётом переноса сроков" not in text
    annex = text.split("ТЕХНИЧЕСКОЕ ЗАДАНИЕ")[1]
    assert ("Сроки этапа 5, добавленного дополнительным соглашением с дополнительной предоплатой, указаны "
            "ориентировочно — при её поступлении в день подписания этого соглашения") in annex
