"""Tax wording of the contract, its annexes and addenda: one place, whole sentences, never recased.

Each regime says its own thing (НК РФ ст. 145, 164, 346.11; 422-ФЗ). Templates print these strings
as they are: a sentence is built here with its capital letter, so no filter may lower it (the
support annex once printed «ндс не облагается … российской федерации» through `|lower`).
"""

from __future__ import annotations

from contractkit.model.tax import Tax, usn_limit
from contractkit.words import fmt

NK = "Налогового кодекса Российской Федерации"
NPD = "специального налогового режима «Налог на профессиональный доход»"


def vat_label(tax: Tax, lang: str) -> str:
    """What follows «в том числе» / "including": «НДС 22 %», «НДС по ставке 5 % (пункт 8 …)»."""
    rate = fmt.percent(tax.vat, lang)
    if lang == "ru":
        if tax.kind == "usn":
            return f"НДС по ставке {rate} (пункт 8 статьи 164 {NK})"
        return f"НДС {rate}"
    return f"VAT at {rate}"


def no_vat_sentence(tax: Tax, year: int, lang: str) -> str:
    """Why no VAT is charged, as a full sentence without the final full stop; '' when VAT is."""
    if tax.vat is not None or tax.kind is None:
        return ""
    if lang != "ru":
        return {
            "npd": "No VAT is charged: the Contractor is a self-employed person paying the Russian "
                   "professional income tax (Federal Law No. 422-FZ of 27 November 2018)",
            "usn": "No VAT is charged: the Contractor is exempt from VAT under Article 145 of the "
                   "Russian Tax Code",
            "foreign": "No Russian VAT is charged: the Contractor is not a Russian VAT payer",
            "other": f"No VAT is charged: {tax.note}",
        }[tax.kind]
    if tax.kind == "npd":
        # 422-ФЗ ч. 8 ст. 2: a НПД payer is not a VAT payer (except on imports)
        return (f"НДС не облагается в связи с применением Исполнителем {NPD} (часть 8 статьи 2 "
                "Федерального закона от 27.11.2018 № 422-ФЗ)")
    if tax.kind == "usn":
        limit = usn_limit(year)
        if limit is None:  # before 2025 УСН itself freed from VAT
            return ("НДС не облагается в связи с применением Исполнителем упрощённой системы "
                    f"налогообложения (пункт 2 статьи 346.11 {NK})")
        # п. 5 ст. 168 НК РФ: «Без налога (НДС)»; no year or limit, which would go stale in a
        # contract running into later years (the limit falls from 20 to 15 and 10 mln ₽).
        return ("Без налога (НДС): Исполнитель применяет упрощённую систему налогообложения и "
                "освобождён от исполнения обязанностей налогоплательщика НДС на основании пункта 1 "
                f"статьи 145 {NK}")
    if tax.kind == "foreign":
        return ("НДС Российской Федерации не облагается: Исполнитель не является плательщиком НДС "
                "в Российской Федерации")
    return f"НДС не облагается: {tax.note}"


def no_vat_short(tax: Tax, year: int, lang: str) -> str:
    """The client's page: the ground of «Без НДС» the documents state, in a few words; '' when the
    contractor charges VAT or the regime has no such ground."""
    if lang != "ru" or tax.vat is not None:
        return ""
    if tax.kind == "usn":
        return ("Без НДС (освобождение, п. 1 ст. 145 НК РФ)" if usn_limit(year) is not None
                else "Без НДС (п. 2 ст. 346.11 НК РФ)")
    if tax.kind == "npd":
        return "Без НДС (ч. 8 ст. 2 Федерального закона № 422-ФЗ)"
    return ""


def exemption_loss_clause(tax: Tax, year: int, lang: str, services: bool = True,
                          client_abroad: bool = False) -> str:
    """What happens to a fixed price when the contractor loses the ст. 145 exemption: without it a
    price silently reads as VAT-inclusive. '' unless the contractor is on УСН without VAT under
    ст. 145 (from 2025; before, УСН itself freed from VAT). For a client abroad no VAT is added
    either way: the place of supply of development, design and consulting work and of the rights
    passed to a foreign buyer is not Russia (НК РФ пп. 4 п. 1 ст. 148; review-ru2 R7.12)."""
    if lang != "ru" or tax.kind != "usn" or tax.vat is not None or usn_limit(year) is None:
        return ""
    if client_abroad:
        return ("Заказчик осуществляет деятельность за пределами Российской Федерации, поэтому местом "
                + ("оказания Услуг" if services else "реализации Работ")
                + " и передаваемых по Договору прав территория Российской Федерации не признаётся "
                f"(подпункт 4 пункта 1 статьи 148 {NK}), и НДС Российской Федерации к цене Договора не "
                f"добавляется, в том числе при утрате Исполнителем права на освобождение, предусмотренное "
                f"статьёй 145 {NK}")
    return ("Если Исполнитель утратит право на освобождение, предусмотренное статьёй 145 "
            f"{NK}, он уведомляет Заказчика в течение 5 рабочих дней; к стоимости "
            + ("Услуг, оказанных" if services else "Работ, выполненных")  # подряд: never «услуги»
            + " с этой даты, добавляется НДС по ставке, применяемой Исполнителем, что "
            "Стороны оформляют дополнительным соглашением")


