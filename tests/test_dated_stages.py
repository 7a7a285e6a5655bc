"""A stage with a fixed `deadline:` (instead of `days:`) moves whenever the schedule moves, by the same
working days as a stage counted in days: a late prepayment (RU 2.1, EN 2.3), a client-caused delay
notice (RU 2.3, EN 2.4), a delay change; and while the work waits for the prepayment
(`start: on_prepayment`) the annex words it as a date that moves, in both languages.

Findings: /work/review-ru3/REPORT.md R5, R6; /work/review-en3/REPORT.md E2. The projects are the
reviewers' own (tests/data/ru-15-dated.yaml: самозанятая developer, works, stage `bot` with
`deadline: 2027-05-10`; tests/data/en-15-dated.yaml: US LLC, Milestone 2 `deadline: 2026-11-11`)."""

import json
from pathlib import Path

import pytest

from tests.conftest import reviewer_project, run
from tests.readback import edit_committed, normal, once, out_docx, out_pdf


def _stages(path: Path, day: str) -> dict[str, str]:
    data = json.loads(run("status", path, "--json", "--date", day).output)
    return {s["id"]: s["deadline"] for s in data["stages"]} | {"completion": data["completion"]}


def _letter(path: Path, prefix: str) -> str:
    eml = next((path / "out").glob(f"{prefix}*.eml"))
    pdf = next(p for p in (path / "out").glob(f"{prefix}*.pdf"))
    from tests.readback import pdf_pages

    return normal(" ".join(pdf_pages(pdf))) + " " + normal(eml.read_text(encoding="utf-8"))


@pytest.fixture
def ru_fixed(ws):
    """R6: the reviewer's works contract with a fixed start (20.04.2027), signed 12.04.2027, the
    prepayment due by 19.04 received on 22.04: two working days late (21, 22 April)."""
    path = reviewer_project(ws, "p2-dev", "ru-15-dated.yaml", "npd", "works",
                            edit=once("start: on_prepayment", "start: 2027-04-20"))
    run("sign", path, "--date", "2027-04-12")
    run("paid", path, "prepayment", "--date", "2027-04-22")
    return path


def test_a_late_prepayment_moves_a_dated_stage_and_every_stage_after_it(ru_fixed):
    """R6. Clause 2.1 as signed: «При более позднем поступлении предоплаты сроки всех этапов и срок
    завершения сдвигаются на число рабочих дней между 20 апреля 2027 г. и днём её поступления»
    (ГК РФ ст. 190, 191: a term the contract defines): two working days for every stage, the dated
    one too (10.05 is a day off in 2027, so its term ends on 11.05, ГК РФ ст. 193, and two working
    days after that is 13.05, as a counted stage ending on 11.05 would move)."""
    pdf = out_pdf(ru_fixed, "contract-*.pdf")
    assert "сроки всех этапов и срок завершения сдвигаются" in normal(pdf)
    dates = _stages(ru_fixed, "2027-04-22")
    assert dates["spec"] == "2027-04-28"
    assert dates["bot"] == "2027-05-13"
    assert dates["admin"] == "2027-05-27"
    assert dates["completion"] == "2027-05-27"


def test_the_delay_notice_after_a_late_prepayment_states_the_deadline_the_contract_gives(ru_fixed):
    """R6. The notice of the client's delay (clause 2.3, ГК РФ ст. 406, 719) moves the deadline in
    force (27.05, after the prepayment's two days) by three working days: to 01.06, never to 28.05,
    which would concede a penalty the contract does not give."""
    run("accept", ru_fixed, "spec", "--date", "2027-04-28")
    run("accept", ru_fixed, "bot", "--date", "2027-05-12")
    run("asked", ru_fixed, "Доступ к серверу", "--date", "2027-05-11", "--stage", "admin")
    run("received", ru_fixed, "R-001", "--date", "2027-05-21")
    out = run("notice", "delay", ru_fixed, "admin", "--client-caused", "--reason", "Доступ предоставлен поздно",
              "--date", "2027-05-21", "--format", "pdf").output
    assert "2027-05-27 -> 2027-06-01" in out
    text = _letter(ru_fixed, "letter-001-delay")
    assert "переносится с 27 мая 2027 г. на 1 июня 2027 г." in text
    # the contract says 25.05; the late prepayment made it 27.05 (review-ru4 R12: both are named)
    assert ("не позднее 1 июня 2027 г. (по Договору — 25 мая 2027 г., с учётом поступления предоплаты 22 апреля "
            "2027 г. — 27 мая 2027 г.)") in text
    assert _stages(ru_fixed, "2027-05-21")["admin"] == "2027-06-01"


