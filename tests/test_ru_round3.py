"""Issue 24, Russian documents round 3: what the review found, read back from the rendered text.

RU-2 (vector-brand): a self-employed designer (НПД, a personal account 40817) and ООО «Вектор»,
a works contract (подряд, ГК РФ гл. 37) with a district court as the venue.
"""

import email
from email import policy

import git

from tests.conftest import EXAMPLES, copy_example, run
from tests.readback import normal, pdf_body
from tests.test_billing import flat

RU2_HEAD = "Договор № Д-2027-014 от 1 марта 2027 г."


def vector(ws, edit=None):
    """RU-2 as a committed repository; `edit` changes the project text first."""
    path = ws / "vector"
    copy_example("vector-brand", path)
    if edit:
        text = (path / "project.yaml").read_text(encoding="utf-8")
        (path / "project.yaml").write_text(edit(text), encoding="utf-8")
    with git.Repo.init(path, initial_branch="main") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("RU-2")
    return path


def test_check_refuses_a_client_without_email_when_the_clauses_rely_on_it(ws):
    """ГК РФ ст. 160 п. 2, 63-ФЗ ст. 6 п. 2: the ПЭП clause signs by the e-mail address named in
    the contract; the channels clause names each side's address or messenger."""
    path = vector(ws, lambda t: t.replace("  email: office@vector.example\n", "", 1))
    out = flat(run("check", path, ok=False).output)
    assert "no client.email: the electronic signature clause (terms.electronic_exchange)" in out
    assert "project.yaml:" in out and "Traceback" not in out
    # without the ПЭП clause, a messenger is a channel; with neither, it is refused again
    path2 = ws / "v2"
    copy_example("vector-brand", path2)
    text = (path2 / "project.yaml").read_text(encoding="utf-8").replace("  email: office@vector.example\n", "", 1)
    text = text.replace("electronic_exchange: true", "electronic_exchange: false", 1)
    (path2 / "project.yaml").write_text(text, encoding="utf-8")
    out = flat(run("check", path2, ok=False).output)
    assert "no client.email and no client.messenger: the clause on notices names no channel" in out
    (path2 / "project.yaml").write_text(text.replace("  kpp: \"772501001\"\n",
                                                     "  kpp: \"772501001\"\n  messenger: Telegram @vector\n", 1),
                                        encoding="utf-8")
    run("check", path2)


def test_claim_cites_the_venue_and_sub_clause_of_the_contract_and_pays_to_a_personal_account(ws):
    """ГК РФ ст. 309, 310, 330; ГПК РФ ст. 23, 32: the claim names the court the contract names,
    cites the installment's sub-clause, and a self-employed person's 40817 account is a «счёт»."""
    path = vector(ws)
    run("sign", path, "--date", "2027-03-01")
    run("paid", path, "prepayment", "--date", "2027-03-03")
    run("accept", path, "all", "--date", "2027-03-31")
    run("claim", path, "--date", "2027-04-20")
    eml = next((path / "out").glob("letter-*-claim.eml"))
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    text = normal(msg.get_body(("plain",)).get_content())
    assert "В соответствии с подпунктом 3.3.2 Договора Заказчик обязан был оплатить" in text
    assert "перечислить на счёт Подрядчика" in text and "расчётный счёт Подрядчика" not in text
    # one court: a debt up to 500 000 ₽ under the written contract is a судебный приказ of the
    # мировой судья (ГПК РФ ст. 121, 122, п. 1.1 ч. 1 ст. 135; review ru5, round 7)
    # п. 14.3 leaves a мировой судья to the ГПК's own rules, so the claim names the debtor's place (ГПК РФ
    # ст. 28, 123 ч. 1), never a court the clause does not name (review law-ru R3)
    assert ("обратится к мировому судье по месту нахождения Заказчика (статья 28 Гражданского процессуального "
            "кодекса Российской Федерации; пункт 14.3 Договора) с заявлением "
            "о вынесении судебного приказа о взыскании задолженности и неустойки (статьи 121, 122 Гражданского "
            "процессуального кодекса Российской Федерации).") in text
    # the .eml's plain text keeps the table's cells apart
    assert "Сумма долга | Срок оплаты | Период просрочки | Дней | Ставка в день | Неустойка" in text
    pdf = next((path / "out").glob("letter-*-claim-*.pdf"))
    assert "по месту нахождения Заказчика (статья 28" in normal(pdf_body(pdf, RU2_HEAD, "Страница"))
    assert "Мещанского районного суда" not in normal(pdf_body(pdf, RU2_HEAD, "Страница"))


