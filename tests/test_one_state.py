"""One deal, one state (issue 21): every sum, date and installment number an output prints is the
deal state's (contractkit/state), read back from the output itself: DOCX text (python-docx), the
client's page HTML, .eml bodies, the terminal and the `--json` forms.

RU-1, RU-2 and EN-1 lifecycles are built once per module through the CLI; a pinned case per
contradiction the issue lists (generated histories: tests/test_one_state_generated.py).
"""

from __future__ import annotations

import datetime as dt
import email
import hashlib
import json
import re
import shutil
import subprocess
from decimal import Decimal
from email import policy
from pathlib import Path

import pytest

from tests.conftest import run
from tests.readback import docx_text, normal
from tests.scenario_edits import EN_ORDERING, RU_CONTENT, RU_CONTENT_30_AND_BLOG, RU_MATERIALS
from tests.test_redline import isolated_in, resolved

DATA = Path(__file__).parent / "data"
RU_ICONS = """  - id: icons
    title: Набор иконок, 12 штук
    description: Иконки в фирменном стиле для сайта и презентаций
    acceptance:
      - 12 иконок в SVG и PNG переданы Заказчику
    revisions: 1
    price: 15000
    days: 3

payment:"""


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def git_init(path: Path) -> None:
    import git

    repo = git.Repo.init(path, initial_branch="main")
    repo.index.add(["project.yaml"])
    repo.index.commit("project")
    repo.close()


# --- the lifecycles ------------------------------------------------------------------------------

def ru1(base: Path) -> Path:
    """RU-1 (romashka-site) from signing to the final invoice left unpaid and a reminder."""
    run("new", "romashka", "--from-example", "romashka-site")
    path = base / "romashka"
    run("sign", path, "--date", "2026-12-01")
    run("invoice", path, "prepayment", "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-03", "--ref", "п/п 101")
    run("accept", path, "prototypes", "--date", "2026-12-07")
    run("asked", path, RU_MATERIALS[0], "--date", "2026-12-08")
    run("update", path, "--date", "2026-12-11")
    edit(path / "project.yaml", RU_CONTENT, RU_CONTENT_30_AND_BLOG)
    edit(path / "project.yaml", *RU_MATERIALS)
    run("change", path, "-m", "Блог и 30 страниц контента", "--requested-on", "2026-12-10",
        "--reason", "Заказчик решил вести блог")
    run("sign", path, "--date", "2026-12-15")
    run("invoice", path, "addendum-1", "--date", "2026-12-15")
    run("notice", "delay", path, "design", "--days", "2", "--client-caused", "--reason",
        "Заказчик не предоставил тексты и фотографии в срок", "--date", "2026-12-17")
    run("received", path, "R-001", "--date", "2026-12-18")
    run("paid", path, "addendum-1", "--date", "2026-12-18")
    run("update", path, "--date", "2026-12-18")
    run("accept", path, "design", "development", "--date", "2027-01-20")
    run("accept", path, "content", "blog", "--date", "2027-02-09")
    run("invoice", path, "final", "--date", "2027-02-09")
    run("remind", path, "--date", "2027-02-25")
    run("update", path, "--date", "2027-02-26")
    return path


def ru2(base: Path) -> Path:
    """RU-2: prepaid on 03-03 (work from 03-04), then the extra-icons addendum."""
    path = base / "vector"
    path.mkdir()
    shutil.copy(DATA / "ru-2-vector-brand.yaml", path / "project.yaml")
    git_init(path)
    run("sign", path, "--date", "2027-03-01")
    run("paid", path, "prepayment", "--date", "2027-03-03", "--ref", "п/п 17")
    edit(path / "project.yaml", "\npayment:", "\n" + RU_ICONS)
    run("change", path, "-m", "Набор иконок", "--requested-on", "2027-03-10", "--estimate")
    return path


def en1(base: Path) -> Path:
    """EN-1 (blue-harbor-shop): deposit paid, milestones 1-2 accepted, change order 1 signed."""
    run("new", "harbor", "--from-example", "blue-harbor-shop")
    path = base / "harbor"
    run("sign", path, "--date", "2026-11-30")
    run("paid", path, "prepayment", "--date", "2026-12-02", "--ref", "wire 88")
    run("accept", path, "discovery", "design", "--date", "2026-12-15")
    run("invoice", path, "2", "--date", "2026-12-15")
    edit(path / "project.yaml", "\npayment:", EN_ORDERING)
    run("change", path, "-m", "Online ordering integration", "--requested-on", "2026-12-08")
    run("sign", path, "--date", "2026-12-16")
    return path


@pytest.fixture(scope="module")
def deals(tmp_path_factory):
    base = tmp_path_factory.mktemp("deals")
    home = base / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[user]\n\tname = Test User\n\temail = test@example.com\n")
    with isolated_in(base):
        yield {"ru1": ru1(base), "ru2": ru2(base), "en1": en1(base)}


@pytest.fixture
def inside(deals, tmp_path):
    with isolated_in(tmp_path):
        (tmp_path / "home").mkdir(exist_ok=True)
        yield deals


# --- reading figures back from what each output prints --------------------------------------------

