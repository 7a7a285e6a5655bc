"""The contractor's tax regime: whether VAT is charged, at what rate, and on what legal basis.

Russian law in force on the contract date decides the wording (НК РФ ст. 145, 164, 346.11;
Федеральный закон от 27.11.2018 № 422-ФЗ). Impossible combinations are refused here or, where they
span the parties, in model/checks.py.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import model_validator

from contractkit.model.types import Model, Money, Percent

Regime = Literal["general", "usn", "npd", "foreign", "other"]
"""general: ОСН, VAT at `vat` (22% from 2026); usn: упрощённая система, exempt under ст. 145 without
`vat`, or at 5% / 7% (ст. 164 п. 8) or the general rate with it; npd: налог на профессиональный
доход (self-employed, never VAT); foreign: a contractor outside Russia (no Russian VAT);
other: no VAT for the legal reason given in `note`."""

GENERAL_RATE = {2019: Decimal(20), 2026: Decimal(22)}
"""The general VAT rate (НК РФ ст. 164 п. 3) from the year it took effect."""
USN_REDUCED_RATES = (Decimal(5), Decimal(7))
USN_EXEMPTION_LIMIT = {2025: Decimal(60_000_000), 2026: Decimal(20_000_000),
                       2027: Decimal(15_000_000), 2028: Decimal(10_000_000)}
"""Income limit for the УСН exemption from VAT under ст. 145 п. 1, by year (2028 on: 10 mln ₽)."""
NPD_YEARLY_LIMIT = Decimal(2_400_000)
"""Yearly income limit of a self-employed person (422-ФЗ ст. 4 п. 2 пп. 8)."""

MIGRATE_USN = ("exempt: usn no longer says why there is no VAT: since 2025 a contractor on УСН is a "
               "VAT payer. Write 'regime: usn' alone (exempt under НК РФ ст. 145 while income stays "
               "under the year's limit), or 'regime: usn' with 'vat: 5' or 'vat: 7' (ст. 164 п. 8)")


def general_rate(year: int) -> Decimal:
    """The general Russian VAT rate in force in `year`."""
    return max((y, r) for y, r in GENERAL_RATE.items() if y <= max(year, 2019))[1]


def usn_limit(year: int) -> Decimal | None:
    """The ст. 145 income limit for a УСН contractor in `year`; None before 2025 (no VAT on УСН)."""
    if year < 2025:
        return None
    return USN_EXEMPTION_LIMIT[min(year, 2028)]


class Tax(Model):
    """The contractor's tax regime and the VAT it charges, if any."""

    regime: Regime | None = None
    """Omitted: 'general' when a VAT rate is given, otherwise no tax wording at all."""
    vat: Percent | None = None
    """VAT rate in percent: 22 (general, 2026), 5 or 7 (УСН, ст. 164 п. 8), 10, 0."""
    prices_include_vat: bool = False
    exempt: Literal["usn", "npd", "other"] | None = None
    """Deprecated spelling: 'npd' and 'other' still load as the regimes of that name; 'usn' must
    say which basis applies (see regime)."""
    note: str = ""
    """The legal reason there is no VAT, for regime 'other'."""
    income_this_year: Money | None = None
    """Income the contractor has already received this calendar year, in roubles whatever the
    contract's currency, for the НПД 2.4 mln ₽ and the УСН ст. 145 limits that `check` and `status`
    count (income in another currency counts at the Bank of Russia rate of the day received)."""

    @model_validator(mode="before")
    @classmethod
    def _migrate(cls, data: object) -> object:
        if isinstance(data, dict) and data.get("exempt") is not None:
            if data["exempt"] == "usn":
                raise ValueError(MIGRATE_USN)
            if data.get("regime") not in (None, data["exempt"]):
                raise ValueError(f"exempt: {data['exempt']} contradicts regime: {data['regime']}, "
                                 "not both: keep only regime")
            if data.get("regime") is None and data["exempt"] in ("npd", "other"):
                data = {**data, "regime": data["exempt"]}
        return data

    @model_validator(mode="after")
    def _fits_regime(self) -> Tax:
        regime = self.kind
        if self.vat is not None and regime in ("npd", "foreign", "other"):
            why = {"npd": "a self-employed contractor (НПД, 422-ФЗ) is not a VAT payer",
                   "foreign": "a foreign contractor charges no Russian VAT",
                   "other": "regime 'other' means no VAT"}[regime]
            raise ValueError(f"vat: {self.vat}% is impossible with regime {regime}: {why}")
        if self.vat in USN_REDUCED_RATES and regime != "usn":
            raise ValueError(f"VAT at {self.vat}% exists only on УСН (НК РФ ст. 164 п. 8): "
                             "set regime: usn")
        if regime == "general" and self.vat is None:
            raise ValueError("regime general needs the VAT rate (vat: 22 in Russia from 2026; vat: 20 in the "
                             "UK)")
        if regime == "other" and not self.note:
            raise ValueError("regime other needs a note with the legal reason there is no VAT")
        if self.prices_include_vat and self.vat is None:
            raise ValueError("prices_include_vat needs a VAT rate")
        return self

    @property
    def kind(self) -> Regime | None:
        """The regime, inferred as 'general' when only a rate is given."""
        if self.regime is None and self.vat is not None:
            return "general"
        return self.regime
