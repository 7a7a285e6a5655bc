"""Outlook's own CSS properties (`mso-*`) in a reply: an allow-list, closed by design (red team 12, B11).

Outlook and Word honour many `mso-*` properties that hide, recolour, resize, move or add text
(`mso-hide`, `mso-color-alt`, `mso-highlight`, `mso-font-width`, `mso-ansi-font-size`,
`mso-text-raise`, `mso-element: frame`, `mso-list` markers …), and the reader cannot render as
Outlook does. So only three kinds pass:

- SAFE, anywhere: what Word and Outlook write into every ordinary reply and that changes nothing a
  reader sees of the text: style bookkeeping (`mso-style-priority`, `-type`, `-name`, `-link` …),
  languages, ligatures, font-family fallbacks (each face checked as `font-family` is: a symbol font
  draws pictograms), theme fonts, and the `auto` or small alternative margins and paddings of
  paragraphs and table cells;
- PAINT, only on text that is not the approval's: highlight, shading, alternative colours and
  borders of a box, which Outlook may paint in the text's own colour. A signature or a company
  name in a highlighted table cell still approves; the approval phrase, the hash or any clause
  beside them so painted does not (flows/approval.py reads where the painted lines are);
- everything else is refused wherever it stands: an unknown property may move a box over the
  approval (`mso-element`, `mso-text-raise`, `mso-position-*`) or add text (`mso-list`,
  `mso-field-code`, `mso-special-character`).
"""

from __future__ import annotations

from contractkit.mail import paint as approval_paint

SAFE, PAINT, REFUSED = "safe", "paint", "refused"

KEYWORDS = frozenset((
    "mso-style-priority", "mso-style-type", "mso-style-name", "mso-style-link", "mso-style-parent",
    "mso-style-unhide", "mso-style-qformat", "mso-style-next", "mso-style-locked", "mso-style-id",
    "mso-ansi-language", "mso-fareast-language", "mso-bidi-language", "mso-ligatures", "mso-no-proof",
    "mso-add-space", "mso-pagination", "mso-layout-grid-align", "mso-hyphenate", "mso-kerning",
    "mso-yfti-irow", "mso-yfti-firstrow", "mso-yfti-lastrow", "mso-yfti-tbllook", "mso-generic-font-family",
    "mso-font-charset", "mso-font-pitch", "mso-font-signature", "mso-table-layout-alt", "mso-width-source",
    "mso-height-source", "mso-bidi-font-weight", "mso-bidi-font-style", "mso-bidi-font-size",
    "mso-fareast-font-size", "mso-outline-level", "mso-bidi-theme-font"))
"""Bookkeeping, languages and complex-script (bidi) or East Asian run settings: a Latin or Cyrillic
approval is drawn alike whatever they say. Their values may be keywords and numbers only."""
FACES = frozenset(("mso-ascii-font-family", "mso-hansi-font-family", "mso-fareast-font-family",
                   "mso-bidi-font-family"))
"""Font fallbacks: `mso-ascii-font-family` and `mso-hansi-font-family` ARE the face of Latin and
Cyrillic letters in Word's renderer, so each face is checked as font-family's is."""
THEME = frozenset(("mso-ascii-theme-font", "mso-hansi-theme-font", "mso-fareast-theme-font"))
THEME_FACES = frozenset(("minor-latin", "major-latin", "minor-fareast", "major-fareast", "minor-bidi",
                         "major-bidi", "minor-hansi", "major-hansi"))
"""The theme's own text faces (a reply carries no theme of its own: a <link> to one is refused)."""
SPACING = frozenset(("mso-margin-top-alt", "mso-margin-bottom-alt", "mso-padding-alt", "mso-cellspacing",
                     "mso-para-margin", "mso-para-margin-top", "mso-para-margin-bottom"))
"""Alternative margins and paddings: `auto` or small lengths (Outlook writes `auto`, `0cm 5.4pt`)."""
MAX_SPACING_PX = 30.0
PAINTS = frozenset(("mso-highlight", "mso-shading", "mso-pattern", "mso-color-alt", "mso-border-alt",
                    "mso-border-top-alt", "mso-border-bottom-alt", "mso-border-left-alt",
                    "mso-border-right-alt", "mso-border-insideh", "mso-border-insidev",
                    "mso-border-shadow", "mso-border-themecolor", "mso-style-textfill-type",
                    "mso-style-textfill-fill-color", "mso-style-textfill-fill-alpha", "mso-font-width",
                    "mso-ansi-font-size", "mso-line-height-rule", "mso-line-height-alt",
                    "mso-text-animation", "mso-effects-shadow-color"))
"""How a box or its own letters are painted or sized: harmless away from the approval, able to
hide it on it (a highlight or a text fill in the text's colour, a 1% font width, a 1pt size)."""


def judge(name: str, tokens: list, px) -> tuple[str, str]:
    """(SAFE, PAINT or REFUSED, why) for one `mso-*` declaration; px: a length token in pixels."""
    if name in FACES:
        odd = approval_paint.odd_face(approval_paint.css_faces(tokens))
        return (REFUSED, f"sets {odd} in {name}") if odd else (SAFE, "")
    if name in THEME:
        plain = tokens and all(t.type == "ident" and t.lower_value in THEME_FACES for t in tokens)
        return (SAFE, "") if plain else (REFUSED, f"sets a face of its own in {name}")
    if name in SPACING:
        small = all((t.type == "ident" and t.lower_value == "auto")
                    or (t.type in ("dimension", "number") and 0 <= px(t) <= MAX_SPACING_PX) for t in tokens)
        return (SAFE, "") if small else (REFUSED, f"sets {name} to a negative or large value, which moves "
                                                  "text in Outlook")
    if name in KEYWORDS:
        plain = all(t.type in ("ident", "number", "dimension", "percentage", "hash")
                    or (t.type == "literal" and t.value == ",") for t in tokens)
        return (SAFE, "") if plain else (REFUSED, f"sets {name} to a value a reply has no need of")
    if name in PAINTS:
        return PAINT, name
    return REFUSED, (f"sets the Outlook property {name[:40]}, which Outlook may use to hide, move or add "
                     "text")


def refusal(view, persons: frozenset[str], cards: frozenset[str]) -> str | None:
    """Why a view (mail/message.View) is no approval: a line of its own text (the approval phrase, the
    hash, any clause but names, the company or a courtesy) holds text an Outlook property may paint
    away. A name in a highlighted signature cell still approves."""
    from contractkit.mail import sections as reply_sections
    from contractkit.mail import text as approval_text

    own = set(reply_sections.own_lines(view.text))
    for line, why in sorted(view.painted):
        if line in own and approval_text.signature_odd([line], persons, cards) is not None:
            shown = " ".join(line.split())[:120]
            return (f"not an approval: its {view.label} part sets {why} holding «{shown}», which Outlook "
                    "may paint otherwise than it is read (the approval's own text is read only as every mail "
                    "program shows it); read it and approve with --confirm")
    return None
