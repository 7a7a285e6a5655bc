"""Issue 24, Russian documents round 8: the lawyer's review-ru5 majors 4-11 and minors 13-19,
read back from the rendered documents and the client's page.

A term moved
under the contract's extension clause needs no addendum. An alienation states its price (п. 3 ст.
1234 ГК РФ), a sublicence its price (п. 5 ст. 1235), the right passes at one moment (п. 4 ст. 1234).
A ПЭП is the signature of a person (ч. 2 ст. 9 63-ФЗ). A written-contract debt up to 750 000 ₽ goes
to a судебный приказ (ст. 229.2 АПК РФ).
"""

import re
from pathlib import Path

from pypdf import PdfReader

from tests.conftest import run
from tests.readback import docx_text, normal
from tests.test_ru_round3 import STOCK, _rendered, vector
from tests.test_ru_round5 import OSN, PROGRAM, repo_of, variant
from tests.test_ru_round7 import _waiting_on_texts

GK = "Гражданского кодекса Российской Федерации"


def _pdf(path: Path) -> str:
    return normal(" ".join(page.extract_text() for page in PdfReader(str(path)).pages))


def _docx(folder: Path, pattern: str) -> str:
    return normal(docx_text(str(max(folder.glob(pattern), key=lambda p: p.stat().st_mtime_ns))))


def _flat(text: str) -> str:
    return " ".join(text.split())


# --- Major 5: the page lists signed documents whose names are Cyrillic -----------------------

def test_page_lists_the_signed_documents_of_a_cyrillic_contract_number(ws):
    """A contract numbered «МП-2026/17» names its files «contract-МП-2026-17…»; the page's
    «Подписанные документы» listed none of them («0 document(s)»)."""
    from tests.test_ru_clauses import RU1

    path = repo_of(ws, variant(("  number: 2026-031", "  number: МП-2026/17"), text=RU1))
    run("sign", path, "--date", "2026-12-01")
    out = _flat(run("publish", path).output)
    count = int(re.search(r"\((\d+) document\(s\) beside it", out).group(1))
    assert count >= 2, out
    html = (path / "out" / "site" / "index.html").read_text(encoding="utf-8")
    assert "Подписанные документы" in html
    assert ">contract-МП-2026-17" in html or "contract-МП-2026-17</span>" in html, html[-3000:]
    assert 'href="documents/contract-%D0%9C%D0%9F-2026-17' in html
    assert list((path / "out" / "site" / "documents").glob("contract-МП-2026-17*.pdf"))


# --- Major 6: the page and the notice say the same about an addendum ------------------------

def test_page_and_delay_notice_say_one_text_on_the_addendum(ws):
    """A term moved under the contract's extension clause (ст. 406, 719 ГК РФ) needs no addendum:
    the notice and the client's page word it alike, «перенос действует в силу п. N Договора;
    дополнительное соглашение не требуется»; the page no longer promises an addendum."""
    path = _waiting_on_texts(ws)
    run("notice", "delay", path, "design", "--client-caused", "--reason", "Заказчик не предоставил тексты",
        "--date", "2026-12-18", "--format", "docx")
    letter = _docx(path / "out", "letter-001-delay*.docx")
    said = re.search(r"перенос действует в силу п\. (\d+\.\d+) Договора; дополнительное соглашение не "
                     r"требуется", letter)
    assert said, letter
    run("publish", path, "--date", "2026-12-18")
    page = normal((path / "out" / "site" / "index.html").read_text(encoding="utf-8"))
    assert said.group(0) in page
    assert "зафиксирует" not in page


# --- Major 7 and 9: the support annex's price of the right and its VAT; one rule on passing --

def test_support_annex_states_the_fee_vat_and_the_price_of_the_right(ws):
    """п. 3 ст. 1234 ГК РФ: the alienation states its price (a share of the month's fee); a VAT
    payer states the VAT and the total of the monthly fee (п. 4 ст. 168 НК РФ)."""
    path = repo_of(ws, variant(OSN))
    support = _rendered(path, "support")
    assert ("Абонентская плата составляет 12 000 (двенадцать тысяч) рублей 00 копеек, НДС 22 % — 2 640 (две "
            "тысячи шестьсот сорок) рублей 00 копеек, всего 14 640 (четырнадцать тысяч шестьсот сорок) рублей "
            "00 копеек в месяц.") in support, support[:2500]
    # review-ru5 R16: the VAT on the rights fee is a sum of its own (НК РФ ст. 168 п. 4), not «без учёта»
    assert ("Вознаграждение за отчуждение исключительного права на результаты, переданные в расчётном месяце, "
            "составляет 10 % абонентской платы за этот месяц, что равно 1 200 (одна тысяча двести) рублей 00 "
            "копеек") in support
    assert "без учёта НДС 22 % — и входит в неё" not in support
    assert f"(пункт 3 статьи 1234 {GK})" in support
    assert "включено в абонентскую плату" not in support
    # major 9: the support annex passes the right as the contract does, on an act after payment
    assert ("переходит к Заказчику с момента подписания Сторонами акта об оказании услуг поддержки за расчётный "
            f"месяц, в котором результат передан, после оплаты этого месяца (пункт 4 статьи 1234 {GK})") in support


