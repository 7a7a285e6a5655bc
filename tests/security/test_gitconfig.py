"""Class 3: git configuration that runs programs. The repository's own configuration is untrusted:
whatever key, scope or syntax it uses, nothing it names runs, and doctor never calls it ok."""

from __future__ import annotations

import subprocess

import git
import pytest

from contractkit.store import gitenv
from tests.conftest import run
from tests.security.gitfixtures import ck, edit, git_in, one_line_error

pytestmark = pytest.mark.security("gitconfig")


def _config(project, text: str) -> None:
    with open(project / ".git" / "config", "a", encoding="utf-8") as handle:
        handle.write(text)


# Each payload: (what it adds to .git/config, a file it needs in the tree, the command that would
# have run it). `{m}` is the marker file the payload would create.
PAYLOADS = {
    "one-line filter section": ('[filter "x"] clean = touch {m}\n', {".gitattributes": "* filter=x\n"},
                                ("change", "-m", "x")),
    "filter smudge and process": ('[filter "y"]\n\tsmudge = touch {m}\n\tprocess = touch {m}\n',
                                  {".gitattributes": "*.yaml filter=y\n"}, ("change", "-m", "x")),
    "mixed-case keys": ('[FiLtEr "Z"]\n\tCLEAN = touch {m}\n', {".gitattributes": "* filter=Z\n"},
                        ("change", "-m", "x")),
    "fsmonitor": ("[core]\n\tfsmonitor = touch {m}\n", {}, ("change", "-m", "x")),
    "pager": ("[core]\n\tpager = touch {m}\n[pager]\n\tlog = touch {m}\n", {}, ("log",)),
    "diff textconv": ('[diff "t"]\n\ttextconv = touch {m}\n', {".gitattributes": "*.yaml diff=t\n"},
                      ("diff", "--text")),
    "external diff": ("[diff]\n\texternal = touch {m}\n", {}, ("diff", "--text")),
    "merge driver": ('[merge "d"]\n\tdriver = touch {m}\n', {".gitattributes": "* merge=d\n"},
                     ("change", "-m", "x")),
    "credential helper": ("[credential]\n\thelper = !touch {m}\n", {}, ("change", "-m", "x")),
    "ssh command": ("[core]\n\tsshCommand = touch {m}\n", {}, ("change", "-m", "x")),
    "hooks path into the tree": ("[core]\n\thooksPath = .\n", {"post-commit": "#!/bin/sh\ntouch {m}\n"},
                                 ("change", "-m", "x")),
    "askpass": ("[core]\n\taskPass = touch {m}\n", {}, ("change", "-m", "x")),
    "signing program with gpgSign": ("[tag]\n\tgpgSign = true\n[gpg]\n\tprogram = touch {m}\n", {},
                                     ("sign", "--date", "2026-12-02")),
    "ssh defaultKeyCommand with tag.gpgSign": (
        "[tag]\n\tgpgSign = true\n[gpg]\n\tformat = ssh\n[gpg \"ssh\"]\n\tdefaultKeyCommand = touch {m}\n"
        "\tprogram = touch {m}\n", {}, ("sign", "--date", "2026-12-02")),
    "commit signing": ("[commit]\n\tgpgSign = true\n[gpg]\n\tprogram = touch {m}\n", {},
                       ("change", "-m", "x")),
    "include of a file in the tree": ("[include]\n\tpath = ../evil.cfg\n",
                                      {"evil.cfg": '[filter "x"]\n\tclean = touch {m}\n',
                                       ".gitattributes": "* filter=x\n"}, ("change", "-m", "x")),
    "includeIf gitdir": ('[includeIf "gitdir:/"]\n\tpath = ../evil.cfg\n',
                         {"evil.cfg": "[core]\n\tfsmonitor = touch {m}\n"}, ("change", "-m", "x")),
    "alternate refs command": ("[core]\n\talternateRefsCommand = touch {m}\n", {}, ("change", "-m", "x")),
    "core.worktree elsewhere": ("[core]\n\tworktree = /tmp\n", {}, ("status",)),
    "partial clone promisor": ("[extensions]\n\tpartialClone = origin\n[remote \"origin\"]\n"
                               "\tpromisor = true\n", {}, ("status",)),
}


@pytest.mark.parametrize("name", PAYLOADS)
def test_repository_config_is_refused_and_nothing_runs(signed, ws, name):
    text, files, command = PAYLOADS[name]
    marker = ws / "pwned"
    _config(signed, text.format(m=marker))
    for file, content in files.items():
        target = signed / (".git/hooks/" + file if file == "post-commit" else file)
        target.write_text(content.format(m=marker))
        target.chmod(0o755)
    if "hooksPath" in text:
        (signed / "post-commit").write_text(files["post-commit"].format(m=marker))
        (signed / "post-commit").chmod(0o755)
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    if command[0] == "sign":
        run("change", "p", "-m", "x", ok=None)
    output = one_line_error(ck(command[0], signed, *command[1:]))
    assert "which contractkit does not accept in a project's own git configuration" in output
    doctor = ck("doctor", signed)
    assert doctor.returncode == 1 and "error:" in doctor.stdout and "ok" not in doctor.stdout.split()
    assert not marker.exists()


