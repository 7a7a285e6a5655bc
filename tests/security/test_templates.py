"""Class 1, templates run code: every template a project brings renders in the bounded sandbox.

Each payload is put where a project can put it (its own HTML template folder, its own DOCX
letterhead: body, header, footer, table row, run, document properties) and rendered. None may run
a program (the marker file), read a file outside the project (the secret), write outside it (the
sentinel folder), or leak Python internals; each fails with one line or renders as inert text.
"""

from __future__ import annotations

import pytest

from tests.security.attack import SECRET, Sentinel, en_project, one_line_error, output_texts, run, written

LEAKS = ("<class", "<module", "<function", "<built-in", "<bound method", "__globals__", "subclasses",
         "uid=", SECRET)

HTML_PAYLOADS = [
    # attribute chains to os and builtins
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}",
    "{{ joiner.__init__.__globals__.os.system('touch {marker}') }}",
    "{{ namespace.__init__.__globals__.os.system('touch {marker}') }}",
    "{{ lipsum.__globals__['os'].popen('touch {marker}').read() }}",
    "{{ range.__globals__ }}",
    "{{ dict.__base__.__subclasses__() }}",
    "{{ (1).__class__.__base__.__subclasses__() }}",
    "{{ doc_title.__class__.__mro__[1].__subclasses__() }}",
    "{{ ''['__class__'] }}",
    "{{ ''['\\x5f\\x5fclass\\x5f\\x5f'] }}",
    # loop helpers, self, blocks, macros
    "{% for x in [1] %}{{ loop.cycle.__globals__ }}{% endfor %}",
    "{% for x in [1] %}{{ loop.__class__.__init__.__globals__ }}{% endfor %}",
    "{{ self.__init__.__globals__.__builtins__.open('{secret}').read() }}",
    "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.system('touch {marker}') }}",
    "{{ self.__dict__ }}",
    "{% macro m() %}x{% endmacro %}{{ m.__globals__ }}",
    "{% macro m() %}x{% endmacro %}{{ m._func.__globals__ }}",
    # filters
    "{{ ''|attr('__class__')|attr('__mro__') }}",
    "{{ cycler|attr('__init__')|attr('__globals__') }}",
    "{{ (cycler|attr('\\x5f\\x5finit\\x5f\\x5f')) }}",
    "{{ [cycler]|map(attribute='__init__')|list }}",
    "{{ [cycler]|selectattr('__init__')|list }}",
    "{% filter upper %}{{ cycler.__init__.__globals__ }}{% endfilter %}",
    "{% with a = cycler.__init__ %}{{ a.__globals__ }}{% endwith %}",
    # string formatting
    "{{ '{0.__class__.__mro__}'.format('') }}",
    "{{ '{0.__init__.__globals__}'.format(cycler) }}",
    "{{ '{0[os]}'.format(cycler.__init__.__globals__) }}",
    "{{ '%s'|format(cycler.__init__.__globals__) }}",
    "{{ 'x'.format_map }}",
    # framework-style lookups that do not exist here
    "{{ request.application.__globals__.__builtins__.__import__('os').popen('touch {marker}').read() }}",
    "{{ config.__class__.__init__.__globals__['os'].popen('touch {marker}') }}",
    "{{ url_for.__globals__.os.system('touch {marker}') }}",
    "{{ get_flashed_messages.__globals__ }}",
    # mutation of the context
    "{% set x = stylesheets.append('file://{secret}') %}{{ stylesheets }}",
    "{{ labels.update({'page': 'x'}) }}",
    "{{ stylesheets.pop() }}",
    # reading files
    "{% include '{secret}' %}",
    "{% import '{secret}' as s %}",
    "{% include '../../../../../../../../{secret_rel}' %}",
    "{% include 'en/../../../../../../../../{secret_rel}' %}",
    "{% extends '{secret}' %}",
    "{% from '{secret}' import x %}",
    '<link rel="stylesheet" href="file://{secret}"><p>x</p>',
    '<img src="file://{secret}">',
    '<style>@import url("file://{secret}");</style><p>x</p>',
    '<img src="http://127.0.0.1:9/x.png">',
    # resource exhaustion
    "{{ 'x' * 100000000 }}",
    "{{ [1] * 100000000 }}",
    "{{ 2 ** 100000000 }}",
    "{% set a = 10 ** 900 %}{% set b = a * a %}{% set c = b * b %}{% set d = c * c %}{% set e = d * d %}"
    "{% set f = e * e %}{% set g = f * f %}{% set h = g * g %}{{ h * h }}",
    "{{ '%099999999d' % 1 }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ '%*d' % (999999999, 1) }}",
    "{{ 'x'|center(1000000000) }}",
    "{{ 'x'.ljust(1000000000) }}",
    "{{ ('x' * 1000)|replace('x', 'y' * 100000) }}",
    "{{ ('x' * 3000).replace('', 'y' * 3000) }}",
    "{{ [1]|batch(1000000000, 'x')|list }}",
    "{{ ('a\\n' * 100000)|indent(1000) }}",
    "{{ lipsum(100000) }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% for i in 'x' * 4000000 %}{% for j in 'y' * 4000000 %}{% endfor %}{% endfor %}",
    "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
    "{{ ns.s|length }}",
    "{% set s = 'x' * 4000000 %}{% set t = s ~ s %}{{ t|length }}",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "{% macro f(n) %}{{ f(n) ~ f(n) }}{% endmacro %}{{ f(1) }}",
    "{{ ([[1] * 100000] * 100000)|sum(start=[]) }}",
    "{% for x in [1] recursive %}{{ loop(range(99999)) }}{% endfor %}",
]


