from aiogram.fsm.state import State, StatesGroup


class NumbersSG(StatesGroup):
    main = State()


class ListSG(StatesGroup):
    """A paged list of numbers: a search, an account, a department, a contract, a selection."""

    list = State()


class CardSG(StatesGroup):
    card = State()


class HierarchySG(StatesGroup):
    contracts = State()
    accounts = State()
    departments = State()


class SelectionSG(StatesGroup):
    current = State()
    clear = State()
    save = State()
    saved = State()
    saved_one = State()
    rename = State()
    delete = State()
    filter_kind = State()
    filter_value = State()
    balance = State()


class LoadSG(StatesGroup):
    wait = State()
    confirm = State()
    result = State()
