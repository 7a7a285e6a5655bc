"""Issue 24, Russian documents round 4: a commercial lawyer's remaining findings, read back from
the rendered text (the claim's .eml and PDF, the contract's PDF and DOCX, invoices and acts).

RU-2 (vector-brand): a self-employed designer (НПД, a personal account 40817) and ООО «Вектор»,
a works contract (подряд, ГК РФ гл. 37) with a district court as the venue.
"""

import email
from decimal import Decimal
from email import policy

import git
import pytest

from tests.conftest import copy_example, run
from tests.readback import docx_text, normal, pdf_body
from tests.test_billing import flat
from tests.test_ru_clauses import RU2, rendered

RU2_HEAD = "Договор № Д-2027-014 от 1 марта 2027 г."
GK = "Гражданского кодекса Российской Федерации"


def vector(ws, edit=None, name="vector"):
    """RU-2 as a committed repository; `edit` changes the project text first."""
    path = ws / name
    copy_example("vector-brand", path)
    if edit:
        text = (path / "project.yaml").read_text(encoding="utf-8")
        (path / "project.yaml").write_text(edit(text), encoding="utf-8")
    with git.Repo.init(path, initial_branch="main") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("RU-2")
    return path


def claim_text(path) -> tuple[str, str]:
    """(subject, plain text) of the latest claim's .eml."""
    eml = sorted((path / "out").glob("letter-*-claim.eml"))[-1]
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    return msg["Subject"], normal(msg.get_body(("plain",)).get_content())


def test_claim_does_not_demand_an_unpaid_prepayment_as_a_debt(ws):
    """ГК РФ ст. 328 п. 2, 719: an unpaid advance lets the contractor withhold or suspend the
    work and refuse the contract; it is recoverable only for work done and accepted (ст. 711), so
    the claim neither demands it nor charges a penalty on it."""
    path = vector(ws)
    run("sign", path, "--date", "2027-03-01")
    out = flat(run("claim", path, "--date", "2027-03-20", "--format", "pdf").output)
    assert "prepayment(s) 1 overdue: not claimed as a debt" in out and "debt 0" not in out
    subject, text = claim_text(path)
    # it demands no debt, so it is a notice, not a претензия (review law-ru R17)
    assert subject == "Уведомление о просрочке предоплаты по Договору № Д-2027-014 от 1 марта 2027 г."
    assert "УВЕДОМЛЕНИЕ о просрочке предоплаты по Договору" in text and "ПРЕТЕНЗИЯ" not in text
    assert ("В соответствии с подпунктом 3.3.1 Договора Заказчик должен был внести предоплату в размере "
            "56 000,00 ₽ не позднее 4 марта 2027 г. По состоянию на 20 марта 2027 г. предоплата не "
            "поступила.") in text
    assert ("Неоплаченная предоплата не является задолженностью за выполненные Работы, и Подрядчик не "
            "требует её взыскания и не начисляет на неё неустойку.") in text
    # the contract starts the work the day after the prepayment arrives (ГК РФ ст. 191)
    assert ("В соответствии с пунктом 2.1 Договора Подрядчик приступает к выполнению Работ на следующий "
            "день после поступления предоплаты: до её поступления Работы не выполняются") in text
    assert ("Подрядчик вправе отказаться от исполнения Договора и потребовать возмещения убытков (пункт 2 "
            f"статьи 328, пункт 2 статьи 719 {GK}; пункт 15.3 Договора)") in text
    for demand in ("задолженность —", "Неустойка начисляется", "с иском о взыскании", "Реквизиты для оплаты"):
        assert demand not in text
    pdf = next((path / "out").glob("letter-*-claim-*.pdf"))
    assert "не является задолженностью" in normal(pdf_body(pdf, RU2_HEAD, "Страница"))


