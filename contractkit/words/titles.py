"""What an English agreement is called: the title is where a reader starts construing what was
contracted for, so a packaging-design contract must not be headed "web development" (review-en5 E5)."""

from __future__ import annotations

import re

WEB = re.compile(r"\b(web|website|site|online|e-?commerce|shop|store|app|apps|platform|portal|software|"
                 r"saas|landing|cms|wordpress|frontend|backend|api)\b", re.I)


def agreement_title(project) -> str:
    """`contract.title` when the project gives one; else SERVICES AGREEMENT for services, WEB DESIGN
    AND DEVELOPMENT AGREEMENT for work whose title or deliverables speak of a website, an app or
    software, and DESIGN AND DEVELOPMENT AGREEMENT for any other work."""
    given = (project.contract.title or "").strip()
    if given:
        return given.upper()
    if project.contract.type == "services":
        return "SERVICES AGREEMENT"
    texts = [project.title, *(d.title for d in project.deliverables),
             *(getattr(d, "description", "") or "" for d in project.deliverables)]
    web = any(WEB.search(text or "") for text in texts)
    return "WEB DESIGN AND DEVELOPMENT AGREEMENT" if web else "DESIGN AND DEVELOPMENT AGREEMENT"
