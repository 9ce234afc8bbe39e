"""Hard limits on a file that is read, and the one exception every refusal becomes."""

from __future__ import annotations

import time
from dataclasses import dataclass

MAX_BYTES = 20 * 1024 * 1024  # Telegram lets bots download up to 20 MB
MAX_ROWS = 100_000  # by position: empty rows count
MAX_COLUMNS = 256
MAX_CELLS = 1_000_000  # cells and fields read, empty ones included
MAX_UNZIPPED = 64 * 1024 * 1024  # bytes inflated from an XLSX, all parts together
MAX_LINE = 64 * 1024  # characters in one CSV line
READ_SECONDS = 20.0


class FileProblem(Exception):
    """The file as a whole can't be used; `code` names the sentence to show."""

    def __init__(self, code: str, **args: object) -> None:
        super().__init__(code)
        self.code = code
        self.args_ = args


@dataclass(frozen=True)
class Limits:
    rows: int = MAX_ROWS
    columns: int = MAX_COLUMNS
    cells: int = MAX_CELLS
    unzipped: int = MAX_UNZIPPED
    line: int = MAX_LINE
    seconds: float = READ_SECONDS


LIMITS = Limits()


class Budget:
    """What one read has used so far; every step checks it while streaming, so a hostile file
    stops at the first limit it crosses instead of after it has been taken in whole."""

    _EVERY = 1024  # cells between two looks at the clock

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds
        self.cells = 0
        self.unzipped = 0

    def add_cells(self, n: int = 1) -> None:
        before = self.cells
        self.cells += n
        if self.cells > self.limits.cells:
            raise FileProblem("too-many-cells", limit=self.limits.cells)
        if before // self._EVERY != self.cells // self._EVERY:
            self.check_time()

    def add_bytes(self, n: int) -> None:
        self.unzipped += n
        if self.unzipped > self.limits.unzipped:
            raise FileProblem("too-large", mb=self.limits.unzipped // 2**20)
        self.check_time()

    def check_row(self, number: int) -> None:
        if number > self.limits.rows:
            raise FileProblem("too-many-rows", limit=self.limits.rows)

    def check_column(self, index: int) -> None:
        if index >= self.limits.columns:
            raise FileProblem("too-many-columns", limit=self.limits.columns)

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise FileProblem("too-slow", seconds=int(self.limits.seconds))
