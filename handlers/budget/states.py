from aiogram.fsm.state import State, StatesGroup


class BudgetSG(StatesGroup):
    main = State()
    departments = State()
    number = State()
    amount = State()
    rules = State()
