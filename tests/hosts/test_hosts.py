"""clone and sync against real servers a studio runs: OpenSSH + gitolite3, and nginx +
git-http-backend over HTTPS with basic auth. Every step a teammate takes goes through the CLI in
its own process, with that teammate's own environment (their key, their credential store)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.conftest import run
from tests.security.gitfixtures import ck, edit, git_in, head, one_line_error
from tests.security.test_merge import LAST, deliverable

pytestmark = pytest.mark.hosts


def shared(ws, host, name="acme"):
    """Alice starts and signs a project and puts it on the studio's server with `sync`."""
    host.create(f"studio/{name}" if host.kind == "ssh" else name)
    run("new", name, "--lang", "en")
    run("sign", name, "--date", "2026-11-30")
    url = host.url(f"studio/{name}" if host.kind == "ssh" else name)
    git_in(ws / name, "remote", "add", "origin", url)
    result = ck("sync", ws / name, env=host.env("alice"))
    assert result.returncode == 0, result.stdout + result.stderr
    return ws / name, url


def test_clone_then_sync_between_two_teammates(ws, host):
    alice, url = shared(ws, host)
    cloned = ck("clone", url, "bob-acme", env=host.env("bob"), cwd=ws)
    assert cloned.returncode == 0, cloned.stdout + cloned.stderr
    bob = ws / "bob-acme"
    assert head(bob) == head(alice)
    assert "contract" in git_in(bob, "tag")
    assert ck("doctor", bob).returncode == 0

    edit(alice / "project.yaml", LAST, LAST + deliverable("seo", 900))
    run("change", alice, "-m", "SEO audit")
    assert ck("sync", alice, env=host.env("alice")).returncode == 0
    synced = ck("sync", bob, env=host.env("bob"))
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert head(bob) == head(alice)
    assert "CR-001" in ck("log", bob).stdout and "SEO audit" in ck("log", bob).stdout
    assert git_in(host.bare(url.rsplit("/", 2)[-2] + "/acme" if host.kind == "ssh" else "acme"),
                  "rev-parse", "refs/heads/main").strip() == head(alice)


def _sync_process(path, env) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "contractkit", "sync", str(path)],
                            env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, stdin=subprocess.DEVNULL)


def test_two_teammates_sync_at_the_same_time_and_nothing_is_lost(ws, host):
    alice, url = shared(ws, host)
    assert ck("clone", url, "bob-acme", env=host.env("bob"), cwd=ws).returncode == 0
    bob = ws / "bob-acme"
    edit(alice / "project.yaml", LAST, LAST + deliverable("seo", 900))
    run("change", alice, "-m", "SEO audit")
    edit(bob / "project.yaml", LAST, LAST + deliverable("photos", 400))
    run("change", bob, "-m", "Photo shoot")
    both = [_sync_process(alice, host.env("alice")), _sync_process(bob, host.env("bob"))]
    results = [(p.wait(timeout=300), *p.communicate()) for p in both]
    assert any(code == 0 for code, _, _ in results), results
    for code, out, err in results:
        assert "Traceback" not in out + err
        if code != 0:  # the later push found the branch moved: one line, and a retry works
            assert err.startswith("error: "), err
    for _ in range(2):
        for side, user in ((alice, "alice"), (bob, "bob")):
            again = ck("sync", side, env=host.env(user))
            assert again.returncode == 0, again.stdout + again.stderr
    assert head(alice) == head(bob)
    log = ck("log", alice).stdout
    assert "SEO audit" in log and "Photo shoot" in log


def test_wrong_credentials_give_one_line_and_never_a_prompt(ws, host, tmp_path):
    """Nothing asks for a password: a prompt program the user's environment names (GIT_ASKPASS,
    SSH_ASKPASS, forced) is never run, and no prompt is written; with standard input closed there
    is then nothing to wait for (the timeout only stops a broken run, it is not what is tested)."""
    alice, url = shared(ws, host)
    asked = tmp_path / "asked"
    askpass = tmp_path / "askpass"
    askpass.write_text(f"#!/bin/sh\necho \"$@\" >> {asked}\necho not-her-password\n")
    askpass.chmod(0o755)
    prompts = {"GIT_ASKPASS": str(askpass), "SSH_ASKPASS": str(askpass), "SSH_ASKPASS_REQUIRE": "force",
               "DISPLAY": ":0"}
    result = ck("clone", url, "eve", env={**host.wrong_credentials(), **prompts}, cwd=ws, timeout=120)
    one_line_error(result)
    assert not asked.exists(), asked.read_text()  # no prompt was ever shown
    assert not any(p in (result.stdout + result.stderr).lower() for p in ("username for", "password for",
                                                                          "passphrase for", "password:"))
    assert not (ws / "eve").exists()
    if host.kind != "ssh":  # no credential at all: plain git runs the prompt program, contractkit never
        home = tmp_path / "nobody"
        home.mkdir()
        (home / ".gitconfig").write_text(f"[http]\n\tsslCAInfo = {host.server.ca}\n")
        nobody = {"HOME": str(home), "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
                  "GIT_SSL_CAINFO": str(host.server.ca), **prompts}
        subprocess.run(["git", "ls-remote", url], env={**os.environ, **nobody}, capture_output=True,
                       stdin=subprocess.DEVNULL, timeout=120, check=False)
        assert asked.exists()  # the probe sees a prompt when there is one
        asked.unlink()
        one_line_error(ck("clone", url, "eve", env=nobody, cwd=ws, timeout=120))
        assert not asked.exists() and not (ws / "eve").exists()
    message = result.stderr.lower()
    assert ("authentication failed" in message or "permission denied" in message
            or "could not read from remote" in message), result.stderr


def _hook(bare, body: str) -> None:
    hook = bare / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\n" + body)
    hook.chmod(0o755)


def _bare(host, url):
    return host.bare("studio/acme" if host.kind == "ssh" else "acme")


def test_a_server_that_vanishes_mid_push_loses_nothing_and_a_retry_works(ws, host, tmp_path):
    alice, url = shared(ws, host)
    bare = _bare(host, url)
    marker = tmp_path / "push-started"
    _hook(bare, f"touch {marker}\nsleep 60\n")
    edit(alice / "project.yaml", LAST, LAST + deliverable("seo", 900))
    run("change", alice, "-m", "SEO audit")
    mine = head(alice)
    sync = _sync_process(alice, host.env("alice"))
    end = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < end:
        time.sleep(0.05)
    assert marker.exists(), "the push never reached the server"
    host.vanish()
    code, (out, err) = sync.wait(timeout=120), sync.communicate()
    assert code != 0 and "Traceback" not in out + err and err.startswith("error: "), out + err
    assert head(alice) == mine  # the change request is still there, committed
    assert git_in(bare, "rev-parse", "refs/heads/main").strip() != mine
    (bare / "hooks" / "pre-receive").unlink()
    host.restart()
    retry = ck("sync", alice, env=host.env("alice"))
    assert retry.returncode == 0, retry.stdout + retry.stderr
    assert git_in(bare, "rev-parse", "refs/heads/main").strip() == mine


def test_a_push_the_server_refuses_shows_the_servers_words(ws, host):
    alice, url = shared(ws, host)
    _hook(_bare(host, url), "echo 'studio policy: acme is frozen until the audit on 12-15' >&2\nexit 1\n")
    edit(alice / "project.yaml", LAST, LAST + deliverable("seo", 900))
    run("change", alice, "-m", "SEO audit")
    result = ck("sync", alice, env=host.env("alice"))
    one_line_error(result)
    assert "studio policy: acme is frozen until the audit on 12-15" in result.stderr
