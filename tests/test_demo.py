"""Demo data: deterministic, and consistent the way the bot's queries assume."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.db import Database
from storage.demo import DemoDataError, DemoSummary, generate, is_empty
from storage.migrate import upgrade
from storage.models import Payment

TODAY = dt.date(2025, 3, 14)
NUMBERS = 200
MONTHS = 3


async def _fresh(path: Path) -> Database:
    db = Database(f"sqlite+aiosqlite:///{path}")
    await upgrade(db.engine)
    return db


async def _load(path: Path, seed: int = 7) -> DemoSummary:
    db = await _fresh(path)
    try:
        return await generate(db, numbers=NUMBERS, months=MONTHS, seed=seed, today=TODAY)
    finally:
        await db.close()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoSummary]:
    # Built once: the invariant tests below only read it.
    path = tmp_path_factory.mktemp("demo") / "t.sqlite3"
    return path, asyncio.run(_load(path))


@pytest.fixture
async def demo(demo_file: tuple[Path, DemoSummary]) -> AsyncIterator[Database]:
    db = Database(f"sqlite+aiosqlite:///{demo_file[0]}")
    yield db
    await db.close()


async def _rows(db: Database, sql: str) -> list[tuple[object, ...]]:
    async with db.session() as session:
        return [tuple(r) for r in (await session.execute(text(sql))).all()]


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


@pytest.mark.asyncio
async def test_same_seed_gives_identical_rows(tmp_path: Path) -> None:
    first = await _load(tmp_path / "a.sqlite3")
    second = await _load(tmp_path / "b.sqlite3")
    other = await _load(tmp_path / "c.sqlite3", seed=8)
    assert first.numbers == second.numbers == NUMBERS
    assert (first.charges, first.payments, first.traffic) == (
        second.charges,
        second.payments,
        second.traffic,
    )
    dbs = [Database(f"sqlite+aiosqlite:///{tmp_path / f'{n}.sqlite3'}") for n in "abc"]
    try:
        for table in (
            "accounts",
            "departments",
            "numbers",
            "number_services",
            "blocks",
            "forwardings",
            "number_limits",
            "charges",
            "payments",
            "traffic",
            "promised_payments",
            "free_numbers",
        ):
            sql = f"SELECT * FROM {table} ORDER BY id"
            a, b = await _rows(dbs[0], sql), await _rows(dbs[1], sql)
            assert a, table
            assert a == b, table
        sql = "SELECT msisdn, holder_name, iccid FROM numbers ORDER BY id"
        assert await _rows(dbs[0], sql) != await _rows(dbs[2], sql)
    finally:
        for db in dbs:
            await db.close()
    assert other.numbers == NUMBERS


@pytest.mark.asyncio
async def test_summary_matches_tables(demo: Database, demo_file: tuple[Path, DemoSummary]) -> None:
    summary = demo_file[1]
    for table, expected in (
        ("companies", summary.companies),
        ("contracts", summary.contracts),
        ("accounts", summary.accounts),
        ("numbers", summary.numbers),
        ("departments", summary.departments),
        ("charges", summary.charges),
        ("payments", summary.payments),
        ("traffic", summary.traffic),
    ):
        assert await _rows(demo, f"SELECT count(*) FROM {table}") == [(expected,)], table
    assert summary.contracts == 4
    assert f"{NUMBERS} numbers" in summary.describe()


@pytest.mark.asyncio
async def test_seed_numbers_exist_with_their_holders(demo: Database) -> None:
    rows = await _rows(
        demo,
        """
        SELECT n.msisdn, n.msisdn_rev, n.holder_name, n.holder_search, n.comment, a.number,
               c.number, d.name
        FROM numbers n JOIN accounts a ON a.id = n.account_id
        JOIN contracts c ON c.id = n.contract_id
        LEFT JOIN departments d ON d.id = n.department_id
        WHERE n.msisdn IN ('+79139479580', '+79139479689') ORDER BY n.msisdn
    """,
    )
    assert rows == [
        (
            "+79139479580",
            "0859749319",
            "Иванов Иван Ольгович",
            "иванов иван ольгович",
            "ОРКК",
            "254396728931",
            "154396712662",
            "Продажи Сибирь",
        ),
        (
            "+79139479689",
            "9869749319",
            "Иванов Иван Михайлович",
            "иванов иван михайлович",
            "комментарий 2 Монитор Н.",
            "254396728932",
            "154396712662",
            "Отдел продаж",
        ),
    ]
    companies = await _rows(demo, "SELECT name FROM companies")
    assert companies == [("ООО «Ромашка»",)]
    contracts = await _rows(demo, "SELECT number, region, timezone FROM contracts ORDER BY id")
    assert ("125384841610", "Приморский край", "Asia/Vladivostok") in contracts


@pytest.mark.asyncio
async def test_identifiers_are_well_formed_and_unique(demo: Database) -> None:
    rows = await _rows(
        demo, "SELECT msisdn, msisdn_rev, iccid, iccid_rev, holder_name, holder_search FROM numbers"
    )
    free = await _rows(demo, "SELECT msisdn FROM free_numbers")
    msisdns = [r[0] for r in rows]
    assert len(set(msisdns)) == len(msisdns)
    assert not {f[0] for f in free} & set(msisdns)
    assert len(free) == 4 * 20
    for msisdn, rev, iccid, iccid_rev, holder, search in rows:
        assert re.fullmatch(r"\+79\d{9}", msisdn)
        assert rev == msisdn[2:][::-1]
        assert re.fullmatch(r"897010\d{13,14}", iccid)
        assert _luhn_ok(iccid), iccid
        assert iccid_rev == iccid[::-1]
        assert search == holder.lower()
    iccids = [r[2] for r in rows]
    assert len(set(iccids)) == len(iccids)
    accounts = await _rows(demo, "SELECT number FROM accounts")
    assert all(re.fullmatch(r"\d{12}", a[0]) for a in accounts)
    assert len({a[0] for a in accounts}) == len(accounts)


@pytest.mark.asyncio
async def test_conflicting_services_never_on_one_number(demo: Database) -> None:
    conflicts = await _rows(demo, "SELECT service_id, other_id FROM service_conflicts")
    assert len(conflicts) >= 2
    assert {(b, a) for a, b in conflicts} == set(conflicts)  # both directions
    clashes = await _rows(
        demo,
        """
        SELECT a.number_id FROM number_services a
        JOIN service_conflicts sc ON sc.service_id = a.service_id
        JOIN number_services b ON b.number_id = a.number_id AND b.service_id = sc.other_id
    """,
    )
    assert clashes == []
    duplicates = await _rows(
        demo, "SELECT number_id, service_id FROM number_services GROUP BY 1, 2 HAVING count(*) > 1"
    )
    assert duplicates == []


@pytest.mark.asyncio
async def test_numbers_fit_their_contract_and_tariff(demo: Database) -> None:
    wrong_account = await _rows(
        demo,
        """
        SELECT n.id FROM numbers n JOIN accounts a ON a.id = n.account_id
        WHERE a.contract_id != n.contract_id
    """,
    )
    assert wrong_account == []
    wrong_tariff = await _rows(
        demo,
        """
        SELECT n.id FROM numbers n LEFT JOIN contract_tariffs ct
          ON ct.contract_id = n.contract_id AND ct.tariff_id = n.tariff_id
        WHERE ct.tariff_id IS NULL
    """,
    )
    assert wrong_tariff == []
    not_allowed = await _rows(
        demo,
        """
        SELECT ns.id FROM number_services ns JOIN numbers n ON n.id = ns.number_id
        LEFT JOIN tariff_services ts
          ON ts.tariff_id = n.tariff_id AND ts.service_id = ns.service_id
        WHERE ts.service_id IS NULL
    """,
    )
    assert not_allowed == []
    # Not every contract offers every tariff.
    offered = await _rows(demo, "SELECT contract_id, count(*) FROM contract_tariffs GROUP BY 1")
    assert min(n for _, n in offered) < 5


@pytest.mark.asyncio
async def test_department_paths_are_consistent(demo: Database) -> None:
    departments = {
        i: (parent, path)
        for i, parent, path in await _rows(demo, "SELECT id, parent_id, path FROM departments")
    }
    for dep_id, (parent, path) in departments.items():
        expected = "/" if parent is None else departments[parent][1]
        assert path == f"{expected}{dep_id}/"
    assert departments[1] == (None, "/1/")
    assert departments[2][1] == "/1/2/"
    unassigned = await _rows(demo, "SELECT count(*) FROM numbers WHERE department_id IS NULL")
    assert 0 < unassigned[0][0] < NUMBERS // 4


@pytest.mark.asyncio
async def test_statuses_blocks_and_promised_payments_agree(demo: Database) -> None:
    statuses = dict(await _rows(demo, "SELECT status, count(*) FROM numbers GROUP BY 1"))
    assert statuses["active"] > NUMBERS * 0.9
    assert statuses.get("blocked", 0) > 0
    mismatched = await _rows(
        demo,
        """
        SELECT n.id FROM numbers n
        WHERE (n.status = 'blocked') !=
              EXISTS (SELECT 1 FROM blocks b WHERE b.number_id = n.id AND b.active)
    """,
    )
    assert mismatched == []
    twice = await _rows(
        demo,
        "SELECT account_id FROM promised_payments WHERE status = 'active' "
        "GROUP BY 1 HAVING count(*) > 1",
    )
    assert twice == []
    kinds = {k for (k,) in await _rows(demo, "SELECT DISTINCT kind FROM blocks")}
    assert kinds <= {"voluntary", "lost", "financial"}


@pytest.mark.asyncio
async def test_history_covers_the_window(demo: Database) -> None:
    periods = await _rows(demo, "SELECT DISTINCT period FROM traffic ORDER BY 1")
    assert [p for (p,) in periods] == ["2025-01-01", "2025-02-01", "2025-03-01"]
    doubled = await _rows(
        demo, "SELECT number_id, period FROM traffic GROUP BY 1, 2 HAVING count(*) > 1"
    )
    assert doubled == []
    bounds = await _rows(demo, "SELECT min(date), max(date), min(amount) FROM charges")
    assert bounds[0][0] >= "2025-01-01"
    assert bounds[0][1] <= TODAY.isoformat()
    assert bounds[0][2] > 0
    categories = {c for (c,) in await _rows(demo, "SELECT DISTINCT category FROM charges")}
    assert categories == {"subscription", "calls", "sms", "data", "services"}
    per_month = await _rows(
        demo,
        """
        SELECT avg(n) FROM (SELECT count(*) AS n FROM charges
                            GROUP BY number_id, substr(date, 1, 7))
    """,
    )
    assert 3 <= per_month[0][0] <= 5
    wrong_account = await _rows(
        demo,
        """
        SELECT c.id FROM charges c JOIN numbers n ON n.id = c.number_id
        WHERE n.account_id != c.account_id LIMIT 1
    """,
    )
    assert wrong_account == []
    paying = await _rows(demo, "SELECT count(DISTINCT account_id) FROM payments")
    accounts = await _rows(demo, "SELECT count(*) FROM accounts")
    assert paying[0][0] >= accounts[0][0] * 0.8
    low = await _rows(demo, "SELECT count(*) FROM accounts WHERE balance < 50000")
    assert low[0][0] > 0
    # The loader rebuilds the history indexes it drops for speed.
    indexes = await _rows(
        demo,
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN "
        "('charges', 'traffic') AND name LIKE 'ix_%' ORDER BY name",
    )
    assert [n for (n,) in indexes] == [
        "ix_charges_account_date",
        "ix_charges_date_category",
        "ix_charges_number_date",
        "ix_traffic_number_period",
    ]


@pytest.mark.asyncio
async def test_refuses_a_database_that_is_not_empty(tmp_path: Path) -> None:
    db = await _fresh(tmp_path / "t.sqlite3")
    try:
        assert await is_empty(db)
        await generate(db, numbers=20, months=1, today=TODAY)
        assert not await is_empty(db)
        with pytest.raises(DemoDataError):
            await generate(db, numbers=20, months=1, today=TODAY)
        assert await _rows(db, "SELECT count(*) FROM companies") == [(1,)]
    finally:
        await db.close()


@pytest.mark.asyncio
async def test_new_rows_get_fresh_ids_after_loading(db: Database) -> None:
    # On PostgreSQL the demo's explicit ids must have moved the sequences on.
    summary = await generate(db, numbers=60, months=2, today=TODAY)
    async with db.transaction() as session:
        payment = Payment(account_id=1, date=TODAY, amount=100_00)
        session.add(payment)
        await session.flush()
        assert payment.id == summary.payments + 1


def _inn_ok(inn: str) -> bool:
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    return (
        len(inn) == 10
        and int(inn[9]) == sum(int(d) * w for d, w in zip(inn, weights, strict=False)) % 11 % 10
    )


@pytest.mark.asyncio
async def test_requisites_for_documents(demo: Database) -> None:
    companies = await _rows(demo, "SELECT name, inn, kpp, legal_address FROM companies")
    assert len(companies) == 1
    name, inn, kpp, address = companies[0]
    assert name == "ООО «Ромашка»"
    assert _inn_ok(str(inn)), inn
    assert re.fullmatch(r"\d{9}", str(kpp)) and str(kpp)[:4] == str(inn)[:4]
    assert "Новосибирск" in str(address)
    signed = await _rows(demo, "SELECT signed_on FROM contracts")
    assert len(signed) == 4
    assert all(s is not None and str(s) < TODAY.isoformat() for (s,) in signed)


@pytest.mark.asyncio
async def test_neighbour_is_a_separate_holding_and_leaves_the_first_as_it_was(
    db: Database, tmp_path: Path
) -> None:
    from services.users import DEFAULT_ROLES, UserService
    from storage.demo import NEIGHBOUR

    alone = await _load(tmp_path / "alone.sqlite3")
    summary = await generate(
        db, numbers=NUMBERS, months=MONTHS, today=TODAY, neighbour=True, roles=DEFAULT_ROLES
    )
    assert summary.companies == 2
    assert summary.users == len(NEIGHBOUR.users)
    assert "2 companies" in summary.describe()
    names = await _rows(db, "SELECT id, name FROM companies ORDER BY id")
    assert names == [(1, "ООО «Ромашка»"), (2, "АО «Вектор Логистик»")]
    per_company = await _rows(
        db, "SELECT company_id, count(*) FROM numbers GROUP BY company_id ORDER BY 1"
    )
    assert per_company[0] == (1, alone.numbers)
    assert per_company[1][1] >= 20
    # Everything of the neighbour points at the neighbour only.
    for sql in (
        "SELECT count(*) FROM numbers n JOIN accounts a ON a.id = n.account_id "
        "WHERE a.company_id != n.company_id",
        "SELECT count(*) FROM numbers n JOIN contracts c ON c.id = n.contract_id "
        "WHERE c.company_id != n.company_id",
        "SELECT count(*) FROM numbers n JOIN departments d ON d.id = n.department_id "
        "WHERE d.company_id != n.company_id",
        "SELECT count(*) FROM departments d JOIN departments p ON p.id = d.parent_id "
        "WHERE d.company_id != p.company_id",
    ):
        assert await _rows(db, sql) == [(0,)], sql
    inns = await _rows(db, "SELECT inn FROM companies ORDER BY id")
    assert len({i for (i,) in inns}) == 2 and all(_inn_ok(str(i)) for (i,) in inns)

    users = UserService(db)
    owner = await users.principal(NEIGHBOUR.users[0].tg_id)
    assert owner is not None and owner.company_id == 2
    employee = await users.principal(NEIGHBOUR.users[-1].tg_id)
    assert employee is not None and employee.company_id == 2
    assert [g.scope.value for g in employee.grants] == ["own"]
    # The first company's owners come from ADMIN_IDS as before, and stay company 1.
    assert await users.bootstrap([4242]) == 1