def test_a_delay_change_and_its_addendum_move_a_dated_stage(ru_fixed):
    """A timeline change that delays the dated stage (its `delay:` raised) moves its date by as many
    working days as it would move a counted stage, from the deadline in force (after the late
    prepayment), and the stage after it follows; the addendum states those dates (ГК РФ ст. 452:
    the addendum names the new end) and once signed, `status` holds them."""

    edit_committed(ru_fixed, "bot two days later",
                   once("    deadline: 2027-05-10", "    deadline: 2027-05-10\n    delay: 2"))
    out = run("change", ru_fixed, "-m", "bot later", "--requested-on", "2027-04-23").output
    assert "deadline bot: 2027-05-13 -> 2027-05-17" in out
    run("addendum", ru_fixed, "--date", "2027-04-26", "--format", "pdf")
    text = out_pdf(ru_fixed, "addendum-1-*.pdf")
    assert "окончание этапа — 17 мая 2027 г. вместо 13 мая 2027 г." in text
    assert "с 27 мая 2027 г. на 31 мая 2027 г." in text
    run("sign", ru_fixed, "--date", "2027-04-26")
    dates = _stages(ru_fixed, "2027-04-26")
    assert (dates["bot"], dates["admin"], dates["completion"]) == ("2027-05-17", "2027-05-31", "2027-05-31")
    # the client's page: the signed 10.05 (a day off, so the term ends on 11.05: ГК РФ ст. 193), moved
    # by the late prepayment and by CR-001
    import html
    import re

    run("publish", ru_fixed, "--date", "2027-04-26")
    page = normal(html.unescape(re.sub("<[^>]+>", " ", (ru_fixed / "out" / "site" / "index.html").read_text(
        encoding="utf-8"))))
    assert ("Telegram-бот: 04.05.2027 – 17.05.2027 (было 11.05.2027; предоплата поступила позже срока "
            "(перенос по Договору); CR-001: bot later)") in page


def test_on_prepayment_words_a_dated_stage_as_a_date_that_moves(ws):
    """R5. `start: on_prepayment` with a dated stage renders (it stopped on a TypeError): the annex
    states the date and that it moves by the working days the prepayment is late (ГК РФ ст. 190:
    a term is a date or a period; ст. 328: the prepayment the work waits for), the stage after it
    counts from its deadline, and clause 2.1 refers to the annex instead of a count of days."""
    path = reviewer_project(ws, "p2-dev", "ru-15-dated.yaml", "npd", "works")
    run("check", path)
    run("render", path)
    annex = normal(out_pdf(path, "scope-*.pdf"))
    assert ("Срок этапа: окончание — не позднее 10 мая 2027 г. (10 мая 2027 г. — нерабочий день, поэтому срок "
            "оканчивается в ближайший следующий за ним рабочий день — 11 мая 2027 г., статья 193 Гражданского "
            "кодекса Российской Федерации). Срок, указанный датой, сдвигается") in annex
    assert "считая со дня, следующего за последним днём срока этапа 2" in annex
    contract = normal(out_docx(path, "contract-*.docx"))
    assert "завершает их в сроки, указанные в Приложении № 1" in contract
    # signed on 12.04, prepayment due by 19.04 (5 working days), received 21.04: two working days late
    run("sign", path, "--date", "2027-04-12")
    run("paid", path, "prepayment", "--date", "2027-04-21")
    dates = _stages(path, "2027-04-21")
    assert dates["bot"] == "2027-05-13"
    assert dates["admin"] == "2027-05-27"


@pytest.fixture
def en_project(ws):
    """E2: the reviewer's US works agreement, signed 16 Sep 2026, the deposit paid on time."""
    path = reviewer_project(ws, "p2-brandywine", "en-15-dated.yaml", "us-llc", "works")
    run("sign", path, "--date", "2026-09-16")
    run("paid", path, "prepayment", "--date", "2026-09-24")
    return path


def test_a_client_caused_delay_notice_moves_a_fixed_deadline(en_project):
    """E2. Section 2.4: "all deadlines move by the number of business days from the end of that period
    until they are received": materials due 14 Oct 2026 arrived 19 Oct, three business days late, so
    Milestone 2's fixed 11 Nov moves to 16 Nov (12, 13, 16 Nov) and Milestone 3's 20 business days
    from 17 Nov end on 15 Dec (Thanksgiving, 26 Nov, excluded)."""
    run("accept", en_project, "discovery", "--date", "2026-10-07")
    run("asked", en_project, "Trip catalogue", "--stage", "design", "--date", "2026-10-08")
    run("received", en_project, "R-001", "--date", "2026-10-19")
    out = run("notice", "delay", en_project, "design", "--days", "3", "--client-caused", "--reason",
              "The trip catalogue arrived late", "--date", "2026-10-20").output
    assert "design moves 2026-11-11 -> 2026-11-16; completion 2026-12-15" in out
    text = _letter(en_project, "letter-001-delay")
    assert "from 11 November 2026 to 16 November 2026" in text
    assert "completes on 15 December 2026" in text
    dates = _stages(en_project, "2026-10-21")
    assert dates["design"] == "2026-11-16"
    assert dates["build"] == "2026-12-15"


