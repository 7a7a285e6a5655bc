"""The page's words in the project's language."""

from __future__ import annotations

from contractkit.words.notices import notice_shift

MONTHS = {
    "ru": ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}
TRIGGERS = {
    "ru": {"signing": "при подписании", "acceptance": "после приёмки этапа «{d}»",
           "completion": "по завершении работ", "launch": "после запуска", "date": "в срок",
           "addendum": "при подписании доп. соглашения № {a}"},
    "en": {"signing": "on signing", "acceptance": "on acceptance of “{d}”", "completion": "on completion",
           "launch": "on launch", "date": "on the date", "addendum": "on signing Change Order No. {a}"},
}
FIELDS = {
    "ru": {"title": "наименование", "price": "стоимость", "days": "срок", "acceptance": "критерии приёмки",
           "description": "описание", "revisions": "число правок", "hours": "часы", "rate": "ставка",
           "deadline": "срок", "after": "порядок этапов", "rights": "передача прав",
           "personal_data": "персональные данные", "delay": "перенос срока", "notes": "примечания",
           "id": "обозначение"},
    "en": {"title": "title", "price": "fee", "days": "duration", "acceptance": "acceptance criteria",
           "description": "description", "revisions": "revision rounds", "hours": "hours", "rate": "rate",
           "deadline": "deadline", "after": "order of milestones", "rights": "rights transfer",
           "personal_data": "personal data", "delay": "deadline extension", "notes": "notes",
           "id": "reference"},
}
OTHER_FIELD = {"ru": "другие условия", "en": "other terms"}
"""A field the page has no word for: never the model's English name on a Russian page."""
EVENTS = {
    "ru": {"signing": "подписания Договора", "acceptance": "подписания акта по этапу «{d}»",
           "completion": "итогового акта", "launch": "запуска",
           "addendum": "подписания доп. соглашения № {a}"},
    "en": {"signing": "signing", "acceptance": "acceptance of “{d}”", "completion": "final acceptance",
           "launch": "launch", "addendum": "signing Change Order No. {a}"},
}
"""What a payment's term counts from, as the page names it ("5 business days after …")."""


def days_after(lang: str, days: int, working: bool, event: str) -> str:
    """«5 рабочих дней после итогового акта», "5 business days after final acceptance"."""
    if lang == "ru":
        from contractkit.words.amounts import ru_plural

        kind = ("рабочий день", "рабочих дня", "рабочих дней") if working else \
            ("календарный день", "календарных дня", "календарных дней")
        return f"{days} {ru_plural(days, kind)} после {event}"
    unit = ("business day" if working else "day") + ("" if days == 1 else "s")
    return f"{days} {unit} after {event}"
