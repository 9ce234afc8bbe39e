"""Selections from files and to files: XLSX/CSV in, XLSX out.

Reading is pure Python on bytes (run it in a thread); matching against the database is
async. A problem with the file as a whole raises FileProblem and changes nothing; problems
with single rows are reported row by row.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import select

from services.access import Principal
from services.phones import digits_only, normalize, pretty
from storage.db import Database
from storage.models import Account, Contract, Department, Number, Tariff

MAX_BYTES = 20 * 1024 * 1024  # Telegram lets bots download up to 20 MB
MAX_ROWS = 100_000
SNIFF_ROWS = 50
CHUNK = 2000

HEADERS = {
    "phone": ("номер", "телефон", "абонентский номер", "номер телефона", "msisdn", "phone",
              "number", "phone number", "мобильный", "тел"),
    "iccid": ("iccid", "sim", "сим", "sim-карта", "номер sim-карты", "номер sim", "sim card",
              "сим-карта", "icc"),
    "account": ("лицевой счет", "лицевой счёт", "лс", "№ лицевого счета", "№ лицевого счёта",
                "account", "personal account", "account number", "номер лс"),
}


class FileProblem(Exception):
    """The file as a whole can't be used; `code` names the sentence to show."""

    def __init__(self, code: str, **args: object) -> None:
        super().__init__(code)
        self.code = code
        self.args_ = args