def test_a_late_deposit_moves_a_fixed_deadline(ws):
    """Section 2.3: "If the deposit is received after [the start], all deadlines move by the number of
    business days from [the start] until the day the Work starts": the deposit of the agreement
    starting 28 Sep 2026 received on 30 Sep moves Milestone 2's 11 Nov by two business days."""
    path = reviewer_project(ws, "p2-brandywine", "en-15-dated.yaml", "us-llc", "works")
    run("sign", path, "--date", "2026-09-16")
    run("paid", path, "prepayment", "--date", "2026-09-30")
    assert _stages(path, "2026-09-30")["design"] == "2026-11-13"


def test_on_prepayment_exhibit_words_a_fixed_deadline_as_a_date_that_moves(ws):
    """The English exhibit of an agreement that starts on the deposit states the fixed deadline and
    that it moves by the business days the deposit is late (the contract must state the term it
    enforces: Restatement (Second) of Contracts § 33(2), terms reasonably certain)."""
    path = reviewer_project(ws, "p2-brandywine", "en-15-dated.yaml", "us-llc", "works",
                            edit=once("start: 2026-09-28", "start: on_prepayment"))
    run("render", path)
    exhibit = normal(out_pdf(path, "scope-*.pdf"))
    assert "Deadline: 11 November 2026. A deadline stated as a date moves by the number of business days" in exhibit
    assert "counted from the day after the deadline of Milestone 2" in exhibit
    assert "by the deadlines set out in Exhibit 1" in normal(out_docx(path, "contract-*.docx"))


def test_on_prepayment_a_dated_stage_moves_from_the_due_day_counted_from_the_signing(ws):
    """R5/R6 together: the prepayment falls due 5 working days after the contract is signed (14.04,
    two days after its date): by 21.04; received on 23.04 it is two working days late, so the dated
    stage moves from 10.05 (a day off: the term ends on 11.05, ГК РФ ст. 193) to 13.05 in `status`,
    and the addendum that then delays it by one more working day states «14 мая 2027 г. вместо 13 мая
    2027 г.» (ГК РФ ст. 191, 452), as `status` does once it is signed; counting from the contract's
    date (due 19.04) would give 17.05 and 18.05."""

    path = reviewer_project(ws, "p2-dev", "ru-15-dated.yaml", "npd", "works")
    run("sign", path, "--date", "2027-04-14")
    run("paid", path, "prepayment", "--date", "2027-04-23")
    data = json.loads(run("status", path, "--json", "--date", "2027-04-23").output)
    assert data["prepayment"]["due"] == "2027-04-21"
    assert _stages(path, "2027-04-23")["bot"] == "2027-05-13"
    edit_committed(path, "bot a day later", once("    deadline: 2027-05-10", "    deadline: 2027-05-10\n    delay: 1"))
    assert "deadline bot: 2027-05-13 -> 2027-05-14" in run("change", path, "-m", "bot", "--requested-on",
                                                            "2027-04-26").output
    run("addendum", path, "--date", "2027-04-27", "--format", "pdf")
    assert "окончание этапа — 14 мая 2027 г. вместо 13 мая 2027 г." in out_pdf(path, "addendum-1-*.pdf")
    run("sign", path, "--date", "2027-04-27")
    assert _stages(path, "2027-04-27")["bot"] == "2027-05-14"


def test_a_suspension_moves_a_fixed_deadline_by_the_clients_silence(en_project):
    """Section 2.4 again, through a suspension (a guard: the client's open delay moved dated stages by
    dates before this fix too): materials due 14 Oct 2026 still missing on 29 Oct, 11 business days,
    so Milestone 2's fixed 11 Nov stands at 27 Nov (Thanksgiving, 26 Nov, excluded) in the notice and
    in `status`, and Milestone 3 starts after it."""
    run("accept", en_project, "discovery", "--date", "2026-10-07")
    run("asked", en_project, "Trip catalogue", "--stage", "design", "--date", "2026-10-08")
    run("notice", "suspend", en_project, "--date", "2026-10-29")
    text = _letter(en_project, "letter-001-suspend")
    assert ("The deadline for “Booking portal designs”, 11 November 2026 before this delay, is 27 November "
            "2026 as of this notice") in text
    dates = _stages(en_project, "2026-10-29")
    assert dates["design"] == "2026-11-27"
    assert dates["build"] > "2026-11-27"
