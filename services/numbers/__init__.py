"""Numbers: search, the billing and company hierarchies, the number card."""

from services.numbers.results import (
    AccountRow,
    Card,
    ContractRow,
    DepartmentRow,
    NumberRow,
    Page,
    ServiceLine,
    Source,
)
from services.numbers.search import QUERY_MAX, Query, QueryKind, classify
from services.numbers.service import PAGE_SIZE, NumberDirectory

__all__ = [
    "PAGE_SIZE",
    "QUERY_MAX",
    "AccountRow",
    "Card",
    "ContractRow",
    "DepartmentRow",
    "NumberDirectory",
    "NumberRow",
    "Page",
    "Query",
    "QueryKind",
    "ServiceLine",
    "Source",
    "classify",
]
