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


HELD = [
    ("      license: Unsplash License\n      held_by: public   # anyone may use Unsplash photos on its terms\n",
     "      license: Unsplash License\n      held_by: public   # anyone may use Unsplash photos on its terms\n"
     "    - name: Brandon Grotesque\n      kind: font\n      license: Adobe Fonts License\n"
     "      held_by: contractor\n      deliverable: web\n      price: 300\n"
     "    - name: Getty Images\n      kind: stock_image\n      license: Getty Images Royalty-Free License\n"
     "      held_by: client\n"),
]


def test_who_holds_a_component_licence_is_worded_in_contract_and_certificate(ws):
    """17 U.S.C. §§106, 501 (CDPA 1988 s. 16 in the UK): using a work beyond its licence infringes,
    so the Client must get a right of its own for a component the Contractor licensed (a
    sub-licence within that licence, paid within the fee) and buy one where it is the holder."""
    from tests.conftest import run
    from tests.readback import normal, pdf_pages

    path = _project(ws, DESIGN, HELD)
    text = _contract(path)
    assert ("the Client receives the right to use them as follows:") in text
    assert ("font Brandon Grotesque, licensed to the Contractor under the Adobe Fonts License; the "
            "Contractor grants the Client a non-exclusive sub-licence to use it in the Deliverables within "
            "the scope and for the term of that licence, and the fee for the sub-licence, £300.00, is "
            "included in the fee for Milestone “") in text
    assert ("stock images from Getty Images, licensed under the Getty Images Royalty-Free License, which "
            "the Client obtains from its owner itself and at its own cost; the Contractor includes them") in text
    assert "stock images from Unsplash, licensed under the Unsplash License;" in text
    assert "The Contractor warrants that the licences of the components it sub-licenses under this Section " \
           "permit it to do so" in text
    run("sign", path, "--date", "2026-12-06")
    run("accept", path, "all", "--date", "2027-02-04")
    run("paid", path, "--amount", "18800", "--date", "2027-02-05")
    run("accept", path, "--rights", "--date", "2027-02-08")
    cert = normal(" ".join(pdf_pages(str(max((path / "out").glob("act-*.pdf"))))))
    assert "the Client may use them as follows:" in cert
    assert "font Brandon Grotesque, licensed to the Contractor under the Adobe Fonts License; the Contractor " \
           "grants the Client a non-exclusive sub-licence" in cert
    # CDPA 1988 s.87(2): only the author's own signed waiver binds; a company's certificate issued
    # after payment confirms the waivers given, it does not promise them (E16)
    # (en15: a warranty that each author signed the waiver, not a bare confirmation)
    assert ("The Contractor warrants that each individual author of the Deliverables has unconditionally and "
            "irrevocably waived, by an instrument in writing signed by that author, in favour of the Client") in cert
    assert "shall procure that each individual author" not in cert


def test_an_explicit_idta_is_flagged_until_its_tables_are_completed(tmp_path):
    """The IDTA (DPA 2018 s.119A; ICO guidance) is a form whose Part 1 tables the parties complete;
    the contract only incorporates it, so `check` says what remains to attach (review-en11, E5)."""
    from tests.conftest import run
    from tests.test_en_review3 import EN2

    folder = tmp_path / "en2"
    folder.mkdir()
    text = EN2.read_text(encoding="utf-8").replace("  governing_law:", "  data_transfer: idta\n  governing_law:")
    (folder / "project.yaml").write_text(text, encoding="utf-8")
    line = text.splitlines().index("  data_transfer: idta") + 1
    out = run("check", folder).output
    assert f"project.yaml:{line}" in out and "does not complete its Part 1 tables" in out, out
    assert "write uk_addendum" in out


def test_uk_spelling_and_the_business_day_start_after_the_deposit(ws):
    """English law (a London contractor): "recognised", and "licence" as a noun throughout; a start
    on the deposit's arrival follows the business-day rule the schedule applies (review-en11, E11,
    E13)."""
    path = _project(ws, DESIGN, [("  start: 2026-12-06 ", "  start: on_prepayment ")])
    text = _contract(path)
    assert "a recognised e-signature service" in text and "recognized" not in text
    assert ("start the Work on the day after the deposit reaches the Contractor’s account (or, if that is "
            "not a business day, the next business day) and complete it") in text


def test_the_us_sole_starter_puts_the_trade_name_beside_the_person():
    """A trade name is not a person (N.Y. Gen. Bus. Law §130): the starter points to trade_name,
    which prints "Jordan Lee, d/b/a …", not to short_name, which would make it the party (E7)."""
    from pathlib import Path

    text = (Path(__file__).parents[1] / "starters" / "en" / "us-sole.yaml").read_text(encoding="utf-8")
    assert "# trade_name: Lee Design Studio" in text and "short_name: Lee Design Studio" not in text


def test_check_on_an_english_services_contract_speaks_no_russian_law():
    """ГК РФ гл. 37 (подряд vs услуги) is a Russian point: an English contract assigns its
    deliverables under its IP section whatever its type (E23)."""
    from contractkit.consistency import contract_type_fit
    from contractkit.load import parse_project

    text = DESIGN.read_text(encoding="utf-8")
    assert text.count("  type: work") == 1
    assert contract_type_fit(parse_project(text.replace("  type: work", "  type: services"))) == []


def test_the_support_plan_assigns_what_is_made_under_it(tmp_path):
    """17 U.S.C. §204(a): a transfer needs a signed writing; what is made under the plan passes month
    by month on payment (E10), by the Agreement's own 11.1, which prevails over the Exhibit (review-en5
    E13: tests/test_en_support_and_kind.py)."""
    from tests.test_en_review3 import render_en2

    text = render_en2(tmp_path, docs=("support",))
    assert ("The results of the work under this Plan (changes, new pages, graphics and other material) are "
            "Deliverables, assigned to the Client by Section 11.1.3 of the Agreement, each upon payment of "
            "the monthly fee") in text


