"""The principal cache: a hit costs no database read, and any committed change to users,
grants, roles or departments is seen on the very next lookup, in this instance and (through
Redis) in every other one."""

from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest
from sqlalchemy import select, update

from services.users import TgUser, UserService
from services.users.cache import PrincipalCache, RedisVersion
from storage import demo
from storage.db import Database
from storage.models import Grant, Role, ScopeKind, User

OWNER = TgUser(1, "Ольга Владелец")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/7")


async def _setup(db: Database, cache: PrincipalCache) -> UserService:
    await demo.generate(db, numbers=20, months=1, seed=3, today=dt.date(2026, 11, 1))
    users = UserService(db, cache=cache)
    await users.bootstrap([OWNER.id])
    return users


async def test_a_role_change_is_seen_on_the_next_lookup(db: Database) -> None:
    cache = PrincipalCache()
    users = await _setup(db, cache)
    first = await users.principal(OWNER.id)
    assert first is not None and first.may("reports")
    assert await users.principal(OWNER.id) is first  # remembered: no read
    assert (cache.hits, cache.misses) == (1, 1)

    async with db.transaction() as s:  # an ORM change: the owner role loses the reports
        role = await s.scalar(select(Role).where(Role.code == "owner"))
        assert role is not None
        role.permissions = {**role.permissions, "reports": ""}  # an explicit "no"
    after = await users.principal(OWNER.id)
    assert after is not None and not after.may("reports")

    async with db.transaction() as s:  # a bulk statement: the scope narrows
        await s.execute(update(Grant).values(scope=ScopeKind.OWN))
    narrowed = await users.principal(OWNER.id)
    assert narrowed is not None and narrowed.grants[0].scope == ScopeKind.OWN

    hits = cache.hits
    with pytest.raises(RuntimeError):  # a change rolled back changes nothing
        async with db.transaction() as s:
            await s.execute(update(User).values(language="en"))
            raise RuntimeError
    assert await users.principal(OWNER.id) is narrowed
    assert cache.hits == hits + 1

    async with db.transaction() as s:  # the user switched off: a stranger from now on
        await s.execute(update(User).where(User.tg_id == OWNER.id).values(active=False))
    assert await users.principal(OWNER.id) is None


async def test_another_instance_sees_the_change_on_its_next_lookup(sqlite_db: Database) -> None:
    redis_version = RedisVersion(REDIS_URL, f"t{uuid.uuid4().hex[:8]}")
    try:
        await redis_version.redis.ping()
    except Exception:
        pytest.skip(f"no Redis answers at {REDIS_URL}")
    mine = PrincipalCache(redis_version)
    users = await _setup(sqlite_db, mine)
    other_db = Database(sqlite_db.url)
    theirs = PrincipalCache(RedisVersion(REDIS_URL, redis_version.key.split(":")[0]))
    other = UserService(other_db, cache=theirs)
    try:
        assert (await users.principal(OWNER.id)).may("reports")  # type: ignore[union-attr]
        assert (await users.principal(OWNER.id)).may("reports")  # type: ignore[union-attr]
        assert mine.hits == 1
        assert (await other.principal(OWNER.id)).may("reports")  # type: ignore[union-attr]

        async with other_db.transaction() as s:  # the other instance edits the role
            role = await s.scalar(select(Role).where(Role.code == "owner"))
            assert role is not None
            role.permissions = {**role.permissions, "reports": ""}  # an explicit "no"
        await theirs.settled()  # its change has reached Redis
        after = await users.principal(OWNER.id)
        assert after is not None and not after.may("reports")
        assert not (await other.principal(OWNER.id)).may("reports")  # type: ignore[union-attr]
    finally:
        await redis_version.redis.delete(redis_version.key)
        await redis_version.close()
        await theirs.shared.close()  # type: ignore[union-attr]
        await other_db.close()