RU_WORDS_SUM = re.compile(r"(\d[\d\s]*)\s\([^)]*\)\s+рубл\w*\s+(\d\d)\s+копе")
EN_SUM = re.compile(r"\$([\d,]+\.\d\d)")
MONEY = re.compile(r"(?:\$[\d,]+\.\d\d|\d[\d\s]*,\d\d\s₽)")


def money(text: str) -> Decimal:
    """'121 750,00 ₽' or '$4,880.00' as a Decimal."""
    text = normal(text).replace(" ", "").replace("₽", "")
    if text.startswith("$"):
        return Decimal(text[1:].replace(",", ""))
    return Decimal(text.replace(",", "."))


def sum_in_line(line: str) -> Decimal | None:
    line = normal(line)
    ru = RU_WORDS_SUM.search(line)
    if ru:
        return Decimal(ru.group(1).replace(" ", "") + "." + ru.group(2))
    en = EN_SUM.search(line)
    return Decimal(en.group(1).replace(",", "")) if en else None


def clauses(text: str, prefix: str) -> list[tuple[int, Decimal]]:
    """(n, sum) of the numbered installment lines: '3.3.N. …' in the contract, 'N. …' in the annex."""
    out = []
    for line in text.splitlines():
        found = re.match(rf"^{re.escape(prefix)}(\d+)\.\s", normal(line))
        if found and sum_in_line(line) is not None:
            out.append((int(found.group(1)), sum_in_line(line)))
    return out


def state(path: Path) -> dict:
    return json.loads(run("status", path, "--json").output)


def expected(data: dict, version: int | None = None) -> list[tuple[int, Decimal]]:
    items = data["installments"] if version is None else data["versions"][version]["installments"]
    return [(i["number"], Decimal(i["amount"])) for i in items]


def status_rows(text: str) -> list[tuple[int, Decimal, str]]:
    rows = []
    for line in text.splitlines():
        found = re.match(r"^(\d+)\. .*?\s(" + MONEY.pattern + r")\s+due", normal(line))
        if found:
            rows.append((int(found.group(1)), money(found.group(2)), line))
    return rows


def page_rows(html: str) -> list[tuple[int, Decimal, str]]:
    section = html[html.index('id="payments"'):]
    section = section[:section.index("</table>")]
    rows = re.findall(r'<tr><td class="n">(\d+)</td><td>.*?</td><td class="num"[^>]*>(.*?)</td>.*?'
                      r'<td data-label="[^"]*">([^<]*)</td></tr>', section)
    return [(int(n), money(amount), status) for n, amount, status in rows]


def publish(path: Path, today: dt.date) -> str:
    from contractkit.flows.site.build import publish as build

    out = path / "out" / "site-test"
    build(path, out, today)
    return (out / "index.html").read_text(encoding="utf-8")


def mail(path: Path) -> str:
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    return normal(msg.get_body(("plain",)).get_content())


def render_docx(path: Path, doc: str) -> str:
    run("render", path, "--doc", doc, "--format", "docx")
    found = sorted((path / "out").glob(f"{doc}-*.docx"))
    return docx_text(found[0])


# --- the cross-output checks ------------------------------------------------------------------------

def check_everywhere(path: Path, today: dt.date, lang: str) -> dict:
    """Status, log, show and their --json, the contract's 3.3.x, the payments annex and the page
    all give the state's installments; returns the state."""
    data = state(path)
    assert json.loads(run("show", path, "--json").output) == data
    assert json.loads(run("log", path, "--json").output) == data
    want = expected(data)
    status = run("status", path).output
    assert [(n, a) for n, a, _ in status_rows(status)] == want
    assert f"completion {data['completion']}" in status
    prefix = "3.3."
    if "working" in data:  # a change not signed yet: `render` drafts the contract it would make
        drafted, annexed = clauses(render_docx(path, "contract"), prefix), clauses(render_docx(path, "payments"), "")
        assert [n for n, _ in drafted] == [n for n, _ in annexed] == [n for n, _ in want] == sorted(
            n for n, _ in want)
        assert sum(a for _, a in drafted) == sum(a for _, a in annexed) == Decimal(data["working"]["total"])
    else:
        # never re-split; clauses 3.3.N and every list in the order of their signed numbers (issue 24)
        assert want == sorted(want)
        assert clauses(render_docx(path, "contract"), prefix) == want
        annex = render_docx(path, "payments")
        assert clauses(annex, "") == want
    page = publish(path, today)
    rows = page_rows(page)
    assert [(n, a) for n, a, _ in rows] == want
    for (_, _, label), item in zip(rows, data["installments"], strict=True):
        paid = Decimal(item["paid"])
        if paid >= Decimal(item["amount"]):
            assert label in ("оплачено", "paid")
        assert "no payment records" not in label and "отметок об оплате" not in label
    log = run("log", path).output
    for p in data["payments"]:  # every payment names installments by the state's numbers
        line = next(x for x in log.splitlines() if f" {p['id']} " in x)
        for number, amount in p["allocations"].items():
            assert f"#{number} {normal(fmt_money(Decimal(amount), data))}" in normal(line)
    for i in data["invoices"]:
        line = next(x for x in log.splitlines() if f"invoice       {i['id']}" in x)
        assert f"for #{i['installment']}" in line
    for item in (*data["letters"], *data["sent"], *data["requests"]):
        assert f" {item['id']} " in log  # every letter, mail and request is in the story
    check_agenda(path, data)
    return data