def test_contract_has_one_rule_on_when_the_rights_pass(ws):
    """п. 4 ст. 1234 ГК РФ: the right passes when the contract says; п. 11.2 (on the act after full
    payment) and the clause on termination (results created until then) must say the same."""
    from tests.test_ru_clauses import RU1

    contract = _rendered(repo_of(ws, RU1), "contract")
    assert ("Исключительные права переходят к Заказчику с момента подписания Сторонами акта о передаче "
            "исключительных прав, который Исполнитель направляет Заказчику в течение 5 рабочих дней после "
            f"полной оплаты цены Договора (пункт 4 статьи 1234 {GK}).") in contract
    assert ("Исключительные права на такие результаты переходят к Заказчику с момента подписания Сторонами "
            f"акта о передаче исключительных прав после их оплаты (пункт 4 статьи 1234 {GK}).") in contract
    assert "переходят к Заказчику после их оплаты." not in contract


# --- Major 8 and minor 14: a sublicence's price, the stock name once -------------------------

STOCK_PRICED = STOCK.replace("""    - name: Shutterstock
      kind: stock_image
      license: Shutterstock Standard License
""", """    - name: Фотографии кофейных зёрен с фотобанка Shutterstock
      kind: stock_image
      license: Shutterstock Standard License
      deliverable: identity
      price: 3000
""")


def _with_stock(text: str, stock: str = STOCK_PRICED) -> str:
    return text[:text.index("  third_party:\n")] + stock + text[text.index("  disputes:"):]


def test_sublicence_price_is_stated_within_a_named_stage(ws):
    """п. 5 ст. 1235 ГК РФ: a paid licence states its price or how it is found: the amount and the
    stage whose price includes it; a stock name that says «фотобанк» is not wrapped in
    «изображения из фотобанка «…»» again; «магазины приложений» only where a program passes."""
    assert STOCK_PRICED != STOCK
    path = vector(ws, _with_stock)
    contract = _rendered(path, "contract")
    assert ("Фотографии кофейных зёрен с фотобанка Shutterstock — Подрядчик предоставляет Заказчику право "
            "использования на условиях сублицензии") in contract, contract
    assert "изображения из фотобанка «Фотографии" not in contract
    assert ("вознаграждение за предоставление сублицензии составляет 3 000 (три тысячи) рублей 00 копеек и "
            "входит в цену этапа «Фирменный стиль: бланк, визитка, шаблон презентации», указанную в Приложении № 1 (пункт 5 статьи 1235 "
            f"{GK})") in contract
    assert "магазинах приложений" not in contract
    bad = vector(ws / "bad", lambda t: _with_stock(t, STOCK_PRICED.replace("deliverable: identity",
                                                                           "deliverable: poster")))
    said = _flat(run("check", bad, ok=False).output)
    assert "no deliverable with id 'poster'" in said and "Traceback" not in said


# --- Major 10: the rights act lists an object once and nothing outside п. 11.4 ----------------

def test_rights_act_merges_licensed_with_the_contract_list_and_refuses_others(ws):
    """The act repeated the stock photos (item 2 from п. 11.4, item 3 from `--licensed`) under two
    sets of terms; an object the contract does not list cannot be licensed by the act."""
    path = vector(ws, _with_stock)
    run("sign", path, "--date", "2027-03-01")
    run("paid", path, "prepayment", "--date", "2027-03-03")
    run("accept", path, "all", "--date", "2027-03-31")
    run("paid", path, "final", "--date", "2027-04-05")
    refused = run("accept", path, "--rights", "--date", "2027-04-06", "--licensed", "шрифт Inter", ok=False)
    said = _flat(refused.output)
    assert "--licensed 'шрифт Inter' is not among the contract's third-party objects" in said
    assert "Traceback" not in said and not list((path / "out").glob("act-2-*"))  # nothing written
    run("accept", path, "--rights", "--date", "2027-04-06", "--licensed",
        "фотографии кофейных зёрен из фотобанка Shutterstock — на условиях Shutterstock Standard License",
        "--format", "docx")
    act = _docx(path / "out", "act-2-*.docx")
    assert act.count("Shutterstock Standard License") == 1, act
    assert ("вознаграждение за сублицензию составляет 3 000 (три тысячи) рублей 00 копеек и входит в цену этапа "
            "«Фирменный стиль: бланк, визитка, шаблон презентации»") in act


