"""Identity and onboarding: owners from ADMIN_IDS, invite links, contact matching, language."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ColumnElement, select, update

from services import history
from services.access import ROLE_ORDER, Principal
from services.numbers.phones import normalize
from services.users import queries
from services.users.cache import PrincipalCache
from services.users.reach import HIGH_ROLES, Reach, reach_of
from services.users.roles import DEFAULT_ROLES
from storage.db import Database, affected
from storage.models import (
    Company,
    Department,
    Grant,
    Invite,
    Number,
    NumberStatus,
    Role,
    ScopeKind,
    User,
    utcnow,
)


@dataclass(frozen=True)
class TgUser:
    """What Telegram tells us about a person (kept free of aiogram types)."""

    id: int
    full_name: str
    username: str | None = None
    language_code: str | None = None


class InviteRefused(ValueError):
    """An invite beyond what its author may give; `code` names the sentence."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class InviteResult(StrEnum):
    JOINED = "joined"
    NOT_FOUND = "not_found"
    EXPIRED = "expired"
    USED = "used"
    ALREADY_MEMBER = "already_member"


class ContactResult(StrEnum):
    JOINED = "joined"
    NOT_OWN = "not_own"
    NO_MATCH = "no_match"
    ALREADY_MEMBER = "already_member"


@dataclass(frozen=True)
class InviteInfo:
    code: str
    role: str
    scope: ScopeKind
    department: str | None  # the department's name, or the own number
    expires_at: dt.datetime


@dataclass(frozen=True)
class Stranger:
    language: str | None
    switched_off: bool


def telegram_language(code: str | None) -> str | None:
    """Ours of the language Telegram reports for a client ("en", "en-GB", "ru"), if any."""
    base = (code or "").split("-")[0].lower()
    return base if base in ("ru", "en") else None


def _language(code: str | None, default: str) -> str:
    return telegram_language(code) or default