def test_future_dates_are_warned_and_show_says_working_days(ws, monkeypatch):
    path = vector(ws)
    monkeypatch.setenv("CONTRACTKIT_TODAY", "2027-02-26")  # the clock every date check takes (R16)
    out = run("sign", path, "--date", "2027-03-01").output
    assert "warning: signing date 2027-03-01 is in the future (today is 2027-02-26)" in out
    # money that has not arrived is not recorded (sec11: a warning once, a refusal now)
    monkeypatch.setenv("CONTRACTKIT_TODAY", "2027-03-10")
    out = run("paid", path, "prepayment", "--date", "2099-03-03", ok=False).output
    assert "payment date: 2099-03-03 is after today (2027-03-10)" in out
    assert "recorded P-001" in run("paid", path, "prepayment", "--date", "2027-03-03").output
    # the schedule as `show` prints it: the days are the contract's working days
    shown = flat(run("show", path).output)
    assert "5 working days after" in shown and " 5 days after" not in shown


def test_status_counts_the_income_declared_for_this_year(ws):
    """422-ФЗ ст. 4 п. 2 пп. 8: НПД ends above 2.4 mln ₽ a year; tax.income_this_year is counted."""
    path = vector(ws, lambda t: t.replace("  regime: npd", "  regime: npd\n  income_this_year: 2000000", 1))
    run("sign", path, "--date", "2027-03-01")
    run("paid", path, "prepayment", "--date", "2027-03-03")
    status = flat(run("status", path).output)
    if __import__("datetime").date.today().year == 2027:
        assert "(tax.income_this_year)" in status
    from contractkit.flows.billing import open_book
    from contractkit.flows.billing.views import book_status

    with git.Repo(path) as repo:
        lines = " ".join(book_status(open_book(repo), __import__("datetime").date(2027, 3, 10)))
    assert ("received 56 000,00 ₽ from this client in 2027 and 2 000 000,00 ₽ before it "
            "(tax.income_this_year): 2 056 000,00 ₽ of the 2 400 000,00 ₽ limit, 344 000,00 ₽ left") in lines.replace("\u00a0", " ")


def test_publish_refuses_an_output_folder_inside_the_project(ws, monkeypatch):
    path = vector(ws)
    run("sign", path, "--date", "2027-03-01")
    monkeypatch.chdir(path)
    refused = run("publish", "--out", "public", ok=False).output
    assert "/vector/public: the folder is inside the project's repository" in refused
    assert not (path / "public").exists()
    with git.Repo(path) as repo:
        assert not [f for f in repo.untracked_files if f.startswith("public")]
    run("publish", "--out", str(ws / "site"))
    assert (ws / "site" / "index.html").is_file()


def test_requisites_not_known_yet_are_blanks_to_fill_in_by_hand(ws, tmp_path):
    """A company client whose ИНН, КПП, ОГРН and account are not known yet: «________» in the
    requisites; `check` lists each blank, `sign` warns; a company with no ИНН at all is warned of."""
    def blanks(text):
        for key in ('inn: "7725012341"', 'kpp: "772501001"', 'ogrn: "1027700123450"'):
            text = text.replace(key, key.split(":")[0] + ': ""', 1)
        return text.replace('account: "40702810538000054321"', 'account: ""', 1)

    path = vector(ws, blanks)
    out = flat(run("check", path).output)
    for field in ("client.inn", "client.kpp", "client.ogrn", "client.bank.account"):
        assert f"{field} is blank: the documents print «________» for it to be filled in by hand" in out
    signed = flat(run("sign", path, "--date", "2027-03-01").output)
    assert "warning: signed with a blank: client.inn is blank" in signed
    from tests.readback import docx_text

    run("render", path, "--doc", "contract", "--format", "docx")
    docx = normal(docx_text(next((path / "out").glob("contract-*.docx"))))
    assert "ИНН ________________, КПП ________________" in docx
    assert "ОГРН ________________" in docx and "р/с ____________________" in docx
    # the key deleted: a company with no ИНН is warned of
    gone = vector(tmp_path, lambda t: t.replace('  inn: "7725012341"\n', "", 1))
    assert "the client is a company with no ИНН (client.inn)" in flat(run("check", gone).output)


