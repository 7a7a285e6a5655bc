"""An addendum amends every contract clause whose content it changes, and no other (ГК РФ ст. 450,
452): the price (3.1), the completion date (2.1), the payment split (3.3.x) and the list of results
whose exclusive rights pass (11.1.x, ГК РФ ст. 1234) must not keep their old wording beside an
addendum that contradicts them. Read back from the rendered PDF and DOCX.
"""

import re
from pathlib import Path

import lxml.html

from tests.conftest import run
from tests.readback import normal
from tests.test_addendum_documents import RU_BLOG, RU_CONTENT, RU_CONTENT_30, paths_of, text_of
from tests.test_workflow import edit

NUMBERED = re.compile(r"^(\d+(?:\.\d+)+)\.\s+(.*?)(?:;|(?<!\sг)\.)?$", re.S)


def contract_clauses(name: str) -> dict[str, str]:
    """{number: text} of the contract as `render` prints it now (HTML, read independently), with the
    payment schedule as signed (rendered together with the payment annex, which reads it from git)."""
    out = run("render", name, "--doc", "contract,payments", "--format", "html").output
    html = paths_of(out)["html:contract"]
    out = {}
    for p in lxml.html.fromstring(Path(html).read_bytes()).iter("p"):
        found = NUMBERED.match(normal(p.text_content()))
        if found:
            out.setdefault(found.group(1), found.group(2))
    return out


def nested(text: str) -> str:
    """The clause as quoted inside the addendum's «…»: its own quotes become „…“."""
    return text.replace("«", "„").replace("»", "“")


def assert_amends_exactly(addendum: dict[str, Path], old: dict, new: dict, head: str) -> list[str]:
    differ = [k for k in new if old.get(k) != new[k]] + [k for k in old if k not in new]
    same = [k for k in new if old.get(k) == new[k]]
    for fmt in ("pdf", "docx"):
        text = text_of(addendum[f"{fmt}:addendum"], "ru", head)
        flat = re.sub(r"(\w)- (\w)", r"\1-\2", text)  # PDF line-end hyphenation
        for k in differ:
            word = "Пункт" if k.count(".") == 1 else "Подпункт"
            if k not in new:
                assert f"{word} {k} Договора исключить." in text, (fmt, k)
            elif k in old:
                assert f"{word} {k} Договора изложить в следующей редакции: «{k}. " in text, (fmt, k)
            else:
                assert f"подпунктом {k} следующего содержания: «{k}. " in text \
                    or f"пунктом {k} следующего содержания: «{k}. " in text, (fmt, k)
            if k in new and fmt == "docx":
                # a sub-clause keeps its list's «;» or closing «.» (review-ru R15, session 7)
                ends = ("", ";", ".") if k.count(".") > 1 else ("",)
                assert any(f"«{k}. {nested(new[k])}{end}»." in flat for end in ends), (fmt, k)
        for k in same:
            assert f"ункт {k} Договора изложить" not in text, (fmt, k)
            assert f"ом {k} следующего содержания" not in text, (fmt, k)
            assert f"ункт {k} Договора исключить" not in text, (fmt, k)
    return differ


def test_ru1_addenda_amend_every_contract_clause_that_changes_and_no_other(ws):
    run("new", "romashka", "--from-example", "romashka-site")
    project = ws / "romashka" / "project.yaml"
    run("sign", "romashka", "--date", "2026-12-01")
    before = contract_clauses("romashka")
    edit(project, RU_CONTENT, RU_CONTENT_30 + RU_BLOG)
    edit(project, "Тексты и фотографии для 20 страниц", "Тексты и фотографии для 30 страниц")
    run("change", "romashka", "-m", "Блог и 30 страниц", "--requested-on", "2026-12-10")
    first = paths_of(run("addendum", "romashka", "--date", "2026-12-15").output)
    run("sign", "romashka", "--date", "2026-12-15")
    after = contract_clauses("romashka")
    head = "Дополнительное соглашение № 1 от 15 декабря 2026 г. к Договору № 2026-031 от 1 декабря 2026 г."
    differ = assert_amends_exactly(first, before, after, head)
    # The reviewer's list: completion date, price, payment split, results whose rights pass.
    assert {"2.1", "3.1", "3.3.1", "3.3.2", "3.3.3", "11.1.4"} <= set(differ)
    # the prepayment is restated by its signed amount: «50 % стоимости» of the old price would
    # contradict the new one (issue 21); the final keeps 3.3.2, the addendum's payment is a new 3.3.3
    assert after["3.3.1"].startswith("121 750 (сто двадцать одна") and "%" not in after["3.3.1"]
    assert "3.3.3" not in before and after["3.3.3"].startswith("24 625 (двадцать четыре тысячи")
    text = text_of(first["docx:addendum"], "ru", head)
    assert "не позднее 5 февраля 2027 г." in text.split("Пункт 2.1 Договора")[1][:300]
    assert ("Дополнить пункт 11.1 Договора подпунктом 11.1.4 следующего содержания: «11.1.4. результат "
            "этапа „Блог с рубриками и поиском“.».") in normal(text)  # its list's closing stop (R15)
    assert "292 750 (двести девяносто две тысячи семьсот пятьдесят) рублей 00 копеек" in \
        text.split("Пункт 3.1 Договора")[1][:200]
    for fmt in ("pdf", "docx"):
        text = text_of(first[f"{fmt}:addendum"], "ru", head)
        # The restated annexes are attachments of the addendum with their own heading, so their
        # numbering («1. ЦЕЛИ…», «2.1.») never reads as the addendum's clauses (ГК РФ ст. 452).
        assert ("Приложение № 1 к Договору (Техническое задание) изложить в редакции Приложения № 1 к "
                "настоящему Соглашению.") in text
        assert ("Приложение № 2 к Дополнительному соглашению № 1 от 15 декабря 2026 г. к Договору № 2026-031 "
                "от 1 декабря 2026 г. Приложение № 2 к Договору в новой редакции ГРАФИК ПЛАТЕЖЕЙ") in text
        assert text.index("Приложение № 1 к Договору в новой редакции") > text.index("РЕКВИЗИТЫ И ПОДПИСИ СТОРОН")
        # Only what changed is said to change: the materials; goals and requirements stay. (1.10: the
        # remuneration for the exclusive right, 11.2, is restated before it: ГК РФ п. 3 ст. 1234)
        assert ("1.10. В связи с пунктами 1.1 и 1.2 Соглашения в Приложении № 1 к Договору изменяется перечень "
                "материалов Заказчика («Тексты и фотографии для 30 страниц» вместо «Тексты и фотографии "
                "для 20 страниц») — в редакции Приложения № 1 к настоящему Соглашению. Цели проекта и "
                "требования к результату не изменяются.") in re.sub(r"(\w)- (\w)", r"\1-\2", text)
        assert "изменить также цели" not in text

    edit(project, RU_CONTENT_30, "")
    edit(project, "  - id: content\n", "")
    run("change", "romashka", "-m", "Контент заполняет Заказчик", "--requested-on", "2027-01-12")
    second = paths_of(run("addendum", "romashka", "--date", "2027-01-14").output)
    run("sign", "romashka", "--date", "2027-01-14")
    head = "Дополнительное соглашение № 2 от 14 января 2027 г. к Договору № 2026-031 от 1 декабря 2026 г."
    differ = assert_amends_exactly(second, after, contract_clauses("romashka"), head)
    assert {"3.1", "3.3.2"} <= set(differ)  # the price falls: the final payment, 3.3.2 as signed
