"""PDF/A-3b checks for the tests, with tools contractkit did not write: pikepdf (qpdf's library)
for the ISO 19005-3 rules below, `qpdf --check` for the structure, Ghostscript rendering every
page, and poppler's `pdffonts` for embedded fonts. scripts/system-deps.sh installs the programs,
the test extra pikepdf.

Checked: 6.1.2 header (a binary comment follows), 6.1.3 trailer /ID, no encryption, nothing after
the last %%EOF; 6.2.2-3 an OutputIntent /GTS_PDFA1 with a valid ICC profile whose channels match
/N; 6.6 XMP metadata, well-formed, pdfaid:part=3 and conformance=B, every property predefined or
declared in an extension schema; 6.8 every embedded file with /F and /UF, /AFRelationship, a MIME
/Subtype, associated through an /AF array, its /Params /Size and /CheckSum right; fonts embedded.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFAID = "http://www.aiim.org/pdfa/ns/id/"
SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
PREDEFINED = {
    "http://purl.org/dc/elements/1.1/", "http://ns.adobe.com/xap/1.0/", "http://ns.adobe.com/xap/1.0/rights/",
    "http://ns.adobe.com/xap/1.0/mm/", "http://ns.adobe.com/xap/1.0/bj/", "http://ns.adobe.com/xap/1.0/t/pg/",
    "http://ns.adobe.com/xmp/1.0/DynamicMedia/", "http://ns.adobe.com/pdf/1.3/",
    "http://ns.adobe.com/photoshop/1.0/", "http://ns.adobe.com/camera-raw-settings/1.0/",
    "http://ns.adobe.com/tiff/1.0/", "http://ns.adobe.com/exif/1.0/", "http://ns.adobe.com/exif/1.0/aux/",
    "http://ns.adobe.com/xmp/Identifier/qual/1.0/", PDFAID, "http://www.aiim.org/pdfa/ns/extension/",
}
RELATIONSHIPS = {"/Source", "/Data", "/Alternative", "/Supplement", "/EncryptedPayload", "/FormData",
                 "/Schema", "/Unspecified"}
CHANNELS = {b"GRAY": 1, b"RGB ": 3, b"CMYK": 4}
PROGRAMS = {"qpdf": "qpdf", "gs": "ghostscript", "pdffonts": "poppler-utils"}


def check(pdf: Path, attachment: str | None = None) -> None:
    """Assert that `pdf` is a PDF/A-3b (and carries `attachment`, when named)."""
    found = problems(pdf, attachment)
    assert not found, f"{pdf.name} is not PDF/A-3b:\n" + "\n".join(found)


def problems(pdf: Path, attachment: str | None = None) -> list[str]:
    """Every rule the file breaks, one line each; [] for a conforming file."""
    import pikepdf

    missing = [f"{name} (Debian {package})" for name, package in PROGRAMS.items() if not shutil.which(name)]
    assert not missing, f"install {', '.join(missing)}: bash scripts/system-deps.sh"
    data = pdf.read_bytes()
    found = _bytes(data) + _programs(pdf)
    try:
        document = pikepdf.open(pdf)
    except pikepdf.PdfError as exc:
        return found + [f"pikepdf: cannot open: {exc}"]
    with document:
        found += _trailer(document) + _output_intent(document) + _xmp(document)
        found += _embedded(document, attachment)
    return found


def _bytes(data: bytes) -> list[str]:
    found = []
    if not re.match(rb"%PDF-1\.[0-7](\r\n|\r|\n)%[\x80-\xff]{4}", data):
        found.append(f"6.1.2 header: {data[:16]!r} is not %PDF-1.x, EOL, a comment of 4 bytes > 127")
    end = data.rfind(b"%%EOF")
    if end < 0 or data[end + 5:] not in (b"", b"\n", b"\r", b"\r\n"):
        found.append("6.1.3 end: no %%EOF, or bytes after it")
    return found


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def _programs(pdf: Path) -> list[str]:
    found = []
    qpdf = _run("qpdf", "--check", str(pdf))
    if qpdf.returncode != 0:  # 3: warnings, 2: errors
        found.append(f"qpdf --check: exit {qpdf.returncode}: {(qpdf.stdout + qpdf.stderr).strip()[-300:]}")
    gs = _run("gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dPDFSTOPONERROR", "-sDEVICE=nullpage", str(pdf))
    errors = [line for line in (gs.stdout + gs.stderr).splitlines() if "Error" in line]
    if gs.returncode != 0 or errors:
        found.append(f"Ghostscript: exit {gs.returncode}: {' | '.join(errors[:3])}")
    fonts = _run("pdffonts", str(pdf))
    lines = fonts.stdout.splitlines()
    if fonts.returncode != 0 or len(lines) < 2 or not lines[1].startswith("---"):
        return found + [f"pdffonts: exit {fonts.returncode}: {fonts.stderr.strip()}"]
    columns, start = {}, 0
    for rule in lines[1].split(" "):
        columns[lines[0][start:start + len(rule)].strip()] = slice(start, start + len(rule))
        start += len(rule) + 1
    for row in lines[2:]:
        if row[columns["emb"]].strip() != "yes":
            found.append(f"fonts: not embedded: {row[columns['name']].strip() or row}")
    if len(lines) == 2:
        found.append("fonts: none (a document with text has some)")
    return found


def _trailer(document) -> list[str]:
    found = []
    ids = document.trailer.get("/ID")
    if ids is None or len(ids) != 2:
        found.append("6.1.3 trailer: no /ID of two strings")
    if document.is_encrypted or "/Encrypt" in document.trailer:
        found.append("6.1.3 trailer: encrypted")
    return found


def _output_intent(document) -> list[str]:
    import pikepdf

    intents = [i for i in document.Root.get("/OutputIntents", []) if i.get("/S") == "/GTS_PDFA1"]
    if not intents:
        return ["6.2.2 OutputIntent: none with /S /GTS_PDFA1"]
    profile = intents[0].get("/DestOutputProfile")
    if not isinstance(profile, pikepdf.Stream):
        return ["6.2.2 OutputIntent: no /DestOutputProfile stream"]
    icc = profile.read_bytes()
    if len(icc) < 128 or icc[36:40] != b"acsp" or int.from_bytes(icc[:4], "big") != len(icc):
        return ["6.2.3 OutputIntent: the ICC profile is not valid (size or 'acsp' signature)"]
    if CHANNELS.get(icc[16:20]) != int(profile.get("/N", 0)):
        return [f"6.2.3 OutputIntent: /N {profile.get('/N')} does not match the profile's {icc[16:20]!r}"]
    return []


def _xmp(document) -> list[str]:
    import pikepdf
    from lxml import etree

    stream = document.Root.get("/Metadata")
    if not isinstance(stream, pikepdf.Stream):
        return ["6.6 XMP: the catalog has no /Metadata stream"]
    try:
        root = etree.fromstring(stream.read_bytes(), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        return [f"6.6.2.1 XMP: not well-formed: {exc}"]
    properties = []
    for description in root.iter(f"{{{RDF}}}Description"):
        properties += [(k[1:].split("}", 1), v) for k, v in description.attrib.items()
                       if k.startswith("{") and not k.startswith(f"{{{RDF}}}") and "XML/1998" not in k]
        properties += [(child.tag[1:].split("}", 1), (child.text or "").strip()) for child in description
                       if isinstance(child.tag, str) and child.tag.startswith("{")]
    found = []
    ident = {name: value for (ns, name), value in properties if ns == PDFAID}
    if ident.get("part") != "3" or ident.get("conformance") != "B":
        found.append(f"6.6.4 XMP: pdfaid part={ident.get('part')!r} conformance={ident.get('conformance')!r}, "
                     "not 3 and B")
    declared: dict[str, set] = {}
    for uri in root.iter(f"{{{SCHEMA}}}namespaceURI"):
        names = {n.text.strip() for n in uri.getparent().iter(f"{{{PROPERTY}}}name") if n.text}
        declared.setdefault((uri.text or "").strip(), set()).update(names)
    for (ns, name), _ in properties:
        if ns not in PREDEFINED and name not in declared.get(ns, ()):
            found.append(f"6.6.2.3 XMP: {name} of {ns} is neither predefined nor declared in an extension schema")
    return found


def _embedded(document, attachment: str | None) -> list[str]:
    import pikepdf

    found = []
    associated = {spec.objgen for spec in document.Root.get("/AF", [])}
    for page in document.pages:
        associated |= {spec.objgen for spec in page.obj.get("/AF", [])}
        for annotation in page.obj.get("/Annots", []):
            associated |= {spec.objgen for spec in annotation.get("/AF", [])}
    tree = document.Root.get("/Names", {}).get("/EmbeddedFiles")
    files = dict(pikepdf.NameTree(tree).items()) if tree is not None else {}
    for name, spec in files.items():
        where = f"6.8 embedded file {name}"
        if "/F" not in spec or "/UF" not in spec:
            found.append(f"{where}: the file specification lacks /F or /UF")
        if spec.get("/AFRelationship") not in RELATIONSHIPS:
            found.append(f"{where}: /AFRelationship {spec.get('/AFRelationship')} is not a PDF/A-3 value")
        if spec.objgen not in associated:
            found.append(f"{where}: not associated with the document or a page through /AF")
        stream = spec.get("/EF", {}).get("/F")
        if not isinstance(stream, pikepdf.Stream):
            found.append(f"{where}: no /EF /F stream")
            continue
        if not str(stream.get("/Subtype", "")).startswith("/"):
            found.append(f"{where}: no MIME type (/Subtype)")
        body, params = stream.read_bytes(), stream.get("/Params", {})
        if "/Size" in params and int(params.Size) != len(body):
            found.append(f"{where}: /Params /Size {int(params.Size)} is not its {len(body)} bytes")
        if "/CheckSum" in params and bytes(params.CheckSum) != hashlib.md5(body).digest():
            found.append(f"{where}: /Params /CheckSum is not the MD5 of its content")
        if name == attachment and not body:
            found.append(f"{where}: empty")
    if attachment is not None and attachment not in files:
        found.append(f"6.8: no embedded file named {attachment} (there are {sorted(files)})")
    return found