def test_claim_after_acceptance_demands_the_unpaid_prepayment_as_price_of_accepted_work(ws):
    """ГК РФ ст. 711: once the work is accepted, the whole price is owed; the prepayment never paid
    falls due with the final payment, and the penalty (ст. 330) runs from then, not from its own
    earlier date."""
    path = vector(ws)
    run("sign", path, "--date", "2027-03-01")
    run("accept", path, "all", "--date", "2027-03-31")
    out = flat(run("claim", path, "--date", "2027-04-21", "--format", "pdf").output)
    assert "debt 140000.00, penalty 1960.00 (14, 14 day(s)), total 141960.00" in out
    subject, text = claim_text(path)
    assert subject.startswith("Претензия об оплате задолженности")
    assert ("Заказчик должен был внести предоплату в размере 56 000,00 ₽ не позднее 4 марта 2027 г., но не "
            "внёс её. Работы приняты Заказчиком в полном объёме, поэтому эта сумма подлежит оплате как "
            f"часть цены принятых Работ (статья 711 {GK}) в срок окончательного платежа — не позднее "
            "7 апреля 2027 г.") in text
    assert "56 000,00 ₽ | 07.04.2027 | с 08.04.2027 по 21.04.2027 | 14 | 0,1 % | 784,00 ₽" in text
    assert "задолженность — 140 000,00 ₽;" in text
    assert "не является задолженностью" not in text


def _client(block: str):
    """Replace RU-2's client (ООО «Вектор») with `block`."""
    def edit(text: str) -> str:
        head, _, rest = text.partition("\nclient:\n")
        return head + "\n" + block + "\ntax:\n" + rest.partition("\ntax:\n")[2]
    return edit


CONSUMER = """client:
  kind: individual
  name: Петров Иван Сергеевич
  address: 125009, г. Москва, ул. Тверская, д. 7, кв. 3
  email: petrov@example.ru
  signatory:
    name: Петров Иван Сергеевич
    basis: self
    gender: male
"""

IP_CLIENT = """client:
  kind: sole_proprietor
  name: {name}
  address: 119019, г. Москва, ул. Арбат, д. 10, кв. 5
  email: ip.smirnov@shop.example
  inn: "770412345664"
  ogrnip: "319774600123453"
  signatory:
    name: Смирнов Игорь Владимирович
    basis: self
    gender: male
"""


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_consumer_client_keeps_the_choice_of_court_and_no_mandatory_claim(tmp_path, fmt):
    """Закон РФ «О защите прав потребителей» ст. 16 п. 2 (no mandatory pre-trial procedure and no
    restriction of the territorial jurisdiction in a consumer contract), ст. 17 п. 2 and ГПК РФ
    ст. 29 ч. 7 (the consumer sues where it chooses): the contract names no court."""
    text = rendered(_client(CONSUMER)(RU2), "contract", fmt, tmp_path)
    assert ("Заказчик вправе предъявить иск по своему выбору в суд по месту своего жительства или "
            "пребывания, по месту заключения или исполнения Договора либо по месту нахождения Подрядчика "
            "(пункт 2 статьи 17 Закона Российской Федерации от 07.02.1992 № 2300-1 «О защите прав "
            "потребителей», часть 7 статьи 29 Гражданского процессуального кодекса Российской Федерации).") in text
    assert "Направление претензии не является для Заказчика обязательным условием обращения в суд." in text
    assert "Мещанск" not in text and "обязательный досудебный претензионный порядок" not in text


def test_check_warns_on_a_consumer_venue_and_a_magistrate_without_a_district(ws):
    """ГПК РФ ст. 23, 32: a мировой судья with no district is no court anybody can find."""
    path = vector(ws, _client(CONSUMER))
    out = flat(run("check", path).output)
    assert "the client is a private individual (a consumer): a clause choosing the court is void" in out
    assert "project.yaml:" in out
    path = vector(ws, lambda t: t.replace("venue: Мещанский районный суд г. Москвы",
                                          "venue: мировой судья судебного участка г. Москвы"), "v2")
    out = flat(run("check", path).output)
    assert "names a мировой судья with no district: name the district court" in out
    path = vector(ws, lambda t: t.replace("venue: Мещанский районный суд г. Москвы",
                                          "venue: по месту нахождения истца"), "v3")
    assert "names no court: write it as the court names itself" in flat(run("check", path).output)
    # the example's district court passes without a venue warning
    assert "venue" not in flat(run("check", vector(ws, name="v4")).output)


