"""A company whose every name is hostile HTML, and the production bot driven in-process.

The bot is the one `python -m bot` builds (bot.factory.make_app); its requests go over
loopback to the fake Bot API server, which parses HTML as Telegram does. Updates are fed to
the dispatcher one at a time and awaited, so a test knows when an update is fully handled.
"""

from __future__ import annotations

import asyncio
import random
import re
import shutil
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiogram.types import Update
from sqlalchemy import select, update

from bot.factory import App, make_app
from bot.settings import Settings
from storage import demo
from storage.db import Database
from storage.migrate import upgrade
from storage.models import (
    Account,
    Company,
    Contract,
    Department,
    Grant,
    Number,
    Role,
    ScopeKind,
    Service,
    Tariff,
    User,
)
from tests.fakeapi import BotMessage, FakeTelegram
from tests.fakeapi import User as TgUser

TOKEN = "123456:TESTTOKENTESTTOKENTESTTOKEN"
# What a hostile user types into names: tags, entities, ampersands, emoji.
NASTY = ("<b>", "</b>", "&", "<qa>", "&amp;", "🦄", "<i>", "</i>")
PERSON = "<b>Зоя</b> & <qa> 🦄"
ROLES = ("owner", "manager", "accountant", "employee", "viewer")
TG_BASE = 880_000_000


def nasty(name: str) -> str:
    return f"<b>{name}</b> & <qa> &amp; 🦄"


async def build_template(path: Path, numbers: int = 36) -> None:
    """A small demo holding with hostile names everywhere a name is shown."""
    db = Database(f"sqlite+aiosqlite:///{path}")
    await upgrade(db.engine)
    await demo.generate(db, numbers=numbers, months=1, seed=3)
    async with db.transaction() as s:
        for model in (Company, Contract, Department, Tariff, Service):
            for row in await s.scalars(select(model)):
                row.name = nasty(row.name)[:120]
        for acc in await s.scalars(select(Account)):
            acc.name = nasty(acc.name or "ЛС")
        for con in await s.scalars(select(Contract)):
            con.region = nasty(con.region)[:100]
        await s.execute(
            update(Number).values(
                holder_name="<b>" + Number.holder_name + "</b> & <qa> 🦄",
                comment="<i>comment</i> & <qa>",
            )
        )
    async with db.engine.begin() as conn:
        await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    await db.close()


@dataclass
class Person:
    role: str
    tg: TgUser
    user_id: int = 0


async def add_people(app: App, company_id: int | None = None) -> dict[str, Person]:
    """One person per built-in role (plus a custom role with a hostile name) in a company."""
    await app.users.bootstrap([TG_BASE])
    people: dict[str, Person] = {}
    async with app.db.transaction() as s:
        company_id = company_id or await s.scalar(select(Company.id).order_by(Company.id))
        dept = await s.scalar(
            select(Department.id)
            .where(Department.company_id == company_id, Department.parent_id.is_(None))
            .order_by(Department.id)
        )
        own = await s.scalar(
            select(Number.id)
            .join(Account, Account.id == Number.account_id)
            .join(Contract, Contract.id == Account.contract_id)
            .where(Contract.company_id == company_id)
            .order_by(Number.id)
        )
        roles = {
            r.code: r for r in await s.scalars(select(Role).where(Role.company_id == company_id))
        }
        if "custom" not in roles:
            custom = Role(
                company_id=company_id,
                code="custom",
                name=nasty("роль"),
                permissions=dict(roles["viewer"].permissions),
            )
            s.add(custom)
            await s.flush()
            roles["custom"] = custom
        for i, code in enumerate((*ROLES, "custom")):
            tg_id = TG_BASE + i
            user = await s.scalar(select(User).where(User.tg_id == tg_id))
            if user is None:
                user = User(tg_id=tg_id, company_id=company_id, language="ru")
                s.add(user)
                await s.flush()
            user.full_name = PERSON
            if code != "owner":
                scope = {
                    "manager": ScopeKind.DEPARTMENT,
                    "employee": ScopeKind.OWN,
                }.get(code, ScopeKind.COMPANY)
                s.add(
                    Grant(
                        user_id=user.id,
                        role_id=roles[code].id,
                        scope=scope,
                        department_id=dept if scope == ScopeKind.DEPARTMENT else None,
                        number_id=own if scope == ScopeKind.OWN else None,
                    )
                )
            people[code] = Person(
                code,
                TgUser(
                    id=tg_id, first_name="<b>Зоя</b> &", last_name="<qa> 🦄", language_code="ru"
                ),
                user.id,
            )
    return people


