"""Retry delays: doubling from a few seconds, capped well below the two minutes within
which a held-back notification must arrive once the fault is gone."""

from __future__ import annotations

import datetime as dt

BASE_SECONDS = 5.0
CAP_SECONDS = 60.0


def backoff(attempts: int, base: float = BASE_SECONDS, cap: float = CAP_SECONDS) -> dt.timedelta:
    """The wait before attempt number `attempts + 1` (attempts counts the ones made)."""
    exponent = max(0, attempts - 1)
    return dt.timedelta(seconds=min(cap, base * (2 ** min(exponent, 16))))
