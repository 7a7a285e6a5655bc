"""A project's own look may not put payment details on a document that the deal does not have.

Red team 10 (B9, "related, plainer") and red team 11 (B4): a look folder's `ru/invoice.html.j2`
with `{{ bank.account }}` replaced by a typed account: `invoice` billed the client to it, and a
teammate's plain-git edit of the look after signing reached the victim's next invoice through a
plain `sync`. Now billing documents use the look as the last signed version holds it, and every
document made with a project's look is refused when its text shows an account number, IBAN, BIC
or SWIFT code the template was not given from project.yaml, or its CSS writes digits.
"""

from __future__ import annotations

import git
import pytest
from pypdf import PdfReader

from contractkit.render import requisites
from contractkit.resources import TEMPLATES
from tests.conftest import run
from tests.security.gitfixtures import ck, git_in, one_line_error

pytestmark = pytest.mark.security("templates")
ACCOUNT = "40802810600001234567"  # the example's contractor.bank.account
FAKE = "40702810900000000666"


def _looked(ws, name: str, old: str = "", new: str = "", template: str = "invoice.html.j2"):
    """The romashka example with its own look (a bundled template, old -> new in it), signed."""
    project = ws / name
    run("new", name, "--from-example", "romashka-site")
    (project / "look" / "ru").mkdir(parents=True)
    text = (TEMPLATES / "ru" / template).read_text(encoding="utf-8")
    assert old in text
    (project / "look" / "ru" / template).write_text(text.replace(old, new, 1) if old else text,
                                                    encoding="utf-8")
    with (project / "project.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\ntemplates:\n  html: look\n")
    git_in(project, "add", "-A")
    git_in(project, "commit", "-qm", "our look")
    run("sign", project, "--date", "2026-12-01")
    return project


@pytest.fixture
def looked(ws):
    return _looked(ws, "r")


def _pdf_text(project) -> str:
    pdf = next((project / "out").glob("invoice-*.pdf"))
    return "".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_the_honest_look_bills_to_the_deals_account(looked):  # control
    run("invoice", looked, "1", "--date", "2026-12-02")
    assert ACCOUNT in _pdf_text(looked).replace(" ", "")


# each way a look can type another account, as text, in pieces or through its stylesheet
TYPED = [
    ("{{ bank.account }}", FAKE),
    ("{{ bank.account }}", "4070 2810 9000 0000 0666"),
    ("{{ bank.account }}", "4070281090<span>0000000666</span>"),
    ("{{ bank.account }}", "40702810&#57;00000000666"),
    ("{{ bank.bik }}", "044525999"),
    ("{{ bank.account }}", "{{ bank.account }} / DE89370400440532013000"),
    ("{{ bank.account }}", '<span class="x"></span>0000000666<style>.x::before{content:"4070281090"}</style>'),
    ("{{ bank.account }}", '<span style="counter-reset: a 4070281090"></span>'),
    ("{{ bank.account }}", '<ol style="list-style-type: \'4070281090\'"><li>0000000666</li></ol>'),
    ("{{ bank.account }}", '<span data-a="4070281090"></span><style>span::after{content:attr(data-a)}</style>'),
    ("{{ bank.account }}", "407028&#8203;10900000000666"),  # red team 12, B09: a zero-width space inside
]


@pytest.mark.parametrize(("old", "new"), TYPED, ids=[t[1][:24] for t in TYPED])
def test_a_look_that_types_payment_details_is_refused_and_writes_nothing(ws, old, new):
    project = _looked(ws, "t", old, new)
    output = one_line_error(ck("invoice", project, "1", "--date", "2026-12-02"))
    assert "template look/ru/invoice.html.j2: refused:" in output, output
    assert not list((project / "out").glob("invoice-*")), "an invoice was written"


