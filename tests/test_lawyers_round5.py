"""Issue 24, the latest lawyers' review (review-ru3, review-en3): critical and major points, read
back from the rendered documents."""

import pytest

from tests.test_ru_clauses import RU1, RU2, rendered

GK = "Гражданского кодекса Российской Федерации"


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_ru_client_may_publish_results_under_a_free_licence_before_the_right_passes(tmp_path, fmt):
    """ГК РФ ст. 1229, 1270: publishing a result whose exclusive right has not passed infringes it,
    yet publication is an acceptance criterion; ст. 1235, 1286: a simple (non-exclusive) licence,
    expressly free (п. 5 ст. 1235), with its territory, covers it until the right passes."""
    for project, party in ((RU1, "Исполнитель"), (RU2, "Подрядчик")):  # RU-2 is a подряд (ГК РФ ст. 702)
        text = rendered(project, "contract", fmt, tmp_path)
        assert "только для ознакомления" not in text
        assert ("С даты передачи Результата этапа на приёмку до перехода исключительного права на него "
                f"{party} предоставляет Заказчику безвозмездную простую (неисключительную) лицензию на "
                "использование этого Результата на территории всего мира путём воспроизведения и доведения до "
                "всеобщего сведения, в том числе размещения в сети «Интернет» "  # app stores: only for a program
                f"(статьи 1235, 1286 {GK})") in text


# --- 2. UK VAT: none on a supply abroad; the reg. 14 particulars where it is due ------------------

def _design(ws, client_in_london: bool):
    """The London design studio of tests/data, VAT-registered at 20%; its client in San Francisco
    or (client_in_london) in London."""
    import git

    from tests.test_en_review5 import DESIGN

    text = DESIGN.read_text(encoding="utf-8").replace(
        "# tax:                  # VAT-registered: regime: general, vat: 20\n#   regime: general\n#   vat: 20",
        "tax:\n  regime: general\n  vat: 20")
    assert "\n  vat: 20" in text
    if client_in_london:
        text = text.replace("200 Mission Street, San Francisco, CA 94105, USA",
                            "5 Strand, London WC2N 5AF, United Kingdom")
    path = ws / ("uk-client" if client_in_london else "us-client")
    path.mkdir()
    (path / "project.yaml").write_text(text, encoding="utf-8")
    with git.Repo.init(path, initial_branch="main") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("design")
    return path


def test_check_warns_of_uk_vat_on_services_to_a_business_abroad(ws):
    """VATA 1994 s.7A(2)(a): services to a business customer are supplied where the customer
    belongs, outside the scope of UK VAT; VAT shown on an invoice is owed anyway (Sch. 11 para. 5(2))."""
    from tests.conftest import run
    from tests.test_billing import flat

    out = flat(run("check", _design(ws, False)).output)
    assert "UK VAT on services to a business client outside the UK" in out
    assert "VATA 1994 s.7A(2)(a)" in out and "remove tax.vat" in out
    assert "UK VAT on services" not in flat(run("check", _design(ws, True)).output)


def test_uk_vat_invoice_has_the_reg_14_particulars_and_the_contract_says_being(ws):
    """VAT Regulations 1995 reg. 14(1): net amount, rate and amount of VAT, total, time of supply
    (tax point; VATA 1994 s.6(4): the invoice date when issued before payment); and the contract's
    "including VAT at 20%, being £…" cannot be read as 20% of that sum."""
    from pypdf import PdfReader

    from tests.conftest import run
    from tests.readback import docx_text, normal

    path = _design(ws, True)
    run("sign", path, "--date", "2026-12-06")
    run("invoice", path, "1", "--date", "2026-12-07", "--format", "pdf")
    pdf = next((path / "out").glob("invoice-*.pdf"))
    text = normal(" ".join(p.extract_text() for p in PdfReader(str(pdf)).pages))
    assert "Outside the scope of UK VAT" not in text
    import re
    net, vat, total = (re.search(rf"{label} £([\d,]+\.\d\d)", text) for label in
                       ("Net amount", "VAT at 20%", "Total including VAT"))
    assert net and vat and total, text
    figures = [float(m.group(1).replace(",", "")) for m in (net, vat, total)]
    assert round(figures[0] + figures[1], 2) == figures[2] and round(figures[0] * 0.2, 2) == figures[1]
    assert "Tax point 7 December 2026" in text
    run("render", path, "--doc", "contract", "--format", "docx", "--out", path / "draft")
    contract = normal(docx_text(next((path / "draft").glob("contract-*.docx"))))
    assert re.search(r"including VAT at 20%, being £[\d,]+\.\d\d", contract)
    assert "of VAT at 20% of" not in contract and not re.search(r"VAT at 20% of £", contract)


