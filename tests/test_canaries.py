"""Private data never leaves: canaries in YAML comments, `notes:` and git metadata, searched for in
every file each reference scenario's whole lifecycle writes.

Each scenario starts from its bundled example, gets unique strings in comments, in `notes:` (the
project's and a stage's), in commit messages, the author's e-mail and the branch name, and then
runs render, sign, invoices, payments, acts, letters (update, delay notice, reminder, claim), a
change with its estimate and addendum, the signed addendum, the client's page and a redline.
Everything written is then taken apart (PDF text, metadata, every stream and attachment; DOCX
parts; HTML and assets; .eml headers and parts, attachments recursively) and no canary may appear.
Every PDF's document-data.json is validated against schema/document-data.schema.json on the way.
"""

from __future__ import annotations

import email
import getpass
import io
import json
import re
import socket
import subprocess
import zipfile
from email import policy
from pathlib import Path

import pytest

from tests.conftest import ROOT, run
from tests.scenario_edits import EDITS

CANARIES = {
    "comment": "QZCANARYCOMMENT1",
    "inline": "QZCANARYINLINE2",
    "notes": "QZCANARYNOTES3",
    "stage_notes": "QZCANARYSTAGE4",
    "commit": "QZCANARYCOMMIT5",
    "email": "qzcanarymail6@example.org",
    "branch": "qzcanary-branch-7",
    "later_commit": "QZCANARYLATER8",
    "later_notes": "QZCANARYLATERNOTE9",
}
USER = "Quentin Userwright"
"""The git user.name: no DOCX's docProps may hold it (the redline's revisions are signed with it on
purpose: that is the redline's author)."""


def squash(text: str) -> str:
    """Lower case without whitespace, hyphens or soft hyphens: a canary a line break or hyphenation
    split is still found."""
    return re.sub(r"[\s\u00ad\u2010\u2011-]+", "", text).lower()


SQUASHED = {name: squash(value) for name, value in CANARIES.items()}

# --- the scenarios -------------------------------------------------------------------------------

RU2_EDIT = ("    price: 35000\n    days: 6\n", "    price: 42000\n    days: 8\n")

SCENARIOS = {
    "ru1": dict(example="romashka-site", first="prototypes", edit=EDITS["ru1"][0], steps=[
        ("sign", "--date", "2026-12-01", "--by", "Кузнецова М. С.", "--by", "Соколов А. В."),
        ("invoice", "prepayment", "--date", "2026-12-01"),
        ("paid", "prepayment", "--date", "2026-12-03", "--ref", "п/п 101"),
        ("accept", "prototypes", "--date", "2026-12-07"),
        ("asked", "Тексты и фотографии для 20 страниц", "--date", "2026-12-08"),
        ("update", "--date", "2026-12-11"),
        ("notice", "delay", "{dir}", "design", "--days", "2", "--client-caused", "--reason",
         "Заказчик не предоставил тексты и фотографии в срок", "--date", "2026-12-17"),
        ("received", "R-001", "--date", "2026-12-18"),
        "later",
        "edit",
        ("change", "-m", "Блог и 30 страниц контента", "--reason", "Заказчик решил вести блог",
         "--requested-on", "2026-12-10", "--estimate"),
        ("addendum", "--date", "2026-12-15"),
        ("sign", "--date", "2026-12-15"),
        ("invoice", "addendum-1", "--date", "2026-12-15"),
        ("paid", "addendum-1", "--date", "2026-12-18"),
        ("accept", "design", "development", "--date", "2027-01-20"),
        ("accept", "content", "blog", "--date", "2027-02-05", "--remark", "Поиск не находит статьи",
         "--fix-by", "2027-02-09"),
        ("accept", "all", "--date", "2027-02-09"),
        ("invoice", "final", "--date", "2027-02-09"),
        ("remind", "--date", "2027-02-25"),
        ("claim", "--date", "2027-03-15"),
        ("paid", "final", "--date", "2027-03-16"),
        ("accept", "--rights", "--date", "2027-03-16"),
        ("publish",),
        ("redline", "{dir}", "contract", "addendum-1"),
    ]),
    "en1": dict(example="blue-harbor-shop", first="discovery", edit=EDITS["en1"][0], steps=[
        ("sign", "--date", "2026-11-30", "--by", "Priya Shah", "--by", "Alex Morgan"),
        ("invoice", "prepayment", "--date", "2026-11-30"),
        ("paid", "prepayment", "--date", "2026-12-02", "--ref", "wire 88"),
        ("accept", "discovery", "design", "--date", "2026-12-15"),
        ("invoice", "2", "--date", "2026-12-15"),
        ("update", "--date", "2026-12-18"),
        "later",
        "edit",
        ("change", "-m", "Online ordering integration", "--reason", "The bakery wants orders online",
         "--requested-on", "2026-12-08", "--estimate"),
        ("addendum", "--date", "2026-12-16"),
        ("sign", "--date", "2026-12-16", "--by", "Priya Shah", "--by", "Alex Morgan"),
        ("remind", "--date", "2027-01-04"),
        ("claim", "--date", "2027-01-22"),
        ("publish",),
        ("redline", "{dir}", "contract", "addendum-1"),
    ]),
    "ru2": dict(example="vector-brand", first="logo", edit=RU2_EDIT, steps=[
        ("sign", "--date", "2027-03-01"),
        ("invoice", "prepayment", "--date", "2027-03-01"),
        ("paid", "prepayment", "--date", "2027-03-03"),
        ("accept", "logo", "--date", "2027-03-11"),
        ("update", "--date", "2027-03-12"),
        "later",
        "edit",
        ("change", "-m", "Брендбук на 30 страниц", "--requested-on", "2027-03-12", "--estimate"),
        ("addendum", "--date", "2027-03-15"),
        ("sign", "--date", "2027-03-15"),
        ("accept", "all", "--date", "2027-04-05"),
        ("invoice", "final", "--date", "2027-04-05"),
        ("remind", "--date", "2027-04-20"),
        ("claim", "--date", "2027-05-10"),
        ("publish",),
        ("redline", "{dir}", "contract", "addendum-1"),
    ]),
}


