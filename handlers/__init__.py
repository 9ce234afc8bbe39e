"""The router tree: who may enter is decided here, in one place."""

from __future__ import annotations

from aiogram import Router

from handlers import errors, fallback, start, switched_off, understand
from handlers.appeals import inline as appeals_inline
from handlers.appeals.dialog import appeals_dialog
from handlers.approvals import inline as approvals_inline
from handlers.approvals.dialog import approvals_dialog, justify_dialog, reject_dialog
from handlers.approvals.rules import rules_dialog
from handlers.budget.dialog import budget_dialog
from handlers.departments.dialog import departments_dialog
from handlers.documents.dialog import documents_dialog
from handlers.filters import IsMember
from handlers.help.dialog import help_dialog
from handlers.history.dialog import history_dialog
from handlers.invites.dialog import invite_dialog
from handlers.menu.dialog import menu_dialog
from handlers.notifications import router as notifications_inline
from handlers.notifications.dialog import notifications_dialog
from handlers.numbers import DIALOGS as NUMBERS_DIALOGS
from handlers.numbers import free_router as numbers_free
from handlers.operations.dialog import operations_dialog
from handlers.planned.blocks import block_dialog
from handlers.planned.dialog import planned_dialog
from handlers.reports.dialog import reports_dialog
from handlers.reports.schedule import schedule_dialog
from handlers.users.dialog import users_dialog


def build_router() -> Router:
    root = Router(name="root")
    root.include_router(errors.router)
    root.include_router(switched_off.router)  # before anything a stranger could reach
    root.include_router(start.router)  # open to everybody: onboarding lives here

    members = Router(name="members")
    members.message.filter(IsMember())
    members.callback_query.filter(IsMember())
    # Buttons on plain messages (approval cards) go first: a dialog open in the default
    # stack would otherwise take every callback that carries no intent id.
    members.include_router(approvals_inline.router)
    members.include_router(notifications_inline)
    members.include_router(appeals_inline.router)
    members.include_router(understand.commands)
    # Free text/files first: it steps aside when the open window takes input itself.
    members.include_router(numbers_free)
    members.include_router(understand.router)  # what no window takes: say what we take
    members.include_routers(
        menu_dialog, help_dialog, users_dialog, invite_dialog, *NUMBERS_DIALOGS, operations_dialog
    )
    members.include_router(history_dialog)
    members.include_router(appeals_dialog)
    members.include_router(departments_dialog)
    members.include_routers(approvals_dialog, reject_dialog, justify_dialog, rules_dialog)
    members.include_router(notifications_dialog)
    members.include_router(documents_dialog)
    members.include_routers(reports_dialog, schedule_dialog)
    members.include_routers(planned_dialog, block_dialog)
    members.include_router(budget_dialog)
    root.include_router(members)

    root.include_router(fallback.router)
    return root
