"""A "git bomb" from a teammate (red team 11, B7): a folder of ten folders that are all the same
folder, nine deep, is 10^9 paths in a few KB of objects. `sync` walked every path of it looking for
.gitattributes (390 MB and still going after 40 s), `clone` was killed at 978 MB, and the server's
guard diffed it for as long as it ran. Each distinct folder is now read once and a commit's tree
is bounded (gitfiles.MAX_TREE_PATHS, MAX_TREE_DEPTH) before anything walks, diffs or checks it out.
"""

from __future__ import annotations

import subprocess

import pytest

from contractkit.store import gitfiles
from tests.security.gitfixtures import ck, git_in, head, one_line_error, team  # noqa: F401 - fixture
from tests.security.test_guard_records import push, server  # noqa: F401 - fixture

pytestmark = pytest.mark.security("git-states")


def _git_input(path, args: list[str], data: str) -> str:
    return subprocess.run(["git", "-C", str(path), *args], input=data, capture_output=True, text=True,
                          check=True).stdout.strip()


def _bomb(path, levels: int = 9, then_remove: bool = False) -> str:
    """Commit, in the clone at path, an `assets` folder of 10^levels files made of `levels` trees."""
    blob = _git_input(path, ["hash-object", "-w", "--stdin"], "x")
    tree = _git_input(path, ["mktree"], "".join(f"100644 blob {blob}\tf{i}\n" for i in range(10)))
    for _ in range(levels - 1):
        tree = _git_input(path, ["mktree"], "".join(f"040000 tree {tree}\td{i}\n" for i in range(10)))
    root = _git_input(path, ["mktree"], git_in(path, "ls-tree", "HEAD") + f"040000 tree {tree}\tassets\n")
    commit = git_in(path, "-c", "user.name=Mate", "-c", "user.email=m@x", "commit-tree", root, "-p", "HEAD",
                    "-m", "Add brand assets").strip()
    if then_remove:  # the tip is clean; the bomb is in the history a sync walks
        commit = git_in(path, "-c", "user.name=Mate", "-c", "user.email=m@x", "commit-tree",
                        f"{commit}^^{{tree}}", "-p", commit, "-m", "Remove").strip()
    git_in(path, "update-ref", "refs/heads/main", commit)
    return commit


@pytest.mark.parametrize("then_remove", [False, True], ids=["at the tip", "inside the history"])
def test_sync_refuses_a_git_bomb_before_walking_it(team, then_remove):  # noqa: F811
    a, b = team
    _bomb(b, then_remove=then_remove)
    git_in(b, "push", "-q", "origin", "main")
    before = head(a)
    output = one_line_error(ck("sync", a))
    assert "more than 200,000 files and folders" in output and "assets/d0" in output, output
    assert head(a) == before and not (a / "assets").exists()


def test_clone_refuses_a_git_bomb_and_keeps_nothing(team, ws):  # noqa: F811
    _, b = team
    _bomb(b)
    git_in(b, "push", "-q", "origin", "main")
    output = one_line_error(ck("clone", ws / "origin.git", "c"))
    assert "more than 200,000 files and folders" in output, output
    assert not (ws / "c").exists()


def test_the_guard_refuses_a_git_bomb_before_diffing_it(server, ws):  # noqa: F811
    project, bare = server
    before = git_in(bare, "rev-parse", "refs/heads/main").strip()
    _bomb(project)
    result = push(project)
    assert result.returncode != 0 and "more than 200,000 files and folders" in result.stdout + result.stderr
    assert git_in(bare, "rev-parse", "refs/heads/main").strip() == before


def test_a_deep_tree_and_an_honest_big_one():
    """The bound itself: depth counted, each folder read once, a wide honest tree passes."""
    reads: list[str] = []
    tree = {"root": [("tree", "d", "a")], "d": [("tree", "d", "a")]}  # a folder inside itself
    problem = gitfiles.tree_problem(lambda sha: reads.append(sha) or tree[sha], "root")
    assert problem and "more than 64 deep" in problem
    wide = {"root": [("blob", f"b{i}", f"f{i}") for i in range(50_000)]}
    assert gitfiles.tree_problem(wide.__getitem__, "root") is None
    reads.clear()
    bomb = {f"t{n}": [("tree", f"t{n + 1}", f"d{i}") for i in range(10)] for n in range(8)}
    bomb["t8"] = [("blob", "x", f"f{i}") for i in range(10)]
    assert "more than 200,000" in gitfiles.tree_problem(lambda sha: reads.append(sha) or bomb[sha], "t0")
    assert len(reads) == len(set(reads)) <= 9  # each distinct folder read once
