from aiogram.fsm.state import State, StatesGroup


class ApprovalsSG(StatesGroup):
    """The "Согласования" workplace."""

    list = State()
    detail = State()
    reject = State()


class RejectSG(StatesGroup):
    """Reject pressed on an approver card: one step asking the reason."""

    reason = State()


class RequestSG(StatesGroup):
    """The requester adds a justification to a pending request."""

    reason = State()


class RulesSG(StatesGroup):
    """An admin's view of the approval policy: the rules, and adding one step by step."""

    list = State()
    operation = State()
    numbers = State()
    cost = State()
    level = State()
