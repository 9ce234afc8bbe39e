"""Appeals to the operator's service centre, with a conversation thread."""

from services.appeals.service import (
    MAX_TEXT,
    AppealRow,
    AppealService,
    AppealView,
    Numbers,
    ThreadMessage,
)

__all__ = [
    "MAX_TEXT",
    "AppealRow",
    "AppealService",
    "AppealView",
    "Numbers",
    "ThreadMessage",
]
