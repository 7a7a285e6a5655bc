"""Session 12, en19 (issue 24): what the support plan's results pass by, and what kind of work a contract
is for. Each test reads the rendered document back.

review-en5 E13: Exhibit 3 said its results "are assigned to the Client under Section 11.1 of the
Agreement upon payment of the monthly fee", but 11.1 assigned only the listed milestones "upon payment
of the fee in full", and 18.4 lets the Agreement prevail over Exhibit 3. A transfer of copyright needs a
signed writing that itself assigns the work (17 U.S.C. §204(a); CDPA 1988 s.90(3)), so the operative words
are the Agreement's: 11.1 lists the support plan's results with their own trigger.

review-en5 E5 (its second half): the clauses that make sense only for a website (hosting, domain,
operating the result live, access credentials) are printed only when the work is a website, an app or
software; a brand-identity and packaging job reads neutral wording.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run
from tests.readback import data_project, edit_committed, normal, once, out_pdf, pdf_pages

KESTREL = "en-17-kestrel.yaml"  # review-en5's project A: a web platform with an Exhibit 3 support plan
DISTILLERY = "en-17-distillery.yaml"  # review-en5's project B: brand identity, label and carton artwork

PLAN_ITEM = ("11.1.5. the results of the work under the support plan (Exhibit 3), each assigned upon payment "
             "of the monthly fee and any extra hours for the month in which it is delivered.")


def _render(path: Path, *docs: str) -> None:
    run("render", path, "--format", "pdf", "--doc", ",".join(docs))


def test_the_agreement_itself_assigns_the_support_plans_results(ws):
    """E13. 17 U.S.C. §204(a) and CDPA 1988 s.90(3): the signed Agreement, which prevails over Exhibit
    3 (18.4), lists the support plan's results in 11.1 with their own trigger (the month's fee paid),
    and the Exhibit cites that sub-clause instead of assigning "under Section 11.1" what 11.1 omits."""
    path = data_project(ws / "a", KESTREL)
    _render(path, "contract", "support")
    contract = out_pdf(path, "contract-*.pdf")
    assert ("11.1. The Contractor hereby assigns to the Client, effective upon payment of the fee in full (or, "
            "for the results of the support plan, as Section 11.1.5 states), all right, title and interest, "
            "including copyright, in the following deliverables created under this Agreement and the support "
            "plan") in contract
    assert "11.1.4. the results of Milestone “Data migration”; " + PLAN_ITEM in contract
    assert ("The fee includes the consideration for this assignment, and the monthly fee under the support "
            "plan the consideration for the assignment of its results.") in contract
    assert "this Agreement prevails, then Exhibit 1, then Exhibit 2, then Exhibit 3" in contract
    plan = out_pdf(path, "support-*.pdf")
    assert ("3.6. The results of the work under this Plan (changes, new pages, graphics and other material) are "
            "Deliverables, assigned to the Client by Section 11.1.5 of the Agreement, each upon payment of the "
            "monthly fee and any extra hours for the month in which it is delivered.") in plan
    assert "under Section 11.1 of the Agreement upon payment" not in plan


def test_a_change_orders_milestone_follows_the_support_plans_sub_clause(ws):
    """E13 with a Change Order: the milestone it adds takes 11.1.6, so the signed 11.1.5 (the support
    plan) is neither renumbered nor restated, and the Exhibit still cites 11.1.5."""
    from tests.test_en_round17 import kestrel_order

    path = kestrel_order(ws)  # signed, deposit paid, Change Order No. 1 adds the audit
    order = normal(" ".join(pdf_pages(sorted((path / "out").glob("addendum-1-*.pdf"))[-1])))
    assert ("Section 11.1 of the Agreement is amended by adding Section 11.1.6: “11.1.6. the results of "
            "Milestone ‘Accessibility audit and fixes’.”") in order
    assert "11.1.5" not in order
    _render(path, "contract", "support")
    contract = out_pdf(path, "contract-*.pdf")
    assert PLAN_ITEM.replace("delivered.", "delivered;") in contract
    assert "by Section 11.1.5 of the Agreement" in out_pdf(path, "support-*.pdf")


def test_a_separate_support_plan_assigns_its_results_itself(ws):
    """E13, a plan signed as an agreement of its own (`document: separate`): the Agreement's 11.1 does
    not list its results, so the Plan's own signed text holds the operative words (§204(a))."""
    path = data_project(ws / "a", KESTREL)
    edit_committed(path, "separate", once("  document: annex\n", "  document: separate\n"))
    _render(path, "contract", "support")
    assert "support plan (Exhibit" not in out_pdf(path, "contract-*.pdf")
    plan = out_pdf(path, "support-*.pdf")
    assert ("The Contractor hereby assigns to the Client all right, title and interest, including copyright, in "
            "the results of the work under this Plan (changes, new pages, graphics and other material), each "
            "effective upon payment of the monthly fee and any extra hours for the month in which it is "
            "delivered, worldwide and for the full term of those rights.") in plan


