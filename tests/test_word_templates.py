"""A user's own Word template (issue 25): filled from the project, checked, refused when broken."""

import shutil

import docx
import pytest

from tests.conftest import EXAMPLES, run

RU_TEMPLATE = EXAMPLES / "templates-example" / "ru" / "contract.docx"
EN_TEMPLATE = EXAMPLES / "templates-example" / "en" / "contract.docx"


def texts(path):
    """Every paragraph's text: body, table cells, header; read back with python-docx."""
    document = docx.Document(str(path))
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        out += [" | ".join(c.text for c in row.cells) for row in table.rows]
    out += [p.text for p in document.sections[0].header.paragraphs]
    return out


def word_template(body: list[str], path):
    """A small Word template with these paragraphs."""
    document = docx.Document()
    for line in body:
        document.add_paragraph(line)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def use_template(project, rel="lawyer/contract.docx", doc="contract"):
    text = (project / "project.yaml").read_text(encoding="utf-8")
    (project / "project.yaml").write_text(text + f"\ntemplates:\n  {doc}: {rel}\n", encoding="utf-8")


def test_ru_example_template_fills_the_lawyers_contract(ru_project, ws):
    run("render", ru_project, "--doc", "contract", "--format", "docx", "--template", RU_TEMPLATE)
    lines = texts(ru_project / "out" / "contract-2026-031.docx")
    text = "\n".join(lines)
    assert "ДОГОВОР № 2026-031" in lines
    assert "в лице Генерального директора Кузнецовой Марины Сергеевны" in text
    assert "2.1. Стоимость услуг составляет 243\xa0500 (двести сорок три тысячи пятьсот) рублей 00 копеек." in text
    assert "2.3.1. 121\xa0750,00\xa0₽ в срок до 8 декабря 2026\xa0г." in text
    # the dative of the signatory's position and name
    assert "генеральному директору Заказчика Кузнецовой Марине Сергеевне" in text
    # {%tr for %}: one row per stage, the template rows gone
    rows = [x for x in lines if x.startswith(("1 |", "2 |", "3 |", "4 |"))]
    assert rows[0] == "1 | Прототипы 6 страниц сайта | 7 декабря 2026\xa0г. | 30\xa0000,00\xa0₽"
    assert len(rows) == 4 and "{%" not in text and "{{" not in text
    assert "Итого" in text and "243\xa0500,00\xa0₽" in text
    assert "Договор № 2026-031 от 1 декабря 2026\xa0г." in lines  # the header


def test_en_example_template(ws):
    run("new", "harbor", "--from-example", "blue-harbor-shop")
    run("render", ws / "harbor", "--doc", "contract", "--format", "docx", "--template", EN_TEMPLATE)
    out = next((ws / "harbor" / "out").glob("contract-*.docx"))
    text = "\n".join(texts(out))
    assert "SERVICES AGREEMENT No." in text and "{{" not in text
    assert "2.1. The total fee is" in text
    (ws / "harbor" / "lawyer").mkdir()
    shutil.copy(EN_TEMPLATE, ws / "harbor" / "lawyer" / "contract.docx")
    use_template(ws / "harbor")
    assert "lawyer/" not in run("check", ws / "harbor").output


def test_project_names_its_template(ru_project):
    shutil.copy(RU_TEMPLATE, ru_project / "lawyer.docx")
    use_template(ru_project, "lawyer.docx")
    run("check", ru_project)
    run("render", ru_project, "--doc", "contract,scope", "--format", "docx")
    assert "ДОГОВОР № 2026-031" in texts(ru_project / "out" / "contract-2026-031.docx")
    # the scope has no Word template: contractkit's own, through the letterhead
    assert any("ТЕХНИЧЕСКОЕ ЗАДАНИЕ" in x for x in texts(ru_project / "out" / "scope-2026-031.docx"))


def test_letterhead_is_still_a_letterhead(ru_project):
    from contractkit.resources import TEMPLATES

    run("render", ru_project, "--doc", "contract", "--format", "docx", "--template",
        TEMPLATES / "letterhead.docx")
    assert any("ДОГОВОР" in x.upper() for x in texts(ru_project / "out" / "contract-2026-031.docx"))


def test_word_template_fills_one_document(ru_project):
    result = run("render", ru_project, "--format", "docx", "--template", RU_TEMPLATE, ok=False)
    assert "is a Word template for one document: name it with --doc contract" in result.output


