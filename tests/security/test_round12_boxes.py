"""Red team 12 (B01, B02, B06, B08) and review E16: the approval mail's boxes, and a typed name.

The README (section 8, "Approval by email") records a reply as the client's simple electronic
signature only when the HTML part shows the approval as it is read: crossed-out words are withdrawn
(the README's rule for <s> and line-through), covered or displaced words are not said. Each attack
mail below is the red team's; each is refused by a class rule of mail/boxes.py, not by its values:
text may not overflow a box with a set height (B01, B02), an inline box's background or border may
not reach over other lines (B06), boxes side by side add up to a row bounded by a window (B08). A
false refusal is safe (`approve --confirm`); the controls show the ordinary mail programs' HTML
still approves.

E16: a typed name closing an e-mail is what makes it signed (ESIGN 15 U.S.C. § 7006(5); J Pereira
Fernandes SA v Mehta [2006] EWHC 813 (Ch)): the From display name's or the signatory's words, also
transliterated (ü -> ue, ß -> ss, accents dropped), may close an approval; other words still refuse.
"""

from __future__ import annotations

import base64

import pytest

from contractkit.flows import approval
from contractkit.mail import html as approval_html
from contractkit.mail import names as approval_names
from tests.security.test_approvals_round7 import CARDS, SHEET, html, mail, refuses, text
from tests.security.test_round8 import APPLE, OUTLOOK
from tests.test_approval import CLIENT, Dns, dns  # noqa: F401 - fixtures

pytestmark = pytest.mark.security("approvals")

PHRASE = "Согласовываю документ cr-001-2026-031.pdf."
APPROVAL = f"{PHRASE}<br>SHA-256: {{sha}}"


def check(eml: bytes, resolver: Dns, names=("Кузнецова Марина Сергеевна",)):
    return approval.check_reply(eml, CLIENT, [SHEET], resolver, names=names, cards=CARDS)


def page(markup: str, resolver: Dns) -> bytes:
    return mail(html(markup), resolver)


