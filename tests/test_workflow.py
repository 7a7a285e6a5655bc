"""The scope-change workflow end to end, through the CLI on real git repositories."""

import os
from pathlib import Path

import git
import pytest

from tests.conftest import run
from tests.readback import docx_text, normal, pdf_pages
from tests.scenario_edits import RU_CONTENT, RU_CONTENT_30_AND_BLOG  # noqa: F401 - used by other tests too

NB = "\u00a0"


def git_children() -> list[str]:
    """git processes whose parent is this test process (GitPython's cat-file, say)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().split()
        except OSError:
            continue
        if fields[1] == "(git)" and int(fields[3]) == os.getpid():
            found.append(fields[0])
    return found


@pytest.fixture(autouse=True)
def no_leftover_git_processes():
    yield
    assert git_children() == []


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def texts(paths: list[str]) -> tuple[str, str]:
    docx = next(p for p in paths if p.endswith(".docx"))
    pdf = next(p for p in paths if p.endswith(".pdf"))
    return normal(docx_text(docx)), normal(" ".join(pdf_pages(pdf)))




def test_ru_scenario_end_to_end(ws):
    run("new", "romashka", "--from-example", "romashka-site")
    project = ws / "romashka" / "project.yaml"
    out = run("sign", "romashka", "--date", "2026-12-01", "--by", "Кузнецова М. С.").output
    assert "signed contract on 2026-12-01: 8 file(s) hashed, tag contract" in out

    edit(project, RU_CONTENT, RU_CONTENT_30_AND_BLOG)
    out = run("change", "romashka", "-m", "Блог и 30 страниц", "--requested-on", "2026-12-10",
              "--reason", "Заказчик решил вести блог").output.replace(NB, " ")
    assert "recorded CR-001 (scope)" in out
    assert "money: 243 500,00 ₽ +49 250,00 ₽ = 292 750,00 ₽" in out
    assert "extra prepayment on signing the addendum: 24 625,00 ₽" in out
    assert "completion: 2027-01-26 -> 2027-02-05" in out
    assert "not to be started until the addendum is signed: blog" in out

    docx, pdf = texts(run("addendum", "romashka", "--date", "2026-12-15").output.split())
    for text in (docx, pdf):
        assert "ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ № 1" in text
        assert "к Договору № 2026-031 от 1 декабря 2026 г." in text
        assert "Первоначальная цена Договора 243 500,00 ₽" in text
        assert "Изменение цены предыдущими дополнительными соглашениями 0,00 ₽" in text
        assert "Изменение цены настоящим Соглашением +49 250,00 ₽" in text
        assert "Новая цена Договора 292 750,00 ₽" in text
    assert "увеличить цену Договора на 49 250 (сорок девять тысяч двести пятьдесят) рублей 00 копеек" in docx
    assert "Новая цена Договора составляет 292 750 (двести девяносто две тысячи семьсот пятьдесят) рублей 00 копеек" in docx
    assert "24 625 (двадцать четыре тысячи шестьсот двадцать пять) рублей 00 копеек" in docx
    assert "Окончательный платёж составляет 146 375 (сто сорок шесть тысяч триста семьдесят пять) рублей 00 копеек" in docx
    assert "окончание этапа — 28 января 2027 г. вместо 26 января 2027 г." in docx
    assert "с 29 января 2027 г. по 5 февраля 2027 г." in docx
    assert ("5 февраля 2027 г. (при поступлении дополнительной предоплаты не позднее 28 января 2027 г.; "
            "ранее — 26 января 2027 г.") in docx  # the blog, from 29 January, waits for the prepayment
    assert "остаются неизменными" in docx

    run("sign", "romashka", "--date", "2026-12-15")
    edit(project, RU_CONTENT_30_AND_BLOG.split("  - id: blog")[0], "")
    edit(project, "  - id: content\n", "")
    out = run("change", "romashka", "-m", "Контент заполняет Заказчик", "--requested-on",
              "2027-01-12").output.replace(NB, " ")
    assert "money: 292 750,00 ₽ −27 750,00 ₽ = 265 000,00 ₽" in out
    docx, pdf = texts(run("addendum", "romashka", "--date", "2027-01-14").output.split())
    for text in (docx, pdf):
        assert "ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ № 2" in text
        assert "Изменение цены предыдущими дополнительными соглашениями +49 250,00 ₽" in text
        assert "Цена Договора до настоящего Соглашения 292 750,00 ₽" in text
        assert "Изменение цены настоящим Соглашением −27 750,00 ₽" in text
        assert "Новая цена Договора 265 000,00 ₽" in text
    assert "двести шестьдесят пять тысяч) рублей 00 копеек" in docx
    assert "Дополнительная предоплата не требуется" in docx
    assert "Окончательный платёж составляет 118 625 (сто восемнадцать тысяч шестьсот двадцать пять) рублей 00 копеек" in docx
    assert "28 января 2027 г. (ранее — 5 февраля 2027 г." in docx
    assert "к Договору № 2026-031 от 1 декабря 2026 г. в редакции Дополнительного соглашения № 1 от 15 декабря 2026 г. (далее — «Договор»)" in docx
    run("sign", "romashka", "--date", "2027-01-14")

    log = run("log", "romashka").output.replace(NB, " ")
    assert "addendum-1    signed   +49 250,00 ₽ -> total 292 750,00 ₽, completion 2027-02-05" in log
    assert "addendum-2    signed   −27 750,00 ₽ -> total 265 000,00 ₽, completion 2027-01-28" in log
    with git.Repo(ws / "romashka") as repo:
        assert {t.name for t in repo.tags} == {"contract", "addendum-1", "addendum-2"}
        assert all(t.tag is not None for t in repo.tags)  # annotated


def test_en_scenario_end_to_end(ws):
    run("new", "harbor", "--lang", "en")
    project = ws / "harbor" / "project.yaml"
    run("sign", "harbor", "--date", "2026-11-30", "--by", "Priya Shah", "--by", "Alex Morgan")
    edit(project, "\npayment:", """  - id: ordering
    title: Online ordering integration
    acceptance:
      - Orders placed online reach the bakery's order screen
    revisions: 1
    hours: 24
    days: 4