class Reason(StrEnum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    OUT_OF_SCOPE = "out_of_scope"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class Key:
    kind: str  # phone/iccid/account
    value: str


@dataclass
class Table:
    """The column chosen from a file: (row number, raw value) pairs."""

    column: int
    header: str | None
    values: list[tuple[int, str]]


@dataclass
class LoadReport:
    rows: int = 0
    number_ids: list[int] = field(default_factory=list)
    problems: list[tuple[int, str, Reason]] = field(default_factory=list)

    @property
    def found(self) -> int:
        return len(self.number_ids)


def file_kind(name: str | None, mime: str | None) -> str:
    n = (name or "").lower()
    if n.endswith(".xlsx") or mime == (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
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


# --- reading --------------------------------------------------------------------------------

def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 79139479580 typed into Excel comes back as a float
    return str(value).strip()


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileProblem("broken") from exc
    try:
        ws = wb.worksheets[0] if wb.worksheets else None
        if ws is None:
            raise FileProblem("empty")
        for row in ws.iter_rows(values_only=True):
            yield [_cell(v) for v in row]
    finally:
        wb.close()


def _csv_rows(data: bytes) -> Iterator[list[str]]:
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
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t|")
    except csv.Error:
        dialect = csv.excel
        dialect.delimiter = ";" if sample.count(";") > sample.count(",") else ","
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            yield [c.strip() for c in row]
    except csv.Error as exc:
        raise FileProblem("broken") from exc


def classify_value(text: str) -> Key | None:
    """A phone in any usual form, an ICCID (18-20 digits) or a 12-digit account number."""
    t = text.strip()
    if not t:
        return None
    digits = digits_only(t)
    if any(ch.isalpha() for ch in t.replace("F", "").replace("f", "")):
        return None
    if 18 <= len(digits) <= 20:
        return Key("iccid", digits)
    if len(digits) == 12 and not t.startswith("+"):
        return Key("account", digits)
    phone = normalize(t)
    if phone:
        return Key("phone", phone)
    return None


def _header_kind(cell: str) -> str | None:
    c = " ".join(cell.lower().replace("ё", "е").split()).strip(" :№#")
    for kind, names in HEADERS.items():
        if c in {n.replace("ё", "е").strip("№ ") for n in names}:
            return kind
    return None


def read_table(data: bytes, kind: str) -> Table:
    """Pick the column of numbers/ICCIDs/accounts by its header or by its content."""
    if not data:
        raise FileProblem("empty")
    rows = _xlsx_rows(data) if kind == "xlsx" else _csv_rows(data)
    head: list[list[str]] = []
    rest: list[list[str]] = []
    count = filled = 0
    for row in rows:
        count += 1
        if not any(row):
            continue
        filled += 1
        if filled > MAX_ROWS:
            raise FileProblem("too-many-rows", limit=MAX_ROWS)
        if len(head) < SNIFF_ROWS:
            head.append([str(count), *row])
        else:
            rest.append([str(count), *row])
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


def _choose_column(head: list[list[str]]) -> tuple[int | None, str | None]:
    first = head[0]
    for i, cell in enumerate(first[1:], start=1):
        if cell and _header_kind(cell):
            return i, cell
    width = max(len(r) for r in head)
    best, best_hits = None, 0
    for i in range(1, width):
        hits = sum(1 for r in head if i < len(r) and classify_value(r[i]))
        if hits > best_hits:
            best, best_hits = i, hits
    if best is None:
        return None, None
    # A first row that doesn't parse while the rest do is a header we didn't recognise.
    header = first[best] if (best < len(first) and first[best]
                             and not classify_value(first[best])) else None
    return best, header


# --- matching ------------------------------------------------------------------------------

async def match(db: Database, principal: Principal, table: Table) -> LoadReport:
    """Turn the column's values into number ids in scope, with a reason for every miss."""
    report = LoadReport(rows=len(table.values))
    keyed: list[tuple[int, str, Key]] = []
    for row, raw in table.values:
        key = classify_value(raw)
        if key is None:
            report.problems.append((row, raw, Reason.INVALID))
        else:
            keyed.append((row, raw, key))
    found = await _lookup(db, principal, keyed)
    seen: set[int] = set()
    for row, raw, key in keyed:
        ids, reason = found.get((key.kind, key.value), ([], Reason.NOT_FOUND))
        if not ids:
            report.problems.append((row, raw, reason))
            continue
        new = [i for i in ids if i not in seen]
        if not new:
            report.problems.append((row, raw, Reason.DUPLICATE))
            continue
        seen.update(new)
        report.number_ids.extend(new)
    report.problems.sort(key=lambda p: p[0])
    return report


async def _lookup(db: Database, principal: Principal, keyed: list[tuple[int, str, Key]]
                  ) -> dict[tuple[str, str], tuple[list[int], Reason]]:
    by_kind: dict[str, set[str]] = {"phone": set(), "iccid": set(), "account": set()}
    for _row, _raw, key in keyed:
        by_kind[key.kind].add(key.value)
    columns = {"phone": Number.msisdn, "iccid": Number.iccid, "account": Account.number}
    scope = principal.number_scope("numbers")
    out: dict[tuple[str, str], tuple[list[int], Reason]] = {}
    async with db.session() as s:
        for kind, values in by_kind.items():
            col = columns[kind]
            ordered = sorted(values)
            for i in range(0, len(ordered), CHUNK):
                chunk = ordered[i:i + CHUNK]
                base = (select(col, Number.id, scope.label("ok"))
                        .join(Account, Account.id == Number.account_id)
                        .where(col.in_(chunk), Number.company_id == principal.company_id))
                for value, number_id, ok in await s.execute(base):
                    ids, _ = out.get((kind, value), ([], Reason.OUT_OF_SCOPE))
                    if ok:
                        ids.append(number_id)
                    out[(kind, value)] = (ids, Reason.OUT_OF_SCOPE)
    return out


# --- writing -------------------------------------------------------------------------------

def _xlsx(header: list[str], rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def problems_xlsx(report: LoadReport, header: list[str], reasons: dict[str, str]) -> bytes:
    return _xlsx(header, [[row, raw, reasons[str(reason)]] for row, raw, reason in
                          report.problems])


async def export_rows(db: Database, principal: Principal, number_ids: list[int]
                      ) -> list[list[object]]:
    """Number, holder, account, contract, department, tariff, balance (roubles)."""
    rows: list[list[object]] = []
    async with db.session() as s:
        for i in range(0, len(number_ids), CHUNK):
            chunk = number_ids[i:i + CHUNK]
            result = await s.execute(
                select(Number.msisdn, Number.holder_name, Account.number, Contract.number,
                       Contract.region, Department.name, Tariff.name, Account.balance)
                .join(Account, Account.id == Number.account_id)
                .join(Contract, Contract.id == Number.contract_id)
                .join(Tariff, Tariff.id == Number.tariff_id)
                .outerjoin(Department, Department.id == Number.department_id)
                .where(Number.id.in_(chunk), principal.number_scope("numbers"))
                .order_by(Number.msisdn))
            for msisdn, holder, acc, con, region, dept, tariff, balance in result:
                rows.append([pretty(msisdn), holder or "", acc, f"{con} ({region})",
                             dept or "", tariff, balance / 100])
    return rows


def export_xlsx(header: list[str], rows: list[list[object]]) -> bytes:
    return _xlsx(header, rows)