def _html_look(project, sentinel, payload):
    look = project / "look" / "en"
    look.mkdir(parents=True)
    body = sentinel.fill(payload)
    (look / "contract.html.j2").write_text(f"<html><body><p>start</p>{body}<p>end</p></body></html>")
    (project / "project.yaml").write_text((project / "project.yaml").read_text()
                                          + "\ntemplates:\n  html: look\n")


@pytest.mark.security("templates")
@pytest.mark.parametrize("payload", HTML_PAYLOADS)
def test_html_template_payload_runs_reads_and_writes_nothing(ws, tmp_path, payload):
    sentinel = Sentinel(tmp_path / "sentinel")
    project = en_project(ws)
    _html_look(project, sentinel, payload)
    result = run("render", project, "--doc", "contract", "--format", "pdf,docx,html", ok=None)
    sentinel.assert_untouched()
    if result.exit_code:
        line = one_line_error(result)
        assert SECRET not in line and "<class" not in line
        assert not list((project / "out").glob("*")) if (project / "out").exists() else True
    else:
        text = output_texts(written(result))
        assert not [leak for leak in LEAKS if leak in text]


LETTERHEAD_PAYLOADS = [
    # (where, payload): the objects docxtpl used to hand the template
    ("body", "{{ body.tpl.render({'x': 1}) }}"),
    ("body", "{{ body.subdocx.save('{marker}') }}"),
    ("body", "{{ body.docx.save('{marker}') }}"),
    ("body", "{{ body.__class__.__init__.__globals__ }}"),
    ("body", "{{ body|attr('tpl') }}"),
    ("body", "{{ body.__html__.__globals__ }}"),
    ("body", "{{ '{0.__class__}'.format(body) }}"),
    ("body", "{{ running_head.__class__.__mro__[1].__subclasses__() }}"),
    ("body", "{{ cycler.__init__.__globals__.os.system('touch {marker}') }}"),
    ("body", "{{ lipsum.__globals__.os.system('touch {marker}') }}"),
    ("body", "{% include '{secret}' %}"),
    ("body", "{{ 'x' * 1000000000 }}"),
    ("body", "{{ body.replace('C', 'y' * 10000000) }}"),
    ("body", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"),
    # docxtpl's paragraph, row and run tags
    ("body", "{%p for x in [1] %}{{ loop.cycle.__globals__ }}{%p endfor %}"),
    ("body", "{{r cycler.__init__.__globals__.os.popen('touch {marker}').read() }}"),
    ("body", "{%p set x = joiner.__init__.__globals__.os.system('touch {marker}') %}"),
    ("table", "{{ namespace.__init__.__globals__.os.system('touch {marker}') }}"),
    # headers, footers, document properties
    ("header", "{{ joiner.__init__.__globals__.os.popen('touch {marker}').read() }}"),
    ("header", "{{ self.__init__.__globals__ }}"),
    ("header", "{{ 'x' * 1000000000 }}"),
    ("footer", "{{ running_head.__class__.__base__.__subclasses__() }}"),
    ("footer", "{{ page_label|attr('__class__') }}"),
    ("title", "{{ cycler.__init__.__globals__.os.system('touch {marker}') }}"),
    ("title", "{{ running_head.__class__.__mro__ }}"),
]


def _letterhead(path, where, payload):
    from docx import Document

    doc = Document()
    doc.sections[0].header.paragraphs[0].text = payload if where == "header" else "{{ running_head }}"
    doc.sections[0].footer.paragraphs[0].text = payload if where == "footer" else "{{ page_label }}"
    if where == "title":
        doc.core_properties.title = payload
    if where == "body":
        doc.add_paragraph(payload)
    if where == "table":
        table = doc.add_table(rows=3, cols=1)
        table.cell(0, 0).text = "{%tr for x in [1] %}"
        table.cell(1, 0).text = payload
        table.cell(2, 0).text = "{%tr endfor %}"
    doc.add_paragraph("{{p body }}")
    doc.save(path)


@pytest.mark.security("templates")
@pytest.mark.parametrize(("where", "payload"), LETTERHEAD_PAYLOADS)
def test_docx_letterhead_payload_runs_reads_and_writes_nothing(ws, tmp_path, where, payload):
    sentinel = Sentinel(tmp_path / "sentinel")
    project = en_project(ws)
    _letterhead(project / "letterhead.docx", where, sentinel.fill(payload))
    (project / "project.yaml").write_text((project / "project.yaml").read_text()
                                          + "\ntemplates:\n  docx: letterhead.docx\n")
    result = run("render", project, "--doc", "contract", "--format", "docx", ok=None)
    sentinel.assert_untouched()
    if result.exit_code:
        one_line_error(result)
    else:
        text = output_texts(written(result))
        assert not [leak for leak in LEAKS if leak in text]
        assert "WEB DESIGN AND DEVELOPMENT AGREEMENT" in text


@pytest.mark.security("templates")
def test_letterhead_context_is_plain_strings(ws):
    """What a letterhead sees: str values only, `body` a marker string, no docxtpl object."""
    from docx import Document

    project = en_project(ws)
    doc = Document()
    doc.add_paragraph("{% for k in ['running_head', 'page_label', 'of_label', 'body'] %}"
                      "[{{ k }}={{ 'str' if (running_head ~ '') is string else 'x' }}]{% endfor %}")
    doc.add_paragraph("{{p body }}")
    doc.save(project / "lh.docx")
    (docx,) = written(run("render", project, "--doc", "contract", "--format", "docx",
                          "--template", project / "lh.docx"))
    text = output_texts([docx])
    assert "[body=str]" in text and "Subdoc" not in text


@pytest.mark.security("templates")
def test_letterhead_without_body_or_with_two_is_a_clear_error(ws):
    from docx import Document

    project = en_project(ws)
    for count in (0, 2):
        doc = Document()
        for _ in range(count):
            doc.add_paragraph("{{p body }}")
        doc.save(project / "lh.docx")
        result = run("render", project, "--doc", "contract", "--format", "docx",
                     "--template", project / "lh.docx", ok=False)
        assert f"must place {{{{p body }}}} once in its main text, unchanged (found {count})" in \
            one_line_error(result)


@pytest.mark.security("templates")
def test_docxtpl_never_builds_its_own_jinja_environment(ws, monkeypatch):
    """docxtpl falls back to a plain jinja2.Environment for parts it is not given one for."""
    import docxtpl.template

    def refuse(*args, **kwargs):
        raise AssertionError("docxtpl built an unsandboxed jinja2 Environment")

    monkeypatch.setattr(docxtpl.template, "Environment", refuse)
    monkeypatch.setattr(docxtpl.template, "Template", refuse)
    project = en_project(ws)
    from docx import Document

    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "{{ running_head }}"
    doc.core_properties.title = "{{ running_head }}"
    doc.add_paragraph("{{p body }}")
    doc.save(project / "lh.docx")
    (docx,) = written(run("render", project, "--doc", "contract", "--format", "docx",
                          "--template", project / "lh.docx"))
    assert "Agreement No." in output_texts([docx])


@pytest.mark.security("templates")
@pytest.mark.parametrize("payload", ["{{ 7*7 }}", "{% for x in range(3) %}x{% endfor %}",
                                     "{{ cycler.__init__.__globals__ }}", "{%p if 1 %}", "{{r x }}"])
def test_template_syntax_in_project_data_is_text_in_every_format(ws, payload):
    """Data is never a template: the client's name goes in as text, in DOCX headers too."""
    project = en_project(ws)
    path = project / "project.yaml"
    path.write_text(path.read_text().replace("  name: Blue Harbor Bakery Inc.", f"  name: '{payload}'"))
    text = output_texts(written(run("render", project, "--doc", "contract", "--format", "pdf,docx,html")))
    assert "<class" not in text and "__globals__" not in text.replace(payload, "")


@pytest.mark.security("templates")
def test_ordinary_template_features_still_work_in_the_bounded_sandbox(ws):
    """The bounds stop abuse, not templates: loops, helpers, filters, macros, includes, formats."""
    project = en_project(ws)
    look = project / "look" / "en"
    look.mkdir(parents=True)
    (look / "_part.html.j2").write_text("<p>included {{ title }}</p>")
    (look / "contract.html.j2").write_text(
        "<html><body>"
        "{% set ns = namespace(total=0) %}{% set c = cycler('odd', 'even') %}{% set j = joiner('+') %}"
        "<p>{% for d in figures_lines %}{{ j() }}{{ d }}{% set ns.total = ns.total + 1 %}"
        "{{ '[last]' if loop.last }}{{ c.next() }}{% endfor %} n={{ ns.total }}</p>"
        "<p>{{ items|map(attribute='a')|join(', ') }} | {{ items|sum(attribute='a') }} | "
        "{{ ', '.join(items|map(attribute='a')|map('string')) }} | {{ '%05.1f'|format(3.14159) }} | "
        "{{ '{:>6}'.format('x') }} | {{ 'ab' * 3 }} | {{ 2 ** 10 }} | {{ range(3)|list|length }}</p>"
        "{% macro m(x) %}<b>{{ x|upper }}</b>{% endmacro %}<p>{{ m('macro') }}</p>"
        "{% for x in tree recursive %}{{ x.name }}{% if x.kids is defined %}({{ loop(x.kids) }}){% endif %}{% endfor %}"
        "{% include 'en/_part.html.j2' %}</body></html>")
    from contractkit.render.sandbox import render_template
    from contractkit.resources import TEMPLATES

    html = render_template((project / "look", TEMPLATES), "en", "en/contract.html.j2", {
        "figures_lines": ["a", "b", "c"], "items": [{"a": 1}, {"a": 2}], "title": "T",
        "tree": [{"name": "r", "kids": [{"name": "k1"}, {"name": "k2"}]}]})
    assert "a+b+c[last]" in html.replace("odd", "").replace("even", "") and "n=3" in html
    assert "1, 2 | 3 | 1, 2 | 003.1 |      x | ababab | 1024 | 3" in html
    assert "<b>MACRO</b>" in html and "r(k1k2)" in html and "included T" in html


@pytest.mark.security("templates")
def test_letterhead_with_an_outside_resource_is_refused(ws):
    """A remote attached template or an image by URL would be fetched by Word on the client's side."""
    import zipfile

    from docx import Document

    project = en_project(ws)
    doc = Document()
    doc.add_paragraph("{{p body }}")
    doc.save(project / "plain.docx")
    with zipfile.ZipFile(project / "plain.docx") as src, zipfile.ZipFile(project / "lh.docx", "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/_rels/settings.xml.rels" or item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", (
                    b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/attachedTemplate" Target="http://127.0.0.1:9/t.dotm" TargetMode="External"/>'
                    b"</Relationships>"))
            dst.writestr(item, data)
    result = run("render", project, "--doc", "contract", "--format", "docx", "--template", project / "lh.docx",
                 ok=False)
    assert "links to an outside resource 'http://127.0.0.1:9/t.dotm' (attachedTemplate)" in one_line_error(result)


