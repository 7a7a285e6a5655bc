"""The signed version is the document the client signed (review-en3 C1): `sign` hashes the draft's
bytes, never re-dates the text, and refuses a re-render that differs from the copy in out/.

ESIGN Act §101(d)-(e) (15 U.S.C. §7001) and UETA §12: a record retained must accurately reflect
the one signed; the signing date belongs to the signature, not to a rewritten text."""

import shutil

import git
from ruamel.yaml import YAML

from tests.conftest import run
from tests.readback import docx_text, normal, pdf_pages
from tests.test_workflow import edit

NB = "\u00a0"


def _text(path) -> str:
    return normal(" ".join(pdf_pages(str(path)))).replace(NB, " ")


def _sent(project, pattern: str, tmp_path) -> list:
    """Copies of the drafts in out/, as the client received them by e-mail."""
    sent = tmp_path / "sent"
    sent.mkdir(exist_ok=True)
    found = sorted((project / "out").glob(pattern))
    assert found
    return [shutil.copy(p, sent / p.name) for p in found]


def _record(project, tag: str) -> dict:
    return YAML(typ="safe").load((project / ".contractkit" / "signatures" / f"{tag}.yaml").read_text())


def test_en_change_order_drafted_on_day_1_signed_on_day_2_verifies_as_sent(ws, tmp_path):
    run("new", "p", "--lang", "en")
    project = ws / "p"
    run("sign", "p", "--date", "2026-11-30")
    edit(project / "project.yaml", "price: 1200", "price: 1300")
    run("change", "p", "-m", "Dearer", "--requested-on", "2026-12-04")
    run("addendum", "p", "--date", "2026-12-05")
    sent = _sent(project, "addendum-1*", tmp_path)
    out = run("sign", "p", "--date", "2026-12-06").output
    assert "signed addendum-1 on 2026-12-06" in out
    assert "addendum-1: signed on 2026-12-06 as drafted on 2026-12-05" in out
    for copy in sent:  # the client's own copy is the signed one
        assert "signed as addendum-1 on 2026-12-06" in run("verify", "p", copy).output
    pdf = next(p for p in sent if str(p).endswith(".pdf"))
    text = _text(pdf)
    assert ("This Change Order is made as of the date of the last signature below "
            "(the “CO Effective Date”)") in text
    assert "takes effect on the CO Effective Date" in text
    assert "Change Order is made on" not in text
    assert "5 December 2026" not in text and "6 December 2026" not in text  # no computed date of its own
    docx = normal(docx_text(str(next(p for p in sent if str(p).endswith(".docx")))))
    assert "made as of the date of the last signature below" in docx
    record = _record(project, "addendum-1")
    assert str(record["date"]) == "2026-12-06" and str(record["drafted"]) == "2026-12-05"
    with git.Repo(project) as repo:
        assert "2026-12-06" in repo.tags["addendum-1"].tag.message


def test_ru_addendum_keeps_the_drafts_date_and_says_the_signing_date_differs(ru_project, tmp_path):
    from tests.scenario_edits import RU_CONTENT, RU_CONTENT_30_AND_BLOG

    run("sign", ru_project, "--date", "2026-12-01")
    edit(ru_project / "project.yaml", RU_CONTENT, RU_CONTENT_30_AND_BLOG)
    run("change", ru_project, "-m", "Блог", "--requested-on", "2026-12-10")
    run("addendum", ru_project, "--date", "2026-12-11")
    sent = _sent(ru_project, "addendum-1*", tmp_path)
    out = run("sign", ru_project, "--date", "2026-12-14").output
    assert "addendum-1: signed on 2026-12-14 as drafted on 2026-12-11" in out
    for copy in sent:
        assert "signed as addendum-1 on 2026-12-14" in run("verify", ru_project, copy).output
    text = _text(next(p for p in sent if str(p).endswith(".pdf")))
    assert "11 декабря 2026" in text and "14 декабря 2026" not in text  # dated as drafted, not re-dated
    # rendered again from the history, the signed addendum is the same bytes (reproduce)
    signed = {p.name: p.read_bytes() for p in sent}
    shutil.rmtree(ru_project / "out")
    run("addendum", ru_project, "1")
    for name, data in signed.items():
        assert (ru_project / "out" / name).read_bytes() == data


def test_sign_refuses_a_render_that_differs_from_the_draft_sent_unless_redraft(ws):
    run("new", "p", "--lang", "en")
    project = ws / "p"
    run("sign", "p", "--date", "2026-11-30")
    edit(project / "project.yaml", "price: 1200", "price: 1300")
    run("change", "p", "-m", "Dearer", "--requested-on", "2026-12-04")
    run("addendum", "p", "--date", "2026-12-05")
    edit(project / "project.yaml", "price: 1300", "price: 1400")  # edited after the draft was sent
    run("change", "p", "-m", "Dearer still", "--requested-on", "2026-12-05")
    with git.Repo(project) as repo:
        head = repo.head.commit.hexsha
    out = run("sign", "p", "--date", "2026-12-06", ok=False).output
    assert out.count("\n") <= 2 and "out/addendum-1-" in out
    assert "the draft in out/ differs from the version to sign" in out and "--redraft" in out
    with git.Repo(project) as repo:  # nothing recorded
        assert repo.head.commit.hexsha == head and "addendum-1" not in {t.name for t in repo.tags}
    out = run("sign", "p", "--date", "2026-12-06", "--redraft").output
    assert "signed addendum-1 on 2026-12-06" in out and "as drafted on" not in out
    pdf = next((project / "out").glob("addendum-1*.pdf"))
    assert "1,400.00" in _text(pdf).replace("$", "")
    assert "signed as addendum-1" in run("verify", "p", pdf).output


def test_contract_rendered_then_signed_later_verifies_and_names_the_event(ws, tmp_path):
    """Exhibit 2 names the signature as the event; a date computed from an assumed signing day
    would differ from the invoice's (review-en3 M6)."""
    run("new", "p", "--lang", "en")
    project = ws / "p"
    run("render", "p")
    sent = _sent(project, "*", tmp_path)
    run("sign", "p", "--date", "2026-12-09")
    checked = 0
    for copy in sent:
        if not copy.name.startswith("brief"):
            assert "signed as contract on 2026-12-09" in run("verify", "p", copy).output
            checked += 1
    assert checked >= 4
    payments = _text(next(p for p in sent if p.name.startswith("payments") and p.name.endswith(".pdf")))
    assert "after this Agreement is signed" in payments
    assert "signed (by" not in payments