def check_agenda(path: Path, data: dict) -> None:
    """The agenda's receivable is the state's balance; each installment it lists is the state's,
    by number, due date and what is left to pay."""
    found = json.loads(run("agenda", path, "--json", "--from", "2026-01-01", "--to", "2028-12-31")
                       .output)["projects"][0]
    by_number = {i["number"]: i for i in data["installments"]}
    assert Decimal(found["receivable"]) == sum(Decimal(i["balance"]) for i in by_number.values())
    listed = 0
    for item in found["items"]:
        due = re.match(r"^installment (\d+) due (\d{4}-\d\d-\d\d)\b.*?: (.*)$", normal(item["text"]))
        if due:
            listed += 1
            state_item = by_number[int(due.group(1))]
            assert due.group(2) == state_item["due"], item["text"]
            assert money(due.group(3)) == Decimal(state_item["balance"]), item["text"]
    assert listed == sum(1 for i in by_number.values() if Decimal(i["balance"]) > 0 and i["due"])


def fmt_money(amount: Decimal, data: dict) -> str:
    from contractkit.words import fmt

    return fmt.money(amount, data["currency"], data["language"])


# --- RU-1 ------------------------------------------------------------------------------------------

def test_ru1_every_output_gives_the_states_figures(inside):
    path = inside["ru1"]
    data = check_everywhere(path, dt.date(2027, 2, 26), "ru")
    # the signed schedule: 121 750 + 146 375 (the final, 3.3.2 as the contract numbered it) + 24 625
    # (addendum 1's payment takes the next free number), never 146 375 twice; listed by number
    assert expected(data) == [(1, Decimal("121750.00")), (2, Decimal("146375.00")), (3, Decimal("24625.00"))]
    assert expected(data, 1) == expected(data)
    assert expected(data, 0) == [(1, Decimal("121750.00")), (2, Decimal("121750.00"))]


def test_ru1_redline_to_side_is_the_signed_schedule(inside):
    """Accepting every revision of the redline contract -> addendum-1 gives 3.3.x as signed."""
    from contractkit.flows.redline import redline_files

    path = inside["ru1"]
    data = state(path)
    for doc, prefix in (("contract", "3.3."), ("payments", "")):
        (docx,) = redline_files(path, "contract", "addendum-1", doc=doc, formats=("docx",)).values()
        accepted, rejected = (Path(path / "out" / f"rl-{doc}-{k}.docx") for k in ("ins", "del"))
        accepted.write_bytes(resolved(docx, "ins"))
        rejected.write_bytes(resolved(docx, "del"))
        want = expected(data, 1)  # the annex and clauses 3.3.N alike, in the order of their numbers
        assert clauses(docx_text(accepted), prefix) == want
        assert clauses(docx_text(rejected), prefix) == expected(data, 0)


def test_ru1_page_lists_acts_and_invoices_and_its_history_by_date(inside):
    path = inside["ru1"]
    data = state(path)
    html = publish(path, dt.date(2027, 2, 26))
    for record in data["acts"]:
        assert f"act-{record['number']}-2026-031.pdf" in html
    for record in data["invoices"]:
        assert f"invoice-{record['id']}-2026-031.pdf" in html
    history = html[html.index('id="history"'):]
    history = history[:history.index("</section>")]
    heads = re.findall(r"<h3>(\d\d\.\d\d\.\d{4}) · ", history)
    days = [dt.datetime.strptime(d, "%d.%m.%Y").date() for d in heads]
    assert len(days) >= 4 and days == sorted(days)  # by date, not by id
    # the delay notice's change is the contractor's notice, not the client's request
    assert "по уведомлению Исполнителя о переносе срока" in html


def test_ru1_acts_say_on_time_only_when_it_was(inside):
    path = inside["ru1"]
    data = state(path)
    late = {s["id"]: s for s in data["stages"] if s["accepted_on"] and not s["on_time"]}
    on_time = {s["id"] for s in data["stages"] if s["on_time"]}
    assert "design" in late and "prototypes" in on_time
    for act in data["acts"]:
        if act["kind"] != "acceptance" or not act["accepted"]:
            continue
        text = normal(docx_text(next((path / "out").glob(f"act-{act['number']}-*.docx"))))
        if any(s in late for s in act["stages"]):  # no false «в срок», and no admitted delay either
            assert "в срок" not in text and "срокам" not in text and "с нарушением срока" not in text
            assert "в полном объёме и качественно." in text
        else:
            assert "качественно и в срок" in text