def _rendered(path, doc, fmt="docx"):
    from tests.readback import docx_text

    out = run("render", path, "--doc", doc, "--format", fmt).output
    name = next(x for x in out.split() if x.endswith(f".{fmt}") and doc in x)
    if fmt == "docx":
        return normal(docx_text(path / "out" / name.rsplit("/", 1)[-1])).replace("\u00a0", " ")
    return normal(pdf_body(path / "out" / name.rsplit("/", 1)[-1], RU2_HEAD, "Страница")).replace("\u00a0", " ")


SUPPORT = """support:
  name: Поддержка бренда
  monthly_fee: 10000
  hours_included: 4
  response: 2 рабочих дня
  includes:
    - адаптация макетов под новые носители
    - мелкие доработки фирменного стиля
  months: 6
  document: annex

terms:
"""


def test_support_annex_passes_the_rights_in_what_support_creates_and_lists_in_the_nominative(ws):
    """ГК РФ ст. 1234, 1285 (rights in works made under support), ст. 429.4 (a subscription)."""
    path = vector(ws, lambda t: t.replace("support: null\n\n", "", 1).replace("terms:\n", SUPPORT, 1))
    for fmt in ("docx", "pdf"):
        text = _rendered(path, "support", fmt)
        assert ("В состав услуг по поддержке входят: 1.1.1. адаптация макетов под новые носители; 1.1.2. мелкие "
                "доработки фирменного стиля.") in text
        assert "включающие" not in text and "1.1.3." not in text  # no second «мелкие доработки»
        assert ("Исключительные права на результаты интеллектуальной деятельности, созданные Подрядчиком при "
                "оказании услуг по поддержке") in text
        assert "(статьи 1234 и 1285 Гражданского кодекса Российской Федерации)" in text
        assert "применяются положения раздела «Исключительные права» Договора" in text


def test_wording_follows_the_contractor_and_the_brief_names_positions(ws):
    """A woman contractor: «созданы ею», «не состояла» (422-ФЗ ст. 6 ч. 2 п. 8); the brief's
    signature block names the client's signatory's position; Annex 1's first day on a day off
    (ГК РФ ст. 191, 193)."""
    path = vector(ws)
    contract = _rendered(path, "contract")
    assert "Результаты созданы ею лично или привлечёнными ею лицами" in contract
    assert "не состояла с Заказчиком в трудовых отношениях" in contract
    brief = _rendered(path, "brief")
    assert "Бриф согласован Заказчиком Подрядчик Генеральный директор ООО «Вектор»" in brief
    scope = _rendered(path, "scope")
    assert ("Сроки этапов исчисляются в рабочих днях; первым днём срока считается этот день, а если он "
            "нерабочий — ближайший следующий за ним рабочий день.") in scope
    assert "этот день считается первым днём срока" not in scope


STOCK = """  third_party:
    - name: Shutterstock
      kind: stock_image
      license: Shutterstock Standard License
      held_by: contractor   # said so: an НПД contractor's default is the client (review-ru3 R13)
    - name: Unsplash
      kind: stock_image
      license: Unsplash License
      held_by: client
    - name: Montserrat
      kind: font
      license: SIL Open Font License 1.1
"""


