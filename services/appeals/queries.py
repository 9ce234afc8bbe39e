"""SQL for appeals: whose appeal it is, and what the service centre has to answer."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, Select, and_, or_, select, update
from sqlalchemy.sql.dml import Update

from services.access import Principal
from storage.models import Appeal, AppealMessage, AppealStatus, User

OPEN = (AppealStatus.NEW, AppealStatus.IN_WORK, AppealStatus.ANSWERED)


def readable(principal: Principal) -> ColumnElement[bool]:
    """The author's own appeals; an admin reads every appeal of the company."""
    own = Appeal.user_id == principal.user_id
    if principal.is_admin:
        own = or_(own, Appeal.company_id == principal.company_id)
    return and_(Appeal.company_id == principal.company_id, own)


def mine(principal: Principal) -> Select[Appeal]:
    return (
        select(Appeal)
        .where(Appeal.company_id == principal.company_id, Appeal.user_id == principal.user_id)
        .order_by(Appeal.updated_at.desc(), Appeal.id.desc())
    )


def one(principal: Principal, appeal_id: int) -> Select[Appeal]:
    return select(Appeal).where(Appeal.id == appeal_id, readable(principal))


def thread(appeal_id: int) -> Select[AppealMessage]:
    return (
        select(AppealMessage)
        .where(AppealMessage.appeal_id == appeal_id)
        .order_by(AppealMessage.created_at, AppealMessage.id)
    )


def due(now: dt.datetime, limit: int) -> Select[Appeal, int, str]:
    """Appeals whose answer is due, with the author's chat and language."""
    return (
        select(Appeal, User.tg_id, User.language)
        .join(User, User.id == Appeal.user_id)
        .where(Appeal.status.in_((AppealStatus.NEW, AppealStatus.IN_WORK)))
        .where(Appeal.answer_due_at.is_not(None), Appeal.answer_due_at <= now)
        .order_by(Appeal.answer_due_at)
        .limit(limit)
    )


def take_into_work(now: dt.datetime) -> Update:
    return (
        update(Appeal)
        .where(Appeal.status == AppealStatus.NEW)
        .values(status=AppealStatus.IN_WORK, updated_at=now)
    )


def claim_answer(appeal_id: int, due_at: dt.datetime, now: dt.datetime) -> Update:
    """First sweep wins: the answer is written once even if two sweeps meet."""
    return (
        update(Appeal)
        .where(
            Appeal.id == appeal_id,
            Appeal.answer_due_at == due_at,
            Appeal.status.in_((AppealStatus.NEW, AppealStatus.IN_WORK)),
        )
        .values(status=AppealStatus.ANSWERED, answer_due_at=None, updated_at=now)
    )
