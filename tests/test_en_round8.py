"""Issue 24, round 8 of the US/UK lawyer's review (review-en5): the majors left after round 7.

Each test drives the CLI on the reviewer's projects (tests/data/en-5-*.yaml: a Texas LLC's shop for a
Munich GmbH under New York law; a London studio's design for a Californian corporation under English
law), reads the rendered document back and names the rule it answers to.
"""

import re

from contractkit.cli import cli  # noqa: F401  (the CLI the helpers drive)
from tests.conftest import run
from tests.readback import docx_text, normal
from tests.test_en_review5 import DESIGN, SHOP, contract_text, render, repo_of


def _doc(path, pattern: str) -> str:
    return normal(docx_text(sorted((path / "out").glob(pattern))[-1]))


# --- M6. English law excludes implied terms, not "merchantability"; no "gross negligence" -------

def test_english_law_excludes_implied_terms_and_conditions_and_uses_wilful_default(tmp_path):
    """KG Bominflot v Petroplus [2010] EWCA Civ 1145: under English law an exclusion of "warranties"
    leaves implied terms and conditions (Sale of Goods Act / Supply of Goods and Services Act 1982)
    standing; "gross negligence" has no settled meaning in English law (Armitage v Nurse [1998] Ch 241)."""
    english = contract_text(render(tmp_path, DESIGN))
    assert ("ALL WARRANTIES, CONDITIONS AND OTHER TERMS IMPLIED BY STATUTE OR COMMON LAW ARE EXCLUDED TO "
            "THE FULLEST EXTENT PERMITTED BY LAW.") in english
    assert "MERCHANTABILITY" not in english
    assert "gross negligence" not in english
    assert "fraud or fraudulent misrepresentation, wilful default, death or personal injury" in english


def test_new_york_law_keeps_the_ucc_disclaimer_and_the_gross_negligence_carve_out(tmp_path):
    """UCC §2-316(2): a US disclaimer names merchantability, conspicuously; N.Y. law does not let a
    cap cover gross negligence or willful misconduct (Kalisch-Jarcho, 58 N.Y.2d 377)."""
    us = contract_text(render(tmp_path, SHOP))
    assert "INCLUDING WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE" in us
    assert "gross negligence or willful misconduct" in us
    assert "IMPLIED BY STATUTE OR COMMON LAW" not in us


# --- M5. A rejection is the Client's notice, and redelivery restarts §4.2 and §4.3 --------------

def test_rejection_notice_restarts_review_and_deemed_acceptance_and_only_the_client_signs(ws):
    """§4.3 (deemed acceptance) must apply to the redelivered milestone, or the Client could hold the
    payment back forever by silence; a rejection is the Client's unilateral notice under §4.2."""
    path = repo_of(ws, SHOP)
    run("sign", path, "--date", "2026-12-08")
    run("paid", path, "1", "--date", "2026-12-10")
    run("accept", path, "discovery", "--date", "2026-12-20", "--remark", "No sitemap",
        "--fix-by", "2026-12-28", "--format", "docx")
    text = _doc(path, "act-*.docx")
    assert "NOTICE OF REJECTION (Section 4.2)" in text
    assert "On redelivery, Sections 4.2 and 4.3 apply again from the date of redelivery." in text
    assert "until then no payment for them falls due" not in text
    assert "is made on" not in text and " between " not in text.split("NOTICE OF REJECTION")[1][:400]
    assert re.search(r"Müller Feinkost GmbH.*\(the “Client”\) gives this notice on 20 December 2026 to "
                     r"Lone Star Pixel Works LLC", text), text[:800]
    # the Client's signature line alone
    assert "Name: Katrin Müller" in text and "Name: Dana Whitfield" not in text
    assert "CONTRACTOR" not in text.split("redelivery.")[-1]
