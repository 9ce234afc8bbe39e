"""What a document says, in the language of whoever ordered it (locales/*/documents.ftl,
the `docf-` keys).

Amounts in words: a Russian document writes its bottom line in words («Одна тысяча двести
рублей 05 копеек»), as Russian invoices and acts do by custom. An English document repeats
the figure with its currency instead: English invoices do not spell sums out, and a
translated document is read for the figures (the Russian one is the one that gets signed),
so a second grammar of number words would add nothing a reader needs.
"""

from __future__ import annotations

import datetime as dt

from locales import DEFAULT_LANGUAGE, LANGUAGES, translator
from services import formatting
from services.documents.words import money_words
from services.periods import MONTHS_EN, MONTHS_GEN_RU, month_name


class Wording:
    """`w("inv-due")` → «Всего к оплате» / "Total due"; plain text (files, not messages)."""

    def __init__(self, lang: str | None) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self._tr = translator(self.lang)

    def __call__(self, key: str, /, **args: str) -> str:
        # Arguments go in as strings: Fluent would group the digits of a number ("2,026").
        return self._tr.plain(f"docf-{key}", **args)

    def money(self, kopecks: int) -> str:
        return formatting.money(kopecks, self.lang)

    def in_words(self, kopecks: int) -> str:
        """The bottom line as a document writes it out (see the module's note)."""
        if self.lang == "ru":
            return money_words(kopecks)
        return f"RUB {formatting.amount(kopecks, self.lang)}"

    @staticmethod
    def date(day: dt.date) -> str:
        return f"{day:%d.%m.%Y}"

    def long_date(self, day: dt.date) -> str:
        month = MONTHS_GEN_RU[day.month - 1] if self.lang == "ru" else MONTHS_EN[day.month - 1]
        return self("long-date", day=str(day.day), month=month, year=str(day.year))

    def month(self, year: int, month: int) -> dict[str, str]:
        """The arguments of «за { $month } { $year }»."""
        return {"month": month_name(dt.date(year, month, 1), self.lang), "year": str(year)}

    def heading(self, title: str, number: str, issued: dt.date) -> str:
        return self("heading", title=title, number=number, date=self.date(issued))
