from datetime import date

from contractkit import calendar


def test_russian_day_off_transfer_and_new_year():
    assert not calendar.is_working_day(date(2026, 12, 31), "RU")  # moved from 4 January
    assert [calendar.is_working_day(date(2027, 1, d), "RU") for d in range(1, 12)] == [
        False] * 10 + [True]


def test_start_on_a_day_off_moves_to_the_next_working_day():
    assert calendar.deadline_after(date(2027, 1, 1), 1, "RU") == date(2027, 1, 11)
    assert calendar.first_working_day(date(2026, 12, 5), "RU") == date(2026, 12, 7)


def test_us_christmas_and_new_year():
    assert calendar.deadline_after(date(2026, 12, 16), 12, "US") == date(2027, 1, 4)


def test_add_days_calendar_and_working():
    assert calendar.add_days(date(2026, 11, 30), 7, "US", working=False) == date(2026, 12, 7)
    assert calendar.add_days(date(2026, 12, 1), 5, "RU") == date(2026, 12, 8)
