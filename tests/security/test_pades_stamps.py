"""Red team round 6 (#22, 5): `verify` vouched for two altered countersigned copies.

1. A signature widget painting a white box and a new price over clause 3.1, flagged NoView|Print:
   hidden on screen, printed on paper. Annotation flags and optional content are now ignored: every
   added annotation must be a signature widget, and none may draw over the original's content.
2. A visible signature stamp in blank space that reads as an extra clause with a new price. A stamp's
   text is now read from glyphs contractkit can check (a standard font the viewer draws itself, or
   the bundled stamp font compared glyph by glyph) and must be a signature stamp naming the signer;
   `verify` prints what each stamp says.
"""

from __future__ import annotations

import copy
import dataclasses
from io import BytesIO

import pytest

from contractkit.flows.signing.check import examine
from contractkit.resources import TEMPLATES
from tests.security.gitfixtures import ck, signed  # noqa: F401 - fixture
from tests.security.test_pades_forgery import _writer, keys  # noqa: F401 - fixture
from tests.security.test_pades_overlay import (
    IN_MARGIN,
    OVER_TEXT,
    _signer,
    invisible_signature,
    painted_field,
)

pytestmark = pytest.mark.security("forgery")

NOVIEW_PRINT = 36
FONTS = TEMPLATES / "fonts"


@pytest.fixture
def contract(signed):  # noqa: F811
    return next((signed / "out").glob("contract-*.pdf")).read_bytes()


def _roots(keys):  # noqa: F811
    from contractkit.flows.signing.check import load_roots

    return load_roots({"ca.pem": (keys / "ca.pem").read_bytes()})


def stamped(data: bytes, keys, text: str | None = None, font=None, box=IN_MARGIN, page: int = -1,  # noqa: F811
            flags: int = 0, white: bool = False, name: str = "Client") -> bytes:
    """The client's own visible signature, with a stamp of its choosing (red team a9 noview.py,
    stamp.py): text in `font` (a TrueType file, embedded) or pyHanko's default Courier."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.content import RawContent
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers

    style = {}
    if text is not None:
        style["stamp_text"] = text
    if font is not None:
        style["text_box_style"] = TextBoxStyle(font=GlyphAccumulatorFactory(str(font), font_size=8))
    if white:
        style |= {"background": RawContent(b"1 g -2000 -2000 5000 5000 re f", box=BoxConstraints(100, 100)),
                  "background_opacity": 1, "border_width": 0}
    writer = _writer(data)
    fields.append_signature_field(writer, fields.SigFieldSpec(name, on_page=page, box=box))
    if flags:
        for ref in writer.root["/AcroForm"]["/Fields"]:
            field = ref.get_object()
            if field.get("/T") == name:
                field["/F"] = generic.NumberObject(flags)
                writer.update_container(field)
    meta = signers.PdfSignatureMetadata(field_name=name)
    look = dataclasses.replace(signers.DEFAULT_SIGNING_STAMP_STYLE, **style)  # pyHanko's default and art
    signer = signers.PdfSigner(meta, signer=_signer(keys), stamp_style=look)
    return signer.sign_pdf(writer).getvalue()


def annotated(data: bytes, subtype: str, rect=IN_MARGIN, flags: int = 0, look: bytes | None = b"0 g 0 0 9 9 re f") -> bytes:
    """Anyone, with no key: an annotation of `subtype` added to page 1 after the signatures."""
    from pyhanko.pdf_utils import generic

    n = generic.NameObject
    writer = _writer(data)
    page = writer.find_page_for_modification(0)[0].get_object()
    annot = generic.DictionaryObject({n("/Type"): n("/Annot"), n("/Subtype"): n(subtype),
                                      n("/Rect"): generic.ArrayObject(generic.FloatObject(v) for v in rect),
                                      n("/F"): generic.NumberObject(flags),
                                      n("/Contents"): generic.TextStringObject("Price: USD 1.00")})
    if look is not None:
        stream = generic.StreamObject({n("/Type"): n("/XObject"), n("/Subtype"): n("/Form"),
                                       n("/BBox"): generic.ArrayObject(generic.FloatObject(v) for v in (0, 0, 9, 9))},
                                      stream_data=look)
        annot[n("/AP")] = generic.DictionaryObject({n("/N"): writer.add_object(stream)})
    annots = page.get("/Annots")
    page[n("/Annots")] = generic.ArrayObject((list(annots.get_object()) if annots else [])
                                             + [writer.add_object(annot)])
    writer.update_container(page)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def with_optional_content_off(data: bytes) -> bytes:
    """The last widget of page 1 put in an optional content group (hidden by default, printed)."""
    from pyhanko.pdf_utils import generic

    n = generic.NameObject
    writer = _writer(data)
    page = writer.find_page_for_modification(0)[0].get_object()
    widget = page["/Annots"][-1].get_object()
    group = writer.add_object(generic.DictionaryObject({n("/Type"): n("/OCG"),
                                                        n("/Name"): generic.TextStringObject("print")}))
    widget[n("/OC")] = group
    writer.update_container(widget)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def forged_font(tmp_path, hinting: bool = False):
    """The stamp font with the glyph of "i" drawn as "o" (its cmap and ToUnicode still say "i"), or
    with a control value program of its own (hinting can move any point of any glyph)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(FONTS / "DejaVuSans.ttf"))
    if hinting:
        font["prep"].program.fromBytecode(font["prep"].program.getBytecode() + b"\x00")
    else:
        font["glyf"]["i"] = copy.deepcopy(font["glyf"]["o"])
    path = tmp_path / ("hinted.ttf" if hinting else "forged.ttf")
    font.save(str(path))
    return path


