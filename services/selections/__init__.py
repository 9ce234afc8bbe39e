"""Selections: saved sets of numbers built by search, filter, hierarchy or a file."""

from services.selections.service import (
    Filter,
    SavedRow,
    SelectionError,
    SelectionService,
    Summary,
    current_selection_id,
    number_ids,
)

__all__ = [
    "Filter",
    "SavedRow",
    "SelectionError",
    "SelectionService",
    "Summary",
    "current_selection_id",
    "number_ids",
]
