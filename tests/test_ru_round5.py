"""Issue 24, Russian documents round 5: what the lawyer's third review (review-ru3) left, read back
from the rendered contract, addendum and acts (PDF and DOCX).

The price of the alienation (ГК РФ п. 3 ст. 1234), a program and its source text (ст. 1261), a
cross-border transfer of personal data (152-ФЗ ст. 12, ч. 5 ст. 18), the offset of a VAT payer's
prepayment (НК РФ п. 6 ст. 172) and what a simple electronic signature cannot sign (63-ФЗ ст. 6).
"""

from pathlib import Path

import git
import pytest

from tests.conftest import copy_example, run
from tests.readback import docx_text, normal, pdf_pages
from tests.test_addendum_documents import paths_of, text_of
from tests.test_billing import flat
from tests.test_ru_clauses import RU1, RU2, rendered
from tests.test_workflow import edit

GK = "Гражданского кодекса Российской Федерации"
FZ = "Федерального закона № 152-ФЗ"
OSN = ("  regime: usn ", "  vat: 22\n  regime: general ")
PROGRAM = ("    personal_data: true #", "    program: Ромашка Сайт\n    rights_price: 60000\n    personal_data: true #")
REPO = ("  personal_data_operator: client\n",
        "  personal_data_operator: client\n  source_repository: https://git.romashka.example/site\n")
FIREBASE = ("  personal_data_operator: client\n",
            "  personal_data_operator: client\n  foreign_data_services:\n"
            "    - name: Firebase Cloud Messaging (Google LLC)\n      country: США\n")


def variant(*edits: tuple[str, str], text: str = RU1) -> str:
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def repo_of(ws: Path, text: str, name: str = "p") -> Path:
    """A committed project repository holding `text` as its project file."""
    path = ws / name
    copy_example("romashka-site", path)
    (path / "project.yaml").write_text(text, encoding="utf-8")
    with git.Repo.init(path, initial_branch="main") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("project")
    return path


def warnings_of(text: str) -> list[str]:
    from contractkit.lint_ru import russian_risks
    from contractkit.load import parse_project

    return [message for _, message in russian_risks(parse_project(text))]


# --- 1. The price of the alienation (ГК РФ п. 3 ст. 1234) ---------------------------------------

@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_contract_states_the_remuneration_for_the_exclusive_right_as_an_amount(tmp_path, fmt):
    """ГК РФ п. 3 ст. 1234: a paid alienation with no price (or way to fix it) is not concluded;
    «включено в стоимость Работ» states none. Default: each stage's whole price, stated per stage."""
    text = rendered(RU1, "contract", fmt, tmp_path)
    assert "включено в стоимость" not in text
    assert (f"Вознаграждение за отчуждение исключительного права на Результаты (пункт 3 статьи 1234 {GK}) "
            "входит в цену этапов, указанную в Приложении № 1, отдельно не уплачивается и составляет 225 000 "
            "(двести двадцать пять тысяч) рублей 00 копеек без НДС (пункт 3.1 Договора), из них за результат "
            "этапа «Прототипы 6 страниц сайта» — 30 000,00 ₽, за результат этапа «Дизайн-макеты 6 страниц "
            "(desktop + mobile)» — 75 000,00 ₽, за результат этапа «Вёрстка и программирование на WordPress» "
            "— 120 000,00 ₽.") in text
    # a VAT payer states the VAT within it; a stage's own rights_price replaces its whole price
    osn = rendered(variant(OSN, PROGRAM), "contract", fmt, tmp_path)
    assert ("отдельно не уплачивается и составляет 201 300 (двести одна тысяча триста) рублей 00 копеек, в том "
            "числе НДС 22 % — 36 300 (тридцать шесть тысяч триста) рублей 00 копеек, из них за результат этапа "
            "«Прототипы 6 страниц сайта» — 36 600,00 ₽, в том числе НДС 22 % — 6 600,00 ₽") in osn
    assert "«Вёрстка и программирование на WordPress» — 73 200,00 ₽, в том числе НДС 22 % — 13 200,00 ₽." in osn


