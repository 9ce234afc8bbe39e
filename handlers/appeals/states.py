from aiogram.fsm.state import State, StatesGroup


class AppealsSG(StatesGroup):
    list = State()
    topic = State()
    text = State()
    numbers = State()
    view = State()
    reply = State()
