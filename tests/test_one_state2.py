"""One deal, one state (issue 21), what reviewers still saw: each case reproduced through the CLI.

A delay notice dated after the day an output is made "as of" is announced, in force from its date;
the client's page gives due dates in words of the project's language; a stage before its start or
before the prepayment is not "in progress"; the log's totals are the state's after each event;
installments are listed by their signed numbers; no deposit date before signing.
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
from tests.readback import docx_text, normal
from tests.scenario_edits import RU_CONTENT, RU_CONTENT_30_AND_BLOG
from tests.test_billing import example

DATA = Path(__file__).parent / "data"
NOTICE = dt.date(2099, 1, 20)
"""A notice date after every day these tests run on: `notice` warns, every output before it
shows the notice as announced."""


def git_init(path: Path) -> None:
    import git

    repo = git.Repo.init(path, initial_branch="main")
    repo.index.add(["project.yaml"])
    repo.index.commit("project")
    repo.close()


def deal(path: Path, day: dt.date) -> dict:
    from contractkit.flows.letters.deal import deal_json

    return json.loads(deal_json(path, day))


def stage(data: dict, sid: str) -> dict:
    return next(s for s in data["stages"] if s["id"] == sid)


def page(path: Path, day: dt.date) -> str:
    from contractkit.flows.site.build import publish

    out = path / "out" / f"site-{day}"
    publish(path, out, day)
    return normal((out / "index.html").read_text(encoding="utf-8"))


def page_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def last_update(path: Path) -> str:
    eml = sorted((path / "out").glob("letter-*-update.eml"))[-1]
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    return normal(msg.get_body(("plain",)).get_content())


def romashka(ws: Path) -> Path:
    run("new", "romashka", "--from-example", "romashka-site")
    path = ws / "romashka"
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-03")
    return path


def vector(ws: Path) -> Path:
    """RU-2: start on the prepayment, signed 2027-03-01, nothing paid."""
    path = ws / "vector"
    path.mkdir()
    shutil.copy(DATA / "ru-2-vector-brand.yaml", path / "project.yaml")
    git_init(path)
    run("sign", path, "--date", "2027-03-01")
    return path


# --- 1. a delay notice dated after the day an output is made as of -------------------------------

def test_a_notice_dated_later_is_announced_in_every_output_before_its_date_and_applied_from_it(ws, monkeypatch):
    path = romashka(ws)
    monkeypatch.setenv("CONTRACTKIT_TODAY", (NOTICE - dt.timedelta(days=3)).isoformat())  # ahead of today
    out = run("notice", "delay", path, "development", "--days", "2", "--client-caused", "--force",
              "--reason", "Заказчик не предоставил доступы к хостингу", "--date", NOTICE.isoformat()).output
    assert f"warning: notice date {NOTICE} is in the future" in out
    monkeypatch.setenv("CONTRACTKIT_TODAY", "2099-12-31")
    before, after = dt.date(2026, 12, 20), NOTICE + dt.timedelta(days=1)
    signed = stage(deal(path, before), "development")["deadline"]
    moved = stage(deal(path, after), "development")["deadline"]
    assert moved > signed  # the state applies the notice from its date, not before
    completion = deal(path, before)["completion"]

    status = normal(run("status", path).output)  # as of today: before the notice
    assert (f"announced: CR-001 Перенос срока этапа «Вёрстка и программирование на WordPress» на 2 рабочих "
            f"дня (contractor's notice of {NOTICE} under clause 2.3; in force from {NOTICE}") in status
    assert "next: 'contractkit addendum'" not in status  # a notice needs no addendum
    assert re.search(rf"\. development [^.]*deadline {signed}", status), status
    assert f"deadline {moved}" not in status

    agenda = normal(run("agenda", "--date", before.isoformat(), ".").output)
    assert f"CR-001 announced by your delay notice of {NOTICE}, in force from that date" in agenda
    assert "awaiting signature" not in agenda

    run("update", path, "--date", before.isoformat())
    letter = last_update(path)
    assert "Объявленные переносы сроков" in letter
    assert "перенос действует с 20 января 2099 г." in letter
    assert "перенос действует в силу Договора" not in letter  # never said as if in force already
    from contractkit.words import fmt

    assert f"Завершение проекта по текущему плану — {normal(fmt.long_date(dt.date.fromisoformat(completion), 'ru'))}" \
        in letter

    html = page(path, before)
    notified = page_text(html[html.index('id="notified"'):html.index('id="history"')])
    assert "действует с 20.01.2099" in notified
    assert dt.date.fromisoformat(signed).strftime("%d.%m.%Y") in page_text(html[:html.index('id="payments"')])

    later = page(path, after)  # from its date: applied, the page gives the moved deadline
    assert dt.date.fromisoformat(moved).strftime("%d.%m.%Y") in page_text(later[:later.index('id="payments"')])


# --- 2. the client's page: due dates, labelled, in the project's language -------------------------

def test_ru_page_gives_due_dates_with_their_event_and_no_english_field_name(ws):
    path = romashka(ws)
    run("notice", "delay", path, "design", "--days", "2", "--client-caused", "--force", "--reason",
        "Заказчик не предоставил тексты", "--date", "2026-12-17")
    day = dt.date(2026, 12, 18)
    data = deal(path, day)
    html = page(path, day)
    rows = page_text(html[html.index('id="payments"'):html.index('id="pending"')])
    first, final = data["installments"][0], data["installments"][-1]
    short = lambda d: dt.date.fromisoformat(d).strftime("%d.%m.%Y")  # noqa: E731
    assert f"до {short(first['due'])} (5 рабочих дней после подписания Договора)" in rows
    assert final["due"] is None
    assert (f"ориентировочно до {short(final['planned_due'])} (5 рабочих дней после итогового акта, "
            f"ориентировочно {short(final['planned'])})") in rows
    assert f"ориентировочно {short(final['planned'])} " not in rows.replace(", ориентировочно", "")
    history = page_text(html[html.index('id="history"'):])
    assert "(delay)" not in history and "(перенос срока)" in history


def test_en_page_writes_dates_in_words_and_names_the_event_a_payment_waits_for(ws):
    path = example(ws, "blue-harbor-shop", "harbor")
    run("sign", path, "--date", "2026-11-30")
    run("paid", path, "prepayment", "--date", "2026-12-02")
    html = page(path, dt.date(2026, 12, 4))
    text = page_text(html)
    assert not re.search(r"\b\d\d\.\d\d\.\d{4}\b", text)  # never 18.12.2026 on an English page
    assert not re.search(r"\b\d\d/\d\d/\d{4}\b", text)
    assert "In force: Agreement dated November 30, 2026" in text
    rows = page_text(html[html.index('id="payments"'):html.index('id="pending"')])
    assert "due December 7, 2026 (7 days after signing)" in rows
    from contractkit.words import fmt

    design = deal(path, dt.date(2026, 12, 4))["installments"][1]
    words = lambda d: normal(fmt.long_date(dt.date.fromisoformat(d), "en", "us"))  # noqa: E731
    assert (f"planned due {words(design['planned_due'])} (7 days after acceptance of “Visual design”, "
            f"planned {words(design['planned'])})") in rows, rows


# --- 3, 4. before the start, before the prepayment ----------------------------------------------

def test_status_agenda_update_and_page_say_the_work_waits_for_the_prepayment(ws):
    path = vector(ws)
    status = normal(run("status", path).output)
    assert "in progress" not in status
    for sid in ("logo", "identity", "brandbook"):
        assert re.search(rf"\. {sid}\s+waits for the prepayment \(due 2027-03-04\), planned deadline", status)
    agenda = normal(run("agenda", "--date", "2027-03-20", ".").output)
    assert "deadline missed" not in agenda
    assert "work waits for the prepayment (due 2027-03-04, unpaid 16 days after its due date)" in agenda
    run("update", path, "--date", "2027-03-20")
    letter = last_update(path)
    assert "отстаём" not in letter
    assert ("Работа начнётся на следующий рабочий день после получения предоплаты (срок оплаты — "
            "4 марта 2027 г.)") in letter
    html = page(path, dt.date(2027, 3, 20))
    assert "Работа начнётся на следующий рабочий день после получения предоплаты (срок оплаты — 04.03.2027)" \
        in page_text(html)
    assert deal(path, dt.date(2027, 3, 20))["stages"][0]["phase"] == "prepayment"


def test_a_stage_before_its_start_is_not_started_and_show_names_the_payments_event(ws):
    from contractkit.flows.billing import open_book
    from contractkit.flows.billing.views import book_status
    from contractkit.store.repo import open_repo

    path = vector(ws)
    run("paid", path, "prepayment", "--date", "2027-03-03")
    with open_repo(path) as repo:
        on_3rd = normal("\n".join(book_status(open_book(repo), dt.date(2027, 3, 3))))
        on_5th = normal("\n".join(book_status(open_book(repo), dt.date(2027, 3, 5))))
    assert "1. logo not started (starts 2027-03-04), deadline 2027-03-11" in on_3rd
    assert "1. logo in progress, deadline 2027-03-11" in on_5th
    assert "2. identity not started (starts 2027-03-12)" in on_5th
    assert deal(path, dt.date(2027, 3, 5))["stages"][1]["phase"] == "not started"
    shown = re.sub(r"[\s│]+", " ", run("show", path).output)
    assert "5 working days after final acceptance (planned" in shown


# --- 5. the log: one chronology --------------------------------------------------------------------

def test_log_signs_a_change_on_its_addendums_day_and_its_totals_never_go_back(ws):
    path = romashka(ws)
    text = (path / "project.yaml").read_text(encoding="utf-8")
    (path / "project.yaml").write_text(text.replace(RU_CONTENT, RU_CONTENT_30_AND_BLOG, 1), encoding="utf-8")
    run("change", path, "-m", "Блог и 30 страниц контента", "--requested-on", "2026-12-10")
    run("sign", path, "--date", "2026-12-15")
    run("notice", "delay", path, "design", "--days", "2", "--client-caused", "--force", "--reason",
        "Заказчик не предоставил тексты", "--date", "2026-12-17")
    data = deal(path, dt.date(2026, 12, 18))
    lines = [normal(x) for x in run("log", path).output.splitlines()]
    change = next(x for x in lines if " CR-001 " in x)
    assert change.startswith("2026-12-15 CR-001 signed ") and "requested 2026-12-10] in addendum-1" in change
    assert not any(x.startswith("2026-12-10 CR-001") for x in lines)  # not "signed" on its request day
    totals = [Decimal(normal(m).replace(" ", "").replace(",", "."))
              for x in lines for m in re.findall(r"-> (?:total )?([\d ]+,\d\d) ₽", x)]
    assert totals == sorted(totals)  # never backwards: 243 500 -> 292 750 -> 292 750
    assert totals[-1] == Decimal(data["total"])
    notice = next(x for x in lines if " CR-002 " in x)
    assert notice.startswith("2026-12-17 CR-002 in force") and f"completion {data['completion']}" in notice


# --- 8. no deposit date before the signature ------------------------------------------------------

def test_en_deposit_has_no_date_before_signing_and_follows_the_signature_after(ws):
    path = example(ws, "blue-harbor-shop", "harbor")
    run("render", path, "--doc", "payments", "--format", "docx")
    draft = docx_text(next((path / "out").glob("payments-*.docx")))
    line = next(normal(x) for x in draft.splitlines() if "after this Agreement is signed" in x)
    assert "(by " not in line and "planned" not in line  # no assumed signing date
    shown = normal(run("show", path).output).replace("\n", " ")
    assert re.search(r"7 calendar days after\s.*signing", shown)
    run("sign", path, "--date", "2026-12-03")
    data = json.loads(run("status", path, "--json").output)
    due = data["installments"][0]["due"]
    assert due == "2026-12-10"
    assert due in run("show", path).output  # show agrees with the state and the invoice
    run("invoice", path, "prepayment", "--date", "2026-12-03", "--format", "docx")
    assert "December 10, 2026" in normal(docx_text(next((path / "out").glob("invoice-*.docx"))))


# --- 7. installments by signed number; what was signed before stays reproducible ----------------------

def test_an_addendum_signed_when_schedules_were_listed_by_number_still_reproduces(ws):
    """Addendum 1 adds № 3 (its prepayment), due before the final № 2. An addendum signed by an
    earlier version listed its restated schedule 1, 2, 3 without dates: re-rendering it from
    its tag still gives the signed bytes, so `verify` still knows it."""
    import hashlib

    from contractkit.flows.signing.reproduce import reproduce
    from contractkit.render.schedule import listed_as
    from contractkit.store import history
    from contractkit.store.repo import open_repo

    path = romashka(ws)
    text = (path / "project.yaml").read_text(encoding="utf-8")
    (path / "project.yaml").write_text(text.replace(RU_CONTENT, RU_CONTENT_30_AND_BLOG, 1), encoding="utf-8")
    run("change", path, "-m", "Блог и 30 страниц контента", "--requested-on", "2026-12-10")
    with listed_as(("number", False)):  # as the code before due order signed it
        run("sign", path, "--date", "2026-12-15")
    data = json.loads(run("status", path, "--json").output)
    assert [i["number"] for i in data["installments"]] == [1, 2, 3]
    with open_repo(path) as repo:
        record = next(s for s in history.signatures(repo) if s.tag == "addendum-1")
    files = reproduce(path, "addendum-1")
    assert {n: hashlib.sha256(files[n]).hexdigest() for n in record.files} == dict(record.files)
    pdf = next((path / "out").glob("addendum-1-*.pdf"))
    assert "NOT a signed document" not in run("verify", path, pdf).output


def test_a_delay_the_signed_addendum_settled_moves_its_deadlines_no_further(ws):
    """The demo's story (README): materials asked 12-08 (5 working days: due 12-15), a delay notice
    on 12-17 (+2 working days), the materials received 12-18, then addendum 1 signed 12-18 with the
    notice's two days in it (design 12-21 -> 12-23). The client's late answer was known when the
    parties signed those dates: it must not move them again (design stayed "12-28, extended for the
    client's delay" on top of the signed 12-23 before), and before the addendum the later of the
    notice and the late answer holds (12-24)."""
    from tests.test_readme_samples import replay

    replay(ws)
    path = ws / "romashka"
    before = deal(path, dt.date(2026, 12, 17))
    assert stage(before, "design")["deadline"] == "2026-12-23"  # the notice's date, in force
    after = deal(path, dt.date(2026, 12, 21))
    assert stage(after, "design")["deadline"] == "2026-12-23"  # as addendum 1 signed it
    assert after["completion"] == "2027-02-09"
    assert "extended" not in json.dumps(stage(after, "design"))
