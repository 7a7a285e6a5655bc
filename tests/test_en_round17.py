"""Issue 24's leftovers (session 11, en17): the English documents, each read back from the output.

E3: a client-caused delay on a started English milestone extends its due date (the Agreement's
delay clause, §2.3 of the reviewer's uk-ie project); it never moves the milestone's start, which
is past and on the record. The change order's restated Exhibit 1, `status --json` and the
client's page state the start it had and the extended due date.

review-en5 E6: a listed material with a fixed date in Exhibit 1 is late from that date, not from a
term after the request (tests/data/en-17-distillery.yaml: the reviewer's project B, a Florida LLC
designing labels for an Irish distillery).
"""

import json
import re
from pathlib import Path

from tests.conftest import run
from tests.readback import normal, pdf_pages
from tests.test_en_review5 import mail_text, repo_of


def _order_pdf(path: Path) -> str:
    return normal(" ".join(pdf_pages(sorted((path / "out").glob("addendum-1-*.pdf"))[-1])))


DISTILLERY = Path(__file__).parent / "data" / "en-17-distillery.yaml"
LABEL_COPY = "Label copy with mandatory particulars, and the bottle die-line from the glass supplier"


def test_a_material_exhibit_1_dates_is_late_from_that_date(ws):
    """E6. Exhibit 1 lists the label copy "no later than 1 February 2027" and Section 6.2.2 obliges the
    Client to provide listed materials "by the dates stated there"; the 5-business-day term after a
    request (6.2.1) covers only materials not listed. Asked on 26 January, still missing on 4 February:
    3 business days late (2, 3, 4 February), so Section 2.4 extends "Gin bottle label" from 12 to 17
    March 2027 (a notice that says "the Agreement allows 5 business days" misstates the Agreement in
    the very notice the Contractor relies on)."""
    path = repo_of(ws, DISTILLERY)
    run("sign", path, "--date", "2027-01-12")
    run("paid", path, "1", "--date", "2027-01-26")
    run("asked", path, LABEL_COPY, "--date", "2027-01-26", "--stage", "label")
    run("notice", "delay", path, "label", "--client-caused", "--reason", "late", "--date", "2027-02-04")
    notice = normal(" ".join(pdf_pages(next((path / "out").glob("letter-001-delay-*.pdf")))))
    assert "Exhibit 1 sets 1 February 2027 as the date for these materials; as of 4 February 2027 nothing " \
           "has arrived, 3 business days late." in notice, notice
    assert "allows 5 business days" not in notice and "2 February 2027" not in notice
    assert "3 business days as of this notice (from 12 March 2027 to 17 March 2027" in notice
    status = run("status", path, "--date", "2027-02-04").output
    assert re.search(r"label\s+not started \(starts 2027-02-22\), deadline 2027-03-17 \(signed 2027-03-12", status), status
    run("update", path, "--date", "2027-02-04")
    update = mail_text(sorted((path / "out").glob("letter-*-update.eml"))[-1])
    assert f"{LABEL_COPY}: asked on 26 January 2027, due by 1 February 2027 (Exhibit 1); still waiting, " \
           "3 business days past that" in update, update


KESTREL = Path(__file__).parent / "data" / "en-17-kestrel.yaml"
UK_ONLY = r"\b(favour|authoris\w*|unauthoris\w*|organisational|recognised|defence|wilful|licence)\b"
US_ONLY = r"\b(favor|authoriz\w*|unauthoriz\w*|organizational|recognized|defense|willful)\b"


def test_one_dialect_per_contract(tmp_path):
    """review-en5 E1. A contract is one voice: under California law a Manchester contractor's Agreement
    spells as US law does, its Article 28 and moral-rights blocks too ("in favor of", "authorization",
    "organizational", "unauthorized"); under English law the London studio's spells as English law does
    ("licence", "in favour of", "defence"), whatever block the text comes from."""
    from tests.test_en_review5 import DESIGN, contract_text, render

    us = contract_text(render(tmp_path, KESTREL))
    assert not re.findall(UK_ONLY, us, re.I), re.findall(UK_ONLY, us, re.I)
    assert "unconditionally and irrevocably waives in favor of the Client" in us
    assert "prior specific written authorization" in us and "technical and organizational measures" in us
    uk = contract_text(render(tmp_path, DESIGN))
    assert not re.findall(US_ONLY, uk, re.I), re.findall(US_ONLY, uk, re.I)
    assert "waives in favour of the Client" in uk


