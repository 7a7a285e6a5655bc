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
    # the calendar puts each deadline where the state does, the accepted ones as accepted
    from icalendar import Calendar

    run("calendar", path, "--out", ws / "fittrack.ics", "--date", "2027-02-10")
    events = {str(e["UID"]): e for e in Calendar.from_ical((ws / "fittrack.ics").read_bytes()).walk("VEVENT")}
    for s in after["stages"]:
        assert events[f"app.deadline.{s['id']}@contractkit"].decoded("DTSTART").isoformat() == s["deadline"], s


EN_BLOG = """  - id: blog
    title: Blog setup
    description: A blog section with three article templates
    acceptance:
      - Blog section live with three templates
    revisions: 1
    price: 900
    days: 3

payment:"""


def _eml(path: Path, pattern: str) -> str:
    import email
    from email import policy

    from tests.readback import normal

    found = sorted((path / "out").glob(pattern))
    assert found, pattern
    msg = email.message_from_bytes(found[-1].read_bytes(), policy=policy.default)
    return normal(msg.get_body(preferencelist=("plain",)).get_content())


def bakery(ws: Path) -> Path:
    """blue-harbor-shop (US, USD), work starting the day after the deposit: the deposit of $4,880
    (due 7 December) paid $2,000 on 4 December, a wrong $500 entry reversed, the rest on 10
    December; the product photos asked for on 11 December came on 22 December, 2 business days
    late; the theme's deadline moved by the contractor's notice of 8 January; change order 1 adds
    the blog on 12 January, its own deposit of $360 (due 19 January) paid on 22 January, after the
    blog's planned start, which moves the blog, and so the completion, one business day."""
    import git

    run("new", "bakery", "--from-example", "blue-harbor-shop")
    path = ws / "bakery"
    edit(path / "project.yaml", "\n  start: 2026-12-01", "\n  start: on_prepayment  #")
    repo = git.Repo(path)
    repo.index.add(["project.yaml"])
    repo.index.commit("work starts on the deposit")
    repo.close()
    run("sign", path, "--date", "2026-11-30")
    run("paid", path, "1", "--amount", "2000", "--date", "2026-12-04")
    run("paid", path, "1", "--amount", "500", "--date", "2026-12-05", "--ref", "wrong")
    run("paid", path, "--reverse", "P-002", "--date", "2026-12-07")
    run("paid", path, "1", "--date", "2026-12-10")
    run("asked", path, "Product photos and descriptions", "--date", "2026-12-11", "--stage", "design")
    run("received", path, "R-001", "--date", "2026-12-22")
    run("accept", path, "discovery", "--date", "2026-12-16", "--format", "pdf")
    run("accept", path, "design", "--date", "2027-01-08", "--format", "pdf")
    run("notice", "delay", path, "theme", "--days", "2", "--client-caused", "--reason",
        "The Client delivered the product photos late", "--date", "2027-01-08")
    edit(path / "project.yaml", "\npayment:", "\n" + EN_BLOG)
    run("change", path, "-m", "Blog setup", "--requested-on", "2027-01-11", "--reason", "Client wants a blog")
    run("sign", path, "--date", "2027-01-12")
    run("paid", path, "2", "--amount", "1000", "--date", "2027-01-14")
    run("paid", path, "addendum-1", "--date", "2027-01-22")
    return path


def test_the_update_gives_the_completions_move_the_ground_status_gives(ws):
    """C8. Change order 1 set the completion at January 26, 2027; its deposit came on January 22,
    after the blog's planned start, so the blog and the completion moved one business day, to
    January 27 (the order's own deposit clause; state/deposits.py). `status` says «moved for the
    addendum's late additional deposit». The update said the completion moved from January 26 to
    January 27 «by our notice of January 8, 2027 ... reason: The Client delivered the product photos
    late» and that the project completes «(extended for the Client’s delay)»: it blamed the client
    for a day its own deposit clause gave. The ground is the state's now, one rule for both."""
    path = bakery(ws)
    day = "2027-02-01"
    data = json.loads(run("status", path, "--json", "--date", day).output)
    assert data["completion"] == "2027-01-27"
    assert [v["completion"] for v in data["versions"]][-1] == "2027-01-26"
    status = run("status", path, "--date", day).output
    assert "completion 2027-01-27 in force (signed 2027-01-26, moved for the addendum's late additional deposit)" in status
    run("update", path, "--date", day)
    body = _eml(path, "letter-*-update.eml")
    assert "On the current plan the project completes on January 27, 2027." in body, body
    assert "extended for the Client’s delay" not in body, body
    assert "project completion: moved from January 26, 2027 to January 27, 2027 by our notice" not in body, body
    # the notice's own move is still told, with its ground
    assert "“Shopify theme build”: moved from January 14, 2027 to January 19, 2027 by our notice of January 8, 2027" in body
