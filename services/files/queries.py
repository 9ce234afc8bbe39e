"""The SQL behind loading and exporting selections."""

from __future__ import annotations

from sqlalchemy import case, select

from services.access import Principal
from services.numbers.phones import pretty
from services.numbers.queries import in_scope
from storage.db import Database
from storage.models import Account, Contract, Department, Number, Tariff

CHUNK = 2000


async def lookup(
    db: Database, principal: Principal, by_kind: dict[str, set[str]]
) -> dict[tuple[str, str], list[int]]:
    """(kind, value) -> ids of the company's numbers in scope; a value of the company's that
    is out of scope maps to an empty list, another company's is simply absent."""
    columns = {"phone": Number.msisdn, "iccid": Number.iccid, "account": Account.number}
    scope = principal.number_scope("numbers")
    out: dict[tuple[str, str], list[int]] = {}
    async with db.session() as s:
        for kind, values in by_kind.items():
            col = columns[kind]
            ordered = sorted(values)
            for i in range(0, len(ordered), CHUNK):
                chunk = ordered[i : i + CHUNK]
                # The company and the scope are read, not filtered on: as filters SQLite
                # would walk the company index (all numbers) once per chunk.
                base = select(col, Number.id, Number.company_id, case((scope, 1), else_=0)).where(
                    col.in_(chunk)
                )
                if kind == "account":
                    base = base.join(Account, Account.id == Number.account_id)
                for value, number_id, company, ok in await s.execute(base):
                    if company != principal.company_id:
                        continue  # another company's number simply does not exist here
                    ids = out.setdefault((kind, value), [])
                    if ok:
                        ids.append(number_id)
    return out


async def export_rows(
    db: Database, principal: Principal, number_ids: list[int]
) -> list[list[object]]:
    """Number, holder, account, contract, department, tariff, balance (roubles)."""
    rows: list[list[object]] = []
    async with db.session() as s:
        for i in range(0, len(number_ids), CHUNK):
            chunk = number_ids[i : i + CHUNK]
            result = await s.execute(
                select(
                    Number.msisdn,
                    Number.holder_name,
                    Account.number,
                    Contract.number,
                    Contract.region,
                    Department.name,
                    Tariff.name,
                    Account.balance,
                )
                .join(Account, Account.id == Number.account_id)
                .join(Contract, Contract.id == Number.contract_id)
                .join(Tariff, Tariff.id == Number.tariff_id)
                .outerjoin(Department, Department.id == Number.department_id)
                .where(Number.id.in_(chunk), in_scope(principal))
                .order_by(Number.msisdn)
            )
            for msisdn, holder, acc, con, region, dept, tariff, balance in result:
                rows.append(
                    [
                        pretty(msisdn),
                        holder or "",
                        acc,
                        f"{con} ({region})",
                        dept or "",
                        tariff,
                        balance / 100,
                    ]
                )
    return rows
