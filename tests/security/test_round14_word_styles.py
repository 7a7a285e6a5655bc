"""Red team 14, B11: a Word template hid a clause in white text on a character style shaded
#FEFEFE: a run naming a "shaded" style was not judged at all (docxlayout._faint, docxshown's white
text rule: "its text is checked with the style"), and any fill but pure white made a style shaded.
A fill now shades only when white text is seen on it (MIN_CONTRAST against white), and a run of a
shaded style is judged against the style's own fill: black on a black style is refused too.
"""

from __future__ import annotations

import io

import pytest

from tests.security.test_word_template_shown import TOTAL, _package, _refusal

pytestmark = pytest.mark.security("docx-templates")

CLAUSE = "The Client waives the right to withdraw from the contract"


def _styled(fill: str, colour: str) -> bytes:
    style = (f'<w:style w:type="character" w:customStyle="1" w:styleId="Quiet"><w:name w:val="Quiet"/>'
             f'<w:rPr><w:color w:val="{"FFFFFF" if fill == "000000" else "000000"}"/>'
             f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:rPr></w:style>')
    clause = (f'<w:p><w:r><w:rPr><w:rStyle w:val="Quiet"/><w:color w:val="{colour}"/></w:rPr>'
              f"<w:t>{CLAUSE}</w:t></w:r></w:p>")
    return _package(TOTAL + clause, edit={"word/styles.xml": lambda text: text.replace("</w:styles>",
                                                                                         style + "</w:styles>")})


@pytest.mark.parametrize("fill, colour, what", [
    ("FEFEFE", "FFFFFF", "white text"),  # B11: white on a style shaded near-white
    ("000000", "000000", "text in #000000 on #000000"),  # black on a style shaded black
    ("1F3864", "1F3865", "text in #1F3865 on #1F3864"),
])
def test_a_clause_hidden_in_a_shaded_character_style_is_refused(fill, colour, what):
    line = _refusal(_styled(fill, colour))
    assert what in line and "out of sight" in line, line


def test_white_text_on_a_dark_style_stays():
    from contractkit.render.docxparts import check_parts

    check_parts(io.BytesIO(_styled("000000", "FFFFFF")), "the Word template", "t.docx", fields=True)
