"""review-en5 E15 and E8 (session 12, en18): change orders, the dates they fix and which milestone is
last, each read back from the rendered documents.

E15: a milestone a Change Order adds with a fixed date is agreed knowing the client's delay already
running; Section 2.4 moves the deadlines agreed before a delay, not one the parties fix afterwards,
so the change request sheet, the Change Order, `status`, the client's page and the calendar state
the date as entered (the reviewer's project B: a Florida LLC designing labels for an Irish
distillery, tests/data/en-17-distillery.yaml; its change, en-18-distillery-co.yaml).

E8: a Change Order that inserts a milestone before an older one lists them out of their numbers'
order, so Section 4.5 ("Final acceptance" means acceptance of the last milestone in Exhibit 1) no
longer says which one is last; an ambiguous term is construed against the party who drafted it
(contra proferentem, Cal. Civ. Code §1654). The Change Order amends 4.5 to the definition the deal
state applies: acceptance of every milestone.
"""

import json
import re
from pathlib import Path

import git

from tests.conftest import run
from tests.readback import normal, pdf_pages
from tests.test_en_review5 import repo_of
from tests.test_en_round6 import edit
from tests.test_en_round9 import IRISH, uk_ie_notice
from tests.test_en_round17 import kestrel_order

DATA = Path(__file__).parent / "data"
LABEL_COPY = "Label copy with mandatory particulars, and the bottle die-line from the glass supplier"


def _pdf(path: Path, pattern: str) -> str:
    return normal(" ".join(pdf_pages(sorted((path / "out").glob(pattern))[-1])))