payment:""")
    out = run("change", "harbor", "-m", "Online ordering", "--requested-on", "2026-12-08",
              "--estimate").output
    assert "money: $12,200.00 +$2,280.00 = $14,480.00" in out
    assert "extra prepayment on signing the addendum: $912.00" in out
    assert "completion: 2027-01-06 -> 2027-01-12" in out
    estimate = next(p for p in out.split() if p.endswith("cr-001-NW-2026-11.docx"))
    text = normal(docx_text(estimate))
    assert "CHANGE REQUEST CR-001" in text and "+4 business days" in text
    assert "$2,280.00 (24 hours at $95.00)" in text and "January 12, 2027 (currently January 6, 2027)" in text

    docx, pdf = texts(run("addendum", "harbor", "--date", "2026-12-09").output.split())
    for text in (docx, pdf):
        assert "CHANGE ORDER No. 1" in text
        assert "to Agreement No. NW-2026-11 dated November 30, 2026" in text
        assert "Original contract sum $12,200.00" in text
        assert "Net change by previous change orders $0.00" in text
        assert "Change by this Change Order +$2,280.00" in text
        assert "New contract sum $14,480.00" in text
        assert "New completion date January 12, 2027" in text
    assert "an increase of $2,280.00 (two thousand two hundred eighty US dollars)" in docx
    assert "$912.00 (nine hundred twelve US dollars)" in docx
    assert "The new contract sum is $14,480.00 (fourteen thousand four hundred eighty US dollars)" in docx
    assert "This Change Order amends the Agreement; all other terms are unchanged" in docx
    out = run("sign", "harbor", "--date", "2026-12-09").output
    assert "signed addendum-1 on 2026-12-09" in out


@pytest.fixture
def signed(ws):
    run("new", "p", "--lang", "en")
    run("sign", "p", "--date", "2026-11-30")
    return ws / "p"


def test_sign_refuses_uncommitted_edits_and_nothing_new(ws, signed):
    assert "nothing changed since the last signature (contract)" in run("sign", "p", "--date", "2026-12-01", ok=False).output
    edit(signed / "project.yaml", "price: 1200", "price: 1300")
    out = run("sign", "p", "--date", "2026-12-01", ok=False).output
    assert "project.yaml has uncommitted edits" in out and "contractkit change" in out
    assert "price: 1300" in (signed / "project.yaml").read_text()  # the user's edit is kept


def test_sign_refuses_an_invalid_committed_file(ws):
    run("new", "p", "--lang", "en")
    edit(ws / "p" / "project.yaml", "price: 1200", "price: -1")
    with git.Repo(ws / "p") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("broken")
    assert "deliverables[0].price: must be greater than 0" in run("sign", "p", "--date", "2026-11-30", ok=False).output


def test_change_before_signing_and_without_edits(ws):
    run("new", "p", "--lang", "en")
    edit(ws / "p" / "project.yaml", "price: 1200", "price: 1300")
    assert "the contract is not signed yet" in run("change", "p", "-m", "x", ok=False).output
    run("new", "q", "--lang", "en")
    run("sign", "q", "--date", "2026-11-30")
    assert "no edits to record" in run("change", "q", "-m", "x", ok=False).output


def test_change_with_invalid_edit_is_refused_and_nothing_committed(ws, signed):
    edit(signed / "project.yaml", "price: 1200", "price: 0")
    out = run("change", "p", "-m", "bad", ok=False).output
    assert "deliverables[0].price: must be greater than 0" in out
    with git.Repo(signed) as repo:
        assert repo.head.commit.message.startswith("Sign contract")


def test_timeline_only_change(ws, signed):
    edit(signed / "project.yaml", "    price: 6800\n", "    price: 6800\n    delay: 3\n")
    out = run("change", "p", "-m", "Client photos late", "--requested-by", "contractor",
              "--reason", "Product photos arrived 3 days late").output
    assert "recorded CR-001 (timeline)" in out
    assert "money: $12,200.00 ±$0.00 = $12,200.00" in out
    assert "deadline theme: 2027-01-04 -> 2027-01-07" in out


def test_reject_reverts_the_edit_and_keeps_history(ws, signed):
    original = (signed / "project.yaml").read_text()
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    run("change", "p", "-m", "Bigger discovery")
    edit(signed / "project.yaml", "price: 750", "price: 800")
    run("change", "p", "-m", "Longer training")
    out = run("reject", "p", "CR-001", "--reason", "client declined").output
    assert "rejected CR-001" in out
    text = (signed / "project.yaml").read_text()
    assert "price: 1200" in text and "price: 800" in text
    assert text == original.replace("price: 750", "price: 800")
    log = run("log", "p").output
    assert "CR-001        rejected (client declined)" in log and "CR-002        proposed" in log
    with git.Repo(signed) as repo:
        messages = [c.message.splitlines()[0] for c in repo.iter_commits()]
    assert messages[0].startswith("Reject CR-001: client declined (reverts ")
    assert "CR-001: Bigger discovery" in messages
    assert "is rejected, only a proposed change" in run("reject", "p", "CR-001", ok=False).output
    assert "no change request CR-009" in run("reject", "p", "CR-009", ok=False).output


def test_reject_refuses_when_there_are_uncommitted_edits(ws, signed):
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    run("change", "p", "-m", "x")
    edit(signed / "project.yaml", "price: 750", "price: 999")
    assert "uncommitted edits" in run("reject", "p", "CR-001", ok=False).output
    assert "price: 999" in (signed / "project.yaml").read_text()


def test_status_and_render_warn_about_unrecorded_edits(ws, signed):
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    out = run("status", "p").output
    assert "warning: project.yaml has unrecorded edits to the signed scope" in out
    assert "next: 'contractkit change -m TITLE'" in out
    result = run("render", "p", "--doc", "brief", "--format", "html")
    assert "unrecorded edits to the signed scope (contract)" in result.output


def test_status_shows_pending_work_not_to_start(ws, signed):
    edit(signed / "project.yaml", "\npayment:", "  - id: extra\n    title: Extra\n    price: 100\n    days: 1\n\npayment:")
    run("change", "p", "-m", "Extra page", "--requested-on", "2026-12-01")
    out = run("status", "p").output
    assert "pending: CR-001 Extra page (+$100.00" in out
    assert "not to be started until the addendum is signed: extra" in out


def test_diff_between_versions_and_text(ws, signed):
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    out = run("diff", "p").output
    assert "against contract -> working" in out and "price: $1,200.00 -> $1,500.00" in out
    run("change", "p", "-m", "x")
    out = run("diff", "p", "contract", "CR-001", "--text").output
    assert "-    price: 1200" in out and "+    price: 1500" in out
    assert "unknown version 'nope'" in run("diff", "p", "nope", ok=False).output
    assert "is not a version" in run("diff", "p", "--", "--upload-pack=evil", ok=False).output


def test_verify(ws, signed):
    pdf = signed / "out" / "contract-NW-2026-11.pdf"
    assert "matches contract-NW-2026-11.pdf signed as contract on 2026-11-30" in run("verify", "p", pdf).output
    tampered = signed / "tampered.pdf"
    tampered.write_bytes(pdf.read_bytes() + b"\n")
    assert "NOT a signed document" in run("verify", "p", tampered, ok=False).output


def test_signed_versions_re_render_byte_identical_from_their_tags(ws, signed):
    from contractkit.flows.signing.reproduce import reproduce
    from contractkit.store import history
    from contractkit.store.repo import open_repo

    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    run("change", "p", "-m", "x")
    run("sign", "p", "--date", "2026-12-02")
    edit(signed / "project.yaml", "price: 750", "price: 800")  # later, unrelated edits
    with open_repo(signed) as repo:
        records = history.signatures(repo)
    for record in records:
        files = reproduce(signed, record.tag)
        from contractkit.store.files import sha256
        assert {name: sha256(data) for name, data in files.items()} == record.files


def test_signed_tags_are_never_moved(ws, signed):
    with git.Repo(signed) as repo:
        before = repo.tags["contract"].commit.hexsha
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    run("change", "p", "-m", "x")
    run("sign", "p", "--date", "2026-12-02")
    edit(signed / "project.yaml", "price: 750", "price: 800")
    run("change", "p", "-m", "y")
    with git.Repo(signed) as repo:
        assert repo.tags["contract"].commit.hexsha == before
        stray = repo.create_tag("addendum-2", message="someone else's").commit.hexsha
    out = run("sign", "p", "--date", "2026-12-03", ok=False).output
    assert "tag addendum-2 already exists; a signed tag is never moved" in out  # not a signature, not moved
    with git.Repo(signed) as repo:
        assert repo.tags["addendum-2"].commit.hexsha == stray


def test_hooks_of_a_project_do_not_run(ws, signed):
    hook = signed / ".git" / "hooks" / "pre-commit"
    marker = ws / "hook-ran"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\n")
    hook.chmod(0o755)
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    run("change", "p", "-m", "x")
    assert not marker.exists()


def test_sign_on_the_drafts_own_day_warns_of_nothing(ws, signed):
    edit(signed / "project.yaml", "price: 1200", "price: 1300")
    run("change", "p", "-m", "Dearer", "--requested-on", "2026-12-04")
    run("addendum", "p", "--date", "2026-12-05")
    out = run("sign", "p", "--date", "2026-12-05").output
    assert "signed addendum-1 on 2026-12-05" in out
    assert "differs" not in out and "as drafted on" not in out


def test_an_addendum_dated_before_a_change_it_signs_is_warned_of(ws, signed):
    """An addendum that recites a notice or request dated after itself contradicts itself (the new
    user's review: «от 15 декабря» reciting «уведомление … от 17 декабря»): `addendum` and `sign`
    say so, with the date to use."""
    edit(signed / "project.yaml", "price: 1200", "price: 1300")
    run("change", "p", "-m", "Dearer", "--requested-on", "2026-12-10")
    early = run("addendum", "p", "--date", "2026-12-05").output
    assert "warning: dated 2026-12-05, before 2026-12-10, the date of CR-001 it signs" in early
    assert "date it 2026-12-10 or later" in early
    assert "before 2026-12-10" not in run("addendum", "p", "--date", "2026-12-10").output
    refused = run("sign", "p", "--date", "2026-12-05", ok=False).output  # signed before it was drafted
    assert "the draft is dated 2026-12-10, after the signing date 2026-12-05" in refused
    signed_early = run("sign", "p", "--date", "2026-12-05", "--redraft").output
    assert "warning: dated 2026-12-05, before 2026-12-10, the date of CR-001 it signs" in signed_early
