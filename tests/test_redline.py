"""`redline`: TO as tracked changes against FROM, checked the way the client's lawyer uses it.

The reference scenarios (RU-1 addenda 1 and 2, EN-1 change order 1) and a seeded random case with
many small edits are redlined; accepting every revision must give exactly TO's text and rejecting
every revision exactly FROM's, both by our own reading of the XML (fast) and in LibreOffice.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import subprocess
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from contractkit.flows.redline import redline_files
from contractkit.load import PROJECT_FILE, parse_project
from contractkit.render.documents import render_documents
from contractkit.render.look import look_for
from contractkit.store import history
from contractkit.store.repo import open_repo
from tests import pdfa
from tests.conftest import run
from tests.readback import docx_blocks, normal, pdf_pages
from tests.scenario_edits import EN_ORDERING, RU_CONTENT, RU_CONTENT_30_AND_BLOG

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
LO_SCRIPT = Path(__file__).with_name("lo_accept_reject.py")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- the scenarios, built once per module through the CLI as tests/test_workflow.py does ----------

@contextmanager
def isolated_in(base: Path):
    """The environment conftest's `isolated` gives a test, for fixtures shared by a module."""
    with pytest.MonkeyPatch.context() as mp:
        home = base / "home"
        for key, value in {"HOME": home, "GIT_CONFIG_GLOBAL": home / ".gitconfig", "GIT_CONFIG_NOSYSTEM": 1,
                           "CONTRACTKIT_HOME": base, "CONTRACTKIT_DEBUG": 1}.items():
            mp.setenv(key, str(value))
        mp.chdir(base)
        yield


@pytest.fixture(scope="module")
def scenarios(tmp_path_factory):
    """RU-1 with addenda 1 and 2 signed, EN-1 with change order 1 signed, and a generated case."""
    base = tmp_path_factory.mktemp("redline")
    home = base / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[user]\n\tname = Test User\n\temail = test@example.com\n")
    with isolated_in(base):
        run("new", "romashka", "--from-example", "romashka-site")
        ru = base / "romashka" / PROJECT_FILE
        run("sign", "romashka", "--date", "2026-12-01")
        edit(ru, RU_CONTENT, RU_CONTENT_30_AND_BLOG)
        run("change", "romashka", "-m", "Блог и 30 страниц", "--requested-on", "2026-12-10")
        run("sign", "romashka", "--date", "2026-12-15")
        edit(ru, RU_CONTENT_30_AND_BLOG.split("  - id: blog")[0], "")
        edit(ru, "  - id: content\n", "")
        run("change", "romashka", "-m", "Контент заполняет Заказчик", "--requested-on", "2027-01-12")
        run("sign", "romashka", "--date", "2027-01-14")

        run("new", "harbor", "--lang", "en")
        run("sign", "harbor", "--date", "2026-11-30")
        edit(base / "harbor" / PROJECT_FILE, "\npayment:", "\n" + EN_ORDERING)
        run("change", "harbor", "-m", "Online ordering", "--requested-on", "2026-12-08")
        run("sign", "harbor", "--date", "2026-12-09")

        run("new", "random", "--from-example", "romashka-site")
        run("sign", "random", "--date", "2026-12-01")
        for seed in (16, 17, 18):
            many_small_edits(base / "random" / PROJECT_FILE, random.Random(seed))
            run("change", "random", "-m", f"Many small edits ({seed})")
    return base


WORDS = ["сайт", "Заказчик", "«новый»", "страниц", "и", "A&B", "<b>", "2027", "—", "мобильной", "версии"]