@pytest.mark.security("templates")
def test_letterhead_zip_bomb_is_refused_before_unpacking(ws):
    import zipfile

    project = en_project(ws)
    with zipfile.ZipFile(project / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * 150_000_000)
    result = run("render", project, "--doc", "contract", "--format", "docx", "--template", project / "bomb.docx",
                 ok=False)
    assert "unpacks to 150,000,0" in one_line_error(result)


ACTIVE_HTML = [
    "<script>alert(1)</script>", "<SCRIPT SRC=http://127.0.0.1:9/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>", "<body onload=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\" java\tscript:alert(1)\">x</a>", "<iframe src=\"http://127.0.0.1:9/\"></iframe>",
    "<object data=\"http://127.0.0.1:9/x.swf\"></object>", "<embed src=\"http://127.0.0.1:9/x\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=http://127.0.0.1:9/\">", "<base href=\"http://127.0.0.1:9/\">",
    "<svg><script>alert(1)</script></svg>", "<form action=\"http://127.0.0.1:9/\"><input></form>",
    "<!--[if IE]><script>alert(1)</script><![endif]-->", "<div style=\"x\" onmouseover=\"alert(1)\">x</div>",
    "<img src=\"file://{secret}\">",
]


@pytest.mark.security("templates")
@pytest.mark.parametrize("payload", ACTIVE_HTML)
def test_html_output_of_a_projects_template_carries_no_active_content(ws, tmp_path, payload):
    """The sandbox keeps a template from running code here; this keeps its HTML from running code
    in the browser of whoever opens the file."""
    sentinel = Sentinel(tmp_path / "sentinel")
    project = en_project(ws)
    _html_look(project, sentinel, payload)
    (html,) = written(run("render", project, "--doc", "contract", "--format", "html"))
    page = open(html, encoding="utf-8").read().lower()
    for active in ("<script", "onerror", "onload", "onmouseover", "javascript", "<iframe", "<object", "<embed",
                   "http-equiv", "<base", "<form", "127.0.0.1", "file://"):
        assert active not in page, active
    assert "<p>start</p>" in page and "<p>end</p>" in page
    sentinel.assert_untouched()


