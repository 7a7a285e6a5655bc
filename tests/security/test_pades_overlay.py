"""Red team round 4 (#22, 2): after a PAdES signature, anyone can add an incremental update with
an empty signature field whose widget appearance paints a white box and new text over the price.
pyHanko rates it form filling, and `verify` said "intact, only signatures added after it". The
signer's own visible signature can paint over the text the same way. Now every annotation added
after the signed original must be hidden, empty, or clear of everything the original page draws;
else `verify` says the copy matches "but has content drawn over the signed pages after signing:
look at page N" and exits non-zero, and `publish` serves the document rendered again."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader

from contractkit.flows.signing import overlay
from tests.conftest import run
from tests.security.gitfixtures import ck, signed  # noqa: F401 - fixture
from tests.security.test_pades_forgery import _writer, keys  # noqa: F401 - fixture
from tests.test_signing import PASSWORD

pytestmark = pytest.mark.security("forgery")

OVER_TEXT = (60, 400, 560, 760)
"""A box over page 1's text (the contract's first clauses)."""
IN_MARGIN = (28, 6, 243, 38)
"""The bottom-left margin of page 1, where contractkit's own stamp goes and nothing is printed."""
PAINT = b"1 1 1 rg 0 0 500 360 re f 0 g BT /F1 10 Tf 2 20 Td (The price is USD 1.00) Tj ET"


def _signer(keys):  # noqa: F811
    from pyhanko.sign import signers

    return signers.SimpleSigner.load_pkcs12(str(keys / "client.p12"), passphrase=PASSWORD.encode())


def invisible_signature(data: bytes, keys) -> bytes:  # noqa: F811
    """The client signs with an invisible signature (red team step1.py)."""
    from pyhanko.sign import signers

    return signers.sign_pdf(_writer(data), signers.PdfSignatureMetadata(field_name="Client"),
                            signer=_signer(keys)).getvalue()


def painted_field(data: bytes, box=OVER_TEXT, content: bytes = PAINT, flags: int = 0) -> bytes:
    """Anyone, with no key: an empty signature field whose widget paints `content` (step2.py)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    n = generic.NameObject
    writer = _writer(data)
    append_signature_field(writer, SigFieldSpec("Witness", on_page=0, box=box))
    page = writer.find_page_for_modification(0)[0].get_object()
    widget = page["/Annots"][-1].get_object()
    font = writer.add_object(generic.DictionaryObject({n("/Type"): n("/Font"), n("/Subtype"): n("/Type1"),
                                                       n("/BaseFont"): n("/Helvetica")}))
    look = generic.StreamObject({
        n("/Type"): n("/XObject"), n("/Subtype"): n("/Form"),
        n("/BBox"): generic.ArrayObject([generic.FloatObject(0), generic.FloatObject(0),
                                         generic.FloatObject(box[2] - box[0]), generic.FloatObject(box[3] - box[1])]),
        n("/Resources"): generic.DictionaryObject({n("/Font"): generic.DictionaryObject({n("/F1"): font})}),
    }, stream_data=content)
    widget[n("/AP")] = generic.DictionaryObject({n("/N"): writer.add_object(look)})
    if flags:
        widget[n("/F")] = generic.NumberObject(flags)
    writer.update_container(widget)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def visible_signature(data: bytes, keys, box=OVER_TEXT) -> bytes:  # noqa: F811
    """The signer's own visible signature, its stamp placed over the text (overlay.py)."""
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(field_name="Sig1")
    signer = signers.PdfSigner(meta, signer=_signer(keys),
                               new_field_spec=fields.SigFieldSpec("Sig1", on_page=0, box=box))
    return signer.sign_pdf(_writer(data)).getvalue()


def _verify(project, data: bytes, tmp_path, keys, name: str):  # noqa: F811
    copy = tmp_path / name
    copy.write_bytes(data)
    return ck("verify", project, copy, "--trust", keys / "ca.pem")