def test_a_template_is_checked_once_and_its_filled_document_once(ru_project, monkeypatch):
    """Render asks whether the file is a Word template, then opens it: one whole check of the
    template's bytes (fields included) serves both; the filled document has its own check."""
    from contractkit.render import docxparts, userdocx

    checked = []
    real = docxparts.check_parts
    monkeypatch.setattr(docxparts, "check_parts", lambda source, what, **kw: (
        checked.append((what, kw.get("fields"))), real(source, what, **kw))[1])
    monkeypatch.setattr(userdocx, "_PASSED", set())
    run("render", ru_project, "--doc", "contract", "--format", "docx", "--template", RU_TEMPLATE)
    assert checked == [("the Word template", True), ("the document filled from the Word template", True)]
    field = docx.Document(str(RU_TEMPLATE))
    field.paragraphs[0]._p.append(docx.oxml.parse_xml(
        '<w:fldSimple xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'w:instr=\' INCLUDETEXT "http://example.com/x" \'/>'))
    field.save(str(ru_project / "field.docx"))
    result = run("render", ru_project, "--doc", "contract", "--format", "docx", "--template",
                 ru_project / "field.docx", ok=False)
    assert result.exit_code != 0 and "the Word template part word/document.xml" in result.output
    assert "INCLUDETEXT" in result.output  # still a template, refused for its field in its own words


def test_failing_template_writes_nothing(ru_project):
    word_template(["{{ client.name }}", "{{ client.inn_kpp }}"], ru_project / "bad.docx")
    use_template(ru_project, "bad.docx")
    result = run("render", ru_project, "--doc", "contract,scope", "--format", "docx", ok=False)
    assert "bad.docx" in result.output and "inn_kpp" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (ru_project / "out").exists() or not list((ru_project / "out").iterdir())


def test_filters_on_plain_data(ru_project):
    word_template(["{{ total|money }}", "{{ total|words }}", "{{ contract.date|date }}",
                   "{{ client.signer.name|genitive }}", "{{ client.signer.name|dative }}",
                   "{{ stages|length }} {{ stages[0].price|money }}"], ru_project / "t.docx")
    run("render", ru_project, "--doc", "contract", "--format", "docx", "--template", ru_project / "t.docx")
    lines = texts(ru_project / "out" / "contract-2026-031.docx")
    assert lines[:6] == ["243\xa0500,00\xa0₽",
                         "243\xa0500 (двести сорок три тысячи пятьсот) рублей 00 копеек",
                         "1 декабря 2026\xa0г.", "Кузнецовой Марины Сергеевны",
                         "Кузнецовой Марине Сергеевне", "4 30\xa0000,00\xa0₽"]


def test_template_data_is_plain():
    from contractkit.load import load_project
    from contractkit.render import context
    from contractkit.render.userdocx import template_data

    data = template_data(context.build(load_project(EXAMPLES / "romashka-site" / "project.yaml")))

    def walk(value):
        if isinstance(value, dict):
            return all(isinstance(k, str) and walk(v) for k, v in value.items())
        if isinstance(value, list):
            return all(walk(v) for v in value)
        return value is None or type(value) in (str, int, bool)

    assert walk(data)
    assert data["total"] == "243500.00" and data["stages"][0]["deadline"] == "2026-12-07"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_pdf_from_a_word_template(ru_project):
    from pypdf import PdfReader

    run("render", ru_project, "--doc", "contract", "--format", "pdf", "--template", RU_TEMPLATE)
    reader = PdfReader(str(ru_project / "out" / "contract-2026-031.pdf"))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "ДОГОВОР № 2026-031" in text and "Кузнецовой Марины Сергеевны" in text
    import json

    assert list(reader.attachments) == ["document-data.json"]  # the document's data, never project.yaml
    data = json.loads(reader.attachments["document-data.json"][0])
    assert data["contract"]["number"] == "2026-031" and data["totals"]["total"] == "243500.00"
    assert "/AF" in reader.trailer["/Root"]  # PDF/A-3: the attachment is the document's data
    assert reader.metadata["/CreationDate"].startswith("D:20261201")  # the contract date, not now
    assert 'pdfaid:part="3"' in reader.xmp_metadata.stream.get_data().decode("utf-8", "replace") or \
        "<pdfaid:part>3</pdfaid:part>" in reader.xmp_metadata.stream.get_data().decode("utf-8", "replace")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_sign_and_verify_a_contract_from_a_word_template(ru_project):
    import git

    (ru_project / "lawyer").mkdir()
    shutil.copy(RU_TEMPLATE, ru_project / "lawyer" / "contract.docx")
    use_template(ru_project)
    with git.Repo(ru_project) as repo:
        repo.git.add(A=True)
        repo.index.commit("The lawyer's contract")
    run("sign", ru_project, "--date", "2026-12-01")
    for name in ("contract-2026-031.pdf", "contract-2026-031.docx"):
        out = run("verify", ru_project, ru_project / "out" / name).output
        assert "matches" in out and "signed as contract on 2026-12-01" in out
    assert "ДОГОВОР № 2026-031" in texts(ru_project / "out" / "contract-2026-031.docx")


