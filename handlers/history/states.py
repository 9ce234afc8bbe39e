from aiogram.fsm.state import State, StatesGroup


class HistorySG(StatesGroup):
    main = State()
    kind = State()
    status = State()
    author = State()
    number = State()
