"""Red team 13, B07: a forged signature record and tag with the right project hash were refused, but
only after rendering every document of the tag again, on every `status` (~30 s each): the verdict
was never remembered. It is now kept in the user's state folder for these very record bytes, tag
object, project and renderer versions, as approvals' failed checks are; another version of
contractkit judges it anew. The forgery never counts either way."""

from __future__ import annotations

import pytest

from contractkit.store import trust
from contractkit.store.repo import open_repo
from tests.security.gitfixtures import signed  # noqa: F401 - fixture

pytestmark = pytest.mark.security("forgery")


def test_a_mismatch_is_rendered_once_and_remembered(signed, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setenv("CONTRACTKIT_STATE", str(tmp_path / "victim"))  # the tag arrived by git
    renders = []

    def forged_documents(path, tag):  # what the tag's documents render to: not what its record says
        renders.append(tag)
        return {"contract.pdf": b"%PDF-1.7 other\n%%EOF\n"}

    with open_repo(signed) as repo:
        first = trust.problem(repo, signed, "contract", forged_documents)
        second = trust.problem(repo, signed, "contract", forged_documents)
    assert renders == ["contract"]  # the second verdict is read, not rendered
    assert first == second and "do not match the documents rendered again" in first
    assert "a forged or damaged record" in first or "other versions" in first
    monkeypatch.setattr(trust.versions, "current", lambda: {"contractkit": "99.0"})  # another renderer
    with open_repo(signed) as repo:
        assert "do not match the documents rendered again" in trust.problem(repo, signed, "contract",
                                                                             forged_documents)
    assert renders == ["contract", "contract"]  # judged anew, still not a signature


def test_a_record_that_cannot_be_rendered_now_is_not_remembered(signed, tmp_path, monkeypatch):  # noqa: F811
    from contractkit.errors import RenderError

    monkeypatch.setenv("CONTRACTKIT_STATE", str(tmp_path / "victim"))
    calls = []

    def broken(path, tag):
        calls.append(tag)
        raise RenderError("a font is missing")

    with open_repo(signed) as repo:
        assert "cannot be rendered again" in trust.problem(repo, signed, "contract", broken)
        assert "cannot be rendered again" in trust.problem(repo, signed, "contract", broken)
    assert calls == ["contract", "contract"]