def test_ru1_log_numbers_installments_as_status_and_names_the_delay_notice(inside):
    path = inside["ru1"]
    data = state(path)
    log = normal(run("log", path).output)
    remind = next(x for x in data["letters"] if x["kind"] == "remind")
    assert remind["installment"] == 2  # the final payment keeps the contract's number 3.3.2
    assert f"{remind['id']} remind #2 " in log
    notice = next(c for c in data["changes"] if c["on_notice"])
    line = next(x for x in run("log", path).output.splitlines() if f" {notice['id']} " in x and "[timeline" in x)
    assert "on the contractor's delay notice" in line and "asked by client" not in line


def test_ru1_update_tells_every_act_and_waits_only_for_what_is_missing(inside):
    path = inside["ru1"]
    data = state(path)
    text = mail(path / "out" / "letter-005-update.eml") if (path / "out" / "letter-005-update.eml").exists() \
        else mail(sorted((path / "out").glob("letter-*-update.eml"))[-1])
    # acts 2 and 3 were recorded after the 12-18 update: this one tells both
    for act in data["acts"]:
        if act["accepted"] and act["date"] > "2026-12-18":
            assert f"(акт № {act['number']})" in text
    assert RU_MATERIALS[0] not in text  # received on 12-18, two months before this update


# --- RU-2 ------------------------------------------------------------------------------------------

def test_ru2_prepayment_dates_status_log_diff_and_the_change_sheet(inside):
    path = inside["ru2"]
    data = state(path)
    assert data["prepayment"]["received_on"] == "2027-03-03"
    assert data["completion"] == "2027-03-31"
    assert data["versions"][0]["completion"] == "2027-03-31"
    status = run("status", path).output
    assert "completion 2027-03-31" in status and "2027-04-01" not in status
    log = run("log", path).output
    assert "completion 2027-03-31" in log and "completion 2027-04-05" in log  # contract, CR-001
    assert "2027-04-01" not in log and "2027-04-06" not in log
    change = next(c for c in data["changes"] if c["id"] == "CR-001")
    assert change["completion"] == "2027-04-05"
    diff = run("diff", path, "contract", "CR-001").output
    assert "completion: 2027-03-31 -> 2027-04-05" in diff
    sheet = normal(docx_text(next((path / "out").glob("cr-001-*.docx"))))
    assert "Новый срок завершения 5 апреля 2027 г. (ранее — 31 марта 2027 г.)" in sheet


def test_ru2_every_output_gives_the_states_figures(inside):
    """RU-2 (the vector-brand example): status, log, show, agenda, 3.3.x, the annex and the page."""
    data = check_everywhere(inside["ru2"], dt.date(2027, 3, 12), "ru")
    assert expected(data) == [(1, Decimal("56000.00")), (2, Decimal("84000.00"))]


def test_ru2_addendum_and_the_sheet_agree_and_npd_counts_the_payments_year(inside):
    path = inside["ru2"]
    run("addendum", path, "--date", "2027-03-12", "--format", "docx")
    text = normal(docx_text(next((path / "out").glob("addendum-1-*.docx"))))
    assert "по 5 апреля 2027 г." in text and "31 марта 2027 г." in text
    assert not re.search(r"(?<!\d)6 апреля 2027", text)  # the provisional completion of the sheet
    assert "с 1 апреля 2027 г. по 5 апреля 2027 г." in text  # the icons: after the brandbook's 03-31
    status = normal(run("status", path).output)
    assert "received 56 000,00 ₽ from this client in 2027" in status  # the year of the payment


# --- EN-1 ------------------------------------------------------------------------------------------

def test_en1_every_output_gives_the_states_figures(inside):
    path = inside["en1"]
    data = check_everywhere(path, dt.date(2026, 12, 18), "en")
    amounts = [a for _, a in expected(data)]
    assert amounts[0] == Decimal("4880.00")  # the deposit as signed and paid
    assert sum(amounts) == Decimal(data["total"])
    assert expected(data, 0) == [(1, Decimal("4880.00")), (2, Decimal("3660.00")), (3, Decimal("3660.00"))]


def test_en1_redline_to_side_is_the_signed_schedule(inside):
    from contractkit.flows.redline import redline_files

    path = inside["en1"]
    data = state(path)
    (docx,) = redline_files(path, "contract", "addendum-1", doc="contract", formats=("docx",)).values()
    accepted = path / "out" / "rl-en.docx"
    accepted.write_bytes(resolved(docx, "ins"))
    assert clauses(docx_text(accepted), "3.3.") == sorted(expected(data, 1))  # 3.3.N by number


# --- signed bytes stay signed ----------------------------------------------------------------------

@pytest.mark.parametrize("name", ["ru1", "en1"])
def test_every_signed_version_renders_to_its_signed_bytes_also_from_a_checkout_of_its_tag(inside, name, tmp_path):
    from contractkit.flows.signing.reproduce import reproduce
    from contractkit.store import history
    from contractkit.store.repo import open_repo

    path = inside[name]
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(path), str(clone)], check=True)
    with open_repo(path) as repo:
        signed = history.signatures(repo)
    for record in signed:
        for where in (path, clone):
            if where == clone:
                subprocess.run(["git", "-C", str(clone), "checkout", "-q", record.tag], check=True)
            files = reproduce(where, record.tag)
            for file, sha in record.files.items():
                assert hashlib.sha256(files[file]).hexdigest() == sha, (record.tag, file, where)


