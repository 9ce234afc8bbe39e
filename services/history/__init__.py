"""Action history: every change anybody made, who, when and to what."""

from services.history.service import record

__all__ = ["record"]
