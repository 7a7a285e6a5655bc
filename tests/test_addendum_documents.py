"""Addenda restate the annexes they replace in full, read back from the rendered PDF and DOCX.

ГК РФ ст. 450, 452: an addendum that «излагает приложение в следующей редакции» replaces the whole
annex, so anything it leaves out is deleted; the restated text must be the annex itself.
"""

from pathlib import Path

import lxml.html

from tests.conftest import run
from tests.readback import docx_text, normal, pdf_body
from tests.scenario_edits import EN_ORDERING, RU_BLOG, RU_CONTENT, RU_CONTENT_30  # noqa: F401 - used by other tests too
from tests.test_workflow import edit

HEADS = {"ru": ("Договор № 2026-031 от 1 декабря 2026 г.", "Страница", "Заказчик"),
         "en": ("Agreement No. NW-2026-11 dated November 30, 2026", "Page", "Client")}


def paths_of(output: str) -> dict[str, Path]:
    return {Path(p).suffix[1:] + ":" + Path(p).name.split("-")[0]: Path(p) for p in output.split()}


def text_of(path: Path, lang: str, head: str | None = None) -> str:
    """Text without running heads and page numbers (head: a document's own running head)."""
    if path.suffix == ".pdf":  # list bullets come out of pypdf apart from their items: drop them
        return normal(pdf_body(path, head or HEADS[lang][0], HEADS[lang][1]).replace("•", " "))
    return normal(docx_text(path))


def annex_body_text(html: Path, doc: Path, lang: str) -> str:
    """The annex's text between its heading and its signatures, as the document prints it."""
    body = lxml.html.fromstring(html.read_bytes()).find_class("annex-body")[0]
    head = normal(" ".join(body.getprevious().itertext()))
    text = text_of(doc, lang)
    start = text.index(head) + len(head)
    end = text.rindex(HEADS[lang][2])
    return text[start:end].strip()


def assert_restated(addendum: dict[str, Path], annexes: dict[str, Path], lang: str, head: str) -> None:
    for fmt in ("pdf", "docx"):
        whole = text_of(addendum[f"{fmt}:addendum"], lang, head)
        for doc in ("scope", "payments"):
            body = annex_body_text(annexes[f"html:{doc}"], annexes[f"{fmt}:{doc}"], lang)
            assert len(body) > 300
            assert body in whole, f"{doc} ({fmt}) is not restated in full: {first_difference(body, whole)}"


def first_difference(body: str, whole: str) -> str:
    """Where the longest restated prefix of body stops matching, for the failure message."""
    size = next(n for n in range(len(body), 0, -1) if body[:n] in whole)
    return f"...{body[max(0, size - 60):size]}| then {body[size:size + 60]!r}"


def render_annexes(name: str) -> dict[str, Path]:
    return paths_of(run("render", name, "--doc", "scope,payments", "--format", "pdf,docx,html").output)