def harbor_with_late_comments_notice(ws):
    """EN-1 signed and prepaid, discovery accepted, comments on the design asked on 12-08 and a
    client-caused delay notice of 4 days for them on 12-14 (Section 2.3)."""
    from tests.test_billing import example

    path = example(ws, "blue-harbor-shop", "harbor")
    run("sign", path, "--date", "2026-11-30")
    run("paid", path, "prepayment", "--date", "2026-12-02")
    run("accept", path, "discovery", "--date", "2026-12-03")
    run("asked", path, "Comments on the design drafts", "--feedback", "--date", "2026-12-08")
    run("notice", "delay", path, "design", "--days", "4", "--client-caused", "--force", "--reason",
        "Your comments on the design drafts are late", "--date", "2026-12-14")
    return path


def test_en1_update_gives_one_date_per_stage(ws):
    """A delay notice moves design, the late feedback moves it too: the update names one date."""
    path = harbor_with_late_comments_notice(ws)
    run("received", path, "R-001", "--date", "2026-12-18")
    run("update", path, "--date", "2026-12-18", "--since", "2026-12-10")
    msg = email.message_from_bytes(sorted((path / "out").glob("letter-*-update.eml"))[-1].read_bytes(),
                                   policy=policy.default)
    text = msg.get_body(("plain",)).get_content()
    month = r"(?:January|February|March|December) \d{1,2}, \d{4}"
    for title in ("Visual design", "Shopify theme build", "Launch and staff training"):
        dates = set()
        for line in text.splitlines():
            if f"“{title}”" in line:
                found = re.findall(rf"(?:due|to|moved to) ({month})", line)
                dates |= set(found)
        assert len(dates) <= 1, (title, dates, text)


def test_json_of_a_draft_is_its_own_figures(ru_project):
    data = json.loads(run("show", ru_project, "--json").output)
    assert data["signed"] is False and data["versions"] == [] and data["changes"] == []
    assert data["total"] == "243500.00" and data["completion"] == "2027-01-26"
    assert expected(data) == [(1, Decimal("121750.00")), (2, Decimal("121750.00"))]
    assert json.loads(run("status", ru_project, "--json").output) == data


def test_update_tells_an_act_recorded_after_the_last_update_under_an_earlier_date(ws):
    """Act 1 of 12-07 is recorded only after the 12-11 update: the next update still tells it."""
    from tests.test_billing import example

    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-03")
    run("update", path, "--date", "2026-12-11")
    assert "(акт № 1)" not in mail(path / "out" / "letter-001-update.eml")
    run("accept", path, "prototypes", "--date", "2026-12-07")
    run("update", path, "--date", "2026-12-18")
    text = mail(path / "out" / "letter-002-update.eml")
    assert "7 декабря 2026 г. принят этап «Прототипы 6 страниц сайта» (акт № 1)." in text
    assert "получена оплата" not in text  # told on 12-11 already
    run("update", path, "--date", "2026-12-25")
    assert "(акт № 1)" not in mail(path / "out" / "letter-003-update.eml")  # told once


def test_npd_income_is_counted_in_the_year_the_money_arrived(inside):
    """A status viewed in 2028 still counts the 2027 payment in 2027 (never the clock's year)."""
    from contractkit.flows.billing import open_book
    from contractkit.flows.billing.views import book_status
    from contractkit.store.repo import open_repo

    with open_repo(inside["ru2"]) as repo:
        lines = normal("\n".join(book_status(open_book(repo), dt.date(2028, 1, 10))))
    assert "received 56 000,00 ₽ from this client in 2027" in lines
    assert "in 2028" not in lines


# --- the disagreements independent reviewers still found (issue 21, round 2) -------------------------

def test_en1_installment_numbers_keep_their_signed_meaning(inside):
    """#3 is the payment the contract signed as §3.3.3; the change order's payments take the next free
    numbers (#4 its deposit, #5 the rest on the new milestone, round 8 M3: #3 keeps its milestone), so
    an invoice, a reminder or the page never calls either #3."""
    path = inside["en1"]
    data = state(path)
    assert {i["key"]: i["number"] for i in data["installments"]} == {"1": 1, "2": 2, "3": 3, "addendum-1": 4,
                                                                     "change-1": 5}
    final = next(i for i in data["installments"] if i["final"])
    assert final["number"] == 5 and final["key"] == "change-1"
    three = next(i for i in data["installments"] if i["key"] == "3")
    assert [i["installment"] for i in data["invoices"]] == [2]  # invoiced before the change order: still #2
    contract = clauses(render_docx(path, "contract"), "3.3.")
    assert dict(contract)[3] == Decimal(three["amount"]) and dict(contract)[4] == Decimal(
        next(i["amount"] for i in data["installments"] if i["key"] == "addendum-1"))
    assert dict(contract)[5] == Decimal(final["amount"])
    html = publish(path, dt.date(2026, 12, 18))
    assert [n for n, _, _ in page_rows(html)] == [1, 2, 3, 4, 5]  # by signed number, as the contract lists them
    assert "installments: 1, 2, 3, 4, 5" in run("invoice", path, "9", "--date", "2026-12-18", ok=False).output


