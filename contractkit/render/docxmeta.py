"""DOCX package metadata: core properties written whole, the proofing language, the paper size."""

from __future__ import annotations

from datetime import datetime


def us_letter(document) -> None:
    """English documents print on US Letter, as the PDF does; a letterhead of another size stays."""
    from docx.shared import Inches, Mm

    for section in document.sections:
        if section.page_width is not None and abs(section.page_width - Mm(210)) < Mm(1):
            section.page_width, section.page_height = Inches(8.5), Inches(11)


CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
    ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator>"
    "<cp:lastModifiedBy>contractkit</cp:lastModifiedBy><cp:revision>1</cp:revision>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
    "<dc:language>{language}</dc:language></cp:coreProperties>"
)


def set_core_properties(document, stamp: datetime, meta: dict) -> None:
    """docProps/core.xml written whole: python-docx adds lastPrinted, revision and others under
    a wrong namespace bound to the cp prefix, which strict readers reject."""
    from docx.oxml import parse_xml

    xml = CORE.format(title=_escape(meta["title"]), author=_escape(meta["author"]),
                      stamp=stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
                      language=_escape(meta.get("language", "en-US")))
    document.part.package._core_properties_part._element = parse_xml(xml.encode("utf-8"))


def _escape(text: str) -> str:
    """XML text escaping (&, <, >), as xml.sax.saxutils.escape does, without importing it: it
    pulls in urllib, http and ssl, 30 ms of a cold DOCX render."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def set_language(document, tag: str) -> None:
    """The proofing language of the whole document (ru-RU, en-US): Word spell-checks in it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    targets = [rpr, *(s.find(qn("w:rPr")) for s in styles.findall(qn("w:style")))]
    for target in (t for t in targets if t is not None):
        lang = target.find(qn("w:lang"))
        if lang is None and target is not rpr:
            continue
        if lang is None:
            lang = OxmlElement("w:lang")
            target.append(lang)
        lang.set(qn("w:val"), tag)
        lang.set(qn("w:eastAsia"), tag)
    settings = document.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is None:
        theme = OxmlElement("w:themeFontLang")
        settings.append(theme)
    theme.set(qn("w:val"), tag)
