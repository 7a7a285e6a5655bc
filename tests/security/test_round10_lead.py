"""Red team round 10, fixed by the lead: B9 (a project's look brings a font that draws other
digits than the text holds)."""

import base64
from pathlib import Path

import git
import pytest

from contractkit.resources import TEMPLATES
from tests.conftest import run

SERIF = TEMPLATES / "fonts" / "LiberationSerif-Regular.ttf"


def _lying_font(target: Path) -> None:
    """The bundled serif's digits alone (a few kilobytes: small enough for a data: URL under the
    CSS bound), with "2" and "9" drawn as each other (its cmap swapped): the text layer says
    40802810…, the page shows 40809810…"""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(SERIF))
    cutter = subset.Subsetter()
    cutter.populate(text="0123456789")
    cutter.subset(font)
    for table in font["cmap"].tables:
        mapping = dict(table.cmap)
        if ord("2") in mapping and ord("9") in mapping:
            mapping[ord("2")], mapping[ord("9")] = table.cmap[ord("9")], table.cmap[ord("2")]
        table.cmap = mapping
    font.save(str(target))


def _look(project: Path, css: str, files: dict[str, bytes] | None = None) -> None:
    look = project / "look"
    look.mkdir()
    (look / "style.css").write_text(css, encoding="utf-8")
    for name, data in (files or {}).items():
        (look / name).write_bytes(data)
    with open(project / "project.yaml", "a", encoding="utf-8") as handle:
        handle.write("templates:\n  html: look\n")
    with git.Repo(project) as repo:
        repo.git.add("-A")
        repo.index.commit("house style")


CELL = 'table.grid td { font-family: "CK Serif 2"; }\nh1, p { font-family: "CK Serif 2"; }\n'


@pytest.mark.parametrize("how", ["file", "renamed", "data-url"])
def test_a_font_from_the_project_is_refused_in_one_line_and_nothing_is_written(ru_project, tmp_path, how):
    made = tmp_path / "serif2.ttf"
    _lying_font(made)
    data = made.read_bytes()
    assert len(data) < 20_000
    if how == "file":
        _look(ru_project, '@font-face { font-family: "CK Serif 2"; src: url("serif2.ttf"); }\n' + CELL,
              {"serif2.ttf": data})
    elif how == "renamed":  # a font loader takes it whatever it is called
        _look(ru_project, '@font-face { font-family: "CK Serif 2"; src: url("extra.css"); }\n' + CELL,
              {"extra.css": data})
    else:
        url = "data:font/ttf;base64," + base64.b64encode(data).decode()
        _look(ru_project, f'@font-face {{ font-family: "CK Serif 2"; src: url("{url}"); }}\n' + CELL)
    out = run("render", ru_project, "--doc", "contract", "--format", "pdf", ok=False).output
    assert "refused the font" in out and "only the bundled fonts may be used" in out, out
    assert len(out.strip().splitlines()) <= 2 and "Traceback" not in out  # the error and its hint
    assert not list((ru_project / "out").glob("contract-*.pdf")) if (ru_project / "out").exists() else True


def test_a_byte_identical_copy_of_a_bundled_font_may_be_named_in_a_look(ru_project):
    """The control: the same CSS with an unaltered copy of the bundled serif renders."""
    _look(ru_project, '@font-face { font-family: "CK Serif 2"; src: url("serif.ttf"); }\n' + CELL,
          {"serif.ttf": SERIF.read_bytes()})
    run("render", ru_project, "--doc", "contract", "--format", "pdf")
    assert list((ru_project / "out").glob("contract-*.pdf"))


def test_the_sheet_the_client_approves_and_the_page_show_every_term_a_change_edits(ru_project):
    """An approval counts only for what the client saw: a change that also zeroes the warranty and
    raises the hourly rate printed the very sheet of a title-only change, so an e-mail approval of
    that sheet covered terms it never showed (red team 10, B10). The sheet lists each, old and
    new; the page names the sections."""
    from tests.readback import normal, pdf_pages

    run("sign", ru_project, "--date", "2026-12-01")
    text = (ru_project / "project.yaml").read_text(encoding="utf-8")
    for old, new in (("  warranty_months: 3", "  warranty_months: 0"),
                     ("  hourly_rate: 2000 ", "  hourly_rate: 9000 ")):
        assert old in text
        text = text.replace(old, new, 1)
    (ru_project / "project.yaml").write_text(text, encoding="utf-8")
    run("change", ru_project, "-m", "Другие условия", "--requested-on", "2026-12-10", "--estimate")
    sheet = normal(" ".join(pdf_pages(str(next((ru_project / "out").glob("cr-001-*.pdf"))))))
    assert "Условия Договора, warranty months: 0 (вместо 3)." in sheet
    assert "Условия оплаты, hourly rate: 9000 (вместо 2000)." in sheet
    run("publish", ru_project, "--out", ru_project.parent / "public")
    page = (ru_project.parent / "public" / "index.html").read_text(encoding="utf-8")
    assert "также изменяются: условия оплаты, условия договора" in page
