from aiogram.fsm.state import State, StatesGroup


class NotificationsSG(StatesGroup):
    main = State()
    thresholds = State()
    amount = State()
