"""Clause numbers of the contract as rendered, found by what each clause says, never hard-coded.

The contract template numbers its clauses as it goes (_lib.html.j2, `cl`), and a clause may be
absent (no penalty, no prepayment), so a letter that cites «п. 9.2 Договора» renders the signed
contract again and reads the numbers off it.
"""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

from contractkit.model import Project

CLAUSE = re.compile(r'<p>\s*(?:<a id="clause-([\w-]+)"></a>)?(\d+\.\d+)\.\s+(.*?)</p>', re.S)
TAG = re.compile(r"<[^>]+>")

MARKERS = {
    "ru": {
        "payment": "Заказчик оплачивает",
        "extension": "продлеваются на период просрочки Заказчиком",
        "suspension": "приостановить",
        "penalty": "За просрочку оплаты",
        "claim": "претензионный порядок",
        "court": "Споры, не урегулированные",
        "third_party": "объекты третьих лиц",
        "refusal": "Исполнитель вправе в одностороннем порядке отказаться",
        "start": "приступает к",
        "withhold": "при просрочке Заказчиком оплаты",
        "change_start": "до подписания Сторонами дополнительного соглашения",
        "ip": "остаются у Исполнителя вместе с исключительными правами",
        "ip_moment": "Исключительные права переходят к Заказчику",
    },
    "en": {
        "payment": "The Client shall pay the fee as follows",
        "extension": "Deadlines are extended by any delay of the Client",
        "suspension": "suspend",
        "nonpayment": "may suspend the Work until that amount is paid",
        "penalty": "Late payments bear a late fee",
        "claim": "send the other a written claim",
        "court": "Disputes not settled in this way",
        "fees": "attorneys’ fees and costs",
        "third_party": "third-party",
        "licence": "ends if any amount remains unpaid",
        "termination": "terminate this Agreement by written notice if the Client fails to pay",
        "convenience": "The Client may terminate this Agreement by",
        "post": "are also sent by post",
        "cure": "shall correct the defects listed in a rejection",
        "materials": "The Contractor keeps its pre-existing",
    },
}


def numbered(html: str) -> list[tuple[str, str, str]]:
    """(role anchor or "", number, plain text) of each numbered clause, in order."""
    return [(m.group(1) or "", m.group(2), " ".join(html_lib.unescape(TAG.sub("", m.group(3))).split()))
            for m in CLAUSE.finditer(html)]


def find(html: str, lang: str) -> dict[str, str]:
    """Role ("penalty", "claim", …) -> clause number; "" for a role the rendered contract lacks.

    The contract templates anchor each clause a letter cites (`cl(n, 'penalty')`); a project's own
    template without anchors is read by what the clause says (MARKERS)."""
    return _roles(numbered(html), lang)


def _roles(clauses: list[tuple[str, str, str]], lang: str) -> dict[str, str]:
    out = dict.fromkeys(MARKERS[lang], "")  # a role the contract lacks is cited by no number
    out.update({role: number for role, number, _ in clauses if role in MARKERS[lang]})
    for role, marker in MARKERS[lang].items():
        if out[role]:
            continue
        hit = next((n for _, n, text in clauses if marker.lower() in text.lower()), None)
        if hit is not None:
            out[role] = hit
    return out


def contract_clauses(project: Project, project_dir: Path, prepaid_on=None,
                     numbering: dict | None = None) -> dict[str, str]:
    """Render the contract of this (signed) version to HTML and read its clause numbers;
    numbering: the section numbers the signed history fixes (render/numbering.py)."""
    from contractkit.compute import compute
    from contractkit.render import context as ctx
    from contractkit.render.documents import TITLES, html_for
    from contractkit.render.look import look_for

    look = look_for(project, project_dir)
    title = f"{TITLES[project.language]['contract']}: {project.title}"
    context = ctx.build(project, compute(project, prepaid_on))
    if numbering is not None:
        context["numbering"] = numbering
    html = html_for("contract.html.j2", context, project, look, title)
    return find(html, project.language)


