"""words/cardinals.py writes what num2words writes, for every number it spells."""

import random

import pytest
from num2words import num2words

from contractkit.words import amounts, cardinals


def _num2words(n: int, lang: str) -> str:
    words = num2words(n, lang=lang)
    return words.replace(" and ", " ").replace(",", "") if lang == "en" else words


def _numbers() -> list[int]:
    chosen = list(range(0, 3000)) + [n * 1000 + k for n in range(1, 1000, 3) for k in (0, 1, 12, 101)]
    chosen += [a * 10**e + b for a in range(1, 1000, 37) for e in (3, 6, 9, 12)
               for b in (0, 1, 2, 5, 11, 21, 101, 1000, 2001, 14_000_014)]
    generator = random.Random(25)
    chosen += [generator.randrange(10**digits) for digits in range(1, 16) for _ in range(300)]
    return [n for n in chosen if n < cardinals.LIMIT]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_number_is_spelled_as_num2words_spells_it(lang):
    wrong = [(n, cardinals.spelled(n, lang), _num2words(n, lang)) for n in _numbers()
             if cardinals.spelled(n, lang) != _num2words(n, lang)]
    assert wrong == []


def test_known_sums_and_what_is_left_to_num2words():
    assert cardinals.spelled(243500, "ru") == "двести сорок три тысячи пятьсот"
    assert cardinals.spelled(2_001_000, "ru") == "два миллиона одна тысяча"
    assert cardinals.spelled(12200, "en") == "twelve thousand two hundred"
    assert cardinals.spelled(1_000_021, "en") == "one million twenty-one"
    for n, lang in ((-5, "ru"), (cardinals.LIMIT, "en"), (5, "de"), (True, "ru")):
        assert cardinals.spelled(n, lang) is None
    assert amounts.integer_words(-5, "ru") == num2words(-5, lang="ru")
    assert amounts.integer_words(10**15 + 1, "en") == _num2words(10**15 + 1, "en")
