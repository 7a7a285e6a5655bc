"""Issue 24, round 9 of the US/UK lawyer's review (review-en6): the critical and major findings.

Each test drives the CLI on the reviewer's projects (tests/data/en-6-*.yaml: a Manchester Ltd building
a portal for an Irish DAC under English law; a Florida sole proprietor building a SaaS MVP for a
Delaware corporation), reads the rendered document back and names the rule it answers to.
"""

from pathlib import Path

import pytest

from contractkit.cli import cli  # noqa: F401  (the CLI the helpers drive)
from tests.conftest import run
from tests.readback import docx_text, normal
from tests.test_en_review5 import contract_text, render, repo_of
from tests.test_en_round6 import edit, order_text

DATA = Path(__file__).parent / "data"
UK_IE = DATA / "en-6-uk-ie.yaml"
FL_SAAS = DATA / "en-6-fl-saas.yaml"

IRISH = ("  - id: golive\n    title: Go-live and hypercare\n"
         "    description: Production deployment and two weeks of hypercare\n    acceptance:\n"
         "      - The portal is live and hypercare ended\n    revisions: 0\n    price: 5000\n    days: 10\n",
         "  - id: irish\n    title: Irish-language version\n"
         "    description: Irish-language interface and bill templates\n    acceptance:\n"
         "      - All portal screens are available in Irish\n    revisions: 1\n    price: 7500\n    days: 8\n"
         "    personal_data: true\n"
         "  - id: golive\n    title: Go-live and hypercare\n"
         "    description: Production deployment and two weeks of hypercare\n    acceptance:\n"
         "      - The portal is live and hypercare ended\n    revisions: 0\n    price: 4000\n    days: 8\n")


def _doc(path, pattern: str) -> str:
    return normal(docx_text(sorted((path / "out").glob(pattern))[-1]))


def uk_ie_notice(ws) -> Path:
    """The reviewer's uk-ie history up to its delay notice: signed 12 Jan 2027, the deposit received
    15 Feb (work starts 16 Feb), UX accepted 1 Mar, the billing API documents asked 2 Mar and received
    15 Mar, and the Contractor's notice of 15 Mar moving "Portal build" by 4 business days (§2.3)."""
    path = repo_of(ws, UK_IE)
    run("sign", path, "--date", "2027-01-12")
    run("paid", path, "1", "--date", "2027-02-15")
    run("accept", path, "ux", "--date", "2027-03-01")
    run("asked", path, "Billing API documentation and test accounts", "--date", "2027-03-02")
    run("received", path, "R-001", "--date", "2027-03-15")
    run("notice", "delay", path, "portal", "--days", "4", "--client-caused", "--reason",
        "The billing API documentation arrived late", "--date", "2027-03-15")
    return path


def uk_ie_order(ws) -> Path:
    """Then Change Order 1 (requested 18 Mar): Irish-language version inserted before go-live,
    which gets shorter and cheaper."""
    path = uk_ie_notice(ws)
    edit(path, *IRISH)
    run("change", path, "-m", "Irish-language version; shorter hypercare", "--reason",
        "The Client must offer an Irish-language service", "--requested-by", "client",
        "--requested-on", "2027-03-18")
    run("addendum", path, "--date", "2027-03-19", "--format", "docx")
    return path


# --- C2. calendar: GB is England and Wales: Easter Monday and the Summer bank holiday ----------

def test_gb_calendar_counts_the_bank_holidays_of_england_and_wales(ws):
    """Banking and Financial Dealings Act 1971, sch. 1: Easter Monday (29 March 2027) and the last
    Monday in August are bank holidays in England and Wales (not in Scotland), so the portal's deadline
    is 7 April, not 6 April, and the notice moves it to 13 April (review-en6, C2)."""
    path = uk_ie_notice(ws)
    status = run("status", path, "--date", "2027-03-16").output
    assert "portal               in progress, deadline 2027-04-13 (signed 2027-04-07" in status, status
    assert "completion 2027-04-27 in force (signed 2027-04-21" in status, status
    contract = _doc(path, "contract-*.docx")
    assert "excluding weekends and bank holidays in England and Wales" in contract


@pytest.mark.parametrize("code, words", [("GB-ENG", "England and Wales"), ("GB-WLS", "England and Wales"),
                                         ("GB-SCT", "Scotland"), ("GB-NIR", "Northern Ireland")])
def test_each_uk_jurisdiction_is_a_calendar_and_the_contract_names_it(tmp_path, code, words):
    """Scotland and Northern Ireland have bank holidays of their own (2 Jan and St Andrew's Day; St
    Patrick's Day and 12 July): a contract counting business days names the jurisdiction whose days
    it skips."""
    from datetime import date

    from contractkit.calendar import is_working_day

    text = contract_text(render(tmp_path, UK_IE, edits=[("calendar: GB\n", f"calendar: {code}\n")]))
    assert f"excluding weekends and bank holidays in {words}" in text
    assert "calendar" not in text.split("excluding weekends and")[1][:60]
    easter_monday, summer = date(2027, 3, 29), date(2027, 8, 30)
    scotland = code == "GB-SCT"
    assert is_working_day(easter_monday, code) is scotland
    assert is_working_day(summer, code) is scotland
    assert is_working_day(date(2027, 8, 2), code) is not scotland
    assert is_working_day(date(2027, 3, 17), code) is (code != "GB-NIR")
