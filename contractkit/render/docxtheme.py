"""Theme colours of a Word template: what Word draws for a run's w:themeColor, whatever its w:val
says (red team 14, B12), for render/docxlayout.py's contrast checks."""

from __future__ import annotations

import re

THEME = "\1"
"""Before a theme colour in docxparts._shaded_styles' entries ("\1accent1=4F81BD"): XML text never
holds the character, so no style id is taken for one."""
SLOTS = {"text1": "dk1", "dark1": "dk1", "background1": "lt1", "light1": "lt1", "text2": "dk2",
         "dark2": "dk2", "background2": "lt2", "light2": "lt2", "hyperlink": "hlink",
         "followedHyperlink": "folHlink", **{f"accent{n}": f"accent{n}" for n in range(1, 7)}}
"""w:themeColor's values -> the theme's colour slots (with the default colour mapping, the only
one taken: remapped)."""
MAPPING = {"bg1": "light1", "t1": "dark1", "bg2": "light2", "t2": "dark2", "hyperlink": "hyperlink",
           "followedHyperlink": "followedHyperlink", **{f"accent{n}": f"accent{n}" for n in range(1, 7)}}


def theme_colours(root) -> frozenset[str]:
    """A theme part's colour scheme as THEME entries ("\1dk1=000000"): the colours Word draws for
    a run's w:themeColor, whatever its w:val says (red team 14, B12)."""
    from contractkit.render.docxxml import local

    found: set[str] = set()
    for scheme in root.iter("{*}clrScheme"):
        for slot in scheme:
            if not isinstance(slot.tag, str):
                continue
            for colour in slot:
                kind = local(colour.tag) if isinstance(colour.tag, str) else ""
                value = (attr(colour, "val") if kind == "srgbClr" else
                         attr(colour, "lastClr") if kind == "sysClr" else "").strip().upper()
                if re.fullmatch(r"[0-9A-F]{6}", value):
                    found.add(f"{THEME}{local(slot.tag)}={value}")
        break  # a theme has one colour scheme
    return frozenset(found)


def themed(el, colour: str, shaded: frozenset[str]) -> list[str]:
    """The colours Word may draw for a w:color's theme colour (from the package's themes; without
    one, `val` for a dark or accent slot and white for a light one), tinted or shaded."""
    name = attr(el, "themeColor").strip()
    if not name:
        return []
    slot = SLOTS.get(name, "")
    bases = [e.split("=", 1)[1] for e in shaded if e.startswith(f"{THEME}{slot}=")]
    bases = bases or ["FFFFFF" if slot in ("lt1", "lt2") or not slot else colour]
    return [tinted(b, attr(el, "themeTint").strip(), attr(el, "themeShade").strip()) for b in bases]


def tinted(colour: str, tint: str, shade: str) -> str:
    """A theme colour lightened by themeTint or darkened by themeShade (hex 00-FF, ECMA-376
    17.3.2.6: the luminance moved towards white, or scaled towards black)."""
    import colorsys

    hue, light, sat = colorsys.rgb_to_hls(*(int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)))
    if re.fullmatch(r"[0-9A-Fa-f]{2}", tint):
        light = light * int(tint, 16) / 255 + (1 - int(tint, 16) / 255)
    if re.fullmatch(r"[0-9A-Fa-f]{2}", shade):
        light = light * int(shade, 16) / 255
    return "".join(f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(hue, light, sat))


def remapped(el) -> str | None:
    """A colour mapping other than Word's own makes "text" colours draw as another slot (text1 as
    white): only the default mapping is taken."""
    odd = next((k for k, v in el.attrib.items()
                if MAPPING.get(k.rsplit("}", 1)[-1], v) != v), None)
    if odd is None:
        return None
    return f"a theme colour mapping that draws {odd.rsplit('}', 1)[-1]} as {el.attrib[odd]}"


def attr(el, name: str) -> str:
    """An attribute's value by its local name, whatever its namespace ("" if none)."""
    return next((v for k, v in el.attrib.items() if k.rsplit("}", 1)[-1] == name), "")