def test_ru1_addendum_and_invoices_state_signed_amounts_never_a_share_of_the_old_price(inside):
    """Addendum 1 restates every installment by its signed amount (sum and words): «50 % стоимости»
    of the old price would contradict the new total; its own payment is a share of the increase, so
    its invoice carries no «(50 %)»; the invoice names the installment by its signed number."""
    path = inside["ru1"]
    data = state(path)
    addendum = normal(docx_text(next((path / "out").glob("addendum-1-*.docx"))))
    assert "% стоимости" not in addendum
    assert "«3.3.1. 121 750 (сто двадцать одна тысяча семьсот пятьдесят) рублей 00 копеек" in addendum
    assert "3.3.2. 146 375 (сто сорок шесть тысяч триста семьдесят пять) рублей 00 копеек" in addendum
    assert "3.3.3. 24 625 (двадцать четыре тысячи шестьсот двадцать пять) рублей 00 копеек" in addendum
    total = Decimal(data["total"])
    for inv in data["invoices"]:
        text = normal(docx_text(next((path / "out").glob(f"invoice-{inv['id']}-*.docx"))))
        assert f"(платёж № {inv['installment']} графика платежей)" in text
        share = re.search(r"\((\d+) %\)", text)
        if share:  # a share is printed only while it is the share of the price then in force
            assert inv["version"] == "contract"
    assert Decimal("24625.00") / total * 100 != 50  # what a «(50 %)» on invoice 2026-002 would claim


def npd_final_act_with_a_later_payment(base: Path) -> Path:
    path = base / "vector"
    path.mkdir()
    shutil.copy(DATA / "ru-2-vector-brand.yaml", path / "project.yaml")
    git_init(path)
    run("sign", path, "--date", "2027-03-01")
    run("paid", path, "prepayment", "--date", "2027-03-03")
    run("paid", path, "final", "--date", "2027-04-09")  # recorded first, dated after the act
    run("accept", path, "logo", "identity", "brandbook", "--date", "2027-04-05", "--format", "docx")
    return path


def test_npd_act_states_what_was_paid_by_its_own_date(ws):
    """An act states the deal as of its date: a payment dated after it is not «Оплачено»."""
    path = npd_final_act_with_a_later_payment(ws)
    text = normal(docx_text(next((path / "out").glob("act-1-*.docx"))))
    assert "Оплачено 56 000,00 ₽." in text  # the prepayment of 03-03 only, not the 84 000 of 04-09
    assert "140 000,00 ₽." not in text.split("Оплачено")[1][:20]


def client_delay_and_a_notice(ws: Path) -> Path:
    """RU-1's start: the texts asked for on 12-08 (due 12-15) are still missing; a delay notice of
    12-18 proposes 3 working days (its change request is not signed)."""
    run("new", "romashka", "--from-example", "romashka-site")
    path = ws / "romashka"
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-03")
    run("accept", path, "prototypes", "--date", "2026-12-07")
    run("asked", path, RU_MATERIALS[0], "--date", "2026-12-08")
    run("notice", "delay", path, "design", "--days", "3", "--client-caused", "--reason",
        "Заказчик не предоставил тексты и фотографии в срок", "--date", "2026-12-18")
    return path


def test_one_deadline_in_force_everywhere_after_a_delay_notice_and_late_materials(ws):
    """Status, the state, the agenda, the update letter and the page give design one deadline in
    force on 12-21: the signed 12-23 moved by the 4 working days the texts are late (the
    contract's extension clause), never the unsigned notice's 12-28."""
    from contractkit.flows.billing import open_book
    from contractkit.flows.billing.views import book_status
    from contractkit.flows.facts import facts_for
    from contractkit.flows.letters.deal import deal_json
    from contractkit.store.repo import open_repo

    path = client_delay_and_a_notice(ws)
    day = dt.date(2026, 12, 21)
    data = json.loads(deal_json(path, day))
    design = next(s for s in data["stages"] if s["id"] == "design")
    assert design["deadline"] == "2026-12-29"
    with open_repo(path) as repo:
        status = "\n".join(book_status(open_book(repo), day))
    assert "design               in progress, deadline 2026-12-29" in status
    assert f"completion {data['completion']} in force" in status
    facts = facts_for(path, day)
    event = next(e for e in facts.events if e.kind == "deadline" and e.key == "design")
    assert event.day == dt.date(2026, 12, 29)
    run("update", path, "--date", "2026-12-21")
    letter = mail(sorted((path / "out").glob("letter-*-update.eml"))[-1])
    assert "срок 29 декабря 2026 г. (с учётом просрочки Заказчика)" in letter
    assert "28 декабря 2026" not in letter.split("Ждут вашего согласования")[0]
    from contractkit.words import fmt

    completion = normal(fmt.long_date(dt.date.fromisoformat(data["completion"]), "ru"))
    assert f"Завершение проекта по текущему плану — {completion} (с учётом просрочки Заказчика)" in letter
    html = publish(path, day)
    assert "29.12.2026" in html and "28.12.2026" not in html.split('id="history"')[0]


