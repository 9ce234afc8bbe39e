"""Hostile files: each ends in one FileProblem (one sentence for the user), never in a crash,
a frozen worker or a memory spike."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest

from services import files
from services.files import FileProblem, Limits

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_WORKBOOK = (
    f'<workbook xmlns="{_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def workbook(sheet: bytes | str, parts: dict[str, bytes] | None = None) -> bytes:
    """A minimal XLSX around the given sheet XML (deflated, as Excel writes it)."""
    if isinstance(sheet, str):
        sheet = sheet.encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in (parts or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def sheet(rows: str) -> str:
    return f'<worksheet xmlns="{_NS}"><sheetData>{rows}</sheetData></worksheet>'


def far_column_file(rows: int = 40) -> bytes:
    """The 2 KB spreadsheet of issue 15: every row has one cell at column ZZZZ."""
    body = "".join(f'<row r="{n}"><c r="ZZZZ{n}"><v>{n}</v></c></row>' for n in range(1, rows))
    return workbook(sheet(body))


def problem(data: bytes, kind: str = "xlsx", limits: Limits = files.LIMITS) -> FileProblem:
    with pytest.raises(FileProblem) as err:
        files.read_table(data, kind, limits)
    return err.value


def test_a_far_column_is_refused_without_padding_rows() -> None:
    data = far_column_file()
    assert len(data) < 3000
    tracemalloc.start()
    try:
        err = problem(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert err.code == "too-many-columns"
    assert err.args_ == {"limit": files.MAX_COLUMNS}
    assert peak < 5 * 2**20  # the old reader took hundreds of MB on this file
    # A reference far past any column ("ZZZZZZZZZZZZ1") stops as early.
    assert problem(workbook(sheet('<row r="1"><c r="ZZZZZZZZZZZZ1"><v>1</v></c></row>'))).code == (
        "too-many-columns"
    )


def test_millions_of_empty_rows_count_toward_the_row_limit() -> None:
    rows = "".join(f'<row r="{n}"/>' for n in range(1, 300_001))
    data = workbook(sheet(rows))
    assert len(data) < 1_000_000
    assert problem(data).code == "too-many-rows"
    # One row numbered far down the sheet, and the same row number over and over, too.
    far = sheet('<row r="1048576"><c r="A1048576"><v>79139479580</v></c></row>')
    assert problem(workbook(far)).code == "too-many-rows"
    same = sheet('<row r="1"><c><v>1</v></c></row>' * 11)
    assert problem(workbook(same), limits=Limits(rows=10)).code == "too-many-rows"


def test_a_zip_bomb_stops_at_the_unzipped_limit() -> None:
    # 40 MB of one shared string compress to about 40 KB.
    strings = f'<sst xmlns="{_NS}"><si><t>{"9" * 40_000_000}</t></si></sst>'
    data = workbook(sheet(""), {"xl/sharedStrings.xml": strings.encode()})
    assert len(data) < 200_000
    err = problem(data, limits=Limits(unzipped=8 * 2**20))
    assert (err.code, err.args_) == ("too-large", {"mb": 8})


def test_too_many_cells_and_too_slow() -> None:
    cells = "".join(f"<c><v>{i}</v></c>" for i in range(5))
    data = workbook(sheet("".join(f"<row>{cells}</row>" for _ in range(10))))
    assert problem(data, limits=Limits(cells=20)).code == "too-many-cells"
    assert problem(data, limits=Limits(seconds=0)).code == "too-slow"


@pytest.mark.parametrize(
    "data",
    [
        workbook("<worksheet><sheetData><row><c><v>1</v></row></sheetData>"),  # malformed XML
        workbook(sheet('<row r="x"><c><v>1</v></c></row>')),  # a row number that isn't
        workbook(sheet('<row><c t="s"><v>7</v></c></row>')),  # a shared string that isn't there
        workbook(b"\xff\xfe not xml at all"),
        workbook(
            '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
            f'<worksheet xmlns="{_NS}"><sheetData><row><c t="inlineStr"><is><t>&lol2;</t>'
            "</is></c></row></sheetData></worksheet>"
        ),
    ],
    ids=["malformed", "bad-row-number", "missing-string", "binary", "entities"],
)
def test_broken_insides_of_a_valid_zip_are_one_sentence(data: bytes) -> None:
    assert problem(data).code == "broken"


def test_a_workbook_without_its_parts_is_broken() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", _WORKBOOK)
    assert problem(buf.getvalue()).code == "broken"


def test_a_20_mb_one_line_csv_is_refused_at_once() -> None:
    data = b"1;" * (10 * 1024 * 1024)
    tracemalloc.start()
    try:
        err = problem(data, "csv")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert err.code == "line-too-long"
    assert peak < 1.5 * len(data)  # the text once, not a copy of it per step
    wide = (";".join(["+79139479580"] * 300) + "\n").encode()
    assert problem(wide, "csv").code == "too-many-columns"
    empty_lines = b"\n" * 200_000
    assert problem(empty_lines, "csv").code == "too-many-rows"


def test_strict_ooxml_and_sparse_rows_still_read() -> None:
    strict = (
        '<worksheet xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"><sheetData>'
        '<row r="1"><c r="B1" t="inlineStr"><is><t>Телефон</t></is></c></row>'
        '<row r="3"><c r="B3" t="inlineStr"><is><t>+7 913 947-95-80</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    table = files.read_table(workbook(strict), "xlsx")
    assert (table.column, table.header, table.values) == (2, "Телефон", [(3, "+7 913 947-95-80")])


async def test_reading_in_a_worker_keeps_its_limits() -> None:
    err = None
    try:
        await files.read_file(far_column_file(), "xlsx")
    except FileProblem as e:
        err = e
    assert err is not None and err.code == "too-many-columns"
    table = await files.read_file(b"+79139479580\n", "csv")
    assert table.values == [(1, "+79139479580")]


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_csv_lines_end_any_way(end: str) -> None:
    text = end.join(["Телефон;Имя", "+79139479580;Зоя", '+79139479581;"А; Б"', ""])
    table = files.read_table(text.encode(), "csv")
    assert (table.header, table.values) == (
        "Телефон",
        [(2, "+79139479580"), (3, "+79139479581")],
    )
