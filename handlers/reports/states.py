from aiogram.fsm.state import State, StatesGroup


class ReportsSG(StatesGroup):
    choose = State()
    options = State()
    custom_start = State()
    custom_end = State()
    result = State()
