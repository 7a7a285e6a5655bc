"""Issue 24, Russian documents round 7: the lawyer's review-ru5 critical findings 1-2 and majors 3
and 12, read back from the rendered documents.

An agreement is known by the date printed on it; it binds from the last signature (п. 1 ст. 433
ГК РФ). A delay notice moves the term by the whole period of the client's delay (ст. 406, 719 ГК
РФ; ст. 783 for services). A debt under a written contract up to 500 000 ₽ goes to a судебный
приказ (ст. 121, 122, п. 1.1 ч. 1 ст. 135 ГПК РФ).
"""

from pathlib import Path

from pypdf import PdfReader

from tests.conftest import run
from tests.readback import docx_text, normal
from tests.scenario_edits import RU_CONTENT, RU_CONTENT_30_AND_BLOG
from tests.test_workflow import edit


def _pdf(path: Path) -> str:
    return normal(" ".join(page.extract_text() for page in PdfReader(str(path)).pages))


def _newest(project: Path, pattern: str) -> Path:
    return max((project / "out").glob(pattern), key=lambda p: p.stat().st_mtime_ns)


def _addendum_drafted_18_signed_21(project: Path) -> None:
    run("sign", project, "--date", "2026-12-01")
    edit(project / "project.yaml", RU_CONTENT, RU_CONTENT_30_AND_BLOG)
    run("change", project, "-m", "Блог", "--requested-on", "2026-12-10")
    run("addendum", project, "--date", "2026-12-18")
    run("sign", project, "--date", "2026-12-21")


# --- Critical 1: an addendum is cited by the date it carries -----------------------------------

def test_later_documents_cite_the_addendum_by_its_printed_date_and_say_when_it_was_signed(ru_project):
    """The signed ДС № 1 is titled «от 18 декабря 2026 г.»; an invoice citing a ДС «от 21 декабря»
    would cite a document that does not exist. п. 1 ст. 433 ГК РФ: the signing date is when it binds."""
    _addendum_drafted_18_signed_21(ru_project)
    addendum = _pdf(next((ru_project / "out").glob("addendum-1-*.pdf")))
    assert "Дополнительное соглашение № 1" in addendum and "18 декабря 2026" in addendum
    run("invoice", ru_project, "prepayment", "--date", "2026-12-22")
    # review-ru4 R12: no brackets within the brackets
    cited = ("(в редакции Дополнительного соглашения № 1 от 18 декабря 2026 г., подписанного Сторонами "
             "21 декабря 2026 г.)")
    for fmt in ("pdf", "docx"):
        found = list((ru_project / "out").glob(f"invoice-*.{fmt}"))
        assert found
        text = _pdf(found[0]) if fmt == "pdf" else normal(docx_text(str(found[0])))
        assert cited in text, text[:1500]
        assert "Дополнительного соглашения № 1 от 21 декабря" not in text
    # the client page names it the same way (its history entry is dated by the signing)
    run("publish", ru_project)
    page = normal((ru_project / "out" / "site" / "index.html").read_text(encoding="utf-8"))
    assert "Дополнительное соглашение № 1 от 18.12.2026 (подписано 21.12.2026)" in page, page[:3000]
    assert "Дополнительное соглашение № 1 от 21.12.2026" not in page


# --- Critical 2 and major 12: the delay notice moves the term by the lateness it states --------

def _waiting_on_texts(ws, name: str = "p") -> Path:
    """A services contract (RU1); texts asked for on 8.12 are due in 5 working days, not come."""
    from tests.test_ru_clauses import RU1
    from tests.test_ru_round5 import repo_of

    path = repo_of(ws, RU1, name)
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-01")
    run("accept", path, "prototypes", "--date", "2026-12-07")
    run("asked", path, "Тексты и фотографии для 20 страниц", "--date", "2026-12-08")
    return path


def test_delay_notice_moving_less_than_the_lateness_it_states_is_refused(ws):
    """ГК РФ ст. 406, 719, 783 and the contract's extension clause: the term moves by the whole
    period of the client's delay. A notice stating «просрочка составляет 3 рабочих дня» and moving
    the term by 2 contradicts itself: refused, nothing written; without --days it moves by 3."""
    path = _waiting_on_texts(ws)
    refused = run("notice", "delay", path, "design", "--days", "2", "--client-caused", "--reason",
                  "Заказчик не предоставил тексты", "--date", "2026-12-18", "--format", "docx", ok=False)
    said = " ".join(refused.output.split())
    assert "--days 2 is less than the client's recorded lateness: R-001 is 3 working day(s) late" in said
    assert "Traceback" not in refused.output and not list((path / "out").glob("letter-*"))
    run("notice", "delay", path, "design", "--client-caused", "--reason", "Заказчик не предоставил тексты",
        "--date", "2026-12-18", "--format", "docx")
    text = normal(docx_text(str(next((path / "out").glob("letter-001-delay*.docx")))))
    assert "просрочка составляет 3 рабочих дня" in text
    assert "на дату уведомления — на 3 рабочих дня" in text and "на 2 рабочих дня" not in text
    # major 12: a services contract (ст. 783 applies the подряд rules of ст. 719 to services)
    assert "(статьи 406, 719, 783 Гражданского кодекса Российской Федерации)" in text


