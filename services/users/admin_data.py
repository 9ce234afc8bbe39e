"""What the users-and-roles administration answers with: plain rows and outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from services.access import APPROVE, WORKPLACES, Mode
from services.operations.registry import REGISTRY
from storage.models import ScopeKind

# Roles whose permissions are fixed: the owner must always be able to undo any mistake.
LOCKED_ROLES = frozenset({"owner"})
CYCLE = (None, Mode.REQUEST, Mode.PERFORM)


def permission_keys() -> list[str]:
    return [*WORKPLACES, APPROVE, *(spec.permission for spec in REGISTRY.values())]


class AdminResult(StrEnum):
    DONE = "done"
    NOT_FOUND = "not_found"
    SELF = "self"
    LAST_OWNER = "last_owner"
    LOCKED = "locked"
    FORBIDDEN = "forbidden"  # beyond what this administrator may give or change
    HELD = "held"  # a role somebody holds is not deleted
    BUILTIN = "builtin"  # the company's starting roles come back on restart: kept


@dataclass(frozen=True)
class GrantRow:
    id: int
    role: str
    role_name: str
    scope: ScopeKind
    where: str | None  # department name or number


@dataclass(frozen=True)
class UserRow:
    id: int
    name: str
    active: bool
    roles: tuple[str, ...]  # codes
    role_names: tuple[str, ...] = ()  # what an admin called each (a custom role's title)


@dataclass(frozen=True)
class RoleRow:
    id: int
    code: str
    name: str
    builtin: bool
    users: int
    modes: dict[str, Mode | None]

    @property
    def locked(self) -> bool:
        return self.code in LOCKED_ROLES
