"""Session 11, the lead's fixes of the fresh reviews (review-ru5, review-en5, red team 13): each reads
what the user or the client reads (`check`, the rendered documents, the records)."""

from __future__ import annotations

import re

from tests.conftest import run
from tests.test_billing import example


def test_a_person_born_before_1990_is_a_party(ws):
    """review-ru5 R6: `birth_date: 1975-05-14` was refused (dates before 1990 were out of range), so
    an older ИП or consumer could not be named as ГПК РФ ст. 131 ч. 2 п. 3 wants (дата рождения
    ответчика-гражданина). A date of birth is only printed: any real one passes, a typo does not."""
    path = example(ws, "romashka-site", "romashka")
    text = (path / "project.yaml").read_text(encoding="utf-8")
    born = text.replace("contractor:\n", "contractor:\n  birth_date: 1947-05-14\n", 1)
    (path / "project.yaml").write_text(born, encoding="utf-8")
    assert run("check", path).exit_code == 0
    (path / "project.yaml").write_text(born.replace("1947-05-14", "1847-05-14"), encoding="utf-8")
    result = run("check", path, ok=False)
    assert result.exit_code != 0 and "birth_date" in result.output and "1900-01-01" in result.output


def test_facturx_places_an_irish_buyer_in_ireland(ws):
    """review-en5 E4: a Florida LLC's reverse-charge invoice to an Irish company coded the buyer
    (BT-55) and the deliver-to address (BT-80) as "US", the contractor's calendar. EN 16931: the
    country codes are ISO 3166-1 of where each party is; a reverse charge (category AE, Directive
    2006/112/EC Art. 196) to a buyer outside the EU contradicts the buyer's own VAT id."""
    from tests.readback import data_project
    from tests.test_en_round16 import facturx

    path = data_project(ws / "ie", "en-17-ie.yaml")
    run("sign", path, "--date", "2027-01-12")
    run("invoice", path, "1", "--date", "2027-01-12", "--format", "pdf")
    xml = facturx(next((path / "out").glob("invoice-*.pdf")))
    buyer = re.search(r"<ram:BuyerTradeParty>.*?<ram:CountryID>(\w+)<", xml, re.S).group(1)
    ship = re.search(r"<ram:ShipToTradeParty>.*?<ram:CountryID>(\w+)<", xml, re.S).group(1)
    seller = re.search(r"<ram:SellerTradeParty>.*?<ram:CountryID>(\w+)<", xml, re.S).group(1)
    assert (buyer, ship, seller) == ("IE", "IE", "US")
    assert "<ram:CategoryCode>AE</ram:CategoryCode>" in xml
