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
from tests.readback import docx_text, normal
from tests.test_en_review5 import contract_text, render

DATA = Path(__file__).parent / "data"
UK_IE = DATA / "en-6-uk-ie.yaml"
FL_SAAS = DATA / "en-6-fl-saas.yaml"


@pytest.fixture(scope="module")
def fl_saas(tmp_path_factory) -> str:
    return contract_text(render(tmp_path_factory.mktemp("fl_saas"), FL_SAAS))


def check_output(ws: Path, source: Path, edits=()) -> str:
    path = ws / source.stem
    path.mkdir(parents=True)
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


# --- Minors: numbering, the d/b/a, the venue clause, Delaware interest, AGPL, UK forms -----------

def _doc(path: Path, pattern: str) -> str:
    return normal(docx_text(sorted((path / "out").glob(pattern))[-1]))


def test_certificates_and_rejections_are_numbered_apart_and_the_claim_cites_the_certificate(ws):
    """A rejection (§4.2) is the Client's notice, not a certificate: after certificate No. 1 and a
    rejection, the next certificate is No. 2, and the claim on the payment it triggered cites No. 2
    (review-en6, minor: "No. 3" with no No. 2). The claim comes from the contractor trading as
    "Alvarez Code" (a d/b/a is part of how the person is named), and, the amount being under the
    federal courts' $75,000 (28 U.S.C. §1332(a)), it cites the venue clause rather than naming
    "the state courts" alone where §16.4 names state and federal courts."""
    from tests.test_en_round9 import fl_saas_order

    path = fl_saas_order(ws)
    run("accept", path, "app", "--date", "2027-02-26", "--remark", "Stripe webhook retries fail",
        "--fix-by", "2027-03-05", "--format", "docx")
    notice = _doc(path, "act-2-*.docx")
    assert notice.startswith("NOTICE OF REJECTION (Section 4.2)") and "No. 2" not in notice.split("Agreement")[0]
    run("accept", path, "app", "--date", "2027-03-05", "--format", "docx")
    certificate = _doc(path, "act-3-*.docx")
    assert certificate.startswith("ACCEPTANCE CERTIFICATE No. 2 "), certificate[:80]
    run("claim", path, "--date", "2027-04-15", "--format", "docx")
    claim = _doc(path, "letter-*-claim-*.docx")
    assert "Acceptance certificate No. 2 was signed on March 5, 2027." in claim, claim
    assert "certificate No. 3" not in claim
    assert "From: Maria Alvarez, d/b/a Alvarez Code, 412 Bayshore Blvd, Tampa, FL 33606" in claim
    assert "bring the dispute before the courts named in Section 16.4 of the Agreement," in claim
    assert "the state courts" not in claim


def test_check_warns_on_delaware_interest_over_the_statutory_ceiling_and_on_an_agpl_component(ws):
    """6 Del. C. §2301(a): at most 5 % over the Federal Reserve discount rate (1.5 % a month is 18 %);
    GNU AGPL v3 §13: a modified AGPL program users reach over a network must offer them its source."""
    out = check_output(ws, FL_SAAS)
    assert ("warning: payment.late_interest_monthly: 18 % a year under Delaware law is above the ceiling of "
            "6 Del. C. §2301(a), 5 % over the Federal Reserve discount rate") in out, out
    assert ("warning: terms.third_party[1].license: 'Ghostscript' is under the GNU AGPL: if the client "
            "modifies it and runs it in a hosted service, AGPL §13") in out
    calm = check_output(ws / "calm", FL_SAAS, edits=[("  late_interest_monthly: 1.5\n", "  late_interest_monthly: 0.5\n"),
                                                      ("      license: GNU AGPL version 3\n",
                                                       "      license: Apache License 2.0\n")])
    assert "2301" not in calm and "AGPL" not in calm


def test_uk_documents_use_uk_forms(ws):
    """English law: Rome I art. 20 already excludes renvoi, so no US "without regard to its
    conflict-of-laws rules" rider; an IBAN is called an IBAN; an Irish party's own e-signature law
    (Electronic Commerce Act 2000, ss.13 and 19) stands beside eIDAS; "Instalment" in the claim."""
    from tests.test_en_round9 import uk_ie_notice

    path = uk_ie_notice(ws)
    contract = _doc(path, "contract-*.docx")
    assert "is governed by the laws of England and Wales." in contract
    assert "conflict-of-laws" not in contract
    assert "IBAN: GB33BUKB20201555555555" in contract and "Account: GB33" not in contract
    assert ("for a Party in Ireland, the eIDAS Regulation (Regulation (EU) No 910/2014) and the Electronic "
            "Commerce Act 2000 (Ireland)") in contract
    run("accept", path, "portal", "--date", "2027-04-13", "--format", "docx")
    run("claim", path, "--date", "2027-06-01", "--format", "docx")
    claim = _doc(path, "letter-*-claim-*.docx")
    assert "Instalment Amount Due date Amount unpaid Period" in claim, claim  # a row per period (E1)
    assert "Installment" not in claim
    assert "IBAN GB33BUKB20201555555555" in claim and "account GB33" not in claim


