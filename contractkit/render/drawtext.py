"""weasyprint's draw_first_line with each run's glyphs read in one call.

Drawing a line of text walks Pango's glyph array; weasyprint reads each glyph's id, width and
offsets as attributes of cffi structures, four or five lookups a glyph, a fifth of the time its
PDF engine spends painting a contract. Here the array is copied out once per run and unpacked
(struct), and every other line is weasyprint 70.0's own (BSD-3-Clause, Kozea), so the operators
written are the same. Used only with that release and Pango's 20-byte PangoGlyphInfo
(tests/test_pdfwrite.py renders every example document both ways and compares the bytes).
"""

from __future__ import annotations

import struct

from weasyprint.draw.text import (  # what weasyprint's function uses, from where it takes it
    FROM_UNITS,
    LOGGER,
    TO_UNITS,
    BytesIO,
    ElementTree,
    Image,
    RasterImage,
    SVGImage,
    ffi,
    get_hb_object_data,
    get_last_word_end,
    pango,
)

CHECKED = "70.0"
_GLYPH = struct.Struct("=Iiiii")
"""PangoGlyphInfo: glyph, geometry (width, x_offset, y_offset), attr (a bit field)."""
ORIGINAL = None
"""weasyprint's own draw_first_line, once install() has replaced it."""


def install() -> bool:
    """Put draw_first_line in weasyprint's place; True when it is there. Imported only once
    weasyprint is (render/pdf.py), and only by a caller ready for an ImportError."""
    global ORIGINAL
    import weasyprint
    from weasyprint.draw import text

    if ORIGINAL is not None:
        return True
    if weasyprint.__version__ != CHECKED or ffi.sizeof("PangoGlyphInfo") != _GLYPH.size:
        return False
    ORIGINAL, text.draw_first_line = text.draw_first_line, draw_first_line
    return True