@pytest.mark.security("templates")
def test_a_template_cannot_produce_an_endless_document(ws):
    """Output is counted while it streams: a document over the cap stops with one line."""
    from contractkit.render.sandbox import MAX_OUTPUT

    project = en_project(ws)
    look = project / "look" / "en"
    look.mkdir(parents=True)
    (look / "contract.html.j2").write_text(
        "{% set s = 'x' * 4000000 %}{% for i in range(10) %}{{ s }}{% endfor %}")
    assert 10 * 4_000_000 > MAX_OUTPUT
    result = run("render", project, "--doc", "contract", "--format", "html", "--template", project / "look",
                 ok=False)
    assert f"the document would be over {MAX_OUTPUT:,} characters" in one_line_error(result)


@pytest.mark.security("templates")
@pytest.mark.parametrize("payload", HTML_PAYLOADS[::5])
def test_the_engine_renders_a_projects_template_in_the_same_sandbox(ws, tmp_path, payload):
    """`--format docx` alone: the engine process renders the project's template from the page
    data (render/engine.py). A real command, with the engine and without: the same refusal or the
    same bytes, and nothing run, read or written outside the project either way."""
    import os
    import subprocess
    import sys

    sentinel = Sentinel(tmp_path / "sentinel")
    project = en_project(ws)
    _html_look(project, sentinel, payload)
    seen = []
    for setting in ("1", "0"):
        out = tmp_path / f"out-{setting}"
        result = subprocess.run([sys.executable, "-m", "contractkit", "render", str(project), "--doc",
                                 "contract", "--format", "docx", "--out", str(out)], capture_output=True,
                                text=True, timeout=120, env={**os.environ, "CONTRACTKIT_ENGINE": setting})
        sentinel.assert_untouched()
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        files = {p.name: p.read_bytes() for p in sorted(out.glob("*"))} if out.exists() else {}
        if files:
            assert not [leak for leak in LEAKS if leak in output_texts(sorted(out.glob("*")))]
        seen.append((result.returncode, result.stderr.replace(str(out), "OUT"), files))
    assert seen[0] == seen[1]


