"""What a typed line is: a name, a phone, a SIM, an account or last digits."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from services.numbers.phones import digits_only, normalize

QUERY_MAX = 100  # longer text is no search anybody means to type
MIN_SUFFIX = 4  # fewer digits than this match too much to be a useful search


class QueryKind(StrEnum):
    NAME = "name"
    PHONE = "phone"
    SUFFIX = "suffix"  # last digits of a number or of a SIM
    ICCID = "iccid"
    ACCOUNT = "account"
    TOO_SHORT = "too_short"


@dataclass(frozen=True)
class Query:
    kind: QueryKind
    text: str
    value: str = ""  # E.164 phone, digits, or lower-cased words


def classify(text: str) -> Query:
    """Decide what a typed line is: a name, a phone, a SIM, an account or last digits."""
    t = " ".join(text.split())[:QUERY_MAX]
    digits = digits_only(t)
    if any(ch.isalpha() for ch in t):
        words = t.lower()
        return Query(QueryKind.NAME if len(words) >= 2 else QueryKind.TOO_SHORT, t, words)
    if len(digits) in (10, 11) or (t.startswith("+") and len(digits) >= 10):
        phone = normalize(t)
        if phone:
            return Query(QueryKind.PHONE, t, phone)
    if len(digits) == 12:
        return Query(QueryKind.ACCOUNT, t, digits)
    if len(digits) >= 13:
        return Query(QueryKind.ICCID, t, digits)
    if len(digits) >= MIN_SUFFIX:
        return Query(QueryKind.SUFFIX, t, digits)
    return Query(QueryKind.TOO_SHORT, t, digits)