def test_noview_print_and_other_flags_do_not_hide_an_overlay(contract, keys, tmp_path, signed):  # noqa: F811
    honest = invisible_signature(contract, keys)
    roots = _roots(keys)
    cases = {
        "own stamp, white box over the text, NoView|Print": stamped(contract, keys, white=True, page=0,
                                                                   box=OVER_TEXT, flags=NOVIEW_PRINT),
        **{f"empty field painting over the text, /F {f}": painted_field(honest, flags=f)
           for f in (1, 2, 32, NOVIEW_PRINT, 256, 2 | 32 | 256)},
        "in an optional content group that is off": with_optional_content_off(painted_field(honest)),
    }
    for case, data in cases.items():
        assert data.startswith(contract), case
        result = examine(data, roots)
        assert result.drawn_over == 1 and result.drawn_reason == "" and not result.ok, case
    # the CLI, as the red team ran it
    copy_path = tmp_path / "nv-36.pdf"
    copy_path.write_bytes(cases["own stamp, white box over the text, NoView|Print"])
    result = ck("verify", signed, copy_path, "--trust", keys / "ca.pem")
    assert result.returncode == 1, result.stdout
    first = result.stdout.splitlines()[0]
    assert "matches contract-" in first and first.endswith(
        "but has content drawn over the signed pages after signing: look at page 1"), first
    assert not result.stderr.strip(), result.stderr


def test_any_added_annotation_but_a_signature_is_a_change(contract, keys):  # noqa: F811
    honest = invisible_signature(contract, keys)
    roots = _roots(keys)
    for subtype, rect, flags, look in [("/FreeText", IN_MARGIN, 0, b"BT /F1 9 Tf (USD 1.00) Tj ET"),
                                       ("/Stamp", IN_MARGIN, 2, b"0 g 0 0 9 9 re f"),
                                       ("/Popup", (0, 0, 0, 0), 0, None),
                                       ("/Link", IN_MARGIN, 32, None),
                                       ("/RichMedia", (0, 0, 1, 1), NOVIEW_PRINT, None),
                                       ("/Text", (0, 0, 0, 0), 2, None)]:
        result = examine(annotated(honest, subtype, rect, flags, look), roots)
        assert result.drawn_over == 1, subtype
        assert result.drawn_reason == f"has an annotation added after signing that is not a signature ({subtype})"
        assert not result.ok


