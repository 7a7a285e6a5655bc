"""Constrained field types shared by the model: money, percentages, slugs."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict


class Model(BaseModel):
    """Base of every model: unknown keys are errors, values are immutable; each field's docstring
    is its description in the JSON Schema, so an editor shows it (`contractkit schema`: read
    then, model/docs.py, not as each class is defined)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)

    def plain(self, exclude: frozenset[str] | set[str] = frozenset()) -> dict:
        """model_dump() for these models (no aliases, serializers or computed fields), without
        building pydantic's serializer: a render that reads a cached project never builds one.
        Private notes are never in it: this is what templates and documents are built from."""
        return {name: _plain(getattr(self, name)) for name in type(self).model_fields
                if name not in exclude and name not in PRIVATE}


def _plain(value):
    if isinstance(value, Model):
        return value.plain()
    if isinstance(value, (list, tuple, set, frozenset)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


PRIVATE = frozenset({"notes"})
"""Fields for the user alone: `show` prints them; no document, page, letter or data carries them."""

Notes = str | dict[str, Any] | None
"""Private notes: free text or a mapping of anything. Never printed in any output; only `show`
prints them, to the user."""

MAX_AMOUNT = Decimal("1000000000000")
"""Amounts and quantities stay under a trillion."""
MAX_SIGNIFICANT = 18
MAX_PLACES = 6
_AMBIGUOUS = re.compile(r"^[+-]?[0-9]{1,3},[0-9]{3}$")
"""45,000: thousands separator or decimal comma? Both readings are plausible."""


def _decimal(value: object) -> object:
    """A number as the person wrote it: exact, bounded, never silently rounded."""
    if isinstance(value, bool):
        raise ValueError("must be a number")
    if isinstance(value, float):  # typed by hand as 18500.5: keep the digits the person wrote
        value = Decimal(repr(value))
    elif isinstance(value, int):
        value = Decimal(value)
    elif isinstance(value, str):
        text = value.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("_", "")
        if _AMBIGUOUS.match(text):
            whole, part = text.split(",")
            raise ValueError(f"{value!r} is ambiguous: {whole}{part} (comma as a thousands separator) "
                             f"or {whole}.{part} (decimal comma); write {whole}{part} or {whole}.{part}")
        try:
            value = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
    if isinstance(value, Decimal) and value.is_finite():
        _bounded(value)
    return value


def _bounded(value: Decimal) -> None:
    if value.adjusted() >= MAX_AMOUNT.adjusted():  # no arithmetic: 1E+1000000 would overflow
        raise ValueError(f"{value} is too large: at most 999 999 999 999.99")
    sign, digits, exponent = value.normalize().as_tuple()
    if isinstance(exponent, int) and -exponent > MAX_PLACES:
        raise ValueError(f"{value} has more than {MAX_PLACES} decimal places")
    if len(digits) > MAX_SIGNIFICANT:
        raise ValueError(f"{value} has more than {MAX_SIGNIFICANT} significant digits")


def _percent(value: object) -> object:
    if isinstance(value, str) and value.strip().endswith("%"):
        value = value.strip()[:-1]
    return _decimal(value)


def _positive(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("must be a finite number")
    if value <= 0:
        raise ValueError("must be greater than 0")
    return value


def _non_negative(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("must be a finite number")
    if value < 0:
        raise ValueError("must not be negative")
    return value


def _at_most_100(value: Decimal) -> Decimal:
    if value > 100:
        raise ValueError(f"must be at most 100% (got {value}%)")
    return value


def _at_most_two_places(value: Decimal) -> Decimal:
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(f"{value} has more than two decimal places")
    return value


def parse_amount(text: str) -> Decimal:
    """A sum typed on the command line, read exactly as project.yaml reads one (ValueError with
    the reason): "45,000" is ambiguous in both places."""
    value = _decimal(text)
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(f"{text!r} is not a finite number")
    return _at_most_two_places(value)


PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
"""An ASCII dot-atom local part and dot-separated domain labels: an address the email package
parses to itself with no defect, so _email takes it as is (tests/test_cold_paths.py compares)."""


def _email(value: str) -> str:
    """One bare address (user@domain) or empty: no CR/LF or other control, no list, no display
    name (the mail names the person from the signatory), parsed by the standard email package."""
    from contractkit.model.ids import is_placeholder

    if not value or (is_placeholder(value) and value.isprintable() and len(value) <= 254
                     and not any(c in value for c in "@,;<>\"")):
        return value  # a starting point's FILL placeholder, never read as an address: `sign` refuses it
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ValueError("an e-mail address must be one line with no control characters")
    if any(c in value for c in ",;<>\"") or len(value.split()) != 1:
        raise ValueError(f"{value!r} is not one bare e-mail address (user@example.com): no list, no name, "
                         "no angle brackets")
    if PLAIN_ADDRESS.fullmatch(value) and len(value) <= 254:
        return value  # what Address below accepts unchanged; the email package is not loaded (9 ms)
    from email.errors import HeaderParseError
    from email.headerregistry import Address

    try:
        address = Address(addr_spec=value)
    except (ValueError, IndexError, HeaderParseError):
        raise ValueError(f"{value!r} is not an e-mail address") from None
    if not address.username or "." not in address.domain or address.domain.startswith(".") \
            or address.domain.endswith(".") or address.addr_spec != value or len(value) > 254:
        raise ValueError(f"{value!r} is not an e-mail address (user@example.com)")
    return value


EmailAddress = Annotated[str, AfterValidator(_email)]
"""An e-mail address of a party: one bare address, checked as a mail header would read it."""

Money = Annotated[
    Decimal, BeforeValidator(_decimal), AfterValidator(_positive), AfterValidator(_at_most_two_places)
]
"""A positive amount in the project currency."""

Amount = Annotated[
    Decimal,
    BeforeValidator(_decimal),
    AfterValidator(_non_negative),
    AfterValidator(_at_most_two_places),
]
"""A non-negative amount (a fee that may be zero)."""

Quantity = Annotated[Decimal, BeforeValidator(_decimal), AfterValidator(_positive)]
"""A positive quantity such as hours."""

Percent = Annotated[
    Decimal, BeforeValidator(_percent), AfterValidator(_non_negative), AfterValidator(_at_most_100)
]
"""0..100, written as 50, 12.5 or "50%"."""

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(
            f"{value!r} is not a valid id: use lowercase latin letters, digits and '-', "
            "starting with a letter or digit"
        )
    return value


Slug = Annotated[str, AfterValidator(_slug)]
