"""What an English agreement is called: the title is where a reader starts construing what was
contracted for, so a packaging-design contract must not be headed "web development" (review-en5 E5)."""

from __future__ import annotations

import re

WEB = re.compile(r"\b(web|website|site|online|e-?commerce|shop|store|app|apps|platform|portal|software|"
                 r"saas|landing|cms|wordpress|frontend|backend|api)\b", re.I)
# the Russian stems (a Russian project's titles): сайт, веб-, интернет-магазин, приложение, лендинг, портал,
# платформа, программа, бот, бэкенд
WEB_RU = re.compile(r"(?<!\w)(сайт|веб|интернет|приложени|лендинг|портал|платформ|программ|чат-бот|бот\b|"
                    r"бэкенд|фронтенд|crm)", re.I)


def agreement_title(project) -> str:
    """`contract.title` when the project gives one; else SERVICES AGREEMENT for services, WEB DESIGN
    AND DEVELOPMENT AGREEMENT for work whose title or deliverables speak of a website, an app or
    software, and DESIGN AND DEVELOPMENT AGREEMENT for any other work."""
    given = (project.contract.title or "").strip()
    if given:
        return given.upper()
    if project.contract.type == "services":
        return "SERVICES AGREEMENT"
    web = is_web_work(project)
    return "WEB DESIGN AND DEVELOPMENT AGREEMENT" if web else "DESIGN AND DEVELOPMENT AGREEMENT"


def is_web_work(project) -> bool:
    """Whether the project's title or a deliverable's title or description speaks of a website, an
    app or software: only then do the contracts print the clauses that make sense for a website alone
    (hosting, domain, operating the result live; review-en5 E5)."""
    if project.contract.web is not None:  # the project says so outright
        return project.contract.web
    texts = [project.title, *(d.title for d in project.deliverables),
             *(getattr(d, "description", "") or "" for d in project.deliverables)]
    return (any(d.program for d in project.deliverables)
            or any(WEB.search(text or "") or WEB_RU.search(text or "") for text in texts))
