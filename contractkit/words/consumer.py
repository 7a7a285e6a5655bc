"""Whether a Russian contract is one with a consumer, and the cash-receipt wording that follows.

Закон РФ от 07.02.1992 № 2300-1 «О защите прав потребителей», преамбула: a citizen ordering for
personal needs from an organisation or an ИП is a consumer; terms that limit his rights are void
(ст. 16 п. 1, 2). A self-employed person (НПД) is not an «исполнитель» in the law's sense.
"""

from __future__ import annotations

BUSINESS = ("company", "sole_proprietor")


def is_consumer(contractor, client) -> bool:
    """The client is a private individual and the contractor a business (ЗоЗПП, преамбула)."""
    return client.kind == "individual" and contractor.kind in BUSINESS


def kkt_receipt_clause() -> str:
    """54-ФЗ ст. 1.2 п. 1, 2, 5, ст. 4.7: a business paid by a natural person, also by transfer to
    its account (the exemption of п. 9 ст. 1.2 is for organisations and ИП only), issues a кассовый
    чек through online ККТ and sends it to the buyer."""
    return ("Исполнитель при получении каждого платежа формирует кассовый чек с применением "
            "контрольно-кассовой техники и направляет его Заказчику на адрес электронной почты, "
            "указанный в Договоре (статьи 1.2 и 4.7 Федерального закона от 22.05.2003 № 54-ФЗ "
            "«О применении контрольно-кассовой техники при осуществлении расчётов в Российской "
            "Федерации»)")


KKT_INVOICE = "Кассовый чек будет направлен на адрес электронной почты Заказчика после поступления оплаты"
