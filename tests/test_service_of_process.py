"""A New York court against a German client (review-en3 M4): serving a claim in Germany goes through
the Hague Service Convention's central authority (Germany objects to postal service under Art. 10),
so `check` warns unless the client appoints an agent for service of process, which the forum clause
then prints; or the parties choose arbitration (New York Convention)."""

from pathlib import Path

from tests.conftest import run
from tests.readback import docx_text, normal

SHOP = Path(__file__).parent / "data" / "en-5-munich-shop.yaml"
AGENT = "CT Corporation System, 28 Liberty Street, New York, NY 10005"


def _project(ws: Path, edits=()) -> Path:
    text = SHOP.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    path = ws / "shop"
    path.mkdir()
    (path / "project.yaml").write_text(text, encoding="utf-8")
    return path


def test_check_warns_of_a_new_york_court_against_a_german_client_without_an_agent(ws):
    out = run("check", _project(ws)).output
    assert "a US court" in out and "against a client in Germany with no agent for service of process" in out
    assert "Hague Service Convention" in out and "client.process_agent" in out and "arbitration" in out


def test_the_forum_clause_prints_the_clients_agent_and_check_is_satisfied(ws):
    path = _project(ws, [("  jurisdiction: DE\n", f"  jurisdiction: DE\n  process_agent: {AGENT}\n")])
    assert "agent for service of process" not in run("check", path).output
    run("render", path, "--doc", "contract", "--format", "docx")
    text = normal(docx_text(next((path / "out").glob("contract-*.docx"))))
    assert (f"The Client irrevocably appoints {AGENT} as its agent to receive service of process in any "
            "proceeding under this Section, and agrees that service on that agent is good service on the "
            "Client") in text


def test_arbitration_needs_no_agent(ws):
    path = _project(ws, [("    forum: court\n    venue: the state and federal courts located in New York "
                          "County, New York\n",
                          "    forum: arbitration\n    rules: the ICDR International Arbitration Rules\n"
                          "    seat: New York, New York\n")])
    assert "agent for service of process" not in run("check", path).output
