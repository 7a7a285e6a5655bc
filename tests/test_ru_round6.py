"""Issue 24, Russian documents round 6: what the lawyer's fourth review (review-ru4) left, read back
from the rendered documents (PDF, DOCX, letters).

A VAT payer's prices state their VAT (п. 17 Постановления Пленума ВАС РФ от 30.05.2014 № 33; НК РФ
ст. 168), the late-payment penalty on the day of a part payment (ГК РФ ст. 330; п. 65 Постановления
Пленума ВС РФ от 24.03.2016 № 7), the update letter's moves and lateness.
"""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import run
from tests.readback import docx_text, normal
from tests.test_addendum_documents import paths_of, text_of
from tests.test_ru_clauses import RU1, rendered
from tests.test_ru_round5 import OSN, repo_of, variant
from tests.test_workflow import edit

INCLUDED = ("  vat: 22\n  regime: general ", "  vat: 22\n  prices_include_vat: true\n  regime: general ")
RATE = "по ставке 2 000 (две тысячи) рублей 00 копеек за час работы"


# --- 1. A VAT payer's every price says whether VAT is in it (C2, major 6) ----------------------

@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_vat_payer_states_the_vat_of_each_stage_the_total_installments_and_rate(tmp_path, fmt):
    """п. 17 Постановления Пленума ВАС РФ № 33: a price that does not state VAT is read as
    including it. On ОСН with net prices every stage price says «без учёта НДС», its VAT and the
    sum with it (the act computes the stage's VAT the same way), the table adds the VAT row, each
    installment states its VAT (НК РФ п. 4 ст. 168), the hourly rate says VAT comes on top."""
    text = variant(OSN)
    scope = rendered(text, "scope", fmt, tmp_path)
    assert ("Стоимость этапа: 120 000 (сто двадцать тысяч) рублей 00 копеек без учёта НДС; НДС 22 % — 26 400 "
            "(двадцать шесть тысяч четыреста) рублей 00 копеек; всего — 146 400 (сто сорок шесть тысяч "
            "четыреста) рублей 00 копеек.") in scope
    assert "Итого без НДС 243 500,00 ₽" in scope and "НДС 22 % 53 570,00 ₽" in scope
    assert "Итого с НДС 297 070,00 ₽" in scope
    contract = rendered(text, "contract", fmt, tmp_path)
    assert ("50 % стоимости — 148 535 (сто сорок восемь тысяч пятьсот тридцать пять) рублей 00 копеек (в том "
            "числе НДС 22 % — 26 785 (двадцать шесть тысяч семьсот восемьдесят пять) рублей 00 копеек) в "
            "течение 5 рабочих дней с даты подписания Договора (предоплата)") in contract
    assert f"{RATE} (без учёта НДС 22 %, который начисляется сверх ставки)" in contract
    assert contract.count("без учёта НДС 22 %, который начисляется сверх ставки") == 2
    # prices that include VAT say so, with the VAT within
    inside = rendered(variant(INCLUDED, text=text), "scope", fmt, tmp_path)
    assert ("Стоимость этапа: 120 000 (сто двадцать тысяч) рублей 00 копеек, в том числе НДС 22 % — 21 639 "
            "(двадцать одна тысяча шестьсот тридцать девять) рублей 34 копейки.") in inside
    assert "без учёта НДС" not in inside


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_usn_prices_keep_the_exemption_sentence_and_no_vat_per_stage(tmp_path, fmt):
    """НК РФ ст. 145, 346.11: a contractor exempt from VAT states why once; no stage speaks of VAT."""
    scope = rendered(RU1, "scope", fmt, tmp_path)
    assert "Стоимость этапа: 120 000 (сто двадцать тысяч) рублей 00 копеек." in scope
    assert "без учёта НДС" not in scope and "Итого с НДС" not in scope
    assert "Без налога (НДС): Исполнитель применяет упрощённую систему налогообложения" in scope


