"""Issue 21 (one deal, one state): a version's dates are the same wherever it is printed.

Once an addendum's additional deposit comes late, the stage it added and those after it move
(state/deposits.py; ГК РФ ст. 328 п. 2, ст. 719, ст. 191), and the next addendum / change order
restates the dates in force (ГК РФ ст. 452: a restated annex with the unmoved dates would undo the
move). So a version states dates other than its own: `render` of it prints them, and so must each
side of the redline that has it (accepting every revision gives the signed text) and `diff`.

Each project is driven through the CLI; the rendered DOCX, both sides of the redline (every revision
accepted / rejected) and what `diff` prints are read back and compared date by date.
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import re
import shutil
from pathlib import Path

from tests.conftest import run
from tests.readback import docx_text, normal
from tests.test_workflow import edit

DOCS = ("contract", "scope", "payments")
RU_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
             "октября", "ноября", "декабря"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
LONG = re.compile(r"\b(\d{1,2}) (" + "|".join(RU_MONTHS + EN_MONTHS + [m[:3] for m in EN_MONTHS])
                  + r")\.? (\d{4})\b")
SHORT = re.compile(r"\b(\d\d)\.(\d\d)\.(\d{4})\b")


def dates(text: str) -> list[dt.date]:
    """Every date a document prints, in order: «8 февраля 2027 г.», «08.02.2027», "8 February 2027",
    "8 Feb 2027"."""
    found = []
    for m in LONG.finditer(text):
        name = m.group(2)
        month = (RU_MONTHS.index(name) if name in RU_MONTHS else
                 [x[:3] for x in EN_MONTHS].index(name[:3]))
        found.append((m.start(), dt.date(int(m.group(3)), month + 1, int(m.group(1)))))
    found += [(m.start(), dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))))
              for m in SHORT.finditer(text)]
    return [d for _, d in sorted(found)]


def rendered(path: Path, keep: Path) -> dict[str, str]:
    """`render --doc contract,scope,payments` of the version at HEAD: doc -> its DOCX text."""
    run("render", path, "--doc", ",".join(DOCS), "--format", "docx")
    out = {}
    for doc in DOCS:
        src = Path(sorted(glob.glob(str(path / "out" / f"{doc}-*.docx")))[-1])
        shutil.copy(src, keep / f"{doc}.docx")
        out[doc] = normal(docx_text(keep / f"{doc}.docx"))
    return out


def redline_sides(path: Path, old: str, new: str, tmp: Path) -> dict[str, tuple[str, str]]:
    """doc -> (FROM side: every revision rejected, TO side: every revision accepted), as text."""
    from contractkit.flows.redline import redline_files
    from tests.test_redline import resolved

    out = {}
    for doc in DOCS:
        (data,) = redline_files(path, old, new, doc=doc, formats=("docx",)).values()
        sides = []
        for keep in ("del", "ins"):
            file = tmp / f"rl-{doc}-{keep}.docx"
            file.write_bytes(resolved(data, keep))
            sides.append(normal(docx_text(file)))
        out[doc] = (sides[0], sides[1])
    return out


def _status(path: Path, day: str) -> dict:
    return json.loads(run("status", path, "--json", "--date", day).output)


def _diff(path: Path, old: str, new: str) -> str:
    return run("diff", path, old, new).output


def versions_agree(path: Path, before: dict, after: dict, old: str, new: str, tmp: Path) -> None:
    """Each side of the redline old -> new prints the dates `render` printed at that version, and
    the text itself: accepting every revision gives the rendered TO, rejecting them the FROM."""
    sides = redline_sides(path, old, new, tmp)
    for doc in DOCS:
        rejected, accepted = sides[doc]
        assert dates(rejected) == dates(before[doc]), doc
        assert dates(accepted) == dates(after[doc]), doc


COMPLETION = {"ru": r"Услуги завершаются не позднее (\d{1,2} \w+ \d{4})",
              "en": r"complete it no later than (\d{1,2} \w+ \d{4})"}


def completion(text: str, lang: str) -> dt.date:
    """The completion the contract's 2.1 states."""
    (found,) = {m for m in re.findall(COMPLETION[lang], text)}
    return dates(found)[0]


