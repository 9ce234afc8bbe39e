"""Appeals at the service level: the service centre takes each into work and answers it once,
after its time; only the author reads, replies, closes and rates."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from services.appeals import AppealService
from services.events import AppealAnswered, EventBus
from services.users import InviteResult, TgUser, UserService
from storage import demo
from storage.db import Database
from storage.models import AppealStatus, AppealTopic, Number, ScopeKind

T0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
OWNER = TgUser(1, "Ольга Владелец")
MANAGER = TgUser(2, "Пётр Руководитель")
VIEWER = TgUser(3, "Вера Наблюдатель")


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now


async def _world(db: Database) -> tuple[UserService, AppealService, Clock, list[AppealAnswered]]:
    await demo.generate(db, numbers=40, months=1, seed=3, today=dt.date(2026, 11, 1))
    users = UserService(db)
    await users.bootstrap([OWNER.id])
    owner = await users.principal(OWNER.id)
    assert owner is not None
    for tg, role in ((MANAGER, "manager"), (VIEWER, "viewer")):
        invite = await users.create_invite(owner, role, ScopeKind.COMPANY, None, dt.timedelta(1))
        assert await users.accept_invite(tg, invite.code) == InviteResult.JOINED
    bus, told = EventBus(), []

    async def tell(event: AppealAnswered) -> None:
        told.append(event)

    bus.subscribe(AppealAnswered, tell)
    clock = Clock()
    return (
        users,
        AppealService(db, answer_after=dt.timedelta(minutes=10), bus=bus, clock=clock),
        clock,
        told,
    )


async def test_service_centre_answers_once_after_its_time(db: Database) -> None:
    users, appeals, clock, told = await _world(db)
    owner = await users.principal(OWNER.id)
    assert owner is not None
    row = await appeals.create(owner, AppealTopic.BILLING, "Почему списали 300 ₽?\nПодробности")
    assert row.subject == "Почему списали 300 ₽?" and row.status == AppealStatus.NEW

    clock.now = T0 + dt.timedelta(minutes=5)
    assert await appeals.tick() == []
    view = await appeals.get(owner, row.id)
    assert view is not None and view.row.status == AppealStatus.IN_WORK

    clock.now = T0 + dt.timedelta(minutes=11)
    answered = await appeals.tick()
    assert [a.appeal_id for a in answered] == [row.id] and told == answered
    assert "№" in answered[0].answer and str(row.id) in answered[0].answer
    assert await appeals.tick() == []  # once
    view = await appeals.get(owner, row.id)
    assert view is not None and view.row.status == AppealStatus.ANSWERED
    assert [m.from_operator for m in view.messages] == [False, True]

    # the author replies: the service centre answers that too, after its time again
    assert await appeals.reply(owner, row.id, "Спасибо, а за октябрь?")
    assert await appeals.tick() == []
    clock.now += dt.timedelta(minutes=10)
    assert len(await appeals.tick()) == 1
    assert await appeals.rate(owner, row.id, 5)
    assert not await appeals.rate(owner, row.id, 6)
    assert await appeals.close(owner, row.id)
    assert not await appeals.close(owner, row.id)
    assert not await appeals.reply(owner, row.id, "ещё вопрос")  # closed
    view = await appeals.get(owner, row.id)
    assert view is not None and view.row.rating == 5 and len(view.messages) == 4


async def test_only_the_author_writes_and_numbers_stay_in_scope(db: Database) -> None:
    users, appeals, _clock, _ = await _world(db)
    owner = await users.principal(OWNER.id)
    viewer = await users.principal(MANAGER.id)  # a manager of the whole company
    outsider = await users.principal(VIEWER.id)  # a viewer has no appeals workplace
    assert owner is not None and viewer is not None and outsider is not None
    async with db.session() as s:
        msisdns = list(await s.scalars(select(Number.msisdn).order_by(Number.id).limit(2)))
    parsed = await appeals.parse_numbers(viewer, f"{msisdns[0]}, +7 999 000-00-00; abc")
    assert len(parsed.ids) == 1 and parsed.unknown == ("+7 999 000-00-00", "abc")

    row = await appeals.create(viewer, AppealTopic.NUMBER, "SIM", number_ids=[*parsed.ids, 10**9])
    view = await appeals.get(viewer, row.id)
    assert view is not None and view.numbers == (msisdns[0],)  # the forged id is dropped

    # the admin may read the company's appeals, but not write in someone else's
    admin_view = await appeals.get(owner, row.id)
    assert admin_view is not None and not admin_view.may_write(owner)
    assert not await appeals.reply(owner, row.id, "чужое")
    assert not await appeals.close(owner, row.id)
    assert await appeals.mine(owner) == []
    # a viewer cannot read another's appeal at all
    own = await appeals.create(owner, AppealTopic.OTHER, "вопрос")
    assert await appeals.get(viewer, own.id) is None
    assert not await appeals.rate(viewer, own.id, 3)
    with pytest.raises(PermissionError):
        await appeals.create(outsider, AppealTopic.OTHER, "можно?")