def test_addendum_and_change_request_state_vat_of_new_prices_and_payments(ws):
    """НК РФ п. 4 ст. 168, ГК РФ ст. 452: the addendum's new stage price, the increase and the final
    payment state their VAT, and so does the change request's estimate."""
    path = repo_of(ws, variant(OSN))
    run("sign", path, "--date", "2026-12-01")
    edit(path / "project.yaml", "    price: 75000\n", "    price: 90000\n")
    run("change", path, "-m", "Ещё два макета", "--requested-on", "2026-12-03", "--estimate")
    sheet = normal(docx_text(next((path / "out").glob("cr-001-*.docx"))))
    assert ("Стоимость — 90 000 (девяносто тысяч) рублей 00 копеек (без учёта НДС; НДС 22 % — 19 800 "
            "(девятнадцать тысяч восемьсот) рублей 00 копеек; всего — 109 800 (сто девять тысяч восемьсот) "
            "рублей 00 копеек) вместо 75 000 (семьдесят пять тысяч) рублей 00 копеек (без учёта НДС; НДС 22 % — "
            "16 500 (шестнадцать тысяч пятьсот) рублей 00 копеек; всего — 91 500") in sheet
    assert "увеличение на 18 300 (восемнадцать тысяч триста) рублей 00 копеек (в том числе НДС 22 % — 3 300" in sheet
    files = paths_of(run("addendum", path, "--date", "2026-12-04").output)
    for fmt in ("pdf", "docx"):
        text = text_of(files[f"{fmt}:addendum"], "ru", "Договор № 2026-031 от 1 декабря 2026 г.")
        assert ("стоимость этапа — 90 000 (девяносто тысяч) рублей 00 копеек (без учёта НДС; НДС 22 % — 19 800 "
                "(девятнадцать тысяч восемьсот) рублей 00 копеек; всего — 109 800 (сто девять тысяч восемьсот) "
                "рублей 00 копеек) вместо 75 000") in text, fmt
        assert ("увеличить цену Договора на 18 300 (восемнадцать тысяч триста) рублей 00 копеек (в том числе НДС "
                "22 % — 3 300 (три тысячи триста) рублей 00 копеек)") in text, fmt
        assert "Окончательный платёж составляет " in text and "(в том числе НДС 22 % — " in \
            text.split("Окончательный платёж составляет ")[1][:200], fmt


# --- 2. The penalty on the day of a part payment (ГК РФ ст. 330; ППВС № 7 п. 65) ---------------

def test_penalty_counts_a_part_paid_late_through_the_day_of_its_payment(ws):
    """ГК РФ ст. 330, п. 65 Постановления Пленума ВС РФ от 24.03.2016 № 7 and the contract's «по день
    оплаты включительно»: the whole installment is overdue through the day a part of it is paid, the
    rest from the next day on. Final payment 121 750 ₽ due 02.02.2027, 100 000 ₽ paid 10.02, claim of
    01.03: 121 750 × 0,1 % × 8 = 974,00 plus 21 750 × 0,1 % × 19 = 413,25, total 1 387,25 (the old
    count, 21 750 × 0,1 % × 27 = 587,25, forgot the 8 days the paid part was late). The claim,
    `claim`'s summary and the agenda give the one figure the deal state counts."""
    from pypdf import PdfReader

    path = repo_of(ws, RU1)
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-02")
    run("accept", path, "all", "--date", "2027-01-26")
    run("paid", path, "final", "--amount", "100000", "--date", "2027-02-10")
    summary = run("claim", path, "--date", "2027-03-01").output
    assert "penalty 1387.25" in summary, summary
    letter = next((path / "out").glob("letter-*-claim*.pdf"))
    text = normal(" ".join(page.extract_text() for page in PdfReader(letter).pages))
    assert "121 750,00 ₽ 02.02.2027 с 03.02.2027 по 10.02.2027 8 0,1 % 974,00 ₽" in text
    assert "21 750,00 ₽ 02.02.2027 с 11.02.2027 по 01.03.2027 19 0,1 % 413,25 ₽" in text
    assert ("Расчёт: 121 750,00 ₽ × 0,1 % × 8 = 974,00 ₽; 21 750,00 ₽ × 0,1 % × 19 = 413,25 ₽; итого "
            "1 387,25 ₽") in text
    assert "Итого неустойка 1 387,25 ₽" in text
    agenda = run("agenda", path, "--date", "2027-03-01").output
    assert "1 387,25 ₽" in agenda and "587,25" not in agenda, agenda


