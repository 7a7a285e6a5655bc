"""Red team 12, B11: Outlook's own `mso-*` CSS in an approval reply.

The README (section 8, "Approval by email") records a reply as the client's simple electronic
signature (ГК РФ ст. 160 п. 2; 63-ФЗ ст. 6 п. 2) only when its HTML shows the approval as it is
read. Outlook honours `mso-*` properties the reader cannot render (a highlight or text fill in the
text's colour, a 1% font width, a raised run, a frame over other text, list markers), so they are
an allow-list, closed by design (mail/mso.py): bookkeeping, languages and font fallbacks pass
anywhere; paint (highlight, shading, colour-alt) passes on a name or the company in a signature, never
on the approval's own lines; anything else is refused wherever it stands. A real Outlook reply (the
markup Outlook 365 writes: "Microsoft Word 15 (filtered medium)") still approves.
"""

from __future__ import annotations

import pytest

from contractkit.flows import approval
from contractkit.mail import css as approval_css
from contractkit.mail import html as approval_html
from tests.security.test_approval_parts import leaf, multi
from tests.security.test_approvals_round7 import APPROVES, CARDS, SHEET, html, mail, text
from tests.test_approval import CLIENT, Dns, dns  # noqa: F401 - fixtures

pytestmark = pytest.mark.security("approvals")

PHRASE = "Согласовываю документ cr-001-2026-031.pdf."

OUTLOOK_REPLY = """<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" \
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" \
xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="Generator" content="Microsoft Word 15 (filtered medium)">
<style><!--
/* Font Definitions */
@font-face
	{font-family:"Cambria Math";
	panose-1:2 4 5 3 5 4 6 3 2 4;}
@font-face
	{font-family:Calibri;
	panose-1:2 15 5 2 2 2 4 3 2 4;}
@font-face
	{font-family:Aptos;}
/* Style Definitions */
p.MsoNormal, li.MsoNormal, div.MsoNormal
	{margin:0cm;
	font-size:11.0pt;
	font-family:"Calibri",sans-serif;
	mso-ligatures:standardcontextual;
	mso-fareast-language:EN-US;}
a:link, span.MsoHyperlink
	{mso-style-priority:99;
	color:#0563C1;
	text-decoration:underline;}
p.xmsonormal, li.xmsonormal, div.xmsonormal
	{mso-style-name:x_msonormal;
	mso-margin-top-alt:auto;
	margin-right:0cm;
	mso-margin-bottom-alt:auto;
	margin-left:0cm;
	font-size:11.0pt;
	font-family:"Calibri",sans-serif;}
span.EmailStyle19
	{mso-style-type:personal-reply;
	font-family:"Calibri",sans-serif;
	color:windowtext;}
.MsoChpDefault
	{mso-style-type:export-only;
	font-size:10.0pt;
	mso-ligatures:none;
	mso-fareast-language:EN-US;}
@page WordSection1
	{size:612.0pt 792.0pt;
	margin:72.0pt 72.0pt 72.0pt 72.0pt;}
div.WordSection1
	{page:WordSection1;}
--></style><!--[if gte mso 9]><xml>
<o:shapedefaults v:ext="edit" spidmax="1026" />
</xml><![endif]--><!--[if gte mso 9]><xml>
<o:shapelayout v:ext="edit">
<o:idmap v:ext="edit" data="1" />
</o:shapelayout></xml><![endif]-->
</head>
<body lang="RU" link="#0563C1" vlink="#954F72" style="word-wrap:break-word">
<div class="WordSection1">
<p class="MsoNormal"><span style="mso-fareast-language:EN-US">{approval}<o:p></o:p></span></p>
<p class="MsoNormal"><span style="mso-fareast-language:EN-US">SHA-256: {sha}<o:p></o:p></span></p>
<p class="MsoNormal"><span style="mso-fareast-language:EN-US"><o:p>&nbsp;</o:p></span></p>
<table class="MsoNormalTable" border="0" cellspacing="0" cellpadding="0" style="border-collapse:collapse">
<tr style="mso-yfti-irow:0;mso-yfti-firstrow:yes;mso-yfti-lastrow:yes">
<td width="200" valign="top" style="width:150.0pt;padding:0cm 5.4pt 0cm 5.4pt;mso-padding-alt:0cm 5.4pt 0cm 5.4pt">
<p class="MsoNormal"><b><span style="font-family:&quot;Arial&quot;,sans-serif;mso-fareast-font-family:&quot;Times New \
Roman&quot;;mso-ansi-language:RU">Марина</span></b><o:p></o:p></p></td>
<td width="300" valign="top" style="width:225.0pt;padding:0cm 5.4pt 0cm 5.4pt">
<p class="MsoNormal"><span style="background:yellow;mso-highlight:yellow;mso-ligatures:none">ООО «Ромашка»</span>\
<o:p></o:p></p></td></tr></table>
<p class="MsoNormal" style="mso-margin-top-alt:auto;mso-margin-bottom-alt:auto"><o:p>&nbsp;</o:p></p>
</div>
</body>
</html>"""


def reply(markup: str, approval_text: str = PHRASE, end: bool = False) -> str:
    """The Outlook reply with markup added at the top of its body (or at its end)."""
    where = "</div>\n</body>" if end else '<div class="WordSection1">'
    added = markup + where if end else where + markup
    return OUTLOOK_REPLY.replace("{approval}", approval_text).replace(where, added, 1)


def outlook(markup: str, resolver: Dns, approval_text: str = PHRASE, end: bool = False) -> bytes:
    """Outlook's multipart/alternative: its text/plain and the HTML above."""
    return mail(multi("alternative", text(APPROVES), leaf("text/html", reply(markup, approval_text, end))),
                resolver)