ATTACKS = {
    # B01: the box is shorter than its line, the text overflows it under its own bottom border
    "B01 inline-block border": (f'<div><span style="display:inline-block;height:9px;border-bottom:2px solid '
                                f'#000">{PHRASE}</span></div><div>SHA-256: {{sha}}</div>', "overflows"),
    # B01: an <hr> right under a 9px-high block is drawn through its overflowing line
    "B01 hr": (f'<div style="height:9px">{PHRASE}</div><hr style="margin:0;border:0;border-top:2px solid #000">'
               '<div>SHA-256: {sha}</div>', "overflows"),
    "max-height": (f'<div style="max-height:12px">{APPROVAL}</div><hr>', "overflows"),
    "height in em": (f'<div style="height:1em;border-bottom:1px solid #000">{APPROVAL}</div>', "overflows"),
    "height in percent": (f'<div style="height:1%">{APPROVAL}</div>', "percent"),
    "a nested block's margin": (f'<div style="height:40px"><p style="margin-top:30px">{PHRASE}</p></div>'
                                '<div>SHA-256: {sha}</div>', "overflows"),
    "a style block's height": (f'<style>div {{height:1px}}</style><div>{APPROVAL}</div>', "height"),
    # B01 variant 3: a 10px parent's top border runs through its 32px child's letters, no height
    "B01 parent border": ('<div><span style="font-size:10px;border-top:2px solid #000"><span style="font-size:'
                          f'32px">{PHRASE}</span></span></div><div>SHA-256: {{sha}}</div>', "through the letters"),
    "a raised child in a bordered span": (f'<div>{APPROVAL}</div><span style="border-bottom:1px solid #000">'
                                          '<sup>Марина</sup></span>', "raises"),
    "an overline from a small parent": ('<div style="font-size:10px;text-decoration:overline"><span style='
                                        f'"font-size:32px">{APPROVAL}</span></div>', "overline"),
    # B02: a later white inline-block is painted over the text that overflows a 1px block
    "B02 covered": (f'<div style="height:1px">{APPROVAL}</div><div><span style="display:inline-block;'
                    'width:900px;height:60px;background-color:#ffffff">Спасибо!</span></div>', "overflows"),
    # B06: an inline span's vertical padding reaches up over the lines before it, no height needed
    "B06 padding": (f'<div>{APPROVAL}</div><div><span style="background-color:#fff;padding-top:60px;'
                    'padding-left:200px;padding-right:200px;font-size:40px">Спасибо, Марина</span></div>',
                    "beyond its line"),
    "B06 border": (f'<div>{APPROVAL}</div><span style="border-top:40px solid #fff">Марина</span>',
                   "beyond its line"),
    "B06 no padding": ('<div>' + APPROVAL + '</div><div style="line-height:13px"><span style="font-size:120px;'
                       'background-color:#fff">Спасибо</span></div>', "beyond its line"),
    "B06 a tall font on a short line": (f'<div style="line-height:13px">{APPROVAL}<br><span style="font-size:'
                                        '100px;background:#fff">М</span></div>', "beyond its line"),
    "B06 a style block's font on a line set as a length": ('<style>span {font-size:120px}</style><div>' + APPROVAL
                                                           + '</div><div style="line-height:20px"><span style='
                                                           '"background:#fff">М</span></div>', "beyond its line"),
    "B06 a style block's padding": (f'<style>span {{background:#fff;padding:0 0 60px}}</style><div>{APPROVAL}'
                                    '</div>', "vertical padding"),
    # B08: cells side by side, each under the window's width, add up beyond it
    "B08 width attributes": ('<table><tr><td width="900">Спасибо!</td><td width="900">&nbsp;</td><td>'
                             f'{APPROVAL}</td></tr></table>', "out of place"),
    "B08 style widths": ('<table><tr><td style="width:900px">Спасибо!</td><td style="width:900px">&nbsp;</td>'
                         f'<td>{APPROVAL}</td></tr></table>', "out of place"),
    "B08 six paddings": ("<table><tr>" + '<td style="padding-left:200px">&nbsp;</td>' * 6
                         + f"<td>{APPROVAL}</td></tr></table>", "out of place"),
    "B08 inline-blocks": ('<div><span style="display:inline-block;width:900px">Спасибо!</span><span '
                          'style="display:inline-block;width:900px"></span>' + f"{APPROVAL}</div>", "right by"),
    # a box narrower than a word: the word sticks out of it, where a float or inline-block beside it
    # (painted after it) may cover it; the 64-digit hash is about 600px wide
    "a word wider than its box": (f'<div style="width:200px">{APPROVAL}</div>', "overflows"),
    "a word across elements": ('<div style="max-width:100px">' + PHRASE + ' SHA-256: <b>{sha}</b></div>',
                               "overflows"),
    "a box wider than its box": (f'<div style="width:100px"><div style="width:900px">{APPROVAL}</div></div>',
                                 "overflows that box"),
    "a fixed table layout": ('<table style="table-layout:fixed;width:200px"><tr><td width="10">'
                             f'{APPROVAL}</td><td style="background:#fff">Спасибо!</td></tr></table>',
                             "fixed widths"),
}


@pytest.mark.parametrize("case", list(ATTACKS), ids=list(ATTACKS))
def test_covered_crossed_or_displaced_approvals_are_refused(case, dns):  # noqa: F811
    markup, words = ATTACKS[case]
    message = refuses(page(markup, dns), dns, words)
    assert "nothing was recorded" in message or "not an approval" in message


GMAIL = ('<div dir="ltr"><div>Согласовываю документ cr-001-2026-031.pdf.</div><div>SHA-256: {sha}</div><div>'
         '<span style="background-color:rgb(255,255,0)">Спасибо!</span></div><br clear="all"><div><div dir="ltr"'
         ' class="gmail_signature"><div dir="ltr"><table cellpadding="0" cellspacing="0"><tr><td width="60" '
         'style="padding-right:10px"><b>Марина</b></td><td style="border-left:1px solid #ccc;padding-left:10px">'
         'ООО «Ромашка»</td></tr></table></div></div></div></div>')
