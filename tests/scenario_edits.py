"""The edits of the reference scenarios' change requests, in one place for the tests, scripts/demo.sh
and scripts/gallery.sh (through scripts/scenario_edit.py).

RU-1 change request 1: the content stage grows from 20 to 30 pages (18 500 -> 27 750 ₽, 4 -> 6
working days) and a blog is added (40 000 ₽, 6 working days); the client's materials follow.
EN-1 change request 1: online ordering, 24 hours at the hourly rate, 4 working days.
"""

RU_CONTENT = """    title: Наполнение контентом, 20 страниц
    description: Размещение текстов и фотографий Заказчика
    acceptance:
      - 20 страниц заполнены материалами Заказчика
    revisions: 1
    price: 18500
    days: 4
    rights: false       # nothing new is created: no exclusive rights to transfer (default true)
"""
RU_CONTENT_30 = RU_CONTENT.replace("20 страниц", "30 страниц").replace("18500", "27750").replace(
    "days: 4", "days: 6")
RU_BLOG = """  - id: blog
    title: Блог с рубриками и поиском
    description: Раздел «Блог» на WordPress с рубриками, поиском по статьям и шаблоном статьи
    acceptance:
      - Рубрики и поиск по статьям работают на сайте Заказчика
    revisions: 1
    price: 40000
    days: 6
"""
RU_CONTENT_30_AND_BLOG = RU_CONTENT_30 + RU_BLOG
RU_MATERIALS = ("Тексты и фотографии для 20 страниц", "Тексты и фотографии для 30 страниц")

EN_ORDERING = """  - id: ordering
    title: Online ordering integration
    description: Online orders with pickup slots sent to the bakery's order screen
    acceptance:
      - Orders placed online reach the bakery's order screen
    revisions: 1
    hours: 24
    days: 4

payment:"""

EDITS = {"ru1": [(RU_CONTENT, RU_CONTENT_30_AND_BLOG), RU_MATERIALS], "en1": [("\npayment:", EN_ORDERING)]}
"""What scripts/scenario_edit.py applies: (old, new) text replacements, each expected exactly once."""
