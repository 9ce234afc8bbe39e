"""Access policy: who may do what, to which numbers.

A permission maps to "perform" or "request". A grant gives a role's permissions within a
scope (company / department subtree / own number). Every query for numbers goes through
`number_scope`, so a number outside the user's scope behaves as if it did not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import ColumnElement, false, or_, select

from storage.models import Department, Number, ScopeKind


class Mode(StrEnum):
    PERFORM = "perform"
    REQUEST = "request"


# Workplaces (sections of the main menu) and operation permissions ("op.<code>").
WORKPLACES = (
    "numbers",
    "operations",
    "documents",
    "reports",
    "budget",
    "approvals",
    "scheduled",
    "appeals",
    "history",
    "users",
    "hierarchy",
)
# Deciding other people's requests is a permission of its own: the "approvals" workplace
# alone only shows a user their own requests.
APPROVE = "approve"

P = Mode.PERFORM.value
# The roles a company starts with: workplaces here; the operations each role gets beyond
# "op.*" are declared with the operation (services/operations/registry.py) and added in
# services/users/roles.py.
BASE_ROLES: dict[str, dict[str, str]] = {
    "owner": {"*": P},
    "admin": {"*": P},
    "manager": {
        **dict.fromkeys(
            [
                "numbers",
                "operations",
                "documents",
                "reports",
                "approvals",
                "approve",
                "scheduled",
                "appeals",
                "history",
                "hierarchy",
                # the people of their own departments (services/users/reach.py)
                "users",
                "budget",
            ],
            P,
        ),
        "op.*": P,
    },
    # The money operations (promised payment, settlement, moving funds) are run in the
    # operations workplace: a role with operations needs it.
    "accountant": dict.fromkeys(
        ["numbers", "operations", "documents", "reports", "budget", "history", "approvals"], P
    ),
    "employee": dict.fromkeys(["numbers", "operations", "approvals", "appeals"], P),
    "viewer": dict.fromkeys(["numbers", "reports", "history", "approvals"], P),
}
# Only these may be given by invite or by an admin to others: owners come from ADMIN_IDS.
ROLE_ORDER = ("owner", "admin", "manager", "accountant", "employee", "viewer")


def effective_mode(permissions: dict[str, str], permission: str) -> Mode | None:
    """A role's mode for one permission: its own entry, else "op.*" for operations, else "*";
    an empty string is an explicit "no" that a wildcard does not override."""
    value = permissions.get(permission)
    if value is None and permission.startswith("op."):
        value = permissions.get("op.*")
    if value is None:
        value = permissions.get("*")
    return Mode(value) if value else None


@dataclass(frozen=True)
class ScopedGrant:
    role: str
    permissions: dict[str, str]
    scope: ScopeKind
    department_id: int | None = None
    department_path: str | None = None
    number_id: int | None = None
    role_name: str = ""  # what an admin called a custom role

    def mode(self, permission: str) -> Mode | None:
        return effective_mode(self.permissions, permission)


@dataclass(frozen=True)
class Principal:
    """The current user as the services see them: plain data, safe to pass anywhere."""

    user_id: int
    tg_id: int
    company_id: int
    language: str
    full_name: str
    grants: tuple[ScopedGrant, ...] = field(default_factory=tuple)

    @property
    def roles(self) -> set[str]:
        return {g.role for g in self.grants}

    @property
    def is_admin(self) -> bool:
        return bool(self.roles & {"owner", "admin"})

    def mode(self, permission: str) -> Mode | None:
        """The strongest mode any grant gives: perform beats request."""
        modes = {g.mode(permission) for g in self.grants} - {None}
        if Mode.PERFORM in modes:
            return Mode.PERFORM
        return Mode.REQUEST if modes else None

    def may(self, permission: str) -> bool:
        return self.mode(permission) is not None

    @property
    def home_number(self) -> int | None:
        """The one number every grant is confined to (an employee's own SIM): such a user's
        home is that number's card, not the workplaces."""
        ids = {g.number_id for g in self.grants}
        if self.grants and len(ids) == 1 and all(g.scope == ScopeKind.OWN for g in self.grants):
            return next(iter(ids))
        return None

    def grants_for(self, permission: str, mode: Mode | None = None) -> list[ScopedGrant]:
        return [
            g
            for g in self.grants
            if (m := g.mode(permission)) is not None and (mode is None or m == mode)
        ]

    def number_scope(
        self, permission: str = "numbers", mode: Mode | None = None
    ) -> ColumnElement[bool]:
        """SQL condition on Number for the numbers this user may touch with `permission`."""
        conditions: list[ColumnElement[bool]] = []
        for g in self.grants_for(permission, mode):
            if g.scope == ScopeKind.COMPANY:
                conditions.append(Number.company_id == self.company_id)
            elif g.scope == ScopeKind.DEPARTMENT and g.department_path:
                subtree = select(Department.id).where(
                    Department.company_id == self.company_id,
                    Department.path.startswith(g.department_path),
                )
                conditions.append(Number.department_id.in_(subtree))
            elif g.scope == ScopeKind.OWN and g.number_id:
                conditions.append(Number.id == g.number_id)
        if not conditions:
            return false()
        # The company check stays outside the OR: no grant ever reaches another company.
        return (Number.company_id == self.company_id) & or_(*conditions)

    def covers_department(self, department_path: str | None) -> bool:
        """Whether a grant covers the whole company or this department's subtree."""
        for g in self.grants:
            if g.scope == ScopeKind.COMPANY:
                return True
            if (
                g.scope == ScopeKind.DEPARTMENT
                and department_path
                and g.department_path
                and department_path.startswith(g.department_path)
            ):
                return True
        return False