def test_check_warns_on_the_default_and_refuses_a_rights_price_above_the_stage(ws):
    """ГК РФ п. 3 ст. 1234: `check` says which stages state their whole price as the remuneration;
    a remuneration above the stage's price is not a part of it."""
    warned = [w for w in warnings_of(RU1) if "rights_price" in w]
    assert warned == ["prototypes, design, development: no rights_price, so the contract states each stage's "
                      "whole price as the remuneration for the exclusive right (ГК РФ ст. 1234 п. 3); give "
                      "rights_price to name the part paid for the right"]
    given = variant(*[(f"    price: {p}\n", f"    price: {p}\n    rights_price: 1000\n") for p in (30000, 75000)],
                    PROGRAM)
    assert not [w for w in warnings_of(given) if "rights_price" in w]
    path = repo_of(ws, variant(("    price: 30000\n", "    price: 30000\n    rights_price: 30001\n")))
    out = flat(run("check", path, ok=False).output)
    assert "rights_price 30001 is more than the stage's price 30000: it is a part of that price" in out
    assert "Traceback" not in out


def test_addendum_restates_the_remuneration_when_a_price_changes(ws):
    """ГК РФ ст. 450, 452, п. 3 ст. 1234: an addendum that changes a stage's price restates the
    clause that states the remuneration, or the contract keeps the old price of the right."""
    path = repo_of(ws, RU1)
    run("sign", path, "--date", "2026-12-01")
    edit(path / "project.yaml", "    price: 75000\n", "    price: 90000\n")
    run("change", path, "-m", "Ещё два макета", "--requested-on", "2026-12-03")
    files = paths_of(run("addendum", path, "--date", "2026-12-04").output)
    for fmt in ("pdf", "docx"):
        text = text_of(files[f"{fmt}:addendum"], "ru", "Договор № 2026-031 от 1 декабря 2026 г.")
        assert "Пункт 11.2 Договора изложить в следующей редакции: «11.2. " in text, fmt
        assert ("составляет 240 000 (двести сорок тысяч) рублей 00 копеек без НДС (пункт 3.1 Договора), из них за "
                "результат этапа „Прототипы 6 страниц сайта“ — 30 000,00 ₽, за результат этапа „Дизайн-макеты 6 "
                "страниц (desktop + mobile)“ — 90 000,00 ₽") in text.replace("- ", "-"), fmt


# --- 2. A program and its source text (ГК РФ ст. 1261) ------------------------------------------

def test_a_program_passes_with_its_source_text_delivered_with_the_act(ws):
    """ГК РФ ст. 1261: a program is protected as a literary work in source text and object code;
    the contract names it so, the contractor delivers the source text with the stage's act, and the
    rights act lists the program (ст. 1234: the result is identified)."""
    text = variant(PROGRAM, REPO)
    for fmt in ("pdf", "docx"):
        contract = rendered(text, "contract", fmt, Path(ws))
        assert ("11.1.3. программа для ЭВМ «Ромашка Сайт» (исходный текст и объектный код), созданная как "
                f"результат этапа «Вёрстка и программирование на WordPress» (статья 1261 {GK}), исходный текст "
                "которой Исполнитель передаёт Заказчику одновременно с актом сдачи-приёмки этого этапа, размещая "
                "его в репозитории Заказчика https://") in contract.replace("https:// ", "https://"), fmt
    bare = rendered(PROGRAM[1].join(RU1.split(PROGRAM[0], 1)), "contract", "docx", Path(ws))
    assert "на электронном носителе или по ссылке, указанной в акте." in bare
    path = repo_of(ws, text)
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-02")
    run("accept", path, "prototypes", "--date", "2026-12-10")
    run("accept", path, "all", "--date", "2027-01-26")
    act = normal(docx_text(path / "out" / "act-2-2026-031.docx"))
    assert ("Одновременно с настоящим Актом Исполнитель передал Заказчику исходный текст программы для ЭВМ "
            "«Ромашка Сайт», созданной как результат этапа «Вёрстка и программирование на WordPress», разместив "
            "его в репозитории Заказчика https://git.romashka.example/site.") in act
    assert "исходный текст программы" not in normal(docx_text(path / "out" / "act-1-2026-031.docx"))
    run("paid", path, "2", "--date", "2027-01-27")
    run("accept", path, "--rights", "--date", "2027-01-28")
    rights = normal(docx_text(path / "out" / "act-3-2026-031.docx"))
    assert ("Программа для ЭВМ «Ромашка Сайт» (исходный текст и объектный код) — результат этапа «Вёрстка и "
            "программирование на WordPress»") in rights
    assert ("Вознаграждение за отчуждение исключительных прав на результаты составляет 165 000 (сто шестьдесят "
            "пять тысяч) рублей 00 копеек, входит в цену Договора и уплачено в её составе.") in rights


