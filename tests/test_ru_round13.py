"""Minor findings of the Russian commercial-law review of session 7 (/work/review-ru/REPORT.md, R8, R10–R16,
R20, R21), each checked in the rendered PDF (pypdf) or DOCX (python-docx) text or in the CLI's output.

The projects are the reviewer's own (tests/data/ru-13-*.yaml): p1 «Чайная лавка» (ООО studio -> ИП, works,
VAT 5 %), p2 «Северный ветер» (самозанятый designer -> ООО, services) and p3 (ИП -> a German GmbH, EUR)."""

import re
from pathlib import Path

import pytest

from tests.conftest import reviewer_project, run
from tests.readback import docx_text, out_docx, out_pdf

DATA = Path(__file__).parent / "data"
GK = "Гражданского кодекса Российской Федерации"


_repo = reviewer_project


def _next(folder: Path, data: str, message: str) -> None:
    import git

    (folder / "project.yaml").write_text((DATA / data).read_text(encoding="utf-8"), encoding="utf-8")
    with git.Repo(folder) as repo:
        repo.git.add(A=True)
        repo.index.commit(message)


_pdf, _docx = out_pdf, out_docx


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def studio(ws):
    """p1 signed, prepaid, then addendum 1 (stage «Интеграция с 1С» added, so «интеграция с 1С» leaves
    the contract's out-of-scope list of two)."""
    path = _repo(ws, "p1", "ru-13-studio.yaml", "company", "works")
    run("render", path)
    run("sign", path, "--date", "2026-12-21", "--by", "Смирнова Е. В.", "--by", "Орлов Д. А.")
    run("paid", path, "prepayment", "--date", "2026-12-25")
    return path


def test_a_deleted_item_leaves_no_list_of_one_and_the_restated_annex_is_whole(studio):
    """R8: deleting one of two «не входят» items restates п. 1.4 whole, as one sentence in the
    singular, not «1.4 … не входят: 1.4.1. фотосъёмка товаров;». R10: an annex restated «в новой
    редакции» replaces the whole annex, its heading with the project's title included (ГК РФ ст. 450,
    452: the addendum states the text in force)."""
    contract = _pdf(studio, "contract-*.pdf")
    assert "1.4. В предмет Договора не входят: 1.4.1. фотосъёмка товаров; 1.4.2. интеграция с 1С." in contract
    _next(studio, "ru-13-studio-v2.yaml", "1C")
    run("change", studio, "-m", "Интеграция с 1С", "--reason", "Заказчик перешёл на 1С",
        "--requested-on", "2027-01-14")
    run("addendum", studio, "--date", "2027-01-18")
    for text in (_pdf(studio, "addendum-1-*.pdf"), _docx(studio, "addendum-1-*.docx")):
        flat = re.sub(r"(\w)- (\w)", r"\1\2", text)
        assert ("Пункт 1.4 Договора изложить в следующей редакции: «1.4. В предмет Договора не входит "
                "фотосъёмка товаров».") in flat, flat[:3000]
        body = flat.split("Приложение № 1 к Договору в новой редакции")[0]
        assert "Подпункт 1.4.2 Договора исключить" not in body and not re.search(r"(?<![\d.])1\.4\.[12]\.", body)
        assert ("Приложение № 1 к Договору в новой редакции ТЕХНИЧЕСКОЕ ЗАДАНИЕ Интернет-магазин «Чайная лавка» "
                "1. ЦЕЛИ И ТРЕБОВАНИЯ") in flat
        assert "Не входит в объём Работ фотосъёмка товаров." in flat  # the annex says it the same way
        # a sub-clause is quoted as its list has it, with its closing stop (R15)
        assert ("Дополнить пункт 11.1 Договора подпунктом 11.1.4 следующего содержания: «11.1.4. результат "
                "этапа „Интеграция с 1С“.».") in flat


def test_added_out_of_scope_items_keep_the_signed_numbers(ws):
    """R15: «Брендбук» written first in `out_of_scope` after the contract listed two items is added as
    1.3.3 by one clause; the signed 1.3.1 and 1.3.2 keep their numbers and text (ГК РФ ст. 450, 452:
    an addendum amends the signed text by its signed numbers). R16: a services addendum says
    «услуги … не оказываются», not «этап не выполняется»."""
    path = _repo(ws, "p2e", "ru-13-design.yaml", "npd", "services")
    run("render", path)
    run("sign", path, "--date", "2027-02-01")
    run("paid", path, "prepayment", "--date", "2027-02-03")
    _next(path, "ru-13-design-v2e.yaml", "no brandbook")
    run("change", path, "-m", "Без брендбука", "--reason", "Бюджет перераспределён", "--requested-on", "2027-02-10")
    run("addendum", path, "--date", "2027-02-12")
    addendum = re.sub(r"(\w)- (\w)", r"\1\2", _pdf(path, "addendum-1-*.pdf"))
    assert ("Дополнить пункт 1.3 Договора подпунктом 1.3.3 следующего содержания: «1.3.3. брендбук.».") in addendum
    assert "Подпункт 1.3.1 Договора изложить" not in addendum and "Подпункт 1.3.2 Договора изложить" not in addendum
    assert "услуги по этому этапу не оказываются и не оплачиваются" in addendum
    assert "этот этап не выполняется" not in addendum
    run("render", path, "--doc", "contract", "--format", "pdf")
    contract = _pdf(path, "contract-*.pdf")  # the contract as amended: the signed numbers, the new one last
    assert "1.3.1. дизайн упаковки; 1.3.2. печать и производство носителей; 1.3.3. брендбук." in contract


