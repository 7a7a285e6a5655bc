"""Russian findings of review-ru12 (issue 24), each checked in `check`'s output or the rendered text."""

import re
from pathlib import Path

from tests.conftest import run


def _keyed(account19: str, bik: str) -> str:
    """A 20-digit account with its control key (position 9) computed for the БИК (ЦБ РФ 579-П)."""
    from contractkit.model.ids import _account_ok

    for key in "0123456789":
        account = account19[:8] + key + account19[8:]
        if _account_ok(bik[-3:], account):
            return account
    raise AssertionError("no key")


def test_a_euro_contract_needs_the_contractors_euro_account(tmp_path):
    """Digits 6-8 of a Russian account are its currency (Положение Банка России № 809-П, часть II,
    п. 1.2): «расчёты … в евро» to a rouble account 40817810… cannot be performed as written, so
    `check` refuses it, naming the file, line and field (review-ru12, R5)."""
    source = (Path(__file__).parent / "data" / "ru-2-vector-brand.yaml").read_text(encoding="utf-8")
    assert source.count("currency: RUB") == 1
    folder = tmp_path / "p"
    folder.mkdir()
    text = source.replace("currency: RUB", "currency: EUR")
    (folder / "project.yaml").write_text(text, encoding="utf-8")
    line = text.splitlines().index('    account: "40817810500001234567"') + 1
    out = run("check", folder, ok=False).output
    assert f"project.yaml:{line}" in out and "contractor.bank.account" in out, out
    assert "40817810… is a RUB account (currency code 810 in digits 6-8), but the contract is in EUR" in out
    assert "Traceback" not in out
    euro = _keyed("4081797850000123456", "044525974")
    (folder / "project.yaml").write_text(text.replace("40817810500001234567", euro), encoding="utf-8")
    run("check", folder)


def test_a_consumer_contract_takes_the_consumer_law_throughout(tmp_path):
    """A private client (Закон РФ «О защите прав потребителей»): having left the venue to the
    consumer (ст. 17), the contract must not keep what the same law voids: the delay penalty is the
    law's 3 % a day up to the stage's price (ст. 28 п. 5; a lower one is void, ст. 16 п. 1; Пленум
    ВС РФ № 17, п. 34), no cap on liability (ГК РФ ст. 400 п. 2), refusal at any time for the
    expenses (ст. 32), any defect grounds a refusal (ст. 29) (review-ru12, R23)."""
    import git

    from tests.readback import normal, pdf_pages

    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "project.yaml").write_text((Path(__file__).parent / "data" / "ru-12-consumer.yaml")
                                         .read_text(encoding="utf-8"), encoding="utf-8")
    with git.Repo.init(folder, initial_branch="main") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("project")
    run("render", folder, "--doc", "contract", "--format", "pdf")
    text = normal(" ".join(pdf_pages(str(next((folder / "out").glob("contract-*.pdf"))))))
    law = "Закона Российской Федерации от 07.02.1992 № 2300-1 «О защите прав потребителей»"
    assert ("уплаты неустойки в размере трёх процентов от стоимости этапа, сроки которого нарушены, за каждый "
            "день просрочки, но не более стоимости этого этапа (пункт 5 статьи 28 " + law + ")") in text
    assert "0,1 % от стоимости этапа" not in text
    assert "Совокупная ответственность Подрядчика" not in text
    assert ("Заказчик вправе в любое время отказаться от исполнения Договора, письменно уведомив Подрядчика, при "
            "условии оплаты Подрядчику фактически понесённых им расходов, связанных с исполнением обязательств "
            "по Договору (статья 32 " + law + ")") in text
    assert "может основываться только на несоответствии" not in text
    assert "и на иных его недостатках (статья 29 " + law + ")" in text
    # the late-payment penalty on the client stays as agreed
    assert "За просрочку оплаты Подрядчик вправе потребовать от Заказчика уплаты неустойки в размере 0,1 %" in text


def test_a_separate_support_contract_is_a_contract_of_its_own(tmp_path):
    """support.document: separate makes a contract of its own, not a schedule with no parties: its
    number, place and date, the parties' preamble, the terms of the main contract it adopts as
    agreed terms (ГК РФ ст. 421 п. 4, ст. 432 п. 1), when it is concluded (ст. 433 п. 1), the
    requisites and signatures; the main contract names it (review-ru12, R24)."""
    import git

    from tests.readback import normal, pdf_pages

    source = (Path(__file__).parents[1] / "projects" / "romashka-site" / "project.yaml").read_text(encoding="utf-8")
    assert source.count("  document: annex") == 1
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "project.yaml").write_text(source.replace("  document: annex", "  document: separate"),
                                         encoding="utf-8")
    with git.Repo.init(folder, initial_branch="main") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("project")
    run("render", folder, "--doc", "contract", "--format", "pdf")
    run("render", folder, "--doc", "support", "--format", "pdf")
    out = folder / "out"
    contract = normal(" ".join(pdf_pages(str(next(out.glob("contract-*.pdf"))))))
    support = normal(" ".join(pdf_pages(str(next(out.glob("support-*.pdf"))))))
    number = re.search(r"ДОГОВОР [А-ЯЁ ]+ № (\S+)", contract).group(1)
    assert f"на основании отдельного договора № {number}/П возмездного оказания услуг по поддержке «" in contract
    assert f"ДОГОВОР № {number}/П ВОЗМЕЗДНОГО ОКАЗАНИЯ УСЛУГ ПО ПОДДЕРЖКЕ «" in support
    assert f"Договор № {number}/П от " in support  # the running head names it, not the main contract
    assert "именуем" in support and "совместно именуемые «Стороны», заключили настоящий договор (далее — " \
                                     "«Договор о поддержке») в связи с договором" in support
    assert "(далее — «Основной договор») о нижеследующем" in support
    assert ("применяются как согласованные ими условия положения Основного договора о порядке обмена "
            "сообщениями и документами и об электронной подписи, об ответственности Сторон") in support
    assert "(пункт 1 статьи 433 Гражданского кодекса Российской Федерации)" in support
    assert "АДРЕСА, РЕКВИЗИТЫ И ПОДПИСИ СТОРОН" in support and "БИК" in support and "ИНН" in support
    assert "Дата подписания:" in support