# --- 3. A cross-border transfer of personal data (152-ФЗ ст. 12, ч. 5 ст. 18) -------------------

@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_foreign_services_get_the_cross_border_transfer_clause(tmp_path, fmt):
    """152-ФЗ ст. 12 ч. 3-4 (as amended by 266-ФЗ, in force 01.03.2023): the operator notifies
    Роскомнадзор before a cross-border transfer; to a country without adequate protection only after
    the notice is considered; ч. 5 ст. 18: data is first recorded in databases in Russia."""
    text = rendered(variant(FIREBASE), "contract", fmt, tmp_path)
    assert ("Результаты предусматривают передачу персональных данных пользователей следующим сервисам, "
            "находящимся за пределами Российской Федерации: «Firebase Cloud Messaging (Google LLC)» (США). "
            f"Такая передача является трансграничной передачей персональных данных (статья 12 {FZ}); решение "
            "о ней принимает Заказчик как оператор. До её начала Заказчик уведомляет Роскомнадзор о намерении "
            f"осуществлять трансграничную передачу персональных данных (части 3 и 4 статьи 12 {FZ}), а в "
            "государства, не обеспечивающие адекватную защиту прав субъектов персональных данных, осуществляет "
            "её не ранее истечения срока рассмотрения этого уведомления") in text
    assert ("с использованием баз данных, находящихся на территории Российской Федерации (часть 5 статьи 18 "
            f"{FZ}), и включает передачу персональных данных указанным сервисам только после письменного "
            "подтверждения Заказчиком направления уведомления") in text
    # without foreign services no transfer clause; only the ban on a transfer without the
    # operator's consent (152-ФЗ ст. 12; review ru4, major 7)
    plain = rendered(RU1, "contract", fmt, tmp_path)
    assert "находящимся за пределами Российской Федерации" not in plain
    assert plain.count("трансграничн") == 1


def test_check_warns_when_personal_data_goes_abroad():
    """152-ФЗ ст. 12 ч. 3, ст. 18 ч. 5: `check` names the services and what the operator must do."""
    assert ["Firebase Cloud Messaging (Google LLC) (США): personal data leaves Russia; the client, the operator, "
            "must notify Роскомнадзор before the transfer starts (152-ФЗ ст. 12 ч. 3-4), and users' data must "
            "first be recorded and stored in databases in Russia (ст. 18 ч. 5): the contract says so"] == [
        w for w in warnings_of(variant(FIREBASE)) if "Роскомнадзор" in w]
    assert not [w for w in warnings_of(RU1) if "Роскомнадзор" in w]


# --- 4. The offset of a VAT payer's prepayment (НК РФ п. 6 ст. 172) -----------------------------

