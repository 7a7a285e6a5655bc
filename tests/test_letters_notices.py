"""Weekly updates, delay and suspension notices from RU-1 and EN-1 histories.

The law in play: ГК РФ ст. 406 and the contract's extension clause (deadlines move by the client's
delay), ст. 328 and 719 (the contractor may suspend work while the client does not cooperate),
ст. 191 (a term counted from an event starts the next day); working days on the national calendar.
"""

import datetime as dt
import email
from email import policy

import git
import pytest

from contractkit.flows.letters.notice import with_delay
from contractkit.flows.letters.views import deadline_warnings
from tests.conftest import run
from tests.readback import normal, pdf_body
from tests.test_billing import example, flat

RU1_HEAD = "Договор № 2026-031 от 1 декабря 2026 г."
DESIGN = "«Дизайн-макеты 6 страниц (desktop + mobile)»"


def mail_text(path):
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    return msg, normal(msg.get_body(("plain",)).get_content())


@pytest.fixture
def romashka(ws):
    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-01")  # by the start: the schedule as signed
    run("accept", path, "prototypes", "--date", "2026-12-07")
    out = run("asked", path, "Тексты и фотографии для 20 страниц", "--date", "2026-12-08").output
    assert "recorded R-001: asked for materials on 2026-12-08" in out
    return path


def test_update_in_a_week_with_late_materials_says_so_and_shows_the_shifted_deadline(romashka):
    """Materials asked 2026-12-08, 5 working days (contract) -> due 12-15; on 12-18 they are 3 working
    days late, so under clause 2.4 design's 2026-12-21 deadline moves to 2026-12-24."""
    run("update", romashka, "--date", "2026-12-11")
    _, first = mail_text(romashka / "out" / "letter-001-update.eml")
    assert "Коротко о проекте «Корпоративный сайт ООО „Ромашка“» с начала работ по 11 декабря 2026 г." in first
    assert "- 1 декабря 2026 г. получена оплата 121 750,00 ₽ — спасибо." in first
    assert "- 7 декабря 2026 г. принят этап «Прототипы 6 страниц сайта» (акт № 1)." in first
    assert f"- {DESIGN} — срок 21 декабря 2026 г.: идём в срок." in first
    assert ("Тексты и фотографии для 20 страниц — запрошено 8 декабря 2026 г., срок по Договору — 5 рабочих "
            "дней (до 15 декабря 2026 г.).") in first

    out = run("update", romashka, "--date", "2026-12-18").output
    assert "recorded L-002: update letter of 2026-12-18 to office@romashka.example" in out
    msg, text = mail_text(romashka / "out" / "letter-002-update.eml")
    assert msg["Subject"] == "Проект «Корпоративный сайт ООО «Ромашка»»: отчёт на 18 декабря 2026 г."
    # the period starts at the last recorded update
    assert "за период с 11 декабря 2026 г. по 18 декабря 2026 г." in text
    assert "Новых принятых этапов и подписанных изменений за период нет." in text
    assert ("ждём уже 3 рабочих дня сверх срока. По пункту 2.3 Договора срок этапа " + DESIGN +
            " сдвигается на 3 рабочих дня: с 21 декабря 2026 г. на 24 декабря 2026 г.") in text
    assert f"{DESIGN} — срок 24 декабря 2026 г. (с учётом просрочки Заказчика): идём в срок." in text
    # the stages after it move by the same 3 working days (clause 2.4)
    assert "«Вёрстка и программирование на WordPress» — с 25 декабря 2026 г., срок 25 января 2027 г." in text
    assert "«Наполнение контентом, 20 страниц» — с 26 января 2027 г., срок 29 января 2027 г." in text
    assert "Сейчас к оплате ничего нет." in text
    assert "Завершение проекта по текущему плану — 29 января 2027 г. (с учётом просрочки Заказчика)." in text
    html = msg.get_body(("html",)).get_content()
    assert "<h3>Ждём от вас</h3>" in html and "<style>" in html
    log = flat(run("log", romashka).output)
    assert "2026-12-18 L-002 update weekly update since 2026-12-11" in log
    assert "2026-12-08 R-001 asked materials: Тексты и фотографии для 20 страниц" in log