def test_an_overlay_after_signing_is_not_vouched_for(signed, keys, tmp_path):  # noqa: F811
    rendered = next((signed / "out").glob("contract-*.pdf"))
    original = rendered.read_bytes()
    honest = invisible_signature(original, keys)
    result = _verify(signed, honest, tmp_path, keys, "honest.pdf")  # the control
    assert result.returncode == 0 and "matches contract-" in result.stdout, result.stdout + result.stderr

    hostile = {"empty field painting over the price": painted_field(honest),
               "the signer's own stamp over the text": visible_signature(original, keys),
               "a second signer's stamp over the text": visible_signature(honest, keys)}
    for case, data in hostile.items():
        assert data.startswith(original), case
        result = _verify(signed, data, tmp_path, keys, "copy.pdf")
        assert result.returncode == 1, (case, result.stdout)
        first = result.stdout.splitlines()[0]
        assert "matches contract-" in first, (case, first)
        assert first.endswith("but has content drawn over the signed pages after signing: look at page 1"), first
        assert not result.stderr.strip(), result.stderr

    # publish serves the document rendered again, never such a copy left in out/
    from contractkit.flows.site.build import publish

    for case, data in hostile.items():
        rendered.write_bytes(data)
        publish(signed, tmp_path / "site")
        assert (tmp_path / "site" / "documents" / rendered.name).read_bytes() == original, case
    rendered.write_bytes(honest)
    publish(signed, tmp_path / "site")
    assert (tmp_path / "site" / "documents" / rendered.name).read_bytes() == honest


def test_signatures_that_draw_over_nothing_are_still_verified(signed, keys, tmp_path):  # noqa: F811
    rendered = next((signed / "out").glob("contract-*.pdf"))
    original = rendered.read_bytes()
    honest = invisible_signature(original, keys)
    fine = {  # a hidden field or one painting text in the margin is refused now: test_pades_stamps.py
        "stamp in the bottom margin": visible_signature(original, keys, box=IN_MARGIN),
        "empty field with an empty appearance": painted_field(honest, content=b"  "),
        "empty field painting a frame in the margin": painted_field(honest, box=IN_MARGIN,
                                                                    content=b"0 0 200 30 re S"),
    }
    for case, data in fine.items():
        assert overlay.drawn_over(original, data, {"Sig1": "Priya Shah", "Client": "Priya Shah"}) is None, case
    # contractkit's own stamps, two signers, bottom margin of the last page
    both = tmp_path / "both.pdf"
    for n in range(2):
        run("sign-pdf", both if n else rendered, "--certificate", keys / "client.p12",
            "--password-env", "CK_P12_PASSWORD", "--out", both)
    result = ck("verify", signed, both, "--trust", keys / "ca.pem")
    assert result.returncode == 0 and "drawn over" not in result.stdout, result.stdout
    pages = len(PdfReader(both).pages)
    stamps = [line for line in result.stdout.splitlines() if "its visible stamp" in line]
    assert len(stamps) == 2 and all(f'on page {pages} reads: "Digitally signed: Priya Shah 20' in line
                                    for line in stamps), result.stdout
    result = _verify(signed, fine["stamp in the bottom margin"], tmp_path, keys, "margin.pdf")
    assert result.returncode == 0 and "matches contract-" in result.stdout, result.stdout
    assert 'its visible stamp on page 1 reads: "Digitally signed by Priya Shah. Timestamp: 20' in result.stdout


def test_an_unreadable_page_counts_as_drawn_over():
    """A file this reader cannot follow is never vouched for."""
    assert overlay.drawn_over(b"%PDF-1.7 nonsense", b"%PDF-1.7 other nonsense") == 1


def test_a_text_field_without_appearance_counts_as_drawn(signed, keys):  # noqa: F811
    """A viewer draws a text field's value itself (NeedAppearances): no /AP is no proof of nothing
    drawn, except for a signature widget."""
    from pyhanko.pdf_utils import generic

    n = generic.NameObject
    rendered = next((signed / "out").glob("contract-*.pdf"))
    honest = invisible_signature(rendered.read_bytes(), keys)
    writer = _writer(honest)
    page = writer.find_page_for_modification(0)[0].get_object()
    field = writer.add_object(generic.DictionaryObject({
        n("/Type"): n("/Annot"), n("/Subtype"): n("/Widget"), n("/FT"): n("/Tx"),
        n("/T"): generic.TextStringObject("price"), n("/V"): generic.TextStringObject("USD 1.00"),
        n("/Rect"): generic.ArrayObject(generic.FloatObject(v) for v in OVER_TEXT)}))
    annots = page.get("/Annots")
    page[n("/Annots")] = generic.ArrayObject((list(annots.get_object()) if annots else []) + [field])
    writer.update_container(page)
    buffer = BytesIO()
    writer.write(buffer)
    assert overlay.drawn_over(rendered.read_bytes(), buffer.getvalue()) == 1
