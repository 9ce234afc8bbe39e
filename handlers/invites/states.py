from aiogram.fsm.state import State, StatesGroup


class InviteSG(StatesGroup):
    role = State()
    scope = State()
    department = State()
    number = State()
    ttl = State()
    done = State()
