"""The embedded operator: a billing simulator on the application database.

It fails items for the reasons the real operator does (incompatible services, a tariff
changed less than 5 minutes ago, not enough money for a paid operation, a blocked number),
charges paid operations to the personal account and queues the subscriber's SMS / e-mail
confirmation in the outbox. Everything happens inside the executor's transaction.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from locales import translator
from services import history
from services.operations import params as p
from services.operations.registry import METHODS
from services.operator.accounts import AccountCalls
from services.operator.chunk import SUBSCRIBER_LANG, Chunk
from services.ports import ItemRun, OpRun, Results
from storage.chunks import chunks
from storage.models import (
    OUTGOING_ONLY,
    Account,
    Block,
    Charge,
    Forwarding,
    FreeNumber,
    Number,
    NumberLimit,
    NumberService,
    NumberStatus,
    Outbox,
    Service,
    ServiceConflict,
    ServiceStatus,
    Settlement,
    TariffService,
)

TARIFF_SETTLE = dt.timedelta(minutes=5)  # the service list refreshes 5 min after a change


def _funds(account: Account) -> int:
    credit = account.credit_limit if account.settlement == Settlement.CREDIT else 0
    return account.balance + credit


class Simulator(AccountCalls):
    """The embedded operator (implements services.ports.Operator)."""

    def __init__(self, delay_ms: int = 0) -> None:
        self.delay = delay_ms / 1000

    async def apply(
        self, session: AsyncSession, method: str, op: OpRun, items: list[ItemRun]
    ) -> Results:
        if method not in METHODS:
            raise ValueError(f"unknown operator method {method}")
        ids = [i.number_id for i in items]
        numbers = {n.id: n for n in await session.scalars(select(Number).where(Number.id.in_(ids)))}
        accounts = {
            a.id: a
            for a in await session.scalars(
                select(Account).where(Account.id.in_({n.account_id for n in numbers.values()}))
            )
        }
        ch = Chunk(session, op, numbers, accounts)
        results: Results = {}
        ready: list[Number] = []
        for item in items:
            n = numbers.get(item.number_id)
            if n is None or n.status == NumberStatus.CLOSED:
                results[item.number_id] = "closed"
            elif n.status == NumberStatus.BLOCKED and not op.allow_blocked:
                results[item.number_id] = "number_blocked"
            elif op.price and _funds(accounts[n.account_id]) < op.price:
                results[item.number_id] = "insufficient_funds"
            else:
                if op.price:  # reserve now, so the next number of this account sees it
                    accounts[n.account_id].balance -= op.price
                ready.append(n)
        applied = await getattr(self, method)(ch, ready)
        charges = []
        for n in ready:
            reason = applied.get(n.id)
            results[n.id] = reason
            if not op.price:
                continue
            if reason is None:
                charges.append(
                    {
                        "number_id": n.id,
                        "account_id": n.account_id,
                        "date": ch.now.date(),
                        "category": "ops",
                        "amount": op.price,
                    }
                )
            else:
                accounts[n.account_id].balance += op.price
        if charges:
            await session.execute(insert(Charge), charges)
        if ch.outbox:
            await session.execute(insert(Outbox), ch.outbox)
        return results

    # --- the operator's calls: {number_id: reason} for the numbers that failed ----------

    async def change_tariff(self, ch: Chunk, numbers: list[Number]) -> dict[int, str]:
        prm = ch.params(p.TariffParams)
        out: dict[int, str] = {}
        changed = []
        for n in numbers:
            if n.tariff_changed_at and ch.now - n.tariff_changed_at < TARIFF_SETTLE:
                out[n.id] = "tariff_recent"
            elif n.tariff_id == prm.tariff_id:
                out[n.id] = "same_tariff"
            else:
                n.tariff_id, n.tariff_changed_at = prm.tariff_id, ch.now
                changed.append(n.id)
        if changed:  # services the new tariff does not allow are switched off
            allowed = select(TariffService.service_id).where(
                TariffService.tariff_id == prm.tariff_id
            )
            await ch.s.execute(
                update(NumberService)
                .where(
                    NumberService.number_id.in_(changed),
                    NumberService.status == ServiceStatus.ACTIVE,
                    NumberService.service_id.not_in(allowed),
                )
                .values(status=ServiceStatus.OFF)
            )
        return out

    async def _active_services(self, ch: Chunk, ids: list[int]) -> dict[int, set[int]]:
        active: dict[int, set[int]] = {}
        for batch in chunks(ids):
            rows = await ch.s.execute(
                select(NumberService.number_id, NumberService.service_id).where(
                    NumberService.number_id.in_(batch), NumberService.status == ServiceStatus.ACTIVE
                )
            )
            for number_id, service_id in rows:
                active.setdefault(number_id, set()).add(service_id)
        return active

    async def services_on(self, ch: Chunk, numbers: list[Number]) -> dict[int, str]:
        prm = ch.params(p.ServiceOnParams)
        svc = await ch.s.get(Service, prm.service_id)
        allowed = set(
            await ch.s.scalars(
                select(TariffService.tariff_id).where(TariffService.service_id == prm.service_id)
            )
        )
        conflicts = await self._conflicts(ch.s, prm.service_id)
        active = await self._active_services(ch, [n.id for n in numbers])
        names = (
            dict(
                (
                    await ch.s.execute(
                        select(Service.id, Service.name).where(Service.id.in_(conflicts))
                    )
                ).all()
            )
            if conflicts
            else {}
        )
        auto_off = dt.datetime.combine(prm.auto_off, dt.time(), dt.UTC) if prm.auto_off else None
        out: dict[int, str] = {}
        rows = []
        for n in numbers:
            on = active.get(n.id, set())
            clash = sorted(on & conflicts)
            if n.tariff_changed_at and ch.now - n.tariff_changed_at < TARIFF_SETTLE:
                out[n.id] = "tariff_recent"
            elif n.tariff_id not in allowed:
                out[n.id] = "service_not_allowed"
            elif prm.service_id in on:
                out[n.id] = "already_on"
            elif clash:
                out[n.id] = f"conflict:{names.get(clash[0], clash[0])}"
            else:
                rows.append(
                    {
                        "number_id": n.id,
                        "service_id": prm.service_id,
                        "status": ServiceStatus.ACTIVE,
                        "auto_disable_at": auto_off,
                        "connected_at": ch.now,
                    }
                )
                ch.inform(
                    n,
                    prm.inform,
                    translator(SUBSCRIBER_LANG).plain(
                        "op-notify-service-on", name=svc.name if svc else ""
                    ),
                )
        if rows:
            await ch.s.execute(insert(NumberService), rows)
        return out

    async def _conflicts(self, s: AsyncSession, service_id: int) -> set[int]:
        rows = await s.execute(
            select(ServiceConflict.service_id, ServiceConflict.other_id).where(
                (ServiceConflict.service_id == service_id)
                | (ServiceConflict.other_id == service_id)
            )
        )
        return {b if a == service_id else a for a, b in rows}

    async def services_off(self, ch: Chunk, numbers: list[Number]) -> dict[int, str]:
        prm = ch.params(p.ServiceOffParams)
        svc = await ch.s.get(Service, prm.service_id)
        active = await self._active_services(ch, [n.id for n in numbers])
        out: dict[int, str] = {}
        off = []
        for n in numbers:
            if n.tariff_changed_at and ch.now - n.tariff_changed_at < TARIFF_SETTLE:
                out[n.id] = "tariff_recent"
            elif prm.service_id not in active.get(n.id, set()):
                out[n.id] = "not_on"
            else:
                off.append(n.id)
                ch.inform(
                    n,
                    prm.inform,
                    translator(SUBSCRIBER_LANG).plain(
                        "op-notify-service-off", name=svc.name if svc else ""
                    ),
                )
        for batch in chunks(off):
            await ch.s.execute(
                update(NumberService)
                .where(
                    NumberService.number_id.in_(batch),
                    NumberService.service_id == prm.service_id,
                    NumberService.status == ServiceStatus.ACTIVE,
                )
                .values(status=ServiceStatus.OFF)
            )
        return out

    async def _blocks(self, ch: Chunk, ids: list[int]) -> dict[int, set[str]]:
        blocks: dict[int, set[str]] = {}
        for batch in chunks(ids):
            rows = await ch.s.execute(
                select(Block.number_id, Block.kind).where(Block.number_id.in_(batch), Block.active)
            )
            for number_id, kind in rows:
                blocks.setdefault(number_id, set()).add(kind)
        return blocks

    async def block_on(self, ch: Chunk, numbers: list[Number]) -> dict[int, str]:
        prm = ch.params(p.BlockOnParams)
        blocks = await self._blocks(ch, [n.id for n in numbers])
        until = dt.datetime.combine(prm.until, dt.time(), dt.UTC) if prm.until else None
        out: dict[int, str] = {}
        rows = []
        for n in numbers:
            if prm.kind in blocks.get(n.id, set()):
                out[n.id] = "already_blocked"
            else:
                rows.append(
                    {
                        "number_id": n.id,
                        "kind": prm.kind,
                        "since": ch.now,
                        "until": until,
                        "active": True,
                    }
                )
                n.status = NumberStatus.BLOCKED
        if rows:
            await ch.s.execute(insert(Block), rows)
        return out

    async def block_off(self, ch: Chunk, numbers: list[Number]) -> dict[int, str]:
        prm = ch.params(p.BlockOffParams)
        blocks = await self._blocks(ch, [n.id for n in numbers])
        out: dict[int, str] = {}
        lifted = []
        for n in numbers:
            kinds = blocks.get(n.id, set())
            if prm.kind not in kinds:
                out[n.id] = "not_blocked"
            elif prm.kind == "financial" and ch.accounts[n.account_id].balance < 0:
                out[n.id] = "negative_balance"
            else:
                lifted.append(n.id)
                # The budget's bar on outgoing calls does not block the number.
                if kinds - OUTGOING_ONLY == {prm.kind}:
                    n.status = NumberStatus.ACTIVE
        for batch in chunks(lifted):
            await ch.s.execute(
                update(Block)
                .where(Block.number_id.in_(batch), Block.kind == prm.kind, Block.active)
                .values(active=False, until=ch.now)
            )
        return out

    async def forward_on(self, ch: Chunk, numbers: list[Number]) -> dict[int, str]:
        prm = ch.params(p.ForwardOnParams)
        out = {n.id: "forward_self" for n in numbers if n.msisdn == prm.target}
        ids = [n.id for n in numbers if n.id not in out]
        for batch in chunks(ids):
            await ch.s.execute(
                delete(Forwarding).where(
                    Forwarding.number_id.in_(batch), Forwarding.condition == prm.condition
                )
            )
        if ids:
            await ch.s.execute(
                insert(Forwarding),
                [{"number_id": i, "condition": prm.condition, "target": prm.target} for i in ids],
            )
        return out

    async def forward_off(self, ch: Chunk, numbers: list[Number]) -> dict[int, str]:
        prm = ch.params(p.ForwardOffParams)
        ids = [n.id for n in numbers]
        have: set[int] = set()
        for batch in chunks(ids):
            have |= set(
                await ch.s.scalars(
                    select(Forwarding.number_id).where(
                        Forwarding.number_id.in_(batch), Forwarding.condition == prm.condition
                    )
                )
            )
            await ch.s.execute(
                delete(Forwarding).where(
                    Forwarding.number_id.in_(batch), Forwarding.condition == prm.condition
                )
            )
        return {i: "not_forwarded" for i in ids if i not in have}

    async def limit_on(self, ch: Chunk, numbers: list[Number]) -> dict[int, str]:
        prm = ch.params(p.LimitOnParams)
        ids = [n.id for n in numbers]
        for batch in chunks(ids):
            await ch.s.execute(delete(NumberLimit).where(NumberLimit.number_id.in_(batch)))
        if ids:
            await ch.s.execute(
                insert(NumberLimit),
                [{"number_id": i, "amount": prm.amount, "action": prm.action} for i in ids],
            )
        return {}

    async def limit_off(self, ch: Chunk, numbers: list[Number]) -> dict[int, str]:
        ids = [n.id for n in numbers]
        have: set[int] = set()
        for batch in chunks(ids):
            have |= set(
                await ch.s.scalars(
                    select(NumberLimit.number_id).where(NumberLimit.number_id.in_(batch))
                )
            )
            await ch.s.execute(delete(NumberLimit).where(NumberLimit.number_id.in_(batch)))
        return {i: "no_limit" for i in ids if i not in have}

    async def send_sms(self, ch: Chunk, numbers: list[Number]) -> dict[int, str]:
        prm = ch.params(p.SmsParams)
        for n in numbers:
            ch.inform(n, ["sms"], prm.text)
        return {}

    async def replace_sim(self, ch: Chunk, numbers: list[Number]) -> dict[int, str]:
        prm = ch.params(p.SimReplaceParams)
        out: dict[int, str] = {}
        for n in numbers:
            taken = await ch.s.scalar(select(Number.id).where(Number.iccid == prm.iccid))
            if taken:
                out[n.id] = "iccid_taken"
                continue
            old = n.iccid
            n.iccid, n.iccid_rev = prm.iccid, prm.iccid[::-1]
            await ch.s.flush()
            history.record(
                ch.s,
                company_id=ch.op.company_id,
                user_id=ch.op.user_id,
                action="number.sim_replaced",
                operation_id=ch.op.id,
                number_id=n.id,
                old_iccid=old,
                new_iccid=prm.iccid,
            )
        return out

    async def replace_number(self, ch: Chunk, numbers: list[Number]) -> dict[int, str]:
        prm = ch.params(p.NumberReplaceParams)
        out: dict[int, str] = {}
        for n in numbers:
            free = await ch.s.get(FreeNumber, prm.free_number_id)
            if free is None or free.contract_id != n.contract_id:
                out[n.id] = "free_number_unavailable"
                continue
            old, new = n.msisdn, free.msisdn
            await ch.s.delete(free)
            await ch.s.flush()
            n.msisdn, n.msisdn_rev = new, new[::-1]
            await ch.s.flush()
            history.record(
                ch.s,
                company_id=ch.op.company_id,
                user_id=ch.op.user_id,
                action="number.msisdn_replaced",
                operation_id=ch.op.id,
                number_id=n.id,
                old_msisdn=old,
                new_msisdn=new,
            )
        return out
