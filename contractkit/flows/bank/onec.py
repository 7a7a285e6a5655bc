"""The 1C exchange format (1CClientBankExchange, ВерсияФормата 1.03) every Russian bank exports."""

from __future__ import annotations

import re
from datetime import date

from contractkit.flows.bank import (
    MAX_ACCOUNT,
    MAX_REFERENCE,
    StatementError,
    StatementLine,
    amount_of,
    bounded,
)

ENCODINGS = {"windows": "cp1251", "dos": "cp866", "utf-8": "utf-8", "utf8": "utf-8", "unicode": "utf-8"}
REQUIRED = ("Номер", "Дата", "Сумма")
ID_FIELDS = ("Номер", "ПлательщикСчет", "ПлательщикРасчСчет", "ПолучательСчет", "ПолучательРасчСчет",
             "ПлательщикИНН")
"""The fields a payment's id or its matching is made of, each bounded (red team 14, B05)."""
MARKERS = {"КонецФайла", "СекцияРасчСчет", "КонецРасчСчет", "КонецДокумента"}


def encoding_of(data: bytes, name: str) -> str:
    """The `Кодировка=` line says it: Windows is cp1251, DOS cp866; UTF-8 files may say nothing."""
    for enc in ("cp1251", "utf-8"):
        key = "Кодировка=".encode(enc)
        at = data.find(key)
        if at >= 0:
            value = data[at + len(key):].split(b"\n", 1)[0].strip().decode("ascii", "replace").lower()
            if value not in ENCODINGS:
                raise StatementError(f"{name}: Кодировка={value}: unknown encoding (Windows, DOS or UTF-8)")
            return ENCODINGS[value]
    return "utf-8"


def parse(data: bytes, name: str) -> list[StatementLine]:
    encoding = encoding_of(data, name)
    try:
        text = data.decode(encoding).lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise StatementError(f"{name}:{line}: not {encoding} text, as its Кодировка line says") from None
    accounts: set[str] = set()
    out: list[StatementLine] = []
    doc: dict[str, str] | None = None
    start = 0
    ended = False
    section = 0
    """The line of the open СекцияРасчСчет (the account and its balances), 0 outside it."""
    sections = 0
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or n == 1:
            continue
        if ended:
            raise StatementError(f"{name}:{n}: text after КонецФайла")
        if line == "СекцияРасчСчет" or line == "КонецРасчСчет":
            if doc is not None or (section and line == "СекцияРасчСчет"):
                raise StatementError(f"{name}:{n}: {line} inside the section of line {section or start}")
            if line == "КонецРасчСчет" and not section:
                raise StatementError(f"{name}:{n}: КонецРасчСчет without СекцияРасчСчет")
            section, sections = (n, sections + 1) if line == "СекцияРасчСчет" else (0, sections)
        elif section and (line.startswith("СекцияДокумент") or line == "КонецФайла"):
            raise StatementError(f"{name}:{section}: СекцияРасчСчет without КонецРасчСчет")
        elif line.startswith("СекцияДокумент"):
            if doc is not None:
                raise StatementError(f"{name}:{n}: a new document before КонецДокумента of line {start}")
            doc, start = {"_kind": line.partition("=")[2]}, n
        elif line == "КонецДокумента":
            if doc is None:
                raise StatementError(f"{name}:{n}: КонецДокумента without СекцияДокумент")
            out.append(_document(doc, start, accounts, name))
            doc = None
        elif line == "КонецФайла":
            ended = True
        elif line in MARKERS:
            continue
        elif "=" not in line:
            raise StatementError(f"{name}:{n}: expected key=value, got {line[:40]!r}")
        else:
            key, _, value = line.partition("=")
            if doc is not None:
                doc[key.strip()] = value.strip()
                doc.setdefault("_line_" + key.strip(), str(n))
            elif key.strip() == "РасчСчет" and value.strip():
                accounts.add(bounded(value.strip(), f"{name}:{n}", "РасчСчет", MAX_ACCOUNT))
    if doc is not None:
        raise StatementError(f"{name}:{start}: document without КонецДокумента")
    if not ended:
        raise StatementError(f"{name}: no КонецФайла: the file is cut short")
    if not sections or not accounts:
        raise StatementError(f"{name}: no СекцияРасчСчет with РасчСчет= (the account the statement is "
                             "of): not a bank statement, and incoming payments cannot be told from "
                             "outgoing ones")
    return out


def _document(doc: dict[str, str], start: int, accounts: set[str], name: str) -> StatementLine:
    for key in REQUIRED:
        if not doc.get(key):
            raise StatementError(f"{name}:{start}: payment document without {key}")

    def where(key: str) -> str:
        return f"{name}:{doc.get('_line_' + key, start)}"

    for key in ID_FIELDS:
        bounded(doc.get(key, ""), where(key), key, MAX_ACCOUNT if "Счет" in key else MAX_REFERENCE)
    amount = amount_of(doc["Сумма"], where("Сумма"), "Сумма", spaces=True)
    day = _date(doc.get("ДатаПоступило") or doc["Дата"], where("ДатаПоступило" if doc.get("ДатаПоступило")
                                                                 else "Дата"))
    issued = _date(doc["Дата"], where("Дата"))
    payer_acc = doc.get("ПлательщикСчет", "") or doc.get("ПлательщикРасчСчет", "")
    payee_acc = doc.get("ПолучательСчет", "") or doc.get("ПолучательРасчСчет", "")
    incoming = payee_acc in accounts if accounts else True
    if accounts and payer_acc in accounts and not incoming:
        incoming = False
    payer = doc.get("Плательщик1") or re.sub(r"^ИНН\s*\d+\s*", "", doc.get("Плательщик", ""))
    return StatementLine(
        line=start, doc_id=f"1c:{doc['Номер']}/{issued.isoformat()}/{payer_acc}/{amount}", day=day,
        amount=amount, currency="RUB", incoming=incoming, purpose=doc.get("НазначениеПлатежа", ""),
        payer=payer, payer_inn=doc.get("ПлательщикИНН", ""), payer_account=payer_acc,
        payee_account=payee_acc if incoming else payer_acc)


def _date(text: str, where: str) -> date:
    match = re.fullmatch(r"(\d{2})\.(\d{2})\.(\d{4})", text.strip())
    try:
        if not match:
            raise ValueError
        return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        raise StatementError(f"{where}: {text!r} is not a date (dd.mm.yyyy)") from None
