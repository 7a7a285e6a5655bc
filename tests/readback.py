"""Reading rendered documents back: text of DOCX (python-docx) and PDF (pypdf)."""

import re
import unicodedata
from collections import Counter
from pathlib import Path

WORD = re.compile(r"\w+(?:[-.,/]\w+)*", re.UNICODE)


def normal(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> Counter:
    return Counter(WORD.findall(normal(text).lower()))


def docx_blocks(path: Path) -> list[tuple[str, str]]:
    """(style, text) of body paragraphs and table cells in document order."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = Document(str(path))
    out = []
    for child in doc.element.body.iterchildren():
        if child.tag.endswith("}p"):
            p = Paragraph(child, doc)
            out.append((p.style.name, p.text))
        elif child.tag.endswith("}tbl"):
            for row in Table(child, doc).rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        out.append(("cell", cell.text))
    return out


def docx_text(path: Path) -> str:
    return "\n".join(text for _, text in docx_blocks(path))


def pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def pdf_body(path: Path, running_head: str, page_label: str) -> str:
    """PDF text without the running head and the page-number footer of each page."""
    lines = []
    for page in pdf_pages(path):
        for line in page.splitlines():
            flat = normal(line)
            if flat == normal(running_head) or re.fullmatch(rf"{page_label} \d+ \w+ \d+", flat):
                continue
            lines.append(line)
    # A compound word wrapped at its hyphen comes out as "сдачи-\nприёмки": join it again.
    return re.sub(r"(\w-)\n(?=\w)", r"\1", "\n".join(lines))


def sections(blocks_or_text, headings: list[str]) -> list[str]:
    """Split text at the given headings (in order): the preamble, then one chunk per heading."""
    text = normal(blocks_or_text)
    chunks, rest = [], text
    for heading in headings:
        head = normal(heading)
        at = rest.find(head)
        assert at >= 0, f"heading {heading!r} not found"
        chunks.append(rest[:at])
        rest = rest[at + len(head):]
    chunks.append(rest)
    return chunks


def out_pdf(folder: Path, pattern: str) -> str:
    """The normalised text of the one PDF under folder/out matching `pattern`."""
    found = sorted((folder / "out").glob(pattern))
    assert len(found) == 1, found
    return normal(" ".join(pdf_pages(found[0])))


def out_docx(folder: Path, pattern: str) -> str:
    """The normalised text of the one DOCX under folder/out matching `pattern`."""
    found = sorted((folder / "out").glob(pattern))
    assert len(found) == 1, found
    return normal(docx_text(found[0]))


def data_project(folder: Path, name: str) -> Path:
    """tests/data/NAME as folder/project.yaml, committed (a project of its own repository)."""
    import git

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "project.yaml").write_text((Path(__file__).parent / "data" / name).read_text(encoding="utf-8"),
                                         encoding="utf-8")
    with git.Repo.init(folder, initial_branch="main") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("project")
    return folder


def edit_committed(folder: Path, message: str, edit) -> None:
    """project.yaml through `edit(text) -> text`, committed with plain git (a user's own edit)."""
    import git

    file = folder / "project.yaml"
    file.write_text(edit(file.read_text(encoding="utf-8")), encoding="utf-8")
    with git.Repo(folder) as repo:
        repo.git.add(A=True)
        repo.index.commit(message)


def once(old: str, new: str):
    """An edit replacing `old`, which must be there, by `new` once."""
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)
    return edit