OUTLOOK_TABLE = ('<div class=WordSection1><p class=MsoNormal style="line-height:115%">' + PHRASE + ' SHA-256: {sha}'
                 '<o:p></o:p></p><table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0><tr style="'
                 'height:15.0pt"><td width=200 valign=top style="width:150.0pt;padding:0cm 5.4pt 0cm 5.4pt;height:'
                 '15.0pt"><p class=MsoNormal>Марина<o:p></o:p></p></td><td width=400 style="width:300.0pt;padding:'
                 '0cm 5.4pt 0cm 5.4pt"><p class=MsoNormal><span style="background:yellow;mso-highlight:yellow">'
                 'ООО «Ромашка»</span></p></td></tr></table></div>')
CONTROLS = {"Outlook": OUTLOOK, "Apple Mail": APPLE, "Gmail highlight and signature table": GMAIL,
            "Outlook signature table": OUTLOOK_TABLE,
            "a box tall enough": f'<div style="height:120px;border-bottom:1px solid #000">{APPROVAL}</div>',
            "a thin border on a span": f'<div>{APPROVAL}</div><span style="border:1px solid #000">Марина</span>',
            "Outlook's border:none span": (f'<div>{APPROVAL}</div><p><span style="border:none windowtext 1.0pt;'
                                           'padding:0cm"><span style="font-size:14.0pt">Марина</span></span></p>'),
            "a full-width box": f'<div style="width:100%;max-width:800px">{APPROVAL}</div>'}


@pytest.mark.parametrize("case", list(CONTROLS), ids=list(CONTROLS))
def test_ordinary_html_still_approves(case, dns):  # noqa: F811 - every refusal above is measured by these
    assert check(page(CONTROLS[case], dns), dns).change == "CR-001"


def test_the_box_rules_measure_lines_not_values():
    """The same height is refused or passed by how many lines it holds (one rule, not a value)."""
    one = approval_html.html_text('<div style="height:30px">Спасибо</div>')[1]
    three = approval_html.html_text('<div style="height:30px">Спасибо<br>Марина<br>Ромашка</div>')[1]
    assert one == [] and any("overflows" in p for p in three)
    assert approval_html.html_text('<div style="height:1px"></div><p>Спасибо</p>')[1] == []


def _encoded(words: str) -> str:
    return f"=?utf-8?b?{base64.b64encode(words.encode()).decode()}?="


SIGNED = f"{PHRASE}\nSHA-256: {{sha}}\n\nBest regards,\n{{name}}\n"


@pytest.mark.parametrize("typed", ["Stefan Müller", "Stefan Mueller", "Stefan Muller", "S. Müller"])
def test_e16_a_typed_name_closes_an_approval(typed, dns):  # noqa: F811
    body = text(SIGNED.replace("{name}", typed))
    eml = mail(body, dns, sender=f"{_encoded('Stefan Müller')} <{CLIENT}>")
    assert check(eml, dns, names=("Stefan Müller",)).change == "CR-001"


@pytest.mark.parametrize("typed", ["Stefan Schmidt", "Müller Abort", "Stefan Müller Später"])
def test_e16_other_words_in_the_closing_still_refuse(typed, dns):  # noqa: F811
    body = text(SIGNED.replace("{name}", typed))
    eml = mail(body, dns, sender=f"{_encoded('Stefan Müller')} <{CLIENT}>")
    with pytest.raises(approval.ApprovalError):
        check(eml, dns, names=("Stefan Müller",))


def test_e16_transliterations_are_the_signatorys_words():
    people = approval_names.person_words("Stefan Müller", "Hans Strauß")
    assert {"mueller", "muller", "müller", "strauss"} <= people
    assert "schmidt" not in people