def many_small_edits(path: Path, rng: random.Random) -> None:
    """Words replaced, added and removed in every text of the brief and the deliverables, list
    items moved, added and dropped, prices changed: a redline with dozens of small revisions."""
    from ruamel.yaml import YAML

    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8"))

    def mutate(text: str) -> str:
        words = text.split()
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(words) + 1)
            choice = rng.random()
            if choice < 0.4 and words:
                words[min(at, len(words) - 1)] = rng.choice(WORDS)
            elif choice < 0.7:
                words.insert(at, rng.choice(WORDS))
            elif len(words) > 2:
                del words[min(at, len(words) - 1)]
        return " ".join(words)

    brief = data["brief"]
    for key in ("goals", "requirements", "constraints", "out_of_scope"):
        items = brief[key]
        for n in range(len(items)):
            if rng.random() < 0.7:
                items[n] = mutate(items[n])
        if len(items) > 1:
            items.insert(rng.randrange(len(items)), items.pop())  # a clause moved
        if rng.random() < 0.5:
            items.append(mutate("Дополнительное требование Заказчика"))
    brief["audience"] = mutate(brief["audience"])
    for item in data["deliverables"]:
        item["title"] = mutate(item["title"])
        if "description" in item:
            item["description"] = mutate(item["description"])
        item["acceptance"] = [mutate(a) for a in item["acceptance"]]
        item["price"] = item["price"] + rng.choice([-1000, 500, 2500])
    data["deliverables"].insert(1, data["deliverables"].pop(2))  # a stage moved
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    path.write_text(buffer.getvalue(), encoding="utf-8")


CASES = {  # name: (project, FROM, TO, documents)
    "ru1-addendum-1": ("romashka", "contract", "addendum-1", ("contract", "scope")),
    "ru1-addendum-2": ("romashka", "addendum-1", "addendum-2", ("contract", "scope")),
    "en1-change-order-1": ("harbor", "contract", "addendum-1", ("contract", "scope")),
    "generated": ("random", "contract", "CR-001", ("contract", "scope")),
    "generated-2": ("random", "CR-001", "CR-002", ("contract", "scope", "payments")),
    "generated-3": ("random", "CR-002", "CR-003", ("contract", "scope", "payments")),
}


def plain_docx(path: Path, version: str, doc: str) -> bytes:
    """The document as the ordinary pipeline renders it at `version`: its payment schedule as
    signed (never re-split), dated by the prepayment recorded by then, its numbering and the dates
    in force it states (flows/stated.py) as `render` gives them."""
    from contractkit.flows.redline.versions import _version

    with open_repo(path) as repo:
        text = history.blob(repo, history.resolve(repo, version), PROJECT_FILE)
        signed = _version(repo, path, version)
    project = parse_project(text.decode("utf-8"))
    files = render_documents(project, path, True, [doc], ["docx"], look_for(project, path),
                             signed.prepaid_on, signed.payments, numbering=signed.numbering,
                             dated=signed.dated, deposit_moved=signed.deposit_moved)
    return next(iter(files.values()))


@pytest.fixture(scope="module")
def redlines(scenarios):
    """{(case, doc): (redline DOCX, FROM's DOCX, TO's DOCX)}."""
    out = {}
    with isolated_in(scenarios):  # the author is the user's git user.name: Test User
        for case, (project, old, new, docs) in CASES.items():
            path = scenarios / project
            for doc in docs:
                files = redline_files(path, old, new, doc=doc, formats=("docx",))
                (data,) = files.values()
                out[case, doc] = (data, plain_docx(path, old, doc), plain_docx(path, new, doc))
    return out


# --- reading a redline: our own accept/reject, over the XML ---------------------------------------

