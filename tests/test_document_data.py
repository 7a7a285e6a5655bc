"""The data a PDF carries (render/docdata.py) and private notes: what the documents state, as data;
never the project file, its comments or notes. Every lifecycle document: tests/test_canaries.py."""

from __future__ import annotations

import json
from decimal import Decimal

from pypdf import PdfReader

from contractkit.compute import compute
from contractkit.load import load_project
from contractkit.render import context as ctx
from contractkit.render.docdata import attachment, document_data
from tests.conftest import ROOT, run
from tests.test_canaries import validator

NOTES = "\nnotes:\n  budget: SECRETBUDGET\n"


def test_contract_pdf_carries_its_figures_as_data_and_no_data_leaves_it_out(ru_project):
    run("render", ru_project, "--doc", "contract,payments", "--format", "pdf")
    pdf = ru_project / "out" / "contract-2026-031.pdf"
    reader = PdfReader(str(pdf))
    assert list(reader.attachments) == ["document-data.json"]
    raw = reader.attachments["document-data.json"][0]
    data = json.loads(raw)
    assert list(validator().iter_errors(data)) == []
    figures = compute(load_project(ru_project / "project.yaml"))
    assert data["totals"]["total"] == str(figures.total) == "243500.00"
    assert [s["id"] for s in data["stages"]] == ["prototypes", "design", "development", "content"]
    assert [s["deadline"] for s in data["stages"]] == [str(x.deadline) for x in figures.lines]
    assert [p["amount"] for p in data["installments"]] == ["121750.00", "121750.00"]
    assert data["parties"]["client"]["inn"] == "7714567895"
    spec = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"][1].get_object()
    assert spec["/AFRelationship"] == "/Data"
    assert spec["/EF"]["/F"].get_object()["/Subtype"] == "/application/json"  # pypdf decodes #2f
    assert [a.get_object()["/F"] for a in reader.trailer["/Root"]["/AF"]] == ["document-data.json"]
    # canonical: sorted keys, UTF-8, a newline at the end; the same bytes on every render
    assert raw == (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()
    before = pdf.read_bytes()
    run("render", ru_project, "--doc", "contract", "--format", "pdf")
    assert pdf.read_bytes() == before

    run("render", ru_project, "--doc", "contract", "--format", "pdf", "--no-data")
    assert PdfReader(str(pdf)).attachments == {}
    assert "--no-data renders one project once" in run("render", ru_project, "--watch", "--no-data",
                                                        ok=False).output


def test_data_states_only_what_the_document_does():
    project = load_project(ROOT / "projects" / "blue-harbor-shop" / "project.yaml")
    context = ctx.build(project)
    blank = document_data(context, "brief-blank", "Brief", project.contract.date)
    assert set(blank) == {"format", "version", "document", "parties"}  # no contract exists yet
    letter = document_data(context, "letter-remind", "Reminder", project.contract.date)
    assert "stages" not in letter and "installments" not in letter
    full = document_data(context, "contract", "Agreement", project.contract.date)
    assert full["currency"] == "USD" and full["contract"]["type"] == "work"
    assert Decimal(full["totals"]["total"]) == compute(project).total
    assert "passport" not in json.dumps(full) and "messenger" not in json.dumps(full)
    assert attachment(context, "contract", "Agreement", project.contract.date) == attachment(
        ctx.build(project), "contract", "Agreement", project.contract.date)


def test_notes_are_private_show_prints_them_and_editing_them_is_no_change(ru_project):
    path = ru_project / "project.yaml"
    text = path.read_text(encoding="utf-8") + NOTES
    text = text.replace("  - id: design\n", "  - id: design\n    notes: |\n      STAGESECRET\n", 1)
    path.write_text(text, encoding="utf-8")
    project = load_project(path)
    assert project.notes == {"budget": "SECRETBUDGET"} and project.deliverable("design").notes
    assert "SECRET" not in repr(ctx.build(project))  # templates never see them
    out = run("show", ru_project).output
    assert "SECRETBUDGET" in out and "STAGESECRET" in out and "stage design" in out
    run("render", ru_project, "--doc", "contract,scope", "--format", "html")
    for page in (ru_project / "out").glob("*.html"):
        assert "SECRET" not in page.read_text(encoding="utf-8")
    import subprocess

    subprocess.run(["git", "commit", "-qam", "notes"], cwd=ru_project, check=True)
    run("sign", ru_project, "--date", "2026-12-01")
    path.write_text(path.read_text(encoding="utf-8").replace("SECRETBUDGET", "OTHERSECRET"),
                    encoding="utf-8")
    refused = run("change", ru_project, "-m", "notes only", ok=False).output
    assert "change nothing in the signed scope" in refused  # commit them with git, no addendum
