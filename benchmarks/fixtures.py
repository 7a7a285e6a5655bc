"""What the benchmarks run on: projects, workspaces, histories and the baselines' own inputs.

Everything is built in a temporary folder before any clock starts.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "projects" / "romashka-site"
FONTS = ROOT / "templates" / "fonts"
BEFORE = "395bcd7"
"""The commit this speed work started from: the "before" of every before/after row."""

GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}


def variant(text: str, i: int) -> str:
    """The example project with a different price and number, so every file's content differs."""
    return (text.replace("price: 18500", f"price: {18500 + i}")
            .replace('number: "2026-031"', f'number: "2026-{i:04d}"'))


def workspace(tmp: Path, count: int) -> Path:
    root = tmp / f"ws-{count}"
    text = (EXAMPLE / "project.yaml").read_text(encoding="utf-8")
    for i in range(count):
        (root / f"p{i:04d}").mkdir(parents=True)
        (root / f"p{i:04d}" / "project.yaml").write_text(variant(text, i), encoding="utf-8")
    return root


def project(tmp: Path, name: str = "contract") -> Path:
    """A copy of the example as a committed project repository."""
    from contractkit.flows.create import new_project

    path = tmp / name
    os.environ.update(GIT_ENV)
    new_project(path, "ru", "romashka-site")
    return path


def history(tmp: Path, count: int) -> Path:
    """A signed project with `count` change requests, built with git fast-import in seconds."""
    from contractkit.flows import workflow
    from contractkit.flows.create import new_project
    from contractkit.store import records
    from contractkit.store.records import ChangeRecord

    path = tmp / f"hist-{count}"
    os.environ.update(GIT_ENV)
    new_project(path, "ru")
    workflow.sign(path, dt.date(2026, 12, 1), [],
                  lambda repo, kind, number, date: {"contract.pdf": b"bench"})
    text = (path / "project.yaml").read_text(encoding="utf-8")
    stream = []
    for i in range(1, count + 1):
        yaml = text.replace("price: 18500", f"price: {18500 + i}").encode()
        record = records.dump(ChangeRecord(
            id=f"CR-{i:03d}", title=f"Change {i}", requested_on=dt.date(2026, 12, 2), delta=1,
            total=243500 + i, completion=dt.date(2027, 1, 26)))
        message = f"CR-{i:03d}: Change {i}".encode()
        stream.append(b"commit refs/heads/main\n")
        stream.append(b"committer bench <bench@example.com> %d +0000\n" % (1796169600 + i))
        stream.append(b"data %d\n%s\n" % (len(message), message))
        if i == 1:
            stream.append(b"from refs/heads/main^0\n")
        for name, data in ((b"project.yaml", yaml), (records.change_path(f"CR-{i:03d}").encode(), record)):
            stream.append(b"M 100644 inline %s\ndata %d\n%s\n" % (name, len(data), data))
    env = {**os.environ, **GIT_ENV}
    subprocess.run(["git", "fast-import", "--quiet"], input=b"".join(stream), cwd=path, check=True, env=env)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=path, check=True, env=env)
    return path


def contract_html(project_dir: Path) -> str:
    """The exact HTML contractkit hands weasyprint for the contract (stylesheets linked)."""
    from contractkit.load import load_project
    from contractkit.render import context as ctx
    from contractkit.render.documents import TITLES, html_for
    from contractkit.render.look import look_for

    project = load_project(project_dir / "project.yaml")
    title = f"{TITLES[project.language]['contract']}: {project.title}"
    return html_for("contract.html.j2", ctx.build(project), project, look_for(project, project_dir), title)


def blocks(html: str) -> list[tuple[str, str]]:
    """(kind, text) of the contract's headings, paragraphs, list items and table rows."""
    import lxml.html

    body = lxml.html.document_fromstring(html).find("body")
    out = []
    for el in body.iter("h1", "h2", "h3", "p", "li", "tr"):
        text = " ".join(el.text_content().split())
        if text:
            out.append((el.tag, text if el.tag != "tr" else " | ".join(
                " ".join(c.text_content().split()) for c in el if isinstance(c.tag, str))))
    return out


def typst_source(html: str) -> str:
    """The same contract text as Typst markup: A4, the bundled serif, headings and paragraphs."""
    def esc(text: str) -> str:
        return re.sub(r"([\\#$*_@<>`\[\]~/=+-])", r"\\\1", text)

    lines = ['#set page(paper: "a4", margin: (x: 25mm, y: 20mm), numbering: "1 / 1")',
             '#set text(font: "Liberation Serif", size: 11pt, lang: "ru")',
             '#set par(justify: true)', '']
    for kind, text in blocks(html):
        if kind in ("h1", "h2", "h3"):
            lines.append("=" * int(kind[1]) + " " + esc(text))
        elif kind == "li":
            lines.append("- " + esc(text))
        else:
            lines.append(esc(text))
        lines.append("")
    return "\n".join(lines)


FIELDS = 36


def docx_template(html: str, path: Path) -> dict[str, str]:
    """A Word template of the same contract text with 36 {{ fields }}, and the values to fill."""
    from docx import Document

    doc = Document()
    parts = blocks(html)
    step = max(1, len(parts) // FIELDS)
    values, n = {}, 0
    for i, (kind, text) in enumerate(parts):
        if i % step == 0 and n < FIELDS:
            text += f" {{{{ field_{n:02d} }}}}"
            values[f"field_{n:02d}"] = f"значение {n}"
            n += 1
        if kind in ("h1", "h2", "h3"):
            doc.add_heading(text, level=int(kind[1]))
        elif kind == "li":
            doc.add_paragraph(text, style="List Bullet")
        else:
            doc.add_paragraph(text)
    while n < FIELDS:
        doc.add_paragraph(f"{{{{ field_{n:02d} }}}}")
        values[f"field_{n:02d}"] = f"значение {n}"
        n += 1
    doc.save(path)
    return values


def before_tree(tmp: Path) -> Path | None:
    """The package as it was before this work (git archive of BEFORE), or None without git."""
    target = tmp / "before"
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", BEFORE], capture_output=True, check=False)
    if archive.returncode != 0:
        return None
    target.mkdir()
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    compiled(target / "contractkit")
    return target


def compiled(package: Path) -> None:
    """Write the package's bytecode, as pip does for an installed package: without it, a run with
    PYTHONDONTWRITEBYTECODE set compiles every module of ours on every start (60 ms), which a user
    never pays and the baselines' packages never do."""
    import compileall

    compileall.compile_dir(str(package), quiet=1)


def clean(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