def test_a_stamp_that_reads_as_a_clause_is_refused(contract, keys, tmp_path, signed):  # noqa: F811
    roots = _roots(keys)
    clause = ("6.4. The Parties further agree: the price of the Services is USD 1.00,\n"
              "payable within 3 business days of signing.")
    unreadable = "the visible stamp of signature Client cannot be read: it draws text in a font whose glyphs"
    cases = {
        "clause in an embedded serif font (a9 run.sh)":
            (stamped(contract, keys, clause, FONTS / "LiberationSerif-Regular.ttf"), unreadable),
        "clause in the bundled stamp font": (stamped(contract, keys, clause, FONTS / "DejaVuSans.ttf"),
                                             'the visible stamp of signature Client reads "6.4. The Parties'),
        "clause in pyHanko's standard Courier": (stamped(contract, keys, clause),
                                                'the visible stamp of signature Client reads "6.4. The Parties'),
        "pyHanko's format naming someone else": (
            stamped(contract, keys, "Digitally signed by Alex Morgan.\nTimestamp: %(ts)s."),
            'reads "Digitally signed by Alex Morgan. Timestamp: 20'),
        "the right words, the glyph of 'i' drawn as 'o'": (
            stamped(contract, keys, "Digitally signed by %(signer)s.\nTimestamp: %(ts)s.", forged_font(tmp_path)),
            unreadable),
        "the right words, a hinting program of its own": (
            stamped(contract, keys, "Digitally signed by %(signer)s.\nTimestamp: %(ts)s.",
                    forged_font(tmp_path, hinting=True)), unreadable),
        "an unsigned field painting text in the margin": (
            painted_field(invisible_signature(contract, keys), box=IN_MARGIN),
            'the visible stamp of signature Witness draws text on a signature field that is not signed'),
        "an unsigned field painting an image in the margin": (
            painted_field(invisible_signature(contract, keys), box=IN_MARGIN,
                          content=b"q 20 0 0 20 0 0 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \x00 EI Q"),
            "the visible stamp of signature Witness cannot be read: it draws an image"),
        "a frame filled with a pattern (a tile can hold any text)": (
            painted_field(invisible_signature(contract, keys), box=IN_MARGIN,
                          content=b"/Pattern cs /P1 scn 0 0 200 30 re f"),
            "the visible stamp of signature Witness cannot be read: it paints with a pattern"),
        "a stamp drawing digits with lines": (
            painted_field(invisible_signature(contract, keys), box=IN_MARGIN,
                          content=b"0 0 m 10 0 l 10 10 l 0 10 l S 20 0 m 20 10 l S"),
            "the visible stamp of signature Witness cannot be read: it draws lines or curves"),
    }
    for case, (data, reason) in cases.items():
        assert data.startswith(contract), case
        result = examine(data, roots)
        assert result.drawn_over is not None and not result.ok, case
        assert result.drawn_reason.startswith(reason) or reason in result.drawn_reason, (case, result.drawn_reason)
    # the CLI: the refusal opens with the reason and the page; exit 1
    copy_path = tmp_path / "stamped.pdf"
    copy_path.write_bytes(cases["clause in pyHanko's standard Courier"][0])
    result = ck("verify", signed, copy_path, "--trust", keys / "ca.pem")
    assert result.returncode == 1, result.stdout
    first = result.stdout.splitlines()[0]
    assert "matches contract-" in first and 'stamp of signature Client reads "6.4. The Parties further agree: ' \
        'the price of the Services is USD 1.00, payable within 3 business days of signing.", which is not a ' \
        "signature stamp of Priya Shah: look at page" in first, first
    assert not result.stderr.strip(), result.stderr


