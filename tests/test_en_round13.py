"""review-en2 (session 8), fixed on branch en13: health data under GDPR Art. 9 (E1), the
independent-contractor clause of a services agreement (E11), a VAT-registered contractor's
Exhibit 1 and invoice lines (E3, E10), and minors. Each test reads the rendered text (PDF or
DOCX) or the command's output."""

from __future__ import annotations

import re
from pathlib import Path

import git
import pypdf

from tests.conftest import run
from tests.readback import docx_text, normal, pdf_pages
from tests.test_en_review5 import SHOP, contract_text, render
from tests.test_en_round10 import check_output

DATA = Path(__file__).parent / "data"
UK_VAT = DATA / "en-14-uk-vat.yaml"
PATIENTS = ("  audience: Consumers ordering gourmet food online\n",
            "  audience: Patients of a physiotherapy practice booking appointments online\n")


def _pdf(path: Path, pattern: str) -> str:
    return normal(" ".join(pdf_pages(str(next((path / "out").glob(pattern))))))


# --- E1. Data concerning health: GDPR / UK GDPR Art. 9, Art. 35(3)(b) ------------------------------

def test_health_data_is_named_with_its_safeguards_in_the_processor_terms_and_scc_annex(tmp_path):
    """GDPR Art. 4(15), 9(1): data concerning health is a special category; SCC Module Two (Decision
    (EU) 2021/914) Annex I.B asks for the sensitive data transferred and the restrictions or
    safeguards applied. A booking form for patients must not be signed as "Sensitive data: none"
    (review-en2, E1)."""
    text = contract_text(render(tmp_path, SHOP, edits=[PATIENTS]))
    annex = text.split("Annex I.B. Description of the transfer")[1].split("Annex I.C.")[0]
    assert "Sensitive data: none" not in text
    assert "Categories of data subjects: the data exporter’s patients, customers" in annex
    assert ("Sensitive data: data concerning health (Article 9(1) of the GDPR) that patients enter in the "
            "forms of the Deliverables") in annex
    for safeguard in ("multi-factor authentication", "every access logged", "encryption in transit and at rest",
                      "no export, download or copy of the data outside the data exporter’s systems"):
        assert safeguard in annex, safeguard
    # the Art. 28(3) terms of the Agreement itself say the same
    pd = text.split(". PERSONAL DATA ")[1].split(". CONFIDENTIALITY ")[0]
    assert "a special category of personal data under Article 9(1) of the GDPR" in pd
    assert "Data subjects: the Client’s patients, customers" in pd
    assert "for data concerning health, access only by the Contractor’s staff named to the Client" in pd
    assert "(h) Data concerning health: the restrictions and safeguards stated" in text


def test_without_health_data_the_annex_keeps_sensitive_data_none(tmp_path):
    text = contract_text(render(tmp_path, SHOP))
    assert ("Sensitive data: none. The data importer shall not process special categories of personal data "
            "(GDPR Article 9)") in text
    assert "patients" not in text.lower()


def test_check_warns_an_eu_client_about_article_9_and_the_dpia_not_hipaa(ws):
    """GDPR Art. 9(2) (a condition for processing health data) and Art. 35(3)(b) (a DPIA for
    large-scale processing of special categories); HIPAA (45 CFR 164.504(e)) binds US covered
    entities, not a Munich practice (review-en2, E1)."""
    out = check_output(ws, SHOP, edits=[PATIENTS])
    assert "HIPAA" not in out, out
    assert ("describes health data ('Patients'): data concerning health is a special category of personal "
            "data (GDPR Art. 9(1))") in out, out
    assert "a data protection impact assessment" in out and "(GDPR Art. 35(3)(b))" in out, out
    assert "the contract names it as sensitive data" in out, out


def test_check_warns_a_uk_client_under_uk_gdpr_and_the_2018_act(ws):
    """UK GDPR Art. 9(1) with the conditions of the Data Protection Act 2018 Sch. 1 (health or social
    care purposes, para. 2); Art. 35(3)(b)."""
    out = check_output(ws, UK_VAT, edits=[("  audience: Club members and prospective members\n",
                                           "  audience: Club members and the patients of its sports clinic\n")])
    assert "HIPAA" not in out, out
    assert "(UK GDPR Art. 9(1))" in out and "Data Protection Act 2018 Sch. 1" in out, out
    assert "(UK GDPR Art. 35(3)(b))" in out, out


