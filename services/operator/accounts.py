"""The simulated operator's calls on personal accounts and money: promised payment,
splitting an account, the settlement method, moving funds, ordering SIM cards."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from locales import translator
from services.operations import params as p
from services.operations.checks import promised_limits
from services.operator.chunk import SUBSCRIBER_LANG, Chunk
from storage.models import (
    Account,
    Department,
    Number,
    Operation,
    PromisedPayment,
    Settlement,
    Tariff,
)


class AccountCalls:
    async def promised_payment(self, ch: Chunk, numbers: list[Number]) -> dict[int, str]:
        prm = ch.params(p.PromisedParams)
        out: dict[int, str] = {}
        done: set[int] = set()
        limits = await promised_limits(ch.s, {n.account_id for n in numbers})
        for n in numbers:
            limit = limits[n.account_id]
            if n.account_id in done or limit == "pp_exists":
                out[n.id] = "pp_exists"
            elif isinstance(limit, str):
                out[n.id] = limit
            elif prm.amount > limit:
                out[n.id] = "pp_amount_over"
            else:
                done.add(n.account_id)
                ch.s.add(
                    PromisedPayment(
                        account_id=n.account_id,
                        number_id=n.id,
                        amount=prm.amount,
                        created_at=ch.now,
                        due_at=ch.now + dt.timedelta(days=prm.days),
                    )
                )
                ch.accounts[n.account_id].balance += prm.amount
        return out

    async def split_account(self, ch: Chunk, numbers: list[Number]) -> dict[int, str]:
        prm = ch.params(p.SplitParams)
        if not numbers:
            return {}
        op = await ch.s.get_one(Operation, ch.op.id)
        new_id = (op.params or {}).get("new_account_id")
        if new_id is None:  # created once, with the first chunk, in the same transaction
            first = numbers[0]
            last = await ch.s.scalar(select(func.max(Account.number)))
            account = Account(
                company_id=first.company_id,
                contract_id=first.contract_id,
                number=f"{int(last or 0) + 1:012d}",
                name=prm.name,
            )
            ch.s.add(account)
            await ch.s.flush()
            new_id = account.id
            op.params = {**op.params, "new_account_id": new_id}
        out: dict[int, str] = {}
        for n in numbers:
            if n.contract_id != (await ch.s.get_one(Account, new_id)).contract_id:
                out[n.id] = "other_contract"
            else:
                n.account_id = new_id
        return out

    async def change_settlement(self, ch: Chunk, numbers: list[Number]) -> dict[int, str]:
        prm = ch.params(p.SettlementParams)
        for n in numbers:  # an account shared by several numbers changes once, harmlessly
            ch.accounts[n.account_id].settlement = Settlement(prm.method)
        return {}

    async def move_funds(self, ch: Chunk, numbers: list[Number]) -> dict[int, str]:
        prm = ch.params(p.MoveFundsParams)
        target = await ch.s.get(Account, prm.to_account_id)
        out: dict[int, str] = {}
        for n in numbers:
            source = ch.accounts[n.account_id]
            if target is None or target.contract_id != source.contract_id or target.id == source.id:
                out[n.id] = "bad_account"
            elif source.balance < prm.amount:
                out[n.id] = "insufficient_funds"
            else:
                source.balance -= prm.amount
                target.balance += prm.amount
        return out

    async def move_department(self, ch: Chunk, numbers: list[Number]) -> dict[int, str]:
        """Company structure, not billing: the number's department changes; managers'
        scopes follow at once (they are read from the tree on every request)."""
        prm = ch.params(p.DepartmentMoveParams)
        target = await ch.s.get(Department, prm.department_id)
        out: dict[int, str] = {}
        for n in numbers:
            if target is None or target.company_id != n.company_id:
                out[n.id] = "department_outside"
            else:
                n.department_id = target.id
        return out

    async def order_sims(self, ch: Chunk, numbers: list[Number]) -> dict[int, str]:
        prm = ch.params(p.SimOrderParams)
        tariff = await ch.s.get(Tariff, prm.tariff_id)
        for _n in numbers:
            ch.outbox.append(
                {
                    "channel": "email",
                    "recipient": "orders@operator.local",
                    "subject": f"SIM order #{ch.op.id}",
                    "body": translator(SUBSCRIBER_LANG).plain(
                        "op-notify-sim-order",
                        count=prm.count,
                        address=prm.address,
                        tariff=tariff.name if tariff else str(prm.tariff_id),
                    ),
                }
            )
        return {}
