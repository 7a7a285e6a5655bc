import pytest

from contractkit.model import ids

VALID = [
    (ids.check_inn, "7714567895"), (ids.check_inn, "502912345634"),
    (ids.check_ogrn, "1127746123450"), (ids.check_ogrnip, "316502900012348"),
    (ids.check_kpp, "771401001"), (ids.check_bik, "044525225"),
]


@pytest.mark.parametrize(("check", "value"), VALID)
def test_valid_numbers_pass(check, value):
    assert check(value) == value


@pytest.mark.parametrize(("check", "value", "words"), [
    (ids.check_inn, "7714567894", "control digit"),
    (ids.check_inn, "502912345635", "control digit"),
    (ids.check_inn, "77145678", "10 or 12 digits"),
    (ids.check_ogrn, "1127746123451", "control digit"),
    (ids.check_ogrnip, "316502900012349", "control digit"),
    (ids.check_kpp, "77140100", "9 characters"),
    (ids.check_bik, "144525225", "start with 04"),
])
def test_invalid_numbers_say_why(check, value, words):
    with pytest.raises(ValueError, match=words):
        check(value)


def test_accounts_are_keyed_to_the_bik():
    ids.check_account("40702810938000012345", "044525225")
    ids.check_correspondent_account("30101810400000000225", "044525225")
    with pytest.raises(ValueError, match="does not match БИК"):
        ids.check_account("40702810938000012346", "044525225")
    with pytest.raises(ValueError, match="does not match БИК"):
        ids.check_correspondent_account("30101810400000000226", "044525225")