# --- E11. A services agreement states the independent-contractor relationship -------------------

def _services(ws: Path, name: str, start: str) -> str:
    run("new", name, "--as", start, "--contract", "services")
    run("render", ws / name, "--doc", "contract", "--format", "pdf")
    return _pdf(ws / name, "contract-*.pdf")


def test_an_individuals_services_agreement_keeps_the_independent_contractor_clause(ws):
    """Worker classification is tested on a services agreement with a freelancer: the IRS common-law
    test, New Jersey's ABC test (N.J.S.A. 43:21-19(i)(6)(A): free from control or direction; (C):
    an independently established business), California's Lab. Code §2775 (review-en2, E11)."""
    text = _services(ws, "sole", "us-sole")
    assert "SERVICES AGREEMENT" in text
    assert ("The Contractor performs the Services as an independent contractor, free from the Client’s control "
            "or direction over the manner and means of performing them, with the Contractor’s own tools and "
            "equipment, in the course of the Contractor’s own independently established business") in text
    assert ("is responsible for the Contractor’s own taxes, insurance and benefits and is not entitled to the "
            "Client’s employee benefits, and has no authority to bind the Client.") in text
    # grammar of the plural "Services"
    assert "the Services starts" not in text and "complete it " not in text
    assert "and complete them " in text


def test_a_companys_services_agreement_keeps_the_independent_contractor_clause(ws):
    """England: employment status and the off-payroll rules (ITEPA 2003 Part 2 Ch. 10) look at
    control and who supplies the staff; a limited company says it controls the manner and means."""
    text = _services(ws, "ltd", "uk-ltd")
    assert ("The Contractor performs the Services as an independent contractor, with its own staff, tools and "
            "equipment, and controls the manner and means of performing them; it is not an employee, partner, "
            "joint venturer or agent of the Client") in text


def test_an_individuals_works_agreement_says_the_contractors_own_tools_not_its_staff(ws):
    run("new", "solework", "--as", "us-sole")
    run("render", ws / "solework", "--doc", "contract", "--format", "pdf")
    text = _pdf(ws / "solework", "contract-*.pdf")
    assert "The Contractor performs the Work with the Contractor’s own tools and materials" in text
    assert "its own staff" not in text


# --- E3 / E10. A VAT-registered contractor: Exhibit 1 and the VAT invoice line ---------------------

def _uk_project(tmp_path: Path) -> Path:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "project.yaml").write_text(UK_VAT.read_text(encoding="utf-8"), encoding="utf-8")
    with git.Repo.init(folder, initial_branch="main") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("project")
    return folder


def test_exhibit_1_adds_up_net_fees_vat_and_the_vat_inclusive_total_of_section_3_1(tmp_path):
    """VAT Act 1994 (s.19(2): the value of a supply is the consideration less the VAT): the
    milestone fees are net, so the column lists them, the total excluding VAT, the VAT and the
    VAT-inclusive total that Section 3.1 states; a reader can tell net from gross (review-en2, E3)."""
    folder = _uk_project(tmp_path)
    run("render", folder, "--doc", "scope,contract", "--format", "pdf")
    scope, contract = _pdf(folder, "scope-*.pdf"), _pdf(folder, "contract-*.pdf")
    fees = [m for m in re.findall(r"£([\d,]+\.\d\d)", scope.split("MILESTONES, FEES AND DEADLINES")[1]
                                                        .split("Total excluding VAT")[0])]
    net = sum(float(f.replace(",", "")) for f in fees)
    row = re.search(r"Total excluding VAT £([\d,.]+) VAT at 20% £([\d,.]+) Total including VAT £([\d,.]+)", scope)
    assert row, scope[:1500]
    subtotal, vat, total = (float(x.replace(",", "")) for x in row.groups())
    assert net == subtotal and subtotal + vat == total
    assert f"The total fee for the Work is £{total:,.2f}" in contract and f"being £{vat:,.2f}" in contract
    assert "Fee excluding VAT" in scope and ", excluding VAT." in scope


