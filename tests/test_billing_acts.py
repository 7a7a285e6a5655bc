"""Acceptance acts: recorded and rendered, the payment term they start, and the acts refused."""

import datetime as dt
import re
from decimal import Decimal

import git
import pytest

from contractkit.flows.billing.documents import act_files
from tests.conftest import run
from tests.readback import docx_text, normal, pdf_body, words
from tests.test_billing import book, commits, example, flat, ru2

RU1_HEAD = "Договор № 2026-031 от 1 декабря 2026 г."


def texts(path, stem: str, head: str, label: str) -> tuple[str, str]:
    """(DOCX text, PDF text) of a rendered act, both normalised; they must say the same words."""
    docx = normal(docx_text(path / "out" / f"{stem}.docx"))
    pdf = normal(pdf_body(path / "out" / f"{stem}.pdf", head, label))
    assert words(docx) == words(pdf)
    return docx.replace("\u00a0", " "), pdf


@pytest.fixture
def romashka(ws):
    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-03")
    return path


def test_ru1_stage_act_services_with_criteria_sum_in_words_and_no_claims(romashka):
    """ГК РФ ст. 779, 783, 720: services are accepted by a signed act stating scope, quality, time."""
    out = run("accept", romashka, "prototypes", "--date", "2026-12-07").output
    assert "recorded act 1 of 2026-12-07: prototypes accepted" in out
    text, _ = texts(romashka, "act-1-2026-031", RU1_HEAD, "Страница")
    assert "АКТ № 1 сдачи-приёмки оказанных услуг к Договору № 2026-031 от 1 декабря 2026 г." in text
    assert "г. Москва 7 декабря 2026 г." in text
    assert ("Общество с ограниченной ответственностью «Ромашка» (ООО «Ромашка»), именуемое в дальнейшем "
            "«Заказчик», в лице Генерального директора Кузнецовой Марины Сергеевны, действующей на "
            "основании Устава") in text
    assert "Исполнитель оказал, а Заказчик принял следующие услуги по Договору:" in text
    assert ("1 Прототипы 6 страниц сайта Прототипы всех 6 страниц переданы в Figma, состав блоков каждой страницы "
            "соответствует брифу 30 000,00 ₽") in text
    assert "Итого 30 000,00 ₽" in text
    assert ("Стоимость оказанных услуг по настоящему Акту составляет 30 000 (тридцать тысяч) рублей 00 копеек."
            in text)
    # НК РФ п. 5 ст. 168: «Без налога (НДС)», and no year figure that goes stale (ст. 145)
    assert "Без налога (НДС): Исполнитель применяет упрощённую систему" in text and "НДС 22" not in text
    assert "млн рублей" not in text
    assert ("Услуги оказаны в полном объёме, качественно и в срок. Заказчик претензий по объёму, качеству "
            "и срокам оказания услуг не имеет.") in text
    assert "основанием для" not in text  # no installment is due on this stage
    assert "чек" not in text  # not self-employed
    assert "Принял — Заказчик" in text and "Сдал — Исполнитель" in text
    assert "/ М. С. Кузнецова /" in text and "/ А. В. Соколов /" in text
    status = flat(run("status", romashka).output)
    assert "1. prototypes accepted 2026-12-07 (act 1)" in status
    # RU-1's 12-21 holds for a prepayment by the start (12-01); this one arrived 12-03, two working
    # days later, and п. 2.1 moves every deadline by them
    assert re.search(r"2\. design (in progress|not started \(starts 2026-12-10\)), deadline 2026-12-23", status)