def test_ru1_addenda_restate_both_annexes_in_full_and_keep_the_signed_schedule(ws):
    run("new", "romashka", "--from-example", "romashka-site")
    project = ws / "romashka" / "project.yaml"
    run("sign", "romashka", "--date", "2026-12-01")
    edit(project, RU_CONTENT, RU_CONTENT_30 + RU_BLOG)
    edit(project, "Тексты и фотографии для 20 страниц", "Тексты и фотографии для 30 страниц")
    run("change", "romashka", "-m", "Блог и 30 страниц", "--requested-on", "2026-12-10",
        "--reason", "Заказчик решил вести блог")
    first = paths_of(run("addendum", "romashka", "--date", "2026-12-15").output)
    head = "Дополнительное соглашение № 1 от 15 декабря 2026 г. к Договору № 2026-031 от 1 декабря 2026 г."
    assert_restated(first, render_annexes("romashka"), "ru", head)
    for fmt in ("pdf", "docx"):
        text = text_of(first[f"{fmt}:addendum"], "ru", head)
        # The materials list follows the grown stage; nothing of annex 1 is dropped.
        assert "Тексты и фотографии для 30 страниц" in text and "Не входят в объём Услуг" in text
        assert "совместно именуемые «Стороны»" in text
        assert ("принимая во внимание обращение Заказчика от 10 декабря 2026 г. об изменении № 1 «Блог и 30 "
                "страниц» (причина изменения: Заказчик решил вести блог)") in text
        assert "1.1. Стороны договорились включить в состав Услуг этап 5 «Блог с рубриками и поиском». " \
               "Содержание этапа: Раздел «Блог» на WordPress" in text
        assert ("стоимость этапа — 27 750 (двадцать семь тысяч семьсот пятьдесят) рублей 00 копеек "
                "вместо 18 500 (восемнадцать тысяч пятьсот) рублей 00 копеек") in text
        assert "наименование этапа — «Наполнение контентом, 30 страниц» вместо «Наполнение контентом, 20 страниц»" in text
        assert "срок оказания услуг по этапу — 6 рабочих дней вместо 4 рабочих дней" in text  # R16: services
        assert "критерии приёмки — «30 страниц заполнены материалами Заказчика» вместо «20 страниц" in text
        assert "По запросу" not in text  # the reason is a recital, not a clause
        assert "₽ на" not in text  # one money format for old and new
    run("sign", "romashka", "--date", "2026-12-15")
    shown = run("show", "romashka").output.replace("\u00a0", " ")
    assert "on signing addendum 1" in shown and "24 625,00 ₽" in shown
    assert "121 750,00 ₽" in shown and "146 375,00 ₽" in shown  # not one recomputed 146 375 prepayment
    annexes = render_annexes("romashka")
    payments = text_of(annexes["pdf:payments"], "ru")
    # The schedule as signed: the contract's prepayment, addendum 1's, the final payment reduced.
    assert "Предоплата в течение 5 рабочих дней с даты подписания Договора" in payments
    assert "121 750,00 ₽" in payments and "24 625,00 ₽" in payments and "146 375,00 ₽" in payments
    assert "Дополнительная предоплата в течение 5 рабочих дней с даты подписания Дополнительного соглашения № 1" in payments

    edit(project, RU_CONTENT_30, "")
    edit(project, "  - id: content\n", "")
    run("change", "romashka", "-m", "Контент заполняет Заказчик", "--requested-on", "2027-01-12")
    second = paths_of(run("addendum", "romashka", "--date", "2027-01-14").output)
    head = "Дополнительное соглашение № 2 от 14 января 2027 г. к Договору № 2026-031 от 1 декабря 2026 г."
    assert_restated(second, render_annexes("romashka"), "ru", head)
    text = text_of(second["pdf:addendum"], "ru", head)
    assert "Стороны договорились исключить из состава Услуг этап 4 «Наполнение контентом, 30 страниц»" in text
    run("sign", "romashka", "--date", "2027-01-14")
    payments = text_of(render_annexes("romashka")["docx:payments"], "ru")
    assert "121 750,00 ₽" in payments and "24 625,00 ₽" in payments and "118 625,00 ₽" in payments
    assert "265 000,00 ₽" in payments


def test_en1_change_order_restates_exhibits_and_the_final_payment_follows_the_work(ws):
    run("new", "harbor", "--from-example", "blue-harbor-shop")
    run("sign", "harbor", "--date", "2026-11-30")
    edit(ws / "harbor" / "project.yaml", "\npayment:", EN_ORDERING)
    run("change", "harbor", "-m", "Online ordering", "--requested-on", "2026-12-08")
    order = paths_of(run("addendum", "harbor", "--date", "2026-12-09").output)
    head = "Change Order No. 1 to " + HEADS["en"][0]  # made as of its last signature: no date of its own
    assert_restated(order, render_annexes("harbor"), "en", head)
    for fmt in ("pdf", "docx"):
        text = text_of(order[f"{fmt}:addendum"], "en", head)
        assert "(each a “Party” and together the “Parties”)" in text
        # The interim payment keeps the milestone it follows.
        assert "within 7 calendar days after acceptance of Milestone 2 (Visual design)" in text
        # The payment signed for launch keeps its milestone (round 8, M3); the rest of the increase
        # falls due on the added milestone 5 (January 12), so none falls due before its work.
        assert ("is payable within 7 calendar days after acceptance of Milestone 5 (Online ordering "
                "integration) (payment No. 5, added by this Change Order)") in text
        assert ("(payment No. 3) stays due within 7 calendar days after acceptance of Milestone 4 (Launch and "
                "staff training), as signed") in text
        assert "(previously after acceptance of Milestone 4" not in text
        assert "after launch" not in text  # "launch" is undefined in US drafting
        assert "after acceptance of Milestone 5 (Online ordering integration) (event planned for January 12, 2027)" in text
        assert "The Parties agree to add Milestone 5 “Online ordering integration” to the Work. Its content:" in text
        assert "is replaced in its entirety by the following:" in text


def test_an_added_stage_without_a_description_is_warned_about(ws):
    run("new", "harbor", "--from-example", "blue-harbor-shop")
    run("sign", "harbor", "--date", "2026-11-30")
    edit(ws / "harbor" / "project.yaml", "\npayment:", EN_ORDERING.replace(
        "    description: Online orders with pickup slots sent to the bakery's order screen\n", ""))
    warning = "warning: added stage ordering has no description"
    assert warning in run("change", "harbor", "-m", "Online ordering").output
    assert warning in run("addendum", "harbor", "--date", "2026-12-09", "--format", "html").output