def test_a_uk_vat_invoice_line_shows_the_amount_excluding_vat(tmp_path):
    """VAT Regulations 1995 reg. 14(1)(g) and (i): a VAT invoice states each line's charge excluding
    VAT, then the rate, the VAT and the total; the Factur-X line (BT-131) is net too, and the
    seller's VAT number (BT-31) has no spaces (review-en2, E10)."""
    folder = _uk_project(tmp_path)
    run("sign", folder, "--date", "2027-03-16")
    run("invoice", folder, "1", "--date", "2027-03-16")
    pdf = next((folder / "out").glob("invoice-*.pdf"))
    text = normal(" ".join(pdf_pages(str(pdf))))
    row = re.search(r"Amount excluding VAT 1 (?:Deposit|Advance)[^£]*£([\d,.]+) Net amount £([\d,.]+) "
                    r"VAT at 20% £([\d,.]+) Total including VAT £([\d,.]+)", text)
    assert row, text
    line, net, vat, total = (float(x.replace(",", "")) for x in row.groups())
    assert line == net and net + vat == total
    docx = normal(docx_text(next((folder / "out").glob("invoice-*.docx"))))
    assert "Amount excluding VAT" in docx and f"£{line:,.2f}" in docx
    xml = pypdf.PdfReader(str(pdf)).attachments["factur-x.xml"][0].decode()
    ids = re.findall(r'schemeID="VA">([^<]*)<', xml)
    assert ids and all(" " not in i for i in ids), ids


# --- E5. The Contractor's own delay: a notice of expected delay and a proposed Change Order -------

def test_an_own_delay_notice_proposes_a_change_order_and_keeps_the_signed_deadline(tmp_path):
    """Only a Change Order signed by both Parties changes a deadline (Section 8.1 of the Agreement):
    a delay of the Contractor's own is announced as expected, not as a new deadline (review-en2, E5)."""
    folder = _uk_project(tmp_path)
    for args in (("sign", "--date", "2027-03-16"), ("paid", "prepayment", "--date", "2027-03-22"),
                 ("accept", "discovery", "--date", "2027-04-01"), ("accept", "design", "--date", "2027-04-15")):
        run(args[0], folder, *args[1:])
    run("notice", "delay", folder, "build", "--days", "3", "--reason", "Our lead developer is ill",
        "--date", "2027-04-20")
    text = _pdf(folder, "letter-001-delay-*.pdf")
    assert "NOTICE OF EXPECTED DELAY" in text and "NEW DEADLINE" not in text
    assert ("The Contractor expects to deliver “Build and launch” on 12 May 2027 instead of 7 May 2027, its "
            "deadline under the Agreement: 3 business days later") in text
    assert ("The Contractor proposes a Change Order moving that deadline; a change of deadlines is agreed only in "
            "a Change Order signed by both Parties. Until one is signed, the deadline of “Build and launch” "
            "remains 7 May 2027.") in text
    assert "The project now completes" not in text and "moves from" not in text
    import email
    from email.header import decode_header, make_header

    with open(folder / "out" / "letter-001-delay.eml", encoding="utf-8") as f:
        message = email.message_from_file(f)
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == "Notice of expected delay of “Build and launch”: Agreement No. TW-0311", subject
    # the club's notice mailbox is the club's: the header names it, not the signatory (E8)
    to = str(make_header(decode_header(message["To"])))
    assert to.startswith("Northern Rowing Club Limited <") and "Andrew Pike" not in to, to


# --- E8 / E10. Wording: British sums in words, trading as, federal holidays, en-GB, "Section" --------

