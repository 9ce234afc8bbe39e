"""SQL for numbers: search conditions, the scope filter, the row shape of every list."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select

from services.access import Principal
from services.numbers.results import NumberRow
from services.numbers.search import Query, QueryKind
from storage.models import Account, Contract, Department, Number


def _prefix(col: Any, value: str, sqlite: bool) -> ColumnElement[bool]:
    """col starts with the digits `value`. SQLite's LIKE can't use an index (it is
    case-insensitive), so there the same test is also given as a range the index serves:
    every character of these columns sorts below ':'."""
    cond = col.startswith(value)
    return and_(col >= value, col < value + ":", cond) if sqlite else cond


def starts_with(col: Any, text: str, sqlite: bool) -> ColumnElement[bool]:
    """col (lower-cased text) starts with `text`. On SQLite (binary collation) as a range the
    index serves; PostgreSQL's collation orders text by its own rules, so there it is LIKE."""
    if sqlite:
        return and_(col >= text, col < text + "\U0010ffff")
    return col.startswith(text, autoescape=True)


def query_condition(q: Query, sqlite: bool = False) -> ColumnElement[bool] | None:
    """SQL condition on Number for a classified query."""
    if q.kind == QueryKind.NAME:
        if sqlite:  # instr() is a plain byte search, a fifth faster than LIKE's folding
            return and_(*(func.instr(Number.holder_search, w) > 0 for w in q.value.split()))
        return and_(*(Number.holder_search.contains(w, autoescape=True) for w in q.value.split()))
    if q.kind == QueryKind.PHONE:
        return Number.msisdn == q.value
    rev = q.value[::-1]
    if q.kind == QueryKind.ACCOUNT:
        # Twelve digits are an account number, or just possibly the tail of a SIM number.
        return or_(
            Number.account_id.in_(select(Account.id).where(Account.number == q.value)),
            _prefix(Number.iccid_rev, rev, sqlite),
        )
    if q.kind == QueryKind.ICCID:
        return _prefix(Number.iccid_rev, rev, sqlite)
    if q.kind == QueryKind.SUFFIX:
        return or_(_prefix(Number.msisdn_rev, rev, sqlite), _prefix(Number.iccid_rev, rev, sqlite))
    return None


def in_scope(principal: Principal) -> ColumnElement[bool]:
    """The principal's scope as a filter, not an access path.

    Without table statistics SQLite takes `company_id = ?` for selective and walks the
    company index (every number) instead of the index the search key could use; wrapped
    in a CASE the same condition can only filter the rows the key found."""
    return case((principal.number_scope("numbers"), 1), else_=0) == 1


def row_select() -> Select:
    return (
        select(
            Number.id,
            Number.msisdn,
            Number.holder_name,
            Account.number,
            Department.name,
            Number.status,
        )
        .join(Account, Account.id == Number.account_id)
        .outerjoin(Department, Department.id == Number.department_id)
    )


def number_rows(result) -> list[NumberRow]:
    return [
        NumberRow(i, m, h or "", a, d, str(getattr(s, "value", s))) for i, m, h, a, d, s in result
    ]


def page_count(total: int, size: int) -> int:
    return max(1, -(-total // size))


def account_rows(
    where: ColumnElement[bool],
) -> Select[int, str, str, int, str, str, int]:
    """Accounts with their contract and how many of the numbers matching `where` they hold:
    the columns of an AccountRow, in order."""
    return (
        select(
            Account.id,
            Account.number,
            Account.name,
            Account.balance,
            Contract.number,
            Contract.region,
            func.count(Number.id),
        )
        .join(Number, Number.account_id == Account.id)
        .join(Contract, Contract.id == Account.contract_id)
        .where(where)
        .group_by(
            Account.id,
            Account.number,
            Account.name,
            Account.balance,
            Contract.number,
            Contract.region,
        )
    )
