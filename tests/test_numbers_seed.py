"""A small, hand-made holding for the Numbers tests (no tests in here).

Two contracts in two regions, three accounts, a department tree
Дирекция → Отдел продаж, and Бухгалтерия beside it; an owner, a manager of Отдел продаж
and an employee who holds one number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from services.access import Principal, ScopedGrant
from services.users import DEFAULT_ROLES
from storage.db import Database
from storage.models import (
    Account,
    Block,
    Charge,
    Company,
    Contract,
    Department,
    Forwarding,
    Number,
    NumberLimit,
    NumberStatus,
    ScopeKind,
    Service,
    Tariff,
    User,
)
from storage.models import NumberService as NumberServiceRow

TODAY = dt.date(2026, 11, 20)


@dataclass
class Seed:
    owner: Principal
    manager: Principal  # Отдел продаж subtree
    employee: Principal  # own number only
    numbers: dict[str, int]  # msisdn -> id
    accounts: dict[str, int]
    contracts: dict[str, int]
    departments: dict[str, int]
    tariffs: dict[str, int]
    services: dict[str, int]


# msisdn, holder, account, department, status
NUMBERS = [
    ("+79139479580", "Иванов Иван Ольгович", "254396728931", "sales", "active"),
    ("+79139479689", "Иванов Иван Михайлович", "254396728932", "sales", "active"),
    ("+79130000001", "Петрова Анна Сергеевна", "254396728931", "direction", "active"),
    ("+79130000002", "Сидоров Пётр", "254396728932", "accounting", "blocked"),
    ("+79130000003", "Смирнова Ольга", "123310460098", "accounting", "active"),
    ("+79130000004", "Кузнецов Олег", "123310460098", None, "active"),
]


def iccid_for(i: int) -> str:
    return f"897010200000000{i:04d}"


async def seed(db: Database, extra: int = 0) -> Seed:
    async with db.transaction() as s:
        company = Company(name="Ромашка")
        other = Company(name="Другая")
        s.add_all([company, other])
        await s.flush()
        c1 = Contract(
            company_id=company.id,
            number="154396712662",
            name="Ромашка",
            region="Новосибирская область",
            timezone="Asia/Novosibirsk",
        )
        c2 = Contract(
            company_id=company.id,
            number="123310460098",
            name="Ромашка Юг",
            region="Краснодарский край",
            timezone="Europe/Moscow",
        )
        c3 = Contract(
            company_id=other.id,
            number="999999999999",
            name="Чужой",
            region="Москва",
            timezone="Europe/Moscow",
        )
        s.add_all([c1, c2, c3])
        await s.flush()
        accounts = {
            "254396728931": Account(
                company_id=company.id, contract_id=c1.id, number="254396728931", balance=150_000
            ),
            "254396728932": Account(
                company_id=company.id, contract_id=c1.id, number="254396728932", balance=-5_000
            ),
            "123310460098": Account(
                company_id=company.id, contract_id=c2.id, number="123310460098", balance=30_000
            ),
            "999999999998": Account(
                company_id=other.id, contract_id=c3.id, number="999999999998", balance=0
            ),
        }
        s.add_all(accounts.values())
        t1 = Tariff(code="biz", name="Бизнес общение", monthly_fee=50_000)
        t2 = Tariff(code="team", name="Команда", monthly_fee=30_000)
        sv1 = Service(code="sms50", name="50 SMS в поездках", price=10_000)
        sv2 = Service(code="roam", name="Роуминг", price=0)
        s.add_all([t1, t2, sv1, sv2])
        await s.flush()
        d1 = Department(company_id=company.id, name="Дирекция", path="/")
        d3 = Department(company_id=company.id, name="Бухгалтерия", path="/")
        s.add_all([d1, d3])
        await s.flush()
        d1.path, d3.path = f"/{d1.id}/", f"/{d3.id}/"
        d2 = Department(company_id=company.id, name="Отдел продаж", parent_id=d1.id, path="/")
        s.add(d2)
        await s.flush()
        d2.path = f"/{d1.id}/{d2.id}/"
        depts = {"direction": d1, "sales": d2, "accounting": d3}
        ids: dict[str, Number] = {}
        rows = list(NUMBERS)
        for k in range(extra):
            rows.append(
                (
                    f"+7913{1000000 + k:07d}",
                    f"Абонент {k:05d} Тестович",
                    "254396728931",
                    "sales" if k % 2 else "accounting",
                    "active",
                )
            )
        for i, (msisdn, holder, acc, dept, status) in enumerate(rows):
            a = accounts[acc]
            n = Number(
                company_id=company.id,
                contract_id=a.contract_id,
                account_id=a.id,
                department_id=depts[dept].id if dept else None,
                tariff_id=t1.id if i % 2 == 0 else t2.id,
                msisdn=msisdn,
                msisdn_rev=msisdn[::-1],
                iccid=iccid_for(i),
                iccid_rev=iccid_for(i)[::-1],
                holder_name=holder,
                holder_search=holder.lower(),
                comment="ОРКК" if i == 0 else "",
                status=NumberStatus(status),
            )
            s.add(n)
            ids[msisdn] = n
        foreign = Number(
            company_id=other.id,
            contract_id=c3.id,
            account_id=accounts["999999999998"].id,
            tariff_id=t1.id,
            msisdn="+79990000000",
            msisdn_rev="00000009997+",
            iccid="8970109999999999999",
            iccid_rev="9999999999990107998",
            holder_name="Иванов Чужой",
            holder_search="иванов чужой",
        )
        s.add(foreign)
        await s.flush()
        first = ids["+79139479580"]
        s.add_all(
            [
                NumberServiceRow(
                    number_id=first.id,
                    service_id=sv1.id,
                    status="active",
                    auto_disable_at=dt.datetime(2026, 12, 31, tzinfo=dt.UTC),
                ),
                Block(number_id=ids["+79130000002"].id, kind="financial"),
                Forwarding(number_id=first.id, condition="busy", target="+79130000001"),
                NumberLimit(number_id=first.id, amount=100_000, action="notify"),
                Charge(
                    number_id=first.id,
                    account_id=first.account_id,
                    date=TODAY,
                    category="calls",
                    amount=1_234,
                ),
                Charge(
                    number_id=first.id,
                    account_id=first.account_id,
                    date=TODAY.replace(month=10),
                    category="calls",
                    amount=99_999,
                ),
            ]
        )
        users = [User(tg_id=100 + k, full_name=f"U{k}", company_id=company.id) for k in range(3)]
        s.add_all(users)
        await s.flush()
        owner = Principal(
            users[0].id,
            100,
            company.id,
            "ru",
            "Owner",
            (ScopedGrant("owner", DEFAULT_ROLES["owner"], ScopeKind.COMPANY),),
        )
        manager = Principal(
            users[1].id,
            101,
            company.id,
            "ru",
            "Manager",
            (
                ScopedGrant(
                    "manager",
                    DEFAULT_ROLES["manager"],
                    ScopeKind.DEPARTMENT,
                    department_id=d2.id,
                    department_path=d2.path,
                ),
            ),
        )
        employee = Principal(
            users[2].id,
            102,
            company.id,
            "ru",
            "Employee",
            (
                ScopedGrant(
                    "employee",
                    DEFAULT_ROLES["employee"],
                    ScopeKind.OWN,
                    number_id=ids["+79130000003"].id,
                ),
            ),
        )
        return Seed(
            owner,
            manager,
            employee,
            {m: n.id for m, n in ids.items()},
            {k: a.id for k, a in accounts.items()},
            {"c1": c1.id, "c2": c2.id, "foreign": c3.id},
            {k: d.id for k, d in depts.items()},
            {"biz": t1.id, "team": t2.id},
            {"sms50": sv1.id, "roam": sv2.id},
        )
