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
from pathlib import Path

import git

from tests.conftest import run
from tests.readback import normal, pdf_pages
from tests.test_en_review5 import repo_of
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
