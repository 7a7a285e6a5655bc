"""Every figure of the reference scenarios (RU-1, EN-1, RU-2; their figures copied into these tests) before any change."""

from datetime import date
from decimal import Decimal

import pytest

from contractkit.compute import compute
from contractkit.load import load_project
from tests.conftest import EXAMPLES

D = Decimal


@pytest.fixture(scope="module")
def ru():
    project = load_project(EXAMPLES / "romashka-site" / "project.yaml")
    return project, compute(project)


@pytest.fixture(scope="module")
def en():
    project = load_project(EXAMPLES / "blue-harbor-shop" / "project.yaml")
    return project, compute(project)


def test_ru_totals_and_payments(ru):
    _, f = ru
    assert f.total == D("243500.00") and f.vat is None
    assert [p.amount for p in f.payments] == [D("121750.00"), D("121750.00")]
    assert f.prepayment == D("121750.00")
    assert f.payments[0].due == date(2026, 12, 8)  # 5 working days after signing on 1 Dec


def test_ru_deadlines_skip_new_year_holidays(ru):
    _, f = ru
    assert [x.deadline for x in f.lines] == [
        date(2026, 12, 7), date(2026, 12, 21), date(2027, 1, 20), date(2027, 1, 26)]
    assert f.completion == date(2027, 1, 26)


def test_en_totals_and_payments(en):
    _, f = en
    assert f.total == D("12200.00")
    assert [p.amount for p in f.payments] == [D("4880.00"), D("3660.00"), D("3660.00")]
    assert f.payments[0].due == date(2026, 12, 7)  # net 7 calendar days from 30 Nov


def test_en_deadlines_skip_us_holidays(en):
    _, f = en
    assert [x.deadline for x in f.lines] == [
        date(2026, 12, 3), date(2026, 12, 15), date(2027, 1, 4), date(2027, 1, 6)]
    assert [x.start for x in f.lines] == [
        date(2026, 12, 1), date(2026, 12, 4), date(2026, 12, 16), date(2027, 1, 5)]


def test_vat_on_top_and_included():
    base = load_project(EXAMPLES / "romashka-site" / "project.yaml")
    on_top = base.model_copy(update={"tax": base.tax.model_copy(update={"vat": D(22), "exempt": None})})
    f = compute(on_top)
    assert (f.subtotal, f.vat, f.total) == (D("243500.00"), D("53570.00"), D("297070.00"))
    assert sum(p.amount for p in f.payments) == D("297070.00")
    included = on_top.model_copy(update={"tax": on_top.tax.model_copy(update={"prices_include_vat": True})})
    f = compute(included)
    assert (f.vat, f.total) == (D("43909.84"), D("243500.00"))
