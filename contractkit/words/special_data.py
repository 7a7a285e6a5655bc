"""Special categories of personal data a project describes: data concerning health (GDPR and UK
GDPR Art. 4(15), Art. 9(1)). The contract's processor terms and the SCC Annex I.B must name such
data and its safeguards; `check` tells the controller what Art. 9 and Art. 35 ask of it."""

from __future__ import annotations

import re

HEALTH = re.compile(r"\b(patients?|clinics?|medical|health ?care|hospitals?|protected health information"
                    r"|PHI|ePHI|health records?|health data|physiotherap\w*|therap(?:y|ist|ists|ies)"
                    r"|dental|dentists?|doctors?|symptoms?|diagnos[ie]s|prescriptions?)\b", re.I)
"""Words that say the deliverables' forms or the client's trade handle data concerning health."""


def described(project) -> list[tuple[tuple, str]]:
    """Where the brief and the deliverables describe the work: (field path, text) for its goals,
    audience, requirements, and each deliverable's title, description and acceptance criteria."""
    brief = project.brief
    places: list[tuple[tuple, str]] = [(("brief", "goals", i), x) for i, x in enumerate(brief.goals)]
    places += [(("brief", "audience"), brief.audience or "")]
    places += [(("brief", "requirements", i), x) for i, x in enumerate(brief.requirements)]
    for i, d in enumerate(project.deliverables):
        places += [(("deliverables", i, "title"), d.title), (("deliverables", i, "description"),
                                                             d.description or "")]
        places += [(("deliverables", i, "acceptance", j), a) for j, a in enumerate(d.acceptance)]
    return places


def first_match(project, pattern: re.Pattern) -> tuple[tuple, str] | None:
    """The first place in the title, the brief or a deliverable where `pattern` matches, and the
    match: (location as a field path, matched text)."""
    places = [(("title",), project.title or ""), *described(project)]
    for loc, text in places:
        found = pattern.search(text or "")
        if found:
            return loc, found.group(0)
    return None


def health_data(project) -> str:
    """The word that shows the project handles data concerning health ('' when nothing does)."""
    hit = first_match(project, HEALTH)
    return hit[1] if hit else ""
