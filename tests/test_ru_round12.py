"""Russian findings of review-ru12 (issue 24), each checked in `check`'s output or the rendered text."""

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
