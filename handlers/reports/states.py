from aiogram.fsm.state import State, StatesGroup


class ReportsSG(StatesGroup):
    choose = State()
    options = State()
    custom_start = State()
    custom_end = State()
    result = State()


class ReportScheduleSG(StatesGroup):
    """A report of the catalogue on a schedule (started from the report's options)."""

    form = State()
    done = State()