def test_delay_notice_client_caused_records_a_timeline_change_and_moves_every_later_date(romashka):
    """Told early (12-18, before 12-21): design +3 working days; what follows moves with it."""
    assert deadline_warnings(romashka, dt.date(2026, 12, 16)) == []
    warned = deadline_warnings(romashka, dt.date(2026, 12, 18))
    # the client's overdue request already holds the signed 12-21 back (status prints «deadline
    # 2026-12-24 … extended»): the warning says so beside it, not «is due 2026-12-21» (review-ru R21)
    assert warned == ["warning: stage design's deadline 2026-12-21 is held back by the client's delay (in "
                      "force 2026-12-24) and the client was not told; send 'contractkit notice delay design "
                      "--client-caused --reason TEXT'"]
    out = run("notice", "delay", romashka, "design", "--days", "3", "--client-caused", "--reason",
              "Заказчик не предоставил тексты и фотографии в срок", "--date", "2026-12-18").output
    assert "CR-001: design moves 2026-12-21 -> 2026-12-24; completion 2027-01-29" in out
    with git.Repo(romashka) as repo:
        assert repo.head.commit.message.startswith("L-001: delay letter of 2026-12-18")
        assert repo.head.commit.parents[0].message.startswith(
            "CR-001: Перенос срока этапа «Дизайн-макеты 6 страниц (desktop + mobile)» на 3 рабочих дня")
    text = (romashka / "project.yaml").read_text(encoding="utf-8")
    assert "  - id: design\n    delay: 3\n    title: Дизайн-макеты" in text
    change = (romashka / ".contractkit" / "changes" / "CR-001.yaml").read_text(encoding="utf-8")
    # the contractor's notice under clause 2.3, not the client's request (ГК РФ ст. 406)
    assert "kind: timeline" in change and "requested_by: contractor" in change
    assert "notice_clause: '2.3'" in change and "completion: '2027-01-29'" in change
    pdf = normal(pdf_body(romashka / "out" / "letter-001-delay-2026-031.pdf", RU1_HEAD, "Страница"))
    pdf = pdf.replace("\u00a0", " ")
    assert "УВЕДОМЛЕНИЕ о переносе срока этапа по Договору № 2026-031 от 1 декабря 2026 г." in pdf
    # the texts have still not come: the notice promises the running extension, not a fixed shift
    assert ("Сообщаю заранее, до истечения срока: срок этапа " + DESIGN + " переносится на период "
            "просрочки Заказчика: на дату уведомления — на 3 рабочих дня по производственному календарю "
            "(с 21 декабря 2026 г. на 24 декабря 2026 г.), и далее на каждый рабочий день до предоставления "
            "материалов.") in pdf
    assert "Причина: Заказчик не предоставил тексты и фотографии в срок." in pdf
    assert ("8 декабря 2026 г. Исполнитель направил Заказчику запрос о предоставлении материалов: "
            "Тексты и фотографии для 20 страниц. По Договору срок — 5 рабочих дней с даты запроса, то есть не "
            "позднее 15 декабря 2026 г.; на 18 декабря 2026 г. материалы не поступили, просрочка составляет "
            "3 рабочих дня.") in pdf
    # the contract already extends the terms (clause 2.3): no addendum is asked for (issue 24, round 4)
    assert "В соответствии с пунктом 2.3 Договора сроки оказания Услуг переносятся на период просрочки" in pdf
    assert ("Настоящее уведомление направлено на основании пункта 2.3 Договора: перенос действует в силу п. "
            "2.3 Договора; дополнительное соглашение не требуется.") in pdf
    assert "дополнительном соглашении" not in pdf
    assert ("«Вёрстка и программирование на WordPress» — с 20 января 2027 г. на 25 января 2027 г.; "
            "«Наполнение контентом, 20 страниц» — с 26 января 2027 г. на 29 января 2027 г.") in pdf
    assert ("С учётом переноса на дату уведомления действуют сроки: этап " + DESIGN + " — не позднее 24 декабря 2026 г.; "
            "завершение оказания Услуг по Договору — не позднее 29 января 2027 г. (ранее — 26 января 2027 г.).") in pdf
    assert "/ А. В. Соколов /" in pdf
    msg, mailed = mail_text(romashka / "out" / "letter-001-delay.eml")
    assert [p.get_filename() for p in msg.iter_attachments()] == ["letter-001-delay-2026-031.pdf"]
    assert "(с 21 декабря 2026 г. на 24 декабря 2026 г.), и далее на каждый рабочий день" in mailed
    # told: no warning for the announced date until it passes
    assert deadline_warnings(romashka, dt.date(2026, 12, 23)) == []
    log = flat(run("log", romashka).output)
    assert "2026-12-18 L-001 delay design 2026-12-21 -> 2026-12-24 (CR-001)" in log
    # the next update lists the move and the change awaiting an addendum
    run("received", romashka, "R-001", "--date", "2026-12-21")
    run("update", romashka, "--date", "2026-12-25", "--since", "2026-12-17")
    _, text = mail_text(romashka / "out" / "letter-002-update.eml")
    # one stage, one date in a letter (issue 21): the notice moved design to 12-24, the materials
    # received later move it to 12-25, and the update says 12-25 wherever it names design
    assert (f"{DESIGN[1:-1]}»: с 21 декабря 2026 г. на 25 декабря 2026 г. по нашему уведомлению от 18 декабря 2026 г. "
            "на основании пункта 2.3 Договора; причина: Заказчик не "
            "предоставил тексты и фотографии в срок") in text
    assert "24 декабря 2026" not in text
    assert ("получено 21 декабря 2026 г., на 4 рабочих дня позже срока. По пункту 2.3 Договора срок этапа "
            + DESIGN + " сдвигается на 4 рабочих дня: с 21 декабря 2026 г. на 25 декабря 2026 г.") in text
    # the client's delay moves the date under clause 2.3: no addendum, never "awaiting approval"
    assert "CR-0" not in text and "R-0" not in text  # no internal codes in a letter to the client
    assert ("«Перенос срока этапа „Дизайн-макеты 6 страниц (desktop + mobile)“ на 3 рабочих дня» — "
            "уведомление от 18 декабря 2026 г. на основании пункта 2.3 Договора; перенос действует в силу п. "
            "2.3 Договора; дополнительное соглашение не требуется.") in text
    assert "Ждут вашего согласования" not in text and "изменение закрепим" not in text