def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):  # noqa: C901, PLR0912, PLR0915
    """Draw `textbox`'s first line to `stream` (weasyprint.draw.text.draw_first_line)."""
    if not textbox.text.strip():
        return []
    if textbox.style['font_size'] < 1e-6:
        return []
    pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)
    if text_overflow == 'ellipsis' or block_ellipsis != 'none':
        assert textbox.pango_layout.max_width is not None
        max_width = textbox.pango_layout.max_width
        pango.pango_layout_set_width(textbox.pango_layout.layout, int(max_width * TO_UNITS))
        if text_overflow == 'ellipsis':
            pango.pango_layout_set_ellipsize(textbox.pango_layout.layout, pango.PANGO_ELLIPSIZE_END)
        else:
            if block_ellipsis == 'auto':
                ellipsis = '…'
            else:
                assert block_ellipsis[0] == 'string'
                ellipsis = block_ellipsis[1]
            new_text = textbox.pango_layout.text
            if new_text.endswith(textbox.style['hyphenate_character']):
                last_word_end = get_last_word_end(
                    new_text[:-len(textbox.style['hyphenate_character'])], textbox.style['lang'])
                if last_word_end:
                    new_text = new_text[:last_word_end]
            textbox.pango_layout.set_text(new_text + ellipsis)

    first_line, index = textbox.pango_layout.get_first_line()

    if block_ellipsis != 'none':
        while index:
            last_word_end = get_last_word_end(
                textbox.pango_layout.text[:-len(ellipsis)], textbox.style['lang'])
            if last_word_end is None:
                break
            new_text = textbox.pango_layout.text[:last_word_end]
            textbox.pango_layout.set_text(new_text + ellipsis)
            first_line, index = textbox.pango_layout.get_first_line()

    stream.set_text_matrix(*matrix.values)
    previous_pango_font = None
    string = ''
    x_advance = 0
    emojis = []
    run = first_line.runs[0]
    glyph_size = _GLYPH.size
    while run != ffi.NULL:
        glyph_item = run.data
        run = run.next
        glyph_string = glyph_item.glyphs
        glyphs_info = glyph_string.glyphs
        num_glyphs = glyph_string.num_glyphs
        clusters = glyph_string.log_clusters
        utf8_text = None

        pango_font = glyph_item.item.analysis.font
        if pango_font != previous_pango_font:
            previous_pango_font = pango_font
            font, font_size = stream.add_font(pango_font)
            if pango.pango_version() < 14802 or font.png:
                font_size = textbox.style['font_size']
            if string:
                stream.show_text(string)
            string = ''
            stream.set_font_size(font.hash, 1 if font.bitmap else font_size)
        string += '<'
        raw = ffi.buffer(glyphs_info, num_glyphs * glyph_size) if num_glyphs > 0 else b''
        for i, (glyph_id, width, x_offset, y_offset, _attr) in enumerate(_GLYPH.iter_unpack(raw)):
            if glyph_id == pango.PANGO_GLYPH_EMPTY:
                string += f'>{-width / font_size}<'
                continue
            if glyph_id & pango.PANGO_GLYPH_UNKNOWN_FLAG:
                codepoint = glyph_id - pango.PANGO_GLYPH_UNKNOWN_FLAG
                LOGGER.warning(
                    '.notdef glyph rendered for Unicode string unsupported by fonts: '
                    '"%s" (U+%04X)', chr(codepoint), codepoint)
                glyph_id = font.get_unused_glyph_id(codepoint)
                font.widths[glyph_id] = round(width * 1000 * FROM_UNITS / font_size)
                if 0 not in font.widths:
                    font.widths[0] = font.widths[glyph_id]
            if glyph_id not in font.to_unicode:
                offset = glyph_item.item.offset
                t1 = clusters[i]
                if glyph_item.item.analysis.level % 2:
                    t2 = glyph_item.item.length if i == 0 else clusters[i-1]
                else:
                    t2 = glyph_item.item.length if i == num_glyphs-1 else clusters[i+1]
                utf8_text = utf8_text or textbox.pango_layout.text.encode()
                font.to_unicode[glyph_id] = utf8_text[offset+t1:offset+t2].decode()
            offset = x_offset / font_size
            rise = y_offset / 1000
            if rise:
                if string[-1] == '<':
                    string = string[:-1]
                else:
                    string += '>'
                if string:
                    stream.show_text(string)
                stream.set_text_rise(-rise)
                string = ''
                if offset:
                    string = f'{-offset}'
                string += f'<{glyph_id:02x}>' if font.bitmap else f'<{glyph_id:04x}>'
                stream.show_text(string)
                stream.set_text_rise(0)
                string = '<'
            else:
                if offset:
                    string += f'>{-offset}<'
                string += f'{glyph_id:02x}' if font.bitmap else f'{glyph_id:04x}'
            if glyph_id in font.widths:
                logical_width = font.widths[glyph_id]
            else:
                pango.pango_font_get_glyph_extents(
                    pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
                logical_width = font.widths[glyph_id] = round(
                    stream.logical_rect.width * 1000 * FROM_UNITS / font_size)
            kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
            if kerning:
                string += f'>{int(kerning)}<'
            if font.svg:
                svg_data = get_hb_object_data(font.hb_face, 'svg', glyph_id)
                if svg_data:
                    tree = ElementTree.fromstring(svg_data)
                    if tree.get('id') != f'glyph{glyph_id}':
                        defs = ElementTree.Element('defs')
                        for child in list(tree):
                            defs.append(child)
                            tree.remove(child)
                        tree.append(defs)
                        ElementTree.SubElement(tree, 'use', attrib={'href': f'#glyph{glyph_id}'})
                    if 'viewBox' not in tree.attrib:
                        tree.attrib['viewBox'] = f'0 0 {font.upem} {font.upem}'
                    image = SVGImage(tree, None, None, None)
                    a = d = 1
                    emojis.append([image, font, a, d, x_advance, 0])
            elif font.png:
                png_data = get_hb_object_data(font.hb_font, 'png', glyph_id)
                if png_data:
                    pillow_image = Image.open(BytesIO(png_data))
                    image_id = f'{font.hash}{glyph_id}'
                    image = RasterImage(pillow_image, image_id, png_data)
                    d = logical_width / 1000
                    a = pillow_image.width / pillow_image.height * d
                    pango.pango_font_get_glyph_extents(
                        pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
                    f = -stream.logical_rect.y
                    f = f * FROM_UNITS / font_size - font_size
                    emojis.append([image, font, a, d, x_advance, f])
            elif font.colr:
                svg_data = get_hb_object_data(font.hb_font, 'colr', glyph_id)
                if svg_data:
                    tree = ElementTree.fromstring(svg_data)
                    image = SVGImage(tree, None, None, None)
                    a = d = 1
                    e = x_advance - kerning
                    emojis.append([image, font, a, d, e, -textbox.baseline])
            x_advance += (logical_width + offset - kerning) / 1000
        if string[-1] == '<':
            string = string[:-1]
        else:
            string += '>'
    stream.show_text(string)
    return emojis
