"""Red team round 9 (#22), B11: a teammate's unsigned edit of `contractor.email` (plain git, no
change request) became the address of the client page's "approve" links, so the client's DKIM-signed
approval went to the teammate. The approve links, on the page and in the change request sheet, go
to the contractor's address in the last signed version."""

from __future__ import annotations

import re

import pytest

from contractkit.flows.output import estimate_parts
from tests.conftest import run
from tests.security.gitfixtures import git_in
from tests.test_billing import example

pytestmark = pytest.mark.security("letters")


@pytest.fixture
def pending(ws):
    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    text = (path / "project.yaml").read_text(encoding="utf-8")
    (path / "project.yaml").write_text(text.replace("20 страниц", "30 страниц", 1), encoding="utf-8")
    run("change", path, "-m", "30 страниц", "--requested-on", "2026-12-05", "--estimate")
    return path


def test_an_unsigned_edit_of_the_contractors_address_never_becomes_the_approve_link(pending, ws):
    text = (pending / "project.yaml").read_text(encoding="utf-8")
    assert "email: studio@example.ru" in text
    (pending / "project.yaml").write_text(text.replace("email: studio@example.ru", "email: studio@evil.example"),
                                          encoding="utf-8")
    git_in(pending, "-c", "user.name=Teammate", "-c", "user.email=t@example.ru", "commit", "-qam", "contact")
    run("publish", pending, "--out", ws / "site")
    page = (ws / "site" / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r"mailto:([^\"?]*)", page))
    assert links == {"studio@example.ru"}, links
    _, _, context, _, _ = estimate_parts(pending, "CR-001")
    assert context["approve"]["link"].startswith("mailto:studio@example.ru?")
