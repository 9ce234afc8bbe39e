from aiogram.fsm.state import State, StatesGroup


class PlannedSG(StatesGroup):
    """The «Запланированное» workplace."""

    list = State()
    item = State()
    cancel = State()  # «Отменить?» asked once more
    move_date = State()
    move_time = State()
