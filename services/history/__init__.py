"""Action history: every change anybody made, who, when and to what; read within scope."""

from services.history.queries import KINDS
from services.history.service import Entry, HistoryFilter, HistoryService, Page, record

__all__ = ["KINDS", "Entry", "HistoryFilter", "HistoryService", "Page", "record"]
