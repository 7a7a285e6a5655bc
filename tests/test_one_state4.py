"""One deal, one state (issue 21), session 12's lifecycles: an RU project with VAT (ООО, НДС 22 %)
whose prepayment came in parts with a wrong entry reversed, materials late, a stage refused with
remarks and accepted late, then an addendum signed after those acceptances. Each figure is read
back from two outputs and compared.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import run
from tests.test_one_state import DATA, edit, git_init

RU_ADMIN = """  - id: admin
    title: Панель администратора
    description: Веб-панель для управления расписанием
    acceptance:
      - Администратор меняет расписание без разработчика
    revisions: 1
    price: 200000
    rights_price: 30000
    days: 8

payment:"""


def _json(path: Path, day: str) -> dict:
    return json.loads(run("status", path, "--json", "--date", day).output)


def _accepted(data: dict) -> dict[str, tuple[str, str, str, int]]:
    return {s["id"]: (s["start"], s["deadline"], s["accepted_on"], s["late_days"])
            for s in data["stages"] if s["accepted_on"]}


def fittrack(ws: Path) -> Path:
    """ru-16-a (ООО «Кодовая гавань», ОСН, НДС 22 %): signed 7 December 2026; the prepayment of
    878 400 ₽ (due 14 December) paid 300 000 on 9 December, a wrong 50 000 entry reversed, the rest
    on 16 December; the brand book asked for on 17 December came on 28 December, 2 working days
    late (the client's 5 days), which moves every open stage; the prototype accepted on 12 January
    (deadline in force 11 January), the design refused with remarks on 29 January and accepted on
    4 February (deadline in force 1 February); the notice of the delay holds the 2 days for the MVP."""
    path = ws / "fittrack"
    path.mkdir()
    shutil.copy(DATA / "ru-16-a.yaml", path / "project.yaml")
    git_init(path)
    run("sign", path, "--date", "2026-12-07")
    run("invoice", path, "prepayment", "--date", "2026-12-07", "--format", "pdf")
    run("paid", path, "prepayment", "--amount", "300000", "--date", "2026-12-09", "--ref", "п/п 1")
    run("paid", path, "prepayment", "--amount", "50000", "--date", "2026-12-10", "--ref", "ошибка")
    run("paid", path, "--reverse", "P-002", "--date", "2026-12-11")
    run("paid", path, "prepayment", "--date", "2026-12-16", "--ref", "п/п 2")
    run("asked", path, "Брендбук и доступы к API CRM Заказчика", "--date", "2026-12-17")
    run("received", path, "R-001", "--date", "2026-12-28")
    run("accept", path, "proto", "--date", "2027-01-12", "--format", "pdf")
    run("accept", path, "design", "--date", "2027-01-29", "--remark", "Цвета не по брендбуку",
        "--fix-by", "2027-02-03", "--format", "pdf")
    run("accept", path, "design", "--date", "2027-02-04", "--format", "pdf")
    run("notice", "delay", path, "mvp", "--days", "2", "--client-caused", "--reason",
        "Заказчик передал брендбук и доступы к API с опозданием", "--date", "2027-02-05")
    return path


def test_an_addendum_signed_after_acceptances_leaves_their_deadlines_and_lateness_as_accepted(ws):
    """C7. The prototype and the design were accepted 1 and 3 working days after their deadlines in
    force (each moved 2 working days by the brand book the client sent late; ГК РФ ст. 719). An
    addendum adding the admin panel restates their signed dates. `change` refused it («Send
    `contractkit notice delay proto --client-caused` first»), while `notice delay proto` refuses an
    accepted stage («its deadline no longer moves»): the user could not record the change at all.
    And once such an addendum was signed, `status --json` made the past acceptances later: the
    prototype 3 working days late against 29 December, the design 5 against 28 January. A later
    version does not change what an earlier act accepted (ГК РФ ст. 708, 720): before and after the
    addendum, the state gives each accepted stage the same start, deadline and lateness."""
    path = fittrack(ws)
    before = _accepted(_json(path, "2027-02-08"))
    assert before == {"proto": ("2026-12-16", "2027-01-11", "2027-01-12", 1),
                      "design": ("2027-01-12", "2027-02-01", "2027-02-04", 3)}
    refused = run("notice", "delay", path, "proto", "--days", "2", "--client-caused", "--reason", "x",
                  "--date", "2027-02-08", ok=False)
    assert "no longer moves" in refused.output
    edit(path / "project.yaml", "\npayment:", "\n" + RU_ADMIN)
    run("change", path, "-m", "Панель администратора", "--requested-on", "2027-02-08")
    run("sign", path, "--date", "2027-02-10")
    after = _json(path, "2027-02-10")
    assert [v["tag"] for v in after["versions"]] == ["contract", "addendum-1"]
    assert _accepted(after) == before
    # the MVP keeps the 2 days the notice holds; the admin panel follows it
    mvp = next(s for s in after["stages"] if s["id"] == "mvp")
    assert mvp["deadline"] == "2027-03-17" and after["completion"] == "2027-04-21"
