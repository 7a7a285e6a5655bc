"""Class "DOCX templates": a project's own Word template (templates.contract) is untrusted code.

Each payload is put where a Word template can hold a tag (a body paragraph, a `{%tr for %}` row,
the header, the footer, the document title) and both rendered and checked (`check` renders it in
memory). None may run a program, read or write outside the project, or reach docxtpl's objects
(`tpl`, a subdocument, an image, a path); each fails with one line or prints inert text.
"""

from __future__ import annotations

import os
import zipfile

import pytest

from tests.security.attack import SECRET, Sentinel, en_project, one_line_error, output_texts, run, written

LEAKS = ("<class", "<module", "<function", "<built-in", "<bound method", "__globals__", "subclasses",
         "DocxTemplate", "docxtpl", "uid=", SECRET)

PAYLOADS = [
    ("body", "{{ ''.__class__.__mro__ }}"),
    ("body", "{{ ''.__class__.__mro__[1].__subclasses__() }}"),
    ("body", "{{ tpl }}"),
    ("body", "{{ tpl.docx.save('{marker}') }}"),
    ("body", "{{ docx }}"),
    ("body", "{{ subdocx }}"),
    ("body", "{{ new_subdoc() }}"),
    ("body", "{{ InlineImage }}"),
    ("body", "{{ template_file }}"),
    ("body", "{{ self }}"),
    ("body", "{{ self.__init__.__globals__ }}"),
    ("body", "{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}"),
    ("body", "{{ joiner.__init__.__globals__.os.system('touch {marker}') }}"),
    ("body", "{{ namespace.__init__.__globals__.os.system('touch {marker}') }}"),
    ("body", "{{ range.__globals__ }}"),
    ("body", "{{ lipsum.__globals__.os.system('touch {marker}') }}"),
    ("body", "{{ client|attr('__class__') }}"),
    ("body", "{{ '{0.__class__}'.format(client) }}"),
    ("body", "{{ total|money.__globals__ }}"),
    ("body", "{% include '{secret}' %}"),
    ("body", "{% import '{secret}' as s %}"),
    ("body", "{% extends '{secret}' %}"),
    ("body", "{% set x = stages.append(1) %}{{ stages }}"),
    ("body", "{{ client.update({'name': 'x'}) }}"),
    ("body", "{{ 'x' * 1000000000 }}"),
    ("body", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"),
    ("body", "{{r cycler.__init__.__globals__.os.popen('touch {marker}').read() }}"),
    ("body", "{%p for x in [1] %}{{ loop.cycle.__globals__ }}{%p endfor %}"),
    ("body", "{%p set x = joiner.__init__.__globals__.os.system('touch {marker}') %}"),
    ("body", "</w:t></w:r></w:p><w:p><w:r><w:t>{{ client.name }}"),
    ("table", "{{ namespace.__init__.__globals__.os.system('touch {marker}') }}"),
    ("table", "{{ stage.__class__.__mro__ }}"),
    ("header", "{{ joiner.__init__.__globals__.os.popen('touch {marker}').read() }}"),
    ("header", "{{ tpl.docx }}"),
    ("footer", "{{ contract.number.__class__.__base__.__subclasses__() }}"),
    ("title", "{{ cycler.__init__.__globals__.os.system('touch {marker}') }}"),
    ("title", "{{ tpl }}"),
]


def _template(path, where, payload):
    from docx import Document

    doc = Document()
    doc.sections[0].header.paragraphs[0].text = payload if where == "header" else "{{ contract.number }}"
    doc.sections[0].footer.paragraphs[0].text = payload if where == "footer" else "{{ title }}"
    if where == "title":
        doc.core_properties.title = payload
    doc.add_paragraph("AGREEMENT {{ contract.number }}")
    if where == "body":
        doc.add_paragraph(payload)
    if where == "table":
        table = doc.add_table(rows=3, cols=1)
        table.cell(0, 0).text = "{%tr for stage in stages %}"
        table.cell(1, 0).text = payload
        table.cell(2, 0).text = "{%tr endfor %}"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)


def _use(project, rel="lawyer/contract.docx"):
    (project / "project.yaml").write_text((project / "project.yaml").read_text()
                                          + f"\ntemplates:\n  contract: {rel}\n")