def test_delay_notice_refusals_leave_nothing_behind(romashka):
    before = (romashka / "project.yaml").read_bytes()
    cases = [
        (["prototypes", "--days", "2"], "stage prototypes is accepted already (act 1 of 2026-12-07)"),
        (["seo", "--days", "2"], "no stage 'seo' in project.yaml"),
        (["design", "--days", "0"], "--days 0: a delay is at least one working day"),
    ]
    for args, message in cases:
        result = run("notice", "delay", romashka, *args, "--reason", "x", "--date", "2026-12-18", ok=False)
        assert message in result.output, result.output
    assert (romashka / "project.yaml").read_bytes() == before
    assert not (romashka / ".contractkit" / "changes").exists()


def _changes_and_commits(path):
    with git.Repo(path) as repo:
        commits = sum(1 for _ in repo.iter_commits())
    return (path / "project.yaml").read_bytes(), commits, (path / ".contractkit" / "changes").exists()


def test_client_caused_delay_stands_on_an_overdue_request(romashka):
    """ГК РФ ст. 406, 719: the client's delay moves the dates only once a request is overdue, and by
    no more than it is late. R-001 (12-08, 5 working days) is due 12-15."""
    before = _changes_and_commits(romashka)
    early = run("notice", "delay", romashka, "design", "--days", "2", "--client-caused", "--reason",
                "Заказчик не предоставил фотографии", "--date", "2026-12-11", ok=False).output
    assert "no request to the client is overdue on 2026-12-11 (R-001 of 2026-12-08 is due 2026-12-15)" in early
    assert "--force" in early
    more = run("notice", "delay", romashka, "design", "--days", "4", "--client-caused", "--reason",
               "Заказчик не предоставил фотографии", "--date", "2026-12-18", ok=False).output
    assert ("--days 4 is more than the client's recorded lateness: R-001 (asked 2026-12-08, due 2026-12-15) "
            "is 3 working day(s) late") in more
    assert _changes_and_commits(romashka) == before
    forced = run("notice", "delay", romashka, "design", "--days", "2", "--client-caused", "--reason",
                 "Заказчик не предоставил фотографии", "--date", "2026-12-11", "--force").output
    assert "warning: no request to the client is overdue on 2026-12-11" in forced
    pdf = normal(pdf_body(romashka / "out" / "letter-001-delay-2026-031.pdf", RU1_HEAD, "Страница"))
    pdf = pdf.replace("\u00a0", " ")
    assert ("запрос о предоставлении материалов: Тексты и фотографии для 20 страниц. По Договору срок — "
            "5 рабочих дней с даты запроса, то есть не позднее 15 декабря 2026 г.; на 11 декабря 2026 г. "
            "материалы не поступили.") in pdf
    assert "просрочка" not in pdf


