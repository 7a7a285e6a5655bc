"""A studio's shared workspace: every project of the server fetched with one command and synced
with one more, each project reported on its own line."""

from __future__ import annotations

import pytest

from tests.conftest import run
from tests.hosts.test_hosts import LAST, deliverable
from tests.security.gitfixtures import ck, edit, git_in, head

pytestmark = pytest.mark.hosts


def studio(ws, host, names):
    """Alice puts several signed projects on the server; their addresses."""
    urls = []
    for name in names:
        repo = f"studio/{name}" if host.kind == "ssh" else name
        host.create(repo)
        run("new", name, "--lang", "en")
        run("sign", name, "--date", "2026-11-30")
        git_in(ws / name, "remote", "add", "origin", host.url(repo))
        assert ck("sync", ws / name, env=host.env("alice")).returncode == 0
        urls.append(host.url(repo))
    return urls


def test_a_teammate_fetches_and_syncs_the_whole_studio(ws, host, tmp_path):
    names = ["acme", "bistro", "clinic"]
    urls = studio(ws, host, names)
    bobs = tmp_path / "bob-workspace"
    bobs.mkdir()
    if host.kind == "ssh":  # gitolite lists what bob may read under studio/
        namespace = urls[0].rsplit("/", 1)[0] + "/"
        fetched = ck("clone", "--all", namespace, bobs, env=host.env("bob"))
    else:  # plain HTTPS has no listing: the studio keeps a list of addresses
        listing = tmp_path / "projects.txt"
        listing.write_text("# the studio's projects\n" + "\n".join(urls) + "\n")
        fetched = ck("clone", "--list", listing, bobs, env=host.env("bob"))
    assert fetched.returncode == 0, fetched.stdout + fetched.stderr
    assert "3 of 3 cloned" in fetched.stdout
    assert sorted(p.name for p in bobs.iterdir()) == names
    for name in names:
        assert head(bobs / name) == head(ws / name)

    edit(ws / "bistro" / "project.yaml", LAST, LAST + deliverable("seo", 900))
    run("change", ws / "bistro", "-m", "SEO audit")
    assert ck("sync", ws / "bistro", env=host.env("alice")).returncode == 0
    synced = ck("sync", "--all", bobs, env=host.env("bob"))
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert "3 of 3 synced" in synced.stdout
    assert head(bobs / "bistro") == head(ws / "bistro")
    assert "SEO audit" in ck("log", bobs / "bistro").stdout
    listed = ck("list", bobs)
    assert listed.returncode == 0 and all(n in listed.stdout for n in names)


def test_one_project_failing_stops_only_that_project(ws, host, tmp_path):
    names = ["acme", "bistro"]
    urls = studio(ws, host, names)
    bobs = tmp_path / "bob-workspace"
    bobs.mkdir()
    listing = tmp_path / "projects.txt"
    listing.write_text("\n".join(urls) + "\n")
    assert ck("clone", "--list", listing, bobs, env=host.env("bob")).returncode == 0
    hook = host.bare("studio/acme" if host.kind == "ssh" else "acme") / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'acme is frozen' >&2\nexit 1\n")
    hook.chmod(0o755)
    for name in names:
        edit(bobs / name / "project.yaml", LAST, LAST + deliverable("seo", 900))
        run("change", bobs / name, "-m", "SEO audit")
    synced = ck("sync", "--all", bobs, env=host.env("bob"))
    assert synced.returncode == 1
    assert "acme: failed: " in synced.stdout and "acme is frozen" in synced.stdout
    assert "1 of 2 synced, 1 failed" in synced.stdout
    assert "Traceback" not in synced.stdout + synced.stderr
    bare = host.bare("studio/bistro" if host.kind == "ssh" else "bistro")
    assert git_in(bare, "rev-parse", "refs/heads/main").strip() == head(bobs / "bistro")
