"""review-en4 findings left to en16, read from the rendered documents (PDF text via pypdf, the
Factur-X XML the invoice PDF carries).

Two projects, each built once for the module:
- the reviewer's project A (tests/data/en-16-uk-us.yaml): Thistle & Hart Digital Ltd (London) for
  Pinecrest Analytics, Inc. (Delaware, San Francisco), English law, a portal for UK and EU customers
  (`terms.data_subjects: [UK, EU]`), taken through to the IP assignment certificate;
- project B with a French client (tests/data/en-16-fr.yaml): Lone Star Pixel Works LLC (Austin) for
  Atelier Lumière SAS (Paris), EUR, reverse charge, SCC exhibit; signed, deposit invoiced.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import run
from tests.readback import data_project, edit_committed, once, out_pdf

GIT = {"GIT_AUTHOR_NAME": "Eleanor Hart", "GIT_COMMITTER_NAME": "Eleanor Hart",
       "GIT_AUTHOR_EMAIL": "me@x.example", "GIT_COMMITTER_EMAIL": "me@x.example"}
LICENSED = "WordPress under the GNU GPL version 2 or later"


@pytest.fixture(scope="module")
def uk(tmp_path_factory) -> Path:
    """Project A: signed 8 Dec 2026, deposit paid, all accepted, paid in full, IP certificate
    with `--licensed` naming the listed WordPress again."""
    base = tmp_path_factory.mktemp("en16uk")
    with pytest.MonkeyPatch.context() as mp:
        for k, v in {**GIT, "CONTRACTKIT_HOME": str(base), "CONTRACTKIT_TODAY": "2027-03-01"}.items():
            mp.setenv(k, v)
        path = data_project(base / "a", "en-16-uk-us.yaml")
        run("sign", path, "--date", "2026-12-08")
        run("invoice", path, "deposit", "--date", "2026-12-08", "--format", "pdf")
        run("paid", path, "deposit", "--date", "2026-12-14")
        run("accept", path, "all", "--date", "2027-01-28", "--format", "pdf")
        run("paid", path, "final", "--date", "2027-02-01")
        run("accept", path, "--rights", "--date", "2027-02-01", "--licensed", LICENSED, "--format", "pdf")
    return path


@pytest.fixture(scope="module")
def fr(tmp_path_factory) -> Path:
    """Project B with the Paris client: signed 9 Dec 2026, deposit invoiced as `deposit`."""
    base = tmp_path_factory.mktemp("en16fr")
    with pytest.MonkeyPatch.context() as mp:
        for k, v in {**GIT, "CONTRACTKIT_HOME": str(base), "CONTRACTKIT_TODAY": "2026-12-09"}.items():
            mp.setenv(k, v)
        path = data_project(base / "b", "en-16-fr.yaml")
        run("sign", path, "--date", "2026-12-09", "--by", "Claire Dubois", "--by", "Carlos Reyes")
        run("invoice", path, "deposit", "--date", "2026-12-09", "--format", "pdf")
    return path


def facturx(pdf_path: Path) -> str:
    from pypdf import PdfReader

    return PdfReader(str(pdf_path)).attachments["factur-x.xml"][0].decode()


def legal_ids(xml: str) -> list[str]:
    """EN 16931 BT-30 / BT-47: the IDs in ram:SpecifiedLegalOrganization."""
    return re.findall(r"<ram:SpecifiedLegalOrganization>\s*<ram:ID>([^<]*)</ram:ID>", xml)


# --- E18: a French client: no moral-rights waiver (CPI L. 121-1), an itemised assignment (L. 131-3) --

def test_french_client_gets_no_waiver_of_moral_rights_but_a_non_exercise_undertaking(fr):
    """CPI art. L. 121-1: the author's moral right is perpetual, inalienable and imprescriptible; a
    waiver or blanket consent is void (Cass. 1re civ., 28 May 1991, Huston). The contract asks only
    for what the law permits: the adaptations the purpose requires and publication without a name."""
    text = out_pdf(fr, "contract-*.pdf")
    assert "unconditionally and irrevocably waives" not in text
    assert "consents to any act of the Client" not in text
    assert ("Where French law applies, under which the author’s moral rights are perpetual, inalienable and "
            "imprescriptible (art. L. 121-1 of the French Intellectual Property Code, CPI), the Contractor shall "
            "procure that each author agrees, so far as the law permits, that the Client may make the "
            "adaptations the purpose of the Deliverables requires and may publish them without naming the "
            "author, and undertakes not to object to such use.") in text


def test_french_client_assignment_names_each_right_its_purpose_place_and_duration(fr):
    """CPI art. L. 131-3: each right assigned is mentioned separately and its field of exploitation
    delimited as to extent, purpose, place and duration."""
    text = out_pdf(fr, "contract-*.pdf")
    assert ("Where French law applies, the assignment comprises, for each Deliverable, the right of "
            "reproduction (on any medium, digital or physical, by any process), the right of representation "
            "(online, on any network, in any publication and at any event), and the right of adaptation, "
            "translation and modification, each for commercial and non-commercial purposes, for the whole "
            "world and for the legal term of protection of the rights (art. L. 131-3 of the French "
            "Intellectual Property Code, CPI).") in text


def test_french_exporter_scc_names_the_cnil(fr):
    """SCC (Decision (EU) 2021/914) Clause 13(a) and Annex I.C: the supervisory authority of the
    Member State where the exporter is established; for France, the CNIL (loi n° 78-17, art. 8)."""
    text = out_pdf(fr, "contract-*.pdf")
    assert ("Clause 13: the supervisory authority with responsibility for ensuring compliance by the data "
            "exporter is the Commission nationale de l’informatique et des libertés (CNIL), Paris") in text
    assert "The Commission nationale de l’informatique et des libertés (CNIL), 3 place de Fontenoy, 75007 Paris" in text
    assert "competent supervisory authority of France" not in text


def test_french_buyer_invoice_says_autoliquidation(fr):
    """CGI art. 283-2 and 242 nonies A (I, 13°): an invoice whose VAT the French buyer accounts for
    carries the mention «Autoliquidation»."""
    text = out_pdf(fr, "invoice-*.pdf")
    assert ("Reverse charge: VAT to be accounted for by the recipient (Article 196 of Council Directive "
            "2006/112/EC; Autoliquidation, art. 283-2 and 242 nonies A of the French General Tax Code, CGI)"
            ) in re.sub(r"2006/112/ EC", "2006/112/EC", text)


# --- E2: EU data subjects of a client outside the UK/EEA: the EU GDPR beside the UK GDPR ----------

def test_eu_data_subjects_bring_the_eu_gdpr_into_the_processor_terms(uk):
    """GDPR Art. 3(2): a US controller offering services to people in the EU answers to the EU GDPR,
    and its processor contract must meet Art. 28(3) of it as well as of the UK GDPR."""
    text = out_pdf(uk, "contract-*.pdf")
    assert ("within the meaning of the UK GDPR, the Data Protection Act 2018 and, to the extent it applies to "
            "the processing, Regulation (EU) 2016/679 (the “EU GDPR”) (together, “Data Protection Law”). This "
            "Section sets out the terms required by Article 28(3) of the UK GDPR and of the EU GDPR") in text
    assert "take the measures Article 32 of the UK GDPR and the EU GDPR requires" in text
    assert "Articles 32 to 36 of the UK GDPR and the EU GDPR" in text
    assert "required to do so by domestic law or Union or Member State law to which the Contractor" in text


def test_check_warns_when_the_data_subjects_are_not_stated(ws):
    path = data_project(ws / "a", "en-16-uk-us.yaml")
    edit_committed(path, "no data subjects", once("  data_subjects: [UK, EU]", "  # data_subjects:"))
    result = run("check", path)
    assert "terms.data_subjects: not stated while deliverables collect personal data for a client outside " \
           "the UK and the EEA" in result.output
    edit_committed(path, "UK only", once("  # data_subjects:", "  data_subjects: [UK]"))
    assert "data_subjects" not in run("check", path).output


def test_uk_data_subjects_only_keep_the_uk_gdpr_alone(ws):
    from contractkit.load import load_project
    from contractkit.render.laws import law

    path = data_project(ws / "a", "en-16-uk-us.yaml")
    project = load_project(path / "project.yaml")
    assert law(project)["eu_subjects"] is True

    def where(*subjects):
        return project.model_copy(update={"terms": project.terms.model_copy(update={"data_subjects": list(subjects)})})

    assert law(where("GB"))["eu_subjects"] is False
    assert law(where("UK", "FR"))["eu_subjects"] is True


# --- E6: a `--licensed` entry naming a listed component is not listed again -------------------------

def test_certificate_lists_a_licensed_component_once(uk):
    text = out_pdf(uk, "act-2-*.pdf")
    assert "open-source software WordPress, licensed under the GNU GPL version 2 or later" in text
    assert text.count("WordPress") == 1, text
    assert LICENSED not in text


def test_a_longer_name_is_another_component():
    from contractkit.words.licenses import extra_licensed

    listed = [{"name": "WordPress"}, {"name": "Montserrat"}]
    assert extra_licensed(listed, [LICENSED, "Montserrat Alternates", "WordPress"]) == ["Montserrat Alternates"]


# --- E9: Factur-X BT-30 is the bare identifier ---------------------------------------------------

def test_facturx_legal_registration_is_the_identifier_without_its_label(uk, fr):
    """EN 16931 BT-30 (Seller legal registration identifier): the identifier itself; "Company No."
    belongs on the PDF. A French SIREN is the nine digits of "RCS Paris 303 265 045"."""
    [seller] = legal_ids(facturx(next((uk / "out").glob("invoice-2026-001-*.pdf"))))
    assert seller == "12345678"
    assert "Company No. 12345678" in out_pdf(uk, "invoice-2026-001-*.pdf")
    assert "303265045" in legal_ids(facturx(next((fr / "out").glob("invoice-*.pdf"))))


def test_legal_identifier_keeps_a_register_number_and_its_letters():
    from types import SimpleNamespace

    from contractkit.words.jurisdiction import legal_identifier

    def party(reg, address):
        return SimpleNamespace(registration=reg, address=address, jurisdiction="")

    assert legal_identifier(party("HRB 123456 B, Amtsgericht Charlottenburg", "Berlin, Germany")) == "HRB 123456 B"
    assert legal_identifier(party("Registration No. 0412.345.678", "Brussels, Belgium")) == "0412.345.678"
    assert legal_identifier(party("EIN 12-3456789", "Austin, TX 78701")) == "12-3456789"
    assert legal_identifier(party("Company No. SC123456", "1 George St, Edinburgh EH2 2LL, Scotland")) == "SC123456"


# --- E8: the client's address in the preamble ----------------------------------------------------

def test_preamble_gives_the_clients_address(uk, fr):
    """The address identifies the party and is where notices go (Section 7.2)."""
    assert ("between Pinecrest Analytics, Inc., a Delaware corporation whose principal office is at 500 Howard "
            "Street, Suite 300, San Francisco, CA 94105, USA (the “Client”)") in out_pdf(uk, "contract-*.pdf")
    # an EU company: its registered office (siège social), registration and VAT number (review-en5 E16)
    assert ("Atelier Lumière SAS, a French société par actions simplifiée (RCS Paris 303 265 045, VAT number "
            "FR40303265045), whose registered office is at 12 rue de Rivoli, 75004 Paris, France (the "
            "“Client”)") in out_pdf(fr, "contract-*.pdf")
    certificate = out_pdf(uk, "act-2-*.pdf")
    assert "a Delaware corporation whose principal office is at 500 Howard Street" in certificate


# --- E7: `deposit` names the prepayment in an English project ------------------------------------

def test_deposit_is_the_prepayment_in_english(fr):
    """The fixture invoiced `deposit`: the invoice is the deposit's."""
    assert "Deposit" in out_pdf(fr, "invoice-*.pdf")
    result = run("invoice", fr, "deposits", "--date", "2026-12-09", ok=False)
    assert "(installments: 1, 2, 3, deposit (prepayment), final)" in result.output


# --- E10: the support plan does not repeat the user's items; a reduction's CR sheet -------------

def test_support_plan_adds_no_second_advice_item(uk):
    text = out_pdf(uk, "support-*.pdf")
    assert "small changes on the client's request; 2.1.2. advice on using the result." in text
    assert "advice and small changes within the included hours" not in text


def test_change_request_for_a_reduction_holds_the_milestone_back(ws):
    path = data_project(ws / "a", "en-16-uk-us.yaml")
    run("sign", path, "--date", "2026-12-08")

    def drop_design(text):
        return text[:text.index("  - id: design")] + text[text.index("  - id: build"):]

    edit_committed(path, "drop the designs", drop_design)
    run("change", path, "-m", "Drop the page designs", "--requested-on", "2026-12-10", "--estimate")
    text = out_pdf(path, "cr-001-*.pdf")
    assert "Time 10 business days earlier" in text
    assert ("The Contractor will not start Milestone 2 while this request is pending; the fee and deadlines "
            "change only by a Change Order signed by both Parties.") in text
    assert "Work on this request does not start" not in text and "-10 business" not in text
