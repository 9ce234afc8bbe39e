import datetime as dt

import pytest

from services.periods import Period, PeriodKind, add_months, month_end, months_between

D = dt.date


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2026, 1, 15), -1) == D(2025, 12, 15)
    assert add_months(D(2026, 3, 1), -14) == D(2025, 1, 1)
    assert month_end(D(2026, 12, 5)) == D(2026, 12, 31)


def test_presets() -> None:
    today = D(2026, 5, 17)
    assert Period.preset(PeriodKind.THIS_MONTH, today) == Period(
        D(2026, 5, 1), today, PeriodKind.THIS_MONTH
    )
    last = Period.preset(PeriodKind.LAST_MONTH, today)
    assert (last.start, last.end) == (D(2026, 4, 1), D(2026, 4, 30))
    three = Period.preset(PeriodKind.LAST_3_MONTHS, today)
    assert (three.start, three.end) == (D(2026, 2, 1), D(2026, 4, 30))
    year = Period.preset(PeriodKind.LAST_12_MONTHS, today)
    assert (year.start, year.end) == (D(2025, 5, 1), D(2026, 4, 30))
    assert len(year.months) == 12
    quarter = Period.preset(PeriodKind.LAST_QUARTER, today)
    assert (quarter.start, quarter.end) == (D(2026, 1, 1), D(2026, 3, 31))
    q1 = Period.preset(PeriodKind.LAST_QUARTER, D(2026, 2, 1))
    assert (q1.start, q1.end) == (D(2025, 10, 1), D(2025, 12, 31))
    with pytest.raises(ValueError):
        Period.preset(PeriodKind.CUSTOM, today)


def test_previous_keeps_shape() -> None:
    year = Period.preset(PeriodKind.LAST_12_MONTHS, D(2026, 5, 17)).previous()
    assert (year.start, year.end) == (D(2024, 5, 1), D(2025, 4, 30))
    so_far = Period.preset(PeriodKind.THIS_MONTH, D(2026, 3, 31)).previous()
    assert (so_far.start, so_far.end) == (D(2026, 2, 1), D(2026, 2, 28))
    custom = Period.custom(D(2026, 3, 10), D(2026, 3, 1)).previous()
    assert (custom.start, custom.end) == (D(2026, 2, 19), D(2026, 2, 28))


def test_labels_and_months() -> None:
    assert Period(D(2026, 3, 1), D(2026, 3, 31)).label() == "март 2026"
    assert Period(D(2026, 1, 1), D(2026, 3, 31)).label("en") == "Jan – Mar 2026"
    assert Period(D(2025, 11, 1), D(2026, 2, 28)).label() == "ноя 2025 – фев 2026"
    assert Period(D(2026, 3, 2), D(2026, 3, 9)).label() == "02.03.2026 – 09.03.2026"
    assert months_between(D(2025, 12, 31), D(2026, 2, 1)) == [
        D(2025, 12, 1),
        D(2026, 1, 1),
        D(2026, 2, 1),
    ]
    with pytest.raises(ValueError):
        Period(D(2026, 3, 2), D(2026, 3, 1))