def test_a_part_paid_on_time_is_not_charged(ws):
    """ГК РФ ст. 330: only a sum not paid in time bears the penalty; without late parts the count is
    the single row it always was."""
    from contractkit.flows.letters.penalty import Rate, penalty_by_parts

    day = date(2027, 3, 4)
    p = penalty_by_parts(Decimal("542900"), day, date(2027, 4, 1), [(date(2027, 3, 5), Decimal("200000"))],
                         Rate(Decimal("0.1"), Decimal("10")), "RUB")
    assert p.amount == Decimal("9801.20") and p.debt == Decimal("342900")  # the review's case
    assert p.cap == Decimal("54290.00")  # the cap is on the sum overdue, 542 900, not the rest
    on_time = penalty_by_parts(Decimal("542900"), day, date(2027, 4, 1), [(day, Decimal("200000"))],
                               Rate(Decimal("0.1")), "RUB")
    assert on_time.amount == Decimal("9601.20") and on_time.periods == ()


# --- 3. The update letter says what the state says (C4) -----------------------------------------

def update_text(path: Path, n: int) -> str:
    from email import policy
    from email.parser import BytesParser

    msg = BytesParser(policy=policy.default).parse((path / "out" / f"letter-{n:03d}-update.eml").open("rb"))
    return normal(msg.get_body(("plain",)).get_content())


def test_update_reports_a_stage_under_remarks_as_delivered_not_behind(ws):
    """ГК РФ ст. 720, 723: a result handed over on time and returned with remarks is being fixed
    under the act of remarks, not «отстаём на N рабочих дней» (a written admission of delay under the
    penalty clause); the stage waiting for its acceptance starts after it, not on a past date."""
    path = repo_of(ws, RU1)
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-02")
    run("accept", path, "prototypes", "--remark", "Нет страницы контактов", "--fix-by", "2026-12-30",
        "--date", "2026-12-08")
    run("update", path, "--date", "2026-12-25")
    text = update_text(path, 1)
    assert ("«Прототипы 6 страниц сайта» — срок 8 декабря 2026 г.: результат передан 8 декабря 2026 г.; "
            "замечания по Акту № 1 от 8 декабря 2026 г. устраняются (срок — 30 декабря 2026 г.).") in text
    assert "отстаём" not in text
    assert "«Дизайн-макеты 6 страниц (desktop + mobile)» — после приёмки этапа «Прототипы 6 страниц сайта», срок" in text
    assert "— с 9 декабря 2026 г." not in text


def test_update_never_reports_a_shift_of_zero_after_the_addendum_signed_it(ws):
    """ГК РФ ст. 452: once an addendum signs the notice's date, the move is from the date the notice
    moved («с 22 декабря на 25 декабря»), never «с 25 декабря на 25 декабря»."""
    path = repo_of(ws, RU1)
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-02")
    run("accept", path, "prototypes", "--date", "2026-12-08")
    run("notice", "delay", path, "design", "--days", "3", "--reason", "Болезнь дизайнера", "--date", "2026-12-18")
    run("addendum", path, "--date", "2026-12-21")
    run("sign", path, "--date", "2026-12-21")
    run("update", path, "--date", "2026-12-22", "--since", "2026-12-17")
    text = update_text(path, 2)
    assert "с 25 декабря 2026 г. на 25 декабря 2026 г." not in text
    assert "с 22 декабря 2026 г. на 25 декабря 2026 г." in text


# --- 4. Majors of the contract and the addendum --------------------------------------------------

SOLE = RU1[RU1.index("contractor:\n"):RU1.index("client:\n")]
COMPANY = ("contractor:\n  kind: company\n  name: Общество с ограниченной ответственностью «Пиксель Студио»\n"
           "  short_name: ООО «Пиксель Студио»\n  address: 123112, г. Москва, Пресненская наб., д. 10\n"
           "  email: office@pixel-studio.example\n  inn: \"7728123459\"\n  kpp: \"772801001\"\n"
           "  ogrn: \"1027700123450\"\n  signatory:\n    name: Кузнецов Андрей Викторович\n"
           "    position: Генеральный директор\n    basis: charter\n  bank:\n    name: ПАО Сбербанк\n"
           "    bik: \"044525225\"\n    correspondent_account: \"30101810400000000225\"\n"
           "    account: \"40702810938000012345\"\n\n")


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_licence_between_two_companies_is_paid_within_the_price(tmp_path, fmt):
    """ГК РФ пп. 4 п. 1 ст. 575: no gift between commercial organisations, so between two companies
    the licence before the right passes is not «безвозмездная»: its remuneration is within the stage's
    price (п. 5 ст. 1235). A sole proprietor, not an organisation, keeps the free licence."""
    text = rendered(variant((SOLE, COMPANY)), "contract", fmt, tmp_path)
    assert "предоставляет Заказчику простую (неисключительную) лицензию" in text
    assert "безвозмездную простую" not in text
    assert "Вознаграждение за предоставление лицензии включено в цену этапа и отдельно не уплачивается." in text
    assert "безвозмездную простую" in rendered(RU1, "contract", fmt, tmp_path)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_contract_is_concluded_on_the_last_signature_dated_by_each_party(tmp_path, fmt):
    """ГК РФ п. 1 ст. 433: the contract is concluded when the last party signs; dated 01.12 and signed
    later, «5 рабочих дней с даты подписания» counts from that date, written by each signature."""
    text = rendered(RU1, "contract", fmt, tmp_path)
    assert ("Договор считается заключённым и вступает в силу в дату его подписания последней из Сторон, "
            "указанную рядом с её подписью (пункт 1 статьи 433 Гражданского кодекса Российской Федерации)") in text
    assert text.count("Дата подписания: «____» ______________ 20___ г.") == 2


