"""Times said both ways: the numbers' local time with its zone and the user's (Moscow) time,
«01.12.2026 10:00 Новосибирск (UTC+7) = 06:00 МСК». Zone names come from the texts
(pl-tz-<Area>-<City>); a zone without a name is shown by its city."""

from __future__ import annotations

import datetime as dt

from locales import Html, Translator, escape
from services.formatting import DEFAULT_TZ, moment, zone


def utc_offset(tz_name: str, at: dt.datetime) -> str:
    """«UTC+7», «UTC+5:30» at that moment (summer time counts)."""
    seconds = int((at.astimezone(zone(tz_name)).utcoffset() or dt.timedelta()).total_seconds())
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"UTC{'-' if seconds < 0 else '+'}{hours}" + (f":{minutes:02d}" if minutes else "")


def zone_name(tr: Translator, tz_name: str) -> Html:
    key = "pl-tz-" + tz_name.replace("/", "-")
    if tr.has(key):
        return tr(key)
    return escape(tz_name.rsplit("/", 1)[-1].replace("_", " "))


def zone_label(tr: Translator, tz_name: str, at: dt.datetime) -> Html:
    """«МСК» for Moscow, «Новосибирск (UTC+7)» for others."""
    if zone(tz_name).key == DEFAULT_TZ:
        return tr("pl-tz-msk")
    return tr("pl-tz-label", name=zone_name(tr, tz_name), offset=utc_offset(tz_name, at))


def both_ways(tr: Translator, at: dt.datetime, tz_name: str) -> Html:
    """The moment in the numbers' zone, then (when that is not Moscow) in Moscow time; the
    date is repeated on the Moscow side only when it differs."""
    local = moment(at, zone(tz_name))
    if zone(tz_name).key == DEFAULT_TZ:
        return tr("pl-when-msk", when=local)
    msk = at.astimezone(zone())
    same_day = msk.date() == at.astimezone(zone(tz_name)).date()
    return tr(
        "pl-when-both",
        when=local,
        zone=zone_label(tr, tz_name, at),
        msk=f"{msk:%H:%M}" if same_day else moment(at, zone()),
    )
