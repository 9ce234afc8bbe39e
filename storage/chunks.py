"""Long id lists in SQL go `IN (...)` a slice at a time, so the bound parameters of one
statement stay far below every backend's limit (SQLite 32 766, asyncpg 32 767)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

IN_CHUNK = 2000  # ids per statement
T = TypeVar("T")


def chunks(items: Iterable[T], size: int = IN_CHUNK) -> Iterator[list[T]]:
    """`items` in lists of at most `size`, in order."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