def test_acts_state_the_prepayment_offset_and_its_vat(ws):
    """НК РФ п. 6 ст. 172: the VAT on an advance is deducted as the advance is offset, in the amount
    the contract's rule offsets; the contract states the rule, each act the sum and its VAT.
    RU-1 on ОСН: 243 500 + НДС 22 % = 297 070; the prepayment 148 535. The first stage (30 000 of
    243 500) takes 148 535 × 30 000 / 243 500 = 18 300 (НДС 3 300); the last act the rest, 130 235
    (НДС 130 235 × 22 / 122 = 23 485)."""
    path = repo_of(ws, variant(OSN))
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-02")
    run("accept", path, "prototypes", "--date", "2026-12-10")
    run("accept", path, "all", "--date", "2027-01-26")
    contract = normal(docx_text(path / "out" / "contract-2026-031.docx"))
    assert ("3.7. Полученная Исполнителем предоплата засчитывается в счёт оплаты этапов пропорционально их "
            "стоимости: при приёмке этапа в счёт его стоимости засчитывается часть предоплаты, полученной к дате "
            "подписания акта сдачи-приёмки, равная доле стоимости этапа в стоимости Услуг, а при приёмке "
            "последнего этапа — вся не зачтённая ранее предоплата. Зачтённая сумма и НДС в её составе "
            "указываются в акте сдачи-приёмки (пункт 6 статьи 172 Налогового кодекса Российской Федерации).") \
        in contract
    first = normal(docx_text(path / "out" / "act-1-2026-031.docx"))
    assert ("В счёт стоимости оказанных услуг по настоящему Акту в порядке, установленном Договором, зачтена "
            "предоплата в размере 18 300 (восемнадцать тысяч триста) рублей 00 копеек, в том числе НДС 22 % — "
            "3 300 (три тысячи триста) рублей 00 копеек.") in first
    last = normal(docx_text(path / "out" / "act-2-2026-031.docx"))
    assert ("зачтена предоплата в размере 130 235 (сто тридцать тысяч двести тридцать пять) рублей 00 копеек, в "
            "том числе НДС 22 % — 23 485 (двадцать три тысячи четыреста восемьдесят пять) рублей 00 копеек.") in last


def test_offsets_after_an_addendum_add_up_to_the_prepayments_received(ws):
    """НК РФ п. 6 ст. 172, пп. 3 п. 3 ст. 170: the VAT deducted on offset advances can never exceed
    the VAT on the advances received. Act 1 (prototypes) offsets its share before addendum 1 raises
    the price; the last act takes what was received less what the earlier acts printed, so the
    acts' offsets add up to the prepayments received (the lawyer's review saw 550 302,25 ₽ offset
    against 542 900 ₽ received: the earlier acts were recomputed at the new prices), and act 1
    renders to the same bytes after the addendum as when it was issued."""
    import re
    from decimal import Decimal

    from tests.scenario_edits import RU_CONTENT, RU_CONTENT_30_AND_BLOG

    path = repo_of(ws, variant(OSN))
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-02")
    run("accept", path, "prototypes", "--date", "2026-12-10")
    first = (path / "out" / "act-1-2026-031.pdf").read_bytes()
    text = (path / "project.yaml").read_text(encoding="utf-8")
    (path / "project.yaml").write_text(text.replace(RU_CONTENT, RU_CONTENT_30_AND_BLOG, 1), encoding="utf-8")
    run("change", path, "-m", "Блог и 30 страниц контента", "--requested-on", "2026-12-10")
    run("addendum", path, "--date", "2026-12-15")
    run("sign", path, "--date", "2026-12-15")
    run("paid", path, "addendum-1", "--date", "2026-12-16")
    run("accept", path, "design", "development", "--date", "2027-01-20")
    run("accept", path, "all", "--date", "2027-02-09")
    offsets = []
    for n in (1, 2, 3):
        act = normal(docx_text(path / "out" / f"act-{n}-2026-031.docx"))
        found = re.search(r"зачтена предоплата в размере ([\d ]+) \([^)]*\) рубл\w* (\d\d) копе", act)
        assert found, n
        offsets.append(Decimal(found.group(1).replace(" ", "")) + Decimal(found.group(2)) / 100)
    import json

    state = json.loads(run("status", path, "--json").output)
    advances = [i for i in state["installments"] if i.get("on") in ("signing", "addendum")
                or str(i.get("label", "")) in ("signing", "addendum")]
    received = sum((Decimal(i["paid"]) for i in advances), Decimal(0))
    assert len(advances) == 2 and sum(offsets) == received, (offsets, received, advances)
    assert offsets[0] == Decimal("18300")  # as act 1 printed it before the addendum
    run("verify", path, path / "out" / "act-1-2026-031.pdf")
    assert (path / "out" / "act-1-2026-031.pdf").read_bytes() == first


