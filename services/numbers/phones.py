"""Phone numbers as people type them, via phonenumbers; Russian numbers by default."""

from __future__ import annotations

import re

import phonenumbers

_DIGITS = re.compile(r"\D+")


def normalize(text: str, region: str = "RU") -> str | None:
    """E.164 ("+79139479580") for a full valid number in any usual form, else None."""
    raw = text.strip()
    digits = _DIGITS.sub("", raw)
    if len(digits) == 10 and not raw.startswith("+"):
        raw = "+7" + digits  # 9139479580: a Russian number without the trunk prefix
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def pretty(e164: str) -> str:
    """+7 (913) 947-95-80, the way the web cabinet shows numbers."""
    if e164.startswith("+7") and len(e164) == 12:
        d = e164[2:]
        return f"+7 ({d[:3]}) {d[3:6]}-{d[6:8]}-{d[8:]}"
    return e164


def digits_only(text: str) -> str:
    return _DIGITS.sub("", text)