def git(path: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=path, check=True, capture_output=True, text=True).stdout


def plant(path: Path, first: str) -> None:
    """Canaries in comments and notes of project.yaml, committed on a canary branch by a canary
    e-mail with a canary message."""
    project = path / "project.yaml"
    text = project.read_text(encoding="utf-8")
    text = f"# {CANARIES['comment']}: the client's budget elsewhere is higher\n" + text
    text = text.replace("\ncontract:\n", f"\ncontract:  # {CANARIES['inline']}\n", 1)
    stage = f"  - id: {first}\n"
    assert stage in text
    text = text.replace(stage, f"{stage}    notes: {CANARIES['stage_notes']} (owe a favour)\n", 1)
    text += (f"\nnotes:\n  budget: {CANARIES['notes']} minimum 120 000\n"
             f"  people: |\n    patients' names, e-mails, phone numbers\n")
    project.write_text(text, encoding="utf-8")
    git(path, "checkout", "-q", "-b", CANARIES["branch"])
    git(path, "commit", "-q", "-am", f"{CANARIES['commit']}: my private reasoning")


def later(path: Path) -> None:
    """After signing: a notes-only edit, committed with git directly (it changes no document)."""
    project = path / "project.yaml"
    text = project.read_text(encoding="utf-8").replace(
        "\nnotes:\n", f"\nnotes:\n  later: {CANARIES['later_notes']}\n", 1)
    project.write_text(text, encoding="utf-8")
    git(path, "commit", "-q", "-am", f"{CANARIES['later_commit']} note to self")


def lifecycle(ws: Path, scenario: str) -> Path:
    spec = SCENARIOS[scenario]
    path = ws / scenario
    run("new", scenario, "--from-example", spec["example"])
    plant(path, spec["first"])
    assert "valid" in run("check", path).output
    shown = run("show", path).output
    assert CANARIES["notes"] in shown and CANARIES["stage_notes"] in shown  # the one place they appear
    run("render", path, "--format", "pdf,docx,html")
    run("render", path, "--blank", "--format", "pdf")
    for step in spec["steps"]:
        if step == "later":
            later(path)
        elif step == "edit":
            old, new = spec["edit"]
            project = path / "project.yaml"
            text = project.read_text(encoding="utf-8")
            assert text.count(old) == 1
            project.write_text(text.replace(old, new), encoding="utf-8")
        elif "{dir}" in step:
            run(step[0], *[str(path) if a == "{dir}" else a for a in step[1:]])
        else:
            run(step[0], path, *step[1:])
    return path


@pytest.fixture
def identity(ws, monkeypatch):
    gitconfig = ws.parent / "home" / ".gitconfig"
    gitconfig.write_text(f"[user]\n\tname = {USER}\n\temail = {CANARIES['email']}\n"
                         "[init]\n\tdefaultBranch = main\n")
    for var in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(var, CANARIES["email"])
    return ws


# --- taking every output apart -------------------------------------------------------------------

