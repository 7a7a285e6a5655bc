"""The edits of change request 1 of the reference scenarios (used by demo.sh and gallery.sh).

python scripts/scenario_edit.py ru1|en1 PATH/project.yaml
"""

import sys

RU1_OLD = """    title: Наполнение контентом, 20 страниц
    description: Размещение текстов и фотографий Заказчика
    acceptance:
      - 20 страниц заполнены материалами Заказчика
    revisions: 1
    price: 18500
    days: 4
    rights: false       # nothing new is created: no exclusive rights to transfer (default true)
"""
RU1_NEW = RU1_OLD.replace("20 страниц", "30 страниц").replace("18500", "27750").replace(
    "days: 4", "days: 6") + """  - id: blog
    title: Блог с рубриками и поиском
    description: Раздел «Блог» на WordPress с рубриками, поиском по статьям и шаблоном статьи
    acceptance:
      - Рубрики и поиск по статьям работают на сайте Заказчика
    revisions: 1
    price: 40000
    days: 6
"""
EN1_OLD = "\npayment:"
EN1_NEW = """  - id: ordering
    title: Online ordering integration
    description: Online orders with pickup slots sent to the bakery's order screen
    acceptance:
      - Orders placed online reach the bakery's order screen
    revisions: 1
    hours: 24
    days: 4

payment:"""
RU1_MATERIALS = ("Тексты и фотографии для 20 страниц", "Тексты и фотографии для 30 страниц")
EDITS = {"ru1": [(RU1_OLD, RU1_NEW), RU1_MATERIALS], "en1": [(EN1_OLD, EN1_NEW)]}


def main() -> None:
    which, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for old, new in EDITS[which]:
        if old not in text:
            sys.exit(f"{path}: the {which} baseline text {old[:40]!r} is not there")
        text = text.replace(old, new, 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
