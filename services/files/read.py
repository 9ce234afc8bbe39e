"""Reading a file of numbers: XLSX or CSV in, the column of phones, ICCIDs or accounts out.

Reading is pure Python on bytes, bounded by `Limits` while it streams; `read_file` runs it in
a worker thread with a time limit. A problem with the file as a whole raises FileProblem
(one sentence for the user) and changes nothing; problems with single rows are matched and
reported row by row (match.py).
"""

from __future__ import annotations

import asyncio
import csv
import logging
from collections.abc import Iterator

from services.files.limits import LIMITS, MAX_BYTES, Budget, FileProblem, Limits
from services.files.match import Table, classify_value
from services.files.xlsx import xlsx_rows

log = logging.getLogger(__name__)

SNIFF_ROWS = 50
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

HEADERS = {
    "phone": (
        "номер",
        "телефон",
        "абонентский номер",
        "номер телефона",
        "msisdn",
        "phone",
        "number",
        "phone number",
        "мобильный",
        "тел",
    ),
    "iccid": (
        "iccid",
        "sim",
        "сим",
        "sim-карта",
        "номер sim-карты",
        "номер sim",
        "sim card",
        "сим-карта",
        "icc",
    ),
    "account": (
        "лицевой счет",
        "лицевой счёт",
        "лс",
        "№ лицевого счета",
        "№ лицевого счёта",
        "account",
        "personal account",
        "account number",
        "номер лс",
    ),
}


def file_kind(name: str | None, mime: str | None) -> str:
    n = (name or "").lower()
    if n.endswith(".xlsx") or mime == XLSX_MIME:
        return "xlsx"
    if n.endswith((".csv", ".txt")) or mime in ("text/csv", "text/plain"):
        return "csv"
    return ""


def check_document(name: str | None, mime: str | None, size: int | None) -> str:
    """Before downloading: the kind ("xlsx"/"csv") or FileProblem."""
    kind = file_kind(name, mime)
    if not kind:
        raise FileProblem("wrong-type")
    if size is not None and size > MAX_BYTES:
        raise FileProblem("too-big")
    if size == 0:
        raise FileProblem("empty")
    return kind


def _lines(text: str, delimiter: str, budget: Budget) -> Iterator[str]:
    """Physical lines for the csv module, each checked before it is split into fields: one
    20 MB line of ten million cells is refused at its length, not after it became a list."""
    limits = budget.limits
    for number, line in enumerate(_split_lines(text, limits.line), start=1):
        if line.count(delimiter) >= limits.columns:
            raise FileProblem("too-many-columns", limit=limits.columns)
        if number % 1024 == 0:
            budget.check_time()
        yield line


def _split_lines(text: str, longest: int) -> Iterator[str]:
    """Lines ending in \n, \r\n or \r (their ends kept, as the csv module wants), each
    measured before it is cut out: io.StringIO copied the whole text at four bytes a
    character, so a 20 MB file took over 100 MB to refuse."""
    start, size = 0, len(text)
    lf = cr = -1  # the next of each at or after start (size: none left); found once each
    while start < size:
        if lf < start:
            lf = text.find("\n", start) % (size + 1)
        if cr < start:
            cr = text.find("\r", start) % (size + 1)
        if cr < lf:
            end = cr + 2 if cr + 1 == lf else cr + 1
        else:
            end = min(lf + 1, size)
        if end - start > longest:
            raise FileProblem("line-too-long", limit=longest)
        yield text[start:end]
        start = end


def csv_rows(data: bytes, budget: Budget) -> Iterator[tuple[int, list[str]]]:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileProblem("broken")
    if "\x00" in text:
        raise FileProblem("broken")
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=";,\t|")
    except csv.Error:
        dialect = csv.excel()
        dialect.delimiter = ";" if sample.count(";") > sample.count(",") else ","
    try:
        reader = csv.reader(_lines(text, dialect.delimiter, budget), dialect)
        for number, row in enumerate(reader, start=1):
            budget.check_row(number)
            budget.add_cells(max(len(row), 1))
            yield number, [c.strip() for c in row]
    except csv.Error as exc:
        raise FileProblem("broken") from exc


def _header_kind(cell: str) -> str | None:
    c = " ".join(cell.lower().replace("ё", "е").split()).strip(" :№#")
    for kind, names in HEADERS.items():
        if c in {n.replace("ё", "е").strip("№ ") for n in names}:
            return kind
    return None


def _collect(rows: Iterator[tuple[int, list[str]]]) -> tuple[list[list[str]], list[list[str]]]:
    """The first SNIFF_ROWS non-empty rows and the rest, each prefixed by its row number."""
    head: list[list[str]] = []
    rest: list[list[str]] = []
    for number, row in rows:
        if not any(row):
            continue
        (head if len(head) < SNIFF_ROWS else rest).append([str(number), *row])
    return head, rest


def read_table(data: bytes, kind: str, limits: Limits = LIMITS) -> Table:
    """Pick the column of numbers/ICCIDs/accounts by its header or by its content."""
    if not data:
        raise FileProblem("empty")
    budget = Budget(limits)
    rows = xlsx_rows(data, budget) if kind == "xlsx" else csv_rows(data, budget)
    try:
        head, rest = _collect(rows)
    except FileProblem:
        raise
    except Exception as exc:  # malformed XML, a strange zip, a broken number: one sentence
        log.info("unreadable %s file: %r", kind, exc)
        raise FileProblem("broken") from exc
    if not head:
        raise FileProblem("empty")
    column, header = _choose_column(head)
    if column is None:
        raise FileProblem("no-column")
    values: list[tuple[int, str]] = []
    body = head[1:] if header is not None else head
    for row in (*body, *rest):
        values.append((int(row[0]), row[column] if column < len(row) else ""))
    if not values:
        raise FileProblem("empty")
    return Table(column, header, values)


async def read_file(data: bytes, kind: str, limits: Limits = LIMITS) -> Table:
    """read_table in a worker thread, within limits.seconds (the reader also watches the clock
    itself, so the thread never outlives the answer by much)."""
    try:
        return await asyncio.wait_for(
            asyncio.to_thread(read_table, data, kind, limits), limits.seconds + 5
        )
    except TimeoutError:
        raise FileProblem("too-slow", seconds=int(limits.seconds)) from None


def _choose_column(head: list[list[str]]) -> tuple[int | None, str | None]:
    first = head[0]
    named = {
        kind: i
        for i, cell in reversed(list(enumerate(first[1:], start=1)))
        if cell and (kind := _header_kind(cell))
    }
    for kind in ("phone", "iccid", "account"):  # the most precise key wins
        if kind in named:
            return named[kind], first[named[kind]]
    width = max(len(r) for r in head)
    best, best_hits = None, 0
    for i in range(1, width):
        hits = sum(1 for r in head if i < len(r) and classify_value(r[i]))
        if hits > best_hits:
            best, best_hits = i, hits
    if best is None:
        return None, None
    # A first row that doesn't parse while the rest do is a header we didn't recognise.
    header = (
        first[best]
        if (best < len(first) and first[best] and not classify_value(first[best]))
        else None
    )
    return best, header
