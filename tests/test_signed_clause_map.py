"""Letters cite the clause numbers of the signed text (issue 24, item 4): `sign` records the map
of the version it signs; a record made before it was kept is read off the signed contract's DOCX,
or cites no number: a notice citing a clause the signed contract lacks (the suspension clause added
later, review-en3 M2) asserts a right the client never agreed to."""

import datetime as dt
import io

import docx

from contractkit.flows import workflow
from tests.conftest import run
from tests.readback import normal, pdf_pages

NAME = "contract-NW-2026-11.docx"


def _claim_text(path) -> str:
    run("claim", path, "--date", "2026-12-21", "--format", "pdf")
    return normal(" ".join(pdf_pages(str(next((path / "out").glob("letter-*-claim-*.pdf"))))))


def test_sign_records_the_clause_map_and_the_claim_cites_it(ws):
    from ruamel.yaml import YAML

    run("new", "p", "--lang", "en")
    path = ws / "p"
    run("sign", "p", "--date", "2026-11-30")
    record = YAML(typ="safe").load((path / ".contractkit" / "signatures" / "contract.yaml").read_text())
    clauses = record["clauses"]
    assert clauses["payment"] == "3.3" and clauses["nonpayment"] and clauses["court"]
    text = _claim_text(path)
    assert f"to suspend the Work under Section {clauses['nonpayment']} of the Agreement" in text
    assert f"(Section {clauses['court']} of the Agreement)" in text


def _old_record(path, paragraphs: list[str] | None) -> None:
    """A signature as an older contractkit made it: no clause map; its signed DOCX (if any) has
    only these numbered paragraphs."""
    def render(repo, kind, number, date):
        if paragraphs is None:
            return {"contract-NW-2026-11.pdf": b"%PDF-1.7 signed elsewhere"}
        document = docx.Document()
        for text in paragraphs:
            document.add_paragraph(text)
        buffer = io.BytesIO()
        document.save(buffer)
        (path / "out").mkdir(exist_ok=True)
        (path / "out" / NAME).write_bytes(buffer.getvalue())
        return {NAME: buffer.getvalue()}

    workflow.sign(path, dt.date(2026, 11, 30), [], render)


def test_an_old_record_cites_only_what_its_signed_docx_contains(ws):
    run("new", "p", "--lang", "en")
    path = ws / "p"
    _old_record(path, ["AGREEMENT", "3.3. The Client shall pay the fee as follows: a deposit and the rest.",
                       "14.2. Before going to court, either Party shall send the other a written claim.",
                       "14.3. Disputes not settled in this way shall be resolved by the courts."])
    text = _claim_text(path)
    assert "suspend the Work under Section" not in text  # the signed text has no suspension clause
    assert "Under Section 3.3 of the Agreement the Client was to pay" in text
    assert "(Section 14.2 of the Agreement)" in text and "(Section 14.3 of the Agreement)" in text


def test_an_old_record_without_its_docx_cites_no_clause_number(ws):
    run("new", "p", "--lang", "en")
    path = ws / "p"
    _old_record(path, None)
    text = _claim_text(path)
    assert "Section" not in text.replace("Section 4(2)", "")
