"""English findings of review-en11 (issue 24), each checked in the rendered text."""

import pytest

from tests.test_en_minors_round4 import DESIGN, _contract, _project

IL_CLIENT = [
    ("  name: Redwood Analytics, Inc.\n  address: 200 Mission Street, San Francisco, CA 94105, USA\n",
     "  name: Redwood Analytics, Inc.\n  address: 233 South Wacker Drive, Chicago, IL 60606, USA\n"),
]


def test_illinois_party_cites_its_electronic_commerce_security_act_not_ueta(ws):
    """Illinois never enacted UETA: its statute is the Electronic Commerce Security Act, 5 ILCS 175
    (§5-110 electronic records, §5-120 electronic signatures); every other state and DC did."""
    text = _contract(_project(ws, DESIGN, IL_CLIENT))
    assert "for a Party in Illinois, the Electronic Commerce Security Act, 5 ILCS 175" in text
    assert "Uniform Electronic Transactions Act as adopted in Illinois" not in text


@pytest.mark.parametrize("code, expected", [
    ("US-IL", "for a Party in Illinois, the Electronic Commerce Security Act, 5 ILCS 175"),
    ("US-WA", "for a Party in Washington, the Uniform Electronic Transactions Act as adopted in Washington"),
    ("US-DC", "the Uniform Electronic Transactions Act as adopted in the District of Columbia"),
    ("US-PR", ""),  # no statute named for a code outside the states and DC: ESIGN alone
])
def test_esign_law_table(code, expected):
    from contractkit.words.jurisdiction import esign_law
    assert esign_law(code).endswith(expected) if expected else esign_law(code) == ""
