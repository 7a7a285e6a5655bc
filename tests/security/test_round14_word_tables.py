"""Red team 14, B15 and B17: a Word template laid a clause out of sight with table geometry, which
no check read: a row of exact height 1 pt (w:trHeight w:hRule="exact") clips the clause it holds,
so it is in the text and nowhere on the page; a floating table (w:tblpPr) is placed over other
text, as a frame (refused) would be. A row may only be "at least" so high, a table does not
float, squeeze its cells' text (w:tcFitText) or stand off the page (w:tblInd).
"""

from __future__ import annotations

import io
import re

import pytest

from tests.security.test_word_template_shown import TOTAL, _package, _refusal

pytestmark = pytest.mark.security("docx-templates")

CLAUSE = "The Client waives the right to withdraw from the contract"


def _table(tbl_pr: str = "", tr_pr: str = "", tc_pr: str = "") -> bytes:
    table = (f"<w:tbl><w:tblPr>{tbl_pr}</w:tblPr><w:tblGrid><w:gridCol w:w=\"5000\"/></w:tblGrid>"
             f"<w:tr><w:trPr>{tr_pr}</w:trPr><w:tc><w:tcPr><w:tcW w:w=\"5000\" w:type=\"dxa\"/>{tc_pr}"
             f"</w:tcPr><w:p><w:r><w:t>{CLAUSE}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>")
    return _package(TOTAL + table + "<w:p/>")


def test_a_clause_in_a_row_of_exact_height_is_refused():
    line = _refusal(_table(tr_pr='<w:trHeight w:val="20" w:hRule="exact"/>'))  # B15: 1 pt
    assert "exact height 1 pt" in line and "cuts off" in line, line


def test_a_row_at_least_so_high_stays():
    from contractkit.render.docxparts import check_parts

    check_parts(io.BytesIO(_table(tr_pr='<w:trHeight w:val="20" w:hRule="atLeast"/>')),
                "the Word template", "t.docx", fields=True)


def test_a_floating_table_is_refused():
    line = _refusal(_table(tbl_pr='<w:tblpPr w:vertAnchor="page" w:horzAnchor="page" w:tblpX="14000" '
                                  'w:tblpY="400"/>'))  # B17
    assert "a floating table" in line, line


def test_a_table_indented_off_the_page_is_refused():
    line = _refusal(_table(tbl_pr='<w:tblInd w:w="-20000" w:type="dxa"/>'))
    assert "a table indented" in line and "off the page" in line, line


def test_a_cell_that_squeezes_its_text_is_refused():
    line = _refusal(_table(tc_pr="<w:tcFitText/>"))
    assert "squeezes its text" in line, line


def _columns(cols: str) -> bytes:
    """The example with its section's columns (<w:cols w:space="720"/>) replaced by `cols`."""
    return _package(edit={"word/document.xml": lambda text: re.sub(r"<w:cols [^>]*/>", cols, text, count=1)})


def test_forty_text_columns_are_refused():
    line = _refusal(_columns('<w:cols w:num="40" w:space="0"/>'))  # B20: a soup of letters
    assert "40 text columns of 0.4 cm, under 3 cm" in line, line


def test_a_narrow_column_of_unequal_ones_is_refused():
    line = _refusal(_columns('<w:cols w:num="2" w:equalWidth="0"><w:col w:w="8000" w:space="100"/>'
                             '<w:col w:w="400"/></w:cols>'))
    assert "under 3 cm" in line, line


def test_two_text_columns_stay():
    _passes(_columns('<w:cols w:num="2" w:space="720"/>'))


def _passes(package: bytes) -> None:
    from contractkit.render.docxparts import check_parts

    check_parts(io.BytesIO(package), "the Word template", "t.docx", fields=True)
