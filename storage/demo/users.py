"""The demo holding's bot users: its roles, the people and their grants (the numbers and
departments they hold come from builder.py, so this runs after it)."""

from __future__ import annotations

from collections.abc import Mapping

from storage import models as m
from storage.demo.builder import HoldingBuilder


async def write_users(b: HoldingBuilder, roles: Mapping[str, Mapping[str, str]]) -> None:
    """The holding's bot users; roles (code -> permissions) and grants when given."""
    h, s = b.holding, b.sink
    if not h.users:
        return
    role_ids = {code: b.new_id("roles") for code in roles}
    await s.add_dicts(
        m.Role.__table__,
        [
            {
                "id": rid,
                "company_id": b.company_id,
                "code": code,
                "name": code,
                "permissions": dict(roles[code]),
                "builtin": True,
            }
            for code, rid in role_ids.items()
        ],
    )
    user_ids = [b.new_id("users") for _ in h.users]
    await s.add_dicts(
        m.User.__table__,
        [
            {
                "id": uid,
                "tg_id": u.tg_id,
                "full_name": u.full_name,
                "username": u.username,
                "language": "ru",
                "company_id": b.company_id,
                "active": True,
                "created_at": b.now,
            }
            for uid, u in zip(user_ids, h.users, strict=True)
        ],
    )
    await s.add_dicts(
        m.Grant.__table__,
        [
            {
                "id": b.new_id("grants"),
                "user_id": uid,
                "role_id": role_ids[u.role],
                "scope": m.ScopeKind(u.scope),
                "department_id": None if u.department is None else b.dept_base + u.department,
                "number_id": None if u.msisdn is None else b.msisdn_ids[u.msisdn],
                "created_at": b.now,
            }
            for uid, u in zip(user_ids, h.users, strict=True)
            if u.role in role_ids
        ],
    )