def test_the_ip_certificate_leaves_the_support_results_to_the_agreement(ws):
    """E13: the certificate confirming the milestones' assignment on full payment says the support plan's
    results pass month by month under 11.1, not with it (an assignment is construed as its writing says)."""
    path = data_project(ws / "a", KESTREL)
    run("sign", path, "--date", "2026-12-09")
    run("accept", path, "all", "--date", "2027-02-04")
    run("paid", path, "--amount", "39400", "--date", "2027-02-05")
    run("accept", path, "--rights", "--date", "2027-02-08", "--format", "pdf")
    cert = normal(" ".join(pdf_pages(max((path / "out").glob("act-*.pdf")))))
    assert ("The results of the work under the support plan (Exhibit 3) are not dealt with by this certificate: "
            "Section 11.1 of the Agreement assigns each of them upon payment of the monthly fee and any extra "
            "hours for the month in which it is delivered.") in cert


WEB_ONLY = ("PLATFORMS, APPS OR HOSTING", "operate them live", "access credentials", "domain",
            "hosting or platform plans", "the code, designs")


def test_a_branding_contract_prints_no_web_only_clause(ws):
    """E5's second half. Project B is brand identity, a bottle label and a gift carton: a contract read
    as a whole against its commercial purpose (Arnold v Britton [2015] UKSC 36) must not speak of
    hosting, domains and running the result live; the web project keeps those clauses."""
    brand = data_project(ws / "b", DISTILLERY)
    _render(brand, "contract")
    text = out_pdf(brand, "contract-*.pdf")
    assert [w for w in WEB_ONLY if w in text] == []
    assert "THE AVAILABILITY OR PERFORMANCE OF THIRD-PARTY PRODUCTS OR SERVICES, OR ANY BUSINESS RESULT." in text
    assert "to use the Deliverables, including to reproduce and publish them." in text
    assert "the Contractor shall hand over the results produced so far, including source files; the " in text
    assert ("The Client pays directly all third-party fees (such as printing and production); any account "
            "opened for the Deliverables is registered in the Client’s name.") in text
    web = data_project(ws / "a", KESTREL)
    _render(web, "contract")
    text = out_pdf(web, "contract-*.pdf")
    assert [w for w in WEB_ONLY if w not in text] == []
    assert "including source files, and all access credentials to the Client’s accounts;" in text


def test_a_russian_illustration_contract_hands_over_no_logins(ws):
    """E5's second half, the Russian contract: «доступы (логины и пароли) к ресурсам Заказчика» on
    termination only for a site, an app or a program; a children's book illustrator hands over the
    results and the source files (ГК РФ ст. 729)."""
    book = data_project(ws / "book", "ru-16-b.yaml")
    _render(book, "contract")
    text = out_pdf(book, "contract-*.pdf")
    assert "(в том числе исходные файлы), а Заказчик принимает их по акту" in text
    assert "логины и пароли" not in text
    app = data_project(ws / "app", "ru-18-app.yaml")
    _render(app, "contract")
    assert "(в том числе исходные файлы), и доступы (логины и пароли) к ресурсам Заказчика" in out_pdf(
        app, "contract-*.pdf")


def test_contract_web_says_what_kind_of_work_it_is(ws):
    """E5: `contract.web` overrides what the titles suggest, for the heading and the web-only clauses
    alike: an analytics or packaging project that is in fact software gets them, and a "platform" that
    is no website does not."""
    brand = data_project(ws / "b", DISTILLERY)
    edit_committed(brand, "web", once("  type: work\n", "  type: work\n  web: true\n"))
    _render(brand, "contract")
    text = out_pdf(brand, "contract-*.pdf")
    assert "WEB DESIGN AND DEVELOPMENT AGREEMENT No." in text and "including to operate them live." in text
    web = data_project(ws / "a", KESTREL)
    edit_committed(web, "not web", once("  type: work\n", "  type: work\n  web: false\n"))
    _render(web, "contract")
    text = out_pdf(web, "contract-*.pdf")
    assert "WEB DESIGN" not in text and [w for w in WEB_ONLY if w in text] == []
