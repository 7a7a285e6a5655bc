"""Every bad input gets one located line per problem, exit 1, and no traceback."""

import re

import pytest

from tests.conftest import copy_example, run


@pytest.fixture
def project(ws):
    path = copy_example("romashka-site", ws / "p")
    return path


def edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path.read_text(encoding="utf-8")


def line_of(text, needle):
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def errors(path):
    result = run("check", path.parent, ok=False)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines and all(not line.startswith("Traceback") for line in lines)
    return lines


def test_valid_example_passes(project):
    assert "valid" in run("check", project.parent).output


def test_malformed_yaml(project):
    text = edit(project, "title: Корпоративный сайт", "title: [Корпоративный сайт")
    (err,) = errors(project)
    assert err.startswith(f"project.yaml:{line_of(text, 'language: ru') }:")
    assert "invalid YAML" in err


def test_unknown_key_suggests_the_right_one(project):
    text = edit(project, "    price: 75000", "    prise: 75000")
    (err,) = errors(project)
    assert err == (f"project.yaml:{line_of(text, 'prise')}:5: deliverables[1]: "
                   "unknown key 'prise' (did you mean 'price'?)")


def test_wrong_type(project):
    text = edit(project, "    days: 10", "    days: ten")
    (err,) = errors(project)
    assert err.startswith(f"project.yaml:{line_of(text, 'days: ten')}:11: deliverables[1].days: ")
    assert "must be a valid integer" in err


def test_missing_required_field(project):
    edit(project, "  number: 2026-031\n", "")
    (err,) = errors(project)
    assert re.fullmatch(r"project\.yaml:\d+:\d+: contract\.number: required field is missing", err)


@pytest.mark.parametrize("price", ["0", "-5000"])
def test_zero_or_negative_price(project, price):
    text = edit(project, "    price: 75000", f"    price: {price}")
    (err,) = errors(project)
    assert err == (f"project.yaml:{line_of(text, 'price: ' + price)}:12: "
                   "deliverables[1].price: must be greater than 0")


def test_prepayment_over_100_percent(project):
    text = edit(project, "    - percent: 50\n      on: signing", "    - percent: 150%\n      on: signing")
    errs = errors(project)
    assert errs[0] == (f"project.yaml:{line_of(text, '150%')}:16: payment.schedule[0].percent: "
                       "must be at most 100% (got 150%)")


def test_installments_must_sum_to_100(project):
    text = edit(project, "    - percent: 50\n      on: completion", "    - percent: 40\n      on: completion")
    (err,) = errors(project)
    assert err == (f"project.yaml:{line_of(text, 'schedule:')}:3: payment.schedule: "
                   "installments add up to 90%, not 100%")


def test_duplicate_deliverable_ids(project):
    text = edit(project, "  - id: design", "  - id: prototypes")
    (err,) = errors(project)
    assert err.startswith(f"project.yaml:{line_of(text, 'Дизайн-макеты') - 1}:")
    assert "deliverables[1].id: duplicate id 'prototypes' (also deliverables[0])" in err


def test_dependency_cycle(project):
    edit(project, "    price: 30000\n", "    price: 30000\n    after: [content]\n")
    (err,) = errors(project)
    assert "deliverables[0].after: dependency cycle: prototypes -> content -> development" in err


def test_unknown_dependency(project):
    edit(project, "    price: 30000\n", "    price: 30000\n    after: [desing]\n")
    (err,) = errors(project)
    assert "deliverables[0].after[0]: no deliverable with id 'desing'" in err


@pytest.mark.parametrize(("old", "new", "field", "words"), [
    ('inn: "7714567895"', 'inn: "7714567894"', "client.inn", "ИНН 7714567894 has a wrong control digit"),
    ('ogrn: "1127746123450"', 'ogrn: "1127746123451"', "client.ogrn", "ОГРН 1127746123451 has a wrong"),
    ('ogrnip: "316502900012348"', 'ogrnip: "316502900012347"', "contractor.ogrnip", "ОГРНИП"),
    ('bik: "044525225"', 'bik: "144525225"', "contractor.bank.bik", "must start with 04"),
    ('account: "40702810938000012345"', 'account: "40702810938000012346"', "client.bank",
     "does not match БИК"),
])
def test_bad_russian_requisites(project, old, new, field, words):
    edit(project, old, new)
    (err,) = errors(project)
    assert f" {field}: " in err and words in err


@pytest.mark.parametrize(("old", "new", "field", "words"), [
    ("currency: RUB", "currency: RUR", "currency", "unknown currency 'RUR'"),
    ("language: ru", "language: de", "language", "must be one of 'ru' or 'en'"),
    ("calendar: RU", "calendar: XX", "calendar", "unknown calendar 'XX'"),
])
def test_unknown_currency_language_calendar(project, old, new, field, words):
    text = edit(project, old, new)
    (err,) = errors(project)
    assert err.startswith(f"project.yaml:{line_of(text, new)}:")
    assert f" {field}: " in err and words in err


def test_deadline_before_start(project):
    edit(project, "    days: 5\n", "    days: 5\n    deadline: 2026-11-20\n")
    (err,) = errors(project)
    assert "deliverables[0].deadline: deadline 2026-11-20 is before the start of work 2026-12-01" in err


def test_empty_file(project):
    project.write_text("", encoding="utf-8")
    assert errors(project) == ["project.yaml: the file is empty; start from 'contractkit new'"]


def test_not_utf8(project):
    project.write_bytes("id: x\ntitle: Сайт\n".encode("cp1251"))
    (err,) = errors(project)
    assert err.startswith("project.yaml:2:8: not UTF-8 text")


