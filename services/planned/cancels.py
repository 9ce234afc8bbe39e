"""Cancelling through a request, where the policy says so.

Whether someone may cancel an item is the role's word, as for every permission: a role
whose «Запланированное» permission is "request" (or that may only request the deferred
operation itself) does not cancel; its press asks those who may — the company's admins
and the item's author — who are told in the chat, see «❓ Отмену просит: …» on the item's
card and decide there: «Отменить» cancels it (the asker is told), «Оставить» refuses the
request (the asker is told too). One request per item at a time; each step is a
conditional update and lands in the action history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from locales import translator
from services import history
from services.access import Mode, Principal
from services.formatting import moment, zone
from services.notifications.delivery import DeliveryQueue
from services.notifications.service import menu_button
from services.planned.views import Outcome
from storage.db import affected
from storage.models import Grant, PlanKind, PlannedItem, PlanState, Role, User

PERMISSION = "scheduled"


@dataclass(frozen=True)
class Note:
    """One chat message to send once the transaction is committed."""

    tg_id: int
    language: str
    key: str
    args: dict[str, str]


def may_request(principal: Principal, item: PlannedItem) -> bool:
    if principal.mode(PERMISSION) == Mode.REQUEST:
        return True
    code = str(item.payload.get("code", ""))
    return item.kind == PlanKind.OPERATION and principal.mode(f"op.{code}") == Mode.REQUEST


def _about(item: PlannedItem, language: str) -> dict[str, str]:
    i18n = translator(language)
    return {
        "kind": i18n.plain(f"pl-kind-{item.kind.value}"),
        "when": moment(item.next_run_at, zone(item.timezone)),
        "id": str(item.id),
    }


class CancelRequests:
    """PlanService's part that asks, refuses and tells (its actions call these inside
    their own transaction, then `_tell` once it is committed)."""

    delivery: DeliveryQueue | None

    async def _ask_cancel(
        self, s: AsyncSession, principal: Principal, item: PlannedItem | None
    ) -> tuple[Outcome, list[Note]]:
        """The user sees the item but may not cancel it: ask, where their role may."""
        if item is None or not may_request(principal, item):
            return Outcome.FORBIDDEN, []
        if item.state != PlanState.PENDING:
            return Outcome.GONE, []
        if item.payload.get("cancel_request"):
            return Outcome.ASKED, []
        asked = {"by": principal.user_id, "name": principal.full_name}
        if not await self._set_payload(s, item, {**item.payload, "cancel_request": asked}):
            return Outcome.ASKED, []
        history.record(
            s,
            company_id=item.company_id,
            user_id=principal.user_id,
            action="planned.cancel_request",
            operation_id=item.operation_id,
            planned_id=item.id,
            kind=item.kind.value,
        )
        notes = [
            Note(tg, lang, "pl-ask-cancel", {"who": principal.full_name, **_about(item, lang)})
            for tg, lang in await self._deciders(s, item, principal.user_id)
        ]
        return Outcome.REQUESTED, notes

    async def _refuse(
        self, s: AsyncSession, principal: Principal, item: PlannedItem
    ) -> tuple[Outcome, list[Note]]:
        """«Оставить»: the request to cancel is refused; the item stays as it is."""
        if not item.payload.get("cancel_request"):
            return Outcome.GONE, []
        answer = await self._answer_of(s, item, approved=False)  # before the payload changes
        payload = {k: v for k, v in item.payload.items() if k != "cancel_request"}
        if not await self._set_payload(s, item, payload):
            return Outcome.GONE, []
        history.record(
            s,
            company_id=item.company_id,
            user_id=principal.user_id,
            action="planned.cancel_refuse",
            planned_id=item.id,
            kind=item.kind.value,
        )
        return Outcome.DONE, answer

    @staticmethod
    async def _set_payload(s: AsyncSession, item: PlannedItem, payload: dict[str, Any]) -> bool:
        """One winner: only while the item is pending and nobody changed its payload."""
        moved = await s.execute(
            update(PlannedItem)
            .where(
                PlannedItem.id == item.id,
                PlannedItem.state == PlanState.PENDING,
                PlannedItem.next_run_at == item.next_run_at,
                PlannedItem.runs == item.runs,
            )
            .values(payload=payload)
        )
        return affected(moved) == 1

    @staticmethod
    async def _deciders(s: AsyncSession, item: PlannedItem, asker: int) -> list[tuple[int, str]]:
        """Who may cancel it for the asker: the company's admins and the item's author."""
        admins = (
            select(User.id)
            .join(Grant, Grant.user_id == User.id)
            .join(Role, Role.id == Grant.role_id)
            .where(Role.code.in_(("owner", "admin")))
        )
        rows = await s.execute(
            select(User.tg_id, User.language)
            .where(
                User.company_id == item.company_id,
                User.active,
                User.id != asker,
                or_(User.id.in_(admins), User.id == item.created_by),
            )
            .order_by(User.id)
        )
        return [(tg, lang or "ru") for tg, lang in rows]

    @staticmethod
    async def _answer_of(s: AsyncSession, item: PlannedItem, *, approved: bool) -> list[Note]:
        """The asker's answer, when the item had a request to cancel it."""
        asked = item.payload.get("cancel_request") or {}
        if not asked:
            return []
        row = (
            await s.execute(select(User.tg_id, User.language).where(User.id == int(asked["by"])))
        ).first()
        if row is None:
            return []
        tg, lang = row
        key = "pl-ask-approved" if approved else "pl-ask-refused"
        return [Note(tg, lang or "ru", key, _about(item, lang or "ru"))]

    async def _tell(self, notes: list[Note]) -> None:
        if self.delivery is None:
            return
        for note in notes:
            i18n = translator(note.language)
            await self.delivery.enqueue(
                note.tg_id, i18n(note.key, **note.args), menu_button(note.language)
            )
