"""Plain data the Numbers service returns: rows, pages, the number card, list sources."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from storage.models import NumberStatus


@dataclass(frozen=True)
class NumberRow:
    id: int
    msisdn: str
    holder: str
    account: str
    department: str | None
    status: str

    @property
    def blocked(self) -> bool:
        return self.status == NumberStatus.BLOCKED.value


@dataclass(frozen=True)
class Page:
    items: list[NumberRow]
    total: int
    page: int
    pages: int
    capped: bool = False  # more than MAX_HITS matched; total is MAX_HITS


@dataclass(frozen=True)
class ContractRow:
    id: int
    number: str
    name: str
    region: str
    numbers: int


@dataclass(frozen=True)
class AccountRow:
    id: int
    number: str
    name: str
    balance: int
    contract: str
    region: str
    numbers: int


@dataclass(frozen=True)
class DepartmentRow:
    id: int
    name: str
    path: str
    has_children: bool


@dataclass(frozen=True)
class ServiceLine:
    name: str
    status: str
    start_at: dt.datetime | None
    auto_disable_at: dt.datetime | None


@dataclass(frozen=True)
class Card:
    id: int
    msisdn: str
    iccid: str
    holder: str
    comment: str
    email: str | None
    status: str
    department: str | None
    contract: str
    contract_name: str
    region: str
    account: str
    account_id: int
    balance: int
    settlement: str
    tariff: str
    services: list[ServiceLine] = field(default_factory=list)
    blocks: list[tuple[str, dt.datetime, dt.datetime | None]] = field(default_factory=list)
    forwardings: list[tuple[str, str]] = field(default_factory=list)
    limits: list[tuple[int, str]] = field(default_factory=list)
    month_charges: int = 0
    owed: int = 0  # this month's spending above what the company pays: the employee's


@dataclass(frozen=True)
class Source:
    """What a number list shows: a search, an account, a department subtree, a contract."""

    kind: str  # search/account/department/contract
    value: str

    def to_data(self) -> dict[str, str]:
        return {"kind": self.kind, "value": self.value}

    @classmethod
    def from_data(cls, data: dict[str, str]) -> Source:
        return cls(str(data.get("kind", "")), str(data.get("value", "")))