def diff_and_redline_agree_with_render(path: Path, tmp: Path, lang: str, last: str, change, dated: str,
                                       day: str) -> None:
    """Render version 1 (its addendum's deposit came late), make, sign and render version 2, then hold
    the redline addendum-1 -> addendum-2 and `diff` of the same versions to what `render` printed."""
    (tmp / "v1").mkdir()
    before = rendered(path, tmp / "v1")
    change()
    run("addendum", path, "--date", dated, "--format", "docx")
    run("sign", path, "--date", dated)
    (tmp / "v2").mkdir()
    after = rendered(path, tmp / "v2")
    state = _status(path, day)
    moved = next(s for s in state["stages"] if s["id"] == last)
    assert moved["deposit_days"] > 0  # the late deposit moved the last stage: the two versions differ
    old, new = completion(before["contract"], lang), completion(after["contract"], lang)
    assert new.isoformat() == state["completion"] == moved["deadline"]
    assert old < new
    versions_agree(path, before, after, "addendum-1", "addendum-2", tmp)
    said = _diff(path, "addendum-1", "addendum-2")
    assert f"completion: {old} -> {new}" in said, said
    assert f"deadline {last}: {old} -> {new} (in force)" in said, said


def test_ru_redline_diff_and_render_give_a_version_the_dates_in_force_it_states(ws, tmp_path):
    """RU-1: addendum 1 adds the blog (1-8 Feb 2027) with an extra prepayment paid Wed 3 Feb, after
    the blog's planned start: the blog moves 3 working days, to 4-11 Feb (ГК РФ ст. 328 п. 2, ст. 191).
    Addendum 2 only reprices the prototypes, so it restates the blog's dates in force; `render` of
    version 2, the redline's TO side and `diff` say 11 Feb, version 1's render and FROM side 8 Feb."""
    from tests.test_co_deposit import _romashka

    path, _ = _romashka(ws)
    run("paid", path, "3", "--date", "2027-02-03")

    def reprice() -> None:
        edit(path / "project.yaml", "    price: 30000\n", "    price: 32000\n")
        # the edit not recorded yet: `diff` (last signed -> working) and then `change` give it the
        # completion the addendum will state
        edited = re.search(r"completion: \S+ -> (\S+)", run("diff", path).output).group(1)
        said = run("change", path, "-m", "Прототипы дороже", "--requested-on", "2027-02-05").output
        assert edited == re.search(r"completion: \S+ -> (\S+)", said).group(1) == "2027-02-11", said

    diff_and_redline_agree_with_render(path, tmp_path, "ru", "blog", reprice, "2027-02-05", "2027-02-06")


def test_en_redline_diff_and_render_give_a_version_the_dates_in_force_it_states(ws, tmp_path):
    """EN shop: Change Order 1's $960 deposit arrives 10 Feb 2027, after Milestone 5's planned start:
    it moves 4 business days, to 11-23 Feb. Change Order 2 reprices Milestone 1 and restates
    Milestone 5's dates in force; every output of version 2 says 23 Feb, of version 1, 17 Feb."""
    from tests.test_restated_schedule import _shop_deposit_late

    path = _shop_deposit_late(ws)

    def reprice() -> None:
        edit(path / "project.yaml", "    price: 2400\n    days: 5", "    price: 2600\n    days: 5")
        run("change", path, "-m", "Discovery workshop extended", "--requested-on", "2027-02-10")

    diff_and_redline_agree_with_render(path, tmp_path, "en", "wholesale", reprice, "2027-02-11", "2027-02-12")


def _same(clause: str, restated: str) -> bool:
    """A clause as the contract prints it and as an order quotes it: a list item restated alone ends in
    "." where it had ";", and quotes inside the quotation turn single."""
    flat = lambda t: t.replace("“", "‘").replace("”", "’").rstrip(";.")  # noqa: E731
    return flat(clause) == flat(restated)


RESTATED = re.compile(r"Section (\d+(?:\.\d+)+) of the Agreement is amended and restated to read: “\1\. (.*?)”"
                      r"(?= \d+\.\d+\. | \d+\. [A-Z]{3})")