def test_sterling_sums_in_words_are_british(tmp_path):
    """British usage puts "and" after the hundreds: "five thousand seven hundred and sixty pounds"
    (review-en2, E8); dollar sums keep the US style."""
    from decimal import Decimal

    from contractkit.words.amounts import in_words

    assert in_words(Decimal("2005"), "GBP", "en") == "£2,005.00 (two thousand and five pounds sterling)"
    assert in_words(Decimal("5760"), "USD", "en") == "$5,760.00 (five thousand seven hundred sixty US dollars)"
    folder = _uk_project(tmp_path)
    run("render", folder, "--doc", "contract", "--format", "docx")
    docx = next((folder / "out").glob("contract-*.docx"))
    text = normal(docx_text(docx))
    assert "£5,760.00 (five thousand seven hundred and sixty pounds sterling)" in text
    import zipfile

    with zipfile.ZipFile(docx) as package:  # Word proofs "licence", "authorisation" as British
        assert "<dc:language>en-GB</dc:language>" in package.read("docProps/core.xml").decode()


def test_a_uk_sole_trader_trades_as_and_us_holidays_are_federal(tmp_path):
    """"d/b/a" is American: English drafting writes "Oliver Grant, trading as …"; a US contract names
    the holidays it counts: US federal public holidays (review-en2, E10)."""
    london = DATA / "en-2-london.yaml"
    uk = contract_text(render(tmp_path / "uk", london, edits=[
        ("  address: 55 Water Street, Brooklyn, NY 11201, USA\n",
         "  address: 14 Cable Street, London E1 8JG, United Kingdom\n")]))
    assert "Jordan Lee, trading as Lee Digital" in uk and "d/b/a" not in uk
    us = contract_text(render(tmp_path / "us", london))
    assert "Jordan Lee, d/b/a Lee Digital" in us
    assert "excluding weekends and US federal public holidays" in us


# --- E4. The UK reminder without a placeholder; the claim with the user's base rate --------------

def test_a_claim_uses_the_base_rate_the_user_gives(ws, monkeypatch):
    """Late Payment of Commercial Debts (Interest) Act 1998 s.6 and SI 2002/1675: 8% over the Bank
    of England base rate of 31 December before a debt due in January to June. A user must not patch
    contractkit to demand payment: CONTRACTKIT_BOE_BASE_RATE gives the missing rate, and the notice
    of default states the figure it used (review-en2, E4)."""
    from tests.test_en_round7 import _late_in_2027

    path = _late_in_2027(ws)
    monkeypatch.setenv("CONTRACTKIT_BOE_BASE_RATE", "2026-12-31=3.50")
    run("claim", path, "--date", "2027-01-20", "--format", "pdf")
    text = _pdf(path, "letter-*-claim*.pdf")
    assert "£9,400.00 × 11.5% (base rate 3.5% on 31 December 2026 + 8%) × 16 ÷ 365 = £47.39" in text, text
    monkeypatch.setenv("CONTRACTKIT_BOE_BASE_RATE", "2026-12-30=3.50")
    out = run("claim", path, "--date", "2027-01-21", ok=False).output
    assert "the reference date is 30 June or 31 December" in out, out


# --- E9. A request recorded twice is recited once --------------------------------------------------

