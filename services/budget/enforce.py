"""The operator enforces the budget as charges accrue.

After every bill: each limit (a number's, a department's, the company's) at 80 % or 100 %
does what the company's rules say for that step — tell the holder and the manager, switch
off paid services, block outgoing calls until the month ends — and a number above what
the company pays has the excess charged to its employee or is restricted. Each cause acts
once a month (the `budget_acts` log).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services import history
from services.budget import bars
from services.budget import figures as fg
from services.budget.rules import Rules, load_rules
from services.events import ChargesAccrued
from services.formatting import pretty_phone
from services.notifications.alert_queries import company_tg_ids
from services.notifications.alerts import AlertService, Fired
from storage.chunks import chunks
from storage.db import Database
from storage.models import (
    AlertKind,
    BudgetAct,
    BudgetExcess,
    BudgetLevel,
    BudgetLimit,
    EmployeeCharge,
    NumberService,
    Service,
    ServiceStatus,
    utcnow,
)

STEPS = ((100, 1.0), (80, 0.8))


@dataclass(frozen=True)
class Act:
    cause: str
    step: int  # 80 or 100; 100 for the write-off rule
    company_id: int
    level: str  # number / department / company / cap
    target: str  # what to call it in the message
    spent: int
    limit: int
    number_id: int | None
    number_ids: tuple[int, ...]
    actions: tuple[str, ...]


def next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def due_acts(fig: fg.Figures, rules: dict[int, Rules]) -> list[Act]:
    """Every cause that holds now: each limit at 80 % and 100 %, each number over the cap."""
    out: list[Act] = []
    for limit in fig.limits:
        covered = fig.covered(limit)
        if not covered:
            continue
        spent = sum(n.spent for n in covered)
        rule = rules.get(limit.company_id) or Rules()
        if limit.level == BudgetLevel.NUMBER:
            target, number_id = pretty_phone(covered[0].msisdn), covered[0].number_id
        elif limit.level == BudgetLevel.DEPARTMENT:
            target, number_id = fig.names.get(limit.target_id, ""), None
        else:
            target, number_id = "", None
        for step, share in STEPS:
            if spent >= limit.amount * share:
                out.append(
                    Act(
                        f"{limit.level.value}:{limit.target_id}:{step}",
                        step,
                        limit.company_id,
                        limit.level.value,
                        target,
                        spent,
                        limit.amount,
                        number_id,
                        tuple(n.number_id for n in covered),
                        rule.at_100 if step == 100 else rule.at_80,
                    )
                )
    for n in fig.numbers.values():
        cap = rules.get(n.company_id)
        if cap is None or cap.company_pays <= 0 or n.spent <= cap.company_pays:
            continue
        restrict = cap.excess == BudgetExcess.RESTRICT
        out.append(
            Act(
                f"cap:{n.number_id}",
                100,
                n.company_id,
                "cap",
                pretty_phone(n.msisdn),
                n.spent,
                cap.company_pays,
                n.number_id,
                (n.number_id,),
                ("notify", "block") if restrict else ("notify",),
            )
        )
    return out


async def _forget(
    s: AsyncSession, companies: set[int], due: list[Act], month: dt.date, now: dt.datetime
) -> None:
    """Undo what no cause holds any more: bars are lifted, and the month's acts of causes
    that stopped holding are forgotten, so a raised limit reached again acts again."""
    holding = {f"{a.company_id}:{a.cause}" for a in due}
    keep = {i for a in due if "block" in a.actions for i in a.number_ids}
    await bars.lift(s, companies, keep, now)
    stale = [
        act_id
        for act_id, company_id, cause in await s.execute(
            select(BudgetAct.id, BudgetAct.company_id, BudgetAct.cause).where(
                BudgetAct.month == month, BudgetAct.company_id.in_(sorted(companies))
            )
        )
        if f"{company_id}:{cause}" not in holding
    ]
    for batch in chunks(stale):
        await s.execute(delete(BudgetAct).where(BudgetAct.id.in_(batch)))


async def relieve(s: AsyncSession, company_id: int, now: dt.datetime) -> None:
    """After a limit or a rule changed: lift at once what no rule restricts any more."""
    month = fg.month_of(now.date())
    rules = await load_rules(s, company_id)
    fig = await fg.load(s, month, [company_id])
    await _forget(s, {company_id}, due_acts(fig, rules), month, now)


class BudgetEnforcer:
    def __init__(
        self,
        db: Database,
        alerts: AlertService | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.db = db
        self.alerts = alerts
        self.clock = clock

    async def on_charges_accrued(self, event: ChargesAccrued) -> None:
        await self.enforce(event.until)

    async def enforce(self, now: dt.datetime | None = None) -> list[Act]:
        now = now or self.clock()
        month = fg.month_of(now.date())
        async with self.db.transaction() as s:
            rules = await load_rules(s)
            companies = (
                set(await s.scalars(select(BudgetLimit.company_id).where(BudgetLimit.amount > 0)))
                | {cid for cid, r in rules.items() if r.company_pays > 0}
                | await bars.barred_companies(s)
            )
            if not companies:
                return []
            fig = await fg.load(s, month, companies)
            due = due_acts(fig, rules)
            await _forget(s, companies, due, month, now)
            done = set(
                await s.scalars(
                    select(BudgetAct.company_id.concat(":").concat(BudgetAct.cause)).where(
                        BudgetAct.month == month
                    )
                )
            )
            acts = [a for a in due if f"{a.company_id}:{a.cause}" not in done]
            acts = self._highest_step_first(acts, done)
            await self._employee_charges(s, fig, rules, month)
            for act in acts:
                s.add(BudgetAct(company_id=act.company_id, month=month, cause=act.cause))
                await self._apply(s, act, now, month)
        told = [a for a in acts if "notify" in a.actions]
        if self.alerts is not None and told:
            fired = [self._fired(a, month, await self._managers(a, fig)) for a in told]
            await self.alerts.dispatch(fired, now)
        return acts

    async def _managers(self, act: Act, fig: fg.Figures) -> tuple[int, ...]:
        """Who hears of a department's or the company's limit: those whose scope covers
        it (a number's limit goes to whoever's scope covers the number: holder, manager)."""
        if act.number_id is not None or self.alerts is None:
            return ()
        async with self.db.session() as s:
            tg_ids = await company_tg_ids(s, act.company_id)
        path = "/"
        if act.level == BudgetLevel.DEPARTMENT:
            path = fig.paths.get(int(act.cause.split(":")[1]), "") or ""
        out = []
        for tg_id in tg_ids:
            p = await self.alerts.users.principal(tg_id)
            if p is not None and p.may("numbers") and p.covers_department(path):
                out.append(p.user_id)
        return tuple(out) or (0,)  # nobody: a user id that matches no one

    @staticmethod
    def _highest_step_first(acts: list[Act], done: set[str]) -> list[Act]:
        """A limit that jumps past 80 % straight to 100 % acts at 100 % and records 80 %
        silently, so it does not announce 80 % afterwards."""
        full = {(a.company_id, a.cause.rsplit(":", 1)[0]) for a in acts if a.step == 100}
        out = []
        for a in acts:
            if a.step == 80 and (a.company_id, a.cause.rsplit(":", 1)[0]) in full:
                out.append(replace(a, actions=()))  # logged, does nothing
            else:
                out.append(a)
        return out

    async def _apply(self, s: AsyncSession, act: Act, now: dt.datetime, month: dt.date) -> None:
        if "services_off" in act.actions:
            paid = select(Service.id).where(Service.price > 0)
            for batch in chunks(act.number_ids):
                await s.execute(
                    update(NumberService)
                    .where(
                        NumberService.number_id.in_(batch),
                        NumberService.status == ServiceStatus.ACTIVE,
                        NumberService.service_id.in_(paid),
                    )
                    .values(status=ServiceStatus.OFF)
                )
        blocked: list[int] = []
        if "block" in act.actions:
            until = dt.datetime.combine(next_month(month), dt.time(), dt.UTC)
            blocked = await bars.bar(s, act.number_ids, now, until)
        if act.actions:
            history.record(
                s,
                company_id=act.company_id,
                user_id=None,
                action=f"budget.{act.step}",
                number_id=act.number_id,
                cause=act.cause,
                spent=act.spent,
                limit=act.limit,
                actions=",".join(act.actions),
                blocked=len(blocked),
            )

    async def _employee_charges(
        self, s: AsyncSession, fig: fg.Figures, rules: dict[int, Rules], month: dt.date
    ) -> None:
        """What each employee owes this month, kept current: the excess over the cap."""
        owed = {}
        for n in fig.numbers.values():
            rule = rules.get(n.company_id)
            if (
                rule is not None
                and rule.excess == BudgetExcess.EMPLOYEE
                and 0 < rule.company_pays < n.spent
            ):
                owed[n.number_id] = (n.company_id, n.spent - rule.company_pays)
        have = {
            number_id: (row_id, amount)
            for row_id, number_id, amount in await s.execute(
                select(EmployeeCharge.id, EmployeeCharge.number_id, EmployeeCharge.amount).where(
                    EmployeeCharge.month == month
                )
            )
        }
        for number_id, (company_id, amount) in owed.items():
            if number_id not in have:
                s.add(
                    EmployeeCharge(
                        company_id=company_id, number_id=number_id, month=month, amount=amount
                    )
                )
            elif have[number_id][1] != amount:
                await s.execute(
                    update(EmployeeCharge)
                    .where(EmployeeCharge.id == have[number_id][0])
                    .values(amount=amount)
                )

    def _fired(self, act: Act, month: dt.date, users: tuple[int, ...]) -> Fired:
        done = "none"
        if "block" in act.actions and "services_off" in act.actions:
            done = "both"
        elif "block" in act.actions:
            done = "block"
        elif "services_off" in act.actions:
            done = "services_off"
        elif act.level == "cap":
            done = "employee"
        return Fired(
            AlertKind.BUDGET_100 if act.step == 100 else AlertKind.BUDGET_80,
            # Once a month per limit amount: a raised limit reached again is told again.
            f"{act.cause}@{act.limit}",
            month.strftime("%Y-%m"),
            act.company_id,
            {
                "level": act.level,
                "target": act.target,
                "spent": act.spent,
                "limit": act.limit,
                "done": done,
            },
            number_id=act.number_id,
            users=users,
        )