def test_an_addendum_changing_price_or_dates_is_not_signed_by_a_mailbox(ws, tmp_path):
    """ГК РФ ст. 160 п. 2, 452; 63-ФЗ ч. 1, 2 ст. 6: a shared mailbox («info@») is no one's signature
    for a change of the price or the dates: the contract requires a handwritten or qualified
    signature for such an addendum, and the addendum says so."""
    contract = rendered(RU1, "contract", "docx", tmp_path)
    assert ("Дополнительные соглашения, изменяющие цену Договора или сроки оказания Услуг, подписываются "
            "Сторонами собственноручно либо усиленными квалифицированными электронными подписями") in contract
    path = repo_of(ws, RU1)
    run("sign", path, "--date", "2026-12-01")
    edit(path / "project.yaml", "    price: 75000\n", "    price: 90000\n")
    run("change", path, "-m", "Ещё два макета", "--requested-on", "2026-12-03")
    files = paths_of(run("addendum", path, "--date", "2026-12-04").output)
    text = text_of(files["docx:addendum"], "ru")
    assert ("Соглашение изменяет цену Договора или сроки и потому подписывается Сторонами собственноручно либо "
            "усиленными квалифицированными электронными подписями") in text
    assert "имеет силу оригинала" not in text


def test_check_warns_on_an_acceptance_criterion_that_is_the_clients_approval(ws):
    """ГК РФ ст. 720, 711: acceptance is of a result against the criteria; «Заказчик письменно
    утвердил концепцию» makes it depend on the client's will alone (the motivated refusal may rest
    only on the criteria, so this one lets any refusal rest on it): `check` warns, naming the line."""
    objective = "Прототипы всех 6 страниц переданы в Figma, состав блоков каждой страницы соответствует брифу"
    approval = variant((objective, "Заказчик письменно утвердил прототипы всех 6 страниц"))
    out = run("check", repo_of(ws, approval)).output
    assert ("prototypes: acceptance criterion «Заказчик письменно утвердил прототипы всех 6 страниц» is the "
            "client's approval itself") in " ".join(out.split()), out
    line = next(n for n, t in enumerate(approval.splitlines(), 1) if "Заказчик письменно утвердил" in t)
    assert f"project.yaml:{line}:" in out
    assert "acceptance criterion" not in run("check", repo_of(ws, RU1, "q")).output  # the example: what is checked


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_personal_data_storage_follows_the_scope(tmp_path, fmt):
    """152-ФЗ ч. 5 ст. 18 binds whoever records the users' data: with hosting out of scope the
    contractor works on test data and the client (the operator, who hosts) stores it in Russia;
    ст. 12: no cross-border transfer without the operator's consent, in either case."""
    hosted = variant(("    - Интернет-магазин и онлайн-оплата\n",
                      "    - Интернет-магазин и онлайн-оплата\n    - Хостинг и размещение сайта\n"))
    text = rendered(hosted, "contract", fmt, tmp_path)
    # RU-1 has a support plan: test data while the services are rendered, what fixing errors needs
    # during support (review-ru5 R14)
    assert ("Исполнитель обрабатывает персональные данные пользователей: при оказании Услуг — только на "
            "тестовых данных в тестовой среде и в объёме, необходимом для передачи Результатов; при оказании "
            "услуг по поддержке — в объёме, необходимом для устранения ошибок, на условиях пункта 12.2 "
            "Договора; запись и хранение персональных данных пользователей в базах данных, находящихся на "
            "территории Российской Федерации (часть 5 статьи 18 того же закона), обеспечивает Заказчик.") in text
    assert "и обеспечивать запись и хранение" not in text
    default = rendered(RU1, "contract", fmt, tmp_path)
    assert "и обеспечивать запись и хранение персональных данных в базах данных" in default
    for t in (text, default):
        assert ("Исполнитель не осуществляет трансграничную передачу этих персональных данных без "
                "предварительного письменного согласия Заказчика (статья 12 того же закона).") in t