@dataclass
class Driver:
    """Feeds the fake server's updates to the dispatcher and awaits each one."""

    fake: FakeTelegram
    app: App
    fed: set[int] = field(default_factory=set)
    failures: list[BaseException] = field(default_factory=list)

    async def pump(self) -> None:
        for _ in range(20):  # a handler may cause more updates (rare); settle them too
            pending = [u for u in self.fake.pending_updates() if u["update_id"] not in self.fed]
            if not pending:
                return
            for raw in pending:
                self.fed.add(raw["update_id"])
                upd = Update.model_validate(raw, context={"bot": self.app.bot})
                await self.app.dp.feed_update(self.app.bot, upd)
            await asyncio.sleep(0)

    async def send(self, who: TgUser, text: str) -> None:
        await self.fake.send_message(who, text)
        await self.pump()

    async def click(self, who: TgUser, message: BotMessage, data: str) -> str:
        qid = await self.fake.click_data(who, message, data)
        await self.pump()
        return qid

    def last_with_buttons(self, who: TgUser) -> BotMessage | None:
        for msg in reversed(self.fake.messages(who)):
            if msg.inline_buttons:
                return msg
        return None


def leftovers(text: str, names: Iterable[str] = ()) -> list[str]:
    """What is wrong with a text a user sees: escaping shown (`&lt;`), or markup left over."""
    problems = [e for e in ("&lt;", "&gt;", "&amp;amp;", "&quot;") if e in text]
    rest = text
    for n in sorted({*names, *NASTY}, key=len, reverse=True):
        rest = rest.replace(n, "")
    problems += re.findall(r"</?[a-z][^>]*>", rest)
    return problems


@asynccontextmanager
async def running(tmp: Path, template: Path, **settings: Any) -> AsyncIterator[Driver]:
    shutil.copy(template, tmp / "bot.sqlite3")
    async with FakeTelegram(default_timeout=10) as fake:
        cfg = Settings(
            bot_token=TOKEN,
            telegram_api_url=fake.url,
            database_url=f"sqlite+aiosqlite:///{tmp}/bot.sqlite3",
            operator_delay_ms=0,
            **settings,
        )
        app = make_app(cfg)
        try:
            await app.bot.get_me()
            yield Driver(fake, app)
        finally:
            await app.approvals.wait_idle()
            await app.dp["executor"].close()
            await app.bot.session.close()
            await app.db.close()
            for router in app.dp.sub_routers:
                _detach(router)  # routers are module singletons: the next app attaches them


def _detach(router: Any) -> None:
    for sub in router.sub_routers:
        _detach(sub)
    router.sub_routers.clear()
    router._parent_router = None


@dataclass
class Walk:
    """A seeded walk through every button a person is shown, unseen buttons first."""

    driver: Driver
    who: TgUser
    rng: random.Random
    seen: set[tuple[str, str]] = field(default_factory=set)
    screens: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def check_new(self, since: int) -> None:
        for req in self.driver.fake.requests[since:]:
            text = req.params.get("text") or req.params.get("caption")
            if req.method in ("answerCallbackQuery",) and text:
                for p in leftovers(str(text)):
                    self.problems.append(f"alert {text!r}: {p}")
        for msg in self.driver.fake.messages(self.who):
            for p in leftovers(msg.content):
                self.problems.append(f"{msg.content[:300]!r}: {p}")
            for b in msg.inline_buttons:
                for p in leftovers(b["text"]):
                    self.problems.append(f"button {b['text']!r}: {p}")

    async def step(self, typed: Iterable[str] = ()) -> None:
        msg = self.driver.last_with_buttons(self.who)
        if msg is None or self.rng.random() < 0.05:
            await self.driver.send(self.who, "/menu")
            return
        if self.rng.random() < 0.12:
            await self.driver.send(self.who, self.rng.choice([*typed, PERSON, "<b>", "&"]))
            return
        buttons = [b for b in msg.inline_buttons if "callback_data" in b]
        if not buttons:
            await self.driver.send(self.who, "/menu")
            return
        fresh = [b for b in buttons if (msg.content[:40], b["text"]) not in self.seen]
        pick = self.rng.choice(fresh or buttons)
        self.seen.add((msg.content[:40], pick["text"]))
        self.screens.add(msg.content.split("\n", 1)[0])
        await self.driver.click(self.who, msg, pick["callback_data"])


async def open_path(driver: Driver, who: TgUser, path: Iterable[str]) -> BotMessage | None:
    """From a fresh /menu, press the buttons whose labels start with these texts, in turn
    (long hostile names are cut on buttons); None when one is not on the screen."""
    await driver.send(who, "/menu")
    for label in path:
        msg = driver.last_with_buttons(who)
        button = next(
            (
                b
                for b in (msg.inline_buttons if msg else [])
                if b["text"].startswith(label) and "callback_data" in b
            ),
            None,
        )
        if msg is None or button is None:
            return None
        qid = await driver.click(who, msg, button["callback_data"])
        assert driver.fake.callback_answer(qid) is not None, (path, label)
    return driver.last_with_buttons(who)