def test_a_client_caused_notice_in_force_is_what_status_json_page_and_update_state(ws):
    """review-en5 E3 (as of the days the reviewer meant). Kestrel's Section 2.4 notice of 18 January 2027
    extends "Interface design" by the Client's delay: 3 business days as of the notice (21 -> 26
    January) and one more for each business day until the materials arrive (20 January: 28 January).
    On each day `status`, `status --json`, the client's page and the weekly update state the same dates
    (completion 8 March on the 18th, 10 March on the 22nd); the notice is in force without a Change
    Order (Section 8.1). Each view is asked as of that day (`--date`); without it they are as of the
    machine's day, which CONTRACTKIT_TODAY does not move (clock.py: it only governs the refusal of
    records dated in the future)."""
    path = repo_of(ws, KESTREL)
    run("sign", path, "--date", "2026-12-09")
    run("paid", path, "1", "--date", "2026-12-21")
    run("asked", path, "Brand guidelines, copy and access to the AWS account", "--date", "2027-01-06",
        "--stage", "design")
    run("notice", "delay", path, "design", "--client-caused", "--reason", "materials late", "--date", "2027-01-18")
    for day, deadline, completion in (("2027-01-18", "2027-01-26", "2027-03-08"),
                                      ("2027-01-22", "2027-01-28", "2027-03-10")):
        if day == "2027-01-22":
            run("received", path, "R-001", "--date", "2027-01-20")
        status = run("status", path, "--date", day).output
        assert re.search(rf"design\s+in progress, deadline {deadline} \(signed 2027-01-21", status), status
        assert f"completion {completion} in force (signed 2027-03-03" in status, status
        data = json.loads(run("status", path, "--date", day, "--json").output)
        design = next(s for s in data["stages"] if s["id"] == "design")
        assert (design["start"], design["deadline"], data["completion"]) == ("2027-01-06", deadline, completion)
        site = ws / f"site-{day}"
        run("publish", path, "--out", site, "--date", day)
        page = normal(re.sub(r"<[^>]+>", " ", (site / "index.html").read_text(encoding="utf-8")))
        human = {"2027-01-26": "26 January 2027", "2027-01-28": "28 January 2027"}[deadline]
        assert f"6 January 2027 {human}" in page, page
        end = {"2027-03-08": "8 March 2027", "2027-03-10": "10 March 2027"}[completion]
        assert f"Completion {end}" in page
    run("update", path, "--date", "2027-01-22")
    update = mail_text(sorted((path / "out").glob("letter-*-update.eml"))[-1])
    assert "On the current plan the project completes on 10 March 2027" in update, update
    assert "moved from 21 January 2027 to 28 January 2027" in update


def test_an_eu_company_client_is_named_with_its_registered_office_and_vat_number(tmp_path):
    """review-en5 E16. The contract allocates VAT to the Irish client under the reverse charge (Art. 44
    and 196 of Directive 2006/112/EC); the customer's VAT number is the evidence of its taxable status
    (Implementing Regulation (EU) 282/2011 art. 18(1)(a)), and an Irish company's legal address is its
    registered office (Companies Act 2014 s.50), where notices and process go."""
    from tests.test_en_review5 import render

    folder = render(tmp_path, DISTILLERY, fmt="pdf")
    text = normal(" ".join(pdf_pages(next((folder / "out").glob("contract-*.pdf")))))
    assert ("Cnoc Distillery Limited, a private company limited by shares incorporated in Ireland (CRO No. "
            "654321, VAT number IE6388047V), whose registered office is at Unit 4, Ballinamore Business Park, "
            "Co. Leitrim, N41 X2Y3, Ireland (the “Client”)") in text, text[:1500]
    assert "principal office" not in text.split("(the “Client”)")[0]


def kestrel_order(ws) -> Path:
    """Kestrel signed 9 Dec 2026, deposit paid; CR-001 adds the accessibility audit (with an additional
    deposit) and Change Order No. 1 is rendered (the reviewer's project A, a-final.yaml)."""
    import git

    path = repo_of(ws, KESTREL)
    run("sign", path, "--date", "2026-12-09")
    run("paid", path, "1", "--date", "2026-12-21")
    final = Path(__file__).parent / "data" / "en-17-kestrel-final.yaml"
    (path / "project.yaml").write_text(final.read_text(encoding="utf-8"), encoding="utf-8")
    with git.Repo(path) as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("audit")
    run("change", path, "-m", "Accessibility audit", "--reason", "funder requires WCAG 2.2 AA",
        "--requested-on", "2027-02-04", "--estimate")
    run("addendum", path, "--date", "2027-02-05", "--format", "pdf")
    return path


def test_the_change_order_says_its_additional_deposit_is_not_the_forfeitable_deposit(ws):
    """review-en5 E14. Section 17.2 makes "the deposit" non-refundable on the Client's termination for
    convenience; the Change Order calls its $2,750.00 "an additional deposit". A forfeiture is read
    narrowly and a forfeiture of money for work never begun is what Cal. Civ. Code §1671(b) exposes,
    so the Change Order says which deposit Section 17.2 reaches."""
    path = kestrel_order(ws)
    order = _order_pdf(path)
    assert ("Section 17.2 of the Agreement makes non-refundable, on the Client’s termination for convenience, "
            "only the deposit under Section 3.3.1 of the Agreement; the additional deposit under Section 3.3.4 "
            "is refunded on any termination to the extent it exceeds the value of the work added by this "
            "Change Order performed up to termination.") in order, order
    contract = normal(" ".join(pdf_pages(next((path / "out").glob("contract-*.pdf")))))
    assert "17.2. The Client may terminate this Agreement by 14 calendar days’ written notice" in contract


def test_the_change_request_sheet_lists_every_date_the_change_order_moves(ws):
    """review-en5 E9. The Client approves the sheet by quoting its hash ("By signing this request the
    Parties approve the estimate"); the approval is evidence of what was agreed only if it states
    every date the Change Order will restate: Milestone 4 "Data migration" moves with Milestone 3
    (3 → 18 March 2027), and date moves are not "outside the signed scope"."""
    path = kestrel_order(ws)
    sheet = normal(" ".join(pdf_pages(next((path / "out").glob("cr-001-*.pdf")))))
    outside, dates = sheet.split("Dates that change", 1)
    assert "Milestone 2 “Interface design”: deadline 26 January 2027 instead of 21 January 2027." in dates
    assert "Milestone 3 “Platform build and launch”: deadline 4 March 2027 instead of 25 February 2027." in dates
    assert "Milestone 4 “Data migration”: deadline 18 March 2027 instead of 3 March 2027." in dates
    assert "Completion: 18 March 2027 instead of 3 March 2027." in dates
    assert "Interface design" not in outside.split("Why this is outside the signed scope", 1)[1]
    order = _order_pdf(path)
    assert "18 March 2027" in order and "Data migration" in order  # the Change Order restates the same date
