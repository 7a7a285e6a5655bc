from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from contractkit import money

D = Decimal


def test_split_puts_the_remainder_on_the_last():
    assert money.split(D("100.00"), [D(1) / 3 * 100, D(1) / 3 * 100, D(1) / 3 * 100],
                       [None] * 3, "RUB") == [D("33.33"), D("33.33"), D("33.34")]


def test_split_mixes_fixed_amounts_and_percent():
    assert money.split(D("1000.00"), [None, D(50), D(50)], [D("100.00"), None, None], "USD") == [
        D("100.00"), D("500.00"), D("400.00")]


def test_minor_units_follow_the_currency():
    assert money.to_minor(D("10.555"), "RUB") == D("10.56")
    assert money.to_minor(D("10.5"), "JPY") == D("11")


def test_the_known_precisions_are_babels():
    """money.PRECISION spares a render babel's data: the digits babel gives, and babel's for the rest."""
    from babel.numbers import get_currency_precision

    for code, digits in money.PRECISION.items():
        assert get_currency_precision(code) == digits, code
    assert money.minor_unit("KWD") == D("0.001") and money.minor_unit("ISK") == D(1).scaleb(
        -get_currency_precision("ISK"))


def test_vat_on_top_and_within():
    assert money.vat_on(D("243500.00"), D(22), "RUB") == D("53570.00")
    assert money.vat_within(D("122.00"), D(22), "RUB") == D("22.00")


@given(
    total=st.decimals(min_value=D("0.01"), max_value=D("100000000"), places=2),
    shares=st.lists(st.integers(min_value=1, max_value=100), min_size=1, max_size=12),
)
def test_split_always_sums_to_the_total(total, shares):
    percents = [D(s) * 100 / sum(shares) for s in shares]
    amounts = money.split(total, percents, [None] * len(shares), "RUB")
    assert sum(amounts) == total
    assert all(a == a.quantize(D("0.01")) for a in amounts)
