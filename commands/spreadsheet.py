"""`--export FILE.xlsx`: a report's tables as a workbook, one sheet a table, for the
colleagues who open spreadsheets. Cells are written as `workforce export` writes them
(text that a spreadsheet would run as a formula is neutralised)."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

from commands.render import View


def sheet_names(views: Sequence[View]) -> list[str]:
    """A sheet name per view: its title up to any colon, without the characters Excel
    forbids, at most 31 characters, numbered where two would clash."""
    names: list[str] = []
    for number, view in enumerate(views, start=1):
        title = view.title.split(":")[0]  # "Placements: 24 of 30 placed" -> "Placements"
        name = re.sub(r"[\[\]*?/\\]", " ", title).strip()[:31] or f"Table {number}"
        while name.lower() in (n.lower() for n in names):
            name = f"{name[:27]} ({number})"
        names.append(name)
    return names


def write_xlsx(views: Sequence[View], path: Path) -> None:
    """Each view a sheet: its columns, its rows, then its full title and caption below a
    blank row."""
    from openpyxl import Workbook

    from commands.written import write_report
    from workforce.io.exporter import sheet_cell
    from workforce.store.copies import check_target

    check_target(path)
    book = Workbook()
    book.remove(book.active)
    for name, view in zip(sheet_names(views), views, strict=True):
        sheet = book.create_sheet(name)
        sheet.append(view.columns)
        for row in view.rows:
            sheet.append([sheet_cell(c) for c in row])
        if not view.rows:
            sheet.append(["(none)"])
        sheet.append([])
        sheet.append([view.title])
        if view.caption:
            sheet.append([view.caption])
    if not views:
        book.create_sheet("Empty").append(["(nothing to show)"])
    body = io.BytesIO()
    book.save(body)
    write_report(path, body.getvalue())  # it can name trainees
