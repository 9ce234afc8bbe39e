"""Selections and loading them from files, at the service layer."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from services import files
from services.files.limits import Budget
from services.files.xlsx import xlsx_rows
from services.numbers import Source
from services.selections import (
    Filter,
    SelectionError,
    SelectionService,
    current_selection_id,
    number_ids,
)
from tests.test_numbers_seed import iccid_for, seed


async def test_summary_counts_numbers_accounts_contracts(db):
    s = await seed(db)
    sel = SelectionService(db)
    assert (await sel.summary(s.owner)).numbers == 0
    assert await current_selection_id(db, s.owner) is None
    added = await sel.add(s.owner, [s.numbers["+79139479580"], s.numbers["+79139479689"]])
    summary = await sel.summary(s.owner)
    assert (added, summary.numbers, summary.accounts, summary.contracts) == (2, 2, 2, 1)
    assert summary.single_contract and summary.contract_id == s.contracts["c1"]
    await sel.add(s.owner, [s.numbers["+79130000003"], s.numbers["+79139479580"]])
    summary = await sel.summary(s.owner)
    assert (summary.numbers, summary.accounts, summary.contracts) == (3, 3, 2)
    assert not summary.single_contract and summary.contract_id is None


async def test_add_whole_account_department_contract_and_filters(db):
    s = await seed(db)
    sel = SelectionService(db)
    assert await sel.add_source(s.owner, Source("account", str(s.accounts["254396728931"]))) == 2
    assert await sel.add_source(s.owner, Source("department", str(s.departments["direction"]))) == 1
    assert await sel.add_source(s.owner, Source("contract", str(s.contracts["c2"]))) == 2
    assert (await sel.summary(s.owner)).numbers == 5
    await sel.clear(s.owner)
    assert await sel.add_filter(s.owner, Filter("blocked")) == 1
    # Account 254396728932 is below zero: its blocked number is already in.
    assert await sel.add_filter(s.owner, Filter("balance_below", "0")) == 1
    assert await sel.add_filter(s.owner, Filter("region", "Краснодарский край")) == 2
    assert await sel.add_filter(s.owner, Filter("service", str(s.services["sms50"]))) == 1
    await sel.clear(s.owner)
    assert await sel.add_filter(s.owner, Filter("tariff", str(s.tariffs["team"]))) == 3
    with pytest.raises(SelectionError):
        await sel.add_filter(s.owner, Filter("tariff", "x"))
    choices = await sel.filter_choices(s.manager, "region")
    assert choices == [("Новосибирская область", "Новосибирская область")]


async def test_scope_holds_for_every_way_in(db):
    s = await seed(db)
    sel = SelectionService(db)
    foreign = s.numbers["+79130000002"]  # Бухгалтерия
    assert await sel.add(s.manager, [foreign, 999_999]) == 0
    assert await sel.add_source(s.manager, Source("account", str(s.accounts["254396728932"]))) == 1
    assert (
        await sel.add_source(s.manager, Source("department", str(s.departments["accounting"]))) == 0
    )
    sid = await current_selection_id(db, s.manager)
    assert await number_ids(db, s.manager, sid) == [s.numbers["+79139479689"]]
    # Somebody else's selection id gives nothing.
    assert await number_ids(db, s.owner, sid) == []
    assert (await sel.items(s.owner, sid)).total == 0


async def test_remove_clear_save_rename_delete_make_current(db):
    s = await seed(db)
    sel = SelectionService(db)
    a, b, c = (s.numbers[m] for m in ("+79139479580", "+79139479689", "+79130000001"))
    await sel.add(s.owner, [a, b, c])
    assert await sel.remove(s.owner, [c]) == 1
    saved_id, replaced = await sel.save(s.owner, "  Продажи  ")
    assert not replaced
    assert [(r.name, r.numbers) for r in await sel.saved(s.owner)] == [("Продажи", 2)]
    await sel.clear(s.owner)
    assert (await sel.summary(s.owner)).numbers == 0
    with pytest.raises(SelectionError, match="empty"):
        await sel.save(s.owner, "Пусто")
    await sel.add(s.owner, [c])
    _, replaced = await sel.save(s.owner, "Продажи")
    assert replaced
    assert await number_ids(db, s.owner, saved_id) == [c]
    other, _ = await sel.save(s.owner, "Другая")
    with pytest.raises(SelectionError, match="name-taken"):
        await sel.rename(s.owner, other, "Продажи")
    await sel.rename(s.owner, other, "Третья")
    with pytest.raises(SelectionError, match="not-found"):
        await sel.rename(s.manager, other, "Чужая")
    await sel.clear(s.owner)
    assert await sel.make_current(s.owner, saved_id) == 1
    assert await sel.contains(s.owner, c)
    await sel.delete(s.owner, saved_id)
    assert [r.name for r in await sel.saved(s.owner)] == ["Третья"]
    with pytest.raises(SelectionError, match="not-found"):
        await sel.delete(s.manager, other)
    with pytest.raises(SelectionError, match="name-empty"):
        await sel.save(s.owner, "   ")


def _xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


async def test_load_file_reports_every_row_not_taken(db):
    s = await seed(db)
    data = _xlsx(
        [
            ["ФИО", "Абонентский номер"],
            ["a", "+7 (913) 947-95-80"],
            ["b", 89139479689],
            ["c", "9130000002"],  # Бухгалтерия: outside the manager's scope
            ["d", "9130009999"],  # nobody has it
            ["e", "abc"],
            ["f", "8 913 947 95 80"],  # the same number again
            ["g", iccid_for(1)],  # the second number's SIM: a duplicate as well
            [None, None],
            ["h", "+79990000000"],  # another company's number: simply not found
        ]
    )
    table = files.read_table(data, "xlsx")
    assert table.header == "Абонентский номер"
    report = await files.match(db, s.manager, table)
    assert report.number_ids == [s.numbers["+79139479580"], s.numbers["+79139479689"]]
    assert [(row, reason.value) for row, _v, reason in report.problems] == [
        (4, "out_of_scope"),
        (5, "not_found"),
        (6, "invalid"),
        (7, "duplicate"),
        (8, "duplicate"),
        (10, "not_found"),
    ]


def test_phone_column_wins_over_account_column():
    data = "Лицевой счёт;ФИО;Телефон\n254396728931;Иванов;+79139479580\n".encode()
    table = files.read_table(data, "csv")
    assert (table.header, table.values) == ("Телефон", [(2, "+79139479580")])


async def test_csv_without_header_accounts_and_semicolons(db):
    s = await seed(db)
    text = "Иванов;254396728931\nКто-то;123310460098\n"
    table = files.read_table(text.encode("cp1251"), "csv")
    assert table.header is None and table.column == 2
    report = await files.match(db, s.owner, table)
    assert report.found == 4 and not report.problems


@pytest.mark.parametrize(
    ("data", "kind", "code"),
    [
        (b"", "csv", "empty"),
        (b"PK\x03\x04garbage", "xlsx", "broken"),
        (b"not a zip at all", "xlsx", "broken"),
        (b"\xff\xfe\x00\x00\x00", "csv", "broken"),
        (b"name;city\nfoo;bar\n", "csv", "no-column"),
        (b"\n\n\n", "csv", "empty"),
    ],
)
def test_bad_files_are_one_clear_problem(data, kind, code):
    with pytest.raises(files.FileProblem) as err:
        files.read_table(data, kind)
    assert err.value.code == code


def test_too_many_rows_and_wrong_type_and_size():
    buf = io.StringIO()
    w = csv.writer(buf)
    for i in range(files.MAX_ROWS + 1):
        w.writerow([f"+7913{i:07d}"])
    with pytest.raises(files.FileProblem, match="too-many-rows"):
        files.read_table(buf.getvalue().encode(), "csv")
    with pytest.raises(files.FileProblem, match="wrong-type"):
        files.check_document("photo.jpg", "image/jpeg", 100)
    with pytest.raises(files.FileProblem, match="too-big"):
        files.check_document("big.xlsx", None, 20 * 1024 * 1024 + 1)
    assert files.check_document("list.CSV", None, 10) == "csv"


async def test_export(db):
    s = await seed(db)
    ids = [s.numbers["+79139479580"], s.numbers["+79130000002"]]
    rows = await files.export_rows(db, s.manager, ids)
    assert len(rows) == 1  # the other one is outside the manager's scope
    data = files.export_xlsx(["n", "h", "a", "c", "d", "t", "b"], rows)
    ws = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    got = list(ws.iter_rows(values_only=True))
    assert got[1] == (
        "+7 (913) 947-95-80",
        "Иванов Иван Ольгович",
        "254396728931",
        "154396712662 (Новосибирская область)",
        "Отдел продаж",
        "Бизнес общение",
        1500,
    )


def test_fast_xlsx_reader_agrees_with_openpyxl():
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    wb = Workbook()
    ws = wb.active
    ws.title = "Номера"
    ws.append(["Телефон", "ФИО", None, "Сумма"])
    ws.append([79139479580, "Иванов", None, 1.5])
    ws["B3"] = CellRichText(["Пет", TextBlock(InlineFont(b=True), "ров")])
    ws["A3"] = "+7 (913) 947-96-89"
    ws["D7"] = 7.913947958e10  # a gap of empty rows, then a float-typed phone
    ws.append([None, None, None, None])
    wb.create_sheet("second").append(["not read"])
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    fast = [(n, r) for n, r in xlsx_rows(data, Budget(files.LIMITS)) if any(r)]
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)

    def cell(v: object) -> str:
        if isinstance(v, float) and v.is_integer():
            v = int(v)  # 79139479580 typed into Excel comes back as a float
        return "" if v is None else str(v).strip()

    rows = enumerate(wb.worksheets[0].iter_rows(values_only=True), start=1)
    slow = [(n, [cell(v) for v in r]) for n, r in rows if any(v is not None for v in r)]
    assert [(n, [c for c in r if c]) for n, r in fast] == [
        (n, [c for c in r if c]) for n, r in slow
    ]
    assert fast[0][1][0] == "Телефон" and fast[-1] == (7, ["", "", "", "79139479580"])
    assert fast[2][1][1] == "Петров"
