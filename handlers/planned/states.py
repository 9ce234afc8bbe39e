from aiogram.fsm.state import State, StatesGroup


class PlannedSG(StatesGroup):
    """The «Запланированное» workplace."""

    list = State()
    item = State()
    cancel = State()  # «Отменить?» asked once more
    move_date = State()
    move_time = State()


class PlanBlockSG(StatesGroup):
    """«➕ Блокировка по расписанию»: numbers from the current selection."""

    form = State()
    slot = State()  # the day and time of blocking or of lifting (dialog data "slot")
    until = State()
    done = State()
