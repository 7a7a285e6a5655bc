"""`clone --all` reads the repository names a gitolite server's `info` lists: a hostile or broken
server may list "studio/.." (the workspace's parent, then reported "already in the workspace"), a
hidden name or one that reads as an option. Only plain names under the namespace are cloned."""

from __future__ import annotations

import pytest

from contractkit.flows import studio

pytestmark = pytest.mark.security("inputs")

INFO = ("hello alice, this is gitolite 3.6\n\n R W\tstudio/acme\n R W\tstudio/..\n R W\tstudio/.\n"
        " R W\tstudio/.hidden\n R W\tstudio/-oProxyCommand=x\n R\tstudio/x/../../etc\n R W\tother/z\n"
        " R W\tstudio/blue-harbor.v2\n")


def test_only_plain_names_under_the_namespace_are_cloned(tmp_path, monkeypatch):
    fake = tmp_path / "ssh"
    (tmp_path / "info.txt").write_text(INFO, encoding="utf-8")
    fake.write_text(f"#!/bin/sh\ncat {tmp_path / 'info.txt'}\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("GIT_SSH_COMMAND", str(fake))
    # before: studio/.., studio/., studio/.hidden and studio/x/../../etc were listed too
    assert studio.namespace_repositories("git@host:studio/") == ["git@host:studio/acme",
                                                                 "git@host:studio/blue-harbor.v2"]
