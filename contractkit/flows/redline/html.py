"""The redline DOCX's body as HTML with <ins>/<del>, in TO's page (head, styles, running head),
so the PDF shows exactly the alignment the DOCX carries."""

from __future__ import annotations

import io
import zipfile
from html import escape

from lxml import etree

from contractkit.flows.redline.ooxml import DOCUMENT, Revisions, w

HEADINGS = {"Title": "h1", "Heading1": "h2", "Heading2": "h2", "Heading3": "h3"}
ALIGN = {"center": "center", "right": "right", "end": "right"}
STYLE = """<style>
ins { color: #1546a8; text-decoration: underline; text-decoration-color: #1546a8; }
del { color: #b3261e; text-decoration: line-through; }
tr.ins td { background: #edf2fc; }
tr.del td { background: #fbeeed; }
td p { margin: 0; text-align: left; }
td p.right { text-align: right; }
td p.center { text-align: center; }
p.redline-note { font-size: 8pt; color: #444; text-align: left; border-bottom: 0.5pt solid #999;
                 padding-bottom: 2pt; margin-bottom: 8pt; }
</style>"""
NOTE = {
    "ru": "Сравнение редакций: {old} → {new}. Добавленный текст подчёркнут, удалённый — зачёркнут. "
          "Исправления: {author}, {date}.",
    "en": "Redline: {old} → {new}. Insertions are underlined, deletions struck through. "
          "Changes by {author}, {date}.",
}


def redline_html(page: str, docx: bytes, old: str, new: str, revisions: Revisions, lang: str) -> str:
    """TO's rendered page with its body replaced by the redline's blocks and a one-line legend."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        body = etree.fromstring(z.read(DOCUMENT)).find(w("body"))
    note = NOTE[lang].format(old=escape(old), new=escape(new), author=escape(revisions.author),
                             date=revisions.date[:10])
    blocks = f'<p class="redline-note">{note}</p>\n' + _blocks(body)
    head, rest = page.split("</head>", 1)
    opening, _ = rest.split("<body>", 1) if "<body>" in rest else (rest, "")
    running = ""
    start = rest.find('<div class="running">')
    if start >= 0:
        running = rest[start:rest.index("</div>", start) + len("</div>")]
    return f"{head}{STYLE}</head>{opening}<body>\n{running}\n{blocks}</body>\n</html>\n"


def _blocks(container) -> str:
    out, in_list = [], False
    for block in container:
        if block.tag == w("tbl"):
            html = _table(block)
            style = ""
        elif block.tag == w("p"):
            style = _style(block)
            html = _paragraph(block, style)
        else:
            continue
        is_item = style == "ListBullet"
        if is_item and not in_list:
            out.append("<ul>")
        elif in_list and not is_item:
            out.append("</ul>")
        in_list = is_item
        out.append(html)
    if in_list:
        out.append("</ul>")
    return "\n".join(out)


def _style(p) -> str:
    style = p.find(f"{w('pPr')}/{w('pStyle')}")
    return style.get(w("val")) if style is not None else ""


def _paragraph(p, style: str) -> str:
    classes = []
    jc = p.find(f"{w('pPr')}/{w('jc')}")
    if jc is not None and jc.get(w("val")) in ALIGN:
        classes.append(ALIGN[jc.get(w("val"))])
    if p.find(f"{w('pPr')}/{w('keepNext')}") is not None:
        classes.append("keep")
    inner = _inline(p)
    page_break = any(br.get(w("type")) == "page" for br in p.iter(w("br")))
    if page_break and not inner.replace("<br>", "").strip():
        return '<hr class="page-break">'
    tag = "li" if style == "ListBullet" else HEADINGS.get(style, "p")
    cls = f' class="{" ".join(classes)}"' if classes else ""
    return f"<{tag}{cls}>{inner}</{tag}>"


def _inline(element) -> str:
    out = []
    for child in element:
        if child.tag == w("r"):
            out.append(_run(child))
        elif child.tag in (w("ins"), w("del")):
            tag = "ins" if child.tag == w("ins") else "del"
            out.append(f"<{tag}>{_inline(child)}</{tag}>" + ("<wbr>" if tag == "del" else ""))
        elif child.tag in (w("hyperlink"), w("smartTag"), w("fldSimple")):
            out.append(_inline(child))
    return "".join(out)


def _run(r) -> str:
    text = []
    for part in r:
        if part.tag in (w("t"), w("delText")):
            text.append(escape(part.text or ""))
        elif part.tag == w("br") and part.get(w("type")) != "page":
            text.append("<br>")
        elif part.tag == w("tab"):
            text.append(" ")
    html = "".join(text)
    rpr = r.find(w("rPr"))
    if rpr is not None and html:
        if _on(rpr, "u"):
            html = f"<u>{html}</u>"
        if _on(rpr, "i"):
            html = f"<em>{html}</em>"
        if _on(rpr, "b"):
            html = f"<strong>{html}</strong>"
        size = rpr.find(w("sz"))
        if size is not None and size.get(w("val"), "").isdigit():
            html = f'<span style="font-size: {int(size.get(w("val"))) / 2:g}pt">{html}</span>'
    return html


def _on(rpr, tag: str) -> bool:
    el = rpr.find(w(tag))
    return el is not None and el.get(w("val"), "true") not in ("0", "false", "none")


def _table(tbl) -> str:
    style = tbl.find(f"{w('tblPr')}/{w('tblStyle')}")
    grid = style is not None and style.get(w("val")) == "TableGrid"
    widths = [int(g.get(w("w"), "0") or 0) for g in tbl.findall(f"{w('tblGrid')}/{w('gridCol')}")]
    total = sum(widths) or 1
    cols = "".join(f'<col style="width: {100 * x / total:.2f}%">' for x in widths)
    rows = []
    for tr in tbl.findall(w("tr")):
        trpr = tr.find(w("trPr"))
        kind = next((k for k in ("ins", "del") if trpr is not None and trpr.find(w(k)) is not None), "")
        cells = "".join(f"<td>{_blocks(tc)}</td>" for tc in tr.findall(w("tc")))
        rows.append(f'<tr class="{kind}">{cells}</tr>' if kind else f"<tr>{cells}</tr>")
    cls = ' class="grid"' if grid else ""
    return f"<table{cls}><colgroup>{cols}</colgroup>{''.join(rows)}</table>"