def test_the_addendum_extends_a_started_stage_from_its_signed_start(ws):
    """ГК РФ ст. 450, 452: an addendum that moves a stage's end restates its period from the start
    the schedule in force gave it (09.12, after the prepayment of 02.12; already past), not a start
    moved to 14.12 after the fact: the same deadline, more working days."""
    path = repo_of(ws, RU1)
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-02")
    run("accept", path, "prototypes", "--date", "2026-12-08")
    run("notice", "delay", path, "design", "--days", "3", "--reason", "Болезнь дизайнера", "--date", "2026-12-18")
    files = paths_of(run("addendum", path, "--date", "2026-12-21").output)
    for fmt in ("pdf", "docx"):
        text = text_of(files[f"{fmt}:addendum"], "ru", "Договор № 2026-031 от 1 декабря 2026 г.")
        assert "окончание этапа — 25 декабря 2026 г. вместо 22 декабря 2026 г." in text, fmt
        assert "Срок этапа: с 9 декабря 2026 г. по 25 декабря 2026 г. (13 рабочих дней)." in text, fmt
        assert "с 14 декабря 2026 г." not in text, fmt


def test_a_client_caused_delay_moves_the_stage_by_the_clients_lateness(ws):
    """ГК РФ ст. 406, 719 and the contract's extension clause: the term moves by the client's whole
    delay. The notice said «просрочка составляет 4 рабочих дня» yet moved the date by 3: without
    --days the shift is the recorded lateness; a smaller --days is refused (--force warns)."""
    path = repo_of(ws, RU1)
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-01")
    run("accept", path, "prototypes", "--date", "2026-12-07")
    run("asked", path, "Тексты и фотографии для 20 страниц", "--date", "2026-12-08")
    # a smaller --days is refused (round 7, review-ru5 C2): the notice would state a lateness of 3
    # and move the term by 2; --force sends it with the warning
    short = run("notice", "delay", path, "design", "--days", "2", "--client-caused", "--reason",
                "Заказчик не предоставил тексты", "--date", "2026-12-18", "--format", "docx", ok=False)
    assert ("--days 2 is less than the client's recorded lateness: R-001 is 3 working day(s) late"
            in " ".join(short.output.split())), short.output
    assert not list((path / "out").glob("letter-*"))
    short = run("notice", "delay", path, "design", "--days", "2", "--client-caused", "--reason",
                "Заказчик не предоставил тексты", "--date", "2026-12-18", "--format", "docx", "--force")
    assert ("--days 2 is less than the client's recorded lateness: R-001 is 3 working day(s) late"
            in " ".join(short.output.split())), short.output
    other = repo_of(ws, RU1, "q")
    run("sign", other, "--date", "2026-12-01")
    run("paid", other, "prepayment", "--date", "2026-12-01")
    run("accept", other, "prototypes", "--date", "2026-12-07")
    run("asked", other, "Тексты и фотографии для 20 страниц", "--date", "2026-12-08")
    out = run("notice", "delay", other, "design", "--client-caused", "--reason", "Заказчик не предоставил тексты",
              "--date", "2026-12-18", "--format", "docx").output
    assert "design moves 2026-12-21 -> 2026-12-24" in out and "lateness" not in out, out
    text = normal(docx_text(next((other / "out").glob("letter-001-delay*.docx"))))
    assert "просрочка составляет 3 рабочих дня" in text
    assert "(с 21 декабря 2026 г. на 24 декабря 2026 г.)" in text
    refused = run("notice", "delay", other, "content", "--reason", "Болезнь", "--date", "2026-12-18", ok=False)
    assert "--days is required for a delay of your own" in refused.output


