from aiogram.fsm.state import State, StatesGroup


class MenuSG(StatesGroup):
    main = State()
    home = State()  # an employee's own number
    help = State()
