"""Next occurrences of recurring items in the item's own zone: weekdays, month ends,
summer time starting and ending, and items that end on a date."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from services.planned import Rule, RuleError, next_occurrence, wall_to_utc

NSK = ZoneInfo("Asia/Novosibirsk")
BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


WEEKEND = {
    "freq": "weekly",
    "slots": [
        {"day": 5, "time": "00:00", "step": "on"},
        {"day": 0, "time": "08:00", "step": "off"},
    ],
}


def test_weekend_block_alternates_on_and_off_in_local_time() -> None:
    # Wednesday 2 December 2026, noon UTC; Novosibirsk is UTC+7 all year.
    at = utc(2026, 12, 2, 12)
    seen = []
    for _ in range(4):
        at, step = next_occurrence(WEEKEND, NSK, at)
        seen.append((at.astimezone(NSK).strftime("%a %d %H:%M"), step))
    assert seen == [
        ("Sat 05 00:00", "on"),
        ("Mon 07 08:00", "off"),
        ("Sat 12 00:00", "on"),
        ("Mon 14 08:00", "off"),
    ]
    assert next_occurrence(WEEKEND, NSK, utc(2026, 12, 2, 12))[0] == utc(2026, 12, 4, 17)


def test_the_31st_is_the_last_day_of_a_short_month() -> None:
    rule = {"freq": "monthly", "slots": [{"day": 31, "time": "09:00"}]}
    at = utc(2027, 1, 31, 12)
    days = []
    for _ in range(4):
        at, _step = next_occurrence(rule, NSK, at)
        days.append(at.astimezone(NSK).date().isoformat())
    assert days == ["2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31"]
    leap = next_occurrence(rule, NSK, utc(2028, 2, 1))[0].astimezone(NSK).date()
    assert leap == dt.date(2028, 2, 29)


def test_summer_time_keeps_the_wall_clock() -> None:
    daily = {"freq": "daily", "slots": [{"time": "09:00"}]}
    before = next_occurrence(daily, BERLIN, utc(2027, 3, 27, 12))[0]  # Sunday 28 March: CEST
    assert before == utc(2027, 3, 28, 7)  # 09:00 CEST
    assert next_occurrence(daily, BERLIN, utc(2027, 3, 26, 12))[0] == utc(2027, 3, 27, 8)


def test_a_skipped_time_runs_just_after_the_jump_and_a_doubled_one_once() -> None:
    skipped = {"freq": "daily", "slots": [{"time": "02:30"}]}
    # 28 March 2027: Berlin jumps from 02:00 to 03:00; 02:30 is taken as 03:30 CEST.
    at = next_occurrence(skipped, BERLIN, utc(2027, 3, 27, 12))[0]
    assert at == utc(2027, 3, 28, 1, 30)
    # 31 October 2027: 02:30 happens twice; the item runs the first time only.
    first = next_occurrence(skipped, BERLIN, utc(2027, 10, 30, 12))[0]
    assert first == utc(2027, 10, 31, 0, 30)
    again = next_occurrence(skipped, BERLIN, first)[0]
    assert again.astimezone(BERLIN).date() == dt.date(2027, 11, 1)


def test_wall_to_utc_novosibirsk() -> None:
    assert wall_to_utc(dt.date(2026, 12, 1), dt.time(10), NSK) == utc(2026, 12, 1, 3)


def test_one_off_items_have_no_next() -> None:
    assert next_occurrence(None, NSK, utc(2026, 1, 1)) is None


@pytest.mark.parametrize(
    "raw",
    [
        {"freq": "weekly", "slots": [{"day": 7, "time": "00:00"}]},
        {"freq": "monthly", "slots": [{"day": 0, "time": "00:00"}]},
        {"freq": "hourly", "slots": [{"time": "00:00"}]},
        {"freq": "daily", "slots": [{"time": "25:00"}]},
        {"freq": "daily", "slots": []},
    ],
)
def test_bad_rules_are_refused(raw) -> None:
    with pytest.raises(RuleError):
        Rule.load(raw)