PRIVATE = "PRIVATE-NOTE-7f3a"


def _private(project):
    text = (project / "project.yaml").read_text()
    (project / "project.yaml").write_text(f"# {PRIVATE} comment\n{text}\nnotes: {PRIVATE} note\n")


@pytest.mark.security("templates")
def test_the_project_folder_itself_is_never_a_template_folder(ws):
    """templates: {html: .} would let the project's templates read project.yaml (its notes and
    comments) into documents for the client: refused by name, nothing written."""
    project = en_project(ws)
    _private(project)
    (project / "en").mkdir()
    (project / "en" / "contract.html.j2").write_text('<html><body>{% include "project.yaml" %}</body></html>')
    (project / "project.yaml").write_text((project / "project.yaml").read_text() + "templates:\n  html: .\n")
    result = run("render", project, "--doc", "contract", "--format", "pdf,html", ok=False)
    assert "templates.html names the project folder itself" in result.output
    assert not (project / "out").exists() or not any((project / "out").iterdir())


@pytest.mark.security("templates")
@pytest.mark.parametrize("body", [
    '{% include "notes.yaml" %}',                      # a data file beside the templates
    '{% include "en/notes.yaml" %}',
    '<link rel="attachment" href="notes.yaml"><link rel="stylesheet" href="notes.yaml">',
    '<img src="notes.yaml">',
])
def test_a_template_never_reads_a_data_file(ws, body):
    """A look folder holding a copy of the private data: a template can include only templates and
    stylesheets, and the PDF engine fetches only styles, fonts and images."""
    project = en_project(ws)
    _private(project)
    look = project / "look" / "en"
    look.mkdir(parents=True)
    (look / "notes.yaml").write_text(f"budget: {PRIVATE}\n")
    (project / "look" / "notes.yaml").write_text(f"budget: {PRIVATE}\n")
    (look / "contract.html.j2").write_text(f"<html><body><p>start</p>{body}<p>end</p></body></html>")
    (project / "project.yaml").write_text((project / "project.yaml").read_text() + "templates:\n  html: look\n")
    result = run("render", project, "--doc", "contract", "--format", "pdf,html", ok=None)
    made = sorted(str(x) for x in (project / "out").glob("*.*")) if (project / "out").exists() else []
    assert PRIVATE not in result.output
    assert PRIVATE not in output_texts(made)
    if result.exit_code:  # refused by name: a template loads only templates and stylesheets
        one_line_error(result)
        assert ("only .j2, .css, .html files are templates" in result.output
                or "refused to fetch" in result.output), result.output
    else:  # rendered, with the data file left out: the PDF engine fetched nothing of it
        assert any(x.endswith(".pdf") for x in made), result.output
