"""Red team 14, B14: a Word template struck the price clause through (w:strike): on paper a struck
clause reads as deleted by agreement, while the text and every check hold it in force. Struck-through
text (w:strike, w:dstrike), direct or from a style, is refused as hidden text is.
"""

from __future__ import annotations

import io

import pytest

from tests.security.test_word_template_shown import _package, _refusal

pytestmark = pytest.mark.security("docx-templates")

PRICE = "<w:p><w:r><w:rPr>{}</w:rPr><w:t>{{{{ total|money }}}}</w:t></w:r></w:p>"


@pytest.mark.parametrize("mark", ["<w:strike/>", '<w:dstrike w:val="1"/>', '<w:strike w:val="true"/>'])
def test_a_struck_price_is_refused(mark):
    line = _refusal(_package(PRICE.format(mark)))
    assert "struck through" in line and "reads as deleted" in line, line


def test_a_style_that_strikes_is_refused():
    style = ('<w:style w:type="character" w:customStyle="1" w:styleId="Gone"><w:name w:val="Gone"/>'
             "<w:rPr><w:strike/></w:rPr></w:style>")
    package = _package(PRICE.format('<w:rStyle w:val="Gone"/>'), edit={
        "word/styles.xml": lambda text: text.replace("</w:styles>", style + "</w:styles>")})
    assert "struck through" in _refusal(package)


def test_strike_turned_off_stays():
    from contractkit.render.docxparts import check_parts

    check_parts(io.BytesIO(_package(PRICE.format('<w:strike w:val="0"/>'))), "the Word template", "t.docx",
                fields=True)