def test_a_failed_delay_notice_changes_nothing_and_a_retry_records_one_change(ws):
    """The client's e-mail is unknown (notices go by messenger, no ПЭП clause): the notice fails
    before any change request or delay is written, however often it is retried."""
    path = ws / "romashka"
    from tests.conftest import copy_example

    copy_example("romashka-site", path)
    text = (path / "project.yaml").read_text(encoding="utf-8")
    text = text.replace("  email: office@romashka.example\n", "", 1)
    text = text.replace("electronic_exchange: true", "electronic_exchange: false", 1)
    (path / "project.yaml").write_text(text, encoding="utf-8")
    with git.Repo.init(path, initial_branch="main") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("romashka without the client's e-mail")
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-01")  # by the start: the schedule as signed
    run("asked", path, "Тексты и фотографии для 20 страниц", "--date", "2026-12-08")
    before = _changes_and_commits(path)
    for _ in range(2):
        failed = run("notice", "delay", path, "design", "--days", "3", "--client-caused", "--reason",
                     "Заказчик не предоставил тексты", "--date", "2026-12-18", ok=False).output
        assert "the client has no e-mail to write to" in failed
        assert _changes_and_commits(path) == before
        assert not (path / "out").exists() or not list((path / "out").glob("letter-*"))


def test_with_delay_raises_an_existing_delay_and_keeps_every_other_byte():
    text = "deliverables:\n  - id: a\n    days: 2 # two\n  - id: b\n    delay: 1 # late\n    days: 3\n"
    assert with_delay(text, "b", 2) == text.replace("delay: 1 # late", "delay: 3 # late")
    assert with_delay(text, "a", 4) == text.replace("  - id: a\n", "  - id: a\n    delay: 4\n")


def test_suspension_notice_for_a_silent_client(romashka):
    """ГК РФ ст. 328 п. 2, 719 п. 1 (783 for services) and п. 2.3 of the contract: the work may stop
    once the client's delay is MORE than 10 working days; a suspension before that is the
    contractor's own breach. The feedback was due 2027-02-04: 10 working days late on 02-18 (refused),
    11 on 02-19. Design's deadline (2026-12-21) had passed before the client became late, so the
    letter does not say it moves (ГК РФ ст. 405, 406; review law-ru R4, R6)."""
    run("asked", romashka, "Согласование макетов главной страницы", "--feedback", "--stage", "design",
        "--date", "2027-02-01")
    run("received", romashka, "R-001", "--date", "2026-12-15")
    early = run("notice", "suspend", romashka, "--days", "10", "--date", "2027-02-18", ok=False)
    assert ("R-002 (asked 2027-02-01, due 2027-02-04) is 10 working day(s) late on 2027-02-18; the contract "
            "allows suspension once the delay is more than 10 working day(s): from 2027-02-19") in early.output
    assert not (romashka / "out").exists() or not list((romashka / "out").glob("letter-*suspend*"))
    run("notice", "suspend", romashka, "--days", "10", "--date", "2027-02-19")
    pdf = normal(pdf_body(romashka / "out" / "letter-001-suspend-2026-031.pdf", RU1_HEAD, "Страница"))
    pdf = pdf.replace("\u00a0", " ")
    assert "УВЕДОМЛЕНИЕ о приостановлении оказания Услуг по Договору № 2026-031 от 1 декабря 2026 г." in pdf
    assert ("1 февраля 2027 г. Исполнитель запросил у Заказчика обратную связь: Согласование "
            "макетов главной страницы (срок по Договору — 3 рабочих дня, то есть не позднее 4 февраля 2027 г.). "
            "Ответа нет: просрочка Заказчика на 19 февраля 2027 г. — 11 рабочих дней.") in pdf
    # the clause's condition quoted whole: the request is the notice listing what is needed (review-ru3 R12)
    assert ("По пункту 2.3 Договора Исполнитель вправе приостановить оказание Услуг, если просрочка Заказчика "
            "длится более 10 рабочих дней после получения Заказчиком уведомления Исполнителя с перечнем "
            "необходимого. Таким уведомлением является запрос от 1 февраля 2027 г., в котором перечислено "
            "необходимое; просрочка Заказчика по нему, считая со дня, следующего за последним днём срока его "
            "исполнения, составляет 11 рабочих дней.") in pdf
    assert ("На основании статей 328, 719 и 783 Гражданского кодекса Российской Федерации и пункта 2.3 Договора "
            "Исполнитель приостанавливает оказание Услуг с 19 февраля 2027 г. до получения обратной связи.") in pdf
    assert ("В соответствии с пунктом 2.3 Договора сроки оказания Услуг переносятся на период просрочки "
            "Заказчика — с 5 февраля 2027 г. до получения обратной связи.") in pdf
    # the design's deadline had passed before the client was late: the letter claims no move for it
    assert "Срок этапа" not in pdf and "продолжить этап" not in pdf
    log = flat(run("log", romashka).output)
    assert "2027-02-19 L-001 suspend work suspended, client 11 working day(s) late with R-002" in log


