"""Red team 14, B19: a Word template numbered the paragraph that prints the total with a list whose
label "%1" is followed by nothing (w:suff w:val="nothing"): the label is glued to the sum and the
contract showed "Итого 1243 500,00 ₽" for a deal of 243 500,00 ₽ (a figure shown that is not the
deal's; Civil Code of the Russian Federation art. 424: the price is the one the parties agreed).
A list number is followed by a tab or a space; only a bullet, or no label, may be followed by nothing.
"""

from __future__ import annotations

import io

import pytest

from tests.security.test_word_template_shown import TOTAL, _package, _refusal

pytestmark = pytest.mark.security("docx-templates")


def _numbered(fmt: str, suffix: str) -> bytes:
    level = (f'<w:abstractNum w:abstractNumId="77"><w:multiLevelType w:val="singleLevel"/>'
             f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
             f'<w:suff w:val="{suffix}"/><w:lvlText w:val="{"%1" if fmt != "bullet" else "-"}"/>'
             f'<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>')
    num = '<w:num w:numId="77"><w:abstractNumId w:val="77"/></w:num>'

    def numbering(text: str) -> str:
        first = text.index("<w:abstractNum ")
        return text[:first] + level + text[first:].replace("</w:numbering>", num + "</w:numbering>")

    total = ('<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="77"/></w:numPr></w:pPr>'
             "<w:r><w:t>{{ total|money }}</w:t></w:r></w:p>")
    return _package(total, edit={"word/numbering.xml": numbering})


@pytest.mark.parametrize("fmt", ["decimal", "upperRoman", "decimalZero"])
def test_a_list_number_glued_to_the_total_is_refused(fmt):
    line = _refusal(_numbered(fmt, "nothing"))
    assert "a list number followed by nothing" in line and "glued" in line, line


@pytest.mark.parametrize("fmt, suffix", [("decimal", "space"), ("decimal", "tab"), ("bullet", "nothing")])
def test_a_list_number_set_apart_stays(fmt, suffix):
    from contractkit.render.docxparts import check_parts

    assert TOTAL  # the example's total paragraph is what _numbered replaces
    check_parts(io.BytesIO(_numbered(fmt, suffix)), "the Word template", "t.docx", fields=True)


def test_digits_glued_before_a_sum_are_read_as_one_figure():
    """The read-back of the laid-out page: "1243 500,00" is one figure, not 500,00 after a label."""
    from decimal import Decimal

    from contractkit.errors import RenderError
    from contractkit.render.statedsums import Expected, check

    deal = Expected(frozenset({Decimal("243500.00"), Decimal("500.00")}), (), "contract.docx")
    check("Итого 243 500,00 ₽\n01.12.2026 121 750,00 ₽", "ru",
          Expected(deal.allowed | {Decimal("121750.00")}, (), "contract.docx"))
    with pytest.raises(RenderError) as caught:
        check("Итого 1243 500,00 ₽", "ru", deal, "the PDF: ")
    assert "1 243 500,00" in str(caught.value), caught.value


@pytest.mark.parametrize("mark", ["<w:pgNum/>", "<w:footnoteRef/>", "<w:endnoteRef/>"])
def test_a_number_word_prints_before_the_total_is_refused(mark):
    """Red team 14's lead: <w:r><w:pgNum/></w:r> before the total, ignored by LibreOffice, printed by
    Word: "1243 500,00 ₽" in the client's DOCX (B19's effect)."""
    line = _refusal(_package(f"<w:p><w:r>{mark}</w:r><w:r><w:t>{{{{ total|money }}}}</w:t></w:r></w:p>"))
    assert "a number Word prints in the text" in line, line
