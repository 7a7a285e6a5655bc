"""Real git servers on 127.0.0.1 for the tests, each started in a temporary folder and stopped
after: OpenSSH's sshd in front of gitolite3, and nginx with fcgiwrap and git-http-backend over
HTTPS with basic auth. Nothing listens anywhere but the loopback address; nothing is installed
or changed outside the folder (the Debian packages come from scripts/system-deps.sh hosts)."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

SSHD, GITOLITE = "/usr/sbin/sshd", "/usr/bin/gitolite"
GITOLITE_SHELL = "/usr/share/gitolite3/gitolite-shell"
NGINX, FCGIWRAP = "/usr/sbin/nginx", "/usr/sbin/fcgiwrap"
HTTP_BACKEND = "/usr/lib/git-core/git-http-backend"


def _die_with_the_tests() -> None:
    """In the server's process before it starts: it gets SIGTERM if the test process dies, so a
    killed pytest leaves no server running (Linux prctl PR_SET_PDEATHSIG)."""
    import ctypes

    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)
    except OSError:
        pass


def missing(*programs: str) -> list[str]:
    return [p for p in programs if not os.access(p, os.X_OK)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path, seconds: float = 20) -> None:
    """Until the port accepts a connection; a server that exits first fails with its log."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds} s: "
                       f"{log.read_text(errors='replace') if log.exists() else ''}")


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _keygen(path: Path) -> Path:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", path.name, "-f", str(path)],
                   check=True, stdin=subprocess.DEVNULL)
    return path


@dataclass
class Gitolite:
    """sshd on 127.0.0.1:port whose only keys run gitolite-shell, gitolite's HOME in `root`."""

    root: Path
    users: tuple[str, ...] = ("alice", "bob", "mallory")
    port: int = 0
    process: subprocess.Popen | None = None
    keys: dict[str, Path] = field(default_factory=dict)

    @property
    def home(self) -> Path:
        return self.root / "gitolite-home"

    def start(self) -> Gitolite:
        self.root.mkdir(parents=True, exist_ok=True)
        self.home.mkdir()
        for user in ("admin", *self.users):
            self.keys[user] = _keygen(self.root / user)
        host_key = _keygen(self.root / "host_key")
        env = {**os.environ, "HOME": str(self.home)}
        subprocess.run([GITOLITE, "setup", "-pk", str(self.keys["admin"]) + ".pub"], env=env,
                       check=True, capture_output=True, stdin=subprocess.DEVNULL)
        keydir = self.home / ".gitolite" / "keydir"
        for user in self.users:
            shutil.copy(f"{self.keys[user]}.pub", keydir / f"{user}.pub")
        self.configure("")
        self.port = self.port or free_port()
        me = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout.strip()
        config = self.root / "sshd_config"
        config.write_text("\n".join([
            f"Port {self.port}", "ListenAddress 127.0.0.1", f"HostKey {host_key}",
            f"PidFile {self.root / 'sshd.pid'}", f"AuthorizedKeysFile {self.home / '.ssh' / 'authorized_keys'}",
            "StrictModes no", "UsePAM no", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes", "PermitRootLogin prohibit-password", f"AllowUsers {me}",
            "LogLevel ERROR", "PrintMotd no", "",
        ]))
        Path("/run/sshd").mkdir(exist_ok=True) if os.geteuid() == 0 else None
        log = self.root / "sshd.log"
        self.process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stdout=log.open("wb"),
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        start_new_session=True, preexec_fn=_die_with_the_tests)
        wait_for_port(self.port, self.process, log)
        scan = subprocess.run(["ssh-keygen", "-l", "-f", f"{host_key}.pub"], capture_output=True, check=True)
        assert scan.returncode == 0
        (self.root / "known_hosts").write_text(
            f"[127.0.0.1]:{self.port} {Path(f'{host_key}.pub').read_text().split()[0]} "
            f"{Path(f'{host_key}.pub').read_text().split()[1]}\n")
        self.user = me
        return self

    def configure(self, repositories: str) -> None:
        """gitolite.conf with these repository rules (after gitolite-admin's), compiled, and the
        authorized keys rewritten so each runs gitolite-shell with gitolite's HOME."""
        conf = self.home / ".gitolite" / "conf" / "gitolite.conf"
        conf.write_text("repo gitolite-admin\n    RW+ = admin\n\n" + repositories)
        env = {**os.environ, "HOME": str(self.home)}
        for step in (["compile"], ["trigger", "POST_COMPILE"]):
            subprocess.run([GITOLITE, *step], env=env, check=True, capture_output=True,
                           stdin=subprocess.DEVNULL)
        keys = self.home / ".ssh" / "authorized_keys"
        # sshd starts each session with a clean environment: the server's guard takes the suite's
        # day (tests/conftest.py: its deals run through 2027), as the http server inherits it
        today = os.environ.get("CONTRACTKIT_TODAY", "")
        day = f" CONTRACTKIT_TODAY={today}" if today else ""
        keys.write_text(keys.read_text().replace(
            f'command="{GITOLITE_SHELL} ', f'command="env HOME={self.home}{day} {GITOLITE_SHELL} '))

    def restart(self, port: int) -> None:
        config = self.root / "sshd_config"
        log = self.root / "sshd.log"
        self.process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stdout=log.open("ab"),
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        start_new_session=True, preexec_fn=_die_with_the_tests)
        wait_for_port(port, self.process, log)

    def url(self, repo: str) -> str:
        return f"ssh://{self.user}@127.0.0.1:{self.port}/{repo}"

    def ssh_command(self, user: str) -> str:
        return (f"ssh -i {self.keys[user]} -o IdentitiesOnly=yes -o BatchMode=yes "
                f"-o UserKnownHostsFile={self.root / 'known_hosts'} -o StrictHostKeyChecking=yes "
                "-o ConnectTimeout=10")

    def env(self, user: str) -> dict[str, str]:
        """What a teammate's shell has: their key in GIT_SSH_COMMAND (the user's environment)."""
        return {"GIT_SSH_COMMAND": self.ssh_command(user)}

    def bare(self, repo: str) -> Path:
        return self.home / "repositories" / f"{repo}.git"

    def stop(self) -> None:
        stop(self.process)


