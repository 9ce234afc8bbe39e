"""Approval requests: what a user may only request goes to those who may perform it there.

Life of a request: `submit` (the pipeline left the operation "awaiting_approval") finds the
approvers — users other than the requester whose grants may perform the operation, at the
level the policy asks for, over ALL its numbers — and messages each of them. When nobody in
scope can, the request goes up to the company's admins (`escalated`). Then exactly one of
approve / reject / withdraw / expire happens: each is a conditional UPDATE ... WHERE
status = 'pending' and only the statement that changed the row acts on it, so two approvers
pressing at once (or one pressing twice) give one decision and one execution, on SQLite and
PostgreSQL alike. Every step lands in the action history.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services import history
from services.access import Principal, ScopedGrant
from services.approval_data import (
    Details,
    RequestInfo,
    Status,
    first_numbers,
    load_infos,
    pending_first,
)
from services.approval_texts import Texts
from services.notify import Keyboard, Notifier
from services.policy import (
    LEVELS,
    Decision,
    NumberSet,
    PolicyService,
    can_approve,
    grant_level,
    load_operation_numbers,
    performing,
)
from storage.db import Database
from storage.models import (
    ApprovalMessage,
    ApprovalRequest,
    Department,
    Grant,
    Operation,
    Role,
    ScopeKind,
    User,
    utcnow,
)

log = logging.getLogger(__name__)

Executor = Callable[[int], Awaitable[Any]]


class Outcome(StrEnum):
    DONE = "done"  # this call made the decision
    ALREADY = "already"  # the request is no longer pending: see `request.status`
    NOT_FOUND = "not_found"  # no such request in the caller's company
    SELF = "self"  # nobody decides their own request
    FORBIDDEN = "forbidden"  # outside the caller's scope or level


class NotRequestable(Exception):
    """The operation does not go to approval: the user may perform it, or may not at all."""

    def __init__(self, decision: Decision) -> None:
        super().__init__(decision.value)
        self.decision = decision


@dataclass(frozen=True)
class Submitted:
    request: RequestInfo
    approvers: int  # how many were notified; 0 = nobody can approve now
    escalated: bool


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    request: RequestInfo | None = None


@dataclass(frozen=True)
class _Approver:
    user_id: int
    tg_id: int
    language: str


@dataclass
class ApprovalService:
    db: Database
    policy: PolicyService
    notifier: Notifier
    executor: Executor | None = None
    ttl: dt.timedelta = dt.timedelta(hours=24)
    # True when the pipeline's progress reporter edits the operation's message to its result.
    pipeline_reports: bool = False
    _tasks: set[asyncio.Task[Any]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.texts = Texts()

    # --- submit ---------------------------------------------------------------------------

    async def submit(
        self,
        principal: Principal,
        operation_id: int,
        reason: str = "",
        ttl: dt.timedelta | None = None,
    ) -> Submitted:
        """Turn an operation the pipeline parked as "awaiting_approval" into a request."""
        verdict = await self.policy.decide_operation(principal, operation_id)
        if verdict.decision != Decision.REQUEST:
            raise NotRequestable(verdict.decision)
        async with self.db.session() as s:
            op = await s.get(Operation, operation_id)
            if (
                op is None
                or op.user_id != principal.user_id
                or op.status not in ("awaiting_approval", "draft")
            ):
                raise NotRequestable(Decision.REFUSE)
            existing = await s.scalar(
                select(ApprovalRequest.id).where(ApprovalRequest.operation_id == operation_id)
            )
            numbers = (await load_operation_numbers(s, [operation_id]))[operation_id]
            level = verdict.level or "manager"
            approvers = await self._approvers(
                s, principal.company_id, op.code, level, numbers, principal.user_id
            )
            escalated = False
            if not approvers and level != "admin":
                level, escalated = "admin", True
                approvers = await self._approvers(
                    s, principal.company_id, op.code, level, numbers, principal.user_id
                )
        if existing is not None:  # a double tap on "submit"
            return await self._resubmitted(existing)
        now = utcnow()
        reason = reason.strip()[:1000]
        try:
            async with self.db.transaction() as s:
                req = ApprovalRequest(
                    company_id=principal.company_id,
                    operation_id=operation_id,
                    requester_id=principal.user_id,
                    approver_level=level,
                    reason=reason,
                    status=Status.PENDING.value,
                    escalated=escalated,
                    created_at=now,
                    expires_at=now + (ttl or self.ttl),
                )
                s.add(req)
                await s.execute(
                    update(Operation)
                    .where(Operation.id == operation_id, Operation.status == "draft")
                    .values(status="awaiting_approval")
                )
                await s.flush()
                history.record(
                    s,
                    company_id=principal.company_id,
                    user_id=principal.user_id,
                    action="approval.request",
                    status="pending",
                    operation_id=operation_id,
                    request_id=req.id,
                    level=level,
                    escalated=escalated,
                    reason=reason,
                )
                request_id = req.id
        except IntegrityError:  # the same operation submitted twice at once
            async with self.db.session() as s:
                request_id = await s.scalar(
                    select(ApprovalRequest.id).where(ApprovalRequest.operation_id == operation_id)
                )
            return await self._resubmitted(request_id)
        info = await self._info(request_id)
        assert info is not None
        sent = await self._notify_approvers(info, approvers)
        submitted = Submitted(info, sent, escalated)
        await self._tell_requester(
            info, lambda lang, i: self.texts.sent(lang, submitted), self.texts.requester_buttons
        )
        return submitted

    async def justify(self, principal: Principal, request_id: int, reason: str) -> Result:
        """The requester explains (or re-explains) a pending request; cards follow."""
        reason = reason.strip()[:1000]
        info = await self._info(request_id)
        if info is None or info.company_id != principal.company_id:
            return Result(Outcome.NOT_FOUND)
        if info.requester_id != principal.user_id:
            return Result(Outcome.FORBIDDEN, info)
        async with self.db.transaction() as s:
            won = await s.execute(
                update(ApprovalRequest)
                .where(
                    ApprovalRequest.id == request_id, ApprovalRequest.status == Status.PENDING.value
                )
                .values(reason=reason)
            )
            if won.rowcount == 1:
                history.record(
                    s,
                    company_id=info.company_id,
                    user_id=principal.user_id,
                    action="approval.justify",
                    operation_id=info.operation_id,
                    request_id=request_id,
                    reason=reason,
                )
        after = await self._info(request_id)
        if won.rowcount != 1:
            return Result(Outcome.ALREADY, after)
        assert after is not None
        await self._edit_cards(after)
        return Result(Outcome.DONE, after)

    async def on_pipeline_request(self, principal: Principal, submitted: Any) -> None:
        """Pipeline.on_request: the operation was stored "awaiting_approval"."""
        try:
            await self.submit(principal, submitted.operation_id)
        except NotRequestable as exc:
            # The exact check on the stored numbers disagrees with the quick one.
            if exc.decision == Decision.PERFORM and self.executor is not None:
                await self.executor(submitted.operation_id)
            else:
                await _cancel(self.db, submitted.operation_id)

    async def _resubmitted(self, request_id: int) -> Submitted:
        info = await self._info(request_id)
        assert info is not None
        async with self.db.session() as s:
            sent = await s.scalar(
                select(func.count(ApprovalMessage.id)).where(
                    ApprovalMessage.request_id == request_id
                )
            )
        return Submitted(info, sent or 0, info.escalated)

    async def discard(self, principal: Principal, operation_id: int) -> bool:
        """The requester gave up before submitting: the parked operation is cancelled."""
        async with self.db.transaction() as s:
            has_request = await s.scalar(
                select(ApprovalRequest.id).where(ApprovalRequest.operation_id == operation_id)
            )
            if has_request:
                return False
            done = await s.execute(
                update(Operation)
                .where(
                    Operation.id == operation_id,
                    Operation.user_id == principal.user_id,
                    Operation.company_id == principal.company_id,
                    Operation.status.in_(("awaiting_approval", "draft")),
                )
                .values(status="cancelled")
            )
            return bool(done.rowcount)

    async def _approvers(
        self,
        s: AsyncSession,
        company_id: int,
        code: str,
        level: str,
        numbers: NumberSet,
        requester_id: int,
    ) -> list[_Approver]:
        """Who to ask at exactly this level: managers in the tree first, admins only when
        it needs an admin or no manager covers it (they may still decide anything below)."""
        roles = {
            r.id: r for r in await s.scalars(select(Role).where(Role.company_id == company_id))
        }
        # Screen roles first: most grants in a company are employees' own numbers.
        wanted = [
            rid
            for rid, r in roles.items()
            if performing([_probe(r)], code, LEVELS[level])
            and grant_level(_probe(r)) == LEVELS[level]
        ]
        if not wanted:
            return []
        rows = await s.execute(
            select(Grant, Department.path, User.tg_id, User.language)
            .join(User, User.id == Grant.user_id)
            .outerjoin(Department, Department.id == Grant.department_id)
            .where(
                Grant.role_id.in_(wanted),
                User.company_id == company_id,
                User.active,
                User.id != requester_id,
            )
        )
        grants: dict[int, list[ScopedGrant]] = {}
        who: dict[int, _Approver] = {}
        for g, path, tg_id, lang in rows:
            role = roles[g.role_id]
            grant = ScopedGrant(
                role=role.code,
                permissions=dict(role.permissions),
                scope=g.scope,
                department_id=g.department_id,
                department_path=path,
                number_id=g.number_id,
            )
            if grant_level(grant) == LEVELS[level]:
                grants.setdefault(g.user_id, []).append(grant)
                who[g.user_id] = _Approver(g.user_id, tg_id, lang)
        return [
            who[uid]
            for uid, gs in sorted(grants.items())
            if can_approve(gs, code, level, numbers, company_id)
        ]

    async def _notify_approvers(self, info: RequestInfo, approvers: Sequence[_Approver]) -> int:
        sent: list[tuple[_Approver, int]] = []
        numbers = await self._first_numbers(info.operation_id, 1)
        for a in approvers:
            text = self.texts.card(a.language, info, numbers)
            message_id = await self.notifier.send(
                a.tg_id, text, self.texts.card_buttons(a.language, info.id)
            )
            if message_id is not None:
                sent.append((a, message_id))
        if sent:
            async with self.db.transaction() as s:
                s.add_all(
                    ApprovalMessage(
                        request_id=info.id, user_id=a.user_id, chat_id=a.tg_id, message_id=mid
                    )
                    for a, mid in sent
                )
            # Someone may have decided while we were still sending: bring those up to date.
            now = await self._info(info.id)
            if now is not None and now.status != Status.PENDING:
                await self._edit_cards(now)
        return len(sent)

    # --- decisions --------------------------------------------------------------------------

    async def approve(self, principal: Principal, request_id: int) -> Result:
        return await self._decide(principal, request_id, Status.APPROVED, None)

    async def reject(self, principal: Principal, request_id: int, reason: str = "") -> Result:
        return await self._decide(principal, request_id, Status.REJECTED, reason.strip()[:1000])

    async def check_decidable(self, principal: Principal, request_id: int) -> Result:
        """What pressing Approve/Reject would meet, without deciding (before asking a reason)."""
        info, outcome = await self._authorize(principal, request_id)
        return Result(outcome or Outcome.DONE, info)

    async def _authorize(
        self, principal: Principal, request_id: int
    ) -> tuple[RequestInfo | None, Outcome | None]:
        info = await self._info(request_id)
        if info is None or info.company_id != principal.company_id:
            return None, Outcome.NOT_FOUND
        if info.status == Status.PENDING and info.expires_at <= utcnow():
            await self.expire_due(utcnow(), only=request_id)
            info = await self._info(request_id)
        if info is None:
            return None, Outcome.NOT_FOUND
        if info.status != Status.PENDING:
            return info, Outcome.ALREADY
        if info.requester_id == principal.user_id:
            return info, Outcome.SELF
        if not await self._may_approve(principal, info):
            return info, Outcome.FORBIDDEN
        return info, None

    async def _may_approve(self, principal: Principal, info: RequestInfo) -> bool:
        async with self.db.session() as s:
            numbers = (await load_operation_numbers(s, [info.operation_id]))[info.operation_id]
        return can_approve(
            principal.grants, info.code, info.approver_level, numbers, principal.company_id
        )

    async def _decide(
        self, principal: Principal, request_id: int, status: Status, reason: str | None
    ) -> Result:
        info, refused = await self._authorize(principal, request_id)
        if refused is not None:
            return Result(refused, info)
        assert info is not None
        now = utcnow()
        async with self.db.transaction() as s:
            # The first statement takes the row (and SQLite's write lock): first one wins.
            won = await s.execute(
                update(ApprovalRequest)
                .where(
                    ApprovalRequest.id == request_id,
                    ApprovalRequest.status == Status.PENDING.value,
                    ApprovalRequest.expires_at > now,
                )
                .values(
                    status=status.value,
                    decided_by=principal.user_id,
                    decided_at=now,
                    decision_reason=reason or None,
                )
            )
            if won.rowcount == 1:
                history.record(
                    s,
                    company_id=info.company_id,
                    user_id=principal.user_id,
                    action=f"approval.{status.value}",
                    status=status.value,
                    operation_id=info.operation_id,
                    request_id=request_id,
                    requester_id=info.requester_id,
                    reason=reason or "",
                )
                if status == Status.REJECTED:
                    await _close_operation(s, info.operation_id, "rejected")
        decided = await self._info(request_id)
        if won.rowcount != 1:
            return Result(Outcome.ALREADY, decided)
        assert decided is not None
        await self._after_decision(decided)
        if status == Status.APPROVED:
            self._spawn(self._execute(decided))
        return Result(Outcome.DONE, decided)

    async def withdraw(self, principal: Principal, request_id: int) -> Result:
        info = await self._info(request_id)
        if info is None or info.company_id != principal.company_id:
            return Result(Outcome.NOT_FOUND)
        if info.requester_id != principal.user_id:
            return Result(Outcome.FORBIDDEN, info)
        now = utcnow()
        async with self.db.transaction() as s:
            won = await s.execute(
                update(ApprovalRequest)
                .where(
                    ApprovalRequest.id == request_id, ApprovalRequest.status == Status.PENDING.value
                )
                .values(status=Status.WITHDRAWN.value, decided_by=principal.user_id, decided_at=now)
            )
            if won.rowcount == 1:
                history.record(
                    s,
                    company_id=info.company_id,
                    user_id=principal.user_id,
                    action="approval.withdrawn",
                    status="withdrawn",
                    operation_id=info.operation_id,
                    request_id=request_id,
                )
                await _close_operation(s, info.operation_id, "cancelled")
        after = await self._info(request_id)
        if won.rowcount != 1:
            return Result(Outcome.ALREADY, after)
        assert after is not None
        await self._edit_cards(after)
        return Result(Outcome.DONE, after)

    async def expire_due(self, now: dt.datetime | None = None, only: int | None = None) -> int:
        """Expire every pending request whose time is up; the scheduler may call this."""
        now = now or utcnow()
        async with self.db.session() as s:
            query = select(ApprovalRequest.id).where(
                ApprovalRequest.status == Status.PENDING.value, ApprovalRequest.expires_at <= now
            )
            if only is not None:
                query = query.where(ApprovalRequest.id == only)
            due = list(await s.scalars(query.order_by(ApprovalRequest.id).limit(500)))
        expired = 0
        for request_id in due:
            async with self.db.transaction() as s:
                won = await s.execute(
                    update(ApprovalRequest)
                    .where(
                        ApprovalRequest.id == request_id,
                        ApprovalRequest.status == Status.PENDING.value,
                    )
                    .values(status=Status.EXPIRED.value, decided_at=now)
                )
                if won.rowcount != 1:
                    continue
                op_id = await s.scalar(
                    select(ApprovalRequest.operation_id).where(ApprovalRequest.id == request_id)
                )
                company_id = await s.scalar(
                    select(ApprovalRequest.company_id).where(ApprovalRequest.id == request_id)
                )
                history.record(
                    s,
                    company_id=company_id,
                    user_id=None,
                    action="approval.expired",
                    status="expired",
                    operation_id=op_id,
                    request_id=request_id,
                )
                await _close_operation(s, op_id, "cancelled")
            expired += 1
            info = await self._info(request_id)
            if info is not None:
                await self._edit_cards(info)
                await self._tell_requester(info, self.texts.expired)
        return expired

    # --- after a decision -------------------------------------------------------------------

    async def _after_decision(self, info: RequestInfo) -> None:
        await self._edit_cards(info)
        await self._tell_requester(info, self.texts.decided)

    async def _edit_cards(self, info: RequestInfo) -> None:
        """Bring every approver's card to the request's state (closed: no buttons)."""
        async with self.db.session() as s:
            rows = (
                await s.execute(
                    select(ApprovalMessage.chat_id, ApprovalMessage.message_id, User.language)
                    .join(User, User.id == ApprovalMessage.user_id)
                    .where(ApprovalMessage.request_id == info.id)
                )
            ).all()
        numbers = await self._first_numbers(info.operation_id, 1)
        pending = info.status == Status.PENDING
        for chat_id, message_id, lang in rows:
            text = self.texts.card(lang, info, numbers)
            buttons = self.texts.card_buttons(lang, info.id) if pending else ()
            await self.notifier.edit(chat_id, message_id, text, buttons)

    async def _tell_requester(
        self,
        info: RequestInfo,
        render: Callable[[str, RequestInfo], str],
        buttons: Callable[[str, int], Keyboard] | None = None,
    ) -> None:
        async with self.db.session() as s:
            row = (
                await s.execute(
                    select(User.tg_id, User.language).where(User.id == info.requester_id)
                )
            ).first()
        if row is not None:
            await self.notifier.send(
                row[0], render(row[1], info), buttons(row[1], info.id) if buttons else ()
            )

    async def _execute(self, info: RequestInfo) -> None:
        """Run the approved operation through the pipeline; the requester watches one
        message: "running…", then the result (edited by the pipeline's progress reporter
        when there is one, else by us)."""
        async with self.db.session() as s:
            row = (
                await s.execute(
                    select(User.tg_id, User.language).where(User.id == info.requester_id)
                )
            ).first()
        chat_id, lang = row if row is not None else (None, "ru")
        deferred = info.run_at is not None and info.run_at > utcnow()
        message_id = None
        if chat_id is not None and not deferred:
            message_id = await self.notifier.send(chat_id, self.texts.running(lang, info))
            if message_id is not None:
                async with self.db.transaction() as s:
                    await s.execute(
                        update(Operation)
                        .where(Operation.id == info.operation_id)
                        .values(chat_id=chat_id, message_id=message_id)
                    )
        error = False
        if self.executor is not None:
            try:
                await self.executor(info.operation_id)
            except Exception:  # the requester must hear about it, whatever broke
                log.exception("executing approved operation %s", info.operation_id)
                error = True
        after = await self._info(info.id) or info
        if chat_id is None or (self.pipeline_reports and message_id is not None and not error):
            return
        text = self.texts.executed(lang, after, error=error)
        if message_id is None or not await self.notifier.edit(chat_id, message_id, text):
            await self.notifier.send(chat_id, text)

    async def resume(self) -> list[int]:
        """At start-up: approved requests whose operation never started (the process died
        between the decision and the start) are started now; the start is idempotent."""
        async with self.db.session() as s:
            ids = list(
                await s.scalars(
                    select(ApprovalRequest.id)
                    .join(Operation, Operation.id == ApprovalRequest.operation_id)
                    .where(
                        ApprovalRequest.status == Status.APPROVED.value,
                        Operation.status == "awaiting_approval",
                    )
                )
            )
        for info in await self._infos(ids):
            self._spawn(self._execute(info))
        return ids

    def _spawn(self, coro: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def wait_idle(self) -> None:
        """Wait for executions started by approvals (tests and shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    # --- reading ----------------------------------------------------------------------------

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
        numbers = await self._first_numbers(info.operation_id, limit)
        async with self.db.session() as s:
            ids = list(
                await s.scalars(
                    select(ApprovalRequest.id)
                    .where(
                        ApprovalRequest.requester_id == info.requester_id,
                        ApprovalRequest.company_id == info.company_id,
                    )
                    .order_by(ApprovalRequest.id.desc())
                    .limit(6)
                )
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
        query = (
            select(ApprovalRequest.id)
            .where(
                ApprovalRequest.company_id == principal.company_id,
                ApprovalRequest.requester_id != principal.user_id,
            )
            .order_by(pending_first(), ApprovalRequest.id.desc())
            .limit(limit * 4)
        )
        if status:
            query = query.where(ApprovalRequest.status == status)
        async with self.db.session() as s:
            ids = list(await s.scalars(query))
            infos = await self._infos(ids, s)
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
        query = (
            select(ApprovalRequest.id)
            .where(
                ApprovalRequest.company_id == principal.company_id,
                ApprovalRequest.requester_id == principal.user_id,
            )
            .order_by(pending_first(), ApprovalRequest.id.desc())
            .limit(limit)
        )
        if status:
            query = query.where(ApprovalRequest.status == status)
        async with self.db.session() as s:
            ids = list(await s.scalars(query))
            return await self._infos(ids, s)

    async def _infos(self, ids: Sequence[int], s: AsyncSession | None = None) -> list[RequestInfo]:
        if s is not None:
            return await load_infos(s, ids)
        async with self.db.session() as own:
            return await load_infos(own, ids)

    async def _first_numbers(self, operation_id: int, limit: int) -> list[tuple[str, str]]:
        async with self.db.session() as s:
            return await first_numbers(s, operation_id, limit)

    async def _info(self, request_id: int) -> RequestInfo | None:
        infos = await self._infos([request_id])
        return infos[0] if infos else None


def _probe(role: Role) -> ScopedGrant:
    # A company-wide grant of this role: the most it could ever allow.
    return ScopedGrant(role=role.code, permissions=dict(role.permissions), scope=ScopeKind.COMPANY)


async def _cancel(db: Database, operation_id: int) -> None:
    async with db.transaction() as s:
        await _close_operation(s, operation_id, "cancelled")


def connect_pipeline(pipeline: Any, policy: PolicyService, approvals: ApprovalService) -> None:
    """Wire the operations pipeline to the policy and to approvals (duck-typed, so the
    approvals package does not depend on the operations package)."""

    async def run_approved(operation_id: int) -> None:
        status = await pipeline.start(operation_id)
        executor = getattr(pipeline, "executor", None)
        if status == "queued" and executor is not None:
            await executor.launch(operation_id)  # the running task: wait for its result

    pipeline.decide = policy.decide_draft  # same values as the pipeline's Decision
    pipeline.on_request = approvals.on_pipeline_request
    approvals.executor = run_approved


async def _close_operation(s: AsyncSession, operation_id: int, status: str) -> None:
    await s.execute(
        update(Operation)
        .where(Operation.id == operation_id, Operation.status.in_(("awaiting_approval", "draft")))
        .values(status=status)
    )
