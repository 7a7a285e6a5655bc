"""Class 1, templates run code, after the sandbox: a project's own HTML template whose output ties
up the PDF engine (thousands of floats, nested flex boxes, elements nested past Python's recursion
limit, megabytes of CSS) is refused before layout with one line naming the template; layout itself
runs under a CPU alarm; nothing is written. The guard and `clone` re-render a pushed signature tag
with the project's templates, so a tag carrying such a template is refused there too, not hung."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from contractkit.render import layoutbounds as lb
from tests.security.attack import en_project, one_line_error, run
from tests.security.gitfixtures import ck, git_in, machine
from tests.security.gitfixtures import one_line_error as refused_line

pytestmark = pytest.mark.security("templates")

FLOAT = '<div style="float:left;width:.1mm;height:.1mm"></div>'
HOSTILE = {
    "floats inline": (f"{{% for i in range({lb.MAX_FLOATS + 1}) %}}{FLOAT}{{% endfor %}}",
                      "floated or positioned elements"),
    "floats by a class, escaped": (f'<style>.f{{fl\\6f at:left}}</style>'
                                   f'{{% for i in range({lb.MAX_FLOATS + 1}) %}}<i class="f">x</i>{{% endfor %}}',
                                   "floated or positioned elements"),
    "positioned in @media": (f'<style>@media print {{ p {{ position: absolute }} }}</style>'
                             f'{{% for i in range({lb.MAX_FLOATS + 1}) %}}<p>x</p>{{% endfor %}}',
                             "floated or positioned elements"),
    "floats from the look's own style.css": (f'{{% for i in range({lb.MAX_FLOATS + 1}) %}}<b>x</b>{{% endfor %}}',
                                             "floated or positioned elements"),
    "elements": (f"{{% for i in range({lb.MAX_ELEMENTS}) %}}<p>x</p>{{% endfor %}}", f"more than {lb.MAX_ELEMENTS:,} elements"),
    "nesting": (f"{{% for i in range({lb.MAX_DEPTH}) %}}<div>{{% endfor %}}x", f"more than {lb.MAX_DEPTH} deep"),
    "nesting by self-closed divs": (f"{{% for i in range({lb.MAX_DEPTH}) %}}<div/>{{% endfor %}}x",
                                    f"more than {lb.MAX_DEPTH} deep"),
    "nested flex": (f'{{% for i in range({lb.MAX_FLEX_DEPTH + 1}) %}}<div style="display:flex">{{% endfor %}}x',
                    "flex boxes"),
    "css": (f"<style>p {{ color: red }}{{{{ ' ' * {lb.MAX_CSS} }}}}</style><p>x</p>", "CSS is over"),
    "css imported by the look's style.css": ("<p>x</p>", "CSS is over"),
}
STYLE = {"css imported by the look's style.css": '@import "big.css";\n'}
"""The look's own style.css, where a case needs one (else it floats every <b>)."""


