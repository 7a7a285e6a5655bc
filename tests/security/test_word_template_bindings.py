"""A project's Word template whose text Word shows is not the text contractkit fills in (red team
11, B13): `{{ total|money }}` in a content control bound to a custom XML part saying 1 000 000,00 ₽
(w:dataBinding), or behind an mc:AlternateContent whose Choice holds that literal over a Fallback
with the tag. `check` saw the tag, docxtpl filled it, and the signed PDF stated 1 000 000,00 ₽.
Both are refused in a Word template and a letterhead, in one line naming the part. Since the
allow-list of what a template may hold (render/docxshown.py, test_word_template_shown.py), an
alternative is refused even when its branches hold the same text: which branch a viewer shows is
the viewer's choice, not the renderer's."""

from __future__ import annotations

import zipfile

import pytest

from tests.conftest import EXAMPLES, run
from tests.security.gitfixtures import ck, git_in, one_line_error

pytestmark = pytest.mark.security("docx-templates")

TOTAL = "<w:p><w:r><w:t>{{ total|money }}</w:t></w:r></w:p>"
STORE = "{EF278816-EC6F-A645-907D-7F25AECB1D4A}"
MC = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"')
BOUND = ('<w:p><w:sdt><w:sdtPr><w:dataBinding w:prefixMappings="xmlns:ns0=\'urn:x-price\'" '
         f'w:xpath="/ns0:root[1]/ns0:total[1]" w:storeItemID="{STORE}"/><w:text/></w:sdtPr>'
         '<w:sdtContent><w:r><w:t>{{ total|money }}</w:t></w:r></w:sdtContent></w:sdt></w:p>')
CHOICE = (f'<w:p><mc:AlternateContent {MC}><mc:Choice Requires="w14"><w:r><w:t>1 000 000,00 ₽</w:t></w:r>'
          '</mc:Choice><mc:Fallback><w:r><w:t>{{ total|money }}</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>')
SAME = (f'<w:p><mc:AlternateContent {MC}><mc:Choice Requires="w14"><w:r><w:t>{{{{ total|money }}}}</w:t></w:r>'
        '</mc:Choice><mc:Fallback><w:r><w:t>{{ total|money }}</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>')


def _project(ws, replacement: str):
    run("new", "r", "--from-example", "romashka-site")
    project = ws / "r"
    (project / "lawyer").mkdir()
    source = EXAMPLES / "templates-example" / "ru" / "contract.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(project / "lawyer" / "contract.docx", "w",
                                                        zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                assert TOTAL in text
                data = text.replace(TOTAL, replacement, 1).encode("utf-8")
            elif info.filename == "customXml/item1.xml" and replacement == BOUND:
                data = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
                        '<root xmlns="urn:x-price"><total>1 000 000,00 ₽</total></root>').encode()
            zout.writestr(info, data)
    with (project / "project.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\ntemplates:\n  contract: lawyer/contract.docx\n")
    git_in(project, "add", "-A")
    git_in(project, "commit", "-qm", "Our lawyer's contract")
    return project


@pytest.mark.parametrize(("shape", "said"), [(BOUND, "w:dataBinding"), (CHOICE, "mc:AlternateContent")],
                         ids=["data binding", "alternate content"])
def test_a_template_showing_other_text_than_it_fills_is_refused(ws, shape, said):
    project = _project(ws, shape)
    for args in (("render", project, "--doc", "contract", "--format", "docx"),
                 ("sign", project, "--date", "2026-12-01")):
        output = one_line_error(ck(*args))
        assert "lawyer/contract.docx: the Word template part word/document.xml" in output and said in output, output
    assert not list((project / "out").glob("contract-*")) and "contract" not in git_in(project, "tag")


HIDDEN = ('<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>{{ total|money }}</w:t></w:r>'
          '<w:r><w:t>1 000 000,00 ₽</w:t></w:r></w:p>')
TYPED = "<w:p><w:r><w:t>{{ total|money }}; счёт 4070 2810 9000 0000 0666</w:t></w:r></w:p>"


@pytest.mark.parametrize(("shape", "said"), [(HIDDEN, "hidden text"),
                                             (TYPED, "shows the payment detail 40702810900000000666")],
                         ids=["hidden tag", "typed account"])
def test_a_template_whose_shown_text_is_not_the_deals_is_refused(ws, shape, said):
    project = _project(ws, shape)
    output = one_line_error(ck("render", project, "--doc", "contract", "--format", "docx"))
    assert "lawyer/contract.docx: " in output and said in output, output
    assert not list((project / "out").glob("contract-*"))


def test_alternatives_with_the_same_text_are_refused_too(ws):
    project = _project(ws, SAME)
    output = one_line_error(ck("render", project, "--doc", "contract", "--format", "docx"))
    assert "alternative content (mc:AlternateContent)" in output and "plain text or a PNG picture" in output, output