@pytest.mark.parametrize("name", ["ИП Смирнов Игорь Владимирович",
                                  "Индивидуальный предприниматель Смирнов Игорь Владимирович"])
def test_the_preamble_never_doubles_the_legal_form_of_a_sole_proprietor(ws, tmp_path, name):
    """ГК РФ ст. 23: a sole proprietor acts under its own name; «индивидуальный предприниматель»
    is its status, printed once, and `check` says the name was typed with it."""
    text = rendered(_client(IP_CLIENT.format(name=name))(RU2), "contract", "pdf", tmp_path)
    assert text.count("Индивидуальный предприниматель Смирнов Игорь Владимирович (ОГРНИП 319774600123453), "
                      "именуемый в дальнейшем «Заказчик»") == 1
    assert "предприниматель Индивидуальный" not in text and "предприниматель ИП" not in text
    assert "ИП ИП" not in text
    path = vector(ws, _client(IP_CLIENT.format(name=name)))
    out = flat(run("check", path).output)
    assert "starts with its legal form: write the person's name alone («Смирнов Игорь Владимирович»)" in out


def _mail(path, kind: str) -> str:
    eml = sorted((path / "out").glob(f"letter-*-{kind}.eml"))[-1]
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    return normal(msg.get_body(("plain",)).get_content())


def test_delay_notice_stands_on_the_contract_clause_and_asks_no_addendum(ws):
    """ГК РФ ст. 406, 719 and the contract's clause 2.3: the client's delay extends the terms by
    itself; the notice states the ground, the request's dates (asked, due, received) and the
    deadlines now in force, and asks for no addendum. A delay of the contractor's own is only a
    proposal: the date moves by an addendum (ст. 450, 452), and until then the old one stands."""
    path = vector(ws)
    run("sign", path, "--date", "2027-03-01")
    run("paid", path, "prepayment", "--date", "2027-03-03")
    run("asked", path, "Действующий логотип и примеры документов", "--date", "2027-03-04")
    run("received", path, "R-001", "--date", "2027-03-12")
    run("notice", "delay", path, "logo", "--days", "2", "--client-caused", "--reason",
        "Заказчик предоставил логотип с опозданием", "--date", "2027-03-12")
    text = _mail(path, "delay")
    assert ("4 марта 2027 г. Подрядчик направил Заказчику запрос о предоставлении материалов: "
            "Действующий логотип и примеры документов. По Договору срок — 3 рабочих дня с даты запроса, то "
            "есть не позднее 10 марта 2027 г.; материалы получены 12 марта 2027 г., просрочка составила "
            "2 рабочих дня.") in text
    assert ("В соответствии с пунктом 2.3 Договора сроки выполнения Работ переносятся на период просрочки "
            f"Заказчика в предоставлении материалов, информации или согласований (статьи 406, 719 {GK}). "
            "Настоящее уведомление направлено на основании пункта 2.3 Договора: перенос действует в силу п. "
            "2.3 Договора; дополнительное соглашение не требуется.") in text
    assert ("С учётом переноса действуют сроки: этап «Логотип: 3 концепции, 2 раунда правок» — не позднее "
            "15 марта 2027 г.; завершение выполнения Работ по Договору — не позднее 2 апреля 2027 г. "
            "(ранее — 31 марта 2027 г.).") in text
    assert "дополнительном соглашении" not in text and "прошу согласовать" not in text
    run("notice", "delay", path, "identity", "--days", "1", "--reason", "Болезнь исполнителя",
        "--date", "2027-03-16")
    own = _mail(path, "delay")
    assert ("Подрядчик предлагает перенести срок этапа «Фирменный стиль: бланк, визитка, шаблон "
            "презентации» с 25 марта 2027 г. на 26 марта 2027 г.") in own
    assert ("Новый срок прошу согласовать: изменение сроков оформляется дополнительным соглашением к "
            f"Договору (статьи 450, 452 {GK}); до его подписания действует срок 25 марта 2027 г.") in own
    assert "Предлагаемый срок завершения выполнения Работ по Договору — 5 апреля 2027 г. (действующий — 2 апреля 2027 г.)." in own


