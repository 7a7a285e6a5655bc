import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from contractkit.cli import cli

# Fixtures of the security suite's git classes (signed, team), shared by its modules.
pytest_plugins = ["tests.security.gitfixtures"]

ROOT = Path(__file__).resolve().parent.parent

# `make test` keeps property runs short; `make test-slow` (HYPOTHESIS_PROFILE=slow) runs many more.
# No time limits: the project has no timed assertions, and a loaded CI machine is slow at random.
NO_CLOCK = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("default", max_examples=12, **NO_CLOCK)
settings.register_profile("slow", max_examples=150, **NO_CLOCK)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
EXAMPLES = ROOT / "projects"

# The suite's deals run through 2027 whatever the machine's date: events (payments, acts, requests)
# may not be dated after today (contractkit/clock.py). Set for the whole process, so that fixtures
# shared by a module (built before any test's own environment) and the commands tests start as
# processes see it too; the tests of that rule set their own day.
os.environ["CONTRACTKIT_TODAY"] = "2099-12-31"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Each test gets its own workspace, home and git configuration."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[user]\n\tname = Test User\n\temail = test@example.com\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    ws = tmp_path / "ws"
    ws.mkdir()
    monkeypatch.setenv("CONTRACTKIT_HOME", str(ws))
    monkeypatch.setenv("CONTRACTKIT_DEBUG", "1")  # a bug must fail a test loudly, not as one line
    monkeypatch.setenv("CONTRACTKIT_TODAY", "2099-12-31")  # as set above, should a test have changed it
    monkeypatch.chdir(ws)
    return ws


@pytest.fixture
def ws(isolated):
    return isolated


def run(*args, ok=True):
    """Invoke the CLI; assert success (or failure) and return the result."""
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    if ok is True:
        assert result.exit_code == 0, result.output
    elif ok is False:
        assert result.exit_code != 0, result.output
        assert "Traceback" not in result.output
    return result


def reviewer_project(ws: Path, name: str, data: str, kind: str, contract: str, edit=None) -> Path:
    """A project as a reviewer made it: `new --as KIND --contract CONTRACT`, then tests/data/DATA
    (through `edit`, if given) as its project file, in one commit."""
    import git

    folder = ws / name
    run("new", folder, "--as", kind, "--contract", contract)
    text = (Path(__file__).parent / "data" / data).read_text(encoding="utf-8")
    (folder / "project.yaml").write_text(edit(text) if edit else text, encoding="utf-8")
    with git.Repo(folder) as repo:
        repo.git.add(A=True)
        repo.index.commit("project")
    return folder


@pytest.fixture
def ru_project(ws):
    run("new", "romashka", "--from-example", "romashka-site")
    return ws / "romashka"


@pytest.fixture
def en_project(ws):
    run("new", "harbor", "--lang", "en")
    return ws / "harbor"


def copy_example(name: str, dest: Path) -> Path:
    shutil.copytree(EXAMPLES / name, dest, ignore=shutil.ignore_patterns("out"))
    return dest / "project.yaml"


# --- RELIABILITY.md: each fault or attack, the tests that try it, how many cases, the outcome ---

