"""Read a CSV or XLSX file into a header and rows of text, whatever the spreadsheet did to it.

CSV must be UTF-8 (a byte-order mark is fine). XLSX is read from its first sheet with
cell values, not formulas. Row numbers are the spreadsheet's: the header is row 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workforce.errors import InvalidInput, Problem

#: More columns than any import file has: a header row is read no wider.
MAX_COLUMNS = 256
#: Characters that make a spreadsheet treat a cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Sheet:
    name: str
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells)


def read_sheet(path: Path) -> Sheet:
    """Read `path` (CSV or XLSX) or raise InvalidInput naming what is wrong with it."""
    name = path.name
    if not path.is_file():
        raise InvalidInput([Problem(name, None, None, None, f"no such file: {path}")])
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        table = _read_xlsx(path)
    elif suffix in (".csv", ".txt", ""):
        table = _read_csv(path)
    else:
        raise InvalidInput([Problem(name, None, None, suffix,
                                    "is not a supported file type (use .csv or .xlsx)")])
    table = [(number, [unquote(c) for c in cells]) for number, cells in table
             if any(c.strip() for c in cells)]
    if not table:
        raise InvalidInput([Problem(name, None, None, None,
                                    "the file is empty: expected a header row and data rows")])
    (_, header), body = table[0], table[1:]
    return Sheet(name, [header_name(h) for h in header], body)


def name_variant(value: str) -> str:
    """The accepted spellings of a named value: any case, spaces or hyphens for underscores."""
    return "_".join(value.strip().lower().replace("-", " ").split())


def header_name(cell: str) -> str:
    """A header as the column it names, ignoring case, spaces, hyphens and underscores
    ('Staff ID', 'staff-id' and ' STAFF_ID ' are all staff_id)."""
    return name_variant(cell.replace("_", " "))


def neutralise(value: Any) -> Any:
    """Stop a spreadsheet from running text as a formula: an apostrophe before it."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    """Rows as CSV, a line each. A row with a carriage return inside a cell is quoted in
    full: a bare one would read back as the end of a line and split the row."""
    buffer = io.StringIO()
    plain = csv.writer(buffer, lineterminator="\n")
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        cr = any(isinstance(cell, str) and "\r" in cell for cell in row)
        (quoted if cr else plain).writerow(row)
    return buffer.getvalue()


def to_json(payload: Any) -> str:
    """JSON as every command and export writes it: indented, UTF-8 as it is, dates as ISO."""
    return json.dumps(payload, indent=2, default=_json_default, ensure_ascii=False) + "\n"


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set | tuple):
        return sorted(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def unquote(cell: str) -> str:
    """Undo the apostrophe our exports put before a cell a spreadsheet would run as a formula."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_TRIGGERS:
        return cell[1:]
    return cell


def _read_csv(path: Path) -> list[tuple[int, list[str]]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise InvalidInput([Problem(
            path.name, row, None, None,
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save it as 'CSV UTF-8' and import again")]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        # a record's number, not its last line's: a cell holding a line break is one row
        return list(enumerate(reader, start=1))
    except csv.Error as exc:
        raise InvalidInput([Problem(path.name, reader.line_num, None, None,
                                    f"is not valid CSV: {exc}")]) from None


def _read_xlsx(path: Path) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise InvalidInput([Problem(path.name, None, None, None,
                                    f"is not a readable XLSX workbook ({type(exc).__name__})")]
                           ) from None
    try:
        return list(_stored_rows(book.worksheets[0]))
    finally:
        book.close()


def _stored_rows(sheet) -> Iterator[tuple[int, list[str]]]:
    """The rows the sheet stores, as text, read as the file holds them.

    openpyxl's own iteration pads every row to the extent a sheet declares and yields every
    missing row before a stored one: a 5 KB workbook declaring a cell at XFD1048576 would
    make a million rows of 16,384 cells. Only stored rows are read here, each to the
    header's width, with its first cell beyond that (enough to say the row is too wide)."""
    from openpyxl.worksheet._reader import WorkSheetParser

    book = sheet.parent
    width = None
    with sheet._get_source() as source:
        parser = WorkSheetParser(source, book.shared_strings, data_only=True,
                                 epoch=book.epoch, date_formats=book._date_formats,
                                 timedelta_formats=book._timedelta_formats)
        for number, stored in parser.parse():
            values = {c["column"]: c["value"] for c in stored if c["value"] is not None}
            if not values:
                continue
            if width is None:
                width = min(max(values), MAX_COLUMNS)
            cells = [_cell_text(values.get(column)) for column in range(1, width + 1)]
            beyond = [values[column] for column in sorted(values) if column > width]
            yield number, cells + [_cell_text(v) for v in beyond[:1]]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
