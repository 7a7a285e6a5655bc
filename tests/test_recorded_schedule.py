"""A change of the payment terms or schedule reaches the addendum (RU) / change order (EN) as an
amendment of the signed clause by its signed number (reviews E19, E20, R22, R9; issue 24 item 1).

The parties amend the signed wording (ГК РФ ст. 450, 452; N.Y. GOL §15-301: a written agreement is
changed by a signed writing that states the change): every figure is read back from the rendered
DOCX; the converse test compares the contract rendered at both versions with the amendments listed.
"""

import re

from tests.conftest import run
from tests.readback import docx_blocks, docx_text, normal
from tests.test_billing import example
from tests.test_workflow import edit

EN_SCHEDULE = """    - percent: 40
      on: signing
    - percent: 30
      on: acceptance
      deliverable: design
    - percent: 30
      on: launch
"""
RU_SCHEDULE = """    - percent: 50
      on: signing       # prepayment
    - percent: 50
      on: completion    # signing of the final acceptance act
"""
NUMBERED = re.compile(r"^(\d+(?:\.\d+)+)\.\s+(.*)$")
EN_AMENDS = re.compile(r"Section (\d+(?:\.\d+)+) of the Agreement is (amended and restated|deleted)"
                       r"|Section [\d.]+ of the Agreement is amended by adding Section (\d+(?:\.\d+)+)")
RU_AMENDS = re.compile(r"(?:Пункт|Подпункт) (\d+(?:\.\d+)+) Договора (?:изложить|исключить)"
                       r"|(?:пунктом|подпунктом) (\d+(?:\.\d+)+) следующего содержания")