def test_the_rights_act_identifies_the_files_that_pass_and_licenses_stock_by_sublicence(ws, tmp_path):
    """ГК РФ ст. 1234: the alienated result is identified (file, format, SHA-256); rejected concepts
    stay with the author; stock images the contractor licensed pass as a sublicence within that
    licence (ст. 1238), or the client buys the licence; the clause is cited by its number."""
    import hashlib

    path = vector(ws, lambda t: t[:t.index("  third_party:\n")] + STOCK + t[t.index("  disputes:"):])
    contract = _rendered(path, "contract")
    assert ("изображения из фотобанка «Shutterstock» — Подрядчик предоставляет Заказчику право использования на "
            "условиях сублицензии в пределах прав и способов использования, предоставленных Подрядчику "
            "лицензией Shutterstock Standard License, на весь срок её действия (статья 1238 Гражданского кодекса "
            "Российской Федерации); вознаграждение за предоставление сублицензии входит в цену Работ (пункт 5 статьи "
            "1235 Гражданского кодекса Российской Федерации)") in contract
    assert ("изображения из фотобанка «Unsplash» — право использования Заказчик приобретает самостоятельно и "
            "за свой счёт у правообладателя на условиях лицензии Unsplash License") in contract
    assert "шрифт «Montserrat» — на условиях лицензии SIL Open Font License 1.1" in contract
    assert "допускают её предоставление (пункт 1 статьи 1238 Гражданского кодекса Российской Федерации)" in contract
    logo = tmp_path / "logo-final.svg"
    logo.write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'><circle r='4'/></svg>")
    book_pdf = tmp_path / "brandbook.pdf"
    book_pdf.write_bytes(b"%PDF-1.7 brandbook")
    run("sign", path, "--date", "2027-03-01")
    run("paid", path, "prepayment", "--date", "2027-03-03")
    refused = run("accept", path, "all", "--date", "2027-03-31", "--files", str(logo), ok=False).output
    assert "write STAGE=PATH to say which result the file is" in refused
    run("accept", path, "logo", "--date", "2027-03-11", "--files", str(logo))
    run("accept", path, "all", "--date", "2027-03-31", "--files", f"brandbook={book_pdf}")
    run("paid", path, "final", "--date", "2027-04-05")
    run("accept", path, "--rights", "--date", "2027-04-06", "--licensed", "шрифт Montserrat")
    from tests.test_billing_acts import texts

    for fmt_text in texts(path, "act-3-Д-2027-014", RU2_HEAD, "Страница"):
        text = fmt_text.replace("\u00a0", " ")
        digest = hashlib.sha256(logo.read_bytes()).hexdigest()
        assert "1 Логотип: 3 концепции, 2 раунда правок logo-final.svg SVG" in text
        # by the table's row, not «1.» beside the act's points (review-ru3 R9)
        assert f"строка 1 таблицы — logo-final.svg: {digest}" in text
        assert f"brandbook.pdf: {hashlib.sha256(book_pdf.read_bytes()).hexdigest()}" in text
        assert "файл идентифицируется его наименованием и контрольной суммой SHA-256" in text
        assert ("Иные варианты (концепции) результатов, представленные Подрядчиком, но не выбранные и не "
                "принятые Заказчиком, Заказчику не передаются: исключительные права на них сохраняются за "
                "Подрядчиком (пункт 11.1 Договора).") in text
        assert "(пункт 11.4 Договора)" in text
        assert ("изображения из фотобанка «Shutterstock» — право использования предоставляется Заказчику на "
                "условиях сублицензии в пределах прав, предоставленных Подрядчику лицензией Shutterstock Standard "
                "License (статья 1238") in text
        assert "«Unsplash» — на условиях лицензии Unsplash License (право использования приобретено Заказчиком)" in text
        assert text.count("Montserrat") == 1  # --licensed names it again: listed once


LANDING = """  - id: landing
    title: Лендинг с формой заявки
    description: Одностраничный сайт с формой заявки для партнёров
    acceptance:
      - Форма заявки отправляет данные на почту Заказчика
    revisions: 1
    price: 30000
    days: 5
    personal_data: true

payment:"""