def test_en_contract_rendered_after_a_late_deposit_change_order_says_what_it_restated(ws, tmp_path):
    """terms13's converse check with the deposit received late (signed 30 Nov 2026, paid 2 Dec): the
    change order restates 2.1 and 2.3 (the dates already include the deposit's move and do not move
    again) and 8.1 (2.3 no longer extends deadlines). `render --doc contract` of the amended version
    printed the signed 2.3 and 8.1: the consolidated text contradicted the signed order (N.Y. GOL
    §15-301: the agreement is what the signed writing says). Every clause the order restates reads
    the same in the rendered contract and on the redline's TO side, and no other clause differs."""
    from tests.test_recorded_schedule import EN_SCHEDULE, _clauses, _commit, _drop, _order, _signed_harbor

    path = _signed_harbor(ws)
    run("render", path, "--doc", "contract", "--format", "docx")
    before = _clauses(next((path / "out").glob("contract-*.docx")))
    project = path / "project.yaml"
    _drop(project, "theme")
    edit(project, EN_SCHEDULE, "    - amount: 4880\n      on: signing\n    - amount: 520\n      on: launch\n")
    _commit(path, "theme in-house; new schedule")
    order = _order(path)
    restated = dict(RESTATED.findall(order))
    assert {"2.1", "2.3", "8.1"} <= set(restated), sorted(restated)
    assert "already include that move and do not move again for the deposit" in restated["2.3"]
    assert "Sections 2.4, 3.7 and 15.1" in restated["8.1"]
    run("sign", path, "--date", "2026-12-17")
    run("render", path, "--doc", "contract", "--format", "docx")
    after = _clauses(next((path / "out").glob("contract-*.docx")))
    for number, text in restated.items():
        assert _same(after.get(number) or "", text), (number, after.get(number), text)
    unchanged = {k for k in set(before) & set(after) if before[k] == after[k]}
    assert not unchanged & set(restated)
    # the redline contract -> addendum-1: accepting every revision gives the same clauses
    from contractkit.flows.redline import redline_files
    from tests.test_redline import resolved

    (data,) = redline_files(path, "contract", "addendum-1", doc="contract", formats=("docx",)).values()
    (tmp_path / "to.docx").write_bytes(resolved(data, "ins"))
    accepted = _clauses(tmp_path / "to.docx")
    assert {k: accepted.get(k) for k in restated} == {k: after[k] for k in restated}


# --- the change-request sheet states the payments the addendum will state ------------------------------

SHEET_ROW = {"en": re.compile(r"No\. (\d+), \$([\d,]+\.\d\d)"),
             "ru": re.compile(r"№ (\d+) — ([\d\s]+,\d\d) ₽")}


def _sheet_rows(path: Path, lang: str) -> list[tuple[int, str]]:
    sheet = normal(docx_text(sorted((path / "out").glob("cr-*.docx"))[-1]))
    return sheet, [(int(n), re.sub(r"[\s,]", "", a).replace(".", "").replace(",", ""))
                   for n, a in SHEET_ROW[lang].findall(sheet)]


def _installments(path: Path, day: str) -> list[tuple[int, str]]:
    return [(i["number"], i["amount"].replace(".", "")) for i in _status(path, day)["installments"]]


def test_en_sheet_and_change_order_agree_on_the_payments_with_a_recorded_schedule(ws):
    """terms13 left the sheet computing "40 % of the increase, within 7 days (an additional deposit)" while
    the change order, with a schedule the user recorded, adds no deposit and restates 3.3.N by number
    (ledger.follow_the_record): the client approved one split and signed another."""
    from tests.scenario_edits import EN_ORDERING
    from tests.test_recorded_schedule import _commit, _signed_harbor

    path = _signed_harbor(ws)
    project = path / "project.yaml"
    edit(project, "\npayment:", EN_ORDERING)
    edit(project, "      deliverable: design\n", "      deliverable: discovery\n")
    _commit(path, "online ordering; the interim payment follows discovery")
    run("change", path, "-m", "Online ordering", "--requested-on", "2026-12-08", "--estimate")
    run("addendum", path, "--date", "2026-12-10", "--format", "docx")
    order = normal(docx_text(next((path / "out").glob("addendum-1-*.docx"))))
    sheet, rows = _sheet_rows(path, "en")
    assert "additional deposit" not in sheet and "adding Section 3.3.4" not in order
    run("sign", path, "--date", "2026-12-10")
    assert rows == _installments(path, "2026-12-11"), sheet
    for n, amount in rows:  # each restated 3.3.N states the sheet's amount
        if f"Section 3.3.{n} of the Agreement is amended" in order:
            said = re.search(rf"“3\.3\.{n}\. \$([\d,]+\.\d\d)", order).group(1)
            assert said.replace(",", "").replace(".", "") == amount