def test_en1_update_with_late_feedback(ws):
    """EN-1 (US calendar): feedback asked Dec 8, 3 business days -> due Dec 11; on Dec 18 it is 5
    business days late, so design's Dec 15 deadline moves to Dec 22."""
    path = example(ws, "blue-harbor-shop", "harbor")
    run("sign", path, "--date", "2026-11-30")
    run("paid", path, "prepayment", "--date", "2026-12-01")  # by the start: the schedule as signed
    run("accept", path, "discovery", "--date", "2026-12-03")
    run("asked", path, "Comments on the design drafts", "--feedback", "--date", "2026-12-08")
    run("update", path, "--date", "2026-12-18")
    msg, text = mail_text(path / "out" / "letter-001-update.eml")
    assert msg["Subject"] == "Online shop for Blue Harbor Bakery: weekly update, December 18, 2026"
    assert text.startswith("Dear Priya Shah, Here is where “Online shop for Blue Harbor Bakery” stands since "
                           "work began, as of December 18, 2026.")
    assert "- December 1, 2026: payment of $4,880.00 received, thank you;" in text
    assert "- December 3, 2026: accepted “Discovery and sitemap” (certificate No. 1);" in text
    assert ("- “Visual design”, due December 22, 2026 (extended for the Client’s delay): on time;") in text
    assert ("- Comments on the design drafts: asked on December 8, 2026, due within 3 business days (by "
            "December 11, 2026); still waiting, 5 business days past that. Under Section 2.4 of the Agreement "
            "the signed deadline for “Visual design” moves by 5 business days, from December 15, 2026 to "
            "December 22, 2026.") in text
    # the theme waits for the design: next, not in progress, though its planned start has passed
    # ... and moves by the client's 5 business days, as does the launch
    assert "Next - “Shopify theme build” from December 23, 2026, due January 11, 2027;" in text
    assert "- “Launch and staff training” from January 12, 2027, due January 13, 2027;" in text
    assert ("On the current plan the project completes on January 13, 2027 (extended for the Client’s "
            "delay).") in text


def test_status_and_check_warn_of_a_deadline_near_today_that_the_client_was_not_told(ws):
    """Dates relative to the real today: the first stage (5 working days) started 3 working days ago."""
    from contractkit import calendar

    today = dt.date.today()
    start = today
    for _ in range(3):
        start -= dt.timedelta(days=1)
        while not calendar.is_working_day(start, "RU"):
            start -= dt.timedelta(days=1)
    path = example(ws, "romashka-site", "romashka")
    text = (path / "project.yaml").read_text(encoding="utf-8")
    text = text.replace("  date: 2026-12-01", f"  date: {start}").replace("  start: 2026-12-01", f"  start: {start}")
    (path / "project.yaml").write_text(text, encoding="utf-8")
    with git.Repo(path) as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("dates of today")
    run("sign", path, "--date", str(start))
    deadline = calendar.deadline_after(start, 5, "RU")
    status = run("status", path).output
    assert f"warning: stage prototypes is due {deadline}, in " in status
    assert "tell the client now: 'contractkit notice delay prototypes --days N --reason TEXT'" in status
    check = run("check", path)
    assert f"warning: stage prototypes is due {deadline}" in check.output
    run("notice", "delay", path, "prototypes", "--days", "1", "--reason", "Болезнь дизайнера", "--date",
        str(today))
    assert "warning: stage prototypes" not in run("status", path).output