def test_pdf_without_libreoffice_says_how_to_install(ru_project, monkeypatch, tmp_path):
    only_git = tmp_path / "bin"  # a PATH with git on it and no soffice
    only_git.mkdir()
    (only_git / "git").symlink_to(shutil.which("git"))
    monkeypatch.setenv("PATH", str(only_git))
    monkeypatch.delenv("CONTRACTKIT_SOFFICE", raising=False)
    result = run("render", ru_project, "--doc", "contract", "--format", "pdf", "--template", RU_TEMPLATE,
                 ok=False)
    assert "needs LibreOffice: install it" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_template_fields_lists_every_name_with_an_example(ru_project):
    out = run("template-fields", ru_project).output
    lines = {line.split("  ", 1)[0]: line.split("  ", 1)[-1].strip() for line in out.splitlines()}
    assert lines["contract.number"] == "2026-031"
    assert lines["client.signer.name"] == "Кузнецова Марина Сергеевна"
    assert lines["stages"] == "a list of 4"
    assert lines["stages[].title"] == "Прототипы 6 страниц сайта"
    assert lines["total"] == "243500.00"
    assert "filters: money, amount, words, date" in out


def lawyer(project, body, table_cell=None):
    path = word_template(body, project / "lawyer" / "contract.docx")
    if table_cell:
        document = docx.Document(str(path))
        document.add_table(rows=1, cols=2).rows[0].cells[1].text = table_cell
        document.save(str(path))
    use_template(project, "lawyer/contract.docx")


def check_errors(project):
    result = run("check", project, ok=False)
    return [x for x in result.output.splitlines() if x.startswith("lawyer/")]


def test_check_names_each_unknown_field_with_its_place(ru_project):
    lawyer(ru_project, ["Договор {{ contract.number }}", "ИНН/КПП {{ client.inn_kpp }}",
                        "{{ total|mony }}", "{%p for s in stages %}", "{{ s.title }} {{ s.titel }}",
                        "{%p endfor %}", "{% include 'x.docx' %}"], table_cell="{{ contractor.nme }}")
    errors = check_errors(ru_project)
    assert errors[0] == ("lawyer/contract.docx: paragraph 2: unknown field 'client.inn_kpp' "
                         "(did you mean 'client.kpp'?); text: \"ИНН/КПП {{ client.inn_kpp }}\"")
    assert errors[1].startswith("lawyer/contract.docx: paragraph 3: unknown filter 'mony' (did you mean 'money'?)")
    assert errors[2].startswith("lawyer/contract.docx: paragraph 5: unknown field 's.titel' (did you mean 's.title'?)")
    assert errors[3].startswith("lawyer/contract.docx: paragraph 7: unknown tag 'include'")
    assert errors[4].startswith("lawyer/contract.docx: table 1, row 1, cell 2: unknown field 'contractor.nme' "
                                "(did you mean 'contractor.name'?)")
    assert len(errors) == 5


def test_check_reports_a_loop_over_a_non_list_and_a_broken_tag(ru_project):
    lawyer(ru_project, ["{%p for s in contract.number %}", "{{ s }}", "{%p endfor %}",
                        "{{ client.name }", "}"])
    errors = check_errors(ru_project)
    assert errors[0].startswith("lawyer/contract.docx: paragraph 1: loop over 'contract.number', which is "
                                "text, not a list")
    assert errors[1].startswith("lawyer/contract.docx: paragraph 4: '{{' and '}}' do not pair up")


def test_check_trial_renders_what_reading_cannot_see(ru_project):
    lawyer(ru_project, ["{{ client.name|money }}"])  # a name is not an amount
    errors = check_errors(ru_project)
    assert len(errors) == 1 and "not an amount" in errors[0]


def test_check_passes_the_example_and_a_tag_split_across_runs(ru_project):
    path = ru_project / "lawyer" / "contract.docx"
    path.parent.mkdir()
    shutil.copy(RU_TEMPLATE, path)
    document = docx.Document(str(path))
    paragraph = document.add_paragraph("{{ client.")  # Word often splits a tag into runs
    paragraph.add_run("short }}").bold = True
    document.save(str(path))
    use_template(ru_project, "lawyer/contract.docx")
    result = run("check", ru_project)
    assert "lawyer/" not in result.output