def test_the_act_is_recorded_committed_and_verifiable_by_hash(romashka):
    before = commits(romashka)
    run("accept", romashka, "1", "--date", "2026-12-07")
    assert commits(romashka) == before + 1
    with git.Repo(romashka) as repo:
        assert list(repo.head.commit.stats.files) == [".contractkit/acts/ACT-001.yaml"]
        assert repo.head.commit.message.startswith("ACT-001: act of 2026-12-07, prototypes accepted")
    out = run("verify", romashka, romashka / "out" / "act-1-2026-031.pdf").output
    assert "act-1-2026-031.pdf: matches act-1-2026-031.pdf, acceptance act 1 of 2026-12-07 (ACT-001)" in out
    # the same act renders to the same bytes again
    b = book(romashka)
    again = act_files(romashka, b, b.acts[0], ["pdf", "docx"])
    assert again["act-1-2026-031.pdf"] == (romashka / "out" / "act-1-2026-031.pdf").read_bytes()
    assert again["act-1-2026-031.docx"] == (romashka / "out" / "act-1-2026-031.docx").read_bytes()
    (romashka / "out" / "act-1-2026-031.pdf").write_bytes(again["act-1-2026-031.pdf"] + b"\n")
    run("verify", romashka, romashka / "out" / "act-1-2026-031.pdf", ok=False)


def test_acts_refused_unsigned_stage_accepted_twice_and_bad_dates(romashka):
    project = romashka / "project.yaml"
    project.write_text(project.read_text(encoding="utf-8") + "", encoding="utf-8")
    text = project.read_text(encoding="utf-8")
    blog = ("  - id: blog\n    title: Блог с рубриками и поиском\n    revisions: 1\n    price: 40000\n"
            "    days: 6\n\npayment:")
    project.write_text(text.replace("\npayment:", blog, 1), encoding="utf-8")
    run("change", romashka, "-m", "Блог", "--requested-on", "2026-12-10")
    run("accept", romashka, "prototypes", "--date", "2026-12-07")
    before = commits(romashka)
    cases = [
        (["blog"], "stage blog is in a change not signed yet (CR-001, proposed): its work is not agreed, "
                   "so it cannot be accepted; sign the addendum first"),
        (["prototypes"], "stage prototypes is accepted already (act 1 of 2026-12-07)"),
        (["1"], "stage prototypes is accepted already"),
        (["seo"], "no stage 'seo' in the signed scope (stages: prototypes, design, development, content)"),
        (["design", "--date", "2026-11-30"], "an act dated 2026-11-30 is before the contract (2026-12-01)"),
        (["design", "--remark", "Цвета"], "remarks need --fix-by DATE"),
        (["design", "--fix-by", "2026-12-25"], "--fix-by goes with --remark"),
        (["design", "--remark", "Цвета", "--fix-by", "2026-12-20"], "--fix-by 2026-12-20 is before the act's date"),
    ]
    for args, message in cases:
        extra = [] if "--date" in args else ["--date", "2026-12-21"]
        result = run("accept", romashka, *args, *extra, ok=False)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and message in lines[0], (args, result.output)
    assert commits(romashka) == before
    assert sorted(p.name for p in (romashka / "out").glob("act-*")) == ["act-1-2026-031.docx",
                                                                       "act-1-2026-031.pdf"]


def test_final_act_starts_the_final_payment_term(romashka):
    """The final payment is due 5 working days after the final act (RU-1 payment terms)."""
    run("accept", romashka, "prototypes", "--date", "2026-12-07")
    run("accept", romashka, "all", "--date", "2027-01-26")
    text, _ = texts(romashka, "act-2-2026-031", RU1_HEAD, "Страница")
    for title in ("Дизайн-макеты 6 страниц (desktop + mobile)", "Вёрстка и программирование на WordPress",
                  "Наполнение контентом, 20 страниц"):
        assert title in text
    assert "Прототипы" not in text  # accepted by act 1
    assert "Итого 213 500,00 ₽" in text
    assert ("составляет 213 500 (двести тринадцать тысяч пятьсот) рублей 00 копеек") in text
    assert ("Настоящий Акт является итоговым актом сдачи-приёмки и основанием для окончательного платежа: "
            "Заказчик перечисляет Исполнителю 121 750 (сто двадцать одна тысяча семьсот пятьдесят) рублей "
            "00 копеек в течение 5 рабочих дней с даты подписания Акта, то есть не позднее 2 февраля 2027 г."
            ) in text
    b = book(romashka)
    final = b.standing()[-1]
    assert (final.due, final.balance) == (dt.date(2027, 2, 2), Decimal("121750.00"))
    status = flat(run("status", romashka).output)
    assert "2. on completion 121 750,00 ₽ due 2027-02-02 unpaid" in status
    assert "4. content accepted 2027-01-26 (act 2)" in status
    again = run("accept", romashka, "all", "--date", "2027-01-27", ok=False)
    assert "error: every stage of the signed scope is accepted already" in again.output


