"""The roles every company starts with: workplaces from the access policy, operations
from their declarations in the registry (an operation says which roles get it)."""

from __future__ import annotations

from services.access import BASE_ROLES
from services.operations.registry import SPECS


def _default_roles() -> dict[str, dict[str, str]]:
    roles = {code: dict(permissions) for code, permissions in BASE_ROLES.items()}
    for spec in SPECS:
        for role, mode in spec.roles:
            roles[role][spec.permission] = mode.value
    return roles


DEFAULT_ROLES: dict[str, dict[str, str]] = _default_roles()