def test_a_claim_after_a_part_payment_states_the_sum_due_what_was_paid_and_the_debt(ws):
    """ГК РФ ст. 309, 310: the claim states the obligation as the contract fixed it (the whole final
    payment), what the client paid and the debt left; it said «обязан был оплатить 21 750,00 ₽ … оплата
    не поступила» although the installment was 121 750 ₽ and 100 000 ₽ had arrived."""
    path = repo_of(ws, RU1)
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-02")
    run("accept", path, "all", "--date", "2027-01-26")
    run("paid", path, "final", "--amount", "100000", "--date", "2027-02-10")
    run("claim", path, "--date", "2027-03-01")
    letter = next((path / "out").glob("letter-*-claim*.pdf"))
    text = normal(" ".join(pdf_pages(letter)))
    assert "обязан был оплатить 121 750,00 ₽ не позднее" in text
    assert "Заказчик оплатил 100 000,00 ₽; задолженность составляет 21 750,00 ₽." in text
    assert "оплата не поступила" not in text


def test_an_advance_is_set_off_without_vat_too(ws, tmp_path):
    """Issue 24 R11 (superseding this round's "no offset without VAT"): however the contractor is
    taxed, the contract says how a prepayment (аванс) is set off against the stages and the act
    states the part of its cost the advance pays (ГК РФ ст. 711 п. 1: payment of accepted work, an
    advance only as agreed); only a VAT payer adds the VAT in it (НК РФ п. 6 ст. 172): УСН (ст. 145)
    and НПД acts say nothing of VAT."""
    for text in (RU1, RU2):
        contract = normal(rendered(text, "contract", "docx", tmp_path))
        assert "предоплата засчитывается в счёт оплаты этапов пропорционально их стоимости" in contract
        assert "Зачтённая сумма указывается в акте сдачи-приёмки." in contract
        assert "НДС в её составе" not in contract
    path = repo_of(ws, RU1)
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-02")
    run("accept", path, "prototypes", "--date", "2026-12-10")
    act = normal(docx_text(path / "out" / "act-1-2026-031.docx"))
    # 30 000 of 243 500 ₽ × the 121 750 ₽ received = 15 000 ₽
    assert ("В счёт стоимости оказанных услуг по настоящему Акту в порядке, установленном Договором, зачтена "
            "предоплата в размере 15 000 (пятнадцать тысяч) рублей 00 копеек.") in act, act
    assert "в том числе НДС" not in act


# --- 5. A simple electronic signature does not sign the contract itself (63-ФЗ ст. 6 ч. 2) ------

@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_contract_itself_is_signed_on_paper_or_with_a_qualified_signature(tmp_path, fmt):
    """63-ФЗ ч. 2 ст. 6: an agreement on a simple electronic signature binds once the contract
    holding it is concluded, so it cannot sign that contract; ч. 1 ст. 6: a qualified signature
    needs no agreement. Later documents follow the clause."""
    text = rendered(RU1, "contract", fmt, tmp_path)
    assert ("Настоящий Договор подписывается Сторонами собственноручно на бумажном носителе либо в форме "
            "электронного документа, подписанного усиленными квалифицированными электронными подписями Сторон "
            "(часть 1 статьи 6 Федерального закона от 06.04.2011 № 63-ФЗ «Об электронной подписи»), и порядок, "
            "установленный настоящим пунктом, применяется к документам, направляемым после его подписания. "
            "Стороны договорились, что приложения и дополнительные соглашения к Договору, акты, уведомления, "
            "претензии и иные документы по Договору, направленные Стороной со своего адреса") in text
    assert "Стороны договорились, что Договор," not in text