RELIABILITY = {
    "Two writers at once on one project (lock: wait, then a clear error)": [
        "test_a_second_writer_waits_then_fails_clearly_and_loses_nothing",
        "test_two_commands_at_once_one_records_the_other_finds_nothing_left"],
    "Stale lock left by a dead process": ["test_a_stale_lock_from_a_dead_process_is_taken_over"],
    "Killed at each step of change, sign, reject, render, sync (fault points)": [
        "test_killed_at_each_step_leaves_before_or_after",
        "test_sync_killed_midway_leaves_before_or_after_and_finishes_next_time"],
    "SIGKILL at random moments during change and sign": [
        "test_sigkill_at_random_moments", "test_sigkill_at_random_moments_many"],
    "YAML alias bomb": ["test_yaml_alias_bomb_is_refused_quickly"],
    "10 MB string in a value": ["test_a_ten_megabyte_string_is_refused_with_its_place"],
    "Deep nesting": ["test_deep_nesting_is_refused"],
    "Control characters, RTL, emoji, zero-width, combining marks, CJK": [
        "test_odd_characters_render_as_text_or_get_a_clear_error"],
    "Windows line endings and a BOM": ["test_windows_line_endings_and_bom"],
    "Empty, non-UTF-8, malformed or huge project files": [
        "test_empty_file", "test_not_utf8", "test_malformed_yaml", "test_ten_thousand_deliverables_still_validate"],
    "Markup characters in user text (& < > \" ')": [
        "test_markup_characters_render_as_text_in_docx_pdf_and_html"],
    "Template syntax in user data ({{ 7*7 }}, {% for %})": [
        "test_template_syntax_in_user_data_renders_literally"],
    "Hostile template: sandbox escape attempts": ["test_hostile_template_is_refused"],
    "Template or CSS reading files or fetching URLs": [
        "test_template_cannot_include_files_outside_its_folders",
        "test_pdf_renderer_fetches_nothing_outside_the_template_folders", "test_css_cannot_reach_outside_either"],
    "Paths the user types are taken as given; project templates: cannot leave the project": [
        "test_paths_the_user_types_are_the_users", "test_a_project_reached_through_the_users_own_link_works",
        "test_project_templates_cannot_point_outside_the_project"],
    "User strings reaching git as options": ["test_git_never_takes_user_strings_as_options"],
    "Hooks in a project or a clone": ["test_hooks_of_a_project_do_not_run", "test_a_cloned_projects_hooks_do_not_run"],
    "Repository config that would run programs (filters, fsmonitor, …)": [
        "test_repository_config_that_runs_programs_is_refused"],
    "Two people record different change requests (shared remote)": [
        "test_two_people_record_different_changes_and_both_end_up_with_both"],
    "Conflicting edits of project.yaml on a shared remote": ["test_conflicting_edits_stop_sync_and_keep_local_work"],
    "A signed tag that differs from the remote's": ["test_a_signed_tag_that_differs_is_never_overwritten"],
    "A failed render (earlier outputs kept, no partial files)": [
        "test_failed_render_keeps_earlier_outputs_and_leaves_no_partial_files"],
    "Random valid projects render in both languages and formats (hypothesis)": [
        "test_any_valid_project_renders_in_both_formats_with_its_figures"],
    "Randomly mangled project files get a located error (hypothesis)": [
        "test_any_mangled_file_gets_a_clean_located_error"],
    "Random sequences of changes and signatures keep money and history invariants (hypothesis)": [
        "test_money_and_history_invariants"],
}
_RESULTS: dict[str, list[tuple[str, int]]] = {}


def pytest_collection_modifyitems(config, items):
    """Mark each test RELIABILITY.md counts `reliability`: `make test-slow` runs these, the slow
    ones and the generated-example ones (hypothesis), not the rest of `make test` a second time."""
    named = {n for names in RELIABILITY.values() for n in names}
    for item in items:
        if getattr(item, "originalname", item.name) in named:
            item.add_marker(pytest.mark.reliability)
_SECURITY: dict[str, list[tuple[str, str, int]]] = {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" and not (report.when == "setup" and report.outcome != "passed"):
        return
    name = getattr(item, "originalname", item.name)
    cases = dict(item.user_properties).get("cases")
    if cases is None:
        cases = settings().max_examples if hasattr(item.obj, "hypothesis") else 1
    _RESULTS.setdefault(name, []).append((report.outcome, cases))
    marker = item.get_closest_marker("security")
    if marker is not None and marker.args:
        _SECURITY.setdefault(marker.args[0], []).append((name, report.outcome, cases))


def pytest_sessionfinish(session, exitstatus):
    target = os.environ.get("RELIABILITY_REPORT")
    if not target:
        return
    from tests.reliability_report import security_section, write_section

    if _SECURITY:
        from tests.security.conftest import CLASSES

        write_section(Path(target), "security", security_section(CLASSES, _SECURITY))
    if not any(_RESULTS.get(n) for names in RELIABILITY.values() for n in names):
        return
    lines = [
        "## Faults and attacks (`make test-slow`)",
        "",
        "Each fault or attack tried, produced from the test suite's own results by `make test-slow`",
        f"(hypothesis profile `{settings._current_profile}`). A case is one test run, one generated example or",
        "one random kill. Tests: tests/test_reliability.py, test_errors.py, test_render_safety.py,",
        "test_properties.py, test_invariants.py, test_cli.py, test_workflow.py.",
        "",
        "| fault or attack | tests | cases | outcome |",
        "|---|---|---|---|",
    ]
    for attack, names in RELIABILITY.items():
        runs = [r for n in names for r in _RESULTS.get(n, [])]
        failed = sum(1 for outcome, _ in runs if outcome != "passed")
        cases = sum(c for _, c in runs)
        verdict = "not run" if not runs else ("handled as specified" if not failed else f"**{failed} failed**")
        lines.append(f"| {attack} | {len(runs)} | {cases} | {verdict} |")
    write_section(Path(target), "slow", "\n".join(lines))
