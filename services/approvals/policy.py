"""Approval policy: may this user perform this operation on these numbers, only request it
(and from whom), or not at all?

Two sources decide. Roles (data: Role.permissions) say "perform" or "request" per
operation permission "op.<code>", within each grant's scope. ApprovalRule rows (per company,
per operation code or "*") raise the bar by size or money: a rule fires when the operation
goes OVER every threshold it sets (numbers > min_numbers, cost > min_cost; a rule with no
threshold always fires) and then needs an approver of its level.

Levels, from a grant's permissions (so custom roles get them too):
- admin: the grant allows everything ("*": perform) or is the owner/admin role;
- manager: a company or department grant that may perform "approve".
Whoever submits an operation at or above the level it needs performs it directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services import history
from services.access import APPROVE, Mode, Principal, ScopedGrant
from services.operations.registry import REGISTRY
from services.ports import Decision, Draft
from storage.chunks import chunks
from storage.db import Database, affected
from storage.models import (
    ApprovalRule,
    Department,
    ItemStatus,
    Number,
    Operation,
    OperationItem,
    ScopeKind,
)

LEVELS = {"manager": 1, "admin": 2}
LEVEL_NAMES = {v: k for k, v in LEVELS.items()}
ADMIN_ROLES = frozenset({"owner", "admin"})

# (operation, min_numbers, min_cost in kopecks, approver level). Tariff changes and service
# connections by employees need a manager already because the employee role only requests.
DEFAULT_RULES: tuple[tuple[str, int | None, int | None, str], ...] = (
    ("promised_payment", None, 500_00, "manager"),
    ("*", 100, None, "admin"),
    ("*", None, 5_000_00, "admin"),
)


@dataclass(frozen=True)
class Verdict:
    decision: Decision
    level: str | None = None  # who must approve, when decision is REQUEST
    why: str = ""  # role / rule / scope / empty
    rule_id: int | None = None


@dataclass(frozen=True)
class RuleInfo:
    id: int
    operation: str
    min_numbers: int | None
    min_cost: int | None
    approver: str


@dataclass(frozen=True)
class NumberSet:
    """The numbers of an operation as the policy needs them: department paths and ids."""

    count: int
    company_ids: frozenset[int]
    by_path: dict[str | None, frozenset[int]]
    missing: bool = False  # some id does not exist

    def foreign_to(self, company_id: int) -> bool:
        return self.missing or self.company_ids - {company_id} != set()

    @property
    def ids(self) -> set[int]:
        return set().union(*self.by_path.values()) if self.by_path else set()


def grant_level(g: ScopedGrant) -> int:
    if g.role in ADMIN_ROLES or g.permissions.get("*") == Mode.PERFORM.value:
        return LEVELS["admin"]
    if g.scope != ScopeKind.OWN and g.mode(APPROVE) == Mode.PERFORM:
        return LEVELS["manager"]
    return 0


def covers(grants: Iterable[ScopedGrant], numbers: NumberSet, company_id: int) -> bool:
    """Whether these grants together reach every one of the numbers."""
    grants = list(grants)
    if numbers.count == 0 or not grants or numbers.foreign_to(company_id):
        return False
    if any(g.scope == ScopeKind.COMPANY for g in grants):
        return True
    dept_paths = [
        g.department_path for g in grants if g.scope == ScopeKind.DEPARTMENT and g.department_path
    ]
    own = {g.number_id for g in grants if g.scope == ScopeKind.OWN and g.number_id}
    for path, ids in numbers.by_path.items():
        if path is not None and any(path.startswith(p) for p in dept_paths):
            continue
        if not ids <= own:
            return False
    return True


def performing(grants: Iterable[ScopedGrant], code: str, min_level: int = 0) -> list[ScopedGrant]:
    perm = f"op.{code}"
    return [g for g in grants if g.mode(perm) == Mode.PERFORM and grant_level(g) >= min_level]


def can_approve(
    grants: Sequence[ScopedGrant], code: str, level: str, numbers: NumberSet, company_id: int
) -> bool:
    return covers(performing(grants, code, LEVELS[level]), numbers, company_id)


def rule_fires(rule: RuleInfo, code: str, count: int, value: int) -> bool:
    if rule.operation not in (code, "*"):
        return False
    if rule.min_numbers is not None and count <= rule.min_numbers:
        return False
    return not (rule.min_cost is not None and value <= rule.min_cost)


def money_at_stake(code: str, params: dict[str, Any] | None, cost: int) -> int:
    """Cost in kopecks, or the sum the operation moves when its declaration names one (a
    promised payment is judged by its amount)."""
    value = cost
    spec = REGISTRY.get(code)
    if spec is not None and spec.stake and params:
        try:
            value = max(value, int(params.get(spec.stake) or 0))
        except (TypeError, ValueError):
            pass
    return value


def required_level(rules: Sequence[RuleInfo], code: str, count: int, value: int) -> int:
    return max((LEVELS[r.approver] for r in rules if rule_fires(r, code, count, value)), default=0)


def own_level(grants: Sequence[ScopedGrant], code: str) -> int:
    """The level a principal acts at without knowing the numbers: a company-wide grant
    counts fully, department grants only at the lowest of them (never too generous)."""
    levels = [grant_level(g) for g in performing(grants, code)]
    if not levels:
        return 0
    company = [grant_level(g) for g in performing(grants, code) if g.scope == ScopeKind.COMPANY]
    return max(min(levels), max(company, default=0))


def evaluate(
    grants: Sequence[ScopedGrant],
    company_id: int,
    code: str,
    numbers: NumberSet,
    rules: Sequence[RuleInfo],
    value: int,
) -> Verdict:
    """The pure decision (no I/O), so it is easy to reason about and to test."""
    if numbers.count == 0:
        return Verdict(Decision.REFUSE, why="empty")
    perm = f"op.{code}"
    allowed = [g for g in grants if g.mode(perm) is not None]
    if not covers(allowed, numbers, company_id):
        return Verdict(Decision.REFUSE, why="scope")
    required, rule_id = 0, None
    for rule in rules:
        if rule_fires(rule, code, numbers.count, value) and LEVELS[rule.approver] > required:
            required, rule_id = LEVELS[rule.approver], rule.id
    if not covers(performing(grants, code), numbers, company_id):
        level = max(required, LEVELS["manager"])
        return Verdict(
            Decision.REQUEST,
            LEVEL_NAMES[level],
            why="role",
            rule_id=rule_id if required >= level else None,
        )
    own_level = max(
        (lvl for lvl in (2, 1) if covers(performing(grants, code, lvl), numbers, company_id)),
        default=0,
    )
    if required > own_level:
        return Verdict(Decision.REQUEST, LEVEL_NAMES[required], why="rule", rule_id=rule_id)
    return Verdict(Decision.PERFORM)


async def load_numbers(s: AsyncSession, number_ids: Iterable[int]) -> NumberSet:
    ids = sorted(set(number_ids))
    rows: list[tuple[int, int, str | None]] = []
    for chunk in chunks(ids):
        rows += (
            await s.execute(
                select(Number.id, Number.company_id, Department.path)
                .outerjoin(Department, Department.id == Number.department_id)
                .where(Number.id.in_(chunk))
            )
        ).all()
    return _number_set(rows, missing=len(rows) != len(ids))


async def load_operation_numbers(
    s: AsyncSession, operation_ids: Sequence[int]
) -> dict[int, NumberSet]:
    """Numbers of several operations at once (for lists of requests)."""
    per_op: dict[int, list[tuple[int, int, str | None]]] = {i: [] for i in operation_ids}
    if not operation_ids:
        return {}
    rows = await s.execute(
        select(OperationItem.operation_id, Number.id, Number.company_id, Department.path)
        .join(Number, Number.id == OperationItem.number_id)
        .outerjoin(Department, Department.id == Number.department_id)
        .where(
            OperationItem.operation_id.in_(list(operation_ids)),
            OperationItem.status != ItemStatus.SKIPPED,
        )
    )
    for op_id, num_id, company_id, path in rows:
        per_op[op_id].append((num_id, company_id, path))
    return {op_id: _number_set(r) for op_id, r in per_op.items()}


def _number_set(rows: Sequence[tuple[int, int, str | None]], missing: bool = False) -> NumberSet:
    by_path: dict[str | None, set[int]] = {}
    for num_id, _company, path in rows:
        by_path.setdefault(path, set()).add(num_id)
    return NumberSet(
        count=len(rows),
        company_ids=frozenset(r[1] for r in rows),
        by_path={p: frozenset(v) for p, v in by_path.items()},
        missing=missing,
    )


class PolicyService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._seeded: set[int] = set()

    async def decide_draft(self, principal: Principal, draft: Draft) -> Decision:
        """The pipeline's question (services.ports.Decider), before anything is stored: the
        exact level is settled from the stored items when the request is created."""
        code = draft.code
        if principal.mode(f"op.{code}") is None:
            return Decision.REFUSE
        params = draft.params
        rules = await self.rules(principal.company_id)
        required = required_level(
            rules, code, draft.numbers, money_at_stake(code, params, draft.cost)
        )
        if draft.mode != Mode.PERFORM:
            return Decision.REQUEST
        return (
            Decision.REQUEST if required > own_level(principal.grants, code) else Decision.PERFORM
        )

    async def decide_operation(self, principal: Principal, operation_id: int) -> Verdict:
        """The same question for an operation already persisted with its items."""
        async with self.db.session() as s:
            op = await s.get(Operation, operation_id)
            if op is None or op.company_id != principal.company_id:
                return Verdict(Decision.REFUSE, why="scope")
            numbers = (await load_operation_numbers(s, [operation_id]))[operation_id]
        rules = await self.rules(principal.company_id)
        return evaluate(
            principal.grants,
            principal.company_id,
            op.code,
            numbers,
            rules,
            money_at_stake(op.code, op.params, op.cost),
        )

    # --- rules, editable by an admin ------------------------------------------------------

    async def rules(self, company_id: int) -> list[RuleInfo]:
        if company_id not in self._seeded:
            await self.ensure_defaults(company_id)
        async with self.db.session() as s:
            rows = await s.scalars(
                select(ApprovalRule)
                .where(ApprovalRule.company_id == company_id)
                .order_by(ApprovalRule.id)
            )
            return [_rule_info(r) for r in rows]

    async def ensure_defaults(self, company_id: int) -> None:
        """A company without rules gets the default ones (once per process)."""
        async with self.db.transaction() as s:
            has = await s.scalar(
                select(func.count(ApprovalRule.id)).where(ApprovalRule.company_id == company_id)
            )
            if not has:
                s.add_all(
                    ApprovalRule(
                        company_id=company_id, operation=op, min_numbers=n, min_cost=c, approver=lvl
                    )
                    for op, n, c, lvl in DEFAULT_RULES
                )
        self._seeded.add(company_id)

    async def save_rule(
        self,
        by: Principal,
        operation: str,
        min_numbers: int | None,
        min_cost: int | None,
        approver: str,
        rule_id: int | None = None,
    ) -> RuleInfo:
        if not by.is_admin:
            raise PermissionError("only an admin edits the approval policy")
        if (
            approver not in LEVELS
            or (min_numbers is not None and min_numbers < 0)
            or (min_cost is not None and min_cost < 0)
            or not operation
        ):
            raise ValueError("invalid rule")
        await self.rules(by.company_id)
        async with self.db.transaction() as s:
            if rule_id is None:
                rule = ApprovalRule(company_id=by.company_id)
                s.add(rule)
            else:
                found = await s.get(ApprovalRule, rule_id)
                if found is None or found.company_id != by.company_id:
                    raise LookupError("no such rule")
                rule = found
            rule.operation, rule.min_numbers, rule.min_cost, rule.approver = (
                operation,
                min_numbers,
                min_cost,
                approver,
            )
            await s.flush()
            history.record(
                s,
                company_id=by.company_id,
                user_id=by.user_id,
                action="policy.rule_save",
                rule_id=rule.id,
                operation=operation,
                min_numbers=min_numbers,
                min_cost=min_cost,
                approver=approver,
            )
            return _rule_info(rule)

    async def delete_rule(self, by: Principal, rule_id: int) -> bool:
        if not by.is_admin:
            raise PermissionError("only an admin edits the approval policy")
        async with self.db.transaction() as s:
            gone = await s.execute(
                delete(ApprovalRule).where(
                    ApprovalRule.id == rule_id, ApprovalRule.company_id == by.company_id
                )
            )
            if affected(gone):
                history.record(
                    s,
                    company_id=by.company_id,
                    user_id=by.user_id,
                    action="policy.rule_delete",
                    rule_id=rule_id,
                )
            return bool(affected(gone))


def _rule_info(r: ApprovalRule) -> RuleInfo:
    return RuleInfo(r.id, r.operation, r.min_numbers, r.min_cost, r.approver)
