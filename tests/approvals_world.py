"""A small company for approval tests: departments, numbers, and people in every role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from services.access import DEFAULT_ROLES, Principal
from services.approvals import ApprovalService
from services.approvals.policy import PolicyService
from services.users import UserService
from storage.db import Database
from storage.models import (
    Account,
    Company,
    Contract,
    Department,
    Grant,
    Number,
    Operation,
    OperationItem,
    Role,
    ScopeKind,
    Tariff,
    User,
)
from tests.fakes import MemoryNotifier


@dataclass
class FakePipeline:
    """Stands in for the pipeline as the OperationRunner: marks the operation done, counts
    the calls."""

    db: Database
    calls: list[int] = field(default_factory=list)

    async def run_approved(self, operation_id: int) -> None:
        self.calls.append(operation_id)
        async with self.db.transaction() as s:
            op = await s.get(Operation, operation_id)
            items = op.total or 1
            op.status, op.done, op.failed = "done", items, 0


@dataclass
class World:
    db: Database
    users: UserService
    policy: PolicyService
    notifier: MemoryNotifier
    pipeline: FakePipeline
    approvals: ApprovalService
    company: int
    other_company: int
    dept: dict[str, int]
    numbers: dict[str, int]
    tg: dict[str, int]

    async def who(self, name: str) -> Principal:
        p = await self.users.principal(self.tg[name])
        assert p is not None, name
        return p

    async def operation(
        self,
        name: str,
        code: str,
        numbers: list[str] | list[int],
        params: dict[str, Any] | None = None,
        cost: int = 0,
        status: str = "awaiting_approval",
    ) -> int:
        p = await self.who(name)
        ids = [self.numbers[n] if isinstance(n, str) else n for n in numbers]
        async with self.db.transaction() as s:
            op = Operation(
                company_id=p.company_id,
                user_id=p.user_id,
                code=code,
                params=params or {},
                status=status,
                cost=cost,
                total=len(ids),
            )
            s.add(op)
            await s.flush()
            s.add_all(OperationItem(operation_id=op.id, number_id=i) for i in ids)
            return op.id

    async def many_numbers(self, n: int, dept: str = "sales") -> list[int]:
        async with self.db.transaction() as s:
            acc = await s.get(Account, self._account)
            rows = [
                Number(
                    company_id=self.company,
                    contract_id=acc.contract_id,
                    account_id=acc.id,
                    department_id=self.dept[dept],
                    tariff_id=self._tariff,
                    msisdn=f"+7913500{i:04d}",
                    msisdn_rev=f"{i:04d}"[::-1],
                    iccid=f"8970200000000{i:06d}",
                    iccid_rev=str(i),
                    holder_name=f"Сотрудник {i}",
                )
                for i in range(n)
            ]
            s.add_all(rows)
            await s.flush()
            return [r.id for r in rows]

    _account: int = 0
    _tariff: int = 0


async def _company(s, name: str) -> tuple[int, dict[str, int]]:
    company = Company(name=name)
    s.add(company)
    await s.flush()
    roles = {}
    for code, perms in DEFAULT_ROLES.items():
        role = Role(company_id=company.id, code=code, name=code, permissions=perms, builtin=True)
        s.add(role)
        await s.flush()
        roles[code] = role.id
    return company.id, roles


async def _dept(s, company_id: int, name: str, parent: Department | None = None) -> Department:
    d = Department(company_id=company_id, parent_id=parent.id if parent else None, name=name)
    s.add(d)
    await s.flush()
    d.path = (parent.path if parent else "/") + f"{d.id}/"
    return d


async def build(db: Database, ttl: dt.timedelta = dt.timedelta(hours=24)) -> World:
    async with db.transaction() as s:
        cid, roles = await _company(s, "Ромашка")
        oid, oroles = await _company(s, "Чужая")
        top = await _dept(s, cid, "Дирекция")
        sales = await _dept(s, cid, "Отдел продаж", top)
        it = await _dept(s, cid, "ИТ", top)
        store = await _dept(s, cid, "Склад")  # nobody manages it
        far = await _dept(s, oid, "Чужой отдел")
        tariff = Tariff(code="corp", name="Корпоративный", monthly_fee=50000)
        s.add(tariff)
        await s.flush()
        numbers: dict[str, int] = {}
        accounts = {}
        for comp in (cid, oid):
            contract = Contract(
                company_id=comp,
                number=f"C{comp}",
                name="К",
                region="Новосибирск",
                timezone="Asia/Novosibirsk",
            )
            s.add(contract)
            await s.flush()
            acc = Account(company_id=comp, contract_id=contract.id, number=f"{comp:012d}")
            s.add(acc)
            await s.flush()
            accounts[comp] = acc
        for i, (key, dept, comp) in enumerate(
            [
                ("emp", sales, cid),
                ("sales2", sales, cid),
                ("it1", it, cid),
                ("store1", store, cid),
                ("top1", top, cid),
                ("far1", far, oid),
            ]
        ):
            acc = accounts[comp]
            n = Number(
                company_id=comp,
                contract_id=acc.contract_id,
                account_id=acc.id,
                department_id=dept.id,
                tariff_id=tariff.id,
                msisdn=f"+7913947958{i}",
                msisdn_rev=f"{i}8597493197",
                iccid=f"897010000000000000{i}",
                iccid_rev=str(i),
                holder_name=f"Держатель {key}",
            )
            s.add(n)
            await s.flush()
            numbers[key] = n.id
        people = [
            ("employee", roles["employee"], ScopeKind.OWN, None, numbers["emp"], cid),
            ("storekeeper", roles["employee"], ScopeKind.OWN, None, numbers["store1"], cid),
            ("manager", roles["manager"], ScopeKind.DEPARTMENT, sales.id, None, cid),
            ("manager2", roles["manager"], ScopeKind.DEPARTMENT, sales.id, None, cid),
            ("it_manager", roles["manager"], ScopeKind.DEPARTMENT, it.id, None, cid),
            ("director", roles["manager"], ScopeKind.DEPARTMENT, top.id, None, cid),
            ("admin", roles["admin"], ScopeKind.COMPANY, None, None, cid),
            ("accountant", roles["accountant"], ScopeKind.COMPANY, None, None, cid),
            ("viewer", roles["viewer"], ScopeKind.COMPANY, None, None, cid),
            ("stranger_admin", oroles["admin"], ScopeKind.COMPANY, None, None, oid),
        ]
        tg = {}
        for i, (name, role_id, scope, dept_id, number_id, comp) in enumerate(people):
            u = User(tg_id=1000 + i, full_name=name.capitalize(), company_id=comp, language="ru")
            s.add(u)
            await s.flush()
            s.add(
                Grant(
                    user_id=u.id,
                    role_id=role_id,
                    scope=scope,
                    department_id=dept_id,
                    number_id=number_id,
                )
            )
            tg[name] = u.tg_id
        account_id, tariff_id = accounts[cid].id, tariff.id
        depts = {"top": top.id, "sales": sales.id, "it": it.id, "store": store.id}
    users = UserService(db)
    policy = PolicyService(db)
    notifier = MemoryNotifier()
    pipeline = FakePipeline(db)
    approvals = ApprovalService(db, policy, notifier, users, runner=pipeline, ttl=ttl)
    world = World(db, users, policy, notifier, pipeline, approvals, cid, oid, depts, numbers, tg)
    world._account, world._tariff = account_id, tariff_id
    return world
