"""Red team 14, B15 and B17: a Word template hid a clause in a table row of exact height 1 pt (Word
and LibreOffice clip the row: the clause is in the text, nowhere on the page), and floated a table
(`w:tblpPr`) over the running head, as a frame would (frames are refused). Table geometry is now
checked as paragraph geometry is: an exact row under a line holding text, a floating table, text
squeezed into a cell (`w:tcFitText`) and a table indented off the page are refused.
"""

from __future__ import annotations

import io

import pytest

from tests.security.test_word_template_shown import TOTAL, _package, _refusal

pytestmark = pytest.mark.security("docx-templates")

CLAUSE = "<w:p><w:r><w:t>The Client waives the right to withdraw from the contract</w:t></w:r></w:p>"


def _table(tbl_pr: str = "", tr_pr: str = "", tc_pr: str = "", cell: str = CLAUSE) -> str:
    return (f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/>{tbl_pr}</w:tblPr><w:tblGrid><w:gridCol w:w="9000"/>'
            f"</w:tblGrid><w:tr><w:trPr>{tr_pr}</w:trPr><w:tc><w:tcPr><w:tcW w:w=\"9000\" w:type=\"dxa\"/>"
            f"{tc_pr}</w:tcPr>{cell}</w:tc></w:tr></w:tbl>")


CASES = {
    "a 1 pt row": (_table(tr_pr='<w:trHeight w:val="20" w:hRule="exact"/>'), "a table row of exactly 1 pt"),
    "a floating table": (_table('<w:tblpPr w:vertAnchor="page" w:horzAnchor="page" w:tblpX="14000" '
                                'w:tblpY="400"/>'), "a floating table (w:tblpPr)"),
    "text fitted into a cell": (_table(tc_pr="<w:tcFitText/>"), "text squeezed into a cell's width"),
    "a table off the page": (_table('<w:tblInd w:w="-20000" w:type="dxa"/>'), "a table indented -35.3 cm"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_table_that_hides_or_moves_a_clause_is_refused(case):
    table, what = CASES[case]
    line = _refusal(_package(TOTAL + table + "<w:p/>"))
    assert what in line and line.startswith("t.docx: the Word template part word/document.xml"), line


def test_ordinary_rows_stay():
    """A row of exact height a line or more, and an empty spacer row of 1 pt, are a lawyer's tables."""
    from contractkit.render.docxparts import check_parts

    tables = (_table(tr_pr='<w:trHeight w:val="400" w:hRule="exact"/>')
              + "<w:p/>" + _table(tr_pr='<w:trHeight w:val="20" w:hRule="exact"/>', cell="<w:p/>") + "<w:p/>")
    check_parts(io.BytesIO(_package(TOTAL + tables)), "the Word template", "t.docx", fields=True)
