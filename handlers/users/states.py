from aiogram.fsm.state import State, StatesGroup


class UsersSG(StatesGroup):
    main = State()
    users = State()
    user = State()
    grant = State()
    grant_role = State()
    grant_scope = State()
    roles = State()
    role = State()
    new_role = State()
    delete_role = State()