def _drop(path, stage: str) -> None:
    """Remove one deliverable block (from its `- id:` to the next one) from project.yaml."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {stage}\n")
    end = text.index("  - id: ", start + 1) if "  - id: " in text[start + 1:] else text.index("\npayment:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")


def _commit(path, message: str) -> None:
    import git

    with git.Repo(path) as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit(message)


def _signed_harbor(ws):
    path = example(ws, "blue-harbor-shop", "harbor")
    run("sign", path, "--date", "2026-11-30")
    run("paid", path, "prepayment", "--date", "2026-12-02")  # 40 % of $12,200.00: $4,880.00
    return path


def _order(path, date="2026-12-16") -> str:
    run("change", path, "-m", "Scope", "--requested-on", "2026-12-08")
    run("addendum", path, "--date", date, "--format", "docx")
    return normal(docx_text(next((path / "out").glob("addendum-1-*.docx"))))


def _clauses(docx) -> dict[str, str]:
    """{"3.3.2": text} of every numbered paragraph of a rendered contract (DOCX)."""
    out = {}
    for _, text in docx_blocks(docx):
        found = NUMBERED.match(normal(text))
        if found:
            out.setdefault(found.group(1), found.group(2))
    return out


def _contract(path) -> dict[str, str]:
    run("render", path, "--doc", "contract", "--format", "docx")
    return _clauses(next((path / "out").glob("contract-*.docx")))


SECTION_AMENDS = re.compile(r"Section (\d+) \([^)]*\) of the Agreement is deleted|inserting the following new "
                            r"Section (\d+)|Раздел (\d+) «[^»]*» Договора исключить|Дополнить Договор разделом (\d+)")


def _amended(order: str, pattern: re.Pattern, clauses: set[str]) -> set[str]:
    """The clause numbers the order amends; a section added or deleted stands for all its clauses."""
    out = {next(g for g in m.groups() if g and g[0].isdigit()) for m in pattern.finditer(order)}
    for m in SECTION_AMENDS.finditer(order):
        section = next(g for g in m.groups() if g)
        out |= {k for k in clauses if k.split(".")[0] == section}
    return out


def test_a_moved_installment_is_restated_with_its_new_event_and_the_signed_amounts_en(ws):
    """E19: the 30 % installment that followed the removed design now follows Discovery (the user's
    edit): 3.3.2 keeps its signed amount and names the new event, 3.3.3 takes the decrease; no term is
    printed as a key of the project file."""
    path = _signed_harbor(ws)
    project = path / "project.yaml"
    _drop(project, "design")  # −$3,450.00: $12,200.00 -> $8,750.00
    edit(project, "      deliverable: design\n", "      deliverable: discovery\n")
    _commit(project.parent, "design in-house; the interim payment follows discovery")
    order = _order(path)
    assert ("Section 3.3.2 of the Agreement is amended and restated to read: “3.3.2. $3,660.00 (three "
            "thousand six hundred sixty US dollars), within 7 calendar days after acceptance of Milestone 1 "
            "(Discovery and sitemap).”") in order, order
    # $8,750.00 − $4,880.00 paid − $3,660.00 = $210.00, on launch as signed
    assert re.search(r"Section 3\.3\.3 of the Agreement is amended and restated to read: “3\.3\.3\. \$210\.00 "
                     r"\(two hundred ten US dollars\), within 7 calendar days after", order), order
    assert "project record" not in order and "payment.schedule" not in order
    assert "percent:" not in order and "deliverable:" not in order
    assert "after final acceptance" not in order.split("3.3.2.")[1].split("3.3.3")[0]


def test_a_reduction_beyond_the_final_payment_takes_the_recorded_schedule_en(ws):
    """E20: the Client takes the theme in-house (−$6,800.00, more than the final $3,660.00); the user
    records $4,880.00 (paid) + $520.00 on launch. The order deletes 3.3.2 by its number and restates
    3.3.3; the signed numbers never shift, and `status` keeps the paid deposit as paid."""
    path = _signed_harbor(ws)
    project = path / "project.yaml"
    _drop(project, "theme")  # $12,200.00 -> $5,400.00
    edit(project, EN_SCHEDULE, "    - amount: 4880\n      on: signing\n    - amount: 520\n      on: launch\n")
    _commit(path, "theme in-house; new schedule")
    order = _order(path)
    assert "Section 3.3.2 of the Agreement is deleted." in order, order
    assert ("Section 3.3.3 of the Agreement is amended and restated to read: “3.3.3. $520.00 (five hundred "
            "twenty US dollars), within 7 calendar days after") in order, order
    assert order.index("Section 3.3.2 of the Agreement is deleted") < order.index("Section 3.3.3 of the")
    assert ("the payments are due in the amounts and on the terms stated in Section 3.3 of the Agreement as "
            "amended by this Change Order") in order
    assert "refund" not in order  # $4,880.00 paid is less than the new fee
    run("sign", path, "--date", "2026-12-17")
    status = run("status", path).output
    assert re.search(r"1\. prepayment\s+\$4,880\.00 .* paid", status), status
    assert re.search(r"3\. on launch\s+\$520\.00", status), status
    assert not re.search(r"^\s+2\. ", status.split("stages:")[0], re.M), status
    contract = _contract(path)
    assert "3.3.2" not in contract and contract["3.3.3"].startswith("$520.00")


def test_a_fee_below_what_was_paid_gets_a_refund_clause_en(ws):
    """Paid $4,880.00; the fee falls to $1,200.00 (discovery only): the Contractor refunds $3,680.00
    within 10 business days after the Change Order is signed."""
    path = _signed_harbor(ws)
    project = path / "project.yaml"
    for stage in ("design", "theme", "launch"):
        _drop(project, stage)
    edit(project, EN_SCHEDULE, "    - percent: 100\n      on: signing\n")
    _commit(path, "discovery only")
    order = _order(path)
    assert ("The Contractor shall refund $3,680.00 (three thousand six hundred eighty US dollars) to the "
            "Client within 10 business days after this Change Order is signed") in order, order
    assert "Section 3.3.2 of the Agreement is deleted." in order
    assert "Section 3.3.3 of the Agreement is deleted." in order
    assert ("“3.3.1. $1,200.00 (one thousand two hundred US dollars), within 7 calendar days after this "
            "Agreement is signed") in order


def test_changed_days_to_pay_reach_the_unpaid_installments_and_no_key_is_printed_ru(ws):
    """R22, R9: days_to_pay 5 -> 10 and the penalty 0.1 -> 0.2 %: п. 3.3.2 is restated «в течение 10
    рабочих дней» (the prepayment, due on signing, stays as signed), п. 9.2 with 0,2 %; no clause
    names a key of the project file; the unchanged final payment is not restated as a change."""
    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-02")
    project = path / "project.yaml"
    edit(project, "  days_to_pay: 5\n", "  days_to_pay: 10\n")
    edit(project, "    per_day: 0.1\n", "    per_day: 0.2\n")
    _commit(path, "terms")
    order = _order(path, "2026-12-09")
    found = re.search(r"Подпункт 3\.3\.2 Договора изложить в следующей редакции: «3\.3\.2\. ([^»]*)»", order)
    assert found and "в течение 10 рабочих дней" in found.group(1), order
    assert "Подпункт 3.3.1" not in order  # the prepayment fell due on signing: as signed
    assert re.search(r"Пункт 9\.\d Договора изложить в следующей редакции: «9\.\d\. [^»]*0,2 %", order), order
    assert "проектной записи" not in order and "payment." not in order and "late_penalty" not in order
    assert "ИЗМЕНЕНИЕ УСЛОВИЙ ДОГОВОРА" in order and "ИЗМЕНЕНИЕ СОСТАВА И СРОКОВ" not in order
    assert "Окончательный платёж составляет" not in order  # R9: it does not change
    assert "платежи вносятся в размерах и в сроки, указанные в пункте 3.3 Договора" in order


def test_a_term_no_clause_states_is_refused_naming_the_field_ru(ws):
    """A Russian contract states the penalty (ст. 330 ГК РФ), not a monthly interest: an addendum
    cannot agree a value its wording does not state; nothing is written."""
    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    edit(path / "project.yaml", "  late_penalty:\n", "  late_interest_monthly: 2\n  late_penalty:\n")
    _commit(path, "interest")
    run("change", path, "-m", "Interest", "--requested-on", "2026-12-07")
    result = run("addendum", path, "--date", "2026-12-09", "--format", "docx", ok=False)
    assert "payment.late_interest_monthly" in result.output
    assert "no clause of the contract states" in result.output
    assert len([x for x in result.output.splitlines() if x.startswith("error")]) == 1, result.output
    assert not list((path / "out").glob("addendum-*"))


def test_a_fee_below_what_was_paid_gets_a_refund_clause_ru(ws):
    """ГК РФ п. 4 ст. 453, ст. 1102: what was paid beyond the new price is returned, with a term."""
    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-02")
    project = path / "project.yaml"
    text = project.read_text(encoding="utf-8")
    stages = re.findall(r"^  - id: (\S+)", text.split("\npayment:")[0].split("\ndeliverables:")[1], re.M)
    for stage in stages[1:]:
        _drop(project, stage)
    edit(project, RU_SCHEDULE, "    - percent: 100\n      on: signing\n")
    _commit(path, "one stage")
    order = _order(path, "2026-12-09")
    found = re.search(r"Исполнитель возвращает Заказчику ([^.]*?) в течение 10 рабочих дней с даты подписания "
                      r"настоящего Соглашения[^.]*\(пункт 4 статьи 453, статья 1102 Гражданского кодекса", order)
    assert found, order
    assert "Подпункт 3.3.2 Договора исключить" in order, order


def _converse(path, order: str, before: dict[str, str], pattern: re.Pattern) -> None:
    """Issue 24 item 1: every clause whose rendered text differs between the versions is amended, and
    every amendment names a clause that differs (the amendments are read from the order's text)."""
    run("sign", path, "--date", "2026-12-17")
    after = _contract(path)
    differ = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    assert "3.3.2" in differ, "the change must reach the payment clause"
    amended = _amended(order, pattern, set(before) | set(after))
    assert amended == differ, (sorted(amended), sorted(differ))


def test_no_amendment_the_contract_does_not_contain_and_no_change_without_one_en(ws):
    path = example(ws, "blue-harbor-shop", "harbor")
    run("sign", path, "--date", "2026-11-30")
    run("paid", path, "prepayment", "--date", "2026-11-30")  # in time: §2.3 moves no date
    before = _contract(path)
    project = path / "project.yaml"
    _drop(project, "theme")  # with its personal data: Section 12 goes too
    edit(project, EN_SCHEDULE, "    - amount: 4880\n      on: signing\n    - amount: 520\n      on: launch\n")
    edit(project, "  days_to_pay: 7\n", "  days_to_pay: 10\n")
    _commit(path, "theme in-house; new schedule, 10 days")
    _converse(path, _order(path), before, EN_AMENDS)


def test_no_amendment_the_contract_does_not_contain_and_no_change_without_one_ru(ws):
    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-02")
    before = _contract(path)
    project = path / "project.yaml"
    edit(project, "  days_to_pay: 5\n", "  days_to_pay: 10\n")
    edit(project, "    per_day: 0.1\n", "    per_day: 0.2\n")
    edit(project, "  warranty_months: 3\n", "  warranty_months: 6\n")
    _commit(path, "terms")
    _converse(path, _order(path, "2026-12-09"), before, RU_AMENDS)


def test_days_to_pay_alone_keep_every_installment_and_move_only_the_unpaid_ones():
    """CO 1 adds a milestone after launch (its balance is a payment of its own, ledger.keep_the_final);
    CO 2 changes only days_to_pay 7 -> 10: the five payments stay, with their amounts and numbers; the
    deposit and CO 1's deposit fell due when signed and keep 7 days, the others take 10."""
    from contractkit.ledger import History, signed_numbers
    from contractkit.load import parse_project
    from tests.conftest import EXAMPLES

    en = (EXAMPLES / "blue-harbor-shop" / "project.yaml").read_text(encoding="utf-8")
    one = en.replace("\npayment:", "  - id: ordering\n    title: Online ordering\n    hours: 24\n    days: 4\n"
                     "\npayment:", 1)
    two = one.replace("  days_to_pay: 7\n", "  days_to_pay: 10\n")
    history = History([parse_project(x) for x in (en, one, two)])
    before, after = history.schedules[1], history.schedules[2]
    assert [(x.label, x.amount) for x in after] == [(x.label, x.amount) for x in before]
    assert signed_numbers(after) == signed_numbers(before) and len(after) == 5
    assert [x.due_days for x in after] == [7 if x.label == "signing" or x.addendum == 1 else 10 for x in before]
    assert sum(x.amount for x in after) == history.figures[2].total


def test_a_recorded_schedule_with_more_installments_numbers_the_new_ones_after_the_signed():
    """40/30/30 signed; the user records 40/15/15/30 (two interim payments): the deposit stays, the
    first interim keeps 2, the added one takes 4, the final keeps 3; the rest is split by the shares."""
    from decimal import Decimal

    from contractkit.ledger import History, signed_numbers
    from contractkit.load import parse_project
    from tests.conftest import EXAMPLES

    en = (EXAMPLES / "blue-harbor-shop" / "project.yaml").read_text(encoding="utf-8")
    more = en.replace(EN_SCHEDULE, "    - percent: 40\n      on: signing\n    - percent: 15\n      on: acceptance\n"
                      "      deliverable: design\n    - percent: 15\n      on: acceptance\n      deliverable: theme\n"
                      "    - percent: 30\n      on: launch\n")
    history = History([parse_project(en), parse_project(more)])
    schedule = history.schedules[1]
    assert signed_numbers(schedule) == [1, 2, 4, 3]
    assert [(x.label, x.deliverable) for x in schedule] == [
        ("signing", None), ("acceptance", "design"), ("acceptance", "theme"), ("launch", None)]
    assert schedule[0].amount == Decimal("4880.00")  # fell due on signing: as signed
    assert sum(x.amount for x in schedule) == history.figures[1].total
