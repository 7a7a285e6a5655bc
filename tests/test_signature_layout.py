"""A signature block never splits across pages and never opens a page alone (PDF and DOCX).

ГК РФ ст. 160 п. 1: a written transaction is signed by the persons making it; a page that carries
only the names, or only the lines, invites the question what was signed. The block keeps with the
last clause before it: `table.signatures` in style.css, keep-with-next and cantSplit in the DOCX.
"""

import docx
import pytest
from docx.oxml.ns import qn

from contractkit.load import parse_project
from contractkit.render.documents import render_documents
from contractkit.render.look import look_for
from tests.conftest import EXAMPLES
from tests.readback import normal, pdf_pages

RU1 = (EXAMPLES / "romashka-site" / "project.yaml").read_text(encoding="utf-8")
ANCHOR = "    - Форма заявки с отправкой на электронную почту Заказчика\n"
LINE = "    - Требование {} к результату, которое занимает целую строку текста в техническом задании\n"


def _scope(tmp_path, extra: int, fmt: str):
    text = RU1.replace(ANCHOR, ANCHOR + "".join(LINE.format(i) for i in range(extra)))
    project = parse_project(text)
    (name, data), = render_documents(project, tmp_path, True, ["scope"], [fmt],
                                     look_for(project, tmp_path)).items()
    path = tmp_path / f"{extra}-{name}"
    path.write_bytes(data)
    return path


# Each extra requirement is one line: across these lengths the block meets a page end somewhere.
@pytest.mark.parametrize("extra", range(0, 30, 3))
def test_pdf_signature_block_stays_on_one_page_with_the_last_clause(tmp_path, extra):
    pages = [normal(p) for p in pdf_pages(_scope(tmp_path, extra, "pdf"))]
    lines = [i for i, p in enumerate(pages) if "/ А. В. Соколов /" in p]
    assert len(lines) == 1
    page = pages[lines[0]]
    # The whole block is on that page: labels, position, names, lines.
    block = page[page.rindex("Заказчик Исполнитель"):]
    assert "Генеральный директор" in block and "ООО «Ромашка»" in block and "/ М. С. Кузнецова /" in block
    # ...and not alone: the annex's last text (the feedback/materials clause) precedes it there.
    body = page[:page.rindex("Заказчик Исполнитель")]
    assert len(body.split("Договор № 2026-031 от 1 декабря 2026 г.", 1)[-1].strip()) > 40


def test_docx_signature_block_keeps_together_and_with_the_clause_before(tmp_path):
    document = docx.Document(str(_scope(tmp_path, 12, "docx")))
    body = [x for x in document.element.body if x.tag in (qn("w:p"), qn("w:tbl"))]
    tables = [i for i, x in enumerate(body) if x.tag == qn("w:tbl") and "/ А. В. Соколов /" in
              normal("".join(t.text or "" for t in x.iter(qn("w:t"))))]
    assert len(tables) == 1
    table, before = body[tables[0]], body[tables[0] - 1]
    assert before.tag == qn("w:p") and before.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
    for row in table.iter(qn("w:tr")):
        assert row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
        for p in row.iter(qn("w:p")):
            assert p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