def test_update_names_a_signed_addendum_once_and_agenda_speaks_the_contracts_words(ws):
    """Two change requests signed by one addendum: the update tells the addendum once, naming both;
    the agenda formats roubles as the project does and calls the late charge «неустойка»."""
    run("new", "romashka", "--from-example", "romashka-site")
    path = ws / "romashka"
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-03")
    edit(path / "project.yaml", RU_CONTENT, RU_CONTENT_30_AND_BLOG)
    run("change", path, "-m", "Блог и 30 страниц", "--requested-on", "2026-12-08")
    edit(path / "project.yaml", *RU_MATERIALS)
    run("change", path, "-m", "Материалы на 30 страниц", "--requested-on", "2026-12-09")
    run("sign", path, "--date", "2026-12-15")
    run("update", path, "--date", "2026-12-18")
    letter = mail(sorted((path / "out").glob("letter-*-update.eml"))[-1])
    assert letter.count("подписано дополнительное соглашение № 1") == 1
    assert "CR-00" not in letter  # no internal codes in a letter to the client (issue 24)
    out = run("agenda", ws, "--date", "2026-12-30").output
    assert "24 625,00 ₽" in out and "24,625.00" not in out
    # the addendum's prepayment is an advance: no charge before acceptance (ГК РФ ст. 328, 711, 719)
    assert "penalty" not in out and "неустойка so far" not in out
    run("new", "harbor", "--from-example", "blue-harbor-shop")  # an English deposit does accrue one
    run("sign", ws / "harbor", "--date", "2026-11-30")
    out = run("agenda", ws, "--date", "2026-12-30").output
    assert "penalty" not in out and ("late fee so far" in out or "interest so far" in out), out


def test_en_deposit_has_one_due_date_in_the_exhibit_invoice_status_and_page(ws):
    """Signed three days after the date the agreement bears: Exhibit 2 as signed, the invoice, the
    state and the page all give the deposit the due date counted from the signing."""
    run("new", "harbor", "--from-example", "blue-harbor-shop")
    path = ws / "harbor"
    run("render", path, "--doc", "payments", "--format", "docx")  # before signing: dated by the contract
    run("sign", path, "--date", "2026-12-03")
    data = state(path)
    due = dt.date.fromisoformat(data["installments"][0]["due"])
    assert due == dt.date(2026, 12, 10)
    exhibit = normal(docx_text(next((path / "out").glob("payments-*.docx"))))  # the signed copy
    # named as the event, never as a date counted from an assumed signing day (review-en3 M6)
    assert "after this Agreement is signed" in exhibit and "signed (by" not in exhibit
    assert "December 7, 2026" not in exhibit
    run("invoice", path, "prepayment", "--date", "2026-12-03", "--format", "docx")
    invoice = normal(docx_text(next((path / "out").glob("invoice-*.docx"))))
    assert "December 10, 2026" in invoice
    html = publish(path, dt.date(2026, 12, 4))
    rows = html[html.index('id="payments"'):]
    assert "due December 10, 2026" in normal(rows[:rows.index("</table>")])  # the page writes dates in words


# --- a client-caused delay notice is in force from its date (the reviewers' sequences) -------------

def letter_facts(path: Path, kind: str) -> dict:
    from contractkit.flows.letters.record import letters
    from contractkit.store.repo import open_repo

    with open_repo(path) as repo:
        return [x for x in letters(repo) if x.kind == kind][-1].facts


def ics_deadline(ics: str, title: str) -> dt.date:
    for event in ics.split("BEGIN:VEVENT")[1:]:
        summary = re.search(r"SUMMARY:(.*)", event).group(1).replace("\\", "")
        if summary.startswith(title):
            return dt.datetime.strptime(re.search(r"DTSTART;VALUE=DATE:(\d{8})", event).group(1),
                                        "%Y%m%d").date()
    raise AssertionError(f"no event for {title}")


def published(path: Path, day: dt.date) -> tuple[str, str]:
    from contractkit.flows.site.build import publish as build

    out = path / "out" / "site-notice"
    build(path, out, day)
    return (out / "index.html").read_text(encoding="utf-8"), (out / "calendar.ics").read_text(encoding="utf-8")


def agree_on_every_date(path: Path, day: dt.date, lang: str, style: str | None = None,
                        since: str | None = None) -> tuple[dict, str]:
    """The state (status --json as of `day`), the page, its ICS and the update of `day` give each open
    stage one date, the state's, and the same completion; returns the state and the update's text."""
    from contractkit.flows.letters.deal import deal_json
    from contractkit.words import fmt

    data = json.loads(deal_json(path, day))
    html, ics = published(path, day)
    run("update", path, "--date", day.isoformat(), *(("--since", since) if since else ()))
    msg = email.message_from_bytes(sorted((path / "out").glob("letter-*-update.eml"))[-1].read_bytes(),
                                   policy=policy.default)
    raw = msg.get_body(("plain",)).get_content()
    letter = normal(raw)
    for stage in data["stages"]:
        if stage["accepted_on"]:
            continue
        deadline = dt.date.fromisoformat(stage["deadline"])
        assert ics_deadline(ics, stage["title"]) == deadline, stage
        if lang == "ru":  # the page's dd.mm.yyyy (EN pages write the date style's own form)
            assert fmt.short_date(deadline, lang) in html, stage
        said = {m for line in raw.splitlines() if stage["title"] in line
                for m in re.findall(r"(?:due|срок|to|на) (\d{1,2} [a-zа-я]+ \d{4}|[A-Z][a-z]+ \d{1,2}, \d{4})",
                                    normal(line))}
        want = normal(fmt.long_date(deadline, lang, style)).replace(" г.", "")
        assert said <= {want}, (stage, said, raw)
    completion = dt.date.fromisoformat(data["completion"])
    assert normal(fmt.long_date(completion, lang, style)) in letter
    return data, letter


