"""Every Numbers text formats in both languages with the arguments the handlers pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast

from locales import LANGUAGES, ROOT, translator

ARGS = {
    "index": 1,
    "number": "+7 (913) 947-95-80",
    "holder": "Иванов",
    "account": "254396728931",
    "department": "Отдел",
    "blocked": "",
    "query": "Иванов",
    "n": 3,
    "kind": "name",
    "contract": "154396712662",
    "region": "Регион",
    "balance": "1,00 ₽",
    "name": "Имя",
    "ticked": 2,
    "total": "5",
    "status": "активен",
    "comment": "ОРКК",
    "contract_name": "Р",
    "settlement": "аванс",
    "tariff": "T",
    "iccid": "8970",
    "charges": "0,00 ₽",
    "amount": "0,00 ₽",
    "lines": "•",
    "date": "01.01.2026",
    "count": 4,
    "a": 2,
    "c": 1,
    "sel_badge": " (2)",
    "summary": "s",
    "max": 60,
    "rows": 5,
    "found": 2,
    "added": 2,
    "skipped": 3,
    "row": 4,
    "value": "x",
    "reason": "r",
    "limit": 100000,
    "mb": 20,
    "selection": "s",
    "span": "",
    "notice": "",
    "unassigned": 3,
}


def numbers_keys() -> list[str]:
    path = Path(ROOT) / "ru" / "numbers.ftl"
    resource = FluentParser().parse(path.read_text("utf-8"))
    return [e.id.name for e in resource.body if isinstance(e, ast.Message)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_numbers_texts_format_without_errors(lang):
    bundle = translator(lang).bundle
    for key in numbers_keys():
        _text, errors = bundle.format_pattern(bundle.get_message(key).value, ARGS)
        assert not errors, (lang, key, errors)


@pytest.mark.parametrize(
    ("n", "a", "c", "text"),
    [
        (2, 2, 1, "Выбрано: 2 номера, 2 ЛС, 1 контракт"),
        (1, 1, 1, "Выбрано: 1 номер, 1 ЛС, 1 контракт"),
        (5, 3, 2, "Выбрано: 5 номеров, 3 ЛС, 2 контракта"),
        (21, 11, 5, "Выбрано: 21 номер, 11 ЛС, 5 контрактов"),
        (50000, 265, 4, "Выбрано: 50\u00a0000 номеров, 265 ЛС, 4 контракта"),
    ],
)
def test_selection_summary_plurals(n, a, c, text):
    assert translator("ru")("sel-summary", n=n, a=a, c=c) == text


def test_selection_summary_english():
    assert translator("en")("sel-summary", n=1, a=2, c=1) == (
        "Selected: 1 number, 2 accounts, 1 contract"
    )
