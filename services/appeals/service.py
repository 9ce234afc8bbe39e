"""Appeals («Обращения»): the author writes, the service centre answers, the author replies,
closes and rates. The embedded operator plays the service centre: a sweep takes new appeals
into work and answers each after `answer_after`, in the author's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Select, false, select

from locales import translator
from services import history
from services.access import Principal
from services.appeals import queries
from services.events import AppealAnswered, EventBus
from services.numbers.phones import normalize
from storage.db import Database, affected
from storage.models import Appeal, AppealMessage, AppealStatus, AppealTopic, Number, utcnow

MAX_TEXT = 3000  # a Telegram message is 4096; leave room for the thread's frame
MAX_NUMBERS = 20


@dataclass(frozen=True)
class AppealRow:
    id: int
    topic: AppealTopic
    subject: str
    status: AppealStatus
    created_at: dt.datetime
    updated_at: dt.datetime
    rating: int | None


@dataclass(frozen=True)
class ThreadMessage:
    from_operator: bool
    text: str
    file_name: str | None
    at: dt.datetime


@dataclass(frozen=True)
class AppealView:
    row: AppealRow
    author_id: int
    numbers: tuple[str, ...]
    messages: tuple[ThreadMessage, ...]

    def may_write(self, principal: Principal) -> bool:
        return self.author_id == principal.user_id and self.row.status != AppealStatus.CLOSED


@dataclass(frozen=True)
class Numbers:
    ids: tuple[int, ...]
    unknown: tuple[str, ...]  # typed but not a number of this user's scope


class AppealService:
    def __init__(
        self,
        db: Database,
        *,
        answer_after: dt.timedelta,
        bus: EventBus,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.db = db
        self.bus = bus
        self.answer_after = answer_after
        self.clock = clock

    async def parse_numbers(self, principal: Principal, text: str) -> Numbers:
        """Numbers typed in one message, separated by commas, spaces or lines."""
        parts = [p for p in text.replace(";", ",").replace("\n", ",").split(",") if p.strip()]
        ids: list[int] = []
        unknown: list[str] = []
        async with self.db.session() as s:
            for part in parts[:MAX_NUMBERS]:
                msisdn = normalize(part)
                found = None
                if msisdn:
                    found = await s.scalar(
                        select(Number.id).where(
                            Number.msisdn == msisdn,
                            Number.company_id == principal.company_id,
                            principal.number_scope(),
                        )
                    )
                if found is None:
                    unknown.append(part.strip()[:40])
                elif found not in ids:
                    ids.append(found)
        return Numbers(tuple(ids), tuple(unknown))

    async def create(
        self,
        principal: Principal,
        topic: AppealTopic,
        text: str,
        *,
        number_ids: Sequence[int] = (),
        file_id: str | None = None,
        file_name: str | None = None,
        chat_id: int | None = None,
    ) -> AppealRow:
        if not principal.may("appeals"):
            raise PermissionError("appeals")
        now = self.clock()
        text = text.strip()[:MAX_TEXT]
        subject = (text.splitlines()[0] if text else (file_name or ""))[:120]
        async with self.db.transaction() as s:
            # Ids came through the dialog: keep only the ones this user may name.
            allowed = list(
                await s.scalars(
                    select(Number.id).where(
                        Number.id.in_(list(number_ids)[:MAX_NUMBERS]),
                        Number.company_id == principal.company_id,
                        principal.number_scope(),
                    )
                )
            )
            appeal = Appeal(
                company_id=principal.company_id,
                user_id=principal.user_id,
                topic=topic,
                subject=subject,
                text=text,
                number_ids=allowed,
                status=AppealStatus.NEW,
                answer_due_at=now + self.answer_after,
                created_at=now,
                updated_at=now,
            )
            s.add(appeal)
            await s.flush()
            s.add(
                AppealMessage(
                    appeal_id=appeal.id,
                    text=text,
                    file_id=file_id,
                    file_name=file_name,
                    chat_id=chat_id,
                    created_at=now,
                )
            )
            history.record(
                s,
                company_id=principal.company_id,
                user_id=principal.user_id,
                action="appeal.create",
                appeal_id=appeal.id,
                topic=topic.value,
            )
            return _row(appeal)

    async def mine(self, principal: Principal) -> list[AppealRow]:
        async with self.db.session() as s:
            return [_row(a) for a in await s.scalars(queries.mine(principal))]

    async def get(self, principal: Principal, appeal_id: int) -> AppealView | None:
        if not principal.may("appeals"):
            return None
        async with self.db.session() as s:
            appeal = await s.scalar(queries.one(principal, appeal_id))
            if appeal is None:
                return None
            messages = [
                ThreadMessage(m.from_operator, m.text, m.file_name, m.created_at)
                for m in await s.scalars(queries.thread(appeal.id))
            ]
            ids = [int(i) for i in appeal.number_ids or []]
            numbers = list(await s.scalars(select(Number.msisdn).where(Number.id.in_(ids))))
            return AppealView(_row(appeal), appeal.user_id, tuple(numbers), tuple(messages))

    async def reply(
        self,
        principal: Principal,
        appeal_id: int,
        text: str,
        *,
        file_id: str | None = None,
        file_name: str | None = None,
    ) -> bool:
        """The author writes again: the service centre will answer this too."""
        now = self.clock()
        async with self.db.transaction() as s:
            appeal = await s.scalar(
                _writable(principal, appeal_id).where(Appeal.status != AppealStatus.CLOSED)
            )
            if appeal is None:
                return False
            appeal.status = AppealStatus.IN_WORK
            appeal.answer_due_at = now + self.answer_after
            appeal.updated_at = now
            s.add(
                AppealMessage(
                    appeal_id=appeal.id,
                    text=text.strip()[:MAX_TEXT],
                    file_id=file_id,
                    file_name=file_name,
                    created_at=now,
                )
            )
            return True

    async def close(self, principal: Principal, appeal_id: int) -> bool:
        async with self.db.transaction() as s:
            appeal = await s.scalar(_writable(principal, appeal_id))
            if appeal is None or appeal.status == AppealStatus.CLOSED:
                return False
            appeal.status = AppealStatus.CLOSED
            appeal.answer_due_at = None
            appeal.updated_at = self.clock()
            history.record(
                s,
                company_id=principal.company_id,
                user_id=principal.user_id,
                action="appeal.close",
                appeal_id=appeal.id,
            )
            return True

    async def rate(self, principal: Principal, appeal_id: int, stars: int) -> bool:
        """Once the service centre has answered; the latest rating stands."""
        if not 1 <= stars <= 5:
            return False
        async with self.db.transaction() as s:
            appeal = await s.scalar(
                _writable(principal, appeal_id).where(
                    Appeal.status.in_((AppealStatus.ANSWERED, AppealStatus.CLOSED))
                )
            )
            if appeal is None:
                return False
            appeal.rating = stars
            return True

    async def tick(self, now: dt.datetime | None = None, limit: int = 200) -> list[AppealAnswered]:
        """The service centre's turn: new appeals go into work, due ones get their answer."""
        now = now or self.clock()
        answered: list[AppealAnswered] = []
        async with self.db.transaction() as s:
            await s.execute(queries.take_into_work(now))
            rows = (await s.execute(queries.due(now, limit))).all()
            for appeal, tg_id, language in rows:
                assert appeal.answer_due_at is not None
                claimed = await s.execute(
                    queries.claim_answer(appeal.id, appeal.answer_due_at, now)
                )
                if not affected(claimed):
                    continue
                i18n = translator(language)
                answer = i18n.plain(f"appeal-answer-{appeal.topic.value}", id=appeal.id)
                s.add(
                    AppealMessage(
                        appeal_id=appeal.id, from_operator=True, text=answer, created_at=now
                    )
                )
                answered.append(AppealAnswered(appeal.id, tg_id, language, appeal.subject, answer))
        for event in answered:  # after the commit: the thread already holds the answer
            await self.bus.publish(event)
        return answered


def _writable(principal: Principal, appeal_id: int) -> Select[Appeal]:
    """The author's own appeal, and only while they still have the workplace."""
    query = queries.one(principal, appeal_id).where(Appeal.user_id == principal.user_id)
    return query if principal.may("appeals") else query.where(false())


def _row(a: Appeal) -> AppealRow:
    return AppealRow(a.id, a.topic, a.subject, a.status, a.created_at, a.updated_at, a.rating)