def test_ru2_act_with_remarks_then_clean_act_self_employed(ws):
    """422-ФЗ ст. 14: the self-employed contractor gives a receipt (чек) for each payment."""
    path = ru2(ws)
    run("sign", path, "--date", "2027-03-01")
    run("paid", path, "prepayment", "--date", "2027-03-03")
    run("accept", path, "logo", "--date", "2027-03-11")
    out = run("accept", path, "identity", "brandbook", "--date", "2027-03-31", "--remark",
              "Шрифт на визитке мелкий", "--remark", "В брендбуке нет раздела о цветах",
              "--fix-by", "2027-04-05").output
    assert "recorded act 2 of 2027-03-31: identity, brandbook remarks to fix by 2027-04-05" in out
    head = "Договор № Д-2027-014 от 1 марта 2027 г."
    text, _ = texts(path, "act-2-Д-2027-014", head, "Страница")
    # An act with remarks is no act of acceptance (ГК РФ ст. 720, 753): its title says so, it names no
    # sum to pay, so it is never booked as a second act for the same amount.
    assert "АКТ № 2 о замечаниях при приёмке работ к Договору № Д-2027-014 от 1 марта 2027 г." in text
    assert "сдачи-приёмки выполненных работ к Договору" not in text and "₽" not in text
    assert "Подрядчик передал Заказчику для приёмки результат следующих работ по Договору:" in text
    assert "При приёмке Заказчик заявил следующие замечания: 1. Шрифт на визитке мелкий; 2. В брендбуке нет раздела о цветах." in text
    assert ("Подрядчик устраняет замечания не позднее 5 апреля 2027 г. и повторно передаёт результат "
            "Заказчику. Настоящий Акт не является актом сдачи-приёмки и основанием для оплаты.") in text
    assert "претензий" not in text
    assert "Стоимость работ" not in text and "95 000" not in text
    status = flat(run("status", path).output)
    assert "2. identity remarks in act 2, to fix by 2027-04-05" in status
    assert "2. on completion 84 000,00 ₽ due 5 working days after final acceptance (planned 2027-03-31) unpaid" in status

    run("accept", path, "all", "--date", "2027-04-05")
    text, _ = texts(path, "act-3-Д-2027-014", head, "Страница")
    assert "Подрядчик выполнил, а Заказчик принял результат следующих работ по Договору:" in text
    # accepted on 04-05, after the deadlines in force (03-23, 03-31 with the prepayment of 03-03):
    # the act never says «в срок» (issue 21), nor admits a delay the contractor did not agree to
    # (the contractor drafts it; the penalty is the client's claim, ГК РФ ст. 330)
    assert "в срок" not in text and "претензий по объёму, качеству и срокам" not in text
    assert "с нарушением срока" not in text
    assert ("Работы выполнены в полном объёме и качественно. Заказчик претензий по объёму и качеству "
            "выполнения работ не имеет.") in text
    # ГК РФ ст. 720, 753: the clean act records that the remarks of act 2 were fixed
    assert ("Замечания, указанные в Акте о замечаниях при приёмке № 2 от 31 марта 2027 г., Подрядчиком "
            "устранены; Заказчик принимает результат с учётом их устранения.") in text
    assert ("Заказчик перечисляет Подрядчику 84 000 (восемьдесят четыре тысячи) рублей 00 копеек в течение 5 "
            "рабочих дней с даты подписания Акта, то есть не позднее 12 апреля 2027 г.") in text
    assert ("Подрядчик формирует в приложении «Мой налог» и передаёт Заказчику чек (статья 14 Федерального "
            "закона от 27.11.2018 № 422-ФЗ") in text
    assert "НДС не облагается" in text and "ОГРНИП" not in text and "индивидуальный предприниматель" not in text.lower()
    assert "Мороз Алина Игоревна, применяющая специальный налоговый режим «Налог на профессиональный доход»" in text
    assert "Генерального директора Лебедя Игоря Петровича" in text
    assert "/ И. П. Лебедь /" in text and "/ А. И. Мороз /" in text