def test_genuine_stamps_are_read_and_verified(contract, keys, tmp_path):  # noqa: F811
    """pyHanko's default stamp (Courier, its art), and the bundled font embedded by pyHanko itself
    (2048 units per em, not contractkit's scaled copy): read, named, vouched for."""
    roots = _roots(keys)
    for case, data, text in [
        ("pyHanko default", stamped(contract, keys), "Digitally signed by Priya Shah. Timestamp: 20"),
        ("bundled font, unscaled", stamped(contract, keys, "Digitally signed: %(signer)s\n%(ts)s",
                                           FONTS / "DejaVuSans.ttf"), "Digitally signed: Priya Shah 20"),
        ("two signatures", stamped(stamped(contract, keys), keys, box=(352, 6, 567, 38), name="Witness"),
         "Digitally signed by Priya Shah. Timestamp: 20"),
    ]:
        result = examine(data, roots)
        assert result.ok and result.drawn_over is None, (case, result.drawn_reason)
        assert result.stamps and all(s[2].startswith(text) for s in result.stamps), (case, result.stamps)


class _Stream:
    """An appearance stream as pypdf gives it: data and resources."""

    def __init__(self, data: bytes, resources=None):
        self.data, self.resources = data, resources

    def get_data(self) -> bytes:
        return self.data

    def get(self, key, default=None):
        return self.resources if key == "/Resources" else default


def test_stamp_text_is_printable_and_its_formats_are_strict():
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

    from contractkit.flows.signing import stamp

    n = NameObject
    courier = DictionaryObject({n("/Type"): n("/Font"), n("/Subtype"): n("/Type1"), n("/BaseFont"): n("/Courier"),
                                n("/Encoding"): n("/WinAnsiEncoding")})
    resources = DictionaryObject({n("/Font"): DictionaryObject({n("/F1"): courier})})
    text = stamp.stamp_text([_Stream(b"BT /F1 9 Tf (\x1b]0;owned\x07Digitally signed by Priya Shah.) Tj T* "
                                     b"(Timestamp: 2026-12-02 09:15:40 UTC.) Tj ET", resources)])
    assert "\x1b" not in text and "\x07" not in text and text.startswith("\ufffd]0;owned\ufffdDigitally")
    assert stamp.stamp_problem(text, "Priya Shah").startswith('reads "\ufffd]0;owned')
    good = "Digitally signed by Priya Shah. Timestamp: 2026-12-02 09:15:40 UTC."
    assert stamp.stamp_problem(good, "Priya Shah") == ""
    assert stamp.stamp_problem("Подписано ЭП: Priya Shah 2026-12-02 09:15:40 UTC", "Priya Shah") == ""
    assert stamp.stamp_problem("2026-12-02 09:15:40 UTC", "Priya Shah") == ""
    assert stamp.stamp_problem(good.replace("Shah.", "Shah <priya@shah.example>."), "Priya Shah") == ""
    assert stamp.stamp_problem(good.replace("Shah.", "Shah <USD 1.00 total>."), "Priya Shah")
    for bad in (good + " Price: USD 1.00", good.replace("Priya", "Pria"), "Digitally signed: Priya Shah",
                "Digitally signed: Priya Shah 2026-12-02 09:15:40 UTC. The price is USD 1.00"):
        assert stamp.stamp_problem(bad, "Priya Shah"), bad
    assert stamp.stamp_problem(good, None).startswith("draws text on a signature field that is not signed")
    # a kern that moves glyphs about, a text matrix, no font, a font it does not define: unreadable
    for data in (b"BT /F1 9 Tf [(Digitally) -4000 (signed)] TJ ET", b"BT /F1 9 Tf 1 0 0 1 5 5 Tm (x) Tj ET",
                 b"BT (x) Tj ET", b"BT /F2 9 Tf (x) Tj ET"):
        with pytest.raises(stamp.Unreadable):
            stamp.stamp_text([_Stream(data, resources)])
    # negative widths put the glyphs of the right words in another order on the page
    courier[n("/FirstChar")], courier[n("/Widths")] = NumberObject(32), ArrayObject([NumberObject(-600)] * 95)
    with pytest.raises(stamp.Unreadable, match="widths that could reorder them"):
        stamp.stamp_text([_Stream(b"BT /F1 9 Tf (Digitally signed) Tj ET", resources)])
    courier[n("/Widths")] = ArrayObject([NumberObject(600)] * 95)
    assert stamp.stamp_text([_Stream(b"BT /F1 9 Tf (Digitally signed) Tj ET", resources)]) == "Digitally signed"