def test_a_change_recorded_again_is_recited_once_with_both_numbers(tmp_path):
    """A Change Order's recital states the request it answers; the same request recorded again
    (after `addendum` refused the first schedule) is one request, not two (review-en2, E9)."""
    folder = _uk_project(tmp_path)
    run("sign", folder, "--date", "2027-03-16")
    for old, new in (("    price: 7000", "    price: 7600"), ("    price: 7600", "    price: 7800")):
        text = (folder / "project.yaml").read_text(encoding="utf-8")
        (folder / "project.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
        run("change", folder, "-m", "Two more pages", "--reason", "The club adds a regatta page",
            "--requested-on", "2027-03-18")
    run("addendum", folder, "--date", "2027-03-19", "--format", "pdf")
    text = _pdf(folder, "addendum-1-*.pdf")
    assert ("the Client requested a change to the Work (Change Requests No. 1 and No. 2, “Two more pages”) "
            "because: The club adds a regatta page.") in text, text[:1500]
    assert text.count("The club adds a regatta page") == 1


def test_a_uk_clients_scc_exhibit_names_the_commissioner_and_the_uk_instruments(tmp_path):
    """Under the UK Addendum (DPA 2018 s.119A), Part 2 section 15(m), the Clauses' supervisory
    authority is the Information Commissioner; the assessment of a transfer to the US relies on the
    UK Extension to the DPF (SI 2023/1028), not the EU's Decision 2023/1795 (review-en2, E10)."""
    text = contract_text(render(tmp_path, DATA / "en-2-london.yaml"))
    exhibit = text.split("STANDARD CONTRACTUAL CLAUSES (MODULE TWO)")[1]
    assert "Clause 13: the supervisory authority with responsibility for ensuring compliance by the data " \
           "exporter is the Information Commissioner (section 15(m) of the UK Addendum)" in exhibit
    assert "Annex I.C. Competent supervisory authority The Information Commissioner" in exhibit
    assert "SI 2023/1028" in exhibit and "2023/1795" not in exhibit
    assert "transfer risk assessment Article 46 of the UK GDPR calls for" in exhibit


def test_check_finds_personal_data_in_a_member_login_and_a_member_list(ws):
    """UK GDPR Art. 28(3): a member list handed to the Contractor, and a member login it builds, are
    personal data it processes for the club; without personal_data: true the contract says nothing
    on it, so `check` warns (review-en2, E10)."""
    text = UK_VAT.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines(keepends=True) if "personal_data: true" in x)
    out = check_output(ws, UK_VAT, edits=[(line, "")])
    assert "describes collecting personal data ('member login')" in out, out
    assert "(UK GDPR Art. 28)" in out, out


def test_an_english_law_contract_says_who_may_enforce_it(tmp_path):
    """Contracts (Rights of Third Parties) Act 1999 s.1: a third party may enforce a term that
    purports to confer a benefit on it unless the contract shows otherwise; the moral-rights waiver
    runs "in favour of the Client, its licensees and successors in title", so the contract says
    that they, and no one else, may enforce it (s.1(2), (3); s.2 variation) (review-en2, E10)."""
    folder = _uk_project(tmp_path)
    run("render", folder, "--doc", "contract", "--format", "pdf")
    text = _pdf(folder, "contract-*.pdf")
    assert ("A person who is not a Party has no right under the Contracts (Rights of Third Parties) Act 1999 "
            "to enforce any term of this Agreement, except that the Client’s licensees and successors in title "
            "may enforce the waiver of moral rights given in their favour under Section 11") in text
    assert "in favour of the Client, its licensees and successors in title" in text


def test_a_component_added_above_a_signed_one_takes_the_next_sub_clause(tmp_path):
    """A Change Order amends the signed text by its signed numbers: a component written above
    WordPress in the YAML is added as the next sub-clause, and the signed WordPress sub-clause is
    neither restated nor renumbered (review-en2, E10)."""
    folder = _uk_project(tmp_path)
    run("sign", folder, "--date", "2027-03-16")
    run("render", folder, "--doc", "contract", "--format", "pdf")
    signed = re.search(r"(\d+\.\d+\.\d+)\. open-source software WordPress", _pdf(folder, "contract-*.pdf"))
    assert signed, "WordPress sub-clause"
    text = (folder / "project.yaml").read_text(encoding="utf-8")
    (folder / "project.yaml").write_text(text.replace(
        "    - name: WordPress\n",
        "    - name: MailPoet\n      kind: open_source\n      license: GNU GPL version 2 or later\n"
        "    - name: WordPress\n", 1), encoding="utf-8")
    run("change", folder, "-m", "Newsletter plugin", "--requested-on", "2027-03-18")
    run("addendum", folder, "--date", "2027-03-19", "--format", "pdf")
    order = _pdf(folder, "addendum-1-*.pdf")
    major, minor, sub = signed.group(1).split(".")
    added = f"{major}.{minor}.{int(sub) + 1}"
    assert f"{added}. open-source software MailPoet" in order, order[:3000]
    assert f"{signed.group(1)}. open-source software MailPoet" not in order
    assert f"Section {signed.group(1)}" not in order  # the signed WordPress clause is not restated