def test_en1_acceptance_certificate_starts_net_7_on_design(ws):
    path = example(ws, "blue-harbor-shop", "harbor")
    run("sign", path, "--date", "2026-11-30")
    run("paid", path, "prepayment", "--date", "2026-12-02")
    run("accept", path, "discovery", "--date", "2026-12-03")
    run("accept", path, "design", "--date", "2026-12-15")
    head = "Agreement No. NW-2026-11 dated November 30, 2026"
    text, _ = texts(path, "act-2-NW-2026-11", head, "Page")
    assert "ACCEPTANCE CERTIFICATE No. 2 under Agreement No. NW-2026-11 dated November 30, 2026" in text
    assert "The Contractor has delivered, and the Client accepts, the following milestones:" in text
    assert "$3,450.00" in text and "Total $3,450.00" in text
    assert "three thousand four hundred fifty US dollars" in text
    # not a Russian-style general release: the acceptance is without prejudice to the warranty
    assert "no claims" not in text and "performed in full" not in text
    assert ("The Client confirms that the milestones listed above meet their acceptance criteria. This does "
            "not affect the Client’s rights under the warranty in the Agreement.") in text
    assert ("This certificate triggers payment under the payment schedule, whose installments are not tied to "
            "milestone fees: the Client shall pay the Contractor $3,660.00 (three thousand "
            "six hundred sixty US dollars) within 7 calendar days after acceptance (if this certificate is "
            "signed on December 15, 2026, by December 22, 2026).") in text
    status = flat(run("status", path).output)
    assert "2. on acceptance of design $3,660.00 due 2026-12-22 unpaid" in status


def test_rights_pass_by_act_on_full_payment_with_licensed_components_listed(ws):
    """ГК РФ ст. 1234, 1285: the exclusive right is alienated by agreement; RU-2 passes it on full
    payment, and fonts and stock images stay licensed."""
    path = ru2(ws)
    run("sign", path, "--date", "2027-03-01")
    run("paid", path, "prepayment", "--date", "2027-03-03")
    early = run("accept", path, "--rights", "--date", "2027-03-20", ok=False)
    assert "error: the rights pass on the accepted result; not accepted yet: logo, identity, brandbook" in early.output
    run("accept", path, "all", "--date", "2027-03-31")
    unpaid = run("accept", path, "--rights", "--date", "2027-04-01", ok=False)
    assert ("error: the contract passes the rights on full payment; 84 000,00 ₽ of 140 000,00 ₽ is still unpaid"
            in flat(unpaid.output))
    run("paid", path, "final", "--date", "2027-04-05")
    before = run("accept", path, "--rights", "--date", "2027-04-02", ok=False)
    assert "error: a rights act dated 2027-04-02 is before the last payment (2027-04-05)" in before.output
    # This copy of RU-2 lists no third-party components in its contract: the act lists none either
    outside = run("accept", path, "--rights", "--date", "2027-04-06", "--licensed",
                  "Шрифт Montserrat (SIL Open Font License 1.1)", ok=False)
    assert ("error: --licensed 'Шрифт Montserrat (SIL Open Font License 1.1)' is not among the contract's "
            "third-party objects (terms.third_party: none)") in flat(outside.output)
    out = run("accept", path, "--rights", "--date", "2027-04-06").output
    assert "recorded act 2 of 2027-04-06: logo, identity, brandbook exclusive rights transferred" in out
    text, _ = texts(path, "act-2-Д-2027-014", "Договор № Д-2027-014 от 1 марта 2027 г.", "Страница")
    assert "АКТ № 2 приёма-передачи исключительных прав к Договору № Д-2027-014 от 1 марта 2027 г." in text
    assert ("Подрядчик передаёт, а Заказчик принимает исключительные права в полном объёме на следующие "
            "результаты выполненных работ, принятые Заказчиком по акту сдачи-приёмки № 1 от 31 марта 2027 г.:") in text
    for title in ("1 Логотип", "2 Фирменный стиль", "3 Брендбук"):
        assert title in text
    assert ("Цена Договора составляет 140 000 (сто сорок тысяч) рублей 00 копеек и уплачена Заказчиком "
            "полностью.") in text
    assert "Компоненты третьих лиц, права на которые не могут быть переданы, в результатах не использованы." in text
    # what was offered and not accepted stays with the author (ГК РФ ст. 1234: only what is named passes)
    assert ("Иные варианты (концепции) результатов, представленные Подрядчиком, но не выбранные и не принятые "
            "Заказчиком, Заказчику не передаются: исключительные права на них сохраняются за Подрядчиком "
            "(пункт 11.1 Договора).") in text
    # ГК РФ ст. 1281: the exclusive right has a term; the transfer is for all of it, not «without limit»
    assert "на весь срок действия исключительного права (статья 1281" in text
    assert "без ограничения срока" not in text
    twice = run("accept", path, "--rights", "--date", "2027-04-07", ok=False)
    assert "error: the exclusive rights passed already (act 2 of 2027-04-06)" in twice.output
    assert "2027-04-06 act-2 rights logo, identity, brandbook" in flat(run("log", path).output)
    mixed = run("accept", path, "logo", "--rights", "--date", "2027-04-07", ok=False)
    assert "error: --rights takes no stages or remarks" in mixed.output