# --- Major 11 and minor 17: who signs by ПЭП; one electronic document under УКЭП -------------

def test_simple_signature_names_a_person_and_ukep_makes_one_document(ws):
    """ч. 2 ст. 9 63-ФЗ: the signer of a ПЭП is a person, not the legal entity; a contract signed
    with УКЭП is one electronic document, not «два экземпляра»."""
    from tests.test_ru_clauses import RU1

    contract = _rendered(repo_of(ws, RU1), "contract")
    assert ("лицом, подписавшим документ, считается лицо, подписавшее Договор от имени Стороны, либо лицо, "
            "действующее по доверенности, владеющее этим адресом (часть 2 статьи 9 Федерального закона от "
            "06.04.2011 № 63-ФЗ «Об электронной подписи»)") in contract
    assert "считается Сторона, владеющая этим адресом" not in contract
    assert ("Договор составлен в двух экземплярах, имеющих одинаковую юридическую силу, по одному для каждой "
            "Стороны, а при подписании усиленными квалифицированными электронными подписями — в форме одного "
            "электронного документа.") in contract


# --- Minors 13, 16, 19 --------------------------------------------------------------------------

def test_repository_named_once_and_register_exemption_stated(ws):
    """Minor 13: «в репозитории Заказчика репозиторий Заказчика на GitLab»; minor 19: a program in
    the register of Russian software is exempt from VAT (пп. 26 п. 2 ст. 149 НК РФ)."""
    repo = ("  personal_data_operator: client\n",
            "  personal_data_operator: client\n  source_repository: репозиторий Заказчика на GitLab\n")
    contract = _rendered(repo_of(ws, variant(OSN, PROGRAM, repo)), "contract")
    assert "размещая его в репозитории Заказчика на GitLab" in contract
    assert "репозитории Заказчика репозиторий" not in contract
    # review-ru5 R2: the exemption needs the registry entry on the day the right passes (a program made
    # under the contract is not in it yet): a condition, never a statement beside the VAT charged
    assert ("Если на дату перехода исключительного права программа для ЭВМ включена в единый реестр российских "
            "программ для электронных вычислительных машин и баз данных, вознаграждение за отчуждение "
            "исключительного права на неё НДС не облагается (подпункт 26 пункта 2 статьи 149 Налогового кодекса "
            "Российской Федерации), и Стороны подписывают дополнительное соглашение об уменьшении цены на сумму "
            "НДС.") in contract
    assert "Передача исключительного права на программу для ЭВМ, включённую в единый реестр" not in contract
    # a non-VAT contractor says nothing of it
    plain = _rendered(repo_of(ws, variant(PROGRAM), "usn"), "contract")
    assert "единый реестр российских программ" not in plain


def test_sole_proprietor_acts_in_its_own_name_and_signs_once(ws):
    """Minor 16: an ИП acts in its own name (ст. 23 ГК РФ); its signature block printed
    «Индивидуальный предприниматель» over «ИП …»."""
    from tests.test_ru_clauses import RU1

    contract = _rendered(repo_of(ws, RU1), "contract")
    assert re.search(r"индивидуальный предприниматель [^,]+ \(ОГРНИП \d+\), именуем\w+ в дальнейшем "
                     r"«Исполнитель», действующ\w+ от своего имени, с другой стороны", contract), contract[:800]
    tail = contract[contract.rindex("АДРЕСА, РЕКВИЗИТЫ И ПОДПИСИ СТОРОН"):]
    assert "Индивидуальный предприниматель ИП" not in tail


# --- Minor 18 and арбитраж: the page's words; a small claim goes to a судебный приказ ----------

def test_page_says_iterations_as_the_contract_does(ru_project):
    run("sign", ru_project, "--date", "2026-12-01")
    run("publish", ru_project)
    page = (ru_project / "out" / "site" / "index.html").read_text(encoding="utf-8")
    assert "Итераций правок" in page and "Раундов правок" not in page


def test_small_claim_in_the_arbitrazh_court_goes_to_a_court_order(ws):
    """ст. 229.1, 229.2 АПК РФ: a debt under a contract in simple written form up to 750 000 ₽ is
    decided by судебный приказ; an иск would be returned (п. 2.1 ч. 1 ст. 129 АПК РФ)."""
    from tests.test_ru_clauses import RU1

    path = repo_of(ws, RU1)
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-01")
    run("accept", path, "all", "--date", "2027-01-29")
    run("claim", path, "--date", "2027-03-01")
    claim = _pdf(next((path / "out").glob("letter-*-claim-*.pdf")))
    assert "Арбитражный суд города Москвы" in claim
    assert ("с заявлением о выдаче судебного приказа о взыскании задолженности и неустойки (статьи 229.1, "
            "229.2 Арбитражного процессуального кодекса Российской Федерации)") in claim, claim[-2500:]
    assert "с иском" not in claim
