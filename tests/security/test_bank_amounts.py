"""Bank statement amounts no bank books (red team round 6, #7): `1E+999999`, `3660.001`, 28 or 29
digits. Each reader (camt.053, MT940, OFX, 1C) refuses them with one line naming the file, the line
and the field, exit non-zero, no traceback, nothing recorded, --dry-run or not. Before, camt.053
and OFX stopped with "internal error" (InvalidOperation, or a payment record's ValidationError)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.attack import one_line_error, run

pytestmark = pytest.mark.security("billing-records")

BANK = Path(__file__).parent.parent / "data" / "bank"
BAD = ["1E+999999", "3660.001", "9" * 28, "1e3", "36.6E+2", "NaN", "1" + "0" * 12 + ".00", "0x10"]


def _statement(tmp_path: Path, kind: str, amount: str) -> tuple[Path, int, str]:
    """(statement file, line of the changed amount, field named) with one amount replaced."""
    if kind == "camt":
        old, new, name, field = '<Amt Ccy="USD">4880.00</Amt>', f'<Amt Ccy="USD">{amount}</Amt>', "s.xml", "Amt"
        text = (BANK / "harbor-camt053.xml").read_text()
    elif kind == "ofx":
        old, new, name, field = "<TRNAMT>4880.00", f"<TRNAMT>{amount}", "s.ofx", "TRNAMT"
        text = (BANK / "harbor.ofx").read_text()
    elif kind == "mt940":
        old, new, name, field = "C4880,00N", f"C{amount.replace('.', ',')}N", "s.mt940", ":61: amount"
        text = (BANK / "harbor.mt940").read_text()
    else:
        old, new, name, field = "Сумма=56000.00", f"Сумма={amount}", "s.txt", "Сумма"
        text = (BANK / "vector-1c-cp1251.txt").read_bytes().decode("cp1251")
    assert old in text
    line = text[:text.index(old)].count("\n") + 1
    path = tmp_path / name
    path.write_bytes(text.replace(old, new, 1).encode("cp1251" if kind == "1c" else "utf-8"))
    return path, line, field


@pytest.mark.parametrize("kind", ["camt", "ofx", "1c"])
@pytest.mark.parametrize("amount", BAD)
def test_an_amount_no_bank_books_is_one_line_naming_file_line_and_field(ws, tmp_path, kind, amount):
    path, line, field = _statement(tmp_path, kind, amount)
    for dry in (["--dry-run"], []):
        result = run("paid", "--import", path, *dry, ws, ok=False)
        message = one_line_error(result)
        assert f"{path.name}:{line}: " in message and field in message, message
        assert "not a sum of money" in message and "internal error" not in message
        assert result.exit_code not in (0, 70)


@pytest.mark.parametrize("amount", ["9" * 29 + ",00", "1000000000000,00", "12,345"])
def test_an_mt940_amount_over_the_limit_is_one_line(ws, tmp_path, amount):
    path, line, _ = _statement(tmp_path, "mt940", amount)
    result = run("paid", "--import", path, "--dry-run", ws, ok=False)
    message = one_line_error(result)
    assert f"{path.name}:{line}: " in message and ("not a sum of money" in message or "MT940 form" in message)
    assert result.exit_code != 70


def test_the_readers_still_take_plain_amounts(tmp_path):
    """The limits keep every real amount: 2 decimals, a comma in MT940 and 1C, a sign in OFX."""
    from decimal import Decimal

    from contractkit.flows.bank import amount_of, parse_statement

    for kind, amount in [("camt", "4880.5"), ("ofx", "+4880.50"), ("mt940", "4880,5"), ("1c", "4880,50"),
                         ("camt", "999999999999.99"), ("1c", "4880.500")]:
        path, _, _ = _statement(tmp_path, kind, amount)
        lines = parse_statement(path.read_bytes(), path.name)
        assert any(x.amount == Decimal(amount.replace(",", ".").lstrip("+")) for x in lines), (kind, amount)
    assert str(amount_of("4880.500", "f:1", "Amt")) == "4880.50"
