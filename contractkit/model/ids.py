"""Checksums of Russian registration numbers and bank accounts (ФНС and ЦБ РФ rules)."""

from __future__ import annotations

import re


def _digits(value: str, lengths: tuple[int, ...], what: str) -> list[int]:
    if not value.isdigit() or not value.isascii() or len(value) not in lengths:
        sizes = " or ".join(str(n) for n in lengths)
        raise ValueError(f"{what} must be {sizes} digits (got {value!r})")
    return [int(c) for c in value]


def _weighted(digits: list[int], weights: list[int]) -> int:
    return sum(d * w for d, w in zip(digits, weights, strict=False))


def check_inn(value: str) -> str:
    """ИНН: 10 digits (organisations) or 12 (individuals), with one or two control digits."""
    d = _digits(value, (10, 12), "ИНН")
    if len(d) == 10:
        ok = _weighted(d, [2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10 == d[9]
    else:
        w11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
        w12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
        ok = _weighted(d, w11) % 11 % 10 == d[10] and _weighted(d, w12) % 11 % 10 == d[11]
    if not ok:
        raise ValueError(f"ИНН {value} has a wrong control digit (check for a typo)")
    return value


def check_ogrn(value: str) -> str:
    """ОГРН (13 digits) of an organisation."""
    _digits(value, (13,), "ОГРН")
    if int(value[:12]) % 11 % 10 != int(value[12]):
        raise ValueError(f"ОГРН {value} has a wrong control digit (check for a typo)")
    return value


def check_ogrnip(value: str) -> str:
    """ОГРНИП (15 digits) of a sole proprietor."""
    _digits(value, (15,), "ОГРНИП")
    if int(value[:14]) % 13 % 10 != int(value[14]):
        raise ValueError(f"ОГРНИП {value} has a wrong control digit (check for a typo)")
    return value


def check_kpp(value: str) -> str:
    """КПП: 9 characters, the 5th and 6th may be capital latin letters."""
    if len(value) != 9 or not (value[:4] + value[6:]).isdigit() or not value[4:6].isalnum():
        raise ValueError(f"КПП must be 9 characters: 4 digits, 2 digits or letters, 3 digits (got {value!r})")
    return value


def check_bik(value: str) -> str:
    """БИК: 9 digits; Russian banks' start with 04."""
    _digits(value, (9,), "БИК")
    if not value.startswith("04"):
        raise ValueError(f"БИК {value} must start with 04")
    return value


_ACCOUNT_WEIGHTS = [7, 1, 3] * 8


def _account_ok(key: str, account: str) -> bool:
    return _weighted([int(c) for c in key + account], _ACCOUNT_WEIGHTS) % 10 == 0


def check_account(account: str, bik: str) -> str:
    """Settlement account (р/с): 20 digits, control key against the last 3 digits of the БИК."""
    _digits(account, (20,), "account")
    if not _account_ok(bik[-3:], account):
        raise ValueError(f"account {account} does not match БИК {bik} (control key is wrong)")
    return account


def check_correspondent_account(account: str, bik: str) -> str:
    """Correspondent account (к/с): 20 digits, keyed on '0' and the 5th-6th digits of the БИК."""
    _digits(account, (20,), "correspondent account")
    if not _account_ok("0" + bik[4:6], account):
        raise ValueError(
            f"correspondent account {account} does not match БИК {bik} (control key is wrong)"
        )
    return account


_SWIFT = re.compile(r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?")
_LATIN = re.compile(r"[A-Za-z0-9/\-?:().,'+ ]*")


def check_swift(value: str) -> str:
    """SWIFT (BIC), ISO 9362: 4 letters of the bank, 2 of the country, 2 of the place, and an
    optional 3 of the branch: 8 or 11 capital letters and digits."""
    if not _SWIFT.fullmatch(value):
        raise ValueError(f"SWIFT (BIC) must be 8 or 11 capital letters and digits, e.g. SABRRUMM "
                         f"(got {value!r})")
    return value


def check_latin(value: str) -> str:
    """Text a SWIFT transfer carries (the MT "x" character set): Latin letters, digits, spaces
    and / - ? : ( ) . , ' +. A Cyrillic name is garbled or refused by a bank abroad."""
    if not _LATIN.fullmatch(value):
        bad = sorted({c for c in value if not _LATIN.fullmatch(c)})
        raise ValueError(f"must be in Latin letters, digits and / - ? : ( ) . , ' + "
                         f"(a SWIFT transfer carries no other characters); found {''.join(bad)!r}")
    return value


PLACEHOLDER = "FILL"
"""The word a starting point (`new --as`) puts in each value the user must write."""


def is_placeholder(value: object) -> bool:
    """A value still saying FILL: valid so that a draft renders, refused by `sign` and billing."""
    return isinstance(value, str) and re.search(rf"\b{PLACEHOLDER}\b", value) is not None


def blank_or(check):
    """`check`, except that "" passes: a requisite not known yet, printed as «________» for the
    client to fill in by hand (`check` lists it, `sign` warns). A FILL placeholder passes too
    (`check` lists it, `sign` refuses it)."""
    def validate(value: str) -> str:
        return value if value == "" or is_placeholder(value) else check(value)

    validate.__name__ = f"blank_or_{check.__name__}"
    return validate


def placeholder_fields(data: object, where: str = "") -> list[tuple[str, str]]:
    """(field path, value) of each FILL placeholder in plain project data (Model.plain())."""
    if isinstance(data, dict):
        return [found for key, value in data.items()
                for found in placeholder_fields(value, f"{where}.{key}" if where else str(key))]
    if isinstance(data, (list, tuple)):
        return [found for i, value in enumerate(data) for found in placeholder_fields(value, f"{where}[{i}]")]
    return [(where, data)] if is_placeholder(data) else []
