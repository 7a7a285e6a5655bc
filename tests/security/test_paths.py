"""Paths the user types are the user's; paths that come from a project's data stay in the project."""

from __future__ import annotations

import pytest

from tests.security.attack import Sentinel, one_line_error, run, written


@pytest.mark.security("paths")
def test_check_an_absolute_path_from_the_home_directory(ws, tmp_path, monkeypatch):
    elsewhere = tmp_path / "srv" / "clients" / "acme"
    run("new", elsewhere, "--lang", "en")
    monkeypatch.chdir(tmp_path / "home")
    assert "valid" in run("check", elsewhere).output
    assert written(run("render", elsewhere, "--doc", "contract", "--format", "html"))


@pytest.mark.security("paths")
@pytest.mark.parametrize("where", ["/tmp/{name}", "../{name}", "~/{name}", "./sub/../{name}"])
def test_new_anywhere_the_user_says(ws, tmp_path, where, request):
    name = f"ck-{request.node.name[-12:].strip('[]/')}-{tmp_path.name}"
    target = where.format(name=name)
    result = run("new", target, "--lang", "en")
    path = result.output.split()[1].rsplit("/project.yaml", 1)[0]
    try:
        assert "valid" in run("check", path).output
    finally:
        import shutil

        shutil.rmtree(path, ignore_errors=True)


@pytest.mark.security("paths")
def test_out_anywhere_the_user_says(ws, tmp_path):
    run("new", "p", "--lang", "en")
    for out in ("../rendered", str(tmp_path / "abs-out")):
        paths = written(run("render", "p", "--doc", "contract", "--format", "html", "--out", out))
        assert paths and all(p.endswith(".html") for p in paths)
    assert (tmp_path / "rendered").is_dir() and (tmp_path / "abs-out").is_dir()


@pytest.mark.security("paths")
def test_render_all_and_list_default_to_contractkit_home(ws, tmp_path, monkeypatch):
    run("new", "a", "--lang", "en")
    run("new", "b", "--lang", "en")
    monkeypatch.chdir(tmp_path)
    result = run("render", "--all", "--doc", "contract", "--format", "html", "--jobs", "1")
    assert "rendered 2 of 2 project(s)" in result.output
    listing = run("list").output
    assert "a" in listing and "b" in listing
    other = tmp_path / "other"
    other.mkdir()
    run("new", other / "c", "--lang", "en")
    assert "rendered 1 of 1" in run("render", "--all", other, "--format", "html", "--jobs", "1").output


@pytest.mark.security("paths")
@pytest.mark.parametrize(("key", "value"), [
    ("html", "../../.."), ("html", "/etc"), ("html", "{sentinel}"), ("docx", "{sentinel}/lh.docx"),
    ("docx", "../../../../../../../../etc/hostname"), ("html", "look/../../.."),
])
def test_template_paths_in_project_data_stay_inside_the_project(ws, tmp_path, key, value):
    sentinel = Sentinel(tmp_path / "sentinel")
    run("new", "p", "--lang", "en")
    path = ws / "p" / "project.yaml"
    value = value.format(sentinel=sentinel.root)
    path.write_text(path.read_text() + f"\ntemplates:\n  {key}: {value}\n")
    line = one_line_error(run("render", "p", ok=False))
    assert "is outside" in line and f"templates.{key}" in line
    sentinel.assert_untouched()
