"""A client outside Russia in Russian documents: where it is, what its number is called, and the
currency the contract is paid in.

A payer abroad pays by a SWIFT transfer, not by the ГОСТ Р 56042-2014 QR code; its number is a
БИН (Kazakhstan) or УНП (Belarus), never an ИНН; the contract chooses Russian law (ГК РФ ст. 1210).
"""

from __future__ import annotations

import re

from contractkit.words import jurisdiction

COUNTRIES = {"KZ": ("казахстан",), "BY": ("беларус", "белорусс"), "UZ": ("узбекистан",),
             "KG": ("кыргыз", "киргиз"), "AM": ("армени",), "AZ": ("азербайджан",), "GE": ("грузи",),
             "TJ": ("таджикистан",), "TM": ("туркмен",), "MD": ("молдов",), "CN": ("китай", "кнр"),
             "TR": ("турц",), "AE": ("оаэ", "арабские эмираты"), "RS": ("серби",)}
"""Country names as a Russian address writes them (their stems), by ISO 3166 code."""
NUMBER_LABELS = {"KZ": "БИН", "BY": "УНП", "UZ": "ИНН", "KG": "ИНН", "AM": "ИНН", "AZ": "ИНН",
                 "TJ": "ИНН", "MD": "IDNO", "GE": "ИН", "CN": "ЕСКК", "US": "EIN"}
"""What a company's registration number is called in its country (БИН: бизнес-идентификационный номер)."""
CURRENCIES = {"RUB": "в российских рублях", "USD": "в долларах США", "EUR": "в евро",
              "KZT": "в казахстанских тенге", "BYN": "в белорусских рублях", "CNY": "в китайских юанях",
              "GBP": "в фунтах стерлингов", "AED": "в дирхамах ОАЭ", "UZS": "в узбекских сумах"}
LABELLED = re.compile(r"^\s*([A-ZА-ЯЁ]{2,5})[\s:№]+(\S.*)$")


def country(party) -> str:
    """"KZ", "RU", "GB": the party's `jurisdiction`, else its address (Russian or English names);
    "" when neither says."""
    code = jurisdiction.of(party)
    if code:
        return code.split("-")[0]
    address = (getattr(party, "address", "") or "").lower()
    if "россия" in address or "российская федерация" in address:
        return "RU"
    return next((c for c, stems in COUNTRIES.items() if any(s in address for s in stems)), "")


NAMES_RU = {"DE": "Германия", "AT": "Австрия", "CH": "Швейцария", "FR": "Франция", "IT": "Италия",
            "ES": "Испания", "PT": "Португалия", "NL": "Нидерланды", "BE": "Бельгия", "LU": "Люксембург",
            "IE": "Ирландия", "DK": "Дания", "SE": "Швеция", "NO": "Норвегия", "FI": "Финляндия",
            "PL": "Польша", "CZ": "Чехия", "SK": "Словакия", "HU": "Венгрия", "EE": "Эстония", "LV": "Латвия",
            "LT": "Литва", "CY": "Кипр", "GR": "Греция", "BG": "Болгария", "RO": "Румыния", "SI": "Словения",
            "HR": "Хорватия", "MT": "Мальта", "GB": "Великобритания", "US": "США", "IL": "Израиль",
            "KZ": "Казахстан", "BY": "Беларусь", "UZ": "Узбекистан", "KG": "Кыргызстан", "AM": "Армения",
            "AZ": "Азербайджан", "GE": "Грузия", "TJ": "Таджикистан", "TM": "Туркменистан", "MD": "Молдова",
            "CN": "Китай", "TR": "Турция", "AE": "ОАЭ", "RS": "Сербия"}
"""The country a preamble names a foreign company by («компания … (Германия, HRB …)»)."""
NATIVE = {"DE": ("deutschland",), "AT": ("österreich",),
          "CH": ("schweiz", "suisse", "svizzera", "switzerland"), "NL": ("nederland",), "ES": ("españa",),
          "IT": ("italia",), "PL": ("polska",), "CZ": ("česko",), "FI": ("suomi",), "SE": ("sverige",),
          "NO": ("norge",), "DK": ("danmark",), "EE": ("eesti",), "LV": ("latvija",), "LT": ("lietuva",),
          "IL": ("israel",), "RS": ("srbija", "serbia"), "TR": ("türkiye", "turkey"),
          "AE": ("united arab emirates", "uae")}
"""Country names an address abroad writes in its own language (English names: words/jurisdiction)."""


def country_name_ru(party) -> str:
    """«Германия»: the country of a party abroad in Russian, from its `jurisdiction` or its address
    (Russian, English or its own language); "" when neither says."""
    code = country(party)
    if not code:
        tail = (getattr(party, "address", "") or "").lower().rsplit(",", 1)[-1]
        code = next((c for c, words in NATIVE.items() if any(w in tail for w in words)), "")
    return NAMES_RU.get(code, "")


def abroad(party) -> bool:
    """The party is located outside the RF: a foreign company, or a country other than RU."""
    return party.kind == "foreign_company" or country(party) not in ("", "RU")


def registration(party) -> tuple[str, str]:
    """(label, number) of a foreign party's `registration`: under the label it was typed with
    («БИН 180440012345»), else its country's («БИН» for Kazakhstan), else «Рег. номер»; ("", "")
    when there is none."""
    text = (party.registration or "").strip()
    if not text:
        return "", ""
    typed = LABELLED.match(text)
    if typed and any(ch.isdigit() for ch in typed.group(2)):
        return typed.group(1), typed.group(2).strip()
    return NUMBER_LABELS.get(country(party), "Рег. номер"), text


def currency_phrase(code: str) -> str:
    """«в российских рублях»: the currency payments are made in, after «Расчёты производятся»."""
    return CURRENCIES.get(code, f"в валюте {code}")


TITLES_GEN = {"geschäftsführer": "управляющего директора", "geschäftsführerin": "управляющего директора",
              "managing director": "управляющего директора", "director": "директора",
              "ceo": "генерального директора", "chief executive officer": "генерального директора",
              "president": "президента", "vorstand": "члена правления",
              "directeur général": "генерального директора", "gérant": "управляющего",
              "gérante": "управляющего"}
"""Common foreign heads' titles in the Russian genitive, after «в лице» (review-ru5 R19)."""


def latin(text: str) -> bool:
    """Written in a Latin script (no Cyrillic letter): a foreign title or name, not declinable."""
    return bool(text) and not re.search(r"[А-Яа-яЁё]", text)


def position_genitive(typed: str, title: str) -> str:
    """«управляющего директора (Geschäftsführerin)»: a foreign title in the Russian genitive with the
    original in brackets; `typed` is the user's own genitive (signatory.position_genitive), if any.
    "" when neither is known (the caller keeps the title as typed)."""
    russian = typed or TITLES_GEN.get(title.strip().lower(), "")
    return f"{russian} ({title})" if russian and latin(title) else russian


def register_basis(party) -> str:
    """What a foreign head acts on: the extract from his company's register (for a GmbH, § 35
    GmbHG and the Handelsregister entry), named with its number; "" when none was typed."""
    label, number = registration(party)
    if not number:
        return ""
    first = number.split(",")[0].strip()
    return f"выписки из торгового реестра ({first if label == 'Рег. номер' else f'{label} {first}'})"
