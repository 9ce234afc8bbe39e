"""Which rows a report may count: SQL conditions built from the principal's grants.

Numbers: the "reports" permission's number scope (company, department subtree, own number),
narrowed to the user's current selection on request. Money that belongs to a personal
account as a whole (payments, balances, account-level promised payments) is shown only for
accounts whose every number the user may see: a department manager never learns what
another department's numbers on a shared account cost.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, not_, select

from services.access import Principal
from storage.models import Account, Number, ScopeKind, SelectionItem

PERMISSION = "reports"


@dataclass(frozen=True)
class ReportScope:
    company_id: int
    numbers: ColumnElement[bool]  # a condition on Number
    accounts: ColumnElement[bool]  # a condition on Account
    sqlite: bool
    whole_company: bool

    @classmethod
    def of(cls, principal: Principal, selection_id: int | None, *, sqlite: bool) -> ReportScope:
        allowed = principal.number_scope(PERMISSION)
        whole = selection_id is None and any(
            g.scope == ScopeKind.COMPANY for g in principal.grants_for(PERMISSION)
        )
        numbers = allowed
        if selection_id is not None:
            chosen = select(SelectionItem.number_id).where(
                SelectionItem.selection_id == selection_id
            )
            numbers = and_(allowed, Number.id.in_(chosen))
        if whole:
            accounts: ColumnElement[bool] = Account.company_id == principal.company_id
        else:
            some = exists().where(Number.account_id == Account.id, numbers)
            hidden = exists().where(
                Number.account_id == Account.id,
                Number.company_id == principal.company_id,
                not_(allowed),
            )
            accounts = and_(Account.company_id == principal.company_id, some, not_(hidden))
        return cls(principal.company_id, numbers, accounts, sqlite, whole)