def _amendments(path) -> list[str]:
    import lxml.html

    html = next((path / "out").glob("addendum-1-*.html")).read_text(encoding="utf-8")
    paras = [" ".join(p.text_content().split()) for p in lxml.html.fromstring(html).iter("p")]
    return [p for p in paras if "Договора изложить" in p or "Дополнить" in p or "исключить" in p]


def test_an_added_section_shifts_no_signed_number_and_the_addendum_amends_only_what_changed(ws):
    """ГК РФ ст. 450, 452: the addendum amends the signed text by its signed numbers. A stage with
    personal_data adds a section (152-ФЗ): it takes the next free number («разделом 18») and every
    signed clause keeps its number, in the addendum and in later renders of the contract."""
    path = vector(ws)
    run("sign", path, "--date", "2027-03-01")
    before = _rendered(path, "contract", "docx")
    text = (path / "project.yaml").read_text(encoding="utf-8")
    (path / "project.yaml").write_text(text.replace("\npayment:", "\n" + LANDING, 1), encoding="utf-8")
    run("change", path, "-m", "Лендинг с формой заявки", "--requested-on", "2027-03-05")
    run("addendum", path, "--date", "2027-03-09", "--format", "html,docx")
    amendments = _amendments(path)
    # it says where the section stands, as the consolidated contract prints it (review-ru2 R7.7)
    assert any(a.startswith("1.") and "Дополнить Договор разделом 18 «Персональные данные» следующего содержания, "
               "разместив его после раздела 16 «Заключительные положения» перед разделом 17 «Адреса, реквизиты и "
               "подписи Сторон»: «18.1. Результат этапа „Лендинг с формой заявки“ предусматривает сбор "
               "персональных данных" in a for a in amendments), amendments
    # only the operative clauses that change: the completion date, the price, the final payment and
    # the result whose rights pass and the remuneration for the rights (11.2, ГК РФ п. 3 ст. 1234);
    # no clause after section 11 is renumbered, restated or deleted
    numbers = [a.split("Пункт ")[-1].split("Подпункт ")[-1].split(" ")[0] for a in amendments
               if "изложить" in a]
    # and 15.5: the landing page makes it web work, whose hand-over on termination includes the
    # logins (en19: web-only clauses for web work only), the one clause after 11 that changes
    assert len(amendments) <= 8, amendments
    assert not any("исключить" in a for a in amendments)
    assert all(int(x.split(".")[0]) <= 11 for x in numbers if x != "15.5"), numbers
    assert any("Пункт 15.5 Договора изложить" in a and "доступы (логины и пароли)" in a for a in amendments)
    assert any("подпунктом 11.1.4 следующего содержания" in a for a in amendments)
    run("sign", path, "--date", "2027-03-09")
    after = _rendered(path, "contract", "docx")
    for heading in ("12. КОНФИДЕНЦИАЛЬНОСТЬ", "14. ПОРЯДОК РАЗРЕШЕНИЯ СПОРОВ", "17. АДРЕСА, РЕКВИЗИТЫ"):
        assert heading in before and heading in after
    assert "18. ПЕРСОНАЛЬНЫЕ ДАННЫЕ 18.1." in after
    assert after.index("18. ПЕРСОНАЛЬНЫЕ ДАННЫЕ") < after.index("17. АДРЕСА, РЕКВИЗИТЫ")
    assert "14.3. Споры, не урегулированные в претензионном порядке" in after