def test_top_level_not_a_mapping(project):
    project.write_text("- a\n- b\n", encoding="utf-8")
    (err,) = errors(project)
    assert "top level must be a mapping" in err


def test_duplicate_key(project):
    text = edit(project, "title: Корпоративный", "title: x\ntitle: Корпоративный")
    (err,) = errors(project)
    assert err.startswith(f"project.yaml:{line_of(text, 'title: Корп')}:") and "duplicate" in err


def test_yaml_alias_bomb_is_refused_quickly(project):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8))
    project.write_text(bomb, encoding="utf-8")
    (err,) = errors(project)
    assert "anchors and aliases are not allowed" in err and err.startswith("project.yaml:1:")


def test_many_problems_are_all_reported_in_file_order(project):
    edit(project, "    price: 75000", "    price: -1")
    edit(project, "    days: 15", "    days: 0")
    errs = errors(project)
    assert [e.split(": ")[1] for e in errs] == ["deliverables[1].price", "deliverables[2].days"]


def test_ten_thousand_deliverables_still_validate(project):
    text = project.read_text(encoding="utf-8")
    head, _, tail = text.partition("deliverables:\n")
    _, _, tail = tail.partition("\npayment:")
    items = "".join(f"  - id: d{i}\n    title: Работа {i}\n    acceptance: [готово]\n"
                    f"    revisions: 1\n    price: 100\n    days: 1\n" for i in range(10_000))
    project.write_text(head + "deliverables:\n" + items + "\npayment:" + tail, encoding="utf-8")
    out = run("check", project.parent).output
    assert "valid" in out


def test_fixed_installments_over_the_total(project):
    text = edit(project, "    - percent: 50\n      on: signing", "    - amount: 250000\n      on: signing")
    (err,) = errors(project)
    assert err == (f"project.yaml:{line_of(text, 'schedule:')}:3: payment.schedule: "
                   "installments exceed the total 243500.00 RUB")


# --- inputs that must not be misread (issue 10) and bounded (issue 11, class 6) ---

def test_comma_and_three_digits_is_ambiguous_and_shows_both_readings(project):
    text = edit(project, "    price: 75000", "    price: 45,000")
    (err,) = errors(project)
    assert err == (f"project.yaml:{line_of(text, 'price: 45,000')}:12: deliverables[1].price: "
                   "'45,000' is ambiguous: 45000 (comma as a thousands separator) or 45.000 "
                   "(decimal comma); write 45000 or 45.000")


def test_decimal_comma_with_two_digits_is_read_as_kopecks(project):
    edit(project, "    price: 75000", "    price: 75000,50")
    assert "valid" in run("check", project.parent).output


@pytest.mark.parametrize("value", ["2026-02-30", "'2026-02-30'"])
def test_impossible_date_names_its_field(project, value):
    text = edit(project, "  date: 2026-12-01", f"  date: {value}")
    (err,) = errors(project)
    assert err.startswith(f"project.yaml:{line_of(text, '2026-02-30')}:9: contract.date: ")
    assert "2026-02-30" in err and "is not a date" in err


def test_date_out_of_range(project):
    text = edit(project, "  date: 2026-12-01", "  date: 9999-12-01")
    (err,) = errors(project)
    assert err == (f"project.yaml:{line_of(text, '9999')}:9: contract.date: 9999-12-01 is out of range: "
                   "dates must be between 1990-01-01 and 2100-12-31")


def test_money_keeps_every_digit_or_is_refused(project):
    text = edit(project, "    price: 75000", "    price: 99999999999999999999.99")
    (err,) = errors(project)
    assert err == (f"project.yaml:{line_of(text, '9999')}:12: deliverables[1].price: "
                   "99999999999999999999.99 is too large: at most 999 999 999 999.99")


def test_duration_out_of_range(project):
    text = edit(project, "    days: 10", "    days: 100000000")
    (err,) = errors(project)
    assert err == (f"project.yaml:{line_of(text, 'days: 100000000')}:11: deliverables[1].days: "
                   "100,000,000 is too large: at most 3,650")


def test_bidi_control_in_a_name_is_refused(project):
    text = edit(project, "  short_name: ООО «Ромашка»", "  short_name: \"ООО \u202e«Ромашка»\"")
    (err,) = errors(project)
    assert err.startswith(f"project.yaml:{line_of(text, 'short_name:')}:15: ")
    assert "client.short_name: bidirectional control U+202E (right-to-left override)" in err


def test_date_option_gets_our_own_message(project):
    result = run("sign", project.parent, "--date", "2027-02-30", ok=False)
    assert result.output.strip().splitlines() == [
        "error: --date: 2027-02-30 is not a date: day is out of range for month"]
    assert result.exit_code == 2


def test_git_missing_is_one_line_not_a_traceback(ru_project, monkeypatch, tmp_path):
    """A machine without git: every command that needs it says so in one line."""
    empty = tmp_path / "no-git"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = run("status", ru_project, ok=False)
    assert result.output.strip().splitlines() == [
        "error: git is not installed or not on PATH; contractkit needs it (apt-get install git, or your "
        "system's package)"]


def test_a_yaml_only_tag_such_as_equals_gets_a_located_line(project):
    """A bare `=` is YAML 1.1's !!value tag, which no constructor reads: ruamel raised a
    ConstructorError through the command (found by the slow profile of test_properties)."""
    text = edit(project, "title: Корпоративный сайт ООО «Ромашка»\n", "title: =\n")
    (line,) = errors(project)
    assert line.startswith(f"project.yaml:{line_of(text, 'title: =')}:"), line
    assert "title" in line and "put it in quotes" in line, line