class Found:
    """Every piece of text found in the outputs, by where it came from."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, str]] = []
        self.data: list[tuple[str, dict]] = []
        self.docprops: list[tuple[str, str]] = []

    def add(self, where: str, text: str) -> None:
        self.texts.append((where, text))
        if "<" in text:  # markup: also without its tags, so a canary split across runs is found
            self.texts.append((where + " (tags removed)", re.sub(r"<[^>]*>", "", text)))


def take_apart(where: str, data: bytes, found: Found) -> None:
    if data.startswith(b"%PDF"):
        _pdf(where, data, found)
    elif data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in z.namelist():
                part = z.read(name)
                if name.startswith("docProps/"):
                    found.docprops.append((f"{where}/{name}", part.decode("utf-8", "replace")))
                take_apart(f"{where}/{name}", part, found)
    elif where.endswith(".eml"):
        _eml(where, data, found)
    else:
        found.add(where, data.decode("utf-8", "replace"))
        found.add(where + " (latin-1)", data.decode("latin-1"))


def _pdf(where: str, data: bytes, found: Found) -> None:
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject, StreamObject

    reader = PdfReader(io.BytesIO(data))
    found.add(where + " text", "\n".join(page.extract_text() or "" for page in reader.pages))
    found.add(where + " info", repr(dict(reader.metadata or {})))
    for name, blobs in reader.attachments.items():
        found.add(where + " attachment name", name)
        for blob in blobs:
            take_apart(f"{where}!{name}", blob, found)
            if name == "document-data.json":
                found.data.append((where, json.loads(blob)))
    for number in range(1, int(reader.trailer["/Size"])):  # every object, every stream decoded
        try:
            obj = reader.get_object(number)
        except Exception:  # noqa: BLE001 - a free or compressed entry: the streams holding it are read
            continue
        if isinstance(obj, StreamObject):
            try:
                found.add(f"{where} object {number}", obj.get_data().decode("latin-1"))
            except Exception:  # noqa: BLE001 - an image filter pypdf cannot undo: pixels, no text
                pass
        if isinstance(obj, DictionaryObject):
            found.add(f"{where} object {number} dict", repr(obj))


def _eml(where: str, data: bytes, found: Found) -> None:
    msg = email.message_from_bytes(data, policy=policy.default)
    found.add(where + " headers", "\n".join(f"{k}: {v}" for k, v in msg.items()))
    found.add(where + " raw", data.decode("utf-8", "replace"))
    for part in msg.walk():
        if part.is_multipart():
            continue
        found.add(where + " part headers", "\n".join(f"{k}: {v}" for k, v in part.items()))
        payload = part.get_payload(decode=True) or b""
        take_apart(f"{where}#{part.get_filename() or part.get_content_type()}", payload, found)


def written_files(path: Path) -> dict[Path, bytes]:
    """Every file contractkit wrote for the client: out/ and everything under it (the page)."""
    return {p: p.read_bytes() for p in sorted((path / "out").rglob("*")) if p.is_file()}


def leaks(found: Found) -> list[str]:
    out = []
    for where, text in found.texts:
        flat = squash(text)
        out += [f"{name} in {where}" for name, canary in SQUASHED.items() if canary in flat]
    return out


def check_scenario(ws: Path, scenario: str) -> None:
    path = lifecycle(ws, scenario)
    files = written_files(path)
    kinds = {p.suffix for p in files}
    assert {".pdf", ".docx", ".html", ".eml"} <= kinds, kinds
    assert any("redline-" in p.name for p in files) and any("site" in p.parts for p in files)
    found = Found()
    for file, data in files.items():
        take_apart(str(file.relative_to(path)), data, found)
    number = SCENARIO_NUMBERS[scenario]
    assert any(number in text for _, text in found.texts)  # the extraction does see the documents
    assert leaks(found) == []
    assert [where for where, text in found.texts if str(ws.parent) in text] == []  # no local path
    pdfs = {str(p.relative_to(path)) for p in files if p.suffix == ".pdf"}
    assert {where for where, _ in found.data if "#" not in where} == pdfs  # every PDF carries its data
    validate = validator()
    for where, data in found.data:
        errors = [e.message for e in validate.iter_errors(data)]
        assert errors == [], f"{where}: {errors}"
    private = [USER, getpass.getuser(), socket.gethostname(), str(ws.parent), str(Path.home()),
               "/home/", "/root", "/tmp/", "/Users/", "C:\\"]
    assert found.docprops
    for where, text in found.docprops:
        for value in private:
            assert not re.search(rf"(?<![\w]){re.escape(value)}(?![\w])", text), f"{value!r} in {where}"


SCENARIO_NUMBERS = {"ru1": "2026-031", "en1": "NW-2026-11", "ru2": "Д-2027-014"}


def validator():
    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "schema" / "document-data.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_no_canary_leaves_ru1_lifecycle(identity):
    check_scenario(identity, "ru1")


@pytest.mark.slow
@pytest.mark.parametrize("scenario", ["en1", "ru2"])
def test_no_canary_leaves_other_lifecycles(identity, scenario):
    check_scenario(identity, scenario)


def test_the_search_finds_a_canary_where_one_is(tmp_path):
    """The extraction is no blind spot: a canary in a DOCX run split in two, in a PDF's attachment,
    and in an .eml part is found."""
    found = Found()
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w:t>QZCANARY</w:t></w:r><w:r><w:t>NOTES3</w:t>")
    take_apart("a.docx", docx.getvalue(), found)
    assert "notes in a.docx/word/document.xml (tags removed)" in leaks(found)
    from pypdf import PdfWriter

    pdf = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_attachment("project.yaml", f"# {CANARIES['comment']}\n".encode())
    writer.write(pdf)
    found = Found()
    take_apart("a.pdf", pdf.getvalue(), found)
    assert "comment in a.pdf!project.yaml" in leaks(found)
    message = email.message.EmailMessage()
    message["Subject"] = "x"
    message.set_content("hello")
    message.add_attachment(CANARIES["commit"].encode(), maintype="text", subtype="plain",
                           filename="a.txt")
    found = Found()
    take_apart("m.eml", message.as_bytes(), found)
    assert "commit in m.eml#a.txt" in leaks(found)