def vat_invoice_clause(tax: Tax, lang: str, when: str = "contract", services: bool = False,
                       rights_later: bool = False) -> str:
    """A VAT payer's счёт-фактура (НК РФ ст. 168 п. 3, ст. 169): within 5 calendar days of the
    prepayment received and of the acceptance; '' for a contractor who charges no VAT. `when`:
    "contract" (the clause), "act" (this act), "works" (this act's works, the right passing later),
    "rights" (the rights act), "invoice" (the prepayment this invoice asks for). `rights_later`: the
    exclusive right passes by a rights act after full payment, its tax base arising that day (НК РФ
    ст. 167 п. 1 пп. 1, ст. 39 п. 1), so the contract's clause names that act for it."""
    if lang != "ru" or tax.vat is None:
        return ""
    law = f"(пункт 3 статьи 168 {NK})"
    if when == "act":
        return ("Счёт-фактура, оформленный в соответствии со статьёй 169 Налогового кодекса Российской "
                "Федерации, выставляется Исполнителем не позднее 5 календарных дней, считая со дня "
                f"подписания настоящего Акта {law}")
    if when == "works":  # ip_transfer: full_payment: the right is realised by the rights act (R17)
        return ("Счёт-фактура на стоимость " + ("оказанных услуг" if services else "выполненных работ")
                + ", указанную в настоящем Акте, оформленный в соответствии со статьёй 169 "
                f"{NK}, выставляется Исполнителем не позднее 5 календарных дней, считая со дня подписания "
                f"настоящего Акта {law}; счёт-фактура на вознаграждение за отчуждение исключительного "
                "права выставляется не позднее 5 календарных дней, считая со дня подписания акта о "
                "передаче исключительных прав, которым это право передаётся Заказчику (подпункт 1 "
                f"пункта 1 статьи 167 {NK})")
    if when == "rights":
        return ("Счёт-фактура на вознаграждение за отчуждение исключительных прав, оформленный в "
                f"соответствии со статьёй 169 {NK}, выставляется Исполнителем не позднее 5 календарных "
                f"дней, считая со дня подписания настоящего Акта {law}")
    if when == "invoice":
        return ("Настоящий счёт не является счётом-фактурой; счёт-фактура выставляется Исполнителем не "
                f"позднее 5 календарных дней, считая со дня поступления оплаты {law}")
    return ("Исполнитель, являющийся плательщиком НДС, выставляет Заказчику счета-фактуры, оформленные в "
            "соответствии со статьёй 169 Налогового кодекса Российской Федерации, не позднее 5 "
            "календарных дней, считая со дня получения оплаты (частичной оплаты) в счёт предстоящего "
            + ("оказания Услуг и со дня подписания акта сдачи-приёмки оказанных Услуг " if services else
               "выполнения Работ и со дня подписания акта сдачи-приёмки выполненных Работ ")
            + law + (rights_later and ", а на вознаграждение за отчуждение исключительного права — не "
                     "позднее 5 календарных дней, считая со дня подписания акта о передаче исключительных "
                     f"прав (подпункт 1 пункта 1 статьи 167 {NK})" or ""))