def test_ru1_rights_act_lists_only_results_with_rights_and_the_contracts_third_party_components(romashka):
    """ГК РФ ст. 1234, 1285: only a result created under the contract passes; the client's own texts
    and photos placed on the site (stage «Наполнение контентом», `rights: false`) are not; the
    components the contract licenses (cl. 11.4) are listed as licensed."""
    path = romashka
    run("accept", path, "all", "--date", "2027-01-27")
    run("paid", path, "final", "--date", "2027-01-29")
    run("accept", path, "--rights", "--date", "2027-02-01")
    text, _ = texts(path, "act-2-2026-031", "Договор № 2026-031 от 1 декабря 2026 г.", "Страница")
    assert "3 Вёрстка и программирование на WordPress" in text
    assert "Наполнение контентом" not in text and "Размещение текстов и фотографий Заказчика" not in text
    assert ("1. программа с открытым исходным кодом «WordPress» — на условиях лицензии GNU GPL версии 2 или "
            "более поздней; 2. программа с открытым исходным кодом «Contact Form 7» — на условиях лицензии "
            "GNU GPL версии 2 или более поздней; 3. шрифт «Montserrat» — на условиях лицензии SIL Open Font "
            "License 1.1.") in text
    assert "на весь срок действия исключительного права" in text


def test_ru1_rights_act_names_a_licensed_component_once(romashka):
    """Issue 24, item 5: `--licensed Montserrat` beside the contract's own list (cl. 11.4) does not
    list the font twice; review-ru5 major 10: a component the contract does not name is refused
    (ГК РФ ст. 1235, 1238: the act licenses nothing the contract does not)."""
    path = romashka
    run("accept", path, "all", "--date", "2027-01-27")
    run("paid", path, "final", "--date", "2027-01-29")
    outside = run("accept", path, "--rights", "--date", "2027-02-01", "--licensed", "Montserrat",
                  "--licensed", "Фотографии фотобанка Unsplash (Unsplash License)", ok=False)
    assert "error: --licensed 'Фотографии фотобанка Unsplash (Unsplash License)' is not among" in flat(outside.output)
    run("accept", path, "--rights", "--date", "2027-02-01", "--licensed", "Montserrat", "--format", "docx")
    text = normal(docx_text(path / "out" / "act-2-2026-031.docx"))
    assert text.count("Montserrat") == 1
    assert "3. шрифт «Montserrat» — на условиях лицензии SIL Open Font License 1.1." in text
    assert "Unsplash" not in text
