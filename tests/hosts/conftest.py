"""Fixtures of the real-server suite (make test-hosts): a studio's git server over SSH (OpenSSH
and gitolite3) and over HTTPS (nginx, fcgiwrap, git-http-backend), each on 127.0.0.1."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from tests.hosts import servers


class Host:
    """One server, seen as the tests use it: an address per repository, each teammate's
    environment, the bare repository on disk, and a way to make it vanish and come back."""

    def __init__(self, kind: str, server, home: Path):
        self.kind, self.server, self.home = kind, server, home

    def create(self, repo: str) -> Path:
        if self.bare(repo).exists():
            return self.bare(repo)
        if self.kind == "ssh":
            rules = getattr(self, "_rules", "")
            self._rules = rules + f"repo {repo}\n    RW+ = alice\n    RW = bob\n    R = mallory\n\n"
            self.server.configure(self._rules)
            return self.server.bare(repo)
        return self.server.create(repo)

    def url(self, repo: str) -> str:
        return self.server.url(repo)

    def env(self, user: str) -> dict[str, str]:
        if self.kind == "ssh":
            return self.server.env(user)
        return self.server.env(self.home / f"home-{user}", user)

    def wrong_credentials(self) -> dict[str, str]:
        if self.kind == "ssh":
            stranger = servers._keygen(self.home / "stranger")  # a key the server never saw
            return {"GIT_SSH_COMMAND": self.server.ssh_command("alice").replace(
                str(self.server.keys["alice"]), str(stranger))}
        return self.server.env(self.home / "home-wrong", "alice", "not-her-password")

    def bare(self, repo: str) -> Path:
        return self.server.bare(repo) if self.kind == "ssh" else self.server.repos / f"{repo}.git"

    def vanish(self) -> None:
        """The server goes away at once: its listener and every process serving a request. Server
        processes are told by what only they carry: gitolite's HOME, git-http-backend's project
        root, or a server program's own command line (never the client's, which names the key
        and the certificate under the same folder)."""
        root = str(self.server.root)
        markers = [f"HOME={root}/gitolite-home".encode(), f"GIT_PROJECT_ROOT={root}/repos".encode()]
        programs = (b"sshd", b"nginx", b"fcgiwrap", b"sshd:")
        for pid in os.listdir("/proc"):
            if not pid.isdigit() or int(pid) == os.getpid():
                continue
            try:
                environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            program = Path(cmdline.split(b"\0", 1)[0].decode(errors="replace")).name.encode()
            serving = any(m in environ for m in markers)
            server = program.split(b" ")[0] in programs and root.encode() in cmdline
            if serving or server:
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self.server.stop()

    def restart(self) -> None:
        port = self.server.port
        if self.kind == "ssh":
            self.server.restart(port)
        else:
            self.server.restart(port)


def _need(*programs: str) -> None:
    gone = servers.missing(*programs)
    if gone:
        pytest.skip(f"not installed: {', '.join(gone)} (make test-hosts installs them with apt-get as root)")


@pytest.fixture
def ssh_host(tmp_path):
    _need(servers.SSHD, servers.GITOLITE, "/usr/bin/ssh-keygen")
    server = servers.Gitolite(tmp_path / "ssh").start()
    yield Host("ssh", server, tmp_path)
    server.stop()


@pytest.fixture
def https_host(tmp_path):
    _need(servers.NGINX, servers.FCGIWRAP, servers.HTTP_BACKEND, "/usr/bin/openssl")
    server = servers.HttpsGit(tmp_path / "https").start()
    yield Host("https", server, tmp_path)
    server.stop()


@pytest.fixture(params=["ssh", "https"])
def host(request):
    return request.getfixturevalue(f"{request.param}_host")