def npd_receipt_clause(lang: str, buyer: str = "russian", currency: str = "RUB") -> str:
    """The self-employed contractor's duty to give a receipt for every payment (422-ФЗ ст. 14).

    buyer: "russian" (an organisation or ИП: the receipt names its ИНН, ч. 6 ст. 14), "foreign" (a
    foreign organisation: «Мой налог» takes its name only, with no ИНН it does not have) or "person" (a
    natural person: no ИНН either); currency: a receipt is in roubles, a sum received in another
    currency at the Bank of Russia rate of the day it is received (review-ru4 R7)."""
    if lang == "ru":
        whom = {"russian": " с указанием ИНН и наименования Заказчика",
                "foreign": " с указанием наименования Заказчика как иностранной организации",
                "person": ""}[buyer]
        rate = ("; сумма, полученная в иностранной валюте, указывается в чеке в рублях по официальному "
                "курсу Банка России на дату её получения") if currency != "RUB" else ""
        return (f"Исполнитель формирует в мобильном приложении «Мой налог» чек на каждую полученную "
                f"оплату{whom} и передаёт его Заказчику в момент расчёта, а при безналичной оплате — не "
                "позднее 9-го числа месяца, следующего за месяцем расчёта (части 3 и 6 статьи 14 "
                f"Федерального закона от 27.11.2018 № 422-ФЗ){rate}")
    return ("For every payment received the Contractor shall issue a receipt through the “My Tax” "
            "application and send it to the Client no later than the 9th day of the following "
            "month (Article 14 of Russian Federal Law No. 422-FZ)")


def npd_status_clause(lang: str, female: bool = False) -> str:
    """The self-employed contractor tells the client when it stops being a НПД payer (422-ФЗ ст. 5),
    since the client's tax position depends on it, and confirms it was not the client's employee
    in the last two years (422-ФЗ п. 8 ч. 2 ст. 6: such income is outside НПД)."""
    if lang == "ru":
        was = "состояла" if female else "состоял"
        return ("Исполнитель подтверждает, что состоит на учёте в качестве плательщика налога на "
                f"профессиональный доход, не состоит и в течение двух лет до заключения Договора не {was} "
                "с Заказчиком в трудовых отношениях (пункт 8 части 2 статьи 6 Федерального закона "
                "№ 422-ФЗ), и уведомляет Заказчика об утрате права на применение этого режима, в том "
                "числе о превышении дохода 2,4\u00a0млн рублей в календарном году, и о снятии с учёта в "
                "течение 3 рабочих дней с даты такого события, а при неисполнении этой обязанности "
                "возмещает Заказчику возникшие из-за этого убытки")
    return ("The Contractor confirms that it is registered as a payer of the Russian professional "
            "income tax and shall notify the Client within 3 business days if that registration ends")


NATIONAL_REVERSE_CHARGE = {
    "DE": "; §13b UStG",
    # CGI art. 283-2 and 242 nonies A (I, 13°): the invoice carries the mention «Autoliquidation»
    "FR": "; Autoliquidation, art. 283-2 and 242 nonies A of the French General Tax Code, CGI",
}
"""The national provision or mention a reverse-charge invoice adds for a buyer in that country."""


def cross_border_vat(project) -> dict | None:
    """How VAT works on an English invoice with no VAT charged between businesses in different
    countries: {"category": EN 16931 VAT category (AE reverse charge, O outside the scope),
    "code": its VATEX exemption code, "note": the sentence the invoice prints, "short": the client
    page's label}; None otherwise.

    - an EU business client, a supplier outside its country: the client accounts for the VAT
      (Directive 2006/112/EC Art. 196; in Germany §13b UStG);
    - a UK business client, a supplier outside the UK: the client accounts for it (VATA 1994 s.8);
    - a UK supplier, a business client outside the UK: the place of supply is the client's
      country, so the supply is outside the scope of UK VAT (VATA 1994 s.7A)."""
    from contractkit.words import jurisdiction as j

    if project.language != "en" or project.tax.vat is not None or project.client.kind == "individual":
        return None
    client, seller = j.of(project.client), j.of(project.contractor)
    uk_seller = j.region(seller) == "UK" and j.region(client) not in ("UK", "")
    outside = "Outside the scope of UK VAT: services supplied to a business customer outside the " \
              "United Kingdom (section 7A of the Value Added Tax Act 1994)"
    if j.region(client) == "EU" and seller != client:
        note = "Reverse charge: VAT to be accounted for by the recipient (Article 196 of Council " \
               "Directive 2006/112/EC" + NATIONAL_REVERSE_CHARGE.get(client, "") + ")"
        return {"category": "AE", "code": "VATEX-EU-AE", "short": "Reverse charge: no VAT invoiced",
                "note": f"{outside}. {note}" if uk_seller else note}
    if j.region(client) == "UK" and j.region(seller) not in ("UK", ""):
        return {"category": "AE", "code": "VATEX-EU-AE", "short": "Reverse charge: no VAT invoiced",
                "note": "Reverse charge: the customer accounts for the VAT (section 8 of the Value "
                        "Added Tax Act 1994)"}
    if uk_seller:
        return {"category": "O", "code": "VATEX-EU-O", "short": "Outside the scope of UK VAT",
                "note": outside}
    return None
