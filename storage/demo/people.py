"""People of the demo: Russian names with patronymics that agree in gender, and e-mails.

The name lists live in people.json beside this module (package data).
"""

from __future__ import annotations

import json
import random
from importlib import resources

__all__ = ["Emails", "draw_person", "female_surname"]


def _load() -> tuple[tuple[str, ...], tuple[tuple[str, str, str], ...], tuple[str, ...]]:
    raw = json.loads(resources.files(__package__).joinpath("people.json").read_text("utf-8"))
    male = tuple((a, b, c) for a, b, c in raw["male_names"])
    return tuple(raw["surnames"]), male, tuple(raw["female_names"])


_SURNAMES, _MALE_NAMES, _FEMALE_NAMES = _load()

_TRANSLIT = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "y",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
    }
)


def female_surname(surname: str) -> str:
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    if surname.endswith(("ский", "цкий")):
        return surname[:-2] + "ая"
    if surname.endswith("ой"):
        return surname[:-2] + "ая"
    return surname


def draw_person(rnd: random.Random) -> tuple[str, str, str]:
    """(full name, surname, given name) with the patronymic agreeing in gender."""
    surname = _SURNAMES[int(rnd.random() * len(_SURNAMES))]
    father = _MALE_NAMES[int(rnd.random() * len(_MALE_NAMES))]
    if rnd.random() < 0.56:
        given = _MALE_NAMES[int(rnd.random() * len(_MALE_NAMES))][0]
        return f"{surname} {given} {father[1]}", surname, given
    given = _FEMALE_NAMES[int(rnd.random() * len(_FEMALE_NAMES))]
    surname = female_surname(surname)
    return f"{surname} {given} {father[2]}", surname, given


class Emails:
    """Unique work addresses of one domain: ivanov.i@, ivanov.i2@, ..."""

    def __init__(self, domain: str, taken: list[str]) -> None:
        self.domain = domain
        self.seen: dict[str, int] = {e.split("@")[0]: 1 for e in taken}

    def make(self, surname: str, given: str) -> str:
        local = f"{surname.lower().translate(_TRANSLIT)}.{given[0].lower().translate(_TRANSLIT)}"
        seen = self.seen.get(local, 0) + 1
        self.seen[local] = seen
        return f"{local}{seen if seen > 1 else ''}@{self.domain}"
