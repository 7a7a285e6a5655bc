"""Red team round 9 (#22), the findings the lead fixed.

B8.  A shared repository whose own config includes a file (a named pipe held git's upload-pack
     for the whole 120 s timeout, and the child stayed behind): a local remote's config must be a
     regular file with no include.path / includeIf, checked before git runs, on clone and sync.
B11. A teammate's plain-git edit of contractor.email (no change request, nothing signed) must not
     become the address of the approve links: the client's page and the change request sheet send
     the approval to the contractor's address as last signed, the one the contract names.
"""

from __future__ import annotations

import os
import re
import subprocess

from pypdf import PdfReader

from tests.conftest import run
from tests.security.gitfixtures import git_in


def _links(pdf) -> set[str]:
    found = set()
    for page in PdfReader(str(pdf)).pages:
        for annot in page.get("/Annots") or []:
            uri = (annot.get_object().get("/A") or {}).get("/URI")
            if uri and str(uri).startswith("mailto:"):
                found.add(str(uri)[7:].split("?")[0])
    return found


def test_a_teammates_edit_of_the_contractors_email_never_redirects_the_approval(ws):
    path = ws / "romashka"
    run("new", path, "--from-example", "romashka-site")
    run("sign", path, "--date", "2026-12-01")
    yaml = path / "project.yaml"
    text = yaml.read_text(encoding="utf-8")
    assert text.count("email: studio@example.ru") == 1
    yaml.write_text(text.replace("email: studio@example.ru", "email: studio@evil.example"), encoding="utf-8")
    git_in(path, "-c", "user.name=Teammate", "-c", "user.email=t@example.ru", "commit", "-qam", "contact")
    text = yaml.read_text(encoding="utf-8")
    yaml.write_text(text.replace("    title: Наполнение контентом, 20 страниц",
                                 "    title: Наполнение контентом, 30 страниц"), encoding="utf-8")
    run("change", path, "-m", "30 страниц", "--requested-on", "2026-12-10", "--estimate")
    sheet = next((path / "out").glob("cr-001-*.pdf"))
    assert _links(sheet) == {"studio@example.ru"}
    run("publish", path, "--out", ws / "site")
    html = (ws / "site" / "index.html").read_text(encoding="utf-8")
    assert set(re.findall(r'href="mailto:([^"?]+)', html)) == {"studio@example.ru"}


def test_a_local_remote_whose_config_includes_a_pipe_is_refused_at_once(ws):
    path = ws / "proj"
    run("new", path, "--from-example", "romashka-site")
    run("sign", path, "--date", "2026-12-01")
    server = ws / "server.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(path), str(server)], check=True)
    os.mkfifo(server / "fifo")
    subprocess.run(["git", "-C", str(server), "config", "include.path", "fifo"], check=True)
    out = run("clone", server, ws / "victim", ok=False).output
    assert "config includes other files (include.path / includeIf)" in out and "Traceback" not in out
    assert not (ws / "victim").exists()
    # the same share added after a clean clone: sync refuses before fetching
    config = server / "config"  # edited as text: git itself would block reading the pipe
    clean = config.read_text(encoding="utf-8").split("[include]")[0]
    config.write_text(clean, encoding="utf-8")
    run("clone", server, ws / "victim")
    config.write_text(clean + '[includeIf "gitdir:/"]\n\tpath = fifo\n', encoding="utf-8")
    out = run("sync", ws / "victim", ok=False).output
    assert "config includes other files" in out and "Traceback" not in out
