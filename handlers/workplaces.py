"""The main menu's sections: a workplace appears once its dialog exists and the role
permits it. Add a line here when a workplace is built."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.fsm.state import State

from handlers.appeals.states import AppealsSG
from handlers.approvals.states import ApprovalsSG
from handlers.budget.states import BudgetSG
from handlers.documents.states import DocumentsSG
from handlers.history.states import HistorySG
from handlers.menu.states import MenuSG
from handlers.notifications.states import NotificationsSG
from handlers.numbers.states import HierarchySG, NumbersSG
from handlers.operations.states import OperationsSG
from handlers.planned.states import PlannedSG
from handlers.reports.states import ReportsSG
from handlers.users.states import UsersSG


@dataclass(frozen=True)
class Workplace:
    key: str  # also the permission that opens it
    state: State

    @property
    def title_key(self) -> str:
        return f"wp-{self.key}"


WORKPLACES: tuple[Workplace, ...] = (
    Workplace("numbers", NumbersSG.main),
    Workplace("hierarchy", HierarchySG.departments),
    Workplace("operations", OperationsSG.choose),
    Workplace("documents", DocumentsSG.kind),
    Workplace("reports", ReportsSG.choose),
    Workplace("budget", BudgetSG.main),
    Workplace("users", UsersSG.main),
    Workplace("approvals", ApprovalsSG.list),
    Workplace("scheduled", PlannedSG.list),
    Workplace("notifications", NotificationsSG.main),
    Workplace("appeals", AppealsSG.list),
    Workplace("history", HistorySG.main),
    Workplace("help", MenuSG.help),
)


# Permissions that open a part of another workplace rather than a menu section.
INNER_PERMISSIONS = frozenset({"budget"})  # balance thresholds in Notifications


def built(permission: str) -> bool:
    """Whether a workplace permission opens anything yet: the role editor offers only these
    (a switch for a workplace that does not exist would promise what is not there)."""
    return permission in INNER_PERMISSIONS or by_key(permission) is not None


def by_key(key: str) -> Workplace | None:
    return next((w for w in WORKPLACES if w.key == key), None)
