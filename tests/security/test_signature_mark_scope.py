"""Red team round 3 (#5): the remembered-signature mark was keyed by the record's bytes alone. A
planted repository with the same signed project.yaml and record bytes under its own annotated tag,
opened first on a fresh machine, made the genuine project's clone fail ("the tag was replaced")."""

from __future__ import annotations

import subprocess

import pytest

from tests.security.gitfixtures import ck, git_in, machine, team  # noqa: F401 - fixture

pytestmark = pytest.mark.security("clone-trust")


def test_a_planted_copy_checked_first_does_not_block_the_genuine_clone(team, ws, tmp_path):  # noqa: F811
    genuine = team[0]
    copy = ws / "copy"
    copy.mkdir()
    git_in(copy, "init", "-q", "-b", "main")
    for name in ("project.yaml", ".contractkit/signatures/contract.yaml"):
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(subprocess.run(["git", "-C", str(genuine), "show", f"contract:{name}"],
                                          capture_output=True, check=True).stdout)
    git_in(copy, "add", ".")
    git_in(copy, "commit", "-qm", "look at this")
    git_in(copy, "tag", "-a", "contract", "-m", "contract")
    fresh = machine(tmp_path, "fresh")
    assert ck("status", copy, env=fresh).returncode == 0  # checked against a re-render, remembered
    result = ck("clone", genuine.parent / "origin.git", ws / "real", env=fresh)
    assert result.returncode == 0, result.stdout + result.stderr
    status = ck("status", ws / "real", env=fresh)
    assert status.returncode == 0 and "ignored signature" not in status.stderr, status.stderr
    assert "replaced" not in status.stdout + status.stderr
