"""The SQL of identity and onboarding: a user with their grants, a stranger's standing,
who can help them, names kept current, and what an inviter may choose from. The rules are
in service.py."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.access import Principal, ScopedGrant
from storage.models import Department, Grant, Number, NumberStatus, Role, User


async def principal(s: AsyncSession, who: ColumnElement[bool]) -> Principal | None:
    """The active user matching `who` with their grants; None for a stranger or someone
    with no grant left."""
    user = await s.scalar(select(User).where(who, User.active))
    if user is None or user.company_id is None:
        return None
    rows = await s.execute(
        select(Grant, Role, Department.path)
        .join(Role, Role.id == Grant.role_id)
        .outerjoin(Department, Department.id == Grant.department_id)
        .where(Grant.user_id == user.id)
    )
    grants = tuple(
        ScopedGrant(
            role=role.code,
            permissions=dict(role.permissions),
            scope=g.scope,
            department_id=g.department_id,
            department_path=path,
            number_id=g.number_id,
            role_name=role.name,
        )
        for g, role, path in rows
    )
    if not grants:
        return None
    return Principal(
        user_id=user.id,
        tg_id=user.tg_id,
        company_id=user.company_id,
        language=user.language,
        full_name=user.full_name,
        grants=grants,
    )


async def standing(s: AsyncSession, tg_id: int) -> tuple[str, bool, int | None] | None:
    """(language, active, company id) of someone known by their Telegram id."""
    row = (
        await s.execute(
            select(User.language, User.active, User.company_id).where(User.tg_id == tg_id)
        )
    ).first()
    return None if row is None else (row[0], row[1], row[2])


async def admins_of_company_of(
    s: AsyncSession, tg_id: int, limit: int
) -> list[tuple[str | None, str | None]]:
    """(name, username) of the owners and admins of this person's company, but them."""
    company_id = await s.scalar(select(User.company_id).where(User.tg_id == tg_id))
    rows = await s.execute(
        select(User.full_name, User.username)
        .join(Grant, Grant.user_id == User.id)
        .join(Role, Role.id == Grant.role_id)
        .where(
            User.company_id == company_id,
            User.active,
            User.tg_id != tg_id,
            Role.code.in_(("owner", "admin")),
        )
        .distinct()
        .order_by(User.full_name)
        .limit(limit)
    )
    return [(name, username) for name, username in rows]


async def touch(
    s: AsyncSession, tg_id: int, full_name: str, username: str | None, language: str | None
) -> None:
    """The name we show kept current; a client's language for an owner who never wrote."""
    if language:
        await s.execute(
            update(User).where(User.tg_id == tg_id, User.full_name == "").values(language=language)
        )
    await s.execute(
        update(User)
        .where(User.tg_id == tg_id, User.full_name != full_name)
        .values(full_name=full_name, username=username)
    )


async def live_number(
    s: AsyncSession, company_id: int, number_id: int
) -> tuple[str, str | None] | None:
    """(msisdn, department path) of a number of the company that is not closed."""
    row = (
        await s.execute(
            select(Number.msisdn, Department.path)
            .outerjoin(Department, Department.id == Number.department_id)
            .where(
                Number.id == number_id,
                Number.company_id == company_id,
                Number.status != NumberStatus.CLOSED,
            )
        )
    ).first()
    return None if row is None else (row[0], row[1])


async def roles(s: AsyncSession, company_id: int) -> list[tuple[str, str]]:
    rows = await s.execute(
        select(Role.code, Role.name).where(Role.company_id == company_id).order_by(Role.id)
    )
    return [(code, name) for code, name in rows]


async def departments(s: AsyncSession, company_id: int) -> list[tuple[int, str, str]]:
    rows = await s.execute(
        select(Department.id, Department.name, Department.path)
        .where(Department.company_id == company_id)
        .order_by(Department.path)
    )
    return [(i, n, p) for i, n, p in rows]
