"""Issue 24's leftovers (session 11, en17): the English documents, each read back from the output.

E3: a client-caused delay on a started English milestone extends its due date (the Agreement's
delay clause, §2.3 of the reviewer's uk-ie project); it never moves the milestone's start, which
is past and on the record. The change order's restated Exhibit 1, `status --json` and the
client's page state the start it had and the extended due date.
"""

import json
import re
from pathlib import Path

from tests.conftest import run
from tests.readback import normal, pdf_pages
from tests.test_en_round6 import edit
from tests.test_en_round9 import IRISH, uk_ie_notice


def _order_pdf(path: Path) -> str:
    return normal(" ".join(pdf_pages(sorted((path / "out").glob("addendum-1-*.pdf"))[-1])))


def test_client_delay_extends_a_started_milestone_and_keeps_its_start(ws):
    """E3. "Portal build" started on 2 March 2027 (UX accepted 1 March); the Client's materials came
    4 business days late, and the Contractor's notice under §2.3 extends its due date from 7 to 13
    April 2027. Change Order 1 restates Exhibit 1: the milestone still starts on 2 March and runs 29
    business days to 13 April (a restated exhibit that says it started on 8 March misstates the
    signed record: an amendment changes the terms it names, it does not rewrite past performance)."""
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
    text = _order_pdf(path)
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