# --- 7. Invoice numbers unique per seller -------------------------------------------------------

def test_invoice_numbers_of_two_clients_never_coincide(ws):
    """A seller's invoice numbers identify one invoice (and a счёт-фактура's number must be unique,
    НК РФ п. 5 ст. 169): each project's numbers carry its own prefix, the contract number by
    default, so two clients never both get «2026-001» and no counter is shared between machines."""
    first = repo_of(ws, RU1, "romashka")
    second = repo_of(ws, variant(("  number: 2026-031\n", "  number: 2026-032\n  invoice_prefix: ЛТ\n")), "lotos")
    for path in (first, second):
        run("sign", path, "--date", "2026-12-01")
        run("invoice", path, "prepayment", "--date", "2026-12-01")
    one = normal(docx_text(first / "out" / "invoice-2026-001-2026-031.docx"))
    two = normal(docx_text(second / "out" / "invoice-2026-001-2026-032.docx"))
    assert "СЧЁТ НА ОПЛАТУ № 2026-031/2026-001 от 1 декабря 2026 г." in one
    assert "Оплата по счёту № 2026-031/2026-001 от 01.12.2026 по Договору № 2026-031" in one
    assert "СЧЁТ НА ОПЛАТУ № ЛТ/2026-001 от 1 декабря 2026 г." in two
    # a number once issued never changes: a record from before the prefix prints its id
    from contractkit.store.payments import InvoiceRecord
    old = InvoiceRecord(id="2026-001", year=2026, number=1, date="2026-12-01", installment="1",
                        amount="121750", version="contract")
    assert old.label == "2026-001"
    # the same prefix in two projects of a workspace is a warning
    edit(second / "project.yaml", "  invoice_prefix: ЛТ\n", "  invoice_prefix: 2026-031\n")
    out = flat(run("check", second).output)
    assert ("invoice numbers start with «2026-031/» here and in romashka: give each project its own "
            "contract.invoice_prefix (or contract number), or two clients get the same invoice number") in out


# --- 8. Letters of an organisation, without internal codes --------------------------------------

COMPANY = (RU1.split("contractor:\n", 1)[1].split("\nclient:\n", 1)[0],
           """  kind: company
  name: Общество с ограниченной ответственностью «Студия Соколова»
  short_name: ООО «Студия Соколова»
  address: 141400, Московская обл., г. Химки, ул. Ленина, д. 5, оф. 12
  email: studio@example.ru
  inn: "7714567895"
  kpp: "771401001"
  ogrn: "1127746123450"
  signatory:
    name: Соколов Андрей Викторович
    position: Генеральный директор
    basis: charter
  bank:
    name: ПАО Сбербанк
    bik: "044525225"
    correspondent_account: "30101810400000000225"
    account: "40702810938000012345"
""")


