"""Cardinal numbers in Russian and English words, as num2words writes them (nominative, masculine;
English without "and" or commas), for the sums contracts hold: importing num2words loads every
language it has (about 40 ms of a command that meets a sum for the first time).
tests/test_cardinals.py checks them against num2words itself."""

from __future__ import annotations

LIMIT = 10**15
"""Numbers from 0 up to (not including) this are spelled here; others are left to num2words."""

_RU_ONES = ("", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять")
_RU_ONES_FEMININE = ("", "одна", "две") + _RU_ONES[3:]
_RU_TEENS = ("десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать", "пятнадцать",
             "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать")
_RU_TENS = ("", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят",
            "восемьдесят", "девяносто")
_RU_HUNDREDS = ("", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот",
                "восемьсот", "девятьсот")
_RU_SCALES = ((), ("тысяча", "тысячи", "тысяч"), ("миллион", "миллиона", "миллионов"),
              ("миллиард", "миллиарда", "миллиардов"), ("триллион", "триллиона", "триллионов"))

_EN_ONES = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
            "eighteen", "nineteen")
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_EN_SCALES = ("", "thousand", "million", "billion", "trillion")


def _thousands(n: int) -> list[int]:
    """n's groups of three digits, the units first (1234567 -> [567, 234, 1])."""
    chunks = []
    while n:
        n, chunk = divmod(n, 1000)
        chunks.append(chunk)
    return chunks


def spelled(n: int, lang: str) -> str | None:
    """n in words, or None when it is not a number this module spells (num2words does)."""
    if type(n) is not int or not 0 <= n < LIMIT or lang not in ("ru", "en"):
        return None
    if n == 0:
        return "ноль" if lang == "ru" else "zero"
    chunks = _thousands(n)
    words: list[str] = []
    for scale in range(len(chunks) - 1, -1, -1):
        if chunks[scale]:
            words.extend((_ru_chunk if lang == "ru" else _en_chunk)(chunks[scale], scale))
    return " ".join(words)


def _ru_chunk(chunk: int, scale: int) -> list[str]:
    hundreds, rest = divmod(chunk, 100)
    tens, ones = divmod(rest, 10)
    words = [_RU_HUNDREDS[hundreds]] if hundreds else []
    if tens == 1:
        words.append(_RU_TEENS[ones])
    else:
        if tens:
            words.append(_RU_TENS[tens])
        if ones:
            words.append((_RU_ONES_FEMININE if scale == 1 else _RU_ONES)[ones])
    if scale:
        words.append(_ru_plural(chunk, _RU_SCALES[scale]))
    return words


def _ru_plural(n: int, forms: tuple[str, ...]) -> str:
    if n % 100 in (11, 12, 13, 14):
        return forms[2]
    if n % 10 == 1:
        return forms[0]
    return forms[1] if n % 10 in (2, 3, 4) else forms[2]


def _en_chunk(chunk: int, scale: int) -> list[str]:
    hundreds, rest = divmod(chunk, 100)
    words = [_EN_ONES[hundreds], "hundred"] if hundreds else []
    if rest >= 20:
        tens, ones = divmod(rest, 10)
        words.append(f"{_EN_TENS[tens]}-{_EN_ONES[ones]}" if ones else _EN_TENS[tens])
    elif rest:
        words.append(_EN_ONES[rest])
    if scale:
        words.append(_EN_SCALES[scale])
    return words


def british(n: int) -> str | None:
    """n in British English words: "and" before the tens and units after a hundred or a thousand
    ("five thousand seven hundred and sixty", "two thousand and five"); None beyond LIMIT."""
    if type(n) is not int or not 0 < n < LIMIT:
        return spelled(n, "en")
    chunks = _thousands(n)
    words: list[str] = []
    for scale in range(len(chunks) - 1, -1, -1):
        chunk = chunks[scale]
        if not chunk:
            continue
        part = _en_chunk(chunk, scale)
        hundreds, rest = divmod(chunk, 100)
        if rest and (hundreds or (scale == 0 and len(chunks) > 1)):
            part.insert(2 if hundreds else 0, "and")
        words.extend(part)
    return " ".join(words)