@pytest.mark.parametrize("big", [False, True])
def test_the_claim_names_one_court_by_the_price_of_the_claim(ws, big):
    """ГПК РФ п. 5 ч. 1 ст. 23: a property claim of up to 100 000 ₽ goes to a мировой судья, a larger
    one to the district court; the contract's choice of territory (ст. 32) stands. The claim named
    both («… районный суд, а если спор подсуден мировому судье …»): it names the one that hears it."""
    from tests.test_ru_clauses import RU2

    # above 500 000 ₽ no судебный приказ (ГПК РФ ст. 122, round 7): the district court hears the иск
    text = variant(("    price: 45000\n", "    price: 745000\n"), text=RU2) if big else RU2
    path = repo_of(ws, text)
    run("sign", path, "--date", "2027-03-01")
    run("paid", path, "prepayment", "--date", "2027-03-01")
    run("accept", path, "all", "--date", "2027-03-31")
    run("claim", path, "--date", "2027-05-04")
    letter = next((path / "out").glob("letter-*-claim*.pdf"))
    from pypdf import PdfReader

    claim = normal(" ".join(page.extract_text() for page in PdfReader(letter).pages))
    assert "если спор подсуден мировому судье" not in claim
    if big:
        assert "обратится в Мещанский районный суд г. Москвы (пункт" in claim
        assert "мировому судье" not in claim
    else:
        # up to 500 000 ₽ under a written contract: a судебный приказ (ГПК РФ ст. 121, 122; round 7)
        # at the debtor's place: п. 14.3 leaves a мировой судья to the ГПК (ст. 28; review law-ru R3)
        assert ("обратится к мировому судье по месту нахождения Заказчика (статья 28 Гражданского "
                "процессуального кодекса Российской Федерации; пункт 14.3 Договора)") in claim
        assert "с заявлением о вынесении судебного приказа" in claim and "с иском" not in claim
    if big:
        assert "с иском о взыскании задолженности" in claim


def test_check_warns_when_an_app_passes_without_naming_its_program(ws):
    """ГК РФ ст. 1234, 1261: the alienation of the right to an app names the program (source text and
    object code); «результат этапа „Прототип…“» does not identify it. `check` says so, and stops
    once a stage names its program."""
    from tests.test_ru_round5 import PROGRAM, warnings_of

    app = variant(("title: Корпоративный сайт ООО «Ромашка»", "title: Мобильное приложение для iOS и Android"))
    warned = [w for w in warnings_of(app) if "program" in w]
    assert len(warned) == 1 and "no stage names its program" in warned[0] and "ГК РФ ст. 1234" in warned[0]
    assert not [w for w in warnings_of(variant(PROGRAM, text=app)) if "names its program" in w]
    assert not [w for w in warnings_of(RU1) if "names its program" in w]  # a site: nothing claimed


def test_an_update_dated_before_an_act_does_not_count_it_done(ws):
    """What a letter states is the deal on its own date: an update of 15.12 written after the act of
    21.12 lists the design stage in progress, not «Все начатые этапы сданы»."""
    path = repo_of(ws, RU1)
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-01")
    run("accept", path, "prototypes", "--date", "2026-12-07")
    run("accept", path, "design", "--date", "2026-12-21")
    run("update", path, "--date", "2026-12-15")
    text = update_text(path, 1)
    assert "«Дизайн-макеты 6 страниц (desktop + mobile)» — срок" in text.split("Дальше")[0], text
    assert "Все начатые этапы сданы" not in text


def test_en_notice_of_default_prints_the_same_period_rows(ws):
    """The one count serves both languages: interest on a part paid late runs through the day it was
    paid (N.Y. and Oregon law alike charge interest until payment). 3,660 due 22.12, 2,000 paid 30.12,
    notice of 15.01: 3,660 × 12 % × 8 ÷ 365 = 9.63 plus 1,660 × 12 % × 16 ÷ 365 = 8.73."""
    from pypdf import PdfReader

    from tests.conftest import copy_example

    path = ws / "harbor"
    copy_example("blue-harbor-shop", path)
    import git

    with git.Repo.init(path, initial_branch="main") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("project")
    run("sign", path, "--date", "2026-11-30")
    run("paid", path, "1", "--date", "2026-12-01")
    run("accept", path, "discovery", "design", "--date", "2026-12-15")
    run("paid", path, "2", "--amount", "2000", "--date", "2026-12-30")
    summary = run("claim", path, "--date", "2027-01-15").output
    assert "18.36" in summary, summary
    letter = next((path / "out").glob("letter-*-claim*.pdf"))
    text = normal(" ".join(page.extract_text() for page in PdfReader(letter).pages))
    assert "× 8 ÷ 365 =" in text and "× 16 ÷ 365 =" in text and "total $18.36" in text, text
