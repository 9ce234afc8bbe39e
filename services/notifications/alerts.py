"""Alerts people choose: what fires, to whom, once per cause per period, by which channel.

A check (a scheduler job) collects what fired — balances under their threshold, limits
at 80 % / 100 %, promised payments due tomorrow or settled today, requests waiting for a
decision for more than a day — and events add theirs (a deferred operation finished, a
tariff changed, an option connected). Each recipient is someone whose scope covers the
number or account; the alert log's unique key lets a cause fire once per period; a user
with many alerts at once gets one digest instead of a storm.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from locales import translator
from services import history
from services.access import Principal
from services.events import ChargesAccrued, OperationFinished
from services.formatting import pretty_phone
from services.notifications import alert_queries as aq
from services.notifications.alert_queries import Channels
from services.notifications.delivery import DeliveryQueue, plain
from services.notifications.outbox import Outbox, is_email
from services.notifications.service import menu_button
from services.operations import registry
from services.operator import timed
from services.users import UserService
from storage.db import Database
from storage.models import AlertKind, Number, utcnow

log = logging.getLogger(__name__)
DIGEST_AT = 5  # more alerts than this for one person at once: one digest message
WAITING = dt.timedelta(days=1)

# Subscriber notifications are opt-in, as in the cabinet; the rest are on by default.
OPT_IN = {AlertKind.FUNDS, AlertKind.TARIFF_CHANGED, AlertKind.OPTION_CONNECTED}
# Who may receive a kind (besides its own scope check): the permission it needs.
NEEDS = {AlertKind.BALANCE_LOW: "budget"}
ORDER = tuple(AlertKind)


def default_channels(kind: AlertKind) -> Channels:
    return Channels(telegram=kind not in OPT_IN, email=False)


@dataclass(frozen=True)
class Fired:
    kind: AlertKind
    cause: str
    period: str
    company_id: int
    args: dict[str, object]
    number_id: int | None = None  # recipients: whose scope covers this number…
    account_id: int | None = None  # …or any number of this account
    users: tuple[int, ...] = ()  # …or exactly these users


@dataclass(frozen=True)
class PrefView:
    kind: AlertKind
    telegram: bool
    email: bool


@dataclass
class _Batch:
    by_user: defaultdict[int, list[Fired]] = field(default_factory=lambda: defaultdict(list))


def money(kopecks: int, lang: str) -> str:
    text = f"{kopecks / 100:,.2f}"
    return text.replace(",", "\u00a0").replace(".", ",") if lang == "ru" else text


class AlertService:
    def __init__(
        self,
        db: Database,
        users: UserService,
        queue: DeliveryQueue,
        outbox: Outbox,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.db = db
        self.users = users
        self.queue = queue
        self.outbox = outbox
        self.clock = clock

    # --- settings -----------------------------------------------------------------------

    async def prefs(self, user_id: int) -> list[PrefView]:
        async with self.db.session() as s:
            saved = await aq.prefs(s, user_id)
        out = []
        for kind in ORDER:
            ch = saved.get(kind) or default_channels(kind)
            out.append(PrefView(kind, ch.telegram, ch.email))
        return out

    async def cycle(self, user_id: int, kind: AlertKind) -> PrefView:
        """Off → Telegram → e-mail → both → off: one button per alert on a phone."""
        current = {p.kind: p for p in await self.prefs(user_id)}[kind]
        order = [(False, False), (True, False), (False, True), (True, True)]
        tg, mail = order[(order.index((current.telegram, current.email)) + 1) % 4]
        async with self.db.transaction() as s:
            await aq.save_pref(s, user_id, kind, tg, mail)
            history.record(
                s,
                company_id=await aq.company_of(s, user_id),
                user_id=user_id,
                action="settings.alert",
                kind=kind.value,
                telegram=tg,
                email=mail,
            )
        return PrefView(kind, tg, mail)

    async def thresholds(self, principal: Principal) -> list[aq.ThresholdView]:
        async with self.db.session() as s:
            return await aq.thresholds(s, principal)

    async def set_threshold(self, principal: Principal, account_id: int, amount: int) -> bool:
        """Accountants (and admins) set it for accounts in their scope; False otherwise."""
        if not principal.may("budget") or amount < 0:
            return False
        async with self.db.transaction() as s:
            if not await aq.account_in_scope(s, principal, account_id):
                return False
            await aq.save_threshold(s, account_id, amount, principal.user_id)
            history.record(
                s,
                company_id=principal.company_id,
                user_id=principal.user_id,
                action="settings.threshold",
                account_id=account_id,
                amount=amount,
            )
        return True

    # --- what fires ---------------------------------------------------------------------

    async def check(self, now: dt.datetime | None = None) -> int:
        """The periodic check; how many alerts went out (a digest counts once)."""
        now = now or self.clock()
        day, month = now.date().isoformat(), now.strftime("%Y-%m")
        fired: list[Fired] = []
        async with self.db.transaction() as s:
            await timed.start_due_services(s, now)
            for acc in await aq.low_balances(s):
                fired.append(
                    Fired(
                        AlertKind.BALANCE_LOW,
                        f"account:{acc.account_id}",
                        day,
                        acc.company_id,
                        {"account": acc.number, "balance": acc.balance, "threshold": acc.threshold},
                        account_id=acc.account_id,
                    )
                )
            for hit in await timed.limit_hits(s, now):
                kind = AlertKind.LIMIT_100 if hit.full else AlertKind.LIMIT_80
                fired.append(
                    Fired(
                        kind,
                        f"number:{hit.number_id}",
                        month,
                        hit.company_id,
                        {
                            "number": pretty_phone(hit.msisdn),
                            "spent": hit.spent,
                            "limit": hit.limit,
                            "blocked": "yes" if hit.blocked else "no",
                        },
                        number_id=hit.number_id,
                    )
                )
            for pp in await timed.promised_events(s, now):
                kind = {
                    "due": AlertKind.PROMISED_DUE,
                    "repaid": AlertKind.PROMISED_REPAID,
                    "overdue": AlertKind.PROMISED_OVERDUE,
                }[pp.status]
                fired.append(
                    Fired(
                        kind,
                        f"promised:{pp.promised_id}",
                        "once",
                        pp.company_id,
                        {"account": pp.account, "amount": pp.amount, "due": pp.due_at},
                        number_id=pp.number_id,
                        account_id=pp.account_id if pp.number_id is None else None,
                    )
                )
            for req in await aq.waiting_requests(s, now - WAITING):
                fired.append(
                    Fired(
                        AlertKind.REQUEST_WAITING,
                        f"request:{req.request_id}",
                        "once",
                        req.company_id,
                        {"id": req.request_id, "name": req.requester},
                        users=req.approvers,
                    )
                )
        return await self.dispatch(fired, now)

    async def on_charges_accrued(self, event: ChargesAccrued) -> None:
        """Fresh charges: limits are looked at now, not at the next periodic check."""
        await self.check(event.until)

    async def on_operation_finished(self, event: OperationFinished) -> None:
        """A deferred operation's outcome to its author; tariff and option changes to those
        who asked for subscriber notifications."""
        async with self.db.session() as s:
            op = await aq.operation_brief(s, event.operation_id)
        if op is None:
            return
        fired: list[Fired] = []
        if op.deferred:
            kind = (
                AlertKind.OPERATION_DONE if event.status == "done" else AlertKind.OPERATION_FAILED
            )
            fired.append(
                Fired(
                    kind,
                    f"operation:{op.id}",
                    "once",
                    event.company_id,
                    {"id": op.id, "op": op.code, "done": op.done, "total": op.total},
                    users=(event.user_id,),
                )
            )
        if op.code == "move_funds" and op.done:
            amount = int(str(op.params.get("amount", 0)))
            for account_id, account in op.accounts:
                fired.append(
                    Fired(
                        AlertKind.FUNDS,
                        f"op:{op.id}:{account_id}",
                        "once",
                        event.company_id,
                        {"account": account, "amount": amount},
                        account_id=account_id,
                    )
                )
        subscriber = {"tariff": AlertKind.TARIFF_CHANGED, "services_on": AlertKind.OPTION_CONNECTED}
        if op.code in subscriber and op.done:
            for number_id, msisdn in op.numbers[:50]:
                fired.append(
                    Fired(
                        subscriber[op.code],
                        f"op:{op.id}:{number_id}",
                        "once",
                        event.company_id,
                        {"number": pretty_phone(msisdn), "id": op.id},
                        number_id=number_id,
                    )
                )
        await self.dispatch(fired, self.clock())

    # --- who gets it, once, and how -----------------------------------------------------

    async def dispatch(self, fired: list[Fired], now: dt.datetime) -> int:
        if not fired:
            return 0
        batch = _Batch()
        principals: dict[int, list[Principal]] = {}
        async with self.db.transaction() as s:
            for f in fired:
                if f.company_id not in principals:
                    principals[f.company_id] = await self._company_people(f.company_id)
                for user_id in await self._recipients(s, f, principals[f.company_id]):
                    if await aq.log_once(s, self.db.is_sqlite, user_id, f.kind, f.cause, f.period):
                        batch.by_user[user_id].append(f)
            people = await aq.people(s, list(batch.by_user))
            prefs = {uid: await aq.prefs(s, uid) for uid in batch.by_user}
        sent = 0
        for user_id, items in batch.by_user.items():
            person = people.get(user_id)
            if person is None:
                continue
            chosen = [
                f
                for f in items
                if (prefs[user_id].get(f.kind) or default_channels(f.kind)).telegram
            ]
            mailed = [
                f for f in items if (prefs[user_id].get(f.kind) or default_channels(f.kind)).email
            ]
            sent += await self._send(person, chosen, mailed)
        return sent

    async def _company_people(self, company_id: int) -> list[Principal]:
        async with self.db.session() as s:
            tg_ids = await aq.company_tg_ids(s, company_id)
        out = []
        for tg_id in tg_ids:
            p = await self.users.principal(tg_id)
            if p is not None:
                out.append(p)
        return out

    async def _recipients(self, s: aq.AsyncSession, f: Fired, people: list[Principal]) -> list[int]:
        if f.users:
            return [p.user_id for p in people if p.user_id in f.users]
        out = []
        need = NEEDS.get(f.kind, "numbers")
        for p in people:
            if not p.may(need):
                continue
            where = p.number_scope("numbers")
            if f.number_id is not None:
                where = where & (Number.id == f.number_id)
            elif f.account_id is not None:
                where = where & (Number.account_id == f.account_id)
            if await s.scalar(select(Number.id).where(where).limit(1)) is not None:
                out.append(p.user_id)
        return out

    def _text(self, lang: str, f: Fired) -> str:
        i18n = translator(lang)
        args: dict[str, object] = {}
        for key, value in f.args.items():
            if key in ("balance", "threshold", "spent", "limit", "amount") and isinstance(
                value, int
            ):
                args[key] = money(value, lang)
            elif isinstance(value, dt.datetime):
                args[key] = value.strftime("%d.%m.%Y")
            elif key == "op":
                args[key] = i18n(registry.get(str(value)).title_key)
            else:
                args[key] = html.escape(str(value))
        return i18n(f"alert-{f.kind.value.replace('_', '-')}", **args)

    async def _send(self, person: aq.Person, chosen: list[Fired], mailed: list[Fired]) -> int:
        i18n = translator(person.language)
        sent = 0
        texts = [self._text(person.language, f) for f in chosen]
        if len(texts) > DIGEST_AT:
            counts: defaultdict[AlertKind, int] = defaultdict(int)
            for f in chosen:
                counts[f.kind] += 1
            lines = [
                i18n("alert-digest-line", kind=i18n(f"alert-kind-{k.value}"), n=n)
                for k, n in counts.items()
            ]
            shown = "\n\n".join(texts[:DIGEST_AT])
            texts = [i18n("alert-digest", n=len(chosen), lines="\n".join(lines), first=shown)]
        if texts:
            await self.queue.enqueue_many(
                [(person.tg_id, t, menu_button(person.language)) for t in texts],
                user_id=person.user_id,
                mail_subject=i18n("alert-mail-subject"),
            )
            sent += len(texts)
        if mailed and person.email and is_email(person.email):
            body = "\n\n".join(plain(self._text(person.language, f)) for f in mailed)
            await self.outbox.queue_email(
                to=person.email,
                subject=i18n("alert-mail-subject"),
                text=body,
                user_id=person.user_id,
            )
            sent += 1
        return sent