APP_STAGES = """  - id: app
    title: Мобильное приложение
    description: Приложение для iOS и Android с регистрацией пользователей
    acceptance:
      - Приложение проходит сценарии тестирования
    revisions: 1
    price: 120000
    days: 20
    personal_data: true
  - id: admin
    title: Веб-панель администратора
    description: Управление учётными записями пользователей
    acceptance:
      - Сотрудник Заказчика создаёт и блокирует учётную запись
    revisions: 1
    price: 50000
    days: 10
    personal_data: true

payment:"""


def _with_data(text: str) -> str:
    text = text.replace("\npayment:", "\n" + APP_STAGES, 1)
    return text.replace("  settlement_days: 10\n", "  settlement_days: 10\n  personal_data_operator: client\n", 1)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_personal_data_instruction_has_what_152_fz_requires_and_the_consent_is_said_once(tmp_path, fmt):
    """152-ФЗ ч. 3 ст. 6: an instruction (поручение) lists the data, the actions and the purposes,
    binds to confidentiality (ст. 7) and the security of ст. 19, and has a term; the data end at the
    term (ч. 4 ст. 21); sub-processors only with the operator's written consent; the operator
    answers to the data subjects (ч. 5 ст. 6). The consent on the forms (ст. 9) is said once."""
    text = rendered(_with_data(RU2), "contract", fmt, tmp_path)
    for part in ("Заказчик поручает Подрядчику обработку этих персональных данных (часть 3 статьи 6 "
                 "Федерального закона № 152-ФЗ) на следующих условиях:",
                 "перечень персональных данных — сведения, которые пользователи вводят в формы сбора данных",
                 "перечень действий — сбор, запись, систематизация, хранение, уточнение, передача "
                 "(предоставление) Заказчику, удаление и уничтожение;",
                 "цели обработки — исключительно создание и тестирование Результатов",
                 "срок поручения — со дня вступления в силу настоящего раздела Договора до полного исполнения "
                 "Сторонами обязательств по Договору или прекращения Договора;",
                 "в срок не более 30 календарных дней передаёт персональные данные Заказчику либо уничтожает "
                 "их, о чём письменно уведомляет Заказчика (часть 4 статьи 21",
                 "Подрядчик обязан соблюдать конфиденциальность персональных данных (статья 7 Федерального "
                 "закона № 152-ФЗ) и обеспечивать их безопасность при обработке, принимая меры, "
                 "предусмотренные статьёй 19",
                 "Подрядчик не вправе поручать обработку этих персональных данных третьим лицам",
                 "без предварительного письменного согласия Заказчика",
                 "(часть 5 статьи 6 Федерального закона № 152-ФЗ)"):
        assert part in text, part
    scope = rendered(_with_data(RU2), "scope", fmt, tmp_path)
    # an acceptance criterion of each stage that collects data, under that stage (review-ru3 §2)
    assert scope.count("согласие пользователя на обработку персональных данных в формах сбора данных "
                       "оформлено отдельно от иной информации") == 2