def test_receipt_dated_before_a_notice_that_said_nothing_came_is_refused(ws):
    """The notice of 18.12 told the client the texts had not come; a receipt recorded as of 10.12
    would make the notice false and the later letters contradict it. Refused in one line, nothing
    recorded; a receipt on or after the notice's date is recorded."""
    path = _waiting_on_texts(ws)
    run("notice", "delay", path, "design", "--client-caused", "--reason", "Заказчик не предоставил тексты",
        "--date", "2026-12-18", "--format", "docx")
    refused = run("received", path, "R-001", "--date", "2026-12-10", ok=False)
    said = " ".join(refused.output.split())
    assert ("R-001 received on 2026-12-10 is before L-001 of 2026-12-18, a delay notice that told the client "
            "it had not arrived") in said, refused.output
    assert "Traceback" not in refused.output
    assert "recorded R-001: received on 2026-12-18" in run("received", path, "R-001", "--date",
                                                          "2026-12-18").output
    # a works contract keeps ст. 406, 719 alone
    from tests.test_ru_clauses import RU1
    from tests.test_ru_round5 import repo_of, variant

    works = repo_of(ws, variant(("  type: services ", "  type: work "), text=RU1), "works")
    run("sign", works, "--date", "2026-12-01")
    run("paid", works, "prepayment", "--date", "2026-12-01")
    run("accept", works, "prototypes", "--date", "2026-12-07")
    run("asked", works, "Тексты", "--date", "2026-12-08")
    run("notice", "delay", works, "design", "--client-caused", "--reason", "Нет текстов",
        "--date", "2026-12-18", "--format", "docx")
    text = normal(docx_text(str(next((works / "out").glob("letter-001-delay*.docx")))))
    assert "(статьи 406, 719 Гражданского кодекса Российской Федерации)" in text


# --- Major 3: a debt under a written contract up to 500 000 ₽ is a судебный приказ ------------

def test_small_claim_goes_to_the_magistrate_by_a_court_order_not_a_lawsuit(ws):
    """ГПК РФ ст. 121, 122, п. 1.1 ч. 1 ст. 135: a money claim up to 500 000 ₽ from a contract in
    simple written form is decided by судебный приказ; an иск would be returned."""
    from tests.test_ru_round3 import vector

    path = vector(ws)
    run("sign", path, "--date", "2027-03-01")
    run("paid", path, "prepayment", "--date", "2027-03-03")
    run("accept", path, "all", "--date", "2027-03-31")
    run("claim", path, "--date", "2027-04-20")
    claim = _pdf(next((path / "out").glob("letter-*-claim-*.pdf")))
    # the court clause names no мировой судья: the debtor's place (ГПК РФ ст. 28; review law-ru R3)
    assert ("обратится к мировому судье по месту нахождения Заказчика (статья 28 Гражданского процессуального "
            "кодекса Российской Федерации; пункт 14.3 Договора) с "
            "заявлением о вынесении судебного приказа о взыскании задолженности и неустойки (статьи 121, "
            "122 Гражданского процессуального кодекса Российской Федерации)") in claim
    assert "с иском" not in claim


def test_addendum_signature_block_has_signing_date_lines_and_takes_effect_on_the_last(ru_project):
    """п. 1 ст. 433 ГК РФ: the agreement binds from the last signature; each party writes its date
    beside its signature, as in the contract."""
    _addendum_drafted_18_signed_21(ru_project)
    for path in (ru_project / "out").glob("addendum-1-*"):
        text = _pdf(path) if path.suffix == ".pdf" else normal(docx_text(str(path)))
        assert text.count("Дата подписания: «____» ______________ 20___ г.") == 2, path
        assert ("Соглашение вступает в силу с даты его подписания последней из Сторон, указанной рядом с её "
                "подписью (пункт 1 статьи 433 Гражданского кодекса Российской Федерации)") in text