def test_en_notice_is_in_force_from_its_date_everywhere(ws):
    """EN tx-shop: a Section 2.3 notice moves a stage further than the late answer alone does; status,
    the page, the ICS and the update give its dates, and the update says "by our notice of"."""
    path = harbor_with_late_comments_notice(ws)
    facts = letter_facts(path, "delay")
    day = dt.date(2026, 12, 15)
    data, letter = agree_on_every_date(path, day, "en", "us")
    design = next(s for s in data["stages"] if s["id"] == "design")
    assert design["deadline"] == facts["new_deadline"]  # the notice's date, in force from its date
    assert data["completion"] == facts["completion"]
    old = dt.date.fromisoformat(facts["old_deadline"])
    from contractkit.words import fmt

    assert (f"from {fmt.long_date(old, 'en', 'us')} to "
            f"{fmt.long_date(dt.date.fromisoformat(facts['new_deadline']), 'en', 'us')} by our notice of "
            f"December 14, 2026 under Section") in letter
    html, _ = published(path, day)
    pending = html[html.index('id="pending"'):html.index('id="history"')]
    assert "CR-001" in pending.split('id="notified"')[1]  # shown, as in force
    assert "CR-001" not in pending.split('id="notified"')[0]  # never "waiting for your approval"
    from contractkit.flows.letters.deal import deal_json

    before = json.loads(deal_json(path, dt.date(2026, 12, 11)))  # before the notice: the signed date
    assert next(s for s in before["stages"] if s["id"] == "design")["deadline"] == facts["old_deadline"]


def test_ru_notice_then_later_materials_give_one_later_date(ws):
    """RU studio-app: a notice of 3 working days, then the texts arrive later still: the state's later
    date is in force, and the update gives it once per stage (never «с 23 на 28» beside «с 23 на 30»);
    the notice promises the running extension, not a fixed shift."""
    path = client_delay_and_a_notice(ws)  # the notice of 12-18: 3 working days, texts still missing
    notice = mail(sorted((path / "out").glob("letter-*-delay.eml"))[-1])
    assert "переносится на период просрочки Заказчика: на дату уведомления — на 3 рабочих дня" in notice
    assert "и далее на каждый рабочий день до предоставления материалов" in notice
    facts = letter_facts(path, "delay")
    data, _ = agree_on_every_date(path, dt.date(2026, 12, 18), "ru")
    assert next(s for s in data["stages"] if s["id"] == "design")["deadline"] == facts["new_deadline"]
    assert data["completion"] == facts["completion"]
    run("received", path, "R-001", "--date", "2026-12-22")
    data, letter = agree_on_every_date(path, dt.date(2026, 12, 22), "ru", since="2026-12-10")
    design = next(s for s in data["stages"] if s["id"] == "design")
    assert design["deadline"] > facts["new_deadline"]  # 5 working days late: later than the notice
    assert "по нашему уведомлению от 18 декабря 2026 г. на основании пункта" in letter
    assert "28 декабря 2026" not in letter


def test_ru1_update_after_the_last_act_and_a_claim_says_completed_and_the_penalty_unpaid(inside, tmp_path):
    """RU review: after the final act the update says the project was completed on its date (not
    «по текущему плану»); after a claim it lists the claimed penalty, never «Сейчас к оплате ничего нет»."""
    path = tmp_path / "romashka"
    shutil.copytree(inside["ru1"], path)
    data = state(path)
    last = max(dt.date.fromisoformat(s["accepted_on"]) for s in data["stages"])
    done = mail(sorted((path / "out").glob("letter-*-update.eml"))[-1])  # the update of 2027-02-26
    from contractkit.words import fmt

    assert f"Проект завершён {normal(fmt.long_date(last, 'ru'))}" in done
    assert "по текущему плану" not in done
    run("claim", path, "--date", "2027-03-10")
    from contractkit.flows.letters.record import letters
    from contractkit.store.repo import open_repo

    with open_repo(path) as repo:
        claimed = Decimal([x for x in letters(repo) if x.kind == "claim"][-1].facts["penalty"])
    assert claimed > 0
    run("update", path, "--date", "2027-03-11")
    text = mail(sorted((path / "out").glob("letter-*-update.eml"))[-1])
    assert (f"Неустойка, предъявленная в претензии от 10 марта 2027 г., — "
            f"{normal(fmt_money(claimed, data))} — не оплачена.") in text
    assert "Сейчас к оплате ничего нет" not in text