# --- 3. ОСН: the VAT within each payment ---------------------------------------------------------

@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_ru_vat_payer_states_the_vat_within_each_payment_of_the_schedule(tmp_path, fmt):
    """НК РФ п. 4 ст. 168: a VAT payer states the VAT in its settlement documents; the payment
    annex gives it per payment, and the lines add up to the total's VAT (the last takes the
    remainder of the rounding)."""
    import re
    from decimal import Decimal

    text = rendered(RU1.replace("  regime: usn ", "  regime: general\n  vat: 22 #", 1), "payments", fmt, tmp_path)
    rub = r"([\d\s]+) \([^)]*\) рубл\w+ (\d\d) копе\w+"
    rows = re.findall(rf"\d\. {rub} \(в том числе НДС 22 % — {rub}\) —", text)
    total = re.search(rf"Итого: {rub}, в том числе НДС 22 % — {rub}\.", text)
    assert len(rows) == 2 and total, text

    def num(whole, kop):
        return Decimal(re.sub(r"\s", "", whole) + "." + kop)
    assert sum(num(*r[2:]) for r in rows) == num(*total.groups()[2:])
    for r in rows:
        assert (num(*r[:2]) * 22 / 122).quantize(Decimal("0.01")) == num(*r[2:])


def test_ru_vat_payer_states_the_vat_in_the_change_request_and_the_addendum(ws):
    """НК РФ п. 4 ст. 168: the VAT within the price increase, each new payment and the rate for
    extra work (a rate net of VAT says VAT comes on top)."""
    import re
    from decimal import ROUND_HALF_UP, Decimal
    from pathlib import Path

    from tests.conftest import run
    from tests.readback import docx_text, normal
    from tests.scenario_edits import RU_BLOG, RU_CONTENT, RU_CONTENT_30
    from tests.test_workflow import edit

    run("new", "romashka", "--from-example", "romashka-site")
    project = ws / "romashka" / "project.yaml"
    edit(project, "  regime: usn ", "  regime: general\n  vat: 22 #")
    import git
    with git.Repo(project.parent) as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("ОСН")
    run("sign", "romashka", "--date", "2026-12-01")
    edit(project, RU_CONTENT, RU_CONTENT_30 + RU_BLOG)
    out = run("change", "romashka", "-m", "Блог", "--requested-on", "2026-12-10", "--estimate").output
    cr = normal(docx_text(next(Path(p) for p in out.split() if p.endswith(".docx"))))
    out = run("addendum", "romashka", "--date", "2026-12-15", "--format", "docx").output
    addendum = normal(docx_text(next(Path(p) for p in out.split() if p.endswith(".docx"))))

    def vat_of(whole):
        return (Decimal(re.sub(r"\s", "", whole)) * 22 / 122).quantize(Decimal("0.01"), ROUND_HALF_UP)

    def rub(d):
        return f"{int(d):,}".replace(",", " ") + f" (.*?) рубл\\w+ {str(d)[-2:]} копе\\w+"
    increase = re.search(r"увеличение на ([\d\s]+) \(", cr)
    assert increase, cr
    assert re.search(rf"увеличение на .*?\(в том числе НДС 22 % — {rub(vat_of(increase.group(1)))}\)", cr)
    assert "(без учёта НДС 22 %, который начисляется сверх ставки)" in cr
    assert re.search(rf"увеличить цену Договора на .*?\(в том числе НДС 22 % — {rub(vat_of(increase.group(1)))}\)",
                     addendum), addendum
    extra = re.search(r"\d % — ([\d\s]+) \([^)]*\) рубл\w+ (\d\d) копе\w+ \(в том числе НДС 22 % — ([\d\s]+) "
                      r"\([^)]*\) рубл\w+ (\d\d) копе\w+\) — в течение", addendum)
    assert extra, addendum
    amount, vat = (re.sub(r"\s", "", extra.group(i)) + "." + extra.group(i + 1) for i in (1, 3))
    assert vat_of(amount) == Decimal(vat)