def _commit(path: Path, source: Path, message: str) -> None:
    (path / "project.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    with git.Repo(path) as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit(message)


def distillery_order(ws) -> tuple[Path, str]:
    """Project B signed 12 Jan 2027, deposit paid, the label copy asked on 26 Jan and late (notice of
    4 Feb under Section 2.4); then CR-002 adds "Neck tag" due 9 April 2027 and Change Order No. 1 is
    rendered. Returns the project and what `change` printed (with its warnings)."""
    path = repo_of(ws, DATA / "en-17-distillery.yaml")
    run("sign", path, "--date", "2027-01-12")
    run("paid", path, "1", "--date", "2027-01-26")
    run("asked", path, LABEL_COPY, "--date", "2027-01-26", "--stage", "label")
    run("notice", "delay", path, "label", "--client-caused", "--reason", "late", "--date", "2027-02-04")
    _commit(path, DATA / "en-18-distillery-co.yaml", "tag")
    said = run("change", path, "-m", "Neck tag", "--reason", "r", "--requested-on", "2027-02-08",
               "--estimate").output
    run("addendum", path, "--date", "2027-02-09", "--format", "pdf")
    return path, said


def test_a_milestone_added_with_a_fixed_date_keeps_that_date_everywhere(ws):
    """E15. The parties agreed "Neck tag" due 9 April 2027 on 8-9 February, when the Client's delay on
    the label materials was already running: the sheet the Client approves, the Change Order it
    signs and every later output state 9 April, never 13 April; `change` says in one line that the
    running delay does not move it."""
    path, said = distillery_order(ws)
    assert "+ tag: Neck tag (€1,400.00, - working days, due 2027-04-09)" in said, said
    warning = [x for x in said.splitlines() if x.startswith("warning: tag:")]
    assert len(warning) == 1 and "deadline 2027-04-09 is stated as entered" in warning[0], said
    assert "2 working day(s) the schedule has already moved do not move it" in warning[0]
    sheet = _pdf(path, "cr-*.pdf")
    assert "9 April 2027" in sheet and "13 April 2027" not in sheet, sheet
    order = _pdf(path, "addendum-1-*.pdf")
    assert "“Neck tag”" in order and "it runs from 5 April 2027 to 9 April 2027" in order, order
    assert "13 April 2027" not in order and "13 Apr 2027" not in order
    assert "Neck tag €1,400.00 — 5 Apr 2027 9 Apr 2027" in order  # the restated Exhibit 1

    run("sign", path, "--date", "2027-02-10")
    state = json.loads(run("status", path, "--date", "2027-02-10", "--json").output)
    tag = next(s for s in state["stages"] if s["id"] == "tag")
    assert (tag["start"], tag["deadline"]) == ("2027-04-05", "2027-04-09"), tag
    run("publish", path, "--date", "2027-02-10")
    page = normal((path / "out" / "site" / "index.html").read_text(encoding="utf-8"))
    assert "Neck tag: 5 April 2027 – 9 April 2027" in page, page
    run("calendar", str(path), "--date", "2027-02-10", "--out", str(path / "deadlines.ics"))
    ics = (path / "deadlines.ics").read_text(encoding="utf-8")
    event = ics.split("Neck tag", 1)[1].split("END:VEVENT", 1)[0]
    assert "DTSTART;VALUE=DATE:20270409" in event, event


def test_the_change_order_says_final_acceptance_is_acceptance_of_every_milestone(ws):
    """E8. Change Order No. 1 adds Milestone 5 (the audit) before Milestone 4 (data migration) in
    time. "The last milestone in Exhibit 1" could then be either (Cal. Civ. Code §1654: construed
    against the drafter), so the Change Order restates Section 4.5 as the deal state reads it, every
    milestone accepted. With Milestone 4 accepted on 10 March and Milestone 5 on 12 March, the
    certificate of 12 March is the final acceptance, and the final payment runs from it."""
    path = kestrel_order(ws)
    order = _pdf(path, "addendum-1-*.pdf")
    assert ("Section 4.5 of the Agreement is amended and restated to read: “4.5. ‘Final acceptance’ means "
            "acceptance of every milestone in Exhibit 1, whatever its number or place there; it takes place on "
            "the day the last of them to be accepted is accepted, and this is its meaning wherever this "
            "Agreement or an Exhibit refers to final acceptance or to the last milestone.”") in order, order
    contract = _pdf(path, "contract-*.pdf")
    assert "4.5. “Final acceptance” means acceptance of the last milestone in Exhibit 1." in contract

    run("sign", path, "--date", "2027-02-08")
    for stage, day in (("discovery", "2027-01-05"), ("design", "2027-01-26"), ("platform", "2027-03-04"),
                       ("migration", "2027-03-10"), ("audit", "2027-03-12")):
        run("accept", path, stage, "--date", day)
    fourth, fifth = _pdf(path, "act-4-*.pdf"), _pdf(path, "act-5-*.pdf")
    assert "Data migration" in fourth and "final acceptance and triggers" not in fourth, fourth
    assert "This certificate is the final acceptance and triggers the final payment" in fifth, fifth
    state = json.loads(run("status", path, "--date", "2027-03-12", "--json").output)
    final = next(i for i in state["installments"] if i["on"] == "completion")
    assert final["final"] and final["due"] == "2027-03-30", final  # the same day the 12 March certificate states
    assert "by 30 March 2027" in fifth


def test_client_delay_extends_a_started_milestone_and_keeps_its_start(ws):
    """E3. "Portal build" started on 2 March 2027 (UX accepted 1 March); the Client's materials came
    4 business days late, and the Contractor's notice under §2.3 extends its due date from 7 to 13
    April 2027. Change Order 1 restates Exhibit 1: the milestone still starts on 2 March and runs 29
    business days to 13 April (a restated exhibit that says it started on 8 March misstates the
    signed record: an amendment changes the terms it names, it does not rewrite past performance).
    Issue 24 E3, applied in English only to milestones the signed version had (a milestone a Change
    Order adds with a `delay:` starts as that Change Order says: test_en_round15's
    test_a_change_order_after_completion_refuses_dates_before_its_own)."""
    path = uk_ie_notice(ws)
    stages = {s["id"]: s for s in json.loads(run("status", path, "--date", "2027-03-16", "--json").output)["stages"]}
    assert (stages["portal"]["start"], stages["portal"]["deadline"]) == ("2027-03-02", "2027-04-13")
    assert (stages["golive"]["start"], stages["golive"]["deadline"]) == ("2027-04-14", "2027-04-27")
    site = ws / "site"
    run("publish", path, "--out", site, "--date", "2027-03-16")
    page = normal(re.sub(r"<[^>]+>", " ", (site / "index.html").read_text(encoding="utf-8")))
    assert not re.search(r"\b8 March 2027", page), page
    assert "2 March 2027" in page and "13 April 2027" in page
    edit(path, *IRISH)
    run("change", path, "-m", "Irish-language version; shorter hypercare", "--reason",
        "The Client must offer an Irish-language service", "--requested-by", "client",
        "--requested-on", "2027-03-18")
    run("addendum", path, "--date", "2027-03-19", "--format", "pdf")
    text = _pdf(path, "addendum-1-*.pdf")
    exhibit = text.split("STATEMENT OF WORK", 1)[1]
    assert "2 Portal build €36,000.00 29 2 Mar 2027 13 Apr 2027" in exhibit, exhibit
    assert "Dates: 2 March 2027 to 13 April 2027 (29 business days)." in exhibit
    assert not re.search(r"\b8 Mar(ch)? 2027", exhibit)
    # later milestones follow the extended due date
    assert "4 Irish-language version €7,500.00 8 14 Apr 2027 23 Apr 2027" in exhibit
    run("sign", path, "--date", "2027-03-22")
    stages = {s["id"]: s for s in json.loads(run("status", path, "--date", "2027-03-23", "--json").output)["stages"]}
    assert (stages["portal"]["start"], stages["portal"]["deadline"]) == ("2027-03-02", "2027-04-13")
    assert (stages["irish"]["start"], stages["irish"]["deadline"]) == ("2027-04-14", "2027-04-23")
    site = ws / "site2"
    run("publish", path, "--out", site, "--date", "2027-03-23")
    page = normal(re.sub(r"<[^>]+>", " ", (site / "index.html").read_text(encoding="utf-8")))
    assert not re.search(r"\b8 March 2027", page) and "2 March 2027" in page


STORE = """  - id: store
    title: Публикация в магазинах приложений
    description: Публикация в App Store и Google Play
    acceptance:
      - Приложение опубликовано
    revisions: 0
    price: 60000
    rights: false
    deadline: 2027-04-16
"""


def test_a_russian_addendum_states_the_fixed_date_of_the_stage_it_adds(ws):
    """E15 in Russian: the client delayed «Прототип» by 3 working days (`delay: 3`, an extension under the
    contract's «сроки переносятся» clause); the addendum signed afterwards adds a stage due 16 April 2027.
    The parties fix that date knowing the delay (ГК РФ ст. 452: an addendum states the terms agreed), so
    the addendum states 16.04.2027, not 21.04.2027, and the deal state keeps it after signing."""
    path = repo_of(ws, DATA / "ru-16-a.yaml")
    run("sign", path, "--date", "2026-12-07")
    text = (path / "project.yaml").read_text(encoding="utf-8")
    text = text.replace("    days: 10\n", "    days: 10\n    delay: 3\n", 1)
    text = text.replace("    days: 5\n\npayment:", "    days: 5\n" + STORE + "\npayment:", 1)
    (path / "project.yaml").write_text(text, encoding="utf-8")
    said = run("change", path, "-m", "Публикация", "--requested-on", "2026-12-10").output
    assert "due 2027-04-16" in said and "warning: store: deadline 2027-04-16 is stated as entered" in said, said
    run("addendum", path, "--date", "2026-12-11", "--format", "pdf")
    addendum = _pdf(path, "addendum-1-*.pdf")
    assert "Публикация в магазинах приложений" in addendum
    assert "16.04.2027" in addendum or "16 апреля 2027" in addendum, addendum
    assert "21.04.2027" not in addendum and "21 апреля 2027" not in addendum, addendum
    run("sign", path, "--date", "2026-12-11")
    state = json.loads(run("status", path, "--date", "2026-12-11", "--json").output)
    store = next(s for s in state["stages"] if s["id"] == "store")
    assert store["deadline"] == "2027-04-16", store


def test_a_russian_addendum_that_inserts_a_stage_says_which_acceptance_takes_the_rest_of_the_prepayment(ws):
    """E8 in Russian: the offset clause gives the prepayment not yet offset to «приёмке последнего
    этапа»; an addendum that inserts stage 6 before stages 4 and 5 makes «последний» either the highest
    number or the last in time. The addendum restates the clause as the deal state offsets
    (state/offsets: the act that leaves no stage unaccepted) — ГК РФ ст. 431: the literal meaning is
    taken first, so it has to be the one meant."""
    path = repo_of(ws, DATA / "ru-16-a.yaml")
    run("sign", path, "--date", "2026-12-07")
    text = (path / "project.yaml").read_text(encoding="utf-8")
    inserted = STORE.replace("    deadline: 2027-04-16\n", "    days: 3\n") + "  - id: integr\n"
    (path / "project.yaml").write_text(text.replace("  - id: integr\n", inserted, 1), encoding="utf-8")
    run("change", path, "-m", "Публикация", "--requested-on", "2026-12-10")
    run("addendum", path, "--date", "2026-12-11", "--format", "pdf")
    addendum = _pdf(path, "addendum-1-*.pdf")
    assert ("а при приёмке этапа, принятого последним из всех этапов (независимо от их номеров и порядка в "
            "Приложении № 1), — вся не зачтённая ранее предоплата") in addendum, addendum
    contract = _pdf(path, "contract-*.pdf")
    assert "а при приёмке последнего этапа — вся не зачтённая ранее предоплата" in contract