def test_a_services_addendum_and_annex_speak_of_services(ws):
    """R16: in a contract of services (гл. 39 ГК РФ) the added stage has «срок оказания услуг по
    этапу», and the annex's table and start rule speak of services, not «работ»."""
    path = _repo(ws, "p2b", "ru-13-design.yaml", "npd", "services")
    run("render", path)
    run("sign", path, "--date", "2027-02-01")
    run("paid", path, "prepayment", "--date", "2027-02-03")
    _next(path, "ru-13-design-v2b.yaml", "landing")
    run("change", path, "-m", "Промо-лендинг", "--reason", "Запуск дегустаций", "--requested-on", "2027-02-10")
    run("addendum", path, "--date", "2027-02-12")
    addendum = _pdf(path, "addendum-1-*.pdf")
    assert "срок оказания услуг по этапу — 5 рабочих дней" in addendum
    assert "срок выполнения" not in addendum
    run("render", path, "--doc", "scope", "--format", "docx")
    scope = _docx(path, "scope-*.docx")
    assert "начала работ" not in scope and "Работы начинаются" not in scope


def test_the_rights_act_lists_each_file_once_and_licensed_objects_in_its_operative_list(studio):
    """R12: a file (by its SHA-256) already accepted as the result of one stage is refused for
    another: the object alienated is identified once (ГК РФ ст. 1234). R11: what `--licensed` adds
    about an object of the contract's list goes into that object's item of п. 6, a term both parties
    sign, not a statement of one party; an object the list does not name (a plugin *for* WooCommerce
    is not WooCommerce) is refused, since п. 11.6 admits it only with the client's written consent
    (ГК РФ ст. 1235, 1238). R13: a descriptive licence name is quoted."""
    files = studio.parent / "files"
    files.mkdir()
    (files / "design-v3.fig").write_bytes(b"figma export v3")
    (files / "design-guide.pdf").write_bytes(b"%PDF fake")
    run("accept", studio, "design", "--date", "2027-01-26", "--files", files / "design-v3.fig",
        "--files", files / "design-guide.pdf")
    refused = _flat(run("accept", studio, "development", "--date", "2027-03-03",
                        "--files", files / "design-guide.pdf", ok=False).output)
    assert ("--files design-guide.pdf: the same file (SHA-256 1ade37ff1ff5…) was delivered as the result of "
            "stage design by act 1 of 2027-01-26") in refused
    assert not list((studio / "out").glob("act-2-*"))  # nothing written
    run("accept", studio, "development", "--date", "2027-03-03")
    run("paid", studio, "2", "--date", "2027-03-05")
    run("accept", studio, "all", "--date", "2027-03-16")
    run("paid", studio, "final", "--date", "2027-03-18")
    plugin = "плагин «ЮKassa для WooCommerce» — на условиях лицензии GNU GPL версии 3"
    said = _flat(run("accept", studio, "--rights", "--date", "2027-03-19", "--licensed", plugin, ok=False).output)
    assert "is not among the contract's third-party objects" in said and "written consent" in said
    note = "шрифт Montserrat — на условиях лицензии SIL Open Font License 1.1, текст лицензии передан с файлами"
    run("accept", studio, "--rights", "--date", "2027-03-19", "--licensed", note)
    for act in (_pdf(studio, "act-4-*.pdf"), _docx(studio, "act-4-*.docx")):
        assert act.count("design-guide.pdf:") == 1, act
        assert ("шрифт «Montserrat» — на условиях лицензии SIL Open Font License 1.1; при передаче прав Стороны "
                f"указали: «{note}»;") in act, act
        assert "При передаче прав" not in act and "указал:" not in act
        assert "ЮKassa для WooCommerce" not in act
        assert "лицензией «Стандартная лицензия фотобанка „Лори“» (статья 1238 " + GK + ")" in act
    contract = _pdf(studio, "contract-*.pdf")
    assert "лицензией «Стандартная лицензия фотобанка „Лори“», на весь срок её действия" in contract


