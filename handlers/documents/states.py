from aiogram.fsm.state import State, StatesGroup


class DocumentsSG(StatesGroup):
    kind = State()  # entry: start_data {"number_ids": [...]} | {"selection_id": id} | None
    period = State()
    date_from = State()
    date_to = State()
    email = State()
    fmt = State()
    consent = State()
    confirm = State()
    done = State()
