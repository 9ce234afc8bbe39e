"""Action history at the service level: filters return exactly the matching rows, and a
department manager reads only what touched their department."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from services.access import Principal
from services.history import HistoryFilter, HistoryService
from services.users import InviteResult, TgUser, UserService
from storage import demo
from storage.db import Database
from storage.models import (
    Department,
    History,
    Number,
    Operation,
    OperationItem,
    ScopeKind,
)

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
OWNER = TgUser(1, "Ольга Владелец")
MANAGER = TgUser(2, "Пётр Руководитель")


async def _world(db: Database) -> tuple[UserService, dict[str, int]]:
    await demo.generate(db, numbers=60, months=1, seed=3, today=dt.date(2026, 11, 1))
    users = UserService(db)
    await users.bootstrap([OWNER.id])
    owner = await users.principal(OWNER.id)
    assert owner is not None
    async with db.session() as s:
        sales = await s.scalar(select(Department).where(Department.name == "Отдел продаж"))
        assert sales is not None
        subtree = select(Department.id).where(Department.path.startswith(sales.path))
        inside = await s.scalar(select(Number.id).where(Number.department_id.in_(subtree)))
        outside = await s.scalar(select(Number.id).where(Number.department_id.not_in(subtree)))
    invite = await users.create_invite(
        owner, "manager", ScopeKind.DEPARTMENT, sales.id, dt.timedelta(days=1)
    )
    assert await users.accept_invite(MANAGER, invite.code) == InviteResult.JOINED
    manager = await users.principal(MANAGER.id)
    assert manager is not None and inside and outside
    ids = {"owner": owner.user_id, "manager": manager.user_id, "in": inside, "out": outside}
    async with db.transaction() as s:
        # An operation over the outside number whose row carries no number of its own.
        op = Operation(company_id=owner.company_id, user_id=owner.user_id, code="tariff")
        s.add(op)
        await s.flush()
        s.add(OperationItem(operation_id=op.id, number_id=outside))
        ids["op"] = op.id
        rows = [
            # (days ago, user, action, status, number, operation)
            (1, "owner", "op.tariff", "done", None, op.id),
            (2, "owner", "op.block_on", "failed", "in", None),
            (3, "manager", "approval.request", "pending", "in", None),
            (10, "owner", "role.create", "done", None, None),
            (40, "owner", "op.sms", "done", "out", None),
            (200, "manager", "selection.save", "done", None, None),
        ]
        for ago, who, action, status, number, operation in rows:
            s.add(
                history_row(
                    owner.company_id,
                    ids[who],
                    action,
                    status,
                    ids[number] if number else None,
                    operation,
                    NOW - dt.timedelta(days=ago),
                )
            )
    return users, ids


def history_row(
    company_id: int,
    user_id: int,
    action: str,
    status: str,
    number_id: int | None,
    operation_id: int | None,
    at: dt.datetime,
) -> History:
    return History(
        company_id=company_id,
        user_id=user_id,
        action=action,
        status=status,
        number_id=number_id,
        operation_id=operation_id,
        created_at=at,
    )


async def _actions(
    svc: HistoryService, principal: Principal | None, flt: HistoryFilter
) -> list[str]:
    assert principal is not None
    return [e.action for e in await svc.entries(principal, flt)]


async def test_filters_return_exactly_the_matching_rows(db: Database) -> None:
    users, ids = await _world(db)
    owner = await users.principal(OWNER.id)
    svc = HistoryService(db, clock=lambda: NOW)
    # invite.create and invite.accept were written just now (real time, in the future of NOW)
    assert await _actions(svc, owner, HistoryFilter(days=30, kind="operations")) == [
        "op.tariff",
        "op.block_on",
    ]
    assert await _actions(svc, owner, HistoryFilter(days=None, kind="operations")) == [
        "op.tariff",
        "op.block_on",
        "op.sms",
    ]
    assert await _actions(svc, owner, HistoryFilter(days=None, status="failed")) == ["op.block_on"]
    by_manager = await _actions(svc, owner, HistoryFilter(days=365, user_id=ids["manager"]))
    assert "approval.request" in by_manager and "selection.save" in by_manager
    assert "op.tariff" not in by_manager
    # A number's history includes operations that touched it through their items.
    assert await _actions(svc, owner, HistoryFilter(days=None, number_id=ids["out"])) == [
        "op.tariff",
        "op.sms",
    ]
    page = await svc.page(owner, HistoryFilter(days=None, kind="operations"), page=7, size=2)
    assert (page.total, page.pages, page.page, len(page.entries)) == (3, 2, 1, 1)


async def test_manager_reads_only_their_scope(db: Database) -> None:
    users, ids = await _world(db)
    manager = await users.principal(MANAGER.id)
    svc = HistoryService(db, clock=lambda: NOW)
    seen = await _actions(svc, manager, HistoryFilter(days=None))
    # their department's number, their own actions; not the outside number's operations
    assert "op.block_on" in seen and "approval.request" in seen and "selection.save" in seen
    assert "op.tariff" not in seen and "op.sms" not in seen and "role.create" not in seen
    assert await svc.find_number(manager, "+70000000000") is None
    async with db.session() as s:
        outside = await s.scalar(select(Number.msisdn).where(Number.id == ids["out"]))
        inside = await s.scalar(select(Number.msisdn).where(Number.id == ids["in"]))
    assert outside and inside
    assert await svc.find_number(manager, outside) is None  # as if it did not exist
    assert await svc.find_number(manager, inside) == ids["in"]
    # a forged author id only narrows within the scope
    assert await _actions(svc, manager, HistoryFilter(days=None, user_id=ids["owner"])) == [
        "op.block_on"
    ]
    # the author list offers only people whose actions the manager may read
    authors = [uid for uid, _ in await svc.authors(manager)]
    assert ids["manager"] in authors and ids["owner"] in authors  # op.block_on is in scope


def test_every_recorded_action_has_a_title_in_both_languages() -> None:
    """An entry the code writes never reads as the bare «Действие» in the history list:
    each action string in services/ and handlers/ (and each value of the f-string ones)
    has its title."""
    import re
    from pathlib import Path

    from handlers.history.dialog import action_title
    from locales import translator
    from services.documents.model import DocKind
    from services.reports.spec import ReportCode
    from storage.models import ApprovalStatus

    root = Path(__file__).resolve().parents[1]
    literal = re.compile(r'action="([a-z_.]+)"')
    actions: set[str] = set()
    for folder in ("services", "handlers"):
        for path in (root / folder).rglob("*.py"):
            actions.update(literal.findall(path.read_text(encoding="utf-8")))
    actions |= {f"document.{k.value}" for k in DocKind}
    actions |= {f"approval.{s.value}" for s in ApprovalStatus if s.value != "pending"}
    actions |= {"budget.80", "budget.100", "promised.repaid", "promised.overdue"}
    actions |= {f"report.{c.value}" for c in ReportCode}
    assert len(actions) > 40
    for lang in ("ru", "en"):
        i18n = translator(lang)
        other = i18n("hist-action-other")
        untitled = sorted(a for a in actions if action_title(i18n, a) == other)
        assert untitled == [], (lang, untitled)


async def test_reports_ordered_and_settings_changed_are_in_the_history(db: Database) -> None:
    """«Документы и отчёты» lists each report ordered; «Настройки» each alert or threshold
    change — who, when, what."""
    from services.access import ScopedGrant
    from services.notifications import DeliveryQueue, Outbox
    from services.notifications.alerts import AlertService
    from services.periods import Period, PeriodKind
    from services.reports.service import ReportService
    from services.reports.spec import Grouping, ReportCode, ReportRequest
    from services.users import DEFAULT_ROLES
    from storage.models import Account, AlertKind, ScopeKind, User

    today = dt.date(2026, 5, 17)
    await demo.generate(db, numbers=40, months=2, seed=3, today=today)
    grant = ScopedGrant("owner", DEFAULT_ROLES["owner"], ScopeKind.COMPANY)
    async with db.transaction() as s:
        user = User(tg_id=5550001, full_name="Бухгалтер", company_id=1, active=True)
        s.add(user)
        await s.flush()
        account_id = await s.scalar(select(Account.id).where(Account.company_id == 1).limit(1))
    me = Principal(user.id, user.tg_id, 1, "ru", "Бухгалтер", (grant,))
    period = Period.preset(PeriodKind.LAST_MONTH, today)
    await ReportService(db).record(
        me, ReportRequest(ReportCode.TRAFFIC, period, Grouping.CONTRACT, today=today)
    )
    users = UserService(db)
    alerts = AlertService(db, users, DeliveryQueue(db), Outbox(db))
    await alerts.cycle(me.user_id, AlertKind.BALANCE_LOW)
    assert await alerts.set_threshold(me, account_id, 50_000)
    service = HistoryService(db)
    reports = await service.page(me, HistoryFilter(kind="documents"))
    settings = await service.page(me, HistoryFilter(kind="settings"))
    assert [e.action for e in reports.entries] == ["report.traffic"]
    assert sorted(e.action for e in settings.entries) == [
        "settings.alert",
        "settings.threshold",
    ]
