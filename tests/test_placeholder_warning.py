"""The FILL warning after a render, which skips parsing project.yaml again when no FILL can be
in it (cli/base.py warn_placeholders)."""

from tests.conftest import run


def test_render_warns_of_a_fill_spelled_by_a_yaml_escape_and_not_without_one(ru_project):
    """warn_placeholders skips the parse only when no FILL can be in the file (cli/base.py)."""
    project = ru_project / "project.yaml"
    text = project.read_text(encoding="utf-8")
    assert "FILL" not in text and "\\" not in text
    assert "FILL left" not in run("render", ru_project, "--doc", "contract", "--format", "html").output
    project.write_text(text.replace("\ntitle: ", '\ntitle: "\\x46ILL "\nold_title: ', 1)
                       .replace("\nold_title: ", "\n# ", 1), encoding="utf-8")
    assert "warning: 1 FILL left (title first)" in run("render", ru_project, "--doc", "contract",
                                                       "--format", "html").output
