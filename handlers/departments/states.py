from aiogram.fsm.state import State, StatesGroup


class DepartmentSG(StatesGroup):
    main = State()
    name = State()
    move = State()
    delete = State()
