"""Speed work that must not change a byte: caches, the fast weasyprint import, list, the warning."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from contractkit import calendar
from tests.conftest import EXAMPLES, ROOT, run


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    path = tmp_path / "xdg-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(path))
    monkeypatch.delenv("CONTRACTKIT_NO_CACHE", raising=False)
    return path / "contractkit"


def _fresh_process_state():
    """Forget the in-process memo of every cache, so the next call reads the disk."""
    from contractkit import cache
    from contractkit.render import glyphs, sandbox

    calendar._year.cache_clear()
    calendar.supported_countries.cache_clear()
    glyphs.covered.cache_clear()
    sandbox.environment.cache_clear()
    cache.code_key.cache_clear()
    cache._jinja = None


def _render(project: Path, out: Path) -> dict[str, bytes]:
    _fresh_process_state()
    run("render", project, "--doc", "contract,scope", "--format", "pdf,docx,html", "--out", out)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_documents_are_byte_identical_with_and_without_caches(ru_project, cache_dir, tmp_path,
                                                              monkeypatch):
    monkeypatch.setenv("CONTRACTKIT_NO_CACHE", "1")
    plain = _render(ru_project, tmp_path / "no-cache")
    assert not cache_dir.exists()
    monkeypatch.delenv("CONTRACTKIT_NO_CACHE")
    filling = _render(ru_project, tmp_path / "cache-empty")
    kinds = {p.name for p in cache_dir.iterdir()}
    assert {"jinja", "glyphs", "calendar", "countries"} <= kinds
    warm = _render(ru_project, tmp_path / "cache-warm")
    assert len(plain) == 6
    assert plain == filling == warm


def test_corrupt_or_foreign_cache_entries_are_ignored_never_trusted(ru_project, cache_dir, tmp_path):
    good = _render(ru_project, tmp_path / "first")
    entries = [p for p in cache_dir.rglob("*") if p.is_file()]
    assert entries
    for i, entry in enumerate(entries):
        data = entry.read_bytes()
        if i % 3 == 0:
            entry.write_bytes(b"garbage")
        elif i % 3 == 1:
            entry.write_bytes(data[:-7] + b"tamper!")  # checksum no longer matches
        else:
            entry.write_bytes(data[: len(data) // 2])  # truncated
    assert _render(ru_project, tmp_path / "second") == good


def test_a_checksummed_entry_of_the_wrong_shape_is_recomputed(cache_dir):
    from contractkit import cache

    _fresh_process_state()
    day = dt.date(2027, 1, 7)  # Рождество Христово, a day off in Russia (ТК РФ ст. 112)
    assert not calendar.is_working_day(day, "RU")
    for entry in (cache_dir / "calendar").rglob("*"):
        if entry.is_file():
            cache.write("calendar", entry.name, json.dumps({"off": ["1999-01-01"], "names": {}}).encode())
    _fresh_process_state()
    assert not calendar.is_working_day(day, "RU")
    assert calendar.holiday_name(day, "RU")


@pytest.mark.parametrize("country", ["RU", "US", "GB", "DE"])
def test_cached_calendar_matches_the_holidays_library_day_by_day(country, cache_dir):
    """Working days follow the national calendar, with RU day-off transfers (ТК РФ ст. 112)."""
    import holidays

    # GB is England and Wales (calendar.UK_PARTS): `holidays`' GB with that subdivision
    library = holidays.country_holidays(country, subdiv=calendar.UK_PARTS.get(country), years=range(2025, 2029))
    for attempt in ("computed", "from disk"):
        _fresh_process_state()
        day = dt.date(2025, 1, 1)
        while day.year < 2029:
            assert calendar.is_working_day(day, country) == library.is_working_day(day), (attempt, day)
            assert calendar.holiday_name(day, country) == library.get(day, ""), (attempt, day)
            day += dt.timedelta(days=1)
    assert calendar.supported_countries() == frozenset(holidays.list_supported_countries()) | set(calendar.UK_PARTS)


def test_caches_live_in_the_user_cache_dir_never_in_the_project(ru_project, cache_dir, tmp_path):
    before = {p.relative_to(ru_project) for p in ru_project.rglob("*") if ".git" not in p.parts}
    _render(ru_project, tmp_path / "out")
    after = {p.relative_to(ru_project) for p in ru_project.rglob("*") if ".git" not in p.parts}
    assert after - before <= {Path(".contractkit.lock")}
    assert any(cache_dir.rglob("*"))


def _python(code: str, env: dict | None = None) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, **(env or {})}, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_weasyprint_is_imported_without_running_any_program_and_without_the_subsetter():
    out = _python(
        "import subprocess, sys\n"
        "started = []\n"
        "real = subprocess.Popen.__init__\n"
        "def spy(self, args, *a, **k):\n"
        "    started.append(args)\n"
        "    real(self, args, *a, **k)\n"
        "subprocess.Popen.__init__ = spy\n"
        "from contractkit.render.pdf import _import_weasyprint\n"
        "_import_weasyprint()\n"
        "import weasyprint.text.ffi as ffi\n"
        "assert ffi.harfbuzz_subset is not None\n"
        "print(len(started), type(sys.modules['fontTools.subset']).__name__)\n")
    assert out.split() == ["0", "_LazyModule"]


def test_the_lazy_subsetter_still_works_when_used():
    out = _python("from contractkit.render.pdf import _import_weasyprint\n_import_weasyprint()\n"
                  "from fontTools import subset\nprint(subset.Options().retain_gids)")
    assert out.strip() == "False"


@pytest.mark.parametrize("edited", [False, True])
def test_render_of_an_unsigned_project_does_not_import_gitpython(ru_project, cache_dir, edited):
    """Clean or edited, an unsigned project needs one git process to know there is no warning."""
    if edited:
        path = ru_project / "project.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("price: 18500", "price: 19000"),
                        encoding="utf-8")
    out = _python(
        "import sys\nfrom click.testing import CliRunner\nfrom contractkit.cli import cli\n"
        f"r = CliRunner().invoke(cli, ['render', {str(ru_project)!r}, '--doc', 'contract', "
        "'--format', 'html'])\n"
        "print(r.exit_code, 'git' in sys.modules, 'warning' in r.output)",
        env={"CONTRACTKIT_HOME": str(ru_project.parent)})
    assert out.split() == ["0", "False", "False"]


def test_unrecorded_warning_only_for_edits_of_a_signed_scope(ru_project):
    run("sign", ru_project, "--date", "2026-12-01")
    clean = run("render", ru_project, "--doc", "contract", "--format", "html")
    assert "warning:" not in clean.output
    path = ru_project / "project.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("price: 18500", "price: 19000"),
                    encoding="utf-8")
    edited = run("render", ru_project, "--doc", "contract", "--format", "html")
    assert "warning: project.yaml has unrecorded edits to the signed scope (contract)" in edited.output
    run("change", ru_project, "-m", "Dearer content")
    recorded = run("render", ru_project, "--doc", "contract", "--format", "html")
    assert "warning:" not in recorded.output


def test_unsigned_edits_get_no_warning(ru_project):
    path = ru_project / "project.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("price: 18500", "price: 19000"),
                    encoding="utf-8")
    assert "warning:" not in run("render", ru_project, "--doc", "contract", "--format", "html").output


def test_list_from_the_cache_equals_a_fresh_list_and_follows_every_edit(ws, cache_dir, monkeypatch):
    root = ws / "many"
    text = (ROOT / "projects" / "romashka-site" / "project.yaml").read_text(encoding="utf-8")
    for i in range(4):
        (root / f"p{i}").mkdir(parents=True)
        (root / f"p{i}" / "project.yaml").write_text(text.replace("price: 18500", f"price: {18500 + i}"),
                                                     encoding="utf-8")
    (root / "broken").mkdir()
    (root / "broken" / "project.yaml").write_text("id: x\ntitle: [\n", encoding="utf-8")
    monkeypatch.setenv("CONTRACTKIT_NO_CACHE", "1")
    _fresh_process_state()
    fresh = run("list", root).output
    monkeypatch.delenv("CONTRACTKIT_NO_CACHE")
    _fresh_process_state()
    assert run("list", root).output == fresh
    _fresh_process_state()
    assert run("list", root).output == fresh  # now from the cache
    assert any((cache_dir / "list").rglob("*"))
    assert "243\xa0500,00\xa0₽" in fresh and "243\xa0503,00\xa0₽" in fresh
    assert "broken" in fresh and "project.yaml:3:1: invalid YAML" in fresh
    (root / "p3" / "project.yaml").write_text(text.replace("price: 18500", "price: 28500"), encoding="utf-8")
    _fresh_process_state()
    after = run("list", root).output
    assert "253\xa0500,00\xa0₽" in after and "243\xa0503,00\xa0₽" not in after


def test_list_table_aligns_columns_under_the_header(tmp_path):
    from contractkit.flows.listing import Row, table

    lines = table([Row(tmp_path / "a", ("Сайт", "1", "10 ₽", "2027-01-01", "ok"), True),
                   Row(tmp_path / "long-name", ("", "", "", "", "project.yaml:3: bad"), False)])
    assert lines[0].startswith(" project    title ")
    assert [line.index("status") if i == 0 else None for i, line in enumerate(lines)][0] == \
        lines[2].index("project.yaml:3")
    assert len({len(line) for line in lines}) == 1


def test_log_from_cached_change_records_equals_a_fresh_log_and_follows_new_changes(
        ru_project, cache_dir, monkeypatch):
    path = ru_project / "project.yaml"
    run("sign", ru_project, "--date", "2026-12-01")
    path.write_text(path.read_text(encoding="utf-8").replace("price: 18500", "price: 19000"),
                    encoding="utf-8")
    run("change", ru_project, "-m", "Dearer content")
    monkeypatch.setenv("CONTRACTKIT_NO_CACHE", "1")
    fresh = run("log", ru_project).output
    monkeypatch.delenv("CONTRACTKIT_NO_CACHE")
    assert run("log", ru_project).output == fresh
    assert run("log", ru_project).output == fresh  # from the cache
    assert any((cache_dir / "changes").rglob("*"))
    assert "CR-001" in fresh and "CR-002" not in fresh
    path.write_text(path.read_text(encoding="utf-8").replace("price: 19000", "price: 19500"),
                    encoding="utf-8")
    run("change", ru_project, "-m", "Even dearer")
    assert "CR-002" in run("log", ru_project).output


def test_log_recomputes_each_version_once_then_reads_its_figures_from_the_cache(
        ru_project, cache_dir, monkeypatch):
    """Figures are recomputed from every version (never trusted from records); the result for
    the exact bytes of a version is kept, so a warm `log` parses no version again."""
    from contractkit import load

    path = ru_project / "project.yaml"
    run("sign", ru_project, "--date", "2026-12-01")
    path.write_text(path.read_text(encoding="utf-8").replace("price: 18500", "price: 19000"),
                    encoding="utf-8")
    run("change", ru_project, "-m", "Dearer content")
    first = run("log", ru_project).output
    assert any((cache_dir / "figures").rglob("*"))
    assert "+500,00" in first

    parsed: list[str] = []
    real = load.parse_project

    def counting(text, name=load.PROJECT_FILE):
        parsed.append(name)
        return real(text, name)

    monkeypatch.setattr(load, "parse_project", counting)
    assert run("log", ru_project).output == first
    assert parsed == [load.PROJECT_FILE]  # only the working version the log is written for


def test_a_tampered_figures_entry_is_recomputed_never_shown(ru_project, cache_dir):
    """A checksummed entry of the wrong shape, a non-finite or garbage total: ignored."""
    from contractkit import cache

    path = ru_project / "project.yaml"
    run("sign", ru_project, "--date", "2026-12-01")
    path.write_text(path.read_text(encoding="utf-8").replace("price: 18500", "price: 19000"),
                    encoding="utf-8")
    run("change", ru_project, "-m", "Dearer content")
    fresh = run("log", ru_project).output
    entries = [p for p in (cache_dir / "figures").rglob("*") if p.is_file()]
    assert entries
    for bad in (["NaN", "2027-01-26"], ["9999999", "2027-01-26", "x"], {"a": 1}, ["1", "not a date"]):
        for entry in entries:
            cache.write_json("figures", entry.name, bad)
        assert run("log", ru_project).output == fresh


def test_memoised_words_match_the_libraries_and_ignore_a_bad_entry(cache_dir):
    from contractkit import cache
    from contractkit.words import amounts, names

    def fresh(fn, *args):
        return fn.__wrapped__.__wrapped__(*args)  # past the memory and the disk cache

    cases = [(names.genitive_name, "Соколов Андрей Викторович", "male"),
             (names.grammatical_gender, "Общество с ограниченной ответственностью «Ромашка»"),
             (names.genitive_position, "Генеральный директор"),
             (amounts.num2words_words, 243500, "ru"), (amounts.num2words_words, 12200, "en")]
    for fn, *args in cases:
        fn.cache_clear()
        assert fn(*args) == fresh(fn, *args)
        fn.cache_clear()
        assert fn(*args) == fresh(fn, *args)  # from the disk
    for entry in (cache_dir / "words").rglob("*"):
        if entry.is_file():
            cache.write("words", entry.name, b'{"not the value": 1}')
    amounts.num2words_words.cache_clear()
    assert amounts.num2words_words(243500, "ru") == "двести сорок три тысячи пятьсот"


def test_cache_switches_and_unknown_packages(cache_dir, monkeypatch):
    from contractkit import cache

    assert cache.package_key("holidays") and cache.package_key("no-such-package-here") is None
    calls = []

    @cache.memo("words", "no-such-package-here")
    def double(n):
        calls.append(n)
        return n * 2

    assert double(2) == 4 and double.__wrapped__(2) == 4 and calls == [2, 2]
    assert not (cache_dir / "words").exists()  # without a key for its libraries nothing is kept
    monkeypatch.setenv("CONTRACTKIT_NO_CACHE", "glyphs,list")
    assert not cache.enabled("glyphs") and not cache.enabled("list") and cache.enabled("jinja")
    cache.write("glyphs", "x" * 64, b"[]")
    assert cache.read("glyphs", "x" * 64) is None and not (cache_dir / "glyphs").exists()
    monkeypatch.setenv("CONTRACTKIT_NO_CACHE", "1")
    assert not cache.enabled("jinja") and cache.jinja_bytecode_cache() is None


def test_names_sharing_their_first_parts_are_the_names_key_gives():
    """cache.keys hashes the shared parts once: the names must be key()'s own, so an entry
    written under one is found under the other."""
    from contractkit import cache

    shared = ("figures", "0" * 64)
    named = cache.keys(*shared)
    for rest in ((b"\x00" * 32,), (b"",), ("text", 3, None), ()):
        assert named(*rest) == cache.key(*shared, *rest)
    assert named(b"a") != named(b"b") and named(b"ab") != cache.keys("figures")("0" * 64 + "ab")


def test_a_cached_project_pickled_by_a_model_with_fewer_fields_is_a_miss(tmp_path, monkeypatch):
    """An entry whose project lacks a field the model has now (pickled by older code) is parsed
    again, never returned with an attribute missing."""
    from contractkit import cache
    from contractkit.load import parse_project, project_key

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    text = (EXAMPLES / "romashka-site" / "project.yaml").read_text(encoding="utf-8")
    project = parse_project(text)
    stale = project.model_copy(deep=True)
    del stale.templates.__dict__["contract"]  # as an older Templates pickled it
    cache.write_objects("project", project_key(text), stale)
    again = parse_project(text)
    assert again.templates.contract == ""


def test_a_project_is_validated_with_pydantic_plugins_off_and_the_setting_given_back(monkeypatch):
    """load._validated: pydantic's plugin lookup (an entry-point scan) is off while a project is
    validated, every check still runs (a bad value is still refused), and the variable is as
    it was afterwards, set or not."""
    from pydantic import ValidationError

    from contractkit import load
    from contractkit.model import Project

    seen = []
    real = Project.model_validate.__func__

    def validate(cls, data):
        seen.append(os.environ.get("PYDANTIC_DISABLE_PLUGINS"))
        return real(cls, data)

    monkeypatch.setattr(Project, "model_validate", classmethod(validate))
    text = (EXAMPLES / "romashka-site" / "project.yaml").read_text(encoding="utf-8")
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    assert load.parse_document(text).project.title
    assert "PYDANTIC_DISABLE_PLUGINS" not in os.environ
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "someone")
    with pytest.raises(ValidationError):
        load._validated({"language": "xx"})
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "someone" and seen == ["__all__", "__all__"]


def test_validation_after_an_edit_does_not_load_pydantics_plugin_lookup(tmp_path):
    """load._validated: the first validation builds the schema and asks pydantic for plugins;
    with plugins off the answer is none, so the lookup's module, which imports importlib.metadata
    (email, socket, zipfile: 10-15 ms of a render after an edit), is not loaded for it. A later
    import of that module gets pydantic's own, and validation refuses what it refused."""
    code = """
import sys
from contractkit.load import parse_document
from contractkit.errors import ProjectFileError
text = open(sys.argv[1], encoding="utf-8").read()
print(bool(parse_document(text).project.title), "pydantic.plugin._loader" in sys.modules)
try:
    parse_document(text.replace("currency: RUB", "currency: XYZ"))
except ProjectFileError as exc:
    print("refused", "pydantic.plugin._loader" in sys.modules, "currency" in str(exc.lines()))
from pydantic.plugin import _loader
print(_loader.get_plugins.__module__, _loader.get_plugins.__name__)
"""
    result = subprocess.run([sys.executable, "-c", code, str(EXAMPLES / "romashka-site" / "project.yaml")],
                            capture_output=True, text=True, cwd=ROOT, timeout=120,
                            env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False", "refused", "False", "True", "pydantic.plugin._loader",
                                     "get_plugins"]


