"""A holding's state while it is built, and its history: monthly charges and traffic, free
numbers, payments and promised payments."""

from __future__ import annotations

import datetime as dt
import random

from storage import models as m
from storage.demo.context import AccountState, Batch, Context, office_time
from storage.demo.holdings import ContractSpec, Holding
from storage.demo.people import Emails


class HoldingState:
    """One holding being built: its own random stream, ids from the shared context."""

    def __init__(
        self, ctx: Context, holding: Holding, company_id: int, rnd: random.Random, numbers: int
    ) -> None:
        self.ctx = ctx
        self.holding = holding
        self.company_id = company_id
        self.sink = ctx.sink
        self.rnd = rnd
        self.today = ctx.today
        self.now = ctx.now
        self.months = ctx.months
        self.total_numbers = numbers
        self.tariff_ids = ctx.tariff_ids
        self.tariff_fee = ctx.tariff_fee
        self.service_ids = ctx.service_ids
        self.service_info = ctx.service_info
        self.conflicts = ctx.conflicts
        self.used_msisdn = ctx.used_msisdn
        self.used_msisdn.update(int(s.msisdn[2:]) for s in holding.seed_numbers)
        self.next_id = ctx.next_id
        self.dept_base = 0  # id of the holding's first department, less one
        # Per contract: its id, spec and accounts as (id, numbers to give it, account number).
        self.plan: list[tuple[int, ContractSpec, list[tuple[int, int, str]]]] = []
        self.iccid_serial: dict[str, int] = {}
        # Per account (by id): balance, settlement, totals of charges per month index.
        self.accounts: dict[int, AccountState] = {}
        self.emails = Emails(
            holding.email_domain, [s.email for s in holding.seed_numbers if s.email]
        )
        self.msisdn_ids: dict[str, int] = {}  # seed numbers' ids

    def new_id(self, table: str) -> int:
        return self.ctx.id(table)

    def _at(self, day: dt.date, rnd: random.Random) -> dt.datetime:
        return office_time(day, rnd)

    def _month_of(self, day: dt.date) -> int:
        first = self.months[0].first
        return (day.year - first.year) * 12 + day.month - first.month

    def _msisdn(self, codes: tuple[int, ...]) -> int:
        rnd = self.rnd
        while True:
            national = codes[int(rnd.random() * len(codes))] * 10_000_000 + rnd.randrange(
                1_000_000, 10_000_000
            )
            if national not in self.used_msisdn:
                self.used_msisdn.add(national)
                return national

    def _history(
        self,
        b: Batch,
        nid: int,
        aid: int,
        account: AccountState,
        tariff: str,
        device: bool,
        first_mi: int,
        first_lo: int,
        end_mi: int,
        usage_until: int,
        fees: list[tuple[int, int]],
    ) -> None:
        # Hot loop (months x numbers): locals and random() arithmetic only.
        r = self.rnd.random
        charges, traffic, totals = b.charges, b.traffic, account.totals
        ids = self.next_id
        cid, tid = ids.get("charges", 0), ids.get("traffic", 0)
        fee = self.tariff_fee[tariff]
        voice_base = 5 + 60 * r() if device else 40 + 900 * r() ** 2
        sms_base = 3 + 60 * r() ** 3
        data_base = 300 + (30_000 if device else 20_000) * r() ** 2
        call_rate = 4 + 60 * r() ** 2  # kop per minute, the package averaged in
        sms_rate = 150 + 100 * r()
        data_rate = 0.02 + 0.8 * r() ** 3
        p_sms, p_data = 0.25 + 0.5 * r(), 0.3 + 0.5 * r()
        for mi in range(first_mi, end_mi):
            month = self.months[mi]
            days = month.days
            lo = first_lo if mi == first_mi else 0
            n = len(days)
            if lo >= n:
                continue
            share = (n - lo) / month.length
            first_day = days[lo]
            if mi < usage_until:
                voice = int(voice_base * share * (0.6 + 0.8 * r()))
                sms = int(sms_base * share * (0.5 + r()))
                data = int(data_base * share * (0.6 + 0.8 * r()))
            else:
                voice = sms = data = 0
            tid += 1
            traffic.append((tid, nid, month.period, voice, sms, data))
            amount = fee if lo == 0 else int(fee * share)
            cid += 1
            charges.append((cid, nid, aid, first_day, "subscription", amount))
            total = amount
            if voice:
                amount = int(voice * call_rate)
                cid += 1
                charges.append((cid, nid, aid, days[lo + int(r() * (n - lo))], "calls", amount))
                total += amount
            sms_amount = int(sms * sms_rate) if r() < p_sms else 0
            data_amount = int(data * data_rate) if r() < p_data else 0
            if not sms_amount and not data_amount:
                data_amount = int(data * data_rate)
            if sms_amount:
                cid += 1
                charges.append((cid, nid, aid, days[lo + int(r() * (n - lo))], "sms", sms_amount))
                total += sms_amount
            if data_amount:
                cid += 1
                charges.append((cid, nid, aid, days[lo + int(r() * (n - lo))], "data", data_amount))
                total += data_amount
            if fees:
                # Periodic services from their month on; one-off packs (negative) in theirs.
                amount = sum(p for k, p in fees if (0 <= k <= mi) or k == -1 - mi)
                if amount:
                    cid += 1
                    charges.append((cid, nid, aid, first_day, "services", amount))
                    total += amount
            totals[mi] += total
        ids["charges"], ids["traffic"] = cid, tid

    async def free_numbers(self) -> None:
        rows = [
            (self.new_id("free_numbers"), cid, f"+7{self._msisdn(spec.def_codes)}")
            for cid, spec, _accounts in self.plan
            for _ in range(20)
        ]
        await self.sink.add(m.FreeNumber.__table__, ("id", "contract_id", "msisdn"), rows)

    async def payments(self) -> None:
        """Accounts pay last month's bill; careless ones skip months and catch up."""
        rnd, s = self.rnd, self.sink
        r = rnd.random
        payments, promised = [], []
        for aid, acc in self.accounts.items():
            credit = acc.settlement == m.Settlement.CREDIT.value
            carry = 0
            for mi, month in enumerate(self.months):
                bill = acc.totals[mi - 1] if mi else acc.totals[0]
                day = 4 + int(r() * 16)
                if day >= len(month.days):
                    continue  # this month's payment has not come yet
                if acc.careless and r() < 0.25:
                    carry += bill
                    continue
                amount = bill + carry
                if not credit:  # advance payers round up and keep a margin
                    amount = -(-int(amount * (1 + 0.1 * r())) // 10_000) * 10_000
                carry = 0
                if amount > 0:
                    payments.append(
                        (
                            self.new_id("payments"),
                            aid,
                            month.days[day],
                            amount,
                            "bank" if r() < 0.9 else "card",
                        )
                    )
            if credit:
                continue  # a promised payment lifts an advance payer's block; credit has none
            for _ in range(int(r() * 3) if r() < 0.3 else 0):
                created = self.today - dt.timedelta(10 + int(r() * 30 * len(self.months)))
                at = self._at(created, rnd)
                promised.append(
                    (
                        self.new_id("promised_payments"),
                        aid,
                        acc.first_number if r() < 0.5 else None,
                        rnd.randrange(5, 51) * 10_000,
                        s.ts(at),
                        s.ts(at + dt.timedelta(days=3 + int(r() * 5))),
                        "repaid",
                    )
                )
            roll = r()
            if acc.balance < 30_000 and roll < 0.6:
                at = self.now - dt.timedelta(hours=int(r() * 48))
                promised.append(
                    (
                        self.new_id("promised_payments"),
                        aid,
                        acc.first_number,
                        rnd.randrange(5, 51) * 10_000,
                        s.ts(at),
                        s.ts(at + dt.timedelta(days=3 + int(r() * 3))),
                        "active",
                    )
                )
            elif roll > 0.97:
                at = self.now - dt.timedelta(days=10 + int(r() * 10))
                promised.append(
                    (
                        self.new_id("promised_payments"),
                        aid,
                        None,
                        rnd.randrange(5, 51) * 10_000,
                        s.ts(at),
                        s.ts(at + dt.timedelta(days=3)),
                        "overdue",
                    )
                )
        await s.add(m.Payment.__table__, ("id", "account_id", "date", "amount", "method"), payments)
        await s.add(
            m.PromisedPayment.__table__,
            ("id", "account_id", "number_id", "amount", "created_at", "due_at", "status"),
            promised,
        )
