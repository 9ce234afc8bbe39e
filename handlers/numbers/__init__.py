"""The Numbers workplace: search, hierarchy, number card, selections."""

from handlers.numbers.card import card_dialog
from handlers.numbers.hierarchy import hierarchy_dialog
from handlers.numbers.lists import list_dialog
from handlers.numbers.load import load_dialog
from handlers.numbers.main import numbers_dialog
from handlers.numbers.search import router as free_router
from handlers.numbers.selection import selection_dialog

DIALOGS = (
    numbers_dialog,
    list_dialog,
    card_dialog,
    hierarchy_dialog,
    selection_dialog,
    load_dialog,
)

__all__ = ["DIALOGS", "free_router"]