def test_the_code_key_lists_every_source_and_follows_an_edit(tmp_path):
    """cache._source_stamps: every .py file of the package, at any depth, in the order of its
    path's parts, with its size and time (what Path.rglob and a stat each gave, in a tenth of the
    time); a file added, grown or touched changes the list, a file of another kind does not."""
    from contractkit import cache

    package = Path(cache.__file__).resolve().parent
    walked = [(str(p.relative_to(package)), p.stat().st_size, p.stat().st_mtime_ns)
              for p in sorted(package.rglob("*.py"))]
    assert cache._source_stamps(str(package)) == walked and len(walked) > 100
    tree = tmp_path / "pkg"
    (tree / "a" / "b").mkdir(parents=True)
    for name in ("z.py", "a/b/deep.py", "a/x.py", "a-b.py", "a/notes.txt"):
        (tree / name).write_text("x = 1\n")
    first = cache._source_stamps(str(tree))
    assert [name for name, _, _ in first] == ["a/b/deep.py", "a/x.py", "a-b.py", "z.py"]  # by parts
    (tree / "a" / "notes.txt").write_text("changed\n")
    assert cache._source_stamps(str(tree)) == first
    (tree / "a" / "b" / "deep.py").write_text("x = 22\n")
    os.utime(tree / "z.py", ns=(1, 1))
    (tree / "new.py").write_text("")
    again = cache._source_stamps(str(tree))
    assert again != first and len(again) == 5
    assert [s for s in again if s[0] == "a/b/deep.py"][0][1] == 7
    assert [s for s in again if s[0] == "z.py"][0][2] == 1
