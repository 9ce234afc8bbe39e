"""Plain data shared by the registry, its checks, the pipeline and the wizard."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


@dataclass(frozen=True)
class NumberRow:
    id: int
    msisdn: str
    contract_id: int
    account_id: int
    tariff_id: int
    status: str
    email: str | None
    holder_name: str


@dataclass
class NumbersCtx:
    """The numbers an operation is about, as far as the principal may touch them."""

    company_id: int
    rows: list[NumberRow]
    # The department subtrees the principal's grants for the operation cover; None for the
    # whole company (where numbers may be moved to).
    department_paths: tuple[str, ...] | None = None

    @cached_property
    def ids(self) -> list[int]:
        return [r.id for r in self.rows]

    @cached_property
    def contract_ids(self) -> set[int]:
        return {r.contract_id for r in self.rows}

    @cached_property
    def tariff_ids(self) -> set[int]:
        return {r.tariff_id for r in self.rows}

    @cached_property
    def account_ids(self) -> set[int]:
        return {r.account_id for r in self.rows}


@dataclass(frozen=True)
class Option:
    value: str
    text: str | None = None  # data (a tariff's name): shown escaped
    key: str | None = None  # or a Fluent key
    args: dict[str, Any] = field(default_factory=dict)
    details: str = ""  # description for the option's page