def test_a_reminder_from_a_look_that_types_an_account_is_refused_and_records_nothing(ws):
    """Red team 11, B4 (same class): the look's letter-remind.html.j2 asked the client to pay into
    another account, and the letter was recorded, ready for `send`."""
    project = _looked(ws, "m", "{{ contractor.bank.account }}", FAKE, "letter-remind.html.j2")
    run("invoice", project, "1", "--date", "2026-12-01")
    output = one_line_error(ck("remind", project, "--date", "2026-12-20"))
    assert f"template look/ru/letter-remind.html.j2: refused: it shows the payment detail {FAKE}" in output
    assert not list((project / "out").glob("*.eml"))
    assert "L-001" not in git_in(project, "log", "--format=%s")


def test_a_teammates_later_edit_of_the_look_never_reaches_the_invoice(looked, ws):
    """Red team 11, B4: the edit arrives by a plain `sync` after signing."""
    bare = ws / "origin.git"
    git.Repo.init(bare, bare=True, initial_branch="main").close()
    git_in(looked, "remote", "add", "origin", str(bare))
    assert ck("sync", looked).returncode == 0
    mate = ws / "mate"
    git_in(ws, "clone", "-q", str(bare), str(mate))
    template = mate / "look" / "ru" / "invoice.html.j2"
    template.write_text(template.read_text(encoding="utf-8").replace("{{ bank.account }}", FAKE), encoding="utf-8")
    git_in(mate, "-c", "user.name=Mate", "-c", "user.email=m@x", "commit", "-qam", "Invoice layout tweak")
    git_in(mate, "push", "-q", "origin", "main")
    assert ck("sync", looked).returncode == 0
    assert FAKE in (looked / "look" / "ru" / "invoice.html.j2").read_text(encoding="utf-8")
    run("invoice", looked, "1", "--date", "2026-12-02")
    text = _pdf_text(looked).replace(" ", "")
    assert ACCOUNT in text and FAKE not in text


def test_an_unsigned_project_with_a_look_that_types_an_account_is_refused(ws):
    run("new", "u", "--from-example", "romashka-site")
    project = ws / "u"
    (project / "look" / "ru").mkdir(parents=True)
    text = (TEMPLATES / "ru" / "contract.html.j2").read_text(encoding="utf-8")
    old = "Исполнителя, указанный в Договоре"  # clause 3.4 (a consumer's may go on: ЗоЗПП ст. 16.1)
    assert old in text
    (project / "look" / "ru" / "contract.html.j2").write_text(
        text.replace(old, f"Исполнителя № {FAKE}", 1), encoding="utf-8")
    with (project / "project.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\ntemplates:\n  html: look\n")
    output = one_line_error(ck("render", project, "--doc", "contract", "--format", "pdf,html"))
    assert f"shows the payment detail {FAKE}, which is not in project.yaml" in output, output
    assert not list((project / "out").glob("*.pdf"))


def test_the_detail_finder_reads_what_a_reader_reads():
    assert requisites.details("счёт 4080 2810 6000 0123 4567.") == {ACCOUNT}
    assert requisites.details("01.12.2026 02.12.2026 03.12.2026") == set()  # dates are no account
    assert requisites.details("121 750,00 ₽ и 243 500,00 ₽") == set()
    assert requisites.details("IBAN DE89 3704 0044 0532 0130 00") == {"DE89370400440532013000"}
    assert requisites.details("DE89 3704 0044 0532 0130 01") == set()  # not a valid IBAN
    assert requisites.details("SWIFT: SABRRUMM") == {"SABRRUMM"}
    assert requisites.shown("<td>1</td><td>2</td>") != requisites.shown("<span>1</span><span>2</span>")
    # red team 12, B09: what the reader reads as one number is one, whatever sits invisibly inside it
    for dodged in ("4070281\u200b0900000000666", "40702810\u20609000\u00ad00000666", "4070.2810.9000.0000.0666",
                   "4070/2810/9000/0000/0666", "4О7О281О9ООООООО0666"):
        assert requisites.details(dodged) == {FAKE}, dodged
