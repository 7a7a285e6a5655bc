"""Factur-X / ZUGFeRD (EN 16931) e-invoice: the CII XML an English invoice carries in its PDF/A-3.

The XML is attached as factur-x.xml (AFRelationship Data) and the PDF's XMP metadata declares it
with the fx: extension schema, as the Factur-X 1.0 specification asks.
"""

from __future__ import annotations

import base64
import re
from datetime import date
from decimal import Decimal

from contractkit import money
from contractkit.flows.billing.book import Book
from contractkit.state.offsets import PREPAYMENT_LABELS
from contractkit.store.payments import InvoiceRecord
from contractkit.words import jurisdiction

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
EN16931 = "urn:cen.eu:en16931:2017"
FX_URN = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"
FILENAME = "factur-x.xml"


def _country(party, fallback: str) -> str:
    """ISO 3166 code of a party's country (BT-40, BT-55, BT-80): its `jurisdiction` ("US-CA" → US,
    "GB-SCT" → GB, "IE"), else what its address shows; the project's calendar only when neither
    says (an Irish client was coded as the contractor's "US", review-en5 E4)."""
    from contractkit.words import jurisdiction

    code = jurisdiction.of(party) or fallback
    return code.split("-")[0]


def cii_xml(book: Book, record: InvoiceRecord, context: dict) -> bytes:
    """The invoice as an EN 16931 CrossIndustryInvoice (one line: the installment billed)."""
    from lxml import etree

    project = book.project
    inv = context["invoice"]
    cur = project.currency
    vat: Decimal | None = inv["vat"]
    rule = inv.get("vat_rule")  # reverse charge (AE) or outside the scope (O), as the PDF says
    # A final invoice: the whole price less what was received on account. Where VAT is charged or
    # reverse-charged, each payment on account is a credit line in the same VAT category, so the
    # VAT breakdown (BG-23) is this invoice's own: the advance invoices brought their part into
    # charge already (Directive 2006/112/EC Art. 65; UStG §14(5); VAT Notice 700 14.2), and the
    # whole price as the base again declared it twice (review-en5 E7). With no VAT at all the
    # payments are simply BT-113, paid amount (BR-CO-16).
    final = inv.get("settlement")
    credits = bool(final) and (final["vat"] is not None or (rule is not None and rule["category"] == "AE"))
    if final and credits:
        vat = final["due_vat"]
    elif final:
        vat = final["vat"]
    gross = (final["due"] if credits else final["total"]) if final else record.amount
    net = gross - (vat or money.ZERO)
    prepaid = final["received"] if final and not credits else money.ZERO
    nsmap = {"rsm": RSM, "ram": RAM, "udt": UDT, "qdt": QDT}

    def el(parent, tag: str, text: str | None = None, **attrs):
        prefix, name = tag.split(":")
        node = etree.SubElement(parent, f"{{{nsmap[prefix]}}}{name}", attrs)
        if text is not None:
            node.text = text
        return node

    def amount(value: Decimal) -> str:
        return str(money.to_minor(value, cur))

    def day(parent, tag: str, value) -> None:
        el(el(parent, tag), "udt:DateTimeString", value.strftime("%Y%m%d"), format="102")

    reverse = rule is not None and rule["category"] == "AE"

    def party(parent, tag: str, p, seller: bool) -> None:
        node = el(parent, tag)
        el(node, "ram:Name", p.name)
        if p.registration or p.trade_name:  # BT-30 (BR-CO-26: the seller needs an identifier), BT-28
            legal = el(node, "ram:SpecifiedLegalOrganization")
            if p.registration:
                el(legal, "ram:ID", jurisdiction.legal_identifier(p))  # the identifier, no label
            if p.trade_name:
                el(legal, "ram:TradingBusinessName", p.trade_name)
        address = el(node, "ram:PostalTradeAddress")
        el(address, "ram:LineOne", p.address or p.name)
        el(address, "ram:CountryID", _country(p, project.calendar))
        if p.email:
            uri = el(node, "ram:URIUniversalCommunication")
            el(uri, "ram:URIID", p.email, schemeID="EM")
        # BT-31 / BT-48 VAT ids (none on an "outside the scope" invoice, BR-O-2..4); a reverse-charge
        # seller without one gives its tax registration (BT-32, BR-AE-2)
        # BT-31: the identifier without the spaces people write in it ("GB318 4427 61")
        if p.vat_id and (rule is None or rule["category"] != "O"):
            vat_id = re.sub(r"[\s.-]", "", p.vat_id)
            el(el(node, "ram:SpecifiedTaxRegistration"), "ram:ID", vat_id, schemeID="VA")
        elif seller and reverse and p.registration:
            el(el(node, "ram:SpecifiedTaxRegistration"), "ram:ID", jurisdiction.legal_identifier(p),
               schemeID="FC")

    def tax(parent, header: bool) -> None:
        node = el(parent, "ram:ApplicableTradeTax")
        if header:
            el(node, "ram:CalculatedAmount", amount(vat or money.ZERO))
        el(node, "ram:TypeCode", "VAT")
        if header and vat is None:
            el(node, "ram:ExemptionReason", rule["note"] if rule else "Not subject to VAT")
        if header:
            el(node, "ram:BasisAmount", amount(net))
        el(node, "ram:CategoryCode", "S" if vat is not None else (rule["category"] if rule else "O"))
        if header and rule:
            el(node, "ram:ExemptionReasonCode", rule["code"])
        if vat is not None:
            el(node, "ram:RateApplicablePercent", str(project.tax.vat))
        elif reverse:
            el(node, "ram:RateApplicablePercent", "0")  # BR-AE-5, BR-AE-6

    root = etree.Element(f"{{{RSM}}}CrossIndustryInvoice", nsmap=nsmap)
    context_node = el(root, "rsm:ExchangedDocumentContext")
    el(el(context_node, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", EN16931)
    doc = el(root, "rsm:ExchangedDocument")
    el(doc, "ram:ID", record.label)
    # UNTDID 1001: 386 a prepayment invoice, billed before the work it pays for: the contract's
    # deposit and a Change Order's alike (review-en2 E7); 380 others
    prepayment = book.installment(record.installment).label in PREPAYMENT_LABELS
    el(doc, "ram:TypeCode", "386" if prepayment else "380")
    day(doc, "ram:IssueDateTime", record.date)
    el(el(doc, "ram:IncludedNote"), "ram:Content", inv["line_text"])

    trade = el(root, "rsm:SupplyChainTradeTransaction")

    def line(number: int, name: str, value: Decimal, quantity: str = "1") -> None:
        """One invoice line; a credit is quantity -1 at a positive price (BR-27: no negative price)."""
        item = el(trade, "ram:IncludedSupplyChainTradeLineItem")
        el(el(item, "ram:AssociatedDocumentLineDocument"), "ram:LineID", str(number))
        el(el(item, "ram:SpecifiedTradeProduct"), "ram:Name", name)
        price = el(el(item, "ram:SpecifiedLineTradeAgreement"), "ram:NetPriceProductTradePrice")
        el(price, "ram:ChargeAmount", amount(value))
        el(el(item, "ram:SpecifiedLineTradeDelivery"), "ram:BilledQuantity", quantity, unitCode="C62")
        line_settlement = el(item, "ram:SpecifiedLineTradeSettlement")
        tax(line_settlement, header=False)
        line_sum = el(line_settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
        el(line_sum, "ram:LineTotalAmount", amount(value if quantity == "1" else -value))

    line(1, inv["line_text"], final["net"] if credits else net)
    for n, row in enumerate(final["rows"] if credits else (), 2):
        billed = ", ".join(f"invoice {v['id']}" for v in row["invoices"])
        line(n, f"Less received on account: payment No. {row['n']}" + (f" ({billed})" if billed else ""),
             row["amount"] - (row["vat"] or money.ZERO), quantity="-1")

    agreement = el(trade, "ram:ApplicableHeaderTradeAgreement")
    party(agreement, "ram:SellerTradeParty", project.contractor, seller=True)
    party(agreement, "ram:BuyerTradeParty", project.client, seller=False)
    el(el(agreement, "ram:ContractReferencedDocument"), "ram:IssuerAssignedID", project.contract.number)
    delivery = el(trade, "ram:ApplicableHeaderTradeDelivery")  # PEPPOL-R008: no empty element
    delivered, period = supply(book, record, inv.get("delivered"))
    if delivered is not None:  # BT-72: the acceptance the invoice follows
        day(el(delivery, "ram:ActualDeliverySupplyChainEvent"), "ram:OccurrenceDateTime", delivered)
    else:
        # work not yet done: no actual delivery date (BT-72), which a buyer's system would book as
        # the date of supply, but the deliver-to party (BG-13, BT-70, BT-80, BR-57) and, below, the
        # planned period of the work it pays for (BG-14, BT-73/74)
        ship = el(delivery, "ram:ShipToTradeParty")
        el(ship, "ram:Name", project.client.name)
        ship_address = el(ship, "ram:PostalTradeAddress")
        el(ship_address, "ram:LineOne", project.client.address or project.client.name)
        el(ship_address, "ram:CountryID", _country(project.client, project.calendar))

    settlement = el(trade, "ram:ApplicableHeaderTradeSettlement")
    el(settlement, "ram:PaymentReference", record.label)
    el(settlement, "ram:InvoiceCurrencyCode", cur)
    bank = project.contractor.bank
    if bank is not None:
        means = el(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
        el(means, "ram:TypeCode", "30")  # credit transfer (UNTDID 4461)
        account = el(means, "ram:PayeePartyCreditorFinancialAccount")
        iban = _iban(bank.account)
        if iban:  # BT-84 is one identifier: an IBAN goes in IBANID, without the prose around it
            el(account, "ram:IBANID", iban)
        else:
            el(account, "ram:ProprietaryID", bank.account)
        if bank.swift:  # BT-86, the payee's BIC
            el(el(means, "ram:PayeeSpecifiedCreditorFinancialInstitution"), "ram:BICID", bank.swift)
    tax(settlement, header=True)
    if period is not None:  # BG-14 invoicing period: start (BT-73) and end (BT-74), BR-29, BR-CO-19
        billed = el(settlement, "ram:BillingSpecifiedPeriod")
        day(billed, "ram:StartDateTime", period[0])
        day(billed, "ram:EndDateTime", period[1])
    terms = el(settlement, "ram:SpecifiedTradePaymentTerms")
    el(terms, "ram:Description", inv["terms_text"])
    if inv["due"]:
        day(terms, "ram:DueDateDateTime", inv["due"])
    total = el(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    el(total, "ram:LineTotalAmount", amount(net))
    el(total, "ram:TaxBasisTotalAmount", amount(net))
    el(total, "ram:TaxTotalAmount", amount(vat or money.ZERO), currencyID=cur)
    el(total, "ram:GrandTotalAmount", amount(gross))
    if prepaid:  # BT-113; BR-CO-16: BT-115 = BT-112 - BT-113
        el(total, "ram:TotalPrepaidAmount", amount(prepaid))
    el(total, "ram:DuePayableAmount", amount(gross - prepaid))
    for earlier in (final or {}).get("earlier", ()):  # BG-3: the invoices paid on account
        ref = el(settlement, "ram:InvoiceReferencedDocument")
        el(ref, "ram:IssuerAssignedID", earlier["id"])  # BT-25
        el(el(ref, "ram:FormattedIssueDateTime"), "qdt:DateTimeString", earlier["date"].strftime("%Y%m%d"),
           format="102")  # BT-26
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


IBAN_IN_TEXT = re.compile(r"\b([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)\b")


def _iban(account: str) -> str:
    """The IBAN an account field holds, without spaces ("GB33BUKB20201555555555 (sort code …)")."""
    from contractkit.words.jurisdiction import is_iban

    found = IBAN_IN_TEXT.search(account or "")
    return found.group(1).replace(" ", "") if found and is_iban(found.group(1)) else ""


def supply(book: Book, record: InvoiceRecord, accepted: date | None) -> tuple[date | None, tuple | None]:
    """(BT-72, BG-14) of an invoice: the actual delivery date only for work done, i.e. the
    acceptance the installment follows or, with every stage accepted by the invoice's date, the
    last acceptance; otherwise no delivery date but the planned period of the work still to do
    (EN 16931 BT-72 "the date on which the supply … is made"; review-en2 E7)."""
    if accepted is not None:
        return accepted, None
    period = planned_period(book, record)
    if period is not None:
        return None, period
    done = [s.accepted_on for s in book.state.stages if s.accepted_on is not None]
    return max(done, default=record.date), None


def planned_period(book: Book, record: InvoiceRecord):
    """(first day, last day) of the work a deposit invoice pays for: the stages in force not yet
    accepted on the invoice's date, from the earliest start to the latest deadline; None if none."""
    stages = [s for s in book.state.stages if s.accepted_on is None or s.accepted_on > record.date]
    added = _added_by(book, book.installment(record.installment).addendum)
    if added and any(s.id in added for s in stages):  # a Change Order's deposit: the work it added
        stages = [s for s in stages if s.id in added]
    if not stages:
        return None
    return min(s.start for s in stages), max(s.deadline for s in stages)


def _added_by(book: Book, addendum: int | None) -> set[str]:
    """The stages Change Order `addendum` added (its signed scope less the one before it)."""
    at = next((i for i, s in enumerate(book.signed) if i and s.kind == "addendum" and s.number == addendum),
              None)
    if addendum is None or at is None:
        return set()
    return {d.id for d in book.versions[at].deliverables} - {d.id for d in book.versions[at - 1].deliverables}


XMP = """<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>{urn}</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>fx</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq>
{properties}
</rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:fx="{urn}">
<fx:DocumentType>INVOICE</fx:DocumentType>
<fx:DocumentFileName>{filename}</fx:DocumentFileName>
<fx:Version>1.0</fx:Version>
<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>
</rdf:Description>
</rdf:RDF>"""
PROPERTY = """<rdf:li rdf:parseType="Resource"><pdfaProperty:name>{name}</pdfaProperty:name>
<pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category>
<pdfaProperty:description>{description}</pdfaProperty:description></rdf:li>"""
PROPERTIES = {
    "DocumentFileName": "The name of the embedded XML document",
    "DocumentType": "The type of the hybrid document in capital letters, e.g. INVOICE or ORDER",
    "Version": "The actual version of the standard applying to the embedded XML document",
    "ConformanceLevel": "The conformance level of the embedded XML document",
}


def xmp_block() -> bytes:
    properties = "\n".join(PROPERTY.format(name=n, description=d) for n, d in PROPERTIES.items())
    return XMP.format(urn=FX_URN, filename=FILENAME, properties=properties).encode("utf-8")


def facturx_attachment(book: Book, record: InvoiceRecord, context: dict) -> dict:
    """What render/pdf.py embeds: the XML and the XMP block declaring it (as a data: URL)."""
    xmp = "data:application/rdf+xml;base64," + base64.b64encode(xmp_block()).decode()
    return {"name": FILENAME, "data": cii_xml(book, record, context), "relationship": "Data",
            "description": "Factur-X invoice (EN 16931)", "xmp": xmp}