def document(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml"))


def resolved(data: bytes, keep: str) -> bytes:
    """The package with every revision accepted (keep="ins") or rejected (keep="del")."""
    drop = "del" if keep == "ins" else "ins"
    root = document(data)
    for row in root.iter(w("tr")):
        if row.find(f"w:trPr/w:{drop}", NS) is not None:
            row.getparent().remove(row)
    for el in list(root.iter(w(drop))):
        parent = el.getparent()
        if parent is not None and parent.tag in (w("p"), w("ins"), w("del")):
            parent.remove(el)
    for el in list(root.iter(w(keep))):
        parent = el.getparent()
        if parent.tag in (w("p"),):
            for child in list(el):
                el.addprevious(child)
            parent.remove(el)
        else:
            parent.remove(el)  # the mark on a paragraph mark or a row: now an ordinary one
    for t in root.iter(w("delText")):
        t.tag = w("t")
    for p in list(root.iter(w("p"))):  # a removed paragraph mark joins the paragraph to the next
        mark = p.find(f"w:pPr/w:rPr/w:{drop}", NS)
        if mark is not None:
            following = p.getnext()
            assert following is not None and following.tag == w("p"), "a removed mark must join a paragraph"
            runs = [c for c in p if c.tag != w("pPr")]
            anchor = following.find(w("pPr"))
            for r in reversed(runs):
                if anchor is not None:
                    anchor.addnext(r)
                else:
                    following.insert(0, r)
            p.getparent().remove(p)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, blob in parts.items():
            z.writestr(name, blob)
    return buffer.getvalue()


def text_of(data: bytes, tmp: Path) -> list[str]:
    """Body paragraphs and cells as python-docx reads them."""
    path = tmp / "read.docx"
    path.write_bytes(data)
    return [text for _, text in docx_blocks(path)]


@pytest.mark.parametrize("case", list(CASES))
def test_removing_all_deletions_gives_to_and_all_insertions_gives_from(redlines, case, tmp_path):
    for doc in CASES[case][3]:
        data, old, new = redlines[case, doc]
        assert text_of(data, tmp_path) != text_of(new, tmp_path)  # python-docx reads it; changes show
        assert text_of(resolved(data, "ins"), tmp_path) == text_of(new, tmp_path)
        assert text_of(resolved(data, "del"), tmp_path) == text_of(old, tmp_path)


@pytest.mark.parametrize("case", list(CASES))
def test_revisions_are_real_marks_with_author_date_and_unique_ids(redlines, case):
    data, _, _ = redlines[case, "scope"]
    root = document(data)
    marks = list(root.iter(w("ins"), w("del")))
    assert marks
    ids = [m.get(w("id")) for m in marks]
    assert len(ids) == len(set(ids))
    assert {m.get(w("author")) for m in marks} == {"Test User"}
    dates = {m.get(w("date")) for m in marks}
    assert len(dates) == 1 and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", dates.pop())
    with zipfile.ZipFile(io.BytesIO(data)) as z:  # further edits by the lawyer are tracked too
        assert b"<w:trackRevisions/>" in z.read("word/settings.xml")


def test_changed_words_are_marked_inside_their_paragraph(redlines):
    """RU-1 addendum 1: «20 страниц» becomes «30 страниц» in the scope: one word, not the clause."""
    data, _, new = redlines["ru1-addendum-1", "scope"]
    root = document(data)
    heading = next(p for p in root.iter(w("p")) if "".join(p.itertext()).startswith("Этап 4."))
    deleted = ["".join(d.itertext()) for d in heading.iter(w("del"))]
    inserted = ["".join(i.itertext()) for i in heading.iter(w("ins"))]
    assert deleted == ["20"] and inserted == ["30"]
    kept = "".join(t.text for t in heading.iter(w("t")) if t.getparent().getparent().tag == w("p"))
    assert kept == "Этап 4. Наполнение контентом,  страниц"
    assert heading.find("w:pPr/w:pStyle", NS).get(w("val")) == "Heading3"  # TO's paragraph style
    total = next(r for r in root.iter(w("tr")) if "".join(r.itertext()).startswith("Итого"))
    # the new total keeps the bold of the run it comes from, the old one the bold it had
    assert total.find(".//w:ins/w:r/w:rPr/w:b", NS) is not None
    # a sum or a date changes as a whole: the old one struck, the new one inserted
    assert normal("".join(total.find(".//w:del", NS).itertext())) == "243 500,00"
    assert normal("".join(total.find(".//w:ins", NS).itertext())) == "292 750,00"
    assert total.find(".//w:del/w:r/w:rPr/w:b", NS) is not None


def test_a_new_stage_is_a_whole_inserted_row_and_a_dropped_one_a_deleted_row(redlines):
    added = document(redlines["ru1-addendum-1", "scope"][0])
    rows = [r for r in added.iter(w("tr")) if r.find("w:trPr/w:ins", NS) is not None]
    assert len(rows) == 1 and "Блог с рубриками и поиском" in "".join(rows[0].itertext())
    assert all(r.find("w:r", NS) is None for p in rows[0].iter(w("p")) for r in [p])  # runs inside w:ins
    dropped = document(redlines["ru1-addendum-2", "scope"][0])
    rows = [r for r in dropped.iter(w("tr")) if r.find("w:trPr/w:del", NS) is not None]
    assert any("Наполнение контентом" in "".join(r.itertext()) for r in rows)
    assert all(r.find(".//w:t", NS) is None for r in rows)  # deleted text is w:delText


def test_unchanged_paragraphs_headers_and_styles_stay_as_in_to(redlines):
    data, _, new = redlines["ru1-addendum-1", "contract"]
    ours, theirs = document(data), document(new)
    same = {etree.tostring(p) for p in theirs.find(w("body")) if p.tag == w("p")}
    untouched = [p for p in ours.find(w("body")) if p.tag == w("p") and etree.tostring(p) in same]
    assert len(untouched) > 0.8 * len(same)
    with zipfile.ZipFile(io.BytesIO(data)) as a, zipfile.ZipFile(io.BytesIO(new)) as b:
        for part in ("word/styles.xml", "word/numbering.xml", "word/header1.xml", "word/footer1.xml"):
            if part in b.namelist():
                assert a.read(part) == b.read(part), part


def test_a_moved_clause_is_a_deletion_and_an_insertion(redlines):
    data, _, _ = redlines["generated", "scope"]
    root = document(data)
    deleted = {normal("".join(p.itertext())) for p in root.iter(w("p"))
               if p.find("w:pPr/w:rPr/w:del", NS) is not None or _all_in(p, "del")}
    inserted = {normal("".join(p.itertext())) for p in root.iter(w("p"))
                if p.find("w:pPr/w:rPr/w:ins", NS) is not None or _all_in(p, "ins")}
    assert deleted & inserted  # the same clause, out at one place and in at another


def _all_in(p, kind: str) -> bool:
    runs = [r for r in p.iter(w("r"))]
    return bool(runs) and all(r.getparent().tag == w(kind) for r in runs)


def test_same_inputs_give_the_same_bytes(scenarios):
    path = scenarios / "harbor"
    first = redline_files(path, "contract", "addendum-1", doc="scope")
    assert redline_files(path, "contract", "addendum-1", doc="scope") == first
    assert sorted(first) == ["redline-scope-contract-addendum-1.docx", "redline-scope-contract-addendum-1.pdf"]


def test_pdf_shows_the_same_changes_underlined_and_struck_through(scenarios, tmp_path):
    files = redline_files(scenarios / "romashka", "contract", "addendum-1", doc="scope", author="Юрист")
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(files["redline-scope-contract-addendum-1.pdf"])
    from pypdf import PdfReader

    text = normal(" ".join(pdf_pages(pdf)))
    assert "Сравнение редакций: contract → addendum-1" in text and "Исправления: Юрист" in text
    assert "Блог с рубриками и поиском" in text  # inserted
    assert "18 500" in text and "27 750" in text  # deleted and inserted side by side
    reader = PdfReader(str(pdf))  # PDF/A-3b like every document, TO's figures attached as data
    raw = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"<pdfaid:part>3</pdfaid:part>" in raw or b'pdfaid:part="3"' in raw
    assert list(reader.attachments) == ["document-data.json"]
    data = json.loads(reader.attachments["document-data.json"][0])
    assert data["document"]["kind"] == "redline"
    assert "blog" in [x["id"] for x in data["stages"]] and data["totals"]["total"] == "292750.00"
    pdfa.check(pdf)


# --- LibreOffice: accept all / reject all, the way a lawyer checks a redline ----------------------

@pytest.fixture(scope="module")
def office(redlines, tmp_path_factory):
    """LibreOffice's text of each redline accepted and rejected, and of FROM and TO: one soffice."""
    tmp = tmp_path_factory.mktemp("office")
    jobs, names = [], {}
    for (case, doc), (data, old, new) in redlines.items():
        for label, blob, mode in (("redline", data, None), ("from", old, "plain"), ("to", new, "plain")):
            source = tmp / f"{case}-{doc}-{label}.docx"
            source.write_bytes(blob)
            for m in ([mode] if mode else ["accept", "reject"]):
                target = tmp / f"{case}-{doc}-{label}-{m}.txt"
                jobs.append(f"{m}\t{source}\t{target}")
                names[case, doc, label if mode else m] = target
    (tmp / "jobs").write_text("\n".join(jobs) + "\n", encoding="utf-8")
    done = subprocess.run([uno_python(), str(LO_SCRIPT), str(tmp / "profile"), str(tmp / "jobs")],
                          capture_output=True, text=True, timeout=900, env={**os.environ, "HOME": str(tmp)})
    assert done.returncode == 0, done.stderr
    return {key: path.read_text(encoding="utf-8-sig") for key, path in names.items()}


def uno_python() -> str:
    """A Python with LibreOffice's UNO bridge: LibreOffice's own, or Debian's python3-uno."""
    for candidate in ("/usr/lib/libreoffice/program/python", "/usr/bin/python3"):
        if Path(candidate).is_file() and subprocess.run([candidate, "-c", "import uno"],
                                                        capture_output=True).returncode == 0:
            return candidate
    raise AssertionError("LibreOffice with UNO is missing: run scripts/system-deps.sh as root")


@pytest.mark.parametrize("case", list(CASES))
def test_libreoffice_accept_all_gives_to_and_reject_all_gives_from(office, case):
    for doc in CASES[case][3]:
        assert office[case, doc, "accept"] == office[case, doc, "to"], (case, doc)
        assert office[case, doc, "reject"] == office[case, doc, "from"], (case, doc)
        assert office[case, doc, "to"] != office[case, doc, "from"] or doc == "contract"


# --- the command ---------------------------------------------------------------------------------

def test_redline_command_default_is_last_signed_to_working(ru_project):
    run("sign", "romashka", "--date", "2026-12-01")
    edit(ru_project / PROJECT_FILE, "Прототипы 6 страниц сайта", "Прототипы 8 страниц сайта")
    out = run("redline", "romashka", "--doc", "scope", "--author", "Иванова И. И.").output.split()
    assert [Path(p).name for p in out] == ["redline-scope-contract-working.docx",
                                           "redline-scope-contract-working.pdf"]
    root = document(Path(out[0]).read_bytes())
    assert ["".join(x.itertext()) for x in root.iter(w("ins"))] == ["8", "8"]
    assert {x.get(w("author")) for x in root.iter(w("del"))} == {"Иванова И. И."}


def test_redline_command_errors_are_one_line(ws, ru_project):
    out = run("redline", "romashka", ok=False).output
    assert "nothing is signed yet" in out and "Traceback" not in out
    run("sign", "romashka", "--date", "2026-12-01")
    assert "unknown version 'nope'" in run("redline", "romashka", "nope", ok=False).output
    assert "is not a version" in run("redline", "romashka", "--", "--upload-pack=x", ok=False).output
    assert "expected [DIR] [FROM [TO]]" in run("redline", "romashka", "a", "b", "c", ok=False).output
    assert "Invalid value for '--doc'" in run("redline", "romashka", "--doc", "brief", ok=False).output


# --- any two documents: the XML round trip as a property (hypothesis) -----------------------------

def docx_of(paragraphs: list[str], rows: list[list[str]]) -> bytes:
    """A document shaped like ours: a title first, a table between paragraphs, a closing line."""
    from docx import Document

    document = Document()
    paragraphs = ["ДОГОВОР", *paragraphs, "Подписи сторон"]
    for n, text in enumerate(paragraphs):
        document.add_paragraph(text, style="List Bullet" if n % 3 == 2 else None)
        if n == len(paragraphs) // 2 and rows:
            table = document.add_table(rows=len(rows), cols=3)
            for r, row in enumerate(rows):
                for c, text_ in enumerate(row):
                    table.cell(r, c).text = text_
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


VOCABULARY = ["Заказчик", "Исполнитель", "сайт", "30 000,00", "01.12.2026", "и", "—", "«Ромашка»", "A&B"]


@settings(deadline=None)
@given(st.data())
def test_any_two_documents_accept_to_to_and_reject_to_from(data):
    from contractkit.flows.redline.docx import Revisions, redline_docx

    phrase = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=6).map(" ".join)
    old_p = data.draw(st.lists(phrase, max_size=12))
    old_rows = data.draw(st.lists(st.lists(phrase, min_size=3, max_size=3), max_size=4))
    new_p = data.draw(st.lists(st.one_of(st.sampled_from(old_p or ["x"]), phrase), max_size=12))
    new_rows = data.draw(st.lists(st.one_of(st.sampled_from(old_rows or [["a", "b", "c"]]),
                                            st.lists(phrase, min_size=3, max_size=3)), max_size=4))
    old, new = docx_of(old_p, old_rows), docx_of(new_p, new_rows)
    data_ = redline_docx(old, new, Revisions("Test User", "2026-12-15T00:00:00Z"))
    with tempfile.TemporaryDirectory() as tmp:
        assert _shown(resolved(data_, "ins"), Path(tmp)) == _shown(new, Path(tmp))
        assert _shown(resolved(data_, "del"), Path(tmp)) == _shown(old, Path(tmp))


