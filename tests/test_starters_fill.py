"""A starting point (`new --as K`) names nobody: every value the user must supply is a FILL
placeholder, `check` fails listing each by line and field, and sign, invoice, accept and send
refuse the file until the user has filled them in; then `check` is clean and `sign` works."""

from __future__ import annotations

import datetime as dt
import json
import re

import git
import pytest

from contractkit.flows.starters import KINDS
from tests.conftest import run

PERSON = {"npd": ("Иванова Анна Сергеевна", "500100732259", "40817810038000012347"),
          "ip": ("Соколов Андрей Викторович", "502912345634", "40802810600001234567")}
RU = {
    "title": "Сайт студии", "contract.place": "г. Москва",
    "contractor.address": "125167, г. Москва, Ленинградский пр-т, д. 39, стр. 1",
    "contractor.email": "studio@example.ru", "contractor.phone": "+7 900 000-00-00",
    "contractor.ogrnip": "316502900012348",
    "contractor.name@company": "Общество с ограниченной ответственностью «Студия Пример»",
    "contractor.short_name": "ООО «Студия Пример»", "contractor.inn@company": "7725012341",
    "contractor.kpp": "772501001", "contractor.ogrn": "1027700123450",
    "contractor.signatory.name@company": "Петров Пётр Петрович",
    "contractor.bank.account@company": "40702810538000054321",
    "client.name": "Общество с ограниченной ответственностью «Ромашка»", "client.short_name": "ООО «Ромашка»",
    "client.address": "125009, г. Москва, ул. Тверская, д. 1, оф. 1", "client.email": "office@romashka.example",
    "client.contact_person": "Петрова Ольга Николаевна, менеджер проекта", "client.inn": "7714567895",
    "client.kpp": "771401001", "client.ogrn": "1127746123450",
    "client.signatory.name": "Кузнецова Марина Сергеевна", "client.bank.account": "40702810938000012345",
    "bank.bik": "044525225", "bank.correspondent_account": "30101810400000000225",
}
EN = {
    "title": "Website for Blue Harbor Bakery",
    "contractor.name@us-sole": "Jordan Lee", "contractor.signatory.name@us-sole": "Jordan Lee",
    "contractor.address@us-sole": "200 Broadway, Apt 5, New York, NY 10038, USA",
    "contractor.name@us-llc": "Northwind Web Studio LLC", "contractor.signatory.name@us-llc": "Alex Morgan",
    "contractor.address@us-llc": "100 Main Street, Portland, OR 97204, USA",
    "contractor.entity": "an Oregon limited liability company",
    "contractor.name@uk-ltd": "Thames Pixel Ltd", "contractor.signatory.name@uk-ltd": "Oliver Grant",
    "contractor.address@uk-ltd": "1 Example Street, London EC1A 1AA, United Kingdom",
    "contractor.registration": "EIN 93-1234567", "contractor.registration@uk-ltd": "Company No. 01234567",
    "contractor.email": "hello@northwind.example", "contractor.phone": "+1 212 555 0100",
    "bank.name": "Example Bank, N.A.", "bank.account": "000123456789", "bank.routing": "021000021",
    "bank.swift": "EXAMUS33",
    "client.name": "Blue Harbor Bakery Inc.", "client.address": "12 Harbor Road, Seattle, WA 98101, USA",
    "client.email": "priya@blueharbor.example", "client.contact_person": "Priya Shah, CEO",
    "client.entity": "a Washington corporation", "client.signatory.name": "Priya Shah",
    "client.signatory.position": "CEO",
    "client.name@uk-ltd": "Example Clinic Ltd", "client.address@uk-ltd": "10 High Street, London W1A 1AA, United Kingdom",
    "client.registration": "Company No. 07654321", "client.signatory.name@uk-ltd": "Emma Clarke",
    "client.signatory.position@uk-ltd": "Director", "client.contact_person@uk-ltd": "Emma Clarke, Practice Manager",
}


def filled_value(kind: str, field: str, placeholder: str) -> str:
    """What a user would write: real requisites from the table, else the placeholder's example."""
    table = RU if KINDS[kind] == "ru" else EN
    if kind in PERSON:
        name, inn, account = PERSON[kind]
        table = {**table, "contractor.name": name, "contractor.signatory.name": name, "contractor.inn": inn,
                 "contractor.bank.account": account}
    short = field.replace("contractor.", "").replace("client.", "") if ".bank." in field else field
    for key in (f"{field}@{kind}", field, f"{short}@{kind}", short):
        if key in table:
            return table[key]
    for cue in ("например: ", "например ", "e.g. "):
        if cue in placeholder:
            return placeholder.split(cue, 1)[1]
    return re.sub(r"^FILL[- ]", "", placeholder)