class UserService:
    def __init__(
        self, db: Database, default_language: str = "ru", cache: PrincipalCache | None = None
    ) -> None:
        self.db = db
        self.default_language = default_language
        self.cache = cache
        if cache is not None:
            cache.watch(db)

    async def bootstrap(self, admin_ids: list[int]) -> int:
        """Make sure the first company, its default roles and its owners exist."""
        async with self.db.transaction() as s:
            company = await s.scalar(select(Company).order_by(Company.id).limit(1))
            if company is None:
                company = Company(name="Company")
                s.add(company)
                await s.flush()
            stored_roles = await s.scalars(select(Role).where(Role.company_id == company.id))
            existing = {r.code: r for r in stored_roles}
            for code, perms in DEFAULT_ROLES.items():
                if code in existing and existing[code].builtin:
                    # A permission added to a starting role in a new release reaches roles
                    # stored before it; what an admin set (even an explicit "no") stays.
                    stored = dict(existing[code].permissions)
                    if not perms.keys() <= stored.keys():
                        existing[code].permissions = {**perms, **stored}
                if code not in existing:
                    s.add(
                        Role(
                            company_id=company.id,
                            code=code,
                            name=code,
                            permissions=perms,
                            builtin=True,
                        )
                    )
            await s.flush()
            owner_role = await s.scalar(
                select(Role.id).where(Role.company_id == company.id, Role.code == "owner")
            )
            for tg_id in admin_ids:
                user = await s.scalar(select(User).where(User.tg_id == tg_id))
                if user is None:
                    user = User(tg_id=tg_id, company_id=company.id, language=self.default_language)
                    s.add(user)
                    await s.flush()
                elif user.company_id is None:
                    user.company_id = company.id
                has_owner = await s.scalar(
                    select(Grant.id).where(Grant.user_id == user.id, Grant.role_id == owner_role)
                )
                if not has_owner:
                    s.add(Grant(user_id=user.id, role_id=owner_role, scope=ScopeKind.COMPANY))
            return company.id

    async def principal(self, tg_id: int) -> Principal | None:
        """The user with their grants, or None for a stranger (one short read, or none when
        the cache holds them and no access data changed since)."""
        if self.cache is None:
            return await self._principal(User.tg_id == tg_id)
        return await self.cache.lookup(tg_id, lambda: self._principal(User.tg_id == tg_id))

    async def principal_by_id(self, user_id: int) -> Principal | None:
        """The same by the user's id (for work that outlives the update that asked for it)."""
        return await self._principal(User.id == user_id)

    async def _principal(self, who: ColumnElement[bool]) -> Principal | None:
        async with self.db.session() as s:
            return await queries.principal(s, who)

    async def language_of(self, tg_id: int) -> str | None:
        async with self.db.session() as s:
            return await s.scalar(select(User.language).where(User.tg_id == tg_id))

    async def stranger(self, tg_id: int) -> Stranger:
        """Someone the bot does not serve: their language, and whether an admin switched
        their access off (they are told so, not greeted as a newcomer)."""
        async with self.db.session() as s:
            row = await queries.standing(s, tg_id)
        if row is None:
            return Stranger(None, False)
        language, active, company_id = row
        return Stranger(language, not active and company_id is not None)

    async def contacts_for(self, tg_id: int, limit: int = 3) -> list[str]:
        """Who can switch a user's access back on: their company's owners and admins."""
        async with self.db.session() as s:
            rows = await queries.admins_of_company_of(s, tg_id, limit)
        return [
            f"{name or '—'} (@{username})" if username else name or "—" for name, username in rows
        ]

    async def touch(self, tg: TgUser) -> None:
        """Keep the name we show to approvers current (only when it changed). An owner
        from ADMIN_IDS writes for the first time: their client's language becomes theirs."""
        async with self.db.transaction() as s:
            await queries.touch(
                s, tg.id, tg.full_name, tg.username, telegram_language(tg.language_code)
            )

    async def set_language(self, tg: TgUser, lang: str) -> None:
        async with self.db.transaction() as s:
            user = await s.scalar(select(User).where(User.tg_id == tg.id))
            if user is None:
                # A stranger may pick a language too; they simply have no company yet.
                s.add(
                    User(tg_id=tg.id, full_name=tg.full_name, username=tg.username, language=lang)
                )
            else:
                user.language = lang
                # A chosen language is a preference: the client's own no longer decides.
                user.full_name = user.full_name or tg.full_name

    # --- invites -----------------------------------------------------------------------

    async def create_invite(
        self,
        by: Principal,
        role: str,
        scope: ScopeKind,
        department_id: int | None,
        ttl: dt.timedelta,
        number_id: int | None = None,
    ) -> InviteInfo:
        """A single-use link for a role over the company, a department's subtree or the
        invited person's own number; InviteRefused for anything beyond what `by` may give
        (a department manager invites into their departments only, never an admin)."""
        reach = reach_of(by)
        if reach is None:
            raise InviteRefused("forbidden")
        async with self.db.transaction() as s:
            role_row = await s.scalar(
                select(Role).where(Role.company_id == by.company_id, Role.code == role)
            )
            if role_row is None or role == "owner" or (role in HIGH_ROLES and not reach.high):
                raise InviteRefused("role")
            where = None
            if scope == ScopeKind.COMPANY:
                if not reach.company_wide:
                    raise InviteRefused("scope")
                department_id = number_id = None
            elif scope == ScopeKind.DEPARTMENT:
                dept = await s.get(Department, department_id) if department_id else None
                if dept is None or dept.company_id != by.company_id or not reach.covers(dept.path):
                    raise InviteRefused("scope")
                where, number_id = dept.name, None
            else:
                found = await self._invite_number(s, reach, number_id)
                if found is None:
                    raise InviteRefused("number")
                where, department_id = found[1], None
            invite = Invite(
                company_id=by.company_id,
                code=secrets.token_urlsafe(12),
                role_id=role_row.id,
                scope=scope,
                department_id=department_id,
                number_id=number_id,
                created_by=by.user_id,
                expires_at=utcnow() + ttl,
            )
            s.add(invite)
            history.record(
                s,
                company_id=by.company_id,
                user_id=by.user_id,
                action="invite.create",
                number_id=number_id,
                role=role,
                scope=scope.value,
            )
            return InviteInfo(invite.code, role, scope, where, invite.expires_at)

    async def invite_number(self, by: Principal, text: str) -> tuple[int, str] | None:
        """(id, msisdn) of a live number typed in any spelling, when `by` may invite its
        holder; None otherwise (a number elsewhere looks like one that does not exist)."""
        reach = reach_of(by)
        msisdn = normalize(text)
        if reach is None or msisdn is None:
            return None
        async with self.db.session() as s:
            number_id = await s.scalar(
                select(Number.id).where(Number.company_id == by.company_id, Number.msisdn == msisdn)
            )
            return await self._invite_number(s, reach, number_id)

    @staticmethod
    async def _invite_number(s, reach: Reach, number_id: int | None) -> tuple[int, str] | None:
        if not number_id:
            return None
        row = await queries.live_number(s, reach.company_id, number_id)
        if row is None or not reach.covers(row[1]):
            return None
        return number_id, row[0]

    async def accept_invite(self, tg: TgUser, code: str) -> InviteResult:
        async with self.db.transaction() as s:
            invite = await s.scalar(select(Invite).where(Invite.code == code))
            if invite is None:
                return InviteResult.NOT_FOUND
            if invite.used_by is not None:
                return InviteResult.USED
            if invite.expires_at < utcnow():
                return InviteResult.EXPIRED
            user = await self._user_for(s, tg, invite.company_id)
            if user is None:
                return InviteResult.ALREADY_MEMBER
            # Single use even when two people tap the same link at once.
            taken = await s.execute(
                update(Invite)
                .where(Invite.id == invite.id, Invite.used_by.is_(None))
                .values(used_by=user.id, used_at=utcnow())
            )
            if affected(taken) != 1:
                return InviteResult.USED
            s.add(
                Grant(
                    user_id=user.id,
                    role_id=invite.role_id,
                    scope=invite.scope,
                    department_id=invite.department_id,
                    number_id=invite.number_id,
                )
            )
            history.record(
                s,
                company_id=invite.company_id,
                user_id=user.id,
                action="invite.accept",
                invite_id=invite.id,
            )
            return InviteResult.JOINED

    async def join_by_contact(
        self, tg: TgUser, phone: str, contact_user_id: int | None
    ) -> ContactResult:
        # Only the sender's own contact proves they hold that SIM.
        if contact_user_id != tg.id:
            return ContactResult.NOT_OWN
        msisdn = normalize(phone if phone.startswith("+") else "+" + phone)
        if msisdn is None:
            return ContactResult.NO_MATCH
        async with self.db.transaction() as s:
            number = await s.scalar(
                select(Number).where(Number.msisdn == msisdn, Number.status != NumberStatus.CLOSED)
            )
            if number is None:
                return ContactResult.NO_MATCH
            user = await self._user_for(s, tg, number.company_id)
            if user is None:
                return ContactResult.ALREADY_MEMBER
            user.phone = msisdn
            role_id = await s.scalar(
                select(Role.id).where(Role.company_id == number.company_id, Role.code == "employee")
            )
            s.add(Grant(user_id=user.id, role_id=role_id, scope=ScopeKind.OWN, number_id=number.id))
            history.record(
                s,
                company_id=number.company_id,
                user_id=user.id,
                action="user.contact_join",
                number_id=number.id,
            )
            return ContactResult.JOINED

    async def _user_for(self, s, tg: TgUser, company_id: int) -> User | None:
        """The user row to attach a new grant to; None if they already belong somewhere."""
        user = await s.scalar(select(User).where(User.tg_id == tg.id))
        if user is None:
            user = User(
                tg_id=tg.id,
                full_name=tg.full_name,
                username=tg.username,
                language=_language(tg.language_code, self.default_language),
                company_id=company_id,
            )
            s.add(user)
            await s.flush()
            return user
        has_grant = await s.scalar(select(Grant.id).where(Grant.user_id == user.id).limit(1))
        if has_grant:
            return None
        user.company_id = company_id
        user.full_name = tg.full_name
        user.active = True
        return user

    async def roles(self, company_id: int) -> list[tuple[str, str]]:
        """(code, name) of the company's roles, built-in ones first."""
        async with self.db.session() as s:
            return await queries.roles(s, company_id)

    async def invite_roles(self, by: Principal) -> list[tuple[str, str]]:
        """(code, name) of the roles `by` may invite with: the starting ones in their
        usual order, then the company's own; never the owner, an admin only from the top."""
        reach = reach_of(by)
        if reach is None:
            return []
        names = dict(await self.roles(by.company_id))
        builtin = [r for r in ROLE_ORDER if r in names]
        ordered = builtin + [r for r in names if r not in ROLE_ORDER]
        return [
            (code, names[code])
            for code in ordered
            if code != "owner" and (code not in HIGH_ROLES or reach.high)
        ]

    async def departments(self, by: Principal) -> list[tuple[int, str, int]]:
        """(id, name, depth) of the departments this principal may invite into."""
        reach = reach_of(by)
        if reach is None:
            return []
        async with self.db.session() as s:
            rows = await queries.departments(s, by.company_id)
        return [(i, n, p.count("/") - 2) for i, n, p in rows if reach.covers(p)]
