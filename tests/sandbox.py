"""A small deterministic world (one company, two contracts, tariffs, services with a
conflict, numbers with payments) for tests and benchmarks, independent of the demo data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import insert, select

from services.access import DEFAULT_ROLES
from storage.db import Database
from storage.models import (
    Account,
    Company,
    Contract,
    ContractTariff,
    FreeNumber,
    Grant,
    Number,
    Payment,
    Role,
    ScopeKind,
    Service,
    ServiceConflict,
    Tariff,
    TariffService,
    User,
    utcnow,
)


@dataclass(frozen=True)
class World:
    company_id: int
    contracts: list[int]
    accounts: list[int]  # accounts[0], [1] on contract 0, accounts[2] on contract 1
    tariffs: dict[str, int]  # "team", "basic", "other"
    services: dict[str, int]  # "sms100" (paid), "music", "roam" (conflicts with music)
    numbers: list[int]
    free_numbers: list[int]
    owner_tg: int
    employee_tg: int


async def build(
    db: Database,
    numbers: int = 6,
    *,
    owner_tg: int = 1001,
    employee_tg: int = 1002,
    balance: int = 1_000_000,
) -> World:
    now = utcnow()
    async with db.transaction() as s:
        company = Company(name="Ромашка")
        s.add(company)
        await s.flush()
        contracts = [
            Contract(
                company_id=company.id,
                number=f"12331046009{i}",
                name=f"Контракт {i}",
                region="Новосибирская область",
                timezone="Asia/Novosibirsk",
            )
            for i in range(2)
        ]
        s.add_all(contracts)
        await s.flush()
        accounts = [
            Account(
                company_id=company.id,
                contract_id=contracts[c].id,
                number=f"25439672893{i}",
                name=f"ЛС {i}",
                balance=balance,
            )
            for i, c in enumerate((0, 0, 1))
        ]
        tariffs = {
            code: Tariff(code=code, name=name, monthly_fee=fee)
            for code, name, fee in (
                ("team", "Команда", 50000),
                ("basic", "Бизнес общение", 30000),
                ("other", "Готовый офис", 70000),
            )
        }
        services = {
            code: Service(code=code, name=name, price=price, description=desc)
            for code, name, price, desc in (
                ("sms100", "100 SMS в поездках по миру", 15000, "Разовый пакет"),
                ("music", "Apple Music", 0, "Музыка без рекламы"),
                ("roam", "Роуминг без границ", 0, "Несовместима с Apple Music"),
            )
        }
        s.add_all([*accounts, *tariffs.values(), *services.values()])
        await s.flush()
        for c in contracts:
            for code in ("team", "basic"):
                s.add(ContractTariff(contract_id=c.id, tariff_id=tariffs[code].id))
        for t in ("team", "basic"):
            for svc in services.values():
                if t == "team" or svc.code == "music":
                    s.add(TariffService(tariff_id=tariffs[t].id, service_id=svc.id))
        s.add(ServiceConflict(service_id=services["roam"].id, other_id=services["music"].id))
        rows = []
        for i in range(numbers):
            msisdn = f"+7913{9479580 + i:07d}"
            iccid = f"897010{i:013d}"
            rows.append(
                {
                    "company_id": company.id,
                    "contract_id": contracts[0].id,
                    "account_id": accounts[i % 2].id,
                    "tariff_id": tariffs["team"].id,
                    "msisdn": msisdn,
                    "msisdn_rev": msisdn[::-1],
                    "iccid": iccid,
                    "iccid_rev": iccid[::-1],
                    "holder_name": f"Иванов {i}",
                    "holder_search": f"иванов {i}",
                    "email": f"n{i}@example.com",
                    "status": "active",
                    "created_at": now,
                }
            )
        for start in range(0, len(rows), 5000):
            await s.execute(insert(Number), rows[start : start + 5000])
        free = [FreeNumber(contract_id=contracts[0].id, msisdn=f"+7913000000{i}") for i in range(3)]
        s.add_all(free)
        for a in accounts:
            for month in range(3):
                s.add(
                    Payment(
                        account_id=a.id,
                        date=(now - dt.timedelta(days=10 + 30 * month)).date(),
                        amount=300000,
                    )
                )
        roles = {}
        for code, perms in DEFAULT_ROLES.items():
            roles[code] = Role(
                company_id=company.id, code=code, name=code, permissions=perms, builtin=True
            )
        s.add_all(roles.values())
        owner = User(tg_id=owner_tg, full_name="Owner", company_id=company.id)
        employee = User(tg_id=employee_tg, full_name="Employee", company_id=company.id)
        s.add_all([owner, employee])
        await s.flush()
        number_ids = list(
            await s.scalars(
                select(Number.id).where(Number.company_id == company.id).order_by(Number.id)
            )
        )
        s.add(Grant(user_id=owner.id, role_id=roles["owner"].id, scope=ScopeKind.COMPANY))
        s.add(
            Grant(
                user_id=employee.id,
                role_id=roles["employee"].id,
                scope=ScopeKind.OWN,
                number_id=number_ids[0],
            )
        )
        await s.flush()
        return World(
            company.id,
            [c.id for c in contracts],
            [a.id for a in accounts],
            {k: v.id for k, v in tariffs.items()},
            {k: v.id for k, v in services.items()},
            number_ids,
            [f.id for f in free],
            owner_tg,
            employee_tg,
        )