def test_en1_delay_notice_and_suspension(ws):
    """EN-1 (US calendar): feedback due Dec 11 is late; design moves 4 business days and what
    follows moves with it; later the silent client gets the notice of suspension."""
    path = example(ws, "blue-harbor-shop", "harbor")
    run("sign", path, "--date", "2026-11-30")
    run("paid", path, "prepayment", "--date", "2026-12-01")  # by the start: the schedule as signed
    run("accept", path, "discovery", "--date", "2026-12-03")
    run("asked", path, "Comments on the design drafts", "--feedback", "--date", "2026-12-08")
    refused = run("notice", "delay", path, "design", "--days", "4", "--client-caused", "--reason",
                  "Your comments on the design drafts are late", "--date", "2026-12-14", ok=False).output
    assert ("--days 4 is more than the client's recorded lateness: R-001 (asked 2026-12-08, due 2026-12-11) "
            "is 1 working day(s) late") in refused
    out = run("notice", "delay", path, "design", "--days", "4", "--client-caused", "--reason",
              "Your comments on the design drafts are late", "--date", "2026-12-14", "--force").output
    assert "warning: --days 4 is more than the client's recorded lateness" in out
    assert "CR-001: design moves 2026-12-15 -> 2026-12-21; completion 2027-01-12" in out
    head = "Agreement No. NW-2026-11 dated November 30, 2026"
    pdf = normal(pdf_body(path / "out" / "letter-001-delay-NW-2026-11.pdf", head, "Page"))
    assert "NOTICE OF A NEW DEADLINE under Agreement No. NW-2026-11 dated November 30, 2026" in pdf
    assert ("Ahead of the deadline, the Contractor gives notice that the deadline for “Visual design” is extended by "
            "the period of the Client’s delay: 4 business days as of this notice (from December 15, 2026 to "
            "December 21, 2026 on the US calendar), and one further business day for each business day until "
            "the feedback arrives.") in pdf
    assert ("On December 8, 2026 the Contractor asked the Client for feedback (request R-001): Comments on the "
            "design drafts. The Agreement allows 3 business days, that is until December 11, 2026; as of December 14, 2026 "
            "nothing has arrived, 1 business day late.") in pdf
    assert "Under Section 2.4 of the Agreement, deadlines are extended by any delay of the Client" in pdf
    assert "This is the Contractor’s notice of the extension under Section 2.4; the new dates" in pdf
    assert ("“Shopify theme build” from January 4, 2027 to January 8, 2027; “Launch and staff training” from "
            "January 6, 2027 to January 12, 2027.") in pdf
    assert "As of this notice, the project completes on January 12, 2027 (was January 6, 2027)." in pdf
    # EN §2.3: suspension once the delay "exceeds" 10 business days: due 12-11, 11 days late on
    # 12-29 (Dec 25 a federal holiday); refused on 12-28 with 10
    refused = run("notice", "suspend", path, "--date", "2026-12-28", ok=False)
    assert ("R-001 (asked 2026-12-08, due 2026-12-11) is 10 working day(s) late on 2026-12-28; the contract "
            "allows suspension once the delay is more than 10 working day(s): from 2026-12-29") in refused.output
    run("notice", "suspend", path, "--date", "2026-12-29")
    pdf = normal(pdf_body(path / "out" / "letter-002-suspend-NW-2026-11.pdf", head, "Page"))
    assert ("On December 8, 2026 the Contractor asked the Client for feedback (request R-001): Comments on the "
            "design drafts (due within 3 business days, by December 11, 2026). Nothing has arrived: as of "
            "December 29, 2026 the Client is 11 business days late.") in pdf
    assert ("Under Section 2.4 of the Agreement, the Contractor may suspend the Work on written notice once the "
            "Client’s delay exceeds 10 business days: the delay with request R-001 is 11 business days.") in pdf
    assert ("The Contractor therefore suspends the Work from December 29, 2026 until the feedback arrives.") in pdf
    # the deadline in force before this delay is the one the delay notice gave (December 21), not the
    # signed one, and the extension runs from the request's due date (review law-en E6)
    assert ("all deadlines move by the number of business days from December 11, 2026 until the feedback "
            "arrives. The deadline for “Visual design”, December 21, 2026 before this delay, is") in pdf
