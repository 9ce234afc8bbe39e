from aiogram.fsm.state import State, StatesGroup


class OperationsSG(StatesGroup):
    choose = State()  # entry: start_data {"number_ids": [...]} | {"selection_id": id} | None
    step = State()
    calendar = State()
    time = State()
    confirm = State()
    done = State()
