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
from collections.abc import Coroutine
from typing import Any

from sqlalchemy.exc import IntegrityError

from services import history
from services.access import Principal
from services.approvals import queries as q
from services.approvals.data import (
    NotRequestable,
    Outcome,
    RequestInfo,
    RequestSent,
    Result,
    Status,
)
from services.approvals.messages import ApprovalMessages
from services.approvals.policy import (
    PolicyService,
    load_operation_numbers,
)
from services.approvals.reads import ApprovalReads
from services.approvals.texts import Texts
from services.events import OperationRequested, UserDeactivated
from services.ports import Clock, Decision, Notifier, OperationRunner, SystemClock
from services.users import UserService
from storage.db import Database
from storage.models import ApprovalRequest, Operation, OperationStatus

log = logging.getLogger(__name__)


class ApprovalService(ApprovalReads):
    """Built once with everything it needs: the policy, a notifier, the users (to act for
    the requester of an operation announced on the event bus) and the runner that starts an
    approved operation. `pipeline_reports`: the pipeline's progress message shows the
    result, so approvals do not edit it themselves."""

    def __init__(
        self,
        db: Database,
        policy: PolicyService,
        notifier: Notifier,
        users: UserService,
        *,
        runner: OperationRunner | None = None,
        ttl: dt.timedelta = dt.timedelta(hours=24),
        pipeline_reports: bool = False,
        clock: Clock | None = None,
    ) -> None:
        self.db = db
        self.policy = policy
        self.notifier = notifier
        self.users = users
        self.runner = runner
        self.ttl = ttl
        self.pipeline_reports = pipeline_reports
        self.clock: Clock = clock or SystemClock()
        self.texts = Texts()
        self.messages = ApprovalMessages(db, notifier, self.texts)
        self._tasks: set[asyncio.Task[None]] = set()

    # --- submit ---------------------------------------------------------------------------

    async def submit(
        self,
        principal: Principal,
        operation_id: int,
        reason: str = "",
        ttl: dt.timedelta | None = None,
    ) -> RequestSent:
        """Turn an operation the pipeline parked as "awaiting_approval" into a request."""
        verdict = await self.policy.decide_operation(principal, operation_id)
        if verdict.decision != Decision.REQUEST:
            raise NotRequestable(verdict.decision)
        async with self.db.session() as s:
            op = await s.get(Operation, operation_id)
            if (
                op is None
                or op.user_id != principal.user_id
                or op.status != OperationStatus.AWAITING_APPROVAL
            ):
                raise NotRequestable(Decision.REFUSE)
            existing = await q.request_of(s, operation_id)
            numbers = (await load_operation_numbers(s, [operation_id]))[operation_id]
            level = verdict.level or "manager"
            approvers = await q.find_approvers(
                s, principal.company_id, op.code, level, numbers, principal.user_id
            )
            escalated = False
            if not approvers and level != "admin":
                level, escalated = "admin", True
                approvers = await q.find_approvers(
                    s, principal.company_id, op.code, level, numbers, principal.user_id
                )
        if existing is not None:  # a double tap on "submit"
            return await self._resubmitted(existing)
        now = self.clock.now()
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
                again = await q.request_of(s, operation_id)
            assert again is not None
            return await self._resubmitted(again)
        info = await self._info(request_id)
        assert info is not None
        sent = await self.messages.notify_approvers(info, approvers)
        submitted = RequestSent(info, sent, escalated)
        await self.messages.tell_requester(
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
            won = await q.take_pending(s, request_id, reason=reason)
            if won:
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
        if not won:
            return Result(Outcome.ALREADY, after)
        assert after is not None
        await self.messages.edit_cards(after)
        return Result(Outcome.DONE, after)

    async def on_requested(self, event: OperationRequested) -> None:
        """The pipeline stored an operation "awaiting_approval": make it a request."""
        principal = await self.users.principal_by_id(event.user_id)
        try:
            if principal is None:
                raise NotRequestable(Decision.REFUSE)
            await self.submit(principal, event.operation_id)
        except NotRequestable as exc:
            # The exact check on the stored numbers disagrees with the quick one.
            if exc.decision == Decision.PERFORM and self.runner is not None:
                await self.runner.run_approved(event.operation_id)
            else:
                async with self.db.transaction() as s:
                    await q.close_operation(s, event.operation_id, OperationStatus.CANCELLED)

    async def _resubmitted(self, request_id: int) -> RequestSent:
        info = await self._info(request_id)
        assert info is not None
        async with self.db.session() as s:
            sent = await q.card_count(s, request_id)
        return RequestSent(info, sent, info.escalated)

    async def discard(self, principal: Principal, operation_id: int) -> bool:
        """The requester gave up before submitting: the parked operation is cancelled."""
        async with self.db.transaction() as s:
            if await q.request_of(s, operation_id):
                return False
            return await q.cancel_parked(s, principal.user_id, principal.company_id, operation_id)

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
        if info.status == Status.PENDING and info.expires_at <= self.clock.now():
            await self.expire_due(self.clock.now(), only=request_id)
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

    async def _decide(
        self, principal: Principal, request_id: int, status: Status, reason: str | None
    ) -> Result:
        info, refused = await self._authorize(principal, request_id)
        if refused is not None:
            return Result(refused, info)
        assert info is not None
        now = self.clock.now()
        async with self.db.transaction() as s:
            # The first statement takes the row (and SQLite's write lock): first one wins.
            won = await q.take_pending(
                s,
                request_id,
                ApprovalRequest.expires_at > now,
                status=status.value,
                decided_by=principal.user_id,
                decided_at=now,
                decision_reason=reason or None,
            )
            if won:
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
                    await q.close_operation(s, info.operation_id, OperationStatus.REJECTED)
        decided = await self._info(request_id)
        if not won:
            return Result(Outcome.ALREADY, decided)
        assert decided is not None
        await self.messages.edit_cards(decided)
        await self.messages.tell_requester(decided, self.texts.decided)
        if status == Status.APPROVED:
            self._spawn(self._execute(decided))
        return Result(Outcome.DONE, decided)

    async def withdraw(self, principal: Principal, request_id: int) -> Result:
        info = await self._info(request_id)
        if info is None or info.company_id != principal.company_id:
            return Result(Outcome.NOT_FOUND)
        if info.requester_id != principal.user_id:
            return Result(Outcome.FORBIDDEN, info)
        now = self.clock.now()
        async with self.db.transaction() as s:
            won = await q.take_pending(
                s,
                request_id,
                status=Status.WITHDRAWN.value,
                decided_by=principal.user_id,
                decided_at=now,
            )
            if won:
                history.record(
                    s,
                    company_id=info.company_id,
                    user_id=principal.user_id,
                    action="approval.withdrawn",
                    status="withdrawn",
                    operation_id=info.operation_id,
                    request_id=request_id,
                )
                await q.close_operation(s, info.operation_id, OperationStatus.CANCELLED)
        after = await self._info(request_id)
        if not won:
            return Result(Outcome.ALREADY, after)
        assert after is not None
        await self.messages.edit_cards(after)
        return Result(Outcome.DONE, after)

    async def on_user_deactivated(self, event: UserDeactivated) -> None:
        """A switched-off user's pending requests are withdrawn for them; approvers' cards
        say who switched the author off (the admin is the one who decided)."""
        async with self.db.session() as s:
            pending = await q.pending_of(s, event.user_id, event.company_id)
        now = self.clock.now()
        for request_id in pending:
            async with self.db.transaction() as s:
                if not await q.take_pending(
                    s,
                    request_id,
                    status=Status.WITHDRAWN.value,
                    decided_by=event.by_user_id,
                    decided_at=now,
                ):
                    continue
                op_id, company_id = await q.refs(s, request_id)
                history.record(
                    s,
                    company_id=company_id,
                    user_id=event.by_user_id,
                    action="approval.withdrawn",
                    status="withdrawn",
                    operation_id=op_id,
                    request_id=request_id,
                    requester_id=event.user_id,
                    reason="user.deactivate",
                )
                await q.close_operation(s, op_id, OperationStatus.CANCELLED)
            info = await self._info(request_id)
            if info is not None:
                await self.messages.edit_cards(info)

    async def expire_due(self, now: dt.datetime | None = None, only: int | None = None) -> int:
        """Expire every pending request whose time is up; the scheduler may call this."""
        now = now or self.clock.now()
        async with self.db.session() as s:
            due = await q.due_requests(s, now, only, limit=500)
        expired = 0
        for request_id in due:
            async with self.db.transaction() as s:
                if not await q.take_pending(
                    s, request_id, status=Status.EXPIRED.value, decided_at=now
                ):
                    continue
                op_id, company_id = await q.refs(s, request_id)
                history.record(
                    s,
                    company_id=company_id,
                    user_id=None,
                    action="approval.expired",
                    status="expired",
                    operation_id=op_id,
                    request_id=request_id,
                )
                await q.close_operation(s, op_id, OperationStatus.CANCELLED)
            expired += 1
            info = await self._info(request_id)
            if info is not None:
                await self.messages.edit_cards(info)
                await self.messages.tell_requester(info, self.texts.expired)
        return expired

    # --- after approval ---------------------------------------------------------------------

    async def _execute(self, info: RequestInfo) -> None:
        """Run the approved operation through the pipeline; the requester watches one
        message: "running…", then the result (edited by the pipeline's progress reporter
        when there is one, else by us)."""
        async with self.db.session() as s:
            chat = await q.chat_of(s, info.requester_id)
        chat_id, lang = chat if chat is not None else (None, "ru")
        deferred = info.run_at is not None and info.run_at > self.clock.now()
        message_id = None
        if chat_id is not None and not deferred:
            message_id = await self.notifier.send(chat_id, self.texts.running(lang, info))
            if message_id is not None:
                async with self.db.transaction() as s:
                    await q.attach_chat(s, info.operation_id, chat_id, message_id)
        error = False
        if self.runner is not None:
            try:
                await self.runner.run_approved(info.operation_id)
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
            ids = await q.approved_not_started(s)
        for info in await self._infos(ids):
            self._spawn(self._execute(info))
        return ids

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def wait_idle(self) -> None:
        """Wait for executions started by approvals (tests and shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