@dataclass
class HttpsGit:
    """nginx on 127.0.0.1:port over TLS (a self-signed certificate), basic auth, fcgiwrap running
    git-http-backend over the bare repositories in `root/repos`."""

    root: Path
    users: dict[str, str] = field(default_factory=lambda: {"alice": "alice-secret", "bob": "bob-secret"})
    port: int = 0
    processes: list = field(default_factory=list)

    @property
    def repos(self) -> Path:
        return self.root / "repos"

    @property
    def ca(self) -> Path:
        return self.root / "cert.pem"

    def start(self) -> HttpsGit:
        self.root.mkdir(parents=True, exist_ok=True)
        self.repos.mkdir()
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                        "-keyout", str(self.root / "key.pem"), "-out", str(self.ca)],
                       check=True, capture_output=True, stdin=subprocess.DEVNULL)
        (self.root / "htpasswd").write_text("".join(
            f"{u}:{{SHA}}{base64.b64encode(hashlib.sha1(p.encode()).digest()).decode()}\n"
            for u, p in self.users.items()))
        self.port = free_port()
        for folder in ("tmp", "logs"):
            (self.root / folder).mkdir()
        self._launch()
        return self

    def restart(self, port: int) -> None:
        self.processes = []
        (self.root / "fcgiwrap.sock").unlink(missing_ok=True)
        self._launch()

    def _launch(self) -> None:
        socket_path = self.root / "fcgiwrap.sock"
        log = self.root / "fcgiwrap.log"
        fcgi = subprocess.Popen([FCGIWRAP, "-s", f"unix:{socket_path}", "-c", "2"], stdout=log.open("wb"),
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True, preexec_fn=_die_with_the_tests)
        self.processes.append(fcgi)
        end = time.monotonic() + 10
        while not socket_path.exists() and time.monotonic() < end:
            time.sleep(0.02)
        conf = self.root / "nginx.conf"
        me = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout.strip()
        worker = f"user {me};" if os.geteuid() == 0 else ""  # the workers read this folder as we do
        conf.write_text(f"""
{worker}
daemon off;
master_process on;
worker_processes 1;
pid {self.root}/nginx.pid;
error_log {self.root}/logs/error.log warn;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {self.root}/tmp/body;
  fastcgi_temp_path {self.root}/tmp/fastcgi;
  proxy_temp_path {self.root}/tmp/proxy;
  uwsgi_temp_path {self.root}/tmp/uwsgi;
  scgi_temp_path {self.root}/tmp/scgi;
  client_max_body_size 0;
  server {{
    listen 127.0.0.1:{self.port} ssl;
    ssl_certificate {self.ca};
    ssl_certificate_key {self.root}/key.pem;
    location / {{
      auth_basic "git";
      auth_basic_user_file {self.root}/htpasswd;
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME {HTTP_BACKEND};
      fastcgi_param GIT_PROJECT_ROOT {self.repos};
      fastcgi_param GIT_HTTP_EXPORT_ALL "";
      fastcgi_param PATH_INFO $uri;
      fastcgi_param REMOTE_USER $remote_user;
      fastcgi_pass unix:{socket_path};
    }}
  }}
}}
""")
        log = self.root / "logs" / "nginx.out"
        nginx = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(self.root)], stdout=log.open("wb"),
                                 stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True, preexec_fn=_die_with_the_tests)
        self.processes.append(nginx)
        wait_for_port(self.port, nginx, self.root / "logs" / "error.log")

    def create(self, name: str) -> Path:
        """A bare repository that accepts pushes over HTTP (http.receivepack)."""
        bare = self.repos / f"{name}.git"
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
        subprocess.run(["git", "-C", str(bare), "config", "http.receivepack", "true"], check=True)
        return bare

    def url(self, name: str, user: str | None = None, password: str | None = None) -> str:
        auth = f"{user}:{password}@" if user else ""
        return f"https://{auth}127.0.0.1:{self.port}/{name}.git"

    def env(self, home: Path, user: str, password: str | None = None) -> dict[str, str]:
        """A teammate's trusted set-up: their global git config trusts the studio's certificate and
        keeps their password in a credential store (never typed: GIT_TERMINAL_PROMPT=0)."""
        home.mkdir(parents=True, exist_ok=True)
        store = home / ".git-credentials"
        store.write_text(f"https://{user}:{password or self.users[user]}@127.0.0.1:{self.port}\n")
        store.chmod(0o600)
        config = home / ".gitconfig"
        config.write_text(f"[user]\n\tname = {user}\n\temail = {user}@studio.example\n"
                          f"[http]\n\tsslCAInfo = {self.ca}\n"
                          f"[credential]\n\thelper = store --file={store}\n")
        # The CA is the user's choice; GIT_SSL_CAINFO (which a machine may set) outranks the config.
        return {"GIT_CONFIG_GLOBAL": str(config), "HOME": str(home), "GIT_SSL_CAINFO": str(self.ca)}

    def stop(self) -> None:
        for process in reversed(self.processes):
            stop(process)