def test_a_vat_payer_issues_schet_faktura_within_5_days_and_npd_cites_its_ground(ws, tmp_path):
    """НК РФ ст. 168 п. 3, ст. 169: a VAT payer (ОСН, or УСН at 5 or 7 %) issues a счёт-фактура
    within 5 calendar days of a prepayment received and of the acceptance; the contract, the
    prepayment invoice and the act say so. A НПД payer is no VAT payer (422-ФЗ ч. 8 ст. 2)."""
    path = ws / "osn"
    copy_example("romashka-site", path)
    text = (path / "project.yaml").read_text(encoding="utf-8")
    (path / "project.yaml").write_text(text.replace("tax:\n  regime: usn", "tax:\n  regime: general\n  vat: 22", 1),
                                       encoding="utf-8")
    with git.Repo.init(path, initial_branch="main") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("ОСН")
    run("sign", path, "--date", "2026-12-01")
    run("invoice", path, "prepayment", "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-02")
    run("accept", path, "prototypes", "--date", "2026-12-10")
    contract = normal(docx_text(path / "out" / "contract-2026-031.docx"))
    assert ("Исполнитель, являющийся плательщиком НДС, выставляет Заказчику счета-фактуры, оформленные в "
            "соответствии со статьёй 169 Налогового кодекса Российской Федерации, не позднее 5 календарных "
            "дней, считая со дня получения оплаты (частичной оплаты) в счёт предстоящего оказания Услуг и "
            "со дня подписания акта сдачи-приёмки оказанных Услуг (пункт 3 статьи 168 Налогового кодекса "
            "Российской Федерации).") in contract
    invoice = normal(docx_text(path / "out" / "invoice-2026-001-2026-031.docx"))
    assert ("Настоящий счёт не является счётом-фактурой; счёт-фактура выставляется Исполнителем не позднее 5 "
            "календарных дней, считая со дня поступления оплаты (пункт 3 статьи 168") in invoice
    act = normal(docx_text(path / "out" / "act-1-2026-031.docx"))
    assert ("Счёт-фактура, оформленный в соответствии со статьёй 169 Налогового кодекса Российской Федерации, "
            "выставляется Исполнителем не позднее 5 календарных дней, считая со дня подписания настоящего "
            "Акта (пункт 3 статьи 168") in act
    # НПД: no счёт-фактура, and the ground of «без НДС» is cited (УСН: test_contract_terms.py)
    npd = rendered(RU2, "contract", "pdf", tmp_path)
    assert "счета-фактуры" not in npd
    assert ("НДС не облагается в связи с применением Подрядчиком специального налогового режима «Налог на "
            "профессиональный доход» (часть 8 статьи 2 Федерального закона от 27.11.2018 № 422-ФЗ)") in npd


def test_check_warns_that_consumer_law_overrides_a_business_contractors_terms():
    """Закон РФ «О защите прав потребителей» ст. 16, ст. 28 п. 5: a business contracting with a
    private person for personal needs cannot cap its liability or set a lower delay penalty."""
    from contractkit.lint_ru import russian_risks
    from contractkit.load import parse_project
    from tests.test_ru_clauses import RU1

    found = [m for _, m in russian_risks(parse_project(_client(CONSUMER)(RU1)))]
    # the contract now applies the consumer law itself (review-ru12, R23); `check` says so
    assert any("the contract applies Закон РФ «О защите прав потребителей»" in m and "ст. 28 п. 5" in m
               for m in found)
    assert any("a clause choosing the court is void" in m for m in found)
    # RU-1 draws only the rights_price and the approval-as-criterion warnings (review ru4, major 8)
    assert not [m for _, m in russian_risks(parse_project(RU1))
                if "rights_price" not in m and "acceptance criterion" not in m]


def test_a_reminder_of_a_prepayment_says_the_work_waits_for_it(ws):
    """ГК РФ ст. 328, 719: the polite reminder of an unpaid prepayment says what the contract does
    meanwhile (work starts on prepayment), not that a debt accrues."""
    path = vector(ws)
    run("sign", path, "--date", "2027-03-01")
    run("remind", path, "--date", "2027-03-10")
    text = _mail(path, "remind")
    assert ("По Договору работы начинаются на следующий день после поступления предоплаты; до её "
            "поступления сроки не начинают течь.") in text


def test_the_agenda_charges_no_penalty_on_an_unpaid_prepayment_as_the_claim_does_not(ws):
    """ГК РФ ст. 328 п. 2, 711, 719: the claim charges no penalty on an unpaid advance before the
    work is accepted; the agenda shows the same (the new user's review saw «неустойка so far 689,50»)."""
    import json

    path = vector(ws)
    run("sign", path, "--date", "2027-03-01")
    data = json.loads(run("agenda", "--json", "--date", "2027-03-20", "--from", "2027-03-20", "--to", "2027-03-27", ws).output)
    project = next(p for p in data["projects"] if p["project"] == "vector")
    assert Decimal(project["overdue"]) == Decimal("56000.00")
    assert Decimal(project["penalty"]) == 0
    assert "prepayment(s) 1 overdue: not claimed as a debt" in flat(
        run("claim", path, "--date", "2027-03-20", "--format", "pdf").output)
