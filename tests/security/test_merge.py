"""Honest teammates: project.yaml merged by meaning. Different deliverables, different fields of
one, different list items all merge; only the same field changed two ways stops, naming both
change requests and the field, with nothing lost."""

from __future__ import annotations

import pytest

from contractkit.load import parse_project
from contractkit.store.merge import MergeConflict, merge_texts
from tests.conftest import EXAMPLES, run
from tests.security.gitfixtures import ck, edit, head, one_line_error

pytestmark = pytest.mark.security("merge")
BASE = (EXAMPLES / "blue-harbor-shop" / "project.yaml").read_text(encoding="utf-8")
LAST = "    price: 750\n    days: 2\n"


def deliverable(did: str, price: int, comment: str = "") -> str:
    note = f"  # {comment}\n" if comment else ""
    return (f"{note}  - id: {did}\n    title: {did.title()} work\n    acceptance:\n      - Approved in writing\n"
            f"    revisions: 1\n    price: {price}\n    days: 3\n")


def with_(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def merged(ours: str, theirs: str) -> str:
    out = merge_texts(BASE.encode(), ours.encode(), theirs.encode()).decode()
    parse_project(out)  # always a valid project
    return out


def test_each_side_adds_a_different_deliverable():
    ours = with_(BASE, LAST, LAST + deliverable("seo", 900, "ours: SEO audit"))
    theirs = with_(BASE, LAST, LAST + deliverable("photos", 400, "theirs: photo shoot"))
    out = merged(ours, theirs)
    ids = [d.id for d in parse_project(out).deliverables]
    assert ids == ["discovery", "design", "theme", "launch", "seo", "photos"]
    assert "# ours: SEO audit" in out and "# theirs: photo shoot" in out
    assert "calendar: US            # US federal holidays" in out  # the file's own comments stay


def test_each_side_edits_a_different_field_of_one_deliverable():
    ours = with_(BASE, "price: 1200", "price: 1500")
    theirs = with_(BASE, "title: Discovery and sitemap", "title: Discovery, sitemap and wireframes")
    project = parse_project(merged(ours, theirs))
    d = project.deliverable("discovery")
    assert (d.price, d.title) == (1500, "Discovery, sitemap and wireframes")


def test_different_list_items_without_ids_merge_by_content():
    backups, updates = "weekly backups by a third-party backup app paid for by the Client", "Shopify app and theme updates"
    ours = with_(BASE, f"    - {backups}\n", f"    - {backups}\n    - uptime alerts\n")
    theirs = with_(BASE, f"    - {updates}\n", f"    - {updates}\n    - monthly report\n")
    includes = parse_project(merged(ours, theirs)).support.includes
    assert includes == [backups, "uptime alerts", updates, "monthly report"]


def test_an_installment_edit_and_a_new_deliverable_merge():
    ours = with_(BASE, "  days_to_pay: 7\n", "  days_to_pay: 10\n")
    theirs = with_(BASE, LAST, LAST + deliverable("seo", 900))
    project = parse_project(merged(ours, theirs))
    assert project.payment.days_to_pay == 10 and project.deliverables[-1].id == "seo"


def test_the_same_change_on_both_sides_is_no_conflict():
    both = with_(BASE, "price: 1200", "price: 1500")
    assert "price: 1500" in merged(both, both)


@pytest.mark.parametrize(("ours_edit", "theirs_edit", "field"), [
    (("price: 1200", "price: 1500"), ("price: 1200", "price: 1300"), "deliverables[discovery].price"),
    (("  days_to_pay: 7", "  days_to_pay: 10"), ("  days_to_pay: 7", "  days_to_pay: 14"), "payment.days_to_pay"),
    (("weekly backups", "daily backups"), ("weekly backups", "hourly backups"), "support.includes"),
    (("Discovery and sitemap", "Discovery"), ("  - id: discovery\n", "  - id: discovery-x\n"), None),
])
def test_a_real_conflict_names_the_field(ours_edit, theirs_edit, field):
    ours, theirs = with_(BASE, *ours_edit), with_(BASE, *theirs_edit)
    if field is None:  # one side renamed (removed) the item the other edited
        field = "deliverables[discovery]"
    with pytest.raises(MergeConflict) as caught:
        merge_texts(BASE.encode(), ours.encode(), theirs.encode(), "your CR-001", "the remote's CR-002")
    assert f"your CR-001 and the remote's CR-002 both change {field}" in caught.value.message


def test_a_deleted_deliverable_and_an_edit_of_another_merge():
    block = BASE[BASE.index("  - id: launch"):BASE.index("\npayment:")]
    ours = with_(BASE, block, "")
    ours = with_(ours, "percent: 30\n      on: launch", "percent: 30\n      on: completion")
    theirs = with_(BASE, "price: 6800", "price: 7000")
    project = parse_project(merged(ours, theirs))
    assert [d.id for d in project.deliverables] == ["discovery", "design", "theme"]
    assert project.deliverable("theme").price == 7000


# --- the team, through sync --------------------------------------------------------------------


def test_two_people_add_different_deliverables_through_sync(team):
    a, b = team
    edit(a / "project.yaml", LAST, LAST + deliverable("seo", 900))
    run("change", a, "-m", "SEO audit")
    edit(b / "project.yaml", LAST, LAST + deliverable("photos", 400))
    run("change", b, "-m", "Photo shoot")
    run("sync", a)
    out = run("sync", b).output
    assert "renumbered your CR-001 to CR-002" in out and "merged" in out
    run("sync", a)
    assert head(a) == head(b)
    for side in (a, b):
        ids = [d.id for d in parse_project((side / "project.yaml").read_text()).deliverables]
        assert ids[-2:] == ["photos", "seo"]  # b merged last: its own first, then the remote's
        log = ck("log", side).stdout
        assert "CR-001        proposed +$900.00 SEO audit" in log
        assert "CR-002        proposed +$400.00 Photo shoot" in log
        assert ck("doctor", side).returncode == 0
    assert run("sign", a, "--date", "2026-12-02").exit_code == 0


def test_two_people_edit_different_fields_of_one_deliverable_through_sync(team):
    a, b = team
    edit(a / "project.yaml", "price: 1200", "price: 1500")
    run("change", a, "-m", "Bigger discovery")
    edit(b / "project.yaml", "    days: 3\n", "    days: 5\n")
    run("change", b, "-m", "Longer discovery")
    run("sync", a)
    run("sync", b)
    d = parse_project((b / "project.yaml").read_text()).deliverable("discovery")
    assert (d.price, d.days) == (1500, 5)


def test_a_real_conflict_through_sync_stops_and_loses_nothing(team):
    a, b = team
    edit(a / "project.yaml", "price: 1200", "price: 1500")
    run("change", a, "-m", "Discovery 1500")
    run("sync", a)
    edit(b / "project.yaml", "price: 1200", "price: 1300")
    run("change", b, "-m", "Discovery 1300")
    before, text = head(b), (b / "project.yaml").read_text()
    output = one_line_error(ck("sync", b))
    assert "your CR-001 and the remote's CR-001 both change deliverables[discovery].price: 1300 here, 1500 " \
           "on the remote" in output
    assert head(b) == before and (b / "project.yaml").read_text() == text
    assert "price: 1500" in (a / "project.yaml").read_text()