def test_an_organisation_writes_its_letters_in_the_third_person(ws):
    """An organisation acts through its bodies (ГК РФ ст. 53): its letters speak as the party,
    «Исполнитель сообщает», not «Сообщаю … я сверю»; a person keeps the first person."""
    path = repo_of(ws, variant(COMPANY))
    run("sign", path, "--date", "2026-12-01")
    run("invoice", path, "prepayment", "--date", "2026-12-01")
    run("remind", path, "--date", "2026-12-15")
    run("notice", "delay", path, "design", "--days", "2", "--reason", "Болезнь дизайнера", "--date", "2026-12-04")
    import email
    from email import policy

    def mail(name):
        msg = email.message_from_bytes((path / "out" / name).read_bytes(), policy=policy.default)
        return normal(msg.get_body(("plain",)).get_content())

    remind = mail("letter-001-remind.eml")
    assert "Исполнитель напоминает об оплате по Договору № 2026-031 от 1 декабря 2026 г." in remind
    assert "Исполнитель просит перечислить" in remind and "Исполнитель сверит поступление." in remind
    assert "Напоминаю" not in remind and "я сверю" not in remind and "Прошу" not in remind
    from tests.readback import pdf_pages

    delay = normal(" ".join(pdf_pages(path / "out" / "letter-002-delay-2026-031.pdf")))
    assert "Исполнитель предлагает перенести срок этапа «Дизайн-макеты" in delay
    assert "Сообщаю" not in delay and "прошу" not in delay.lower().replace("просит", "")
    assert "Исполнитель просит согласовать новый срок: изменение сроков оформляется" in delay


def test_check_warns_on_a_sole_proprietors_short_name_without_ip():
    """ГК РФ ст. 23: a sole proprietor acts as one; invoices, acts and the claim print `short_name`,
    so «Смирнов О. В.» there drops «ИП» (and the ОГРНИП beside it)."""
    ip = "  ogrnip: \"316502900012348\"\n"
    bare = variant((ip, ip + "  short_name: Соколов А. В.\n"))
    assert ["contractor.short_name «Соколов А. В.» has no «ИП»: invoices, acts and claims name the party by "
            "it, and a sole proprietor is named with the legal form (ГК РФ ст. 23): write «ИП Соколов А. В.» "
            "or drop short_name"] == [w for w in warnings_of(bare) if "short_name" in w]
    assert not [w for w in warnings_of(variant((ip, ip + "  short_name: ИП Соколов А. В.\n"))) if "short_name" in w]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_an_app_collects_data_through_its_screens(tmp_path, fmt):
    """152-ФЗ ч. 3 ст. 6: the instruction names the data and where it comes from; an app has
    registration screens and other interfaces, not a site's forms."""
    app = rendered(variant(PROGRAM), "contract", fmt, tmp_path)
    assert ("предусматривает сбор персональных данных пользователей через экраны регистрации и иные интерфейсы "
            "приложения.") in app
    assert "сведения, которые пользователи вводят в экраны регистрации и иные интерфейсы приложения" in app
    site = rendered(RU1, "contract", fmt, tmp_path)
    assert "сбор персональных данных пользователей через формы сбора данных." in site


# --- 6. A works contract names the contractor «Подрядчик» (ГК РФ ст. 702) -----------------------

def every_text(out: Path) -> dict[str, str]:
    """{file name: its text} of every document in out/ (DOCX and PDF read back, HTML and .eml as text)."""
    from tests.readback import pdf_pages

    texts = {}
    for f in sorted(out.rglob("*")):
        if f.suffix == ".docx":
            texts[f.name] = docx_text(f)
        elif f.suffix == ".pdf":
            texts[f.name] = " ".join(pdf_pages(f))
        elif f.suffix in (".html", ".eml"):
            import email
            from email import policy

            if f.suffix == ".eml":
                msg = email.message_from_bytes(f.read_bytes(), policy=policy.default)
                texts[f.name] = msg["Subject"] + " " + msg.get_body(("plain",)).get_content()
            else:
                texts[f.name] = f.read_text(encoding="utf-8")
    return texts


