"""Issue 24, round 10 of the US/UK lawyer's review (review-en6): the remaining major finding (M7) and
the minors.

Each test drives the CLI on the reviewer's projects (tests/data/en-6-*.yaml: a Florida sole
proprietor building a SaaS MVP for a Delaware corporation's clinics; a Manchester Ltd building a
portal for an Irish DAC under English law), reads the rendered document or `check`'s output back
and names the rule it answers to.
"""

from pathlib import Path

import pytest

from tests.conftest import run
from tests.test_en_review5 import contract_text, render

DATA = Path(__file__).parent / "data"
UK_IE = DATA / "en-6-uk-ie.yaml"
FL_SAAS = DATA / "en-6-fl-saas.yaml"


@pytest.fixture(scope="module")
def fl_saas(tmp_path_factory) -> str:
    return contract_text(render(tmp_path_factory.mktemp("fl_saas"), FL_SAAS))


def check_output(ws: Path, source: Path, edits=()) -> str:
    path = ws / source.stem
    path.mkdir()
    text = source.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (path / "project.yaml").write_text(text, encoding="utf-8")
    return run("check", path).output


# --- M7. US data subjects: the service-provider / processor terms US state privacy laws require ----

def test_us_client_personal_data_gets_service_provider_and_processor_terms(fl_saas):
    """Cal. Civ. Code §1798.100(d) and §1798.140(ag) with 11 CCR §7051(a), and 6 Del. C. §12D-107(b)
    (as Colo. Rev. Stat. §6-1-1305, Va. Code §59.1-579, Conn. Gen. Stat. §42-521): a contract with a
    service provider or processor must bind it to instructions and the named business purposes, no
    selling or sharing, no use outside the relationship, no combining, confidentiality of its
    personnel, deletion or return, information and assessments, subcontractors bound in writing after
    notice, notice when it can no longer comply, and the business's right to stop unauthorized use
    (review-en6, M7)."""
    pd = fl_saas.split("12. PERSONAL DATA")[1].split("13. CONFIDENTIALITY")[0]
    assert ("as its service provider and processor under the consumer privacy laws of the states of the "
            "United States that apply to either Party (“Privacy Law”)") in pd
    assert "Business purposes, nature and duration: building, testing, launching and supporting" in pd
    assert ("12.3.1. process Client Personal Data only on the Client’s documented instructions, which this "
            "Agreement and the Client’s written messages give, and only for the business purposes in "
            "Section 12.2;") in pd
    assert ("not sell or share Client Personal Data; not retain, use or disclose it for any purpose other "
            "than those business purposes, or outside the direct business relationship between the "
            "Parties; and not combine it with personal data it receives from or on behalf of others or "
            "collects itself, except as Privacy Law permits") in pd
    assert "ensure that every person it authorizes to process Client Personal Data is bound by a duty of confidentiality" in pd
    assert ("engage a subcontractor to process Client Personal Data only after notifying the Client in "
            "writing and giving it an opportunity to object, and only under a written contract that binds "
            "the subcontractor to the obligations of this Section") in pd
    assert "delete or return to the Client all Client Personal Data at the end of the Work and of the support plan" in pd
    assert ("make available to the Client all information in its possession necessary to demonstrate its "
            "compliance with this Section and Privacy Law, and allow and cooperate with reasonable "
            "assessments by the Client or an assessor the Client designates") in pd
    assert "notify the Client in writing if it determines that it can no longer meet its obligations" in pd
    assert "to stop and remediate any unauthorized use of it" in pd
    # worded once, as obligations, not as a list of statutes
    assert "§" not in pd and "Cal. Civ. Code" not in pd
    # one data wording: the customers' and website visitors' data, never "visitors’" vs "customers’"
    assert "collect personal data of the Client’s customers and website visitors" in pd
    assert "visitors’ personal data" not in pd and "customers’ data" not in pd


def test_site_for_us_users_of_a_client_elsewhere_gets_the_same_terms(tmp_path):
    """The data subjects decide: a Canadian client whose site serves US users needs the terms too."""
    text = contract_text(render(tmp_path, FL_SAAS, edits=[
        ("  jurisdiction: US-DE\n  address: 1201 N Market St, Suite 400, Wilmington, DE 19801\n",
         "  jurisdiction: CA-ON\n  address: 100 King St W, Toronto, ON M5X 1A9, Canada\n"),
        ("  audience: Small clinics booking patient appointments\n",
         "  audience: Small US clinics booking patient appointments\n")]))
    assert "as its service provider and processor under the consumer privacy laws" in text


def test_client_elsewhere_without_us_users_keeps_one_data_wording(tmp_path):
    text = contract_text(render(tmp_path, FL_SAAS, edits=[
        ("  jurisdiction: US-DE\n  address: 1201 N Market St, Suite 400, Wilmington, DE 19801\n",
         "  jurisdiction: CA-ON\n  address: 100 King St W, Toronto, ON M5X 1A9, Canada\n")]))
    pd = text.split("12. PERSONAL DATA")[1].split("13. CONFIDENTIALITY")[0]
    assert "Privacy Law" not in pd
    assert "collect personal data of the Client’s customers and website visitors" in pd
    assert "The Contractor will access that personal data only as needed to perform the Work" in pd


def test_check_warns_that_patients_data_may_need_a_hipaa_business_associate_agreement(ws):
    """45 CFR 164.502(e), 164.504(e): a contractor handling protected health information for a covered
    entity (a clinic) needs a business associate agreement; the contract has none (review-en6, M7)."""
    out = check_output(ws, FL_SAAS)
    assert ("warning: brief.audience: describes health data ('clinics'): if the client is a HIPAA covered "
            "entity or its business associate, a contractor handling protected health information needs a "
            "business associate agreement (45 CFR 164.504(e)), which the contract does not contain") in out, out


def test_no_hipaa_warning_without_health_data(ws):
    out = check_output(ws, FL_SAAS, edits=[
        ("  audience: Small clinics booking patient appointments\n", "  audience: Small gyms booking classes\n")])
    assert "HIPAA" not in out, out
