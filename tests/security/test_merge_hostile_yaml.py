"""Red team round 5 (issue 22): sync's merge by meaning read the three versions of project.yaml with
ruamel's round-trip parser before any of load's checks, so a remote's nested aliases expanded
without limit (CPU and memory) and 5,000 nested brackets crashed sync; the guard let `&é0` anchors
through because its parser (libyaml) could not read them and it took that as "not YAML". Now each
version passes load's checks first (size, nesting, anchors and aliases, with load's parser) and the
guard refuses what that parser cannot read, and deep nesting."""

from __future__ import annotations

import subprocess

import pytest

from contractkit.errors import RepositoryError
from contractkit.flows.guard_yaml import anchors
from contractkit.store.merge import merge_texts
from tests.security.gitfixtures import ck, git_in, head, one_line_error

pytestmark = pytest.mark.security("merge")

LEVELS = 4  # 10**4 copies; keep at 5 or below on a shared machine


def bomb(letter: str = "a") -> str:
    out = f"notes:\n  {letter}0: &{letter}0 [1,1,1,1,1,1,1,1,1,1]\n"
    for i in range(1, LEVELS + 1):
        out += f"  {letter}{i}: &{letter}{i} [" + ",".join([f"*{letter}{i - 1}"] * 10) + "]\n"
    return out


DEEP = "notes: " + "[" * 5000 + "]" * 5000 + "\n"


def _title(text: str) -> str:
    return text.replace("\ntitle: ", "\ntitle: Ltd ", 1)


@pytest.mark.parametrize("extra", [bomb("a"), bomb("é"), DEEP], ids=["aliases", "non-ascii-anchors", "deep"])
def test_the_merge_refuses_a_remote_text_load_refuses_before_parsing_it(team, extra):
    a, _ = team
    base = (a / "project.yaml").read_text(encoding="utf-8")
    theirs = base + extra
    with pytest.raises(RepositoryError) as caught:
        merge_texts(base.encode(), _title(base).encode(), theirs.encode(),
                    versions=("the common version", "your version", "the remote's version 1234567890"))
    line = str(caught.value)
    assert "\n" not in line and line.startswith("project.yaml in the remote's version 1234567890:"), line
    assert line.endswith("nothing was merged, your work is as it was"), line
    expected_line = base.count("\n") + (1 if extra is DEEP else 2)
    assert f":{expected_line}:" in line or f":{expected_line} " in line, line
    assert "nesting deeper" in line if extra is DEEP else ("anchor" in line or "invalid YAML" in line), line


def test_the_merge_refuses_an_alias_in_any_of_the_three_versions(team):
    a, _ = team
    base = (a / "project.yaml").read_text(encoding="utf-8")
    for i, version in enumerate(("the common version", "your version", "the remote's version")):
        texts = [base, _title(base), base.replace("\nid: ", "\nid: ", 1) + "notes: {n: 1}\n"]
        texts[i] = texts[i] + bomb("a")
        with pytest.raises(RepositoryError, match=f"^project.yaml in {version}:"):
            merge_texts(*(t.encode() for t in texts))


def _remote_pushes(team, extra: str):
    """b pushes a hostile project.yaml with plain git (a remote without a guard); a edited the title."""
    a, b = team
    (b / "project.yaml").write_text((b / "project.yaml").read_text(encoding="utf-8") + extra, encoding="utf-8")
    git_in(b, "commit", "-qam", "notes")
    git_in(b, "push", "-q", "origin", "HEAD:main")
    (a / "project.yaml").write_text(_title((a / "project.yaml").read_text(encoding="utf-8")), encoding="utf-8")
    git_in(a, "commit", "-qam", "title")
    return a, b


@pytest.mark.parametrize("extra", [bomb("a"), bomb("é"), DEEP], ids=["aliases", "non-ascii-anchors", "deep"])
def test_sync_of_a_hostile_remote_is_one_line_and_merges_nothing(team, ws, extra):
    a, b = _remote_pushes(team, extra)
    before, remote = head(a), git_in(ws / "origin.git", "rev-parse", "refs/heads/main").strip()
    output = one_line_error(ck("sync", a))
    assert "project.yaml in the remote's version " in output, output  # this code, not an installed copy's
    assert len([x for x in output.splitlines() if x.startswith("error: ")]) == 1, output
    assert head(a) == before and git_in(a, "status", "--porcelain").strip() == ""
    assert git_in(ws / "origin.git", "rev-parse", "refs/heads/main").strip() == remote
    assert "Sync: merge" not in git_in(a, "log", "--all", "--format=%s")


@pytest.mark.parametrize("extra, words", [
    ("notes:\n  é0: &é0 [1,1]\n  é1: *é0\n", "project.yaml: line 3: invalid YAML"),
    ("notes:\n  x: &x: 1\n  y: *x:\n", "project.yaml: line"),
    (DEEP, "nesting deeper than"),
], ids=["non-ascii-anchor", "colon-anchor", "deep"])
def test_the_guard_check_refuses_what_load_refuses_before_parsing(extra, words):
    reasons = anchors("abc project.yaml", "id: x\n" + extra)
    assert len(reasons) == 1 and "\n" not in reasons[0] and words.replace("project.yaml", "abc project.yaml") \
        in reasons[0], reasons


def test_the_guard_check_passes_a_plain_text_with_ampersands():
    assert anchors("abc project.yaml", "id: x\ntitle: Smith & Sons * 2\n") == []


@pytest.fixture
def guarded(team, ws):
    a, _ = team
    installed = ck("guard", "--install", ws / "origin.git")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return a, ws / "origin.git"


@pytest.mark.parametrize("extra, words", [
    ("notes:\n  é0: &é0 [1,1]\n  é1: *é0\n", "project.yaml: line"),
    (DEEP, "nesting deeper than"),
], ids=["non-ascii-anchor", "deep"])
def test_the_guard_refuses_a_push_of_them(guarded, extra, words):
    a, bare = guarded
    before = git_in(bare, "rev-parse", "refs/heads/main").strip()
    (a / "project.yaml").write_text((a / "project.yaml").read_text(encoding="utf-8") + extra, encoding="utf-8")
    git_in(a, "commit", "-qam", "notes")
    result = subprocess.run(["git", "-C", str(a), "push", "origin", "HEAD:main"], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "contractkit guard: refused:" in output and words in output, output
    assert "Traceback" not in output and "could not check" not in output, output
    assert git_in(bare, "rev-parse", "refs/heads/main").strip() == before
