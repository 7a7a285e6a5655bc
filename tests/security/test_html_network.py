"""`render --format html` of a project's own templates: no network load survives in the file (a
stylesheet, @import, image, font, background or prefetch by URL), as the PDF path refuses them.
Whoever opens the file would otherwise tell a third party that, when and where it was opened."""

from __future__ import annotations

import pytest

from tests.security.attack import Sentinel, en_project, run, written
from tests.security.test_templates import _html_look

pytestmark = pytest.mark.security("templates")

LOADS = [
    '<link rel="stylesheet" href="http://127.0.0.1:9/s.css">', '<link rel=stylesheet href=//127.0.0.1:9/s.css>',
    '<link rel="dns-prefetch" href="https://127.0.0.1:9">', '<link rel="preload" href="HTTPS://127.0.0.1:9/f">',
    "<style>@import 'http://127.0.0.1:9/a.css';</style>", '<style>@import url(http://127.0.0.1:9/b.css);</style>',
    "<style>p { background: url('http://127.0.0.1:9/c.png') }</style>",
    "<style>p { background: URL( http://127.0.0.1:9/d.png ) }</style>",
    "<style>p { background: image-set('//127.0.0.1:9/e.png' 1x) }</style>",
    "<style>p { background: u\\72l(http://127.0.0.1:9/f.png) }</style>",
    "<style>@font-face { font-family: x; src: url(https://127.0.0.1:9/g.woff) }</style>",
    '<img src="http://127.0.0.1:9/h.png">', '<img src="  hTTp://127.0.0.1:9/i.png">',
    '<img srcset="a.png 1x, http://127.0.0.1:9/j.png 2x">', '<video poster="http://127.0.0.1:9/k.png"></video>',
    '<audio src="https://127.0.0.1:9/l.mp3"></audio>', '<table background="http://127.0.0.1:9/m.png"></table>',
    '<p style="background:url(http://127.0.0.1:9/n.png)">x</p>',
    '<p style="background-image: url(&quot;https://127.0.0.1:9/o.png&quot;)">x</p>',
    '<a href="https://example.com/" ping="http://127.0.0.1:9/p">x</a>', '<input type="image" src="http://127.0.0.1:9/q">',
]


@pytest.mark.parametrize("payload", LOADS)
def test_html_output_of_a_projects_template_loads_nothing_from_the_network(ws, tmp_path, payload):
    sentinel = Sentinel(tmp_path / "sentinel")
    project = en_project(ws)
    _html_look(project, sentinel, payload)
    (html,) = written(run("render", project, "--doc", "contract", "--format", "html"))
    page = open(html, encoding="utf-8").read().lower()
    assert "127.0.0.1" not in page and "@import" not in page
    assert "<p>start</p>" in page and "<p>end</p>" in page
    sentinel.assert_untouched()


def test_a_plain_link_and_local_fonts_stay(ws, tmp_path):
    sentinel = Sentinel(tmp_path / "sentinel")
    project = en_project(ws)
    # a look places no picture of its own but its logo (red team 12, B05): the link alone here
    _html_look(project, sentinel, '<a href="https://example.com/">site</a>')
    (html,) = written(run("render", project, "--doc", "contract", "--format", "html"))
    page = open(html, encoding="utf-8").read()
    assert 'href="https://example.com/"' in page