def fill_in(project, kind: str, problems: list[tuple[int, int, str]]) -> None:
    """Replace each placeholder at its (line, column) with a filled-in value, as a user would."""
    lines = project.read_text(encoding="utf-8").split("\n")
    for line, col, field in problems:
        text = lines[line - 1]
        rest = text[col - 1:]
        if rest.startswith('"'):
            end = rest.index('"', 1) + 1
            old = rest[1:end - 1]
        else:
            end = len(rest.split(" #")[0].rstrip())
            old = rest[:end]
        assert "FILL" in old, (field, text)
        lines[line - 1] = text[:col - 1] + json.dumps(filled_value(kind, field, old), ensure_ascii=False) \
            + rest[end:]
    project.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_starting_point_names_nobody_until_filled_in_then_checks_clean_and_signs(ws, kind, monkeypatch):
    from contractkit import lint_en

    # the one warning that depends on the calendar year (a UK base rate not yet in the bundled
    # table once its reference date passes: test_statutory_interest.py) is kept out of "clean"
    monkeypatch.setattr(lint_en, "_today", lambda: __import__("datetime").date(2000, 1, 1))
    run("new", "p", "--as", kind)
    project = ws / "p" / "project.yaml"
    result = run("check", ws / "p", ok=False)
    found = [(int(m[1]), int(m[2]), m[3]) for m in re.finditer(
        r"^project\.yaml:(\d+):(\d+): ([\w.\[\]]+): FILL is still to be filled in", result.output, re.M)]
    fields = {field for _, _, field in found}
    identities = {"title", "contract.number", "contract.place", "contractor.name", "contractor.email",
                  "contractor.signatory.name", "contractor.bank.account", "client.name", "client.email",
                  "client.signatory.name", "terms.disputes.venue"}
    identities |= ({"contractor.inn", "contractor.bank.bik", "client.inn"} if KINDS[kind] == "ru"
                   else {"contractor.registration", "terms.governing_law"})
    assert identities <= fields, identities - fields
    lines = project.read_text(encoding="utf-8").splitlines()
    for line, col, field in found:  # each names the line and column of its value
        assert lines[line - 1][col - 1:].lstrip('"').startswith("FILL"), (field, lines[line - 1])
    assert f"{len(found)} FILL placeholder(s) left to fill in" in result.output

    for command in (("sign", ws / "p", "--date", "2026-12-07"), ("invoice", ws / "p", "prepayment"),
                    ("accept", ws / "p", "all", "--date", "2026-12-07"), ("send", ws / "p", "L-001")):
        refused = run(*command, ok=False).output
        assert "FILL is still to be filled in" in refused and "FILL left in all" in refused, command
    assert not list((ws / "p").glob("out/*")) and not list((ws / "p").glob(".contractkit/*/*"))
    rendered = run("render", ws / "p", "--doc", "contract", "--format", "html").output  # a draft renders
    assert f"warning: {len(found)} FILL left" in rendered
    for file in (ws / "p" / "out").iterdir():
        file.unlink()

    fill_in(project, kind, found)
    checked = run("check", ws / "p").output
    assert checked == "project.yaml: valid, 0 warning(s)\n", checked
    with git.Repo(ws / "p") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("requisites filled in")
    today = dt.date.today().isoformat()  # the starting point is dated today
    assert f"signed contract on {today}" in run("sign", ws / "p", "--date", today).output


@pytest.mark.parametrize("kind", ["ip", "us-llc"])
def test_the_starting_date_follows_the_deposit_and_the_warning_names_a_clause_in_either_language(ws, kind):
    """A starting point starts work after its deposit's due date, so a deposit paid on time moves
    nothing; moved back, `check` says so, naming the contract's clause as that contract does
    («пункт», "clause", in a Russian one; "Section" in an English one)."""
    run("new", "p", "--as", kind)
    project = ws / "p" / "project.yaml"
    assert "contract.start" not in run("check", ws / "p", ok=False).output
    text = project.read_text(encoding="utf-8")
    date = re.search(r"\n  date: (\S+)", text)[1]
    project.write_text(re.sub(r"\n  start: \S+", f"\n  start: {date}", text), encoding="utf-8")
    out = run("check", ws / "p", ok=False).output
    # the contract's own word: «пункт» (clause) in Russian, "Section" in English (review-en2, E8)
    word = "Section" if kind.startswith("us-") else "clause"
    assert f"a deposit paid on time then moves every deadline ({word} 2.1 of the contract)" in out


def test_a_placeholder_passes_the_checks_of_its_field_but_never_reads_as_an_address_or_an_id():
    """A draft renders with `inn: "FILL …"`; a wrong ИНН is still refused, and an e-mail
    placeholder that could be read as an address (or a list of them) is not a placeholder."""
    from contractkit.model.ids import blank_or, check_inn, placeholder_fields
    from contractkit.model.types import _email

    assert blank_or(check_inn)("FILL ИНН, 12 цифр") == "FILL ИНН, 12 цифр"
    with pytest.raises(ValueError, match="control digit"):
        blank_or(check_inn)("500100732250")
    assert _email("FILL e-mail Заказчика") == "FILL e-mail Заказчика"
    for sneaky in ("FILL x@evil.example", "FILL a, b", "FILL <a>"):
        with pytest.raises(ValueError):
            _email(sneaky)
    assert placeholder_fields({"client": {"bank": {"bik": "FILL БИК"}}, "notes": None, "n": 1}) == [
        ("client.bank.bik", "FILL БИК")]