def run_through(path: Path) -> None:
    """Every Russian document of a project: the contract and annexes, an invoice, acts with and
    without remarks, a delay notice, a reminder, an update, a claim, the rights act, an estimate
    and an addendum, the client's page."""
    run("render", path, "--doc", "all", "--format", "pdf,docx")
    run("sign", path, "--date", "2026-12-01")
    run("invoice", path, "prepayment", "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-02")
    run("accept", path, "prototypes", "--remark", "Нет мобильной версии", "--fix-by", "2026-12-14",
        "--date", "2026-12-09")
    run("accept", path, "prototypes", "--date", "2026-12-15")
    run("notice", "delay", path, "design", "--days", "2", "--reason", "Болезнь дизайнера", "--date", "2026-12-16")
    run("update", path, "--date", "2026-12-18")
    edit(path / "project.yaml", "    price: 18500\n", "    price: 28500\n")
    run("change", path, "-m", "Ещё 10 страниц", "--requested-on", "2026-12-18", "--estimate")
    run("addendum", path, "--date", "2026-12-21")
    run("sign", path, "--date", "2026-12-21")
    run("accept", path, "all", "--date", "2027-01-29")
    run("invoice", path, "final", "--date", "2027-01-29")
    run("remind", path, "--date", "2027-02-20")
    run("claim", path, "--date", "2027-03-10")
    run("paid", path, "final", "--date", "2027-03-11")
    run("paid", path, "addendum-1", "--date", "2027-03-11")
    run("accept", path, "--rights", "--date", "2027-03-12")
    run("publish", path)


def test_every_document_of_a_works_contract_names_the_podryadchik(ws):
    """ГК РФ ст. 702: in a подряд the parties are the подрядчик and the заказчик; «Исполнитель» is
    the party to a services contract (ст. 779). Every document of a works project, read back
    (PDF, DOCX, HTML, e-mail), says «Подрядчик» in every case; a services project keeps «Исполнитель»."""
    works = repo_of(ws, variant(("  type: services ", "  type: work ")), "works")
    run_through(works)
    texts = every_text(works / "out")
    kinds = {name.split("-")[0] for name in texts}
    assert {"contract", "scope", "payments", "support", "brief", "invoice", "act", "letter", "addendum",
            "cr", "index.html"} <= kinds | {n for n in texts if n == "index.html"}, kinds
    for name, text in texts.items():
        assert "Исполнител" not in text and "ИСПОЛНИТЕЛ" not in text, (name, text[text.find("сполнител") - 80:][:200])
    contract = normal(texts["contract-2026-031.docx"])
    assert "именуемый в дальнейшем «Подрядчик»" in contract
    assert "Подрядчик обязуется по заданию Заказчика выполнить работы" in contract
    assert "на расчётный счёт Подрядчика" in contract and "Подрядчику мотивированный отказ" in contract
    assert "Сдал — Подрядчик" in normal(texts["act-2-2026-031.docx"])
    services = repo_of(ws, RU1, "services")
    run("render", services, "--doc", "all", "--format", "docx")
    text = normal(docx_text(services / "out" / "contract-2026-031.docx"))
    assert "именуемый в дальнейшем «Исполнитель»" in text and "Подрядчик" not in text


def test_a_claim_to_a_sole_proprietor_names_him_as_one_with_his_ogrnip(ws):
    """ГК РФ ст. 23, АПК РФ ст. 125 ч. 2 п. 2: a sole proprietor is a party as one, identified by
    the ОГРНИП; the claim names the debtor so, never «Соколов А. В.» alone."""
    ip_block = RU1.split("contractor:\n", 1)[1].split("\nclient:\n", 1)[0]
    client_block = RU1.split("\nclient:\n", 1)[1].split("\ntax:\n", 1)[0]
    path = repo_of(ws, RU1.replace(client_block, ip_block.rstrip("\n") + "\n  short_name: ИП Соколов А. В.\n", 1))
    run("sign", path, "--date", "2026-12-01")
    run("claim", path, "--date", "2026-12-21", "--format", "docx")
    text = normal(docx_text(next((path / "out").glob("letter-*-claim*.docx"))))
    who = "Индивидуальный предприниматель Соколов Андрей Викторович (ОГРНИП 316502900012348)"
    # the addressee in the dative, as for a company's head (review-ru2 R7.1)
    assert ("Кому: индивидуальному предпринимателю Соколову Андрею Викторовичу (ОГРНИП 316502900012348), "
            "141400") in text
    assert f"{who} (далее — «Заказчик»)" in text
