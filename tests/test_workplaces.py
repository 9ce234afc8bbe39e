"""Every starting role reaches the workplace where its permissions are used: a role with
operations (the accountant's money operations) gets the operations workplace, a role that
approves gets approvals, and no role is offered a workplace that is not built."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers.menu.dialog import visible
from handlers.workplaces import WORKPLACES
from services.access import WORKPLACES as PERMISSION_WORKPLACES
from services.access import Mode, Principal, ScopedGrant
from services.users import DEFAULT_ROLES, UserService
from storage.db import Database
from storage.models import Role, ScopeKind

# Workplaces a role may be given before their screens exist (being built).
NOT_BUILT = {"budget", "scheduled"} - {w.key for w in WORKPLACES}


def principal_of(role: str) -> Principal:
    grant = ScopedGrant(role, DEFAULT_ROLES[role], ScopeKind.COMPANY)
    return Principal(1, 1, 1, "ru", "Тест", (grant,))


@pytest.mark.parametrize("role", sorted(DEFAULT_ROLES))
def test_a_role_reaches_where_its_permissions_are_used(role: str) -> None:
    principal = principal_of(role)
    menu = set(visible(principal))
    operations = [k for k in DEFAULT_ROLES[role] if k.startswith("op.") and principal.may(k)]
    if operations or role in ("owner", "admin"):
        assert "operations" in menu, f"{role} has {operations} but no operations workplace"
    if principal.mode("approve") == Mode.PERFORM:
        assert "approvals" in menu
    for key in PERMISSION_WORKPLACES:
        if principal.may(key) and key not in NOT_BUILT:
            assert key in menu, f"{role} may {key} but the menu does not show it"


def test_the_accountant_runs_money_operations() -> None:
    accountant = principal_of("accountant")
    assert "operations" in visible(accountant)
    for code in ("promised_payment", "settlement", "move_funds"):
        assert accountant.mode(f"op.{code}") == Mode.PERFORM
    assert accountant.mode("op.tariff") is None


async def test_a_stored_starting_role_gains_new_permissions_but_keeps_an_admins_no(
    db: Database,
) -> None:
    users = UserService(db)
    company = await users.bootstrap([1])
    async with db.transaction() as s:
        roles = {r.code: r for r in await s.scalars(select(Role).where(Role.company_id == company))}
        # as stored by an older release, and one permission an admin switched off
        roles["accountant"].permissions = {"numbers": "perform", "reports": ""}
    await users.bootstrap([1])
    async with db.session() as s:
        stored = await s.scalar(
            select(Role.permissions).where(Role.company_id == company, Role.code == "accountant")
        )
    assert stored["operations"] == "perform" and stored["reports"] == ""
