"""Matching a file's values to numbers: what each value is, and why a row was not taken."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from services.access import Principal
from services.files.queries import lookup
from services.numbers.phones import digits_only, normalize
from storage.db import Database


class Reason(StrEnum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    OUT_OF_SCOPE = "out_of_scope"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class Key:
    kind: str  # phone/iccid/account
    value: str


@dataclass
class Table:
    """The column chosen from a file: (row number, raw value) pairs."""

    column: int
    header: str | None
    values: list[tuple[int, str]]


@dataclass
class LoadReport:
    rows: int = 0
    number_ids: list[int] = field(default_factory=list)
    problems: list[tuple[int, str, Reason]] = field(default_factory=list)

    @property
    def found(self) -> int:
        return len(self.number_ids)


_PHONE_CHARS = re.compile(r"^\+?[\d\s().-]+$")


def _ru_mobile(t: str, digits: str) -> str | None:
    """A Russian mobile (+7 9nn nnn-nn-nn) in its usual spellings, without phonenumbers'
    full parse, which costs ~60 µs a value (3 s on a 50,000-row file); anything else goes
    the long way."""
    if not _PHONE_CHARS.match(t):
        return None
    if len(digits) == 11 and (digits[0] == "7" or (digits[0] == "8" and t[0] != "+")):
        digits = digits[1:]
    elif len(digits) != 10 or t[0] == "+":
        return None
    return "+7" + digits if digits[0] == "9" else None


def classify_value(text: str) -> Key | None:
    """A phone in any usual form, an ICCID (18-20 digits) or a 12-digit account number."""
    t = text.strip()
    if not t:
        return None
    digits = digits_only(t)
    if 10 <= len(digits) <= 11 and (fast := _ru_mobile(t, digits)):
        return Key("phone", fast)
    if any(ch.isalpha() for ch in t.replace("F", "").replace("f", "")):
        return None
    if 18 <= len(digits) <= 20:
        return Key("iccid", digits)
    if len(digits) == 12 and not t.startswith("+"):
        return Key("account", digits)
    phone = normalize(t)
    if phone:
        return Key("phone", phone)
    return None


async def match(db: Database, principal: Principal, table: Table) -> LoadReport:
    """Turn the column's values into number ids in scope, with a reason for every miss."""
    report = LoadReport(rows=len(table.values))
    keyed: list[tuple[int, str, Key]] = []
    for row, raw in table.values:
        key = classify_value(raw)
        if key is None:
            report.problems.append((row, raw, Reason.INVALID))
        else:
            keyed.append((row, raw, key))
    by_kind: dict[str, set[str]] = {"phone": set(), "iccid": set(), "account": set()}
    for _row, _raw, key in keyed:
        by_kind[key.kind].add(key.value)
    found = {
        k: (ids, Reason.OUT_OF_SCOPE) for k, ids in (await lookup(db, principal, by_kind)).items()
    }
    seen: set[int] = set()
    for row, raw, key in keyed:
        ids, reason = found.get((key.kind, key.value), ([], Reason.NOT_FOUND))
        if not ids:
            report.problems.append((row, raw, reason))
            continue
        new = [i for i in ids if i not in seen]
        if not new:
            report.problems.append((row, raw, Reason.DUPLICATE))
            continue
        seen.update(new)
        report.number_ids.extend(new)
    report.problems.sort(key=lambda p: p[0])
    return report
