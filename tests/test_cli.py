import json
import subprocess
import sys

import git
import pytest

from tests.conftest import copy_example, run


def test_new_creates_a_repository_with_a_commented_valid_file(ws):
    out = run("new", "acme-site", "--lang", "en").output
    project = ws / "acme-site"
    assert f"created {project / 'project.yaml'}" in out
    text = (project / "project.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=project.schema.json")
    assert "\nid: acme-site\n" in text and "# " in text.split("\n", 3)[2]
    assert json.loads((project / "project.schema.json").read_text())["title"] == "Project"
    with git.Repo(project) as repo:
        assert not repo.is_dirty(untracked_files=True)
        assert repo.head.commit.message.startswith("New project acme-site")
        assert {b.path for b in repo.head.commit.tree.blobs} >= {"project.yaml", "project.schema.json"}
    assert "valid" in run("check", project).output


def test_new_refuses_to_overwrite(ws):
    (ws / "taken").mkdir()
    (ws / "taken" / "notes.txt").write_text("mine")
    result = run("new", "taken", ok=False)
    assert "already exists and is not empty; refusing to overwrite it" in result.output
    assert (ws / "taken" / "notes.txt").read_text() == "mine"


def test_new_unknown_example(ws):
    result = run("new", "x", "--from-example", "nope", ok=False)
    assert "no example project 'nope'" in result.output and "romashka-site" in result.output


@pytest.mark.parametrize("where", ["../outside", "{tmp}/elsewhere"])
def test_paths_the_user_types_are_the_users(ws, tmp_path, where):
    """Like git and make, contractkit takes any path the user gives it, inside the workspace or not."""
    where = where.format(tmp=tmp_path)
    assert "created" in run("new", where).output
    assert "valid" in run("check", where).output
    assert "valid" in run("check", (ws / where).resolve() if not where.startswith("/") else where).output


def test_a_project_reached_through_the_users_own_link_works(ws, tmp_path):
    outside = tmp_path / "outside"
    copy_example("romashka-site", outside)
    (ws / "link").symlink_to(outside)
    assert "valid" in run("check", "link").output


def test_check_warns_about_scope_risks(ws):
    path = copy_example("blue-harbor-shop", ws / "p")
    text = path.read_text(encoding="utf-8")
    text = text.replace("    acceptance:\n      - Sitemap and page list delivered covering all pages and requirements "
                        "listed in Exhibit 1, Section 1.3\n", "")
    text = text.replace("    revisions: 3\n", "").replace("  hourly_rate: 95\n", "")
    text = text.replace("  open_questions: []", "  open_questions:\n    - Which payment provider?")
    path.write_text(text, encoding="utf-8")
    result = run("check", "p")
    warnings = [line for line in result.output.splitlines() if ": warning: " in line]
    assert any("discovery: no acceptance criteria" in w for w in warnings)
    assert any("design: no limit on revision rounds" in w for w in warnings)
    assert any("no hourly rate for out-of-scope work" in w for w in warnings)
    assert any("open question left in the brief" in w for w in warnings)
    assert all(w.startswith("project.yaml:") for w in warnings)
    assert run("check", "p", "--strict", ok=False).exit_code == 1


def test_check_warns_about_no_prepayment_no_feedback_deadline_no_support(ws):
    path = copy_example("romashka-site", ws / "p")
    text = path.read_text(encoding="utf-8")
    text = text.replace("      on: signing       # prepayment", "      on: acceptance\n      deliverable: design")
    text = text.replace("    feedback_days: 3\n", "")
    text = text[: text.index("support:")] + text[text.index("terms:"):]
    path.write_text(text, encoding="utf-8")
    out = run("check", "p").output
    assert "no prepayment: work would start unpaid" in out
    assert "no deadline for the client's feedback" in out
    assert "no support plan after launch" in out


def test_check_warns_about_a_deadline_on_a_day_off(ws):
    path = copy_example("romashka-site", ws / "p")
    text = path.read_text(encoding="utf-8").replace("    days: 5\n", "    days: 5\n    deadline: 2026-12-05\n", 1)
    path.write_text(text, encoding="utf-8")
    assert "prototypes: deadline 2026-12-05 falls on a day off" in run("check", "p").output


def test_show_prints_the_figures(ru_project):
    out = run("show", ru_project).output
    for text in ("243 500,00 ₽", "121 750,00 ₽", "2027-01-26", "Прототипы", "Поддержка Стандарт",
                 "ООО «Ромашка» (company)"):
        assert text.replace(" ", "\u00a0") in out or text in out


def test_show_defaults_to_the_current_directory(ru_project, monkeypatch):
    monkeypatch.chdir(ru_project)
    assert "2026-031" in run("show").output


def test_list_shows_each_project_and_broken_ones(ws):
    copy_example("romashka-site", ws / "projects" / "a")
    copy_example("blue-harbor-shop", ws / "projects" / "b")
    (ws / "projects" / "c").mkdir()
    (ws / "projects" / "c" / "project.yaml").write_text("id: [")
    out = run("list", ws / "projects").output
    assert "2026-031" in out and "NW-2026-11" in out and "$12,200.00" in out
    assert "invalid YAML" in out


def test_no_project_here(ws):
    result = run("show", ok=False)
    assert "no project.yaml here" in result.output


def test_schema_is_json_schema_and_matches_the_committed_copy(ws):
    from tests.conftest import ROOT

    out = run("schema").output
    schema = json.loads(out)
    assert "deliverables" in schema["properties"]
    assert out == (ROOT / "schema" / "project.schema.json").read_text(encoding="utf-8"), \
        "schema/project.schema.json is stale: run 'make schema'"


def test_help_does_not_import_heavy_modules():
    code = ("import sys; from contractkit.cli import cli\n"
            "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('weasyprint', 'docxtpl', 'git', 'pymorphy3', 'rich', 'babel', "
            "'ruamel', 'pydantic') if m in sys.modules]\nprint('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout


def test_every_command_has_help_and_is_documented_in_the_readme():
    from contractkit.cli import cli
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert command.help, f"{name} has no help"
        assert f"contractkit {name}" in readme, f"README does not document 'contractkit {name}'"


def test_relative_paths_are_relative_to_the_current_directory(ws, monkeypatch):
    (ws / "clients").mkdir()
    monkeypatch.chdir(ws / "clients")
    run("new", "acme", "--lang", "en")
    assert (ws / "clients" / "acme" / "project.yaml").is_file()
    assert not (ws / "acme").exists()
    assert "valid" in run("check", "acme").output