def test_en_an_added_personal_data_section_shifts_no_signed_section(tmp_path):
    """The same rule in English: a Change Order that adds a milestone collecting personal data adds
    the section at the next free number; every signed Section keeps its number and its cross-references."""
    import re as _re

    from contractkit.ledger import History
    from contractkit.load import parse_project
    from contractkit.render.amendments import amended_clauses
    from contractkit.render.look import look_for

    en = (EXAMPLES / "blue-harbor-shop" / "project.yaml").read_text(encoding="utf-8")
    signed = _re.sub(r"\n    personal_data: true[^\n]*", "", en, count=1)
    added = signed.replace("\npayment:", "\n  - id: newsletter\n    title: Newsletter sign-up\n    hours: 6\n"
                           "    days: 2\n    personal_data: true\n\npayment:", 1)
    hist = History([parse_project(signed), parse_project(added)])
    look = look_for(hist.versions[1], tmp_path)
    items = amended_clauses(hist, 1, look)
    kinds = [(x["kind"], x["number"]) for x in items]
    new_section = [x for x in items if x["kind"] == "add_section"]
    assert len(new_section) == 1 and new_section[0]["text"] == "PERSONAL DATA", kinds
    last = int(new_section[0]["number"])
    assert last > 11
    assert not any(x["kind"] in ("delete", "delete_section") for x in items), kinds
    # only the operative clauses that change (dates, fee, payment split, assigned results), all
    # before the new section's number; nothing after Section 11 is renumbered or restated
    restated = [x for x in items if x["kind"] in ("restate", "add")]
    assert len(restated) <= 9, kinds  # 3.3.1-3.3.3 restated by signed amounts, 3.3.4 added (issue 21)
    # after Section 11 only a clause that now names the new section (survival) is restated
    assert all(int(x["number"].split(".")[0]) <= 11 or str(last) in x["text"] for x in restated), kinds
    from contractkit.render.addendum import version_context
    from contractkit.render.documents import html_for

    before = html_for("contract.html.j2", version_context(hist, 0), hist.versions[0], look, "c", "contract")
    after = html_for("contract.html.j2", version_context(hist, 1), hist.versions[1], look, "c", "contract")
    heads = lambda html: _re.findall(r"<h2>(\d+)\. ([^<]+)</h2>", html)  # noqa: E731
    assert [h for h in heads(after) if h[1] != "PERSONAL DATA"] == heads(before)
    assert (str(last), "PERSONAL DATA") in heads(after) and last == len(heads(before)) + 1


def test_the_addendum_agrees_the_verb_with_what_changes(ws):
    """«изменяются требования к результату» (plural subject), «изменяется перечень» (singular)."""
    import lxml.html

    path = vector(ws)
    run("sign", path, "--date", "2027-03-01")
    text = (path / "project.yaml").read_text(encoding="utf-8")
    text = text.replace("    - Логотип читается в размере от 16 пикселей и в одном цвете\n",
                        "    - Логотип читается в размере от 16 пикселей и в одном цвете\n"
                        "    - Логотип работает на тёмном фоне\n", 1)
    (path / "project.yaml").write_text(text, encoding="utf-8")
    run("change", path, "-m", "Логотип на тёмном фоне", "--requested-on", "2027-03-05")
    run("addendum", path, "--date", "2027-03-09", "--format", "html")
    html = next((path / "out").glob("addendum-1-*.html")).read_text(encoding="utf-8")
    body = " ".join(" ".join(p.text_content().split()) for p in lxml.html.fromstring(html).iter("p"))
    assert "1.1. В Приложении № 1 к Договору изменяются требования к результату — в редакции" in body
    assert "изменяется требования" not in body


def test_the_addendum_records_a_client_caused_delay_as_the_contractors_notice(ws):
    """ГК РФ ст. 406, 719 and the contract's extension clause: the dates move by the contractor's
    notice under clause 2.3, which the addendum records; it is not the client's request."""
    import lxml.html

    from tests.test_billing import example

    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-03")
    run("accept", path, "prototypes", "--date", "2026-12-07")
    run("asked", path, "Тексты и фотографии для 20 страниц", "--date", "2026-12-08")
    run("notice", "delay", path, "design", "--days", "3", "--client-caused", "--reason",
        "Заказчик не предоставил тексты и фотографии в срок", "--date", "2026-12-18")
    run("addendum", path, "--date", "2026-12-22", "--format", "html")
    html = next((path / "out").glob("addendum-1-*.html")).read_text(encoding="utf-8")
    first = " ".join(next(lxml.html.fromstring(html).iter("p")).text_content().split())
    assert ("принимая во внимание уведомление Исполнителя от 18 декабря 2026 г. о переносе сроков на основании "
            "пункта 2.3 Договора в связи с просрочкой Заказчика (изменение № 1") in first
    assert "направленный Заказчиком" not in first
