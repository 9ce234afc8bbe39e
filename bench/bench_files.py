"""Reading hostile files: peak memory of the 2 KB far-column spreadsheet (issue 15) with the
bounded reader against the reader it replaced (which padded every row out to its last
cell), measured in the same run; and how soon the other hostile files are refused.

    python bench/bench_files.py [--rows 40]

The baseline keeps only what mattered of the old reader: cells gathered per row, then the
row padded to its widest column. With --rows 40 it needs about 150 MB; the issue's file
(a few more rows) took 0.5 GB.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
import tracemalloc
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services import files
from tests.test_files_hostile import far_column_file, sheet, workbook

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _old_column(ref: str) -> int:
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        else:
            break
    return n - 1


def naive_rows(data: bytes) -> Iterator[list[str]]:
    """The replaced reader's row building (padding to the widest column)."""
    z = zipfile.ZipFile(io.BytesIO(data))
    for _event, row in ET.iterparse(z.open("xl/worksheets/sheet1.xml")):
        if row.tag != f"{_NS}row":
            continue
        cells = {
            _old_column(c.get("r") or "A"): c.findtext(f"{_NS}v") or ""
            for c in row.iterfind(f"{_NS}c")
        }
        row.clear()
        width = max(cells, default=-1) + 1
        yield [cells.get(k, "") for k in range(width)]


def naive(data: bytes) -> int:
    kept = [r for r in naive_rows(data) if any(r)]  # the old reader kept non-empty rows
    return len(kept)


def bounded(data: bytes) -> int:
    try:
        return len(files.read_table(data, "xlsx").values)
    except files.FileProblem as problem:
        return -len(problem.code)


def peak(fn: Callable[[bytes], int], data: bytes) -> tuple[float, float]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        fn(data)
        _, top = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return top / 2**20, time.perf_counter() - started


def refusal(label: str, data: bytes, kind: str) -> None:
    started = time.perf_counter()
    try:
        files.read_table(data, kind)
        outcome = "read (!)"
    except files.FileProblem as problem:
        outcome = problem.code
    took = time.perf_counter() - started
    print(f"  {label:<44} {len(data) / 1024:>9.0f} KB  -> {outcome:<18} {took * 1000:7.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=40)  # about 150 MB for the baseline
    args = parser.parse_args()
    data = far_column_file(args.rows)
    print(f"far-column spreadsheet: {len(data)} bytes, {args.rows - 1} rows, cells at ZZZZ")
    new_mb, new_s = peak(bounded, data)
    old_mb, old_s = peak(naive, data)
    print(f"  baseline (padding reader) peak {old_mb:8.1f} MB in {old_s:.2f} s")
    print(f"  bounded reader            peak {new_mb:8.3f} MB in {new_s:.3f} s (refused)")
    print(f"  ratio baseline/bounded: {old_mb / max(new_mb, 1e-6):,.0f}x less memory")

    print("other hostile files (default limits):")
    empty_rows = "".join(f'<row r="{n}"/>' for n in range(1, 2_000_001))
    refusal("2,000,000 empty rows, deflated", workbook(sheet(empty_rows)), "xlsx")
    bomb = f'<sst xmlns="{_NS[1:-1]}"><si><t>{"9" * 200_000_000}</t></si></sst>'
    refusal(
        "200 MB shared string (zip bomb)",
        workbook(sheet(""), {"xl/sharedStrings.xml": bomb.encode()}),
        "xlsx",
    )
    refusal("20 MB one-line CSV, 10 million cells", b"1;" * (10 * 1024 * 1024), "csv")
    refusal("malformed sheet XML in a valid zip", workbook("<worksheet><sheetData>"), "xlsx")


if __name__ == "__main__":
    main()