def test_worktree_scoped_filter_is_refused(signed, ws):
    marker = ws / "pwned"
    git_in(signed, "config", "extensions.worktreeConfig", "true")
    git_in(signed, "config", "--worktree", "filter.w.clean", f"touch {marker}")
    (signed / ".gitattributes").write_text("* filter=w\n")
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    output = one_line_error(ck("change", signed, "-m", "x"))
    assert "config.worktree sets filter.w.clean" in output
    assert ck("doctor", signed).returncode == 1
    assert not marker.exists()


def test_remote_uploadpack_and_receivepack_are_refused_during_sync(team, ws):
    a, b = team
    marker = ws / "pwned"
    _config(b, f'[remote "origin"]\n\tuploadpack = touch {marker}; git-upload-pack\n'
               f'\treceivepack = touch {marker}; git-receive-pack\n')
    output = one_line_error(ck("sync", b))
    assert "remote.origin.uploadpack, remote.origin.receivepack" in output
    assert not marker.exists()


def test_an_ext_transport_in_an_allowed_url_key_runs_nothing(team, ws):
    """remote.*.url is allowed; the transports git may use are not: ext:: never runs."""
    a, b = team
    marker = ws / "pwned"
    git_in(b, "remote", "set-url", "origin", f"ext::sh -c touch% {marker}")
    output = one_line_error(ck("sync", b))
    assert "the remote is now origin ext::" in output  # not the address b was cloned from
    output = one_line_error(ck("sync", b, "--new-remote"))
    assert "git ls-remote failed" in output
    assert not marker.exists()


def test_hooks_never_run_even_from_the_default_hooks_folder(signed, ws):
    marker = ws / "pwned"
    for hook in ("pre-commit", "commit-msg", "post-commit", "reference-transaction", "post-checkout"):
        path = signed / ".git" / "hooks" / hook
        path.write_text(f"#!/bin/sh\ntouch {marker}\n")
        path.chmod(0o755)
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    run("change", "p", "-m", "x")
    run("sign", "p", "--date", "2026-12-02")
    assert not marker.exists()


def test_every_git_process_gets_the_forced_settings(monkeypatch):
    env = gitenv.overrides()
    forced = {env[f"GIT_CONFIG_KEY_{i}"]: env[f"GIT_CONFIG_VALUE_{i}"] for i in range(int(env["GIT_CONFIG_COUNT"]))}
    assert forced["core.hooksPath"] == "/dev/null" and forced["core.fsmonitor"] == "false"
    assert forced["protocol.allow"] == "never" and forced["protocol.ext.allow" if False else "protocol.file.allow"]
    assert env["GIT_TERMINAL_PROMPT"] == "0" and env["GIT_ASKPASS"] == "" and env["GIT_PROTOCOL_FROM_USER"] == "0"
    assert env["GIT_SSH_COMMAND"] == "ssh -o BatchMode=yes"
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")  # the user's own -c settings come first, ours after
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "user.name")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "Mine")
    env = gitenv.overrides()
    assert "GIT_CONFIG_KEY_0" not in env and env["GIT_CONFIG_KEY_1"] == "core.hooksPath"


def test_the_users_global_config_keeps_working(signed, ws, tmp_path, monkeypatch):
    """Global configuration is the user's: their ssh command stays, their tag signing runs."""
    ran = tmp_path / "home" / "my-gpg-ran"
    program = tmp_path / "home" / "my-gpg"
    program.write_text(f"#!/bin/sh\ntouch {ran}\ncat >/dev/null\necho '-----BEGIN PGP SIGNATURE-----'\n"
                       "echo 'x'\necho '-----END PGP SIGNATURE-----'\necho '[GNUPG:] SIG_CREATED ' >&2\n")
    program.chmod(0o755)
    with open(tmp_path / "home" / ".gitconfig", "a", encoding="utf-8") as handle:
        handle.write(f"[tag]\n\tgpgSign = true\n[gpg]\n\tprogram = {program}\n[user]\n\tsigningkey = me\n"
                     "[core]\n\tsshCommand = ssh -i ~/.ssh/my_key\n")
    assert "GIT_SSH_COMMAND" not in gitenv.overrides()
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    run("change", "p", "-m", "x")
    run("sign", "p", "--date", "2026-12-02")
    assert ran.exists()
    assert "BEGIN PGP SIGNATURE" in git_in(signed, "cat-file", "-p", "addendum-1")


def test_a_repository_config_that_git_cannot_parse_is_one_line(signed):
    _config(signed, "[core\n\tbroken\n")
    output = one_line_error(ck("status", signed))
    assert "cannot read the repository's configuration" in output


def test_a_plain_clone_and_a_new_project_pass_the_allow_list(team):
    a, b = team
    for side in (a, b):
        with git.Repo(side):
            pass
        assert subprocess.run(["git", "-C", str(side), "config", "--local", "--list"], capture_output=True,
                              check=True).returncode == 0
        assert ck("doctor", side).returncode == 0
