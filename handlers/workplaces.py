"""The main menu's sections: a workplace appears once its dialog exists and the role
permits it. Add a line here when a workplace is built, with the other dialogs that belong to
it, and its help page (`help-<key>` and a one-line `help-<key>-line` in locales/*/help.ftl):
❓ on its screens and /help inside any of its dialogs open that page."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.fsm.state import State, StatesGroup

from handlers.appeals.states import AppealsSG
from handlers.approvals.states import ApprovalsSG, RejectSG, RequestSG, RulesSG
from handlers.budget.states import BudgetSG
from handlers.departments.states import DepartmentSG
from handlers.documents.states import DocumentsSG
from handlers.history.states import HistorySG
from handlers.invites.states import InviteSG
from handlers.menu.states import MenuSG
from handlers.notifications.states import NotificationsSG
from handlers.numbers.states import CardSG, HierarchySG, ListSG, LoadSG, NumbersSG, SelectionSG
from handlers.operations.states import OperationsSG
from handlers.planned.states import PlannedSG
from handlers.reports.states import ReportsSG
from handlers.users.states import UsersSG


@dataclass(frozen=True)
class Workplace:
    key: str  # also the permission that opens it
    state: State
    parts: tuple[type[StatesGroup], ...] = ()  # the other dialogs of this workplace

    @property
    def title_key(self) -> str:
        return f"wp-{self.key}"

    @property
    def help_key(self) -> str:
        return f"help-{self.key}"

    def owns(self, state: str) -> bool:
        """Whether a window's state ("NumbersSG:main") is one of this workplace's."""
        group = state.split(":", 1)[0]
        return any(g.__full_group_name__ == group for g in (self.state.group, *self.parts))


WORKPLACES: tuple[Workplace, ...] = (
    Workplace("numbers", NumbersSG.main, (ListSG, CardSG, SelectionSG, LoadSG)),
    Workplace("hierarchy", HierarchySG.departments, (DepartmentSG,)),
    Workplace("operations", OperationsSG.choose),
    Workplace("documents", DocumentsSG.kind),
    Workplace("reports", ReportsSG.choose),
    Workplace("budget", BudgetSG.main),
    Workplace("users", UsersSG.main, (InviteSG,)),
    Workplace("approvals", ApprovalsSG.list, (RejectSG, RequestSG, RulesSG)),
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


def of_state(state: State | str | None) -> Workplace | None:
    """The workplace a dialog window belongs to (None for the menu and help)."""
    name = state.state if isinstance(state, State) else state
    if not name:
        return None
    return next((w for w in WORKPLACES if w.key != "help" and w.owns(name)), None)
