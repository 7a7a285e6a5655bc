"""Issue 22, round 5 follow-up: the guard ran only part of load's YAML checks (nesting over 1,000,
and anchors when the text held '&' or '*'), so a project.yaml that load refuses (nesting 65-1,000,
invalid YAML, a duplicate key, a control character, a value too long, bytes that are not UTF-8) was
accepted by a guarded server while every machine's `check` and `sync` refused it. Now load, sync's
merge and the guard share one check of the file and its YAML (yamltree.checked_text: size, UTF-8,
parse_yaml): whatever load refuses as a file, the other two refuse."""

from __future__ import annotations

import subprocess

import pytest

from contractkit.errors import ProjectFileError
from contractkit.flows.guard_yaml import project_yaml
from contractkit.load import load_project
from contractkit.resources import EXAMPLES
from contractkit.store.merge import checked
from tests.security.gitfixtures import git_in
from tests.security.test_merge_hostile_yaml import guarded  # noqa: F401 - fixture

pytestmark = pytest.mark.security("merge")

VALID = (EXAMPLES / "blue-harbor-shop" / "project.yaml").read_bytes()


def block_nesting(levels: int) -> str:
    return "notes:\n" + "".join(f"{'  ' * (i + 1)}k{i}:\n" for i in range(levels)) + f"{'  ' * (levels + 1)}x: 1\n"


HOSTILE = {
    "flow nesting 100, no & or *": VALID + b"notes: " + b"[" * 100 + b"]" * 100 + b"\n",
    "block nesting 70, no & or *": VALID + block_nesting(70).encode(),
    "invalid YAML": VALID + b"notes: [unclosed\n",
    "a duplicate key": VALID + b"notes: 1\nnotes: 2\n",
    "a control character": VALID + b"notes: a\x07b\n",
    "a value too long": VALID + b"notes: " + b"x" * 20_001 + b"\n",
    "a bidi override": VALID + "notes: a\u202eb\n".encode(),
    "not UTF-8": VALID + b"notes: \xff\n",
    "a list at the top": b"- id: x\n",
    "empty": b"\n",
    "an anchor": VALID + b"notes:\n  a: &a [1]\n  b: *a\n",
    "a non-ASCII anchor": VALID + "notes:\n  é0: &é0 [1]\n  é1: *é0\n".encode(),
    "nesting 5,000": VALID + b"notes: " + b"[" * 5000 + b"]" * 5000 + b"\n",
}


def _load(data: bytes, tmp_path):
    (tmp_path / "project.yaml").write_bytes(data)
    return load_project(tmp_path / "project.yaml")


def test_load_the_merge_and_the_guard_accept_a_valid_project(tmp_path):
    _load(VALID, tmp_path)
    assert checked(VALID, "the remote's version") and project_yaml("abc project.yaml", VALID) == []


@pytest.mark.parametrize("case", list(HOSTILE))
def test_what_load_refuses_the_merge_and_the_guard_refuse(case, tmp_path):
    data = HOSTILE[case]
    with pytest.raises(ProjectFileError):
        _load(data, tmp_path)
    with pytest.raises(ProjectFileError) as merged:
        checked(data, "the remote's version")
    reasons = project_yaml("abc project.yaml", data)
    assert len(reasons) == 1 and "\n" not in reasons[0] and reasons[0].startswith("abc project.yaml: "), reasons
    # the same problem, found by the same check
    assert merged.value.problems[0].message in reasons[0], (merged.value.problems[0].message, reasons)


@pytest.mark.parametrize("extra, words", [
    (b"notes: " + b"[" * 100 + b"]" * 100 + b"\n", "nesting deeper than 64 levels"),
    (b"notes: 1\nnotes: 2\n", "duplicate key"),
], ids=["nesting 100", "duplicate key"])
def test_the_guard_refuses_a_push_load_would_refuse(guarded, extra, words):  # noqa: F811
    a, bare = guarded
    before = git_in(bare, "rev-parse", "refs/heads/main").strip()
    (a / "project.yaml").write_bytes((a / "project.yaml").read_bytes() + extra)
    git_in(a, "commit", "-qam", "notes")
    result = subprocess.run(["git", "-C", str(a), "push", "origin", "HEAD:main"], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "contractkit guard: refused:" in output and "project.yaml" in output and words in output, output
    assert "Traceback" not in output and "could not check" not in output, output
    assert git_in(bare, "rev-parse", "refs/heads/main").strip() == before
