"""Amounts in Russian words, as invoices write them: «Одна тысяча двести рублей 05 копеек»."""

from __future__ import annotations

_UNITS_M = ("", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять")
_UNITS_F = ("", "одна", "две", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять")
_TEENS = (
    "десять",
    "одиннадцать",
    "двенадцать",
    "тринадцать",
    "четырнадцать",
    "пятнадцать",
    "шестнадцать",
    "семнадцать",
    "восемнадцать",
    "девятнадцать",
)
_TENS = (
    "",
    "",
    "двадцать",
    "тридцать",
    "сорок",
    "пятьдесят",
    "шестьдесят",
    "семьдесят",
    "восемьдесят",
    "девяносто",
)
_HUNDREDS = (
    "",
    "сто",
    "двести",
    "триста",
    "четыреста",
    "пятьсот",
    "шестьсот",
    "семьсот",
    "восемьсот",
    "девятьсот",
)
# (one, few, many), feminine?
_SCALES = (
    (("", "", ""), False),
    (("тысяча", "тысячи", "тысяч"), True),
    (("миллион", "миллиона", "миллионов"), False),
    (("миллиард", "миллиарда", "миллиардов"), False),
    (("триллион", "триллиона", "триллионов"), False),
)


def plural(n: int, forms: tuple[str, str, str]) -> str:
    n = abs(n) % 100
    if 11 <= n <= 19:
        return forms[2]
    n %= 10
    if n == 1:
        return forms[0]
    if 2 <= n <= 4:
        return forms[1]
    return forms[2]


def _triad(n: int, feminine: bool) -> list[str]:
    words = [_HUNDREDS[n // 100]]
    rest = n % 100
    if 10 <= rest <= 19:
        words.append(_TEENS[rest - 10])
    else:
        words.append(_TENS[rest // 10])
        words.append((_UNITS_F if feminine else _UNITS_M)[rest % 10])
    return [w for w in words if w]


def number_words(n: int, feminine: bool = False) -> str:
    """A non-negative integer in words: 21 → «двадцать один»."""
    if n == 0:
        return "ноль"
    parts: list[str] = []
    scale = 0
    while n:
        n, triad = divmod(n, 1000)
        if triad:
            forms, fem = _SCALES[scale]
            chunk = _triad(triad, fem if scale else feminine)
            if scale:
                chunk.append(plural(triad, forms))
            parts = chunk + parts
        scale += 1
    return " ".join(parts)


def money_words(kopecks: int) -> str:
    """«Одна тысяча двести рублей 05 копеек»; a negative amount starts with «минус»."""
    sign = "минус " if kopecks < 0 else ""
    roubles, kop = divmod(abs(kopecks), 100)
    text = (
        f"{sign}{number_words(roubles)} {plural(roubles, ('рубль', 'рубля', 'рублей'))} "
        f"{kop:02d} {plural(kop, ('копейка', 'копейки', 'копеек'))}"
    )
    return text[0].upper() + text[1:]
