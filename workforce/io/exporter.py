"""Export a table in the import contract's columns, so that an export imports back unchanged.

CSV and XLSX exports neutralise text a spreadsheet would run as a formula (a leading
=, +, -, @, tab or carriage return) by putting an apostrophe before it; the importer
removes that apostrophe again.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from workforce.errors import UserError
from workforce.io.contracts import CONTRACTS, KEYS
from workforce.io.importer import MODELS
from workforce.io.sources import csv_text, neutralise, to_json
from workforce.store.copies import check_target, record_copy, write_private
from workforce.store.models import (
    ChangeLog,
    PlacementCycle,
    Trainee,
    TraineeExclusion,
    TraineePreference,
)
from workforce.store.people import printable

EXPORTABLE = (*CONTRACTS, "changes")
FORMATS = ("csv", "json", "xlsx")


def export_rows(engine: Engine, table: str) -> tuple[list[str], list[dict[str, Any]]]:
    """The columns and typed rows of `table`, in a stable order."""
    if table not in EXPORTABLE:
        raise UserError(f"cannot export {table!r}: choose one of {', '.join(EXPORTABLE)}")
    with Session(engine) as session:
        if table == "changes":
            return _changes(session)
        columns = [c.name for c in CONTRACTS[table]]
        model = MODELS[table]
        order = [getattr(model, k) for k in KEYS[table]]
        rows = []
        extra = _trainee_choices(session) if table == "trainees" else {}
        for obj in session.scalars(select(model).order_by(*order)):
            values = obj.model_dump()
            if table == "trainees":
                values.update(extra[obj.trainee_id], cycle=obj.cycle_id)
            rows.append({c: values.get(c) for c in columns})
        return columns, rows


def _trainee_choices(session: Session) -> dict[str, dict[str, Any]]:
    starts = {c.cycle_id: c.starts_on for c in session.scalars(select(PlacementCycle))}
    out: dict[str, dict[str, Any]] = {}

    for t in session.scalars(select(Trainee)):
        out[t.trainee_id] = {"preferences": [], "excluded_teams": [],
                             "cycle_starts_on": starts.get(t.cycle_id)}
    for p in session.scalars(select(TraineePreference).order_by(TraineePreference.trainee_id,
                                                                TraineePreference.rank)):
        out[p.trainee_id]["preferences"].append(p.team_id)
    for e in session.scalars(select(TraineeExclusion).order_by(TraineeExclusion.trainee_id,
                                                               TraineeExclusion.team_id)):
        out[e.trainee_id]["excluded_teams"].append(e.team_id)
    return out


def _changes(session: Session) -> tuple[list[str], list[dict[str, Any]]]:
    columns = ["id", "at", "actor", "os_user", "db_user", "action", "subject", "about",
               "detail"]
    rows = [{c: getattr(log, c) for c in columns}
            for log in session.scalars(select(ChangeLog).order_by(ChangeLog.id))]
    return columns, rows


def cell(value: Any) -> Any:
    """A value as a spreadsheet cell: text for lists, dates and booleans; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def sheet_cell(value: Any) -> Any:
    """A value as an XLSX cell: as `cell`, neutralised, and without the characters XLSX
    cannot hold (stored before imports refused them)."""
    value = cell(value)
    return neutralise(printable(value) if isinstance(value, str) else value)


def to_csv(columns: list[str], rows: list[dict[str, Any]]) -> str:
    return csv_text([columns, *([neutralise(cell(row[c])) for c in columns] for row in rows)])


def write_xlsx(columns: list[str], rows: list[dict[str, Any]], path: Path, title: str) -> None:
    from openpyxl import Workbook

    check_target(path)  # before the work of building the workbook
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(columns)
    for row in rows:
        sheet.append([sheet_cell(row[c]) for c in columns])
    body = io.BytesIO()
    book.save(body)
    write_private(path, body.getvalue())


def export_table(engine: Engine, table: str, fmt: str, output: Path | None) -> str | bool:
    """Export `table` as `fmt` to `output` (owner-only, and recorded so that an erasure can
    list it) and return whether it was recorded; with no output file, return the text."""
    if fmt not in FORMATS:
        raise UserError(f"cannot export as {fmt!r}: choose one of {', '.join(FORMATS)}")
    columns, rows = export_rows(engine, table)
    if fmt == "xlsx":
        if output is None:
            raise UserError("an XLSX export needs a file: add -o FILE.xlsx")
        write_xlsx(columns, rows, output, table)
    else:
        text = to_csv(columns, rows) if fmt == "csv" else to_json(rows)
        if output is None:
            return text
        write_private(output, text)
    return record_copy(engine, "export", table, output)
