"""Red team 14, B12 and B18: a run's colour was judged by w:val alone, while Word draws its
w:themeColor (ECMA-376-1 17.3.2.6: the theme colour supersedes val; themeTint lightens it), so
`val="000000" themeColor="background2"` is #EEECE1 on white in the client's DOCX; and white text
on a pct90 white-over-black pattern was judged against the black fill, while the page shows the
mix (#E6E6E6). Now a theme colour is resolved through the package's theme (and tinted), a pattern's
colour is mixed over its fill, and a colour mapping other than Word's own is refused.
"""

from __future__ import annotations

import io

import pytest

from tests.security.test_word_template_shown import _package, _refusal

pytestmark = pytest.mark.security("docx-templates")

CLAUSE = "The Client waives the right to withdraw from the contract"


def _clause(rpr: str, edit=None) -> bytes:
    return _package("<w:p><w:r><w:t>{{ total|money }}</w:t></w:r></w:p>"
                    f"<w:p><w:r><w:rPr>{rpr}</w:rPr><w:t>{CLAUSE}</w:t></w:r></w:p>", edit=edit)


def _passes(package: bytes) -> None:
    from contractkit.render.docxparts import check_parts

    check_parts(io.BytesIO(package), "the Word template", "t.docx", fields=True)


def test_a_theme_colour_word_draws_light_is_refused():
    line = _refusal(_clause('<w:color w:val="000000" w:themeColor="background2"/>'))  # B12
    assert "text in #EEECE1 on #FFFFFF" in line, line  # the example's theme: lt2 = EEECE1


def test_a_theme_slot_the_template_sets_white_is_refused():
    def whiten(text: str) -> str:
        start = text.index("<a:accent1>")
        end = text.index("</a:accent1>")
        return text[:start] + '<a:accent1><a:srgbClr val="FFFFFF"/>' + text[end:]

    line = _refusal(_clause('<w:color w:val="000000" w:themeColor="accent1"/>',
                            edit={"word/theme/theme1.xml": whiten}))
    assert "text in #FFFFFF on #FFFFFF" in line, line


def test_a_theme_colour_tinted_to_white_is_refused():
    line = _refusal(_clause('<w:color w:val="000000" w:themeColor="text1" w:themeTint="0D"/>'))
    assert "text in #F2F2F2" in line, line


def test_a_colour_mapping_that_draws_text_as_the_background_is_refused():
    package = _package(edit={"word/settings.xml": lambda text: text.replace('w:t1="dark1"', 'w:t1="light1"')})
    assert "a theme colour mapping that draws t1 as light1" in _refusal(package)


def test_ordinary_theme_colours_stay():
    _passes(_clause('<w:color w:val="1F497D" w:themeColor="text2"/>'))
    _passes(_clause('<w:color w:val="404040" w:themeColor="text1" w:themeTint="BF"/>'))


def test_white_text_on_a_mostly_white_pattern_is_refused():
    line = _refusal(_clause('<w:color w:val="FFFFFF"/><w:shd w:val="pct90" w:color="FFFFFF" '
                            'w:fill="000000"/>'))  # B18
    assert "out of sight" in line and ("#E6E6E6" in line or "white text" in line), line
    line = _refusal(_clause('<w:color w:val="F8F8F8"/><w:shd w:val="pct90" w:color="FFFFFF" '
                            'w:fill="000000"/>'))
    assert "text in #F8F8F8 on #E6E6E6" in line, line


def test_text_on_a_light_pattern_stays():
    _passes(_clause('<w:color w:val="000000"/><w:shd w:val="pct10" w:color="auto" w:fill="FFFFFF"/>'))


def test_white_text_on_a_theme_fill_word_draws_white_is_refused():
    line = _refusal(_clause('<w:color w:val="EEEEEE"/><w:shd w:val="clear" w:color="auto" w:fill="000000" '
                            'w:themeFill="background1"/>'))
    assert "text in #EEEEEE on #FFFFFF" in line, line