def _look(project, body: str, style: str = "b { float: right }\n"):
    look = project / "look" / "en"
    look.mkdir(parents=True, exist_ok=True)
    (look / "contract.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block body %}<p>start {{ total|money(currency) }}</p>' + body + "{% endblock %}")
    (project / "look" / "style.css").write_text(style)
    (project / "look" / "big.css").write_text("p { color: red }\n" + " " * lb.MAX_CSS)
    text = (project / "project.yaml").read_text()
    if "templates:" not in text:
        (project / "project.yaml").write_text(text + "\ntemplates:\n  html: look\n")


def _nothing_written(project) -> None:
    assert not (project / "out").exists() or not any((project / "out").iterdir())


@pytest.mark.parametrize("name", HOSTILE)
def test_a_template_whose_output_would_tie_up_layout_is_refused_before_it(ws, name):
    body, words = HOSTILE[name]
    project = en_project(ws)
    _look(project, body, STYLE.get(name, "b { float: right }\n"))
    result = run("render", project, "--doc", "contract", "--format", "pdf,docx,html", ok=False)
    line = one_line_error(result)
    assert line.startswith("error: template look/en/contract.html.j2: refused: "), line
    assert words in line, line
    _nothing_written(project)


@pytest.mark.parametrize("name", HOSTILE)
def test_a_pdf_made_alone_is_refused_the_same_on_the_engines_own_parse(ws, name):
    """`--format pdf` alone: the bounds are checked on the tree weasyprint builds for the layout
    (render/pdf.py), not on a parse of the command's own; the same line, nothing written."""
    body, words = HOSTILE[name]
    project = en_project(ws)
    _look(project, body, STYLE.get(name, "b { float: right }\n"))
    line = one_line_error(run("render", project, "--doc", "contract", "--format", "pdf", ok=False))
    assert line.startswith("error: template look/en/contract.html.j2: refused: "), line
    assert words in line, line
    _nothing_written(project)


def test_a_pdf_made_alone_parses_its_html_once(ws, monkeypatch):
    """The command does not parse a PDF's HTML for the bounds: weasyprint's parse is checked."""
    project = en_project(ws)
    _look(project, f"{{% for i in range({lb.MAX_FLOATS - 10}) %}}{FLOAT}{{% endfor %}}")
    checked = []
    real = lb.refuse
    monkeypatch.setattr(lb, "_parse", lambda html: pytest.fail("the HTML was parsed a second time"))
    monkeypatch.setattr(lb, "refuse", lambda *args: checked.append(args[2]) or real(*args))
    run("render", project, "--doc", "contract", "--format", "pdf")
    assert checked == ["look/en/contract.html.j2"]
    assert [p.suffix for p in (project / "out").iterdir()] == [".pdf"]


def test_a_pdf_made_alone_is_refused_by_the_engine_process_too(ws, tmp_path):
    """The same refusal when the PDF engine process (render/engine.py) checks the bounds."""
    project = en_project(ws)
    _look(project, HOSTILE["floats by a class, escaped"][0])
    seen = []
    for engine in ("1", "0"):
        out = tmp_path / f"out-{engine}"
        result = _cli(project, out, "--format", "pdf", env={"CONTRACTKIT_ENGINE": engine})
        assert result.returncode not in (0, 70) and "Traceback" not in result.stderr, result.stderr
        assert not out.exists() or not any(out.iterdir())
        seen.append(result.stderr)
    assert seen[0] == seen[1]
    assert seen[0].startswith("error: template look/en/contract.html.j2: refused: the document has more "
                              f"than {lb.MAX_FLOATS} floated or positioned elements"), seen[0]


def test_the_same_template_under_every_bound_renders(ws):
    """Just under each bound: rendered as before (the bounds are far above real documents)."""
    project = en_project(ws)
    _look(project, f"{{% for i in range({lb.MAX_FLOATS - 10}) %}}{FLOAT}{{% endfor %}}"
                   f"{{% for i in range({lb.MAX_DEPTH - 12}) %}}<div>{{% endfor %}}deep"
                   f"{{% for i in range({lb.MAX_FLEX_DEPTH}) %}}<div style='display:flex'>{{% endfor %}}flex")
    run("render", project, "--doc", "contract", "--format", "pdf,html")
    assert {p.suffix for p in (project / "out").iterdir()} == {".pdf", ".html"}


def _cli(project, out, *args, env):
    return subprocess.run([sys.executable, "-m", "contractkit", "render", str(project), "--doc", "contract",
                           "--out", str(out), *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **env}, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("engine", ["1", "0"])
@pytest.mark.parametrize("formats", ["pdf", "docx"])
def test_layout_runs_under_the_cpu_alarm_with_the_engine_and_without(ws, tmp_path, engine, formats):
    """A document within every bound but slow to lay out (a few thousand paragraphs, under a
    lowered limit): one line naming the template, in the engine process and in the command."""
    project = en_project(ws)
    _look(project, "{% for i in range(3000) %}<p>paragraph {{ i }}</p>{% endfor %}")
    out = tmp_path / "out"
    result = _cli(project, out, "--format", formats,
                  env={"CONTRACTKIT_ENGINE": engine, "CONTRACTKIT_LAYOUT_SECONDS": "0.05"})
    lines = [x for x in result.stderr.splitlines() if x.strip()]
    assert result.returncode not in (0, 70), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert lines[0] == ("error: template look/en/contract.html.j2: refused: laying the document out "
                        "took more than 0.05 s of CPU time"), result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_an_engine_only_docx_names_the_template_too(ws, tmp_path):
    """`--format docx` alone: the engine renders the template from the page data and checks it."""
    project = en_project(ws)
    _look(project, HOSTILE["nesting"][0])
    seen = []
    for engine in ("1", "0"):
        result = _cli(project, tmp_path / f"out-{engine}", "--format", "docx", env={"CONTRACTKIT_ENGINE": engine})
        assert result.returncode not in (0, 70) and "internal error" not in result.stderr, result.stderr
        seen.append(result.stderr)
        assert not (tmp_path / f"out-{engine}").exists() or not any((tmp_path / f"out-{engine}").iterdir())
    assert seen[0] == seen[1]
    assert f"template look/en/contract.html.j2: refused: the document nests elements more than {lb.MAX_DEPTH} deep" \
        in seen[0]


def test_recursion_in_the_pdf_engine_is_one_line_naming_the_template():
    """Behind the depth bound: a RecursionError in layout is a refusal, not a crash."""
    from datetime import datetime, timezone

    from contractkit.errors import RenderError
    from contractkit.render.pdf import render_pdf
    from contractkit.resources import TEMPLATES

    deep = "<html><body>" + "<div>" * 600 + "x" + "</div>" * 600 + "</body></html>"
    stamp = datetime(2026, 12, 1, tzinfo=timezone.utc)
    with pytest.raises(RenderError, match=r"^template look/en/x\.html\.j2: refused: the document nests too deeply"):
        render_pdf(deep, TEMPLATES, (TEMPLATES,), attachment=None, attachment_name="data.json", stamp=stamp,
                   source="look/en/x.html.j2")


def _hostile_tag(project, body: str) -> None:
    """A teammate adds a look whose addendum and contract templates tie up layout, a hand-made
    addendum record that matches the project file, and an annotated tag: what a push can carry."""
    from tests.security.test_forgery import _forged_record

    look = project / "look" / "en"
    look.mkdir(parents=True, exist_ok=True)
    for name in ("addendum.html.j2", "contract.html.j2"):
        (look / name).write_text('{% extends "base.html.j2" %}{% block body %}' + body + "{% endblock %}")
    text = (project / "project.yaml").read_text() + "\ntemplates:\n  html: look\n"
    (project / "project.yaml").write_text(text)
    record = _forged_record().replace(b"0" * 64, hashlib.sha256(text.encode()).hexdigest().encode())
    from contractkit.store import records

    (project / records.signature_path("addendum-1")).write_bytes(record)
    git_in(project, "add", "-A")
    git_in(project, "commit", "-qm", "Sign addendum 1")
    git_in(project, "tag", "-a", "addendum-1", "-m", "Signed addendum 1")


def test_clone_refuses_a_tag_whose_templates_tie_up_layout(team, ws, tmp_path):
    _, b = team
    _hostile_tag(b, HOSTILE["nesting"][0])
    git_in(b, "push", "-q", "origin", "HEAD:main", "addendum-1")
    output = refused_line(ck("clone", ws / "origin.git", ws / "c", env=machine(tmp_path, "c")))
    assert "the remote's tag addendum-1: its documents cannot be rendered again" in output
    # the signed look is read from the tag into a private folder, which the message names
    assert "/en/contract.html.j2" in output and f"nests elements more than {lb.MAX_DEPTH} deep" in output
    assert "the clone was not kept" in output
    assert not (ws / "c").exists()


def test_the_guard_refuses_a_tag_whose_templates_tie_up_layout(team, ws):
    a, _ = team
    installed = ck("guard", "--install", ws / "origin.git")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    _hostile_tag(a, HOSTILE["floats inline"][0])
    pushed = subprocess.run(["git", "-C", str(a), "push", "origin", "HEAD:main", "addendum-1"],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False, timeout=300)
    output = pushed.stdout + pushed.stderr
    assert pushed.returncode != 0, output
    assert "contractkit guard: refused:" in output and "Traceback" not in output, output
    assert "refs/tags/addendum-1: addendum-1: its documents cannot be rendered again" in output, output
    assert "floated or positioned elements" in output, output
    assert "addendum-1" not in git_in(a, "ls-remote", "--tags", "origin")