def _shown(data: bytes, tmp: Path) -> list[str]:
    """The text as Word shows it: a body that ends with a table ends with an empty paragraph
    after it (the final paragraph mark cannot be deleted, and Word adds one if it is missing)."""
    text = text_of(data, tmp)
    return text[:-1] if text and text[-1] == "" else text


def test_a_last_paragraph_after_a_table_deleted_leaves_the_one_empty_paragraph_word_shows(tmp_path):
    """Found by the property above: «Заказчик» before a table and «Подписи сторон» after it are
    both dropped; accepted, the body ends with the table and its one empty final paragraph."""
    from contractkit.flows.redline.docx import Revisions, redline_docx

    old, new = docx_of(["Заказчик"], [["Заказчик"] * 3]), docx_of([], [["Заказчик"] * 3])
    data = redline_docx(old, new, Revisions("Test User", "2026-12-15T00:00:00Z"))
    accepted = text_of(resolved(data, "ins"), tmp_path)
    assert accepted == [*text_of(new, tmp_path), ""]
    assert text_of(resolved(data, "del"), tmp_path) == text_of(old, tmp_path)
    body = document(resolved(data, "ins")).find(w("body"))
    assert [el.tag for el in body][-3:] == [w("tbl"), w("p"), w("sectPr")]


def test_a_paragraph_rewritten_between_two_tables_round_trips(tmp_path):
    """No paragraph before it can carry its mark: it becomes one edited paragraph instead."""
    from docx import Document

    from contractkit.flows.redline.docx import Revisions, redline_docx

    def doc(middle: list[str]) -> bytes:
        document = Document()
        document.add_paragraph("ДОГОВОР")
        document.add_table(rows=1, cols=2).cell(0, 0).text = "Этап"
        for text in middle:
            document.add_paragraph(text)
        document.add_table(rows=1, cols=2).cell(0, 0).text = "Заказчик"
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    old = doc(["Сроки указаны по производственному календарю."])
    new = doc(["Оплата в течение пяти рабочих дней.", "Новый пункт."])
    data = redline_docx(old, new, Revisions("Test User", "2026-12-15T00:00:00Z"))
    assert text_of(resolved(data, "ins"), tmp_path) == text_of(new, tmp_path)
    assert text_of(resolved(data, "del"), tmp_path) == text_of(old, tmp_path)