# --- Earlier rounds' minors (review-en5) ---------------------------------------------------------

def test_letters_greet_by_title_and_copy_the_notice_contact(ws):
    """Correspondence goes to the signatory, "Dear Mr. Chen" where the gender is given, and copies the
    contact person the notices clause (§7.1.1) names (review-en5, minor)."""
    from tests.test_en_round9 import delay_mail

    source = ws / "en-6-fl-saas.yaml"
    source.write_text(FL_SAAS.read_text(encoding="utf-8").replace(
        "    position: Chief Executive Officer\n", "    position: Chief Executive Officer\n    gender: male\n"),
        encoding="utf-8")
    mail = delay_mail(ws, source)
    assert "Dear Mr. Chen," in mail and "Dear Robert Chen" not in mail
    assert "Copy: Dana Kim, Head of Product, the Client’s contact person for notices" in mail


def test_cross_border_details_name_the_country_and_the_cap_counts_support_fees(tmp_path):
    """SCC Annex I.A and the Parties' details give a full postal address, the country included, when
    the Parties are in different countries; "in the Netherlands"; §2.1 and §8.1 list every clause that extends the
    deadlines without a Change Order, suspension for non-payment (§3.7) included (review-en5)."""
    shop = DATA / "en-5-munich-shop.yaml"
    text = contract_text(render(tmp_path, shop, edits=[
        ("address: 500 Congress Avenue, Suite 210, Austin, TX 78701, USA",
         "address: 500 Congress Avenue, Suite 210, Austin, TX 78701"),
        ("address: Schillerstraße 12, 80336 München, Germany", "address: Keizersgracht 12, 1015 CS Amsterdam"),
        ("  jurisdiction: DE\n", "  jurisdiction: NL\n")]))
    assert "Data importer: Lone Star Pixel Works LLC, 500 Congress Avenue, Suite 210, Austin, TX 78701, United States;" in text
    assert "Address: 500 Congress Avenue, Suite 210, Austin, TX 78701, United States" in text
    assert "governed by the law of the Member State where the Client is established (the Netherlands)" in text
    assert "for a Party in the Netherlands, the eIDAS Regulation" in text and "in Netherlands" not in text
    assert "Data exporter: Müller Feinkost GmbH, Keizersgracht 12, 1015 CS Amsterdam, Netherlands;" in text
    assert ("complete it no later than 1 February 2027, as extended under Sections 2.3 and 2.4 and the other "
            "Sections listed in Section 8.1.") in text
    assert "8.1. Except for the extensions of deadlines under Sections 2.3, 2.4, 3.7 and 14.1, which" in text
    assert "3.7. If any undisputed amount remains unpaid" in text
    assert "INCLUDING CHANGE ORDERS." in text  # no support plan here


def test_liability_cap_base_includes_the_support_plan_fees(fl_saas):
    """The support plan adopts the Agreement's cap; its base must count the plan's fees (review-en5)."""
    assert ("EACH PARTY’S TOTAL LIABILITY IS LIMITED TO THE FEES PAID AND PAYABLE UNDER THIS AGREEMENT, "
            "INCLUDING CHANGE ORDERS AND THE SUPPORT PLAN.") in fl_saas


@pytest.mark.parametrize("language, printed", [("en", [1, 1, 2, 1, 3]), ("ru", [1, 2, 3, 4, 5])])
def test_each_kind_of_act_has_its_own_numbers_in_english(language, printed):
    """Certificate, rejection, certificate, rights certificate, certificate: English documents print
    1, 1, 2, 1, 3 (each kind numbered apart, review-en5 and review-en6); Russian acts keep one
    sequence."""
    from datetime import date

    from contractkit.flows.billing.book import Book
    from contractkit.load import parse_document
    from contractkit.store.payments import ActRecord

    project = parse_document(FL_SAAS.read_text(encoding="utf-8")).project.model_copy(update={"language": language})
    kinds = [("acceptance", []), ("acceptance", ["fix it"]), ("acceptance", []), ("rights", []),
             ("acceptance", [])]
    acts = [ActRecord(id=f"ACT-{i:03d}", kind=k, date=date(2027, 1, i), stages=["app"], remarks=r,
                      fix_by=date(2027, 2, 1) if r else None, version="contract")
            for i, (k, r) in enumerate(kinds, 1)]
    book = Book(signed=[], versions=[project], head=project, changes=[], payments=[], acts=acts[:-1])
    assert [book.act_no(a) for a in acts] == printed  # the last one not recorded yet
