"""Building one holding: company, contracts, departments, accounts and numbers with their
services, blocks, forwardings and limits (history.py adds the money and traffic).

Everything of a holding is drawn from its own `random.Random` in a fixed order, so any change
to the order of draws changes the data: keep new draws at the end of a step if existing demo
data should stay as it is.
"""

from __future__ import annotations

import datetime as dt
import math

from storage import models as m
from storage.demo.catalogue import TARIFF_SERVICES, TARIFF_WEIGHTS
from storage.demo.context import (
    NUMBER_COLUMNS,
    AccountState,
    Batch,
    apportion,
    cumulative,
    luhn_check_digit,
    pick,
)
from storage.demo.history import HoldingState
from storage.demo.holdings import DEVICE_COMMENTS, ContractSpec, SeedNumber
from storage.demo.people import draw_person

# Numbers generated per flush: ~100k charge rows, small enough to keep memory flat.
CHUNK_NUMBERS = 2000
_FORWARD_CONDITIONS = ("always", "busy", "no_answer", "unreachable")


class HoldingBuilder(HoldingState):
    """Writes one holding through the shared sink; `company()` first, then `numbers()`."""

    async def company(self) -> None:
        """The company, its contracts, departments and personal accounts."""
        s, rnd, h = self.sink, self.rnd, self.holding
        founded = self.today.replace(year=self.today.year - 9, day=1)
        await s.add(
            m.Company.__table__,
            ("id", "name", "inn", "kpp", "legal_address", "created_at"),
            [
                (
                    self.company_id,
                    h.name,
                    h.inn,
                    h.kpp,
                    h.legal_address,
                    s.ts(self._at(founded, rnd)),
                )
            ],
        )
        contract_ids = [self.new_id("contracts") for _ in h.contracts]
        await s.add(
            m.Contract.__table__,
            ("id", "company_id", "number", "name", "region", "timezone", "signed_on"),
            [
                (
                    i,
                    self.company_id,
                    c.number,
                    c.name,
                    c.region,
                    c.timezone,
                    s.date(founded + dt.timedelta(days=c.signed_after)),
                )
                for i, c in zip(contract_ids, h.contracts, strict=True)
            ],
        )
        await s.add(
            m.ContractTariff.__table__,
            ("contract_id", "tariff_id"),
            [
                (i, self.tariff_ids[code])
                for i, c in zip(contract_ids, h.contracts, strict=True)
                for code in c.tariffs
            ],
        )
        self.dept_base = self.next_id.get("departments", 0)
        self.next_id["departments"] = self.dept_base + len(h.departments)
        base = self.dept_base
        await s.add(
            m.Department.__table__,
            ("id", "company_id", "parent_id", "name", "path"),
            [
                (base + i, self.company_id, None if p is None else base + p + 1, name, path)
                for i, (name, p) in enumerate(h.departments, 1)
                for path in [self._dept_path(i)]
            ],
        )

        # Accounts grow slower than numbers: a big branch has more numbers per account.
        per_contract = apportion(self.total_numbers, [c.share for c in h.contracts], minimum=3)
        rows = []
        for cid, spec, count in zip(contract_ids, h.contracts, per_contract, strict=True):
            seeds = h.seed_accounts.get(spec.number, ())
            n_acc = max(len(seeds), 2, round(math.sqrt(count) * 0.6))
            n_acc = min(n_acc, count)
            sizes = apportion(count, [rnd.lognormvariate(0, 0.8) for _ in range(n_acc)], 1)
            taken = {int(a[5:]) for a in seeds}
            suffixes: list[int] = []
            while len(suffixes) < n_acc - len(seeds):
                x = rnd.randrange(1_000_000, 10_000_000)
                if x not in taken:
                    taken.add(x)
                    suffixes.append(x)
            numbers = [*seeds, *(f"2{spec.number[1:5]}{x:07d}" for x in sorted(suffixes))]
            accounts = []
            for k, (acc_no, size) in enumerate(zip(numbers, sizes, strict=True)):
                aid = self.new_id("accounts")
                purpose = h.account_purposes[k % len(h.account_purposes)]
                round_no = k // len(h.account_purposes)
                name = f"{purpose}, {spec.city}" + (f" № {round_no + 1}" if round_no else "")
                state = self._account_state(size, aid - 1)
                self.accounts[aid] = state
                rows.append(
                    (
                        aid,
                        self.company_id,
                        cid,
                        acc_no,
                        name,
                        state.balance,
                        state.settlement,
                        state.credit_limit,
                    )
                )
                accounts.append((aid, size, acc_no))
            self.plan.append((cid, spec, accounts))
        await s.add(
            m.Account.__table__,
            (
                "id",
                "company_id",
                "contract_id",
                "number",
                "name",
                "balance",
                "settlement",
                "credit_limit",
            ),
            rows,
        )

    def _dept_path(self, number: int) -> str:
        chain = []
        index: int | None = number - 1
        while index is not None:
            chain.append(self.dept_base + index + 1)
            index = self.holding.departments[index][1]
        return "/" + "/".join(map(str, reversed(chain))) + "/"

    def _account_state(self, size: int, index: int) -> AccountState:
        r = self.rnd.random
        credit = r() < 0.3
        scale = 70_000 * size  # about a month of charges, kop
        roll = r()
        # Every seventh account is in trouble and another one nearly empty, whatever the seed.
        debtor = index % 7 == 3 or roll < 0.06
        low = not debtor and (index % 7 == 5 or roll > 0.9)
        limit = 0
        if credit:
            limit = max(100_000, int(round(scale * (1.5 + 2 * r()), -4)))
            # Credit accounts run up the month's usage and settle by invoice: negative is normal.
            spent = 0.85 + 0.1 * r() if debtor else 0.05 + 0.4 * r()
            balance = -int(limit * spent)
        elif debtor:
            balance = -int(scale * (0.02 + 0.3 * r()))
        elif low:
            balance = int(50_000 * r())
        else:
            balance = int(scale * (0.2 + 2.0 * r()))
        return AccountState(
            balance=balance,
            settlement=(m.Settlement.CREDIT if credit else m.Settlement.ADVANCE).value,
            credit_limit=limit,
            debtor=debtor,
            careless=r() < 0.2,
            totals=[0] * len(self.months),
        )

    async def numbers(self) -> None:
        """Numbers with their services, blocks, forwardings, limits and monthly history."""
        rnd, h = self.rnd, self.holding
        self.iccid_serial = {spec.number: rnd.randrange(10**9, 4 * 10**10) for spec in h.contracts}
        seeds = {s.account: s for s in h.seed_numbers}
        batch = Batch()
        for k, (cid, spec, accounts) in enumerate(self.plan):
            weights = h.dept_weights[k]
            depts = (list(weights), cumulative(list(weights.values())))
            tariffs = (list(spec.tariffs), cumulative([TARIFF_WEIGHTS[t] for t in spec.tariffs]))
            for aid, size, acc_no in accounts:
                for k in range(size):
                    seed = seeds.get(acc_no) if k == 0 else None
                    self._number(batch, cid, spec, aid, seed, depts, tariffs)
                    if len(batch.numbers) >= CHUNK_NUMBERS:
                        await self._flush(batch)
                        batch = Batch()
        await self._flush(batch)

    async def _flush(self, b: Batch) -> None:
        s = self.sink
        await s.add(m.Number.__table__, NUMBER_COLUMNS, b.numbers)
        await s.add(
            m.NumberService.__table__,
            (
                "id",
                "number_id",
                "service_id",
                "status",
                "start_at",
                "auto_disable_at",
                "connected_at",
            ),
            b.services,
        )
        await s.add(
            m.Block.__table__, ("id", "number_id", "kind", "since", "until", "active"), b.blocks
        )
        await s.add_dicts(m.PlannedItem.__table__, b.planned)
        await s.add(m.PlannedNumber.__table__, ("item_id", "number_id"), b.planned_numbers)
        await s.add(
            m.Forwarding.__table__, ("id", "number_id", "condition", "target"), b.forwardings
        )
        await s.add(m.NumberLimit.__table__, ("id", "number_id", "amount", "action"), b.limits)
        await s.add(
            m.Traffic.__table__,
            ("id", "number_id", "period", "voice_min", "sms", "data_mb"),
            b.traffic,
        )
        await s.add(
            m.Charge.__table__,
            ("id", "number_id", "account_id", "date", "category", "amount"),
            b.charges,
        )

    def _plan_off(
        self, b: Batch, nid: int, service_id: int, at: dt.datetime, timezone: str
    ) -> None:
        """The service's auto-off as a scheduled item (the table is what the scheduler runs)."""
        item_id = self.new_id("planned_items")
        b.planned.append(
            {
                "id": item_id,
                "company_id": self.company_id,
                "kind": m.PlanKind.SERVICE_OFF,
                "state": m.PlanState.PENDING,
                "timezone": timezone,
                "next_run_at": at,
                "next_step": "",
                "payload": {"service_id": service_id},
                "created_at": self.now,
                "runs": 0,
            }
        )
        b.planned_numbers.append((item_id, nid))

    def _number(
        self,
        b: Batch,
        cid: int,
        spec: ContractSpec,
        aid: int,
        seed: SeedNumber | None,
        depts: tuple[list[int], list[float]],
        tariffs: tuple[list[str], list[float]],
    ) -> None:
        rnd, s = self.rnd, self.sink
        r = rnd.random
        nid = self.new_id("numbers")
        account = self.accounts[aid]
        if account.first_number is None:
            account.first_number = nid
        window_start = self.months[0].first
        if seed is not None:
            self.msisdn_ids[seed.msisdn] = nid
            national = int(seed.msisdn[2:])
            holder, comment, email = seed.holder, seed.comment, seed.email
            dept: int | None = seed.department_id
            tariff = seed.tariff
            device = False
            status = m.NumberStatus.ACTIVE
        else:
            national = self._msisdn(spec.def_codes)
            dept = depts[0][pick(depts[1], r())] or None
            device = r() < 0.04
            email = None
            if device:
                holder, comment = "", DEVICE_COMMENTS[int(r() * len(DEVICE_COMMENTS))]
            else:
                holder, surname, given = draw_person(rnd)
                notes = self.holding.dept_comments[dept or 0]
                comment = notes[int(r() * len(notes))] if r() < 0.4 else ""
                if r() < 0.4:
                    email = self.emails.make(surname, given)
            if device and "corporate" in tariffs[0]:
                tariff = "corporate"
            elif dept == 1 and r() < 0.7:
                tariff = tariffs[0][-1] if tariffs[0][-1] != "corporate" else tariffs[0][-2]
            else:
                tariff = tariffs[0][pick(tariffs[1], r())]
            roll, blocked = r(), 0.08 if account.debtor else 0.025
            status = (
                m.NumberStatus.CLOSED
                if roll < 0.01
                else m.NumberStatus.BLOCKED
                if roll < 0.01 + blocked
                else m.NumberStatus.ACTIVE
            )

        # When the number came, and from which month it has history.
        if seed is None and r() < 0.15:
            span = (self.today - window_start).days
            created_day = window_start + dt.timedelta(int(r() * span))
        else:
            created_day = window_start - dt.timedelta(1 + int(r() * 6 * 365))
        created_at = self._at(created_day, rnd)
        first_mi = max(0, self._month_of(created_day))
        first_lo = created_day.day - 1 if created_day >= window_start else 0
        end_mi = len(self.months)
        if status is m.NumberStatus.CLOSED:
            # Closed before the current month, after at least one month of use if possible.
            last = len(self.months) - 1
            if last > first_mi:
                end_mi = first_mi + 1 + int(r() * (last - first_mi))
        usage_until = end_mi  # months from here on are blocked: fee only, no traffic
        if status is m.NumberStatus.BLOCKED:
            since = max(created_day, self.today - dt.timedelta(3 + int(r() * 100)))
            usage_until = max(first_mi, self._month_of(since)) + 1
            if account.debtor:
                kind = "financial"
            else:
                kind = "lost" if r() < 0.2 else "voluntary"
            b.blocks.append(
                (self.new_id("blocks"), nid, kind, s.ts(self._at(since, rnd)), None, True)
            )
        elif status is m.NumberStatus.ACTIVE and r() < 0.015:
            since = max(created_day, self.today - dt.timedelta(20 + int(r() * 300)))
            until = since + dt.timedelta(3 + int(r() * 15))
            b.blocks.append(
                (
                    self.new_id("blocks"),
                    nid,
                    "voluntary",
                    s.ts(self._at(since, rnd)),
                    s.ts(self._at(until, rnd)),
                    False,
                )
            )

        tariff_changed = None
        if r() < 0.2:
            days_since = (self.today - max(created_day, window_start)).days
            tariff_changed = s.ts(self._at(self.today - dt.timedelta(int(r() * days_since)), rnd))

        serial = self.iccid_serial[spec.number] + 1 + (int(r() * 500) if r() < 0.1 else 0)
        self.iccid_serial[spec.number] = serial
        body = f"897010{spec.iccid_region}{serial:011d}"
        iccid = body + luhn_check_digit(body)
        b.numbers.append(
            (
                nid,
                self.company_id,
                cid,
                aid,
                None if dept is None else self.dept_base + dept,
                self.tariff_ids[tariff],
                f"+7{national}",
                str(national)[::-1],
                iccid,
                iccid[::-1],
                holder,
                holder.lower(),
                email,
                comment,
                status.value,
                tariff_changed,
                s.ts(created_at),
            )
        )
        if status is m.NumberStatus.CLOSED:
            fees: list[tuple[int, int]] = []
        else:
            fees = self._extras(b, nid, spec, tariff, created_day)
        self._history(
            b, nid, aid, account, tariff, device, first_mi, first_lo, end_mi, usage_until, fees
        )

    def _extras(
        self, b: Batch, nid: int, spec: ContractSpec, tariff: str, created: dt.date
    ) -> list[tuple[int, int]]:
        """Services, forwardings and limits; returns (month index, price) the services cost."""
        rnd, s = self.rnd, self.sink
        r = rnd.random
        allowed = TARIFF_SERVICES[tariff]
        roll = r()
        want = 0 if roll < 0.35 else 1 if roll < 0.7 else 2 if roll < 0.9 else 3
        forwards = r() < 0.04
        chosen: list[str] = ["forwarding"] if forwards else []
        for _ in range(want):
            code = allowed[int(r() * len(allowed))]
            if code not in chosen and not self.conflicts.get(code, set()) & set(chosen):
                chosen.append(code)
        fees = []
        age = (self.today - created).days
        for code in chosen:
            price, periodic = self.service_info[code]
            if periodic:
                connected = self.today - dt.timedelta(int(r() * age))
            else:  # one-off packs are bought for a trip: recently, and they expire
                connected = self.today - dt.timedelta(int(r() * min(25, age)))
            status, start_at, auto_off = "active", None, None
            if r() < 0.03 and code != "forwarding":
                status = "pending"  # "Отложить подключение до"
                start_at = self.now + dt.timedelta(days=1 + int(r() * 14))
                connected = self.today - dt.timedelta(int(r() * min(3, age)))
            elif not periodic:
                auto_off = self._at(connected + dt.timedelta(30), rnd)
            elif r() < 0.05:
                auto_off = self.now + dt.timedelta(days=5 + int(r() * 55))
            b.services.append(
                (
                    self.new_id("number_services"),
                    nid,
                    self.service_ids[code],
                    status,
                    s.ts(start_at),
                    s.ts(auto_off),
                    s.ts(self._at(connected, rnd)),
                )
            )
            if status == "active" and auto_off is not None and auto_off > self.now:
                self._plan_off(b, nid, self.service_ids[code], auto_off, spec.timezone)
            if status == "active" and price:
                mi = max(0, self._month_of(connected))
                fees.append((mi if periodic else -1 - mi, price))
        if forwards:
            conditions = ("always",) if r() < 0.4 else _FORWARD_CONDITIONS[1 : 1 + 1 + int(r() * 3)]
            target = f"+7{spec.landline}{rnd.randrange(1_000_000, 10_000_000)}"
            for condition in conditions:
                b.forwardings.append((self.new_id("forwardings"), nid, condition, target))
        if r() < 0.04:
            b.limits.append(
                (
                    self.new_id("number_limits"),
                    nid,
                    rnd.randrange(10, 51) * 10_000,
                    "notify" if r() < 0.6 else "block",
                )
            )
        return fees
