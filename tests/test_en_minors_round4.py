"""English minors of review-en3 (issue 24, item 5): each checked in the rendered text."""

import re
from pathlib import Path

import git

from tests.conftest import run
from tests.readback import docx_text, normal, pdf_pages
from tests.test_workflow import edit

DATA = Path(__file__).parent / "data"
SHOP = DATA / "en-5-munich-shop.yaml"
DESIGN = DATA / "en-5-london-design.yaml"


def _project(ws: Path, source: Path, edits=(), name: str = "p") -> Path:
    text = source.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = ws / name
    path.mkdir()
    (path / "project.yaml").write_text(text, encoding="utf-8")
    with git.Repo.init(path, initial_branch="main") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("project")
    return path


def _contract(path: Path) -> str:
    run("render", path, "--doc", "contract", "--format", "docx")
    return normal(docx_text(next((path / "out").glob("contract-*.docx"))))


def test_german_client_moral_rights_and_new_york_esign_law(ws):
    """UrhG §§12-14: moral rights cannot be waived in Germany, only not exercised; New York law
    governs, so its Electronic Signatures and Records Act (State Tech. Law §§301-309) is cited too."""
    text = _contract(_project(ws, SHOP))
    assert ("Where German law applies, under which the author’s moral rights cannot be waived (§§ 12 to 14 "
            "of the German Copyright Act, UrhG), the Contractor") in text
    assert ("not to exercise them against the Client, its licensees and successors so far as the law "
            "permits") in text
    assert ("each Party’s own law and the law governing this Agreement (for a Party in Texas, the Uniform "
            "Electronic Transactions Act as adopted in Texas; for a Party in Germany, the eIDAS Regulation "
            "(Regulation (EU) No 910/2014); for a Party in New York or under New York law, the Electronic "
            "Signatures and Records Act, N.Y. State Technology Law §§301–309).") in text


UK_CLIENT = [
    ("  name: Redwood Analytics, Inc.\n  address: 200 Mission Street, San Francisco, CA 94105, USA\n",
     "  name: Redwood Analytics Ltd\n  address: 5 Fleet Street, London EC4Y 1AA, United Kingdom\n"),
    ("  entity: a Delaware corporation  # what it is under its state's law\n",
     "  entity: a private limited company registered in England and Wales\n"),
    ("# tax:                  # VAT-registered: regime: general, vat: 20\n#   regime: general\n#   vat: 20\n",
     "tax:\n  regime: general\n  vat: 20\n"),
    ("    price: 7500\n", "    price: 7500.03\n"),
]


def test_uk_contract_says_licence_and_the_final_invoice_carries_the_vat_balance(ws):
    """British spelling of the noun throughout a contract under English law; VAT: each invoice
    rounds on its own, so the final one carries the balance and the VAT invoiced equals the
    contract's (£3,760.01 = £1,880.00 + £1,880.01)."""
    path = _project(ws, DESIGN, UK_CLIENT)
    text = _contract(path)
    assert "revocable licence to use the Deliverables" in text and "under their own licences" in text
    assert " license " not in text and " licenses " not in text
    assert "including VAT at 20%, being £3,760.01" in text
    run("sign", path, "--date", "2026-12-06")
    run("invoice", path, "1", "--date", "2026-12-06", "--format", "pdf")
    run("accept", path, "all", "--date", "2027-02-04")
    run("invoice", path, "final", "--date", "2027-02-04", "--format", "pdf")
    first, final = sorted((path / "out").glob("invoice-*.pdf"))
    assert "£1,880.00" in normal(" ".join(pdf_pages(str(first))))
    final_text = normal(" ".join(pdf_pages(str(final))))
    assert "£1,880.01" in final_text and "£9,400.01" in final_text  # net + VAT = £11,280.02


def test_change_request_states_the_split_and_the_change_order_quotes_singly(ws):
    run("new", "p", "--lang", "en")
    path = ws / "p"
    run("sign", "p", "--date", "2026-11-30")
    edit(path / "project.yaml", "price: 1200", "price: 1300")
    out = run("change", "p", "-m", "Dearer “Discovery”", "--requested-on", "2026-12-04", "--estimate").output
    sheet = next(p for p in out.split() if p.endswith(".pdf"))
    text = normal(" ".join(pdf_pages(sheet)))
    assert ("If the Change Order is signed, the increase of $100.00 is payable as follows: 40%, $40.00, within "
            "7 calendar days after the Change Order is signed (an additional deposit); the balance, $60.00, is "
            "added to the final payment.") in text
    run("addendum", "p", "--date", "2026-12-05")
    order = normal(" ".join(pdf_pages(str(next((path / "out").glob("addendum-1-*.pdf"))))))
    assert "(Change Request No. 1, “Dearer ‘Discovery’”)" in order  # single inner quotes


def test_a_change_that_keeps_the_final_payment_says_unchanged(ws):
    run("new", "p", "--lang", "en")
    path = ws / "p"
    run("sign", "p", "--date", "2026-11-30")
    text = (path / "project.yaml").read_text(encoding="utf-8")
    assert "    days: 3\n" in text
    (path / "project.yaml").write_text(text.replace("    days: 3\n", "    days: 5\n", 1), encoding="utf-8")
    run("change", "p", "-m", "Longer discovery", "--requested-on", "2026-12-04")
    run("addendum", "p", "--date", "2026-12-05")
    order = normal(" ".join(pdf_pages(str(next((path / "out").glob("addendum-1-*.pdf"))))))
    assert "(unchanged)." in order and "(previously $" not in order


def test_claim_cites_the_sub_clause_of_the_agreement_as_amended(ws):
    run("new", "p", "--lang", "en")
    path = ws / "p"
    run("sign", "p", "--date", "2026-11-30")
    edit(path / "project.yaml", "price: 1200", "price: 1300")
    run("change", "p", "-m", "Dearer", "--requested-on", "2026-12-04")
    run("addendum", "p", "--date", "2026-12-05")
    run("sign", "p", "--date", "2026-12-05")
    run("claim", "p", "--date", "2026-12-21", "--format", "pdf")
    text = normal(" ".join(pdf_pages(str(next((path / "out").glob("letter-*-claim-*.pdf"))))))
    # review-en3 #4: the Change Order's own clause that restated it (read off its signed DOCX)
    assert re.search(r"Under Section 3\.3\.1 of the Agreement, as amended and restated by Section 1\.\d+ of Change "
                     r"Order No\. 1, the Client was to pay \$4,880\.00", text), text