DOCX_CLAUSE = re.compile(r"^(\d+\.\d+)\.\s+(.*)$", re.S)


def signed_clauses(book, path: Path, amended: bool = False) -> dict[str, str]:
    """Role -> clause number as the signed text has it: the contract as signed, or (amended) as
    the last signed change order amends it. From the map `sign` recorded; for a signature made
    before `sign` kept one, read off the signed contract's DOCX in out/ (when its bytes are the ones
    recorded), else no number at all: a letter never cites a clause the signed text lacks."""
    lang = book.versions[0].language
    out = dict.fromkeys(MARKERS[lang], "")
    record = book.signed[-1] if amended else book.signed[0]
    if record.clauses:
        return {**out, **record.clauses}
    contract = book.signed[0]
    if contract.clauses:  # an older addendum record: the signed numbers never shift
        return {**out, **contract.clauses}
    return {**out, **{k: v for k, v in _from_signed_docx(path, contract, lang).items() if v}}


def _from_signed_docx(path: Path, record, lang: str) -> dict[str, str]:
    """The roles found in the signed contract's DOCX in out/, matched by hash; {} without one."""
    import hashlib

    for name, digest in record.files.items():
        file = path / "out" / name
        if (not name.startswith("contract") or not name.endswith(".docx") or Path(name).name != name
                or file.is_symlink() or not file.is_file() or file.stat().st_size > 64 * 1024 * 1024):
            continue
        data = file.read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            continue
        import io

        import docx

        paragraphs = [" ".join(p.text.split()) for p in docx.Document(io.BytesIO(data)).paragraphs]
        found = [("", m.group(1), m.group(2)) for m in map(DOCX_CLAUSE.match, paragraphs) if m]
        return _roles(found, lang)
    return {}


CO_AMENDS = re.compile(r"^(\d+\.\d+)\.\s+Section (\d+(?:\.\d+)*) of the Agreement is amended "
                       r"(?:and restated|by adding Section (\d+(?:\.\d+)*):)")


RU_AMENDS = re.compile(r"^(\d+\.\d+)\.\s+(?:(?:Пункт|Подпункт) (\d+(?:\.\d+)*) Договора изложить"
                      r"|Дополнить (?:раздел|пункт) \S+ Договора (?:пунктом|подпунктом) (\d+(?:\.\d+)*))")
"""«1.7. Подпункт 3.3.3 Договора изложить в следующей редакции …», «1.8. Дополнить пункт 3.3 Договора
подпунктом 3.3.4 …»: the Russian addendum's own clause restating or adding a clause of the contract."""


def amending_clauses(book, path: Path) -> dict[str, dict]:
    """Agreement clause -> {co, at, how}: the signed English change order that last restated or added
    it and its own clause doing so ("Section 3.3.2, as amended and restated by Section 1.6 of Change
    Order No. 1"), read off each signed change order's DOCX in out/ whose bytes are the ones recorded;
    a clause no readable change order touches is missing."""
    import hashlib
    import io

    out: dict[str, dict] = {}
    for record in (s for s in book.signed if s.kind == "addendum"):
        for name, digest in record.files.items():
            file = path / "out" / name
            if (not name.startswith(f"addendum-{record.number}-") or not name.endswith(".docx")
                    or Path(name).name != name or file.is_symlink() or not file.is_file()
                    or file.stat().st_size > 64 * 1024 * 1024):
                continue
            data = file.read_bytes()
            if hashlib.sha256(data).hexdigest() != digest:
                continue
            import docx

            pattern = RU_AMENDS if book.versions[0].language == "ru" else CO_AMENDS
            for p in docx.Document(io.BytesIO(data)).paragraphs:
                m = pattern.match(" ".join(p.text.split()))
                if m:
                    added = m.group(3)
                    out[added or m.group(2)] = {"co": record.number, "at": m.group(1),
                                                "how": "added" if added else "amended and restated"}
            break
    return out
