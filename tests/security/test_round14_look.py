"""Red team 14, B13 and B16: a project's own look (its style.css) struck clauses through, so that
they read as deleted on the signed PDF (`text-decoration: line-through`), and made them unreadable
while their words stayed in the PDF's text, the DOCX and every check: letters or words set over
each other (negative `letter-spacing`, `word-spacing`) or a clause shifted over the next one
(`position: relative` with an offset, or a negative margin that pulls the next clauses up over
it). Each is refused; the look's ordinary styling stays.
"""

from __future__ import annotations

import pytest

from tests.conftest import run
from tests.security.test_stated_figures import _look

pytestmark = pytest.mark.security("templates")


@pytest.mark.parametrize(("css", "said"), [
    ("h2 + p + p { text-decoration: line-through; }", "strikes text through"),
    ("h2 + p + p { text-decoration-line: underline line-through; }", "strikes text through"),
    ("h2 + p + p { letter-spacing: -0.55em; }", "letter-spacing"),
    ("h2 + p + p { word-spacing: -2em; }", "word-spacing"),
    ("h2 + p + p { position: relative; top: 12pt; }", "relative offset"),
    ("h2 + p + p { max-height: 0; margin-bottom: -3em; }", "prints text over other text"),
    ("h2 + p + p { margin-bottom: -2.5em; }", "prints text over other text"),
], ids=["line-through", "text-decoration-line", "letter-spacing", "word-spacing", "relative-offset",
        "zero-height-negative-margin", "negative-margin"])
def test_a_look_that_strikes_or_overprints_clauses_is_refused(ws, css, said):
    project = _look(ws, "s", css=css)
    output = run("render", project, "--doc", "contract", "--format", "pdf", ok=False).output
    assert "template ru/contract.html.j2: refused: its look" in output and said in output, output
    assert not list((project / "out").glob("contract-*.pdf")) if (project / "out").exists() else True


def test_a_looks_underline_and_slight_spacing_stay(ws):  # control: ordinary styling is taken
    project = _look(ws, "o", css="h2 { text-decoration: underline; letter-spacing: 0.02em; }\n"
                                 "p { letter-spacing: -0.01em; position: relative; line-height: 0.9; }\n"
                                 "h2 + p { margin-bottom: -0.2em; }\n")
    run("render", project, "--doc", "contract", "--format", "pdf")