def test_ru_sheet_and_addendum_agree_on_the_payments_with_a_recorded_schedule(ws):
    """RU-1: the blog and 30 pages added with the schedule recorded as 121 750 ₽ paid + the rest on
    completion: the addendum adds no prepayment (3.3.3), so the sheet must not ask for 50 % of the
    increase before work starts, and it lists what the addendum restates."""
    from tests.scenario_edits import RU_BLOG, RU_CONTENT, RU_CONTENT_30
    from tests.test_recorded_schedule import RU_SCHEDULE, _commit

    run("new", "romashka", "--from-example", "romashka-site")
    path = ws / "romashka"
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "1", "--date", "2026-12-02")
    project = path / "project.yaml"
    edit(project, RU_CONTENT, RU_CONTENT_30 + RU_BLOG)
    edit(project, RU_SCHEDULE, "    - amount: 121750\n      on: signing\n    - amount: 171000\n      on: completion\n")
    _commit(path, "блог и 30 страниц; новый график")
    run("change", path, "-m", "Блог и 30 страниц", "--requested-on", "2026-12-10", "--estimate")
    run("addendum", path, "--date", "2026-12-15", "--format", "docx")
    text = normal(docx_text(next((path / "out").glob("addendum-1-*.docx"))))
    sheet, rows = _sheet_rows(path, "ru")
    assert "подпунктом 3.3.3" not in text and "дополнительной предоплаты" not in sheet
    assert "увеличения стоимости" not in sheet
    run("sign", path, "--date", "2026-12-15")
    assert rows == _installments(path, "2026-12-16"), sheet


# --- a refund the addendum promises is recorded, and every output shows it ------------------------------

def test_ru_refund_the_addendum_promises_is_recorded_and_shown_by_status_log_and_the_page(ws):
    """ГК РФ п. 4 ст. 453, ст. 1102: a fee cut below what was paid is paid back, as the addendum says.
    Before the refund is recorded `status` warns (received > the fee); `paid --refund` records it,
    taken off the installment paid beyond its amount; then status, its --json, log and the client's
    page give the same sum, and received never exceeds the fee."""
    from decimal import Decimal

    from tests.test_one_state import publish, sum_in_line
    from tests.test_recorded_schedule import RU_SCHEDULE, _commit, _drop, _order

    run("new", "romashka", "--from-example", "romashka-site")
    path = ws / "romashka"
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-02")
    project = path / "project.yaml"
    text = project.read_text(encoding="utf-8")
    for stage in re.findall(r"^  - id: (\S+)", text.split("\npayment:")[0].split("\ndeliverables:")[1], re.M)[1:]:
        _drop(project, stage)
    edit(project, RU_SCHEDULE, "    - percent: 100\n      on: signing\n")
    _commit(path, "one stage")
    order = _order(path, "2026-12-09")
    promised = sum_in_line(re.search(r"Исполнитель возвращает Заказчику ([^.]*?) в течение", order).group(1))
    run("sign", path, "--date", "2026-12-09")
    data = _status(path, "2026-12-10")
    assert Decimal(data["received"]) - Decimal(data["total"]) == promised == Decimal(data["overpaid"])
    said = normal(run("status", path, "--date", "2026-12-10").output)
    assert "received beyond the fee is owed back to the client" in said, said
    too_much = run("paid", path, "--refund", str(promised + 1), "--date", "2026-12-11", ok=False).output
    assert "is more than was paid beyond the fee" in too_much and len(too_much.strip().splitlines()) == 1
    run("paid", path, "--refund", str(promised), "--date", "2026-12-11", "--ref", "п/п 17")
    data = _status(path, "2026-12-12")
    assert Decimal(data["refunded"]) == promised and Decimal(data["overpaid"]) == 0
    assert Decimal(data["received"]) == Decimal(data["total"]) and Decimal(data["balance"]) == 0
    said = normal(run("status", path, "--date", "2026-12-12").output)
    assert "owed back" not in said
    shown = normal(fmt_money(promised))
    assert f"(after refunding {shown})" in said
    assert re.search(rf"P-\d+ refunded {re.escape(shown)} \(#1 {re.escape(shown)}\) ref п/п 17",
                     normal(run("log", path).output))
    page = normal(publish(path, dt.date(2026, 12, 12)))
    assert f"Возвращено Заказчику: {shown}" in page
    assert "Оплачено сверх цены" not in page
    assert "error" not in run("doctor", path).output.lower()
    # only what was due then may exceed what the addendum cut it to: a hand-written payment beyond
    # anything the installment ever was is still a damaged record
    (path / ".contractkit" / "payments" / "P-009.yaml").write_text(
        "id: P-009\ndate: '2026-12-03'\namount: '100000.00'\nallocations: {'1': '100000.00'}\n", encoding="utf-8")
    _commit_all(path, "hand-written payment")
    said = normal(run("status", path, "--date", "2026-12-12").output)
    assert "damaged record: payment P-009" in said and "is recorded as paid, more than its 30000.00" in said, said


def _commit_all(path: Path, message: str) -> None:
    import git

    with git.Repo(path) as repo:
        repo.git.add("-A")
        repo.index.commit(message)