# --- 4. a record of the client's remarks is a rejection, not an acceptance certificate -----------

def test_remarks_record_is_a_notice_of_rejection_that_accepts_nothing(ws):
    """EN: the Agreement's Section 4.2 (a written rejection listing the defects); the record accepts
    nothing, so it is not titled an acceptance certificate. RU: ГК РФ ст. 720, 753: «Акт о
    замечаниях» states that the result is not accepted."""
    from tests.conftest import run
    from tests.test_billing import example
    from tests.test_billing_acts import texts

    path = example(ws, "blue-harbor-shop", "harbor")
    run("sign", path, "--date", "2026-11-30")
    run("paid", path, "prepayment", "--date", "2026-12-02")
    run("accept", path, "discovery", "--date", "2026-12-03", "--remark", "No sitemap",
        "--fix-by", "2026-12-10")  # §4.4: 5 business days (round 9, M8)
    text, _ = texts(path, "act-1-NW-2026-11", "Agreement No. NW-2026-11 dated November 30, 2026", "Page")
    assert "NOTICE OF REJECTION (Section 4.2) under Agreement No. NW-2026-11" in text
    # the Client's own notice, not a bilateral document (round 8, M5)
    assert "ACCEPTANCE CERTIFICATE" not in text and "gives this notice on" in text
    assert "The milestones listed above are not accepted" in text
    assert "This notice may be signed in counterparts" not in text

    from tests.test_ru_round4 import vector
    ru = vector(ws)
    run("sign", ru, "--date", "2027-03-01")
    run("accept", ru, "logo", "--date", "2027-03-11", "--remark", "Мелкий шрифт", "--fix-by", "2027-03-16")
    text, _ = texts(ru, "act-1-Д-2027-014", "Договор № Д-2027-014 от 1 марта 2027 г.", "Страница")
    assert "АКТ № 1 о замечаниях при приёмке работ" in text
    assert "1. Подрядчик передал Заказчику для приёмки результат следующих работ" in text
    assert "Результат работ, указанных в пункте 1 настоящего Акта, Заказчиком не принят." in text


# --- 5. the right to suspend for non-payment that the claim reserves -----------------------------

def test_en_contract_gives_the_suspension_for_non_payment_the_claim_reserves(ws):
    """A claim may reserve only a right the Agreement gives: Section 3 lets the Contractor suspend
    the Work when an undisputed amount is unpaid 7 days after written notice, deadlines moving by
    the suspension; the claim cites that clause."""
    import re

    from tests.conftest import run
    from tests.readback import docx_text, normal
    from tests.test_en_review5 import SHOP, repo_of

    path = repo_of(ws, SHOP)
    run("render", path, "--doc", "contract", "--format", "docx", "--out", path / "draft")
    contract = normal(docx_text(next((path / "draft").glob("contract-*.docx"))))
    found = re.search(r"(3\.\d+)\. If any undisputed amount remains unpaid 7 calendar days after the Client "
                      r"receives the Contractor’s written notice of the non-payment, the Contractor may suspend "
                      r"the Work until that amount is paid; all deadlines move by the period of suspension\.",
                      contract)
    assert found, contract
    run("sign", path, "--date", "2026-12-07")
    run("claim", path, "--date", "2027-01-10", "--format", "docx")
    letter = normal(docx_text(next((path / "out").glob("letter-*-claim-*.docx"))))
    assert (f"including to suspend the Work under Section {found.group(1)} of the Agreement, to terminate the "
            "Agreement") in letter
