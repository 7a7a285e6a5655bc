"""`log` over a long history: a few git processes whatever its length, each version read once, the
same output byte for byte, and a record edited by hand still reported (no timed assertion)."""

import random
import subprocess
from decimal import Decimal

import pytest

from contractkit.errors import RepositoryError
from contractkit.store import history, objects, records
from contractkit.store.layout import CHANGES
from contractkit.store.records import ChangeRecord
from tests.conftest import run
from tests.security.gitfixtures import edit, git_in


def _history(ws, name: str, count: int):
    """A signed project with `count` change requests, each recorded by `contractkit change`."""
    run("new", name, "--lang", "en")
    run("sign", name, "--date", "2026-11-30")
    path = ws / name
    for i in range(count):
        edit(path / "project.yaml", f"price: {1200 + i}", f"price: {1201 + i}")
        run("change", path, "-m", f"Change {i + 1}")
    return path


def _counted_log(path) -> tuple[str, list[list[str]], list[str], list[str]]:
    """`log` of path, with every git process it starts (from any thread: the history walk has its
    own), every name it reads in a batch and every object it reads alone (history.blob)."""
    started: list[list[str]] = []
    batched: list[str] = []
    single: list[str] = []
    popen, contents, blob = subprocess.Popen.__init__, objects.contents, history.blob

    def spy(self, args, *rest, **kwargs):
        if isinstance(args, (list, tuple)) and args and str(args[0]).endswith("git"):
            started.append([str(a) for a in args])
        popen(self, args, *rest, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(subprocess.Popen, "__init__", spy)
        patch.setattr(objects, "contents", lambda p, names, limit: batched.extend(names) or contents(p, names, limit))
        patch.setattr(history, "blob", lambda repo, rev, name: single.append(rev) or blob(repo, rev, name))
        output = run("log", path).output
    return output, started, batched, single


def test_a_long_log_starts_no_more_git_processes_and_reads_each_version_once(ws):
    seen = {}
    for count in (2, 9):
        path = _history(ws, f"h{count}", count)
        first, _, cold, _ = _counted_log(path)  # fills the caches
        assert len(cold) == len(set(cold)) == count + 1  # each change's version, the signed one
        output, started, batched, single = _counted_log(path)
        assert output == first
        assert batched == []  # this HEAD's walk and its versions' figures: from the cache
        listed = [args for args in started if {"diff-tree", "--parents", "--name-status"} & set(args)]
        assert listed == []  # nothing goes through the history again
        seen[count] = (sorted(" ".join(args[:3]).replace(str(path), "DIR") for args in started), len(single))
    assert seen[9] == seen[2]  # the same git processes and single reads for 9 changes as for 2


def test_a_hand_edited_record_in_a_long_history_is_reported_and_never_shown(ws):
    path = _history(ws, "p", 6)
    fresh = run("log", path).output
    record = path / records.change_path("CR-004")
    change = records.parse(ChangeRecord, record.read_bytes(), "x")
    record.write_bytes(records.dump(change.model_copy(update={"delta": Decimal("-50000"),
                                                               "total": Decimal("1.00")})))
    git_in(path, "commit", "-qam", "tweak")
    for _ in range(2):  # the second time from the caches
        assert run("log", path).output == fresh
    doctor = run("doctor", path, ok=None).output
    assert "CR-004.yaml says delta -50000, total 1.00; its edit gives 1.00" in doctor
    assert doctor.count("(edited by hand?)") == 1


def test_log_of_a_long_history_is_the_same_with_and_without_caches(ws, monkeypatch):
    path = _history(ws, "p", 5)
    warm = [run("log", path).output for _ in range(2)]
    monkeypatch.setenv("CONTRACTKIT_NO_CACHE", "1")
    assert run("log", path).output == warm[0] == warm[1]
    assert "CR-005" in warm[0] and "+$1.00 Change 5" in warm[0]


def test_the_walk_runs_no_git_in_a_repository_whose_own_config_is_refused(ws):
    from contractkit.errors import RepositoryError
    from contractkit.store.walk import Walk

    path = _history(ws, "p", 2)
    marker = ws / "pwned"
    git_in(path, "config", "diff.t.textconv", f"touch {marker}")
    (path / ".gitattributes").write_text("*.yaml diff=t\n", encoding="utf-8")
    started: list[list[str]] = []
    popen = subprocess.Popen.__init__

    def spy(self, args, *rest, **kwargs):
        started.append([str(a) for a in args])
        popen(self, args, *rest, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(subprocess.Popen, "__init__", spy)
        with pytest.raises(RepositoryError, match="diff.t.textconv"):
            Walk(path).result()
    assert [args[1:4] for args in started if "-C" in args] == [["-C", str(path), "config"]]
    assert not any(a in args for args in started for a in ("rev-list", "diff-tree", "cat-file"))
    assert "does not accept in a project's own git configuration" in run("log", path, ok=False).output
    assert not marker.exists()


def _added_by_git_log(path) -> set[tuple[str, str]]:
    """What `git log --full-history --diff-filter=A` says, as store/audit.py asked it before."""
    out, sha = set(), ""
    for line in git_in(path, "log", "--full-history", "--diff-filter=A", "--format=%H", "--name-only",
                       "--", CHANGES).splitlines():
        if len(line) == 40 and "/" not in line:
            sha = line
        elif line.startswith(CHANGES + "/"):
            out.add((sha, line))
    return out


def test_the_walk_finds_the_same_additions_as_git_log_through_merges_and_renames(ws):
    path = ws / "g"
    path.mkdir()
    git_in(path, "init", "-q", "-b", "main")
    folder = path / CHANGES
    folder.mkdir(parents=True)

    def commit(message, **files):
        for name, text in files.items():
            target = folder / f"{name}.yaml"
            if text is None:
                git_in(path, "rm", "-q", str(target))
            else:
                target.write_text(text, encoding="utf-8")
        git_in(path, "add", "-A")
        git_in(path, "commit", "-qm", message, "--allow-empty")

    (path / "project.yaml").write_text("x: 1\n", encoding="utf-8")
    commit("root", **{"CR-001": "id: CR-001\ntitle: first\n"})
    git_in(path, "checkout", "-q", "-b", "side")
    commit("side", **{"CR-002": "id: CR-002\ntitle: theirs\n"})
    git_in(path, "checkout", "-q", "main")
    commit("main", **{"CR-002": "id: CR-002\ntitle: ours\n", "CR-003": "id: CR-003\ntitle: third\n"})
    git_in(path, "merge", "-q", "-X", "ours", "--no-edit", "side")
    git_in(path, "mv", str(folder / "CR-003.yaml"), str(folder / "CR-004.yaml"))  # a rename adds nothing
    git_in(path, "commit", "-qm", "renumber")
    commit("gone", **{"CR-001": None})
    commit("back", **{"CR-001": "id: CR-001\ntitle: first again\n"})
    found = set(objects.added(path, list(objects.parents(path)), CHANGES))
    assert found == _added_by_git_log(path)
    assert len([p for _, p in found if p.endswith("CR-001.yaml")]) == 2


def test_contents_reads_many_objects_and_says_which_are_missing(ws):
    path = ws / "c"
    path.mkdir()
    git_in(path, "init", "-q", "-b", "main")
    (path / "a.txt").write_bytes(b"one\n\0two")
    (path / "d").mkdir()
    (path / "d" / "b.txt").write_bytes(b"")
    git_in(path, "add", "-A")
    git_in(path, "commit", "-qm", "x")
    tree = git_in(path, "rev-parse", "HEAD:d").strip()
    got = objects.contents(path, ["HEAD:a.txt", "HEAD:d/b.txt", "HEAD:nope", "HEAD:a.txt", tree], 100)
    assert got["HEAD:a.txt"] == b"one\n\0two" and got["HEAD:d/b.txt"] == b"" and got["HEAD:nope"] is None
    assert got[tree] and b"b.txt" in got[tree]  # a tree's raw bytes, as GitPython gives them
    for bad in ("HEAD:a b", "HEAD\n:x", ""):
        with pytest.raises(ValueError):
            objects.contents(path, [bad], 100)
    with pytest.raises(RepositoryError, match="HEAD:a.txt in the history is 8 bytes, over the 7"):
        objects.contents(path, ["HEAD:d/b.txt", "HEAD:a.txt"], 7)  # refused by its size, never read


def test_a_version_too_big_to_be_a_project_file_stops_log_on_one_line(ws, monkeypatch):
    """A history can hold a project.yaml of blanks that unpacks to gigabytes from a few
    megabytes: `log` refuses it by the size git gives, before reading a byte of it (the limit
    is lowered here from 50 MB to 20,000 bytes; the example's own file is about 5,000)."""
    path = _history(ws, "big", 2)
    _add_record_with(path, b"title: x\n" + b" " * 40_000)
    monkeypatch.setattr(objects, "contents", lambda p, names, limit, real=objects.contents: real(p, names, 20_000))
    result = run("log", path, ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "project.yaml in the history is 40,009 bytes, over the 20,000 a project file may have" in result.output


def _add_record_with(path, project: bytes) -> None:
    """A commit adding a change record (a copy of CR-002 as CR-003) with this project.yaml: a
    version whose figures `log` recomputes."""
    record = path / records.change_path("CR-002")
    (path / records.change_path("CR-003")).write_bytes(record.read_bytes().replace(b"CR-002", b"CR-003"))
    (path / "project.yaml").write_bytes(project)
    git_in(path, "add", "-A")
    git_in(path, "commit", "-qm", "a record and a damaged file")


def test_a_version_that_is_not_utf8_is_reported_on_one_line(ws, monkeypatch):
    """A commit that adds a change record with a project.yaml that is not UTF-8 (a hand-made
    history): `log` says which version, it does not crash."""
    path = _history(ws, "latin", 2)
    monkeypatch.setenv("CONTRACTKIT_NO_CACHE", "1")
    _add_record_with(path, (path / "project.yaml").read_bytes() + b"# \xff\n")
    result = run("log", path, ok=False)
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert "project.yaml at " in result.output and "is not UTF-8 text" in result.output


def test_money_known_in_advance_is_babels_own_and_a_bad_entry_is_ignored(tmp_path, monkeypatch):
    from babel.numbers import format_currency

    from contractkit import cache
    from contractkit.words import fmt

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("CONTRACTKIT_NO_CACHE", raising=False)
    rng = random.Random(7)
    amounts = [Decimal(t) for t in ("0", "-0", "1", "1.00", "1E+2", "0.005", "-12200.5", "999999999.995")]
    amounts += [Decimal(rng.randrange(-10**9, 10**9)) / 100 for _ in range(200)]
    for currency, lang in (("RUB", "ru"), ("USD", "en"), ("EUR", "en"), ("RUB", "en")):
        for attempt in range(3):  # computed, then from the disk, then from a damaged entry
            fmt._MONEY.clear()
            fmt._moneys.cache_clear()
            if attempt == 2:
                for entry in (tmp_path / "cache").rglob("*"):
                    if entry.is_file():
                        cache.write_json("words", entry.name, {"value": ["1 ₽"]})
            fmt.preload_money(amounts, currency, lang)
            for amount in amounts:
                expected = format_currency(amount, currency, locale=fmt.LOCALES[lang]).replace("\u202f", "\xa0")
                assert fmt.money(amount, currency, lang) == expected, (amount, currency, lang, attempt)


def test_printable_takes_out_exactly_what_it_took_out_before():
    from contractkit.plaintext import _ESCAPES, _STRIP, printable

    rng = random.Random(3)
    alphabet = [chr(i) for i in range(0x250)] + ["\u202e", "\u2028", "\u200f", "₽", "\xa0", "\x1b[31m", "\x9b1m"]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) if rng.random() < 0.2 else rng.choice("ab 1\n\t")
                       for _ in range(rng.randint(0, 40)))
        assert printable(text) == _ESCAPES.sub("", text).translate(_STRIP), repr(text)


def _object_reads(path, command: str = "log") -> tuple[str, dict[str, int]]:
    """`command` on path, with how many objects it asked GitPython's object reader for one at a
    time (a round trip to `git cat-file` each) and how many trees GitPython parsed."""
    import git.cmd
    import git.objects.tree

    counts = {"header": 0, "data": 0, "trees": 0}
    header, data = git.cmd.Git.get_object_header, git.cmd.Git.stream_object_data
    parse = git.objects.tree.tree_entries_from_data

    def counted(name, fn):
        def wrapper(*args, **kwargs):
            counts[name] += 1
            return fn(*args, **kwargs)
        return wrapper

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(git.cmd.Git, "get_object_header", counted("header", header))
        patch.setattr(git.cmd.Git, "stream_object_data", counted("data", data))
        patch.setattr(git.objects.tree, "tree_entries_from_data", counted("trees", parse))
        output = run(command, path).output
    return output, counts


def test_log_reads_as_many_single_objects_for_nine_changes_as_for_two(ws):
    """The write-once check of change records (store/written.py) read each record at HEAD through
    a fresh tree walk: a thousand records cost a million tree entries parsed (13.9x slower `log`
    than with ten). Their presence now comes from one `git ls-tree`."""
    seen = {}
    for count in (2, 9):
        path = _history(ws, f"h{count}", count)
        first = run("log", path).output  # fills the caches
        output, counts = _object_reads(path)
        assert output == first and f"CR-{count:03d}" in output
        seen[count] = counts
    assert seen[9] == seen[2]


def test_a_walk_from_the_cache_is_the_walk_git_gives_and_a_bad_entry_is_a_miss(ws, tmp_path, monkeypatch):
    from contractkit import cache
    from contractkit.store import objects, walk

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = _history(ws, "p", 3)
    head = git_in(path, "rev-parse", "HEAD").strip()
    fresh = walk._walked(path, head)
    assert _walk_of(path) == fresh  # the first walk, kept
    kept = _walk_of(path)
    assert (kept.parents, kept.added, kept.versions, kept.texts) == (fresh.parents, fresh.added,
                                                                     fresh.versions, {})
    assert len(fresh.texts) == len({d for d in fresh.versions.values() if d}) > 0
    for bad in ({"parents": {}, "added": [], "versions": {}}, {"parents": 1}, ["x"]):
        cache.write_json("walk", walk._key(head, objects.repository_key(path / ".git")), bad)
        assert _walk_of(path) == fresh  # not of the shape a walk of this HEAD has: walked again
    edit(path / "project.yaml", "price: 1203", "price: 1204")
    run("change", path, "-m", "Change 4")
    assert "CR-004" in run("log", path).output  # a new HEAD, a new walk


def _walk_of(path):
    """The walk of path's HEAD, from the cache once one is kept."""
    from contractkit.store.walk import Walk

    return Walk(path).result()


def test_a_deleted_change_record_in_a_long_history_is_still_reported(ws):
    path = _history(ws, "p", 5)
    git_in(path, "rm", "-q", records.change_path("CR-003"))
    git_in(path, "commit", "-qm", "drop")
    result = run("log", path, ok=False)
    assert f"{records.change_path('CR-003')}: deleted after the commit that wrote it" in result.output