T = {
    "ru": {
        "page": "Проект", "no": "№", "contract": "Договор", "of": "от", "status": "Где проект сейчас",
        "draft": "Черновик: Договор ещё не подписан.", "in_force": "Действует редакция",
        "price": "Цена", "completion": "Срок завершения", "vat_none": "НДС не облагается",
        "vat": "в т. ч. НДС", "parties": "Стороны", "contractor": "Исполнитель", "client": "Заказчик",
        "inn": "ИНН", "email": "Эл. почта", "phone": "Телефон", "scope": "Что входит в работу",
        "stage": "Этап", "deadline": "Срок", "start": "Начало", "acceptance": "Критерии приёмки",
        "revisions": "Итераций правок", "not_included": "Что не входит", "timeline": "График работ",
        "chart_desc": "Этапы на календаре; пунктир — срок по первоначальному Договору; "
                      "красная линия — сегодня",
        "today": "сегодня", "moved": "Перенесённые сроки", "was": "было", "now": "стало",
        "because": "причина", "payments": "Платежи", "amount": "Сумма", "when": "Когда",
        "due": "Срок оплаты", "pay_status": "Статус", "planned": "ориентировочно", "due_by": "до",
        "no_records": "по графику (отметок об оплате в проекте нет)",
        "history": "История", "signed_on": "подписан", "signed_n": "подписано",
        "addendum": "Дополнительное соглашение №",
        "change": "Запрос на изменение", "asked_by": {"client": "по запросу Заказчика",
                                                    "contractor": "по предложению Исполнителя",
                                                    "notice": "по уведомлению Исполнителя о переносе срока"},
        "paid": "оплачено", "part_paid": "оплачено {paid} из {amount}", "unpaid": "не оплачено",
        "late": ("За просрочку платежа № {n} (срок — {due}, просрочка {days} дн.) начислено {amount}: "
                 "не оплачено"),
        "refunded": "Возвращено Заказчику", "overpaid": "Оплачено сверх цены, подлежит возврату",
        "overdue": "просрочено", "acts": "Акты", "invoices": "Счета",
        "added": "добавлено", "removed": "исключено", "changed": "изменено", "money": "деньги",
        "also": "также изменяются",
        "dates": "сроки", "st_signed": "подписан в доп. соглашении №", "st_proposed": "ждёт согласования",
        "st_notice": notice_shift(None),
        "in_force_from": "действует с",
        "awaits_prepayment": "Работа начнётся на следующий рабочий день после получения предоплаты "
                             "(срок оплаты — {due}); сроки ниже — плановые.",
        "st_approved": "согласован, ждёт подписания доп. соглашения",
        "st_rejected": "отозван", "approved": "согласовано по эл. почте с адреса",
        "confirmed_by": "признано согласием по решению",
        "pending": "Ждут вашего согласования", "no_pending": "Изменений, ждущих согласования, нет.",
        "notified": "Сроки, перенесённые уведомлением Исполнителя (согласования не требуется)",
        "notified_on": "уведомление от", "clause": "пункт", "of_contract": "Договора",
        "approve": "Согласовать письмом", "approve_note": "Ссылка откроет письмо Исполнителю с названием "
        "документа и его SHA-256; отправьте его с адреса, указанного в Договоре (ст. 160 п. 2 ГК РФ).",
        "calendar": "Сроки и ваши обязательства в календаре (calendar.ics)",
        "documents": "Подписанные документы", "file": "Файл", "to_approve": "Документы на согласование",
        "check": "Как проверить: команда «sha256sum ФАЙЛ» должна вывести ту же строку SHA-256; в папке "
        "проекта «contractkit verify ФАЙЛ» проверит и копию с электронной подписью.",
        "signed_copy": "копия с электронной подписью (PAdES); SHA-256 относится к документу до подписи",
        "built": "Страница собрана", "no_network": "Страница работает без сети и ничего не загружает.",
        "working_days": "раб. дн.",
    },
    "en": {
        "page": "Project", "no": "No.", "contract": "Agreement", "of": "dated",
        "status": "Where the project stands",
        "draft": "Draft: the agreement is not signed yet.", "in_force": "In force",
        "price": "Price", "completion": "Completion", "vat_none": "No VAT", "vat": "incl. VAT",
        "parties": "Parties", "contractor": "Contractor", "client": "Client", "inn": "Registration",
        "email": "Email", "phone": "Phone", "scope": "What is included", "stage": "Milestone",
        "deadline": "Deadline", "start": "Start", "acceptance": "Acceptance criteria",
        "revisions": "Revision rounds", "not_included": "What is not included", "timeline": "Timeline",
        "chart_desc": "Milestones on the calendar; dashed: deadline in the original agreement; "
                      "red line: today",
        "today": "today", "moved": "Moved deadlines", "was": "was", "now": "now", "because": "reason",
        "payments": "Payments", "amount": "Amount", "when": "When", "due": "Due",
        "pay_status": "Status", "planned": "planned", "due_by": "due",
        "no_records": "as scheduled (no payment records in this project)",
        "history": "History", "signed_on": "signed", "signed_n": "signed", "addendum": "Change Order No.",
        "change": "Change request", "asked_by": {"client": "asked by the Client",
                                               "contractor": "proposed by the Contractor",
                                               "notice": "on the Contractor's delay notice"},
        "paid": "paid", "part_paid": "{paid} of {amount} paid", "unpaid": "unpaid",
        "late": "Late-payment interest on payment No. {n} (due {due}, {days} days late): {amount}, unpaid",
        "refunded": "Refunded to the Client", "overpaid": "Paid beyond the fee, to be refunded",
        "overdue": "overdue", "acts": "Acceptance certificates", "invoices": "Invoices",
        "added": "added", "removed": "removed", "changed": "changed", "money": "money", "dates": "dates",
        "also": "also changed",
        "st_signed": "signed in Change Order No.", "st_proposed": "waiting for approval",
        "st_notice": "in effect on the Contractor's notice under the Agreement; a later Change Order "
                     "records it",
        "in_force_from": "in force from",
        "awaits_prepayment": "Work starts on the business day after the deposit arrives (due {due}); "
                             "the dates below are planned.",
        "st_approved": "approved, the Change Order is to be signed",
        "st_rejected": "withdrawn", "approved": "approved by email from",
        "confirmed_by": "counted as approval on the decision of",
        "pending": "Waiting for your approval", "no_pending": "Nothing is waiting for approval.",
        "notified": "Deadlines moved by the Contractor's notice (no approval needed)",
        "notified_on": "notice of", "clause": "Section", "of_contract": "of the Agreement",
        "approve": "Approve by email", "approve_note": "The link opens an email to the Contractor quoting "
        "the document and its SHA-256; send it from the address named in the agreement.",
        "calendar": "Deadlines and your obligations as a calendar (calendar.ics)",
        "documents": "Signed documents", "file": "File", "to_approve": "Documents to approve",
        "check": "To check a file: 'sha256sum FILE' must print the same SHA-256; in the project folder, "
        "'contractkit verify FILE' also checks a digitally signed copy.",
        "signed_copy": "digitally signed copy (PAdES); the SHA-256 is of the document before signing",
        "built": "Page built", "no_network": "This page works offline and loads nothing from the network.",
        "working_days": "working days",
    },
}
