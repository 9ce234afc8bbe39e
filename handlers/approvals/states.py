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
    """After the pipeline parked an operation for approval: the requester's justification."""

    reason = State()
