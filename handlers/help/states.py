from aiogram.fsm.state import State, StatesGroup


class HelpSG(StatesGroup):
    page = State()
