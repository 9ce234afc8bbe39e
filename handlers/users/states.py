from aiogram.fsm.state import State, StatesGroup


class UsersSG(StatesGroup):
    main = State()
    users = State()
    user = State()
    roles = State()
    role = State()
    new_role = State()