def test_a_woman_contractor_is_ею_and_её_throughout(ws):
    """R14: the contract follows the person's gender wherever a pronoun stands for the contractor,
    as the НПД clause («не состояла», 422-ФЗ ст. 6 ч. 2 п. 8) and the warranty of 11.6 already do;
    «Подрядчик приобрёл» beside «ею» becomes «приобретены Подрядчиком»."""
    path = _repo(ws, "r14", "ru-13-design.yaml", "npd", "works", lambda t: t.replace(
        "Кузнецов Артём Игоревич", "Кузнецова Алина Игоревна").replace("gender: male", "gender: female")
        .replace("type: services", "type: work"))
    run("render", path, "--doc", "contract", "--format", "pdf")
    contract = _pdf(path, "contract-*.pdf")
    assert "Результаты созданы ею лично или привлечёнными ею лицами" in contract
    assert "приобретены Подрядчиком в объёме" in contract and "Подрядчик приобрёл" not in contract
    assert "в отношении привлечённых ею лиц" in contract
    assert "допущенные по её вине" in contract and "по его вине" not in contract
    assert "иждивением Подрядчика: её силами и средствами" in contract
    assert "не состояла с Заказчиком" in contract
    assert "привлечённых им лиц" not in contract and "понесённых им расходов" not in contract


def test_a_foreign_client_is_named_and_identified_as_foreign(ws):
    """R20: a GmbH has no Russian noun to agree with («компания …, именуемая»), acts on its founding
    documents (not a Russian «Устав»), its Latin name gives initials given name first («A. Weber»),
    and its account is an IBAN, not a «р/с»."""
    path = _repo(ws, "p3", "ru-13-foreign.yaml", "ip", "works")
    run("render", path, "--doc", "contract", "--format", "pdf")
    contract = _pdf(path, "contract-*.pdf")
    # with its country and register (review-ru2 R7.12)
    assert ("Компания Möbelhaus Weber GmbH (Германия, HRB 123456 B, Amtsgericht Charlottenburg), именуемая в "
            "дальнейшем «Заказчик»") in contract
    # a Geschäftsführer acts on the register entry (§ 35 GmbHG), named by its number (review-ru5 R19)
    assert "действующей на основании выписки из торгового реестра (HRB 123456 B)" in contract
    assert "Устава" not in contract
    assert "/ A. Weber /" in contract and "W. Anna" not in contract
    assert "IBAN DE89370400440532013000" in contract and "р/с DE89" not in contract
    assert "р/с 40802978545102734646" in contract  # the contractor's own account keeps its word


def test_cli_wording_and_a_client_bank_not_known_yet(ws):
    """R21: `check`'s НПД limit warning prints money as `status` does; `new --as npd` comments the
    account as a «счёт» (a person's 40817…, not a «расчётный счёт»); a client company whose bank is not
    known yet gets blank lines to fill, like its blank ИНН/КПП/ОГРН."""
    path = _repo(ws, "p2", "ru-13-design.yaml", "npd", "services",
                 lambda t: t.replace("income_this_year: 2100000", "income_this_year: 2300000"))
    out = _flat(run("check", path).output)
    assert "income this year with this contract, 2 450 000,00 ₽, passes the НПД limit of 2 400 000,00 ₽" in \
        out.replace("\u00a0", " "), out
    run("new", ws / "fresh", "--as", "npd")
    fresh = (ws / "fresh" / "project.yaml").read_text(encoding="utf-8")
    assert 'account: "FILL счёт, 20 цифр (40817…)"' in fresh and "FILL расчётный счёт, 20 цифр" not in fresh
    run("render", path, "--doc", "contract", "--format", "docx")
    contract = docx_text(next((path / "out").glob("contract-*.docx")))
    requisites = contract.split("АДРЕСА, РЕКВИЗИТЫ И ПОДПИСИ СТОРОН")[-1]
    client = requisites.split("ООО «Северный ветер»", 1)[1].split("Кузнецов")[0]
    assert "ИНН ________________, КПП ________________" in client
    assert re.search(r"р/с _{10,}\s+в _{10,}\s+к/с _{10,}\s+БИК _{10,}", client), client


def test_status_warns_of_the_deadline_it_prints(ws):
    """R21: after the client's delay moved stage «logo» (notice of 12.02, ГК РФ ст. 406, 719), `status`
    printed «deadline 2027-03-02 (… extended for the client's delay)» and, beside it, «stage logo is
    due 2027-02-25, in 1 working day(s)»: the warning now says the signed date is held back by the
    client's delay and names the date in force."""
    path = _repo(ws, "p2", "ru-13-design.yaml", "npd", "services")
    run("render", path)
    run("sign", path, "--date", "2027-02-01")
    run("paid", path, "prepayment", "--date", "2027-02-03")
    run("asked", path, "Фотографии интерьеров кофеен", "--date", "2027-02-04")
    run("notice", "delay", path, "concept", "--days", "1", "--client-caused", "--reason",
        "Заказчик не предоставил фотографии интерьеров в срок", "--date", "2027-02-12")
    run("received", path, "R-001", "--date", "2027-02-16")
    run("accept", path, "concept", "--date", "2027-02-24")
    out = _flat(run("status", path, "--date", "2027-02-24").output)
    assert "logo in progress, deadline 2027-03-02 (signed 2027-02-25, extended for the client's delay)" in out, out
    assert "is due 2027-02-25" not in out
    # the client was told of the concept's move only: the warning names both dates, as status does
    assert ("warning: stage logo's deadline 2027-02-25 is held back by the client's delay (in force "
            "2027-03-02) and the client was not told") in out