@pytest.mark.security("docx-templates")
@pytest.mark.parametrize(("where", "payload"), PAYLOADS)
def test_word_template_payload_runs_reads_and_writes_nothing(ws, tmp_path, where, payload):
    sentinel = Sentinel(tmp_path / "sentinel")
    project = en_project(ws)
    _template(project / "lawyer" / "contract.docx", where, sentinel.fill(payload))
    _use(project)
    result = run("render", project, "--doc", "contract", "--format", "docx", ok=None)
    sentinel.assert_untouched()
    if result.exit_code:
        line = one_line_error(result)
        assert SECRET not in line and "<class" not in line
        assert not (project / "out").exists() or not list((project / "out").iterdir())
    else:
        text = output_texts(written(result))
        assert not [leak for leak in LEAKS if leak in text]
        assert "AGREEMENT " in text
    checked = run("check", project, ok=None)
    sentinel.assert_untouched()
    assert "Traceback" not in checked.output and SECRET not in checked.output
    assert not [leak for leak in ("<class", "<function", "<module", "<bound method", "DocxTemplate object")
                if leak in checked.output]


@pytest.mark.security("docx-templates")
def test_word_template_data_holds_no_docxtpl_object(ws, monkeypatch):
    """What docxtpl's render is given: plain data and the bounded sandbox, never its own Environment."""
    from docxtpl import DocxTemplate
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    seen = {}
    original = DocxTemplate.render

    def spy(self, context, jinja_env=None, autoescape=False):
        seen["context"], seen["env"] = context, jinja_env
        return original(self, context, jinja_env=jinja_env, autoescape=autoescape)

    monkeypatch.setattr(DocxTemplate, "render", spy)
    project = en_project(ws)
    _template(project / "lawyer" / "contract.docx", "body", "{{ client.name }}")
    _use(project)
    run("render", project, "--doc", "contract", "--format", "docx")

    def plain(value):
        if isinstance(value, dict):
            return all(type(k) is str and plain(v) for k, v in value.items())
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return value is None or type(value) in (str, int, bool)

    assert plain(seen["context"])
    env = seen["env"]
    assert isinstance(env, ImmutableSandboxedEnvironment) and type(env).__name__ == "BoundedSandbox"
    assert env.autoescape is True
    assert not {"cycler", "joiner", "lipsum"} & set(seen["env"].globals)


@pytest.mark.security("docx-templates")
def test_word_template_zip_bomb_is_refused_before_unpacking(ws):
    project = en_project(ws)
    (project / "lawyer").mkdir()
    with zipfile.ZipFile(project / "lawyer" / "contract.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"{{ x }}" + b"\0" * 150_000_000)
    _use(project)
    result = run("render", project, "--doc", "contract", "--format", "docx", ok=False)
    assert "unpacks to 150,000,0" in one_line_error(result)
    result = run("render", project, "--doc", "contract", "--format", "docx", "--template",
                 project / "lawyer" / "contract.docx", ok=False)
    assert "unpacks to 150,000,0" in one_line_error(result)


@pytest.mark.security("docx-templates")
@pytest.mark.parametrize("target", ["outside", "inside"])
def test_symlinked_word_template_is_refused(ws, tmp_path, target):
    sentinel = Sentinel(tmp_path / "sentinel")
    project = en_project(ws)
    real = (tmp_path / "elsewhere.docx") if target == "outside" else (project / "real.docx")
    _template(real, "body", "{{ client.name }}")
    (project / "lawyer").mkdir()
    os.symlink(real, project / "lawyer" / "contract.docx")
    _use(project)
    result = run("render", project, "--doc", "contract", "--format", "docx", ok=False)
    assert "symbolic link" in one_line_error(result)
    result = run("render", project, "--doc", "contract", "--format", "docx", "--template",
                 project / "lawyer" / "contract.docx", ok=False)
    assert "symbolic link" in one_line_error(result)
    sentinel.assert_untouched()
    assert not (project / "out").exists()


@pytest.mark.security("docx-templates")
def test_word_template_outside_the_project_is_refused(ws, tmp_path):
    project = en_project(ws)
    _template(tmp_path / "elsewhere.docx", "body", "{{ client.name }}")
    _use(project, "../../elsewhere.docx")
    result = run("render", project, "--doc", "contract", "--format", "docx", ok=False)
    assert "outside" in one_line_error(result)


@pytest.mark.security("docx-templates")
def test_template_option_naming_a_link_is_refused(ws, tmp_path):
    project = en_project(ws)
    _template(tmp_path / "real.docx", "body", "{{ client.name }}")
    os.symlink(tmp_path / "real.docx", tmp_path / "link.docx")
    result = run("render", project, "--doc", "contract", "--format", "docx", "--template",
                 tmp_path / "link.docx", ok=False)
    assert "symbolic link" in one_line_error(result)
    run("render", project, "--doc", "contract", "--format", "docx", "--template", tmp_path / "real.docx")