def fmt_money(amount) -> str:
    from contractkit.words import fmt

    return fmt.money(amount, "RUB", "ru")


def test_en_sheet_names_the_new_payment_the_change_order_makes_of_the_balance(ws):
    """A change order adding a milestone after the one the final payment follows keeps that payment
    and makes the balance a new payment on acceptance of the new milestone (ledger.keep_the_final;
    tests/test_en_round8.py M3): the sheet the client approves says so, with the same sums, not
    "added to the final payment"."""
    from tests.test_en_round6 import edit as edit_project
    from tests.test_en_round8 import ADDED_STAGE, SHOP, repo_of

    path = repo_of(ws, SHOP)
    run("sign", path, "--date", "2026-12-08")
    run("paid", path, "1", "--date", "2026-12-10")
    edit_project(path, *ADDED_STAGE)
    run("change", path, "-m", "B2B wholesale portal", "--requested-on", "2026-12-20", "--estimate")
    sheet = normal(docx_text(sorted((path / "out").glob("cr-*.docx"))[-1]))
    run("addendum", path, "--date", "2026-12-21", "--format", "docx")
    order = normal(docx_text(next((path / "out").glob("addendum-1-*.docx"))))
    deposit = re.search(r"adding Section 3\.3\.(\d): “3\.3\.\1\. (\$[\d,.]+\d)", order)
    balance = re.search(r"adding Section 3\.3\.(\d): “3\.3\.\1\. (\$[\d,.]+\d) \([^)]*\), within 7 calendar days "
                        r"after acceptance of Milestone 5", order)
    assert deposit and balance, order
    assert (f"{deposit.group(2)}, within 7 calendar days after the Change Order is signed (an additional deposit); "
            f"the balance, {balance.group(2)}, is a new payment (No. {balance.group(1)}), within 7 calendar days "
            "after acceptance of Milestone 5 “B2B wholesale portal”.") in sheet, sheet
    assert "is added to the final payment" not in sheet


def test_en_refund_is_owed_on_the_page_until_recorded_then_shown_as_refunded(ws):
    """The change order's refund clause ($3,680.00 within 10 business days): the page says what is
    owed back until `paid --refund` records it, then what was refunded; status --json agrees."""
    from decimal import Decimal

    from tests.test_one_state import publish
    from tests.test_recorded_schedule import EN_SCHEDULE, _commit, _drop, _order, _signed_harbor

    path = _signed_harbor(ws)
    project = path / "project.yaml"
    for stage in ("design", "theme", "launch"):
        _drop(project, stage)
    edit(project, EN_SCHEDULE, "    - percent: 100\n      on: signing\n")
    _commit(path, "discovery only")
    order = _order(path)
    promised = re.search(r"The Contractor shall refund (\$[\d,]+\.\d\d)", order).group(1)
    run("sign", path, "--date", "2026-12-16")
    page = normal(publish(path, dt.date(2026, 12, 17)))
    assert f"Paid beyond the fee, to be refunded: {promised}" in page
    assert Decimal(_status(path, "2026-12-17")["overpaid"]) == Decimal(promised[1:].replace(",", ""))
    run("paid", path, "--refund", promised[1:].replace(",", ""), "--date", "2026-12-18")
    page = normal(publish(path, dt.date(2026, 12, 19)))
    assert f"Refunded to the Client: {promised}" in page and "to be refunded" not in page
    data = _status(path, "2026-12-19")
    assert (data["refunded"], data["overpaid"], data["received"]) == (promised[1:].replace(",", ""), "0.00",
                                                                      data["total"])
    assert next(p for p in data["payments"] if p["refund"])["amount"] == "-" + promised[1:].replace(",", "")


def test_redline_of_an_edit_not_recorded_yet_is_what_render_prints_for_it(ws, tmp_path):
    """Right after `sign` (HEAD is the signature's tag) the user edits project.yaml: the redline's TO
    side (the working file) is the edited version as `render` prints it, with the payment schedule its
    addendum would restate, not the signed version's schedule again."""
    from tests.test_co_deposit import _romashka

    path, _ = _romashka(ws)
    edit(path / "project.yaml", "    price: 30000\n", "    price: 32000\n")
    (tmp_path / "now").mkdir()
    now = rendered(path, tmp_path / "now")
    sides = redline_sides(path, "addendum-1", "working", tmp_path)
    for doc in DOCS:
        assert sides[doc][1] == now[doc], doc
    assert "1 000,00" in now["payments"]  # the addendum's extra prepayment of the 2 000 ₽ increase