def check(eml: bytes, resolver: Dns):
    return approval.check_reply(eml, CLIENT, [SHEET], resolver, names=("Кузнецова Марина Сергеевна",),
                                cards=CARDS)


def refused(eml: bytes, resolver: Dns) -> str:
    with pytest.raises(approval.ApprovalError) as caught:
        check(eml, resolver)
    message = caught.value.message
    assert "not an approval" in message and "\n" not in message
    return message


def test_a_real_outlook_reply_still_approves(dns):  # noqa: F811 - the control every refusal is measured by
    assert check(outlook("", dns), dns).change == "CR-001"


ON_THE_APPROVAL = {  # paint that Outlook draws and the reader cannot: on the approval's own line
    "mso-highlight in the text's colour": '<span style="mso-highlight:black">{p}</span>',
    "mso-color-alt": '<span style="mso-color-alt:white">{p}</span>',
    "mso-shading": '<span style="mso-shading:white">{p}</span>',
    "a 1% font width": '<span style="mso-font-width:1%">{p}</span>',
    "a 1pt ANSI size": '<span style="mso-ansi-font-size:1.0pt">{p}</span>',
    "a text fill": '<span style="mso-style-textfill-fill-color:white">{p}</span>',
    "on the paragraph that holds it": '<span style="mso-line-height-rule:exactly">{p}</span>',
}


@pytest.mark.parametrize("case", list(ON_THE_APPROVAL), ids=list(ON_THE_APPROVAL))
def test_paint_on_the_approval_is_refused_naming_property_and_element(case, dns):  # noqa: F811
    painted = ON_THE_APPROVAL[case].replace("{p}", PHRASE)
    message = refused(outlook("", dns, painted), dns)
    prop = painted.split('style="')[1].split(":")[0]
    assert prop in message and "<span>" in message and "Outlook" in message


ANYWHERE = {  # properties that move a box over the approval or add text: refused wherever they stand
    "a frame": '<div style="mso-element:frame;mso-element-left:0;mso-element-top:-40pt">Марина</div>',
    "a raised run": '<p><span style="mso-text-raise:24.0pt">Марина</span></p>',
    "a list marker": '<p style="mso-list:l0 level1 lfo1">Марина</p>',
    "a field": '<p><span style="mso-element:field-begin"></span>Марина</p>',
    "a symbol run": '<p><span style="mso-char-type:symbol;mso-symbol-font-family:Wingdings">Марина</span></p>',
    "a symbol font for Latin letters": '<p><span style="mso-ascii-font-family:Wingdings">Марина</span></p>',
    "a large alternative padding": '<p style="mso-padding-alt:0 0 0 4000px">Марина</p>',
    "a negative alternative margin": '<p style="mso-margin-top-alt:-60pt">Марина</p>',
    "an unknown property": '<p style="mso-whatever-comes-next:1">Марина</p>',
    "paint in a style block": '<style>p.MsoNormal {mso-highlight:white}</style><p>Марина</p>',
}


@pytest.mark.parametrize("case", list(ANYWHERE), ids=list(ANYWHERE))
def test_an_unvouched_outlook_property_anywhere_is_refused(case, dns):  # noqa: F811
    message = refused(outlook(ANYWHERE[case], dns), dns)
    assert "mso-" in message


def test_paint_on_a_signature_name_still_approves_but_not_on_a_clause(dns):  # noqa: F811
    assert "mso-highlight:yellow;mso-ligatures:none\">ООО «Ромашка»" in OUTLOOK_REPLY  # a painted signature cell
    assert check(outlook("", dns), dns).change == "CR-001"
    plain = '<p class="MsoNormal"><span>Спасибо!</span></p>'
    assert check(outlook(plain, dns), dns).change == "CR-001"
    courtesy = '<p class="MsoNormal"><span style="mso-highlight:yellow">Спасибо!</span></p>'
    assert check(outlook(courtesy, dns), dns).change == "CR-001"  # a courtesy's paint hides no approval
    hashed = reply("").replace('<span style="mso-fareast-language:EN-US">SHA-256',
                               '<span style="mso-highlight:black">SHA-256')
    eml = mail(multi("alternative", text(APPROVES), leaf("text/html", hashed)), dns)
    assert "mso-highlight on a <span>" in refused(eml, dns)


def test_the_verdicts_of_outlook_properties():
    safe = ("mso-style-priority:99; mso-fareast-language:EN-US; mso-ligatures:none; mso-margin-top-alt:auto; "
            'mso-fareast-font-family:"Times New Roman"; mso-ascii-theme-font:minor-latin; '
            "mso-padding-alt:0cm 5.4pt 0cm 5.4pt; mso-yfti-irow:0")
    assert approval_css.style_attribute(safe).kind == approval_css.OK
    assert approval_css.style_attribute("mso-highlight:yellow").kind == approval_css.PAINTS
    assert approval_css.style_attribute("mso-highlight:yellow;mso-hide:all").kind == approval_css.HIDES
    assert approval_css.style_attribute("mso-element:frame").kind == approval_css.REFUSED
    lines, problems = approval_html.html_text('<p><span style="mso-highlight:yellow">Марина</span></p>')
    assert problems == [] and approval_html.html_painted(
        '<p><span style="mso-highlight:yellow">Марина</span></p>') == {("Марина", "mso-highlight on a <span>")}


def test_a_plain_html_reply_is_unchanged(dns):  # noqa: F811
    assert check(mail(html(f"<p>{PHRASE}</p><p>SHA-256: {{sha}}</p><p>Марина</p>"), dns), dns).change == "CR-001"
