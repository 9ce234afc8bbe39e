"""The read side of approvals: one request, its details, an approver's inbox, a user's
own requests; every read checks who may see what."""

from __future__ import annotations

from services.access import Principal
from services.approvals import queries as q
from services.approvals.data import Details, RequestInfo, Status
from services.approvals.messages import ApprovalMessages
from services.approvals.policy import can_approve, grant_level, load_operation_numbers
from storage.db import Database


class ApprovalReads:
    db: Database
    messages: ApprovalMessages

    async def _may_approve(self, principal: Principal, info: RequestInfo) -> bool:
        async with self.db.session() as s:
            numbers = (await load_operation_numbers(s, [info.operation_id]))[info.operation_id]
        return can_approve(
            principal.grants, info.code, info.approver_level, numbers, principal.company_id
        )

    async def get(self, principal: Principal, request_id: int) -> RequestInfo | None:
        info = await self._info(request_id)
        if info is None or not await self._visible(principal, info):
            return None
        return info

    async def _visible(self, principal: Principal, info: RequestInfo) -> bool:
        if info.company_id != principal.company_id:
            return False
        if info.requester_id == principal.user_id or principal.is_admin:
            return True
        return await self._may_approve(principal, info)

    async def details(
        self, principal: Principal, request_id: int, limit: int = 20
    ) -> Details | None:
        info = await self.get(principal, request_id)
        if info is None:
            return None
        numbers = await self.messages.first_numbers(info.operation_id, limit)
        async with self.db.session() as s:
            ids = await q.request_ids(
                s,
                info.company_id,
                requester_id=info.requester_id,
                mine=True,
                status=None,
                limit=6,
                pending_on_top=False,
            )
        past = [i for i in await self._infos(ids) if i.id != info.id][:5]
        pending = info.status == Status.PENDING
        can_decide = (
            pending
            and info.requester_id != principal.user_id
            and await self._may_approve(principal, info)
        )
        return Details(
            info, numbers, past, can_decide, pending and info.requester_id == principal.user_id
        )

    async def inbox(
        self, principal: Principal, status: str | None = None, limit: int = 50
    ) -> list[RequestInfo]:
        """Requests this user may decide: pending first, then the decided ones."""
        if not any(grant_level(g) for g in principal.grants):
            return []
        async with self.db.session() as s:
            ids = await q.request_ids(
                s,
                principal.company_id,
                requester_id=principal.user_id,
                mine=False,
                status=status,
                limit=limit * 4,
            )
            infos = await q.load_infos(s, ids)
            numbers = await load_operation_numbers(s, [i.operation_id for i in infos])
        mine = [
            i
            for i in infos
            if can_approve(
                principal.grants,
                i.code,
                i.approver_level,
                numbers[i.operation_id],
                principal.company_id,
            )
        ]
        return mine[:limit]

    async def mine(
        self, principal: Principal, status: str | None = None, limit: int = 50
    ) -> list[RequestInfo]:
        async with self.db.session() as s:
            ids = await q.request_ids(
                s,
                principal.company_id,
                requester_id=principal.user_id,
                mine=True,
                status=status,
                limit=limit,
            )
            return await q.load_infos(s, ids)

    async def _infos(self, ids: list[int]) -> list[RequestInfo]:
        async with self.db.session() as s:
            return await q.load_infos(s, ids)

    async def _info(self, request_id: int) -> RequestInfo | None:
        infos = await self._infos([request_id])
        return infos[0] if infos else None
