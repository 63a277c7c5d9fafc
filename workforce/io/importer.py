"""Import a CSV or XLSX file into one table: validate every row, then write all or nothing.

Every problem in the file is collected (file, row, field, value, what is allowed)
before anything is written; one bad row and the database is left as it was.
Re-importing the same file changes nothing: rows are upserted by their id.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from workforce.competencies.levels import refresh_summaries
from workforce.db import session_scope
from workforce.errors import InvalidInput, Problem, UserError
from workforce.io.contracts import CONTRACTS, KEYS, Invalid, Known
from workforce.io.sources import Sheet, read_sheet
from workforce.models import (
    Area,
    Attainment,
    ChangeLog,
    Establishment,
    InterventionTraining,
    PlacementCycle,
    Staff,
    Team,
    Trainee,
    TraineeExclusion,
    TraineePreference,
    team_shares,
)
from workforce.reference import ReferenceData

MODELS: dict[str, type[SQLModel]] = {
    "areas": Area, "teams": Team, "staff": Staff, "trainees": Trainee, "attainments": Attainment,
    "training": InterventionTraining, "establishment": Establishment,
}
IMPORT_ORDER = ("areas", "teams", "staff", "attainments", "trainees", "training",
                "establishment")
CHUNK = 500


@dataclass(frozen=True)
class ImportResult:
    table: str
    file: str
    rows: int
    created: int
    updated: int
    unchanged: int
    dry_run: bool


def actor() -> str:
    """Who is making a change, for the change log."""
    try:
        return os.environ.get("WORKFORCE_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def import_file(engine: Engine, ref: ReferenceData, table: str, path: Path,
                dry_run: bool = False) -> ImportResult:
    """Validate `path` as `table` and, unless `dry_run`, upsert it in one transaction."""
    if table not in CONTRACTS:
        raise UserError(f"cannot import {table!r}: choose one of {', '.join(IMPORT_ORDER)}")
    sheet = read_sheet(path)
    with session_scope(engine) as session:
        records = validate(session, ref, table, sheet)
        counts = _write(session, ref, table, records)
        if dry_run:
            session.rollback()
        else:
            session.add(ChangeLog(actor=actor(), action="import", subject=table, detail=json.dumps({
                "file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "rows": len(records), **counts})))
    return ImportResult(table, path.name, len(records), dry_run=dry_run, **counts)


def validate(session: Session, ref: ReferenceData, table: str, sheet: Sheet) -> list[dict]:
    """Parse every row of `sheet`; raise InvalidInput listing every problem, or return records."""
    columns = CONTRACTS[table]
    problems = _header_problems(sheet, table)
    if problems:
        raise InvalidInput(problems)
    known = _known(session)
    index = {name: i for i, name in enumerate(sheet.header)}
    records = []
    seen: dict[tuple, int] = {}
    if not sheet.rows:
        raise InvalidInput([Problem(sheet.name, None, None, None,
                                    "has a header but no data rows")])
    for number, cells in sheet.rows:
        record: dict[str, Any] = {"_row": number}
        for column in columns:
            raw = cells[index[column.name]] if column.name in index and index[column.name] < len(
                cells) else ""
            if not raw.strip():
                if column.required:
                    problems.append(Problem(sheet.name, number, column.name, None,
                                            "is required but empty"))
                record[column.name] = None
                continue
            try:
                record[column.name] = column.parse(raw, ref, known)
            except Invalid as exc:
                problems.append(Problem(sheet.name, number, column.name, raw.strip(), str(exc)))
                record[column.name] = None
        if len(cells) > len(sheet.header) and any(c.strip() for c in cells[len(sheet.header):]):
            problems.append(Problem(sheet.name, number, None, None,
                                    "has more cells than the header has columns"))
        key = tuple(record[k] for k in KEYS[table])
        if None not in key:
            if key in seen:
                problems.append(Problem(sheet.name, number, KEYS[table][0], "/".join(map(str, key)),
                                        f"is a duplicate of row {seen[key]}"))
            else:
                seen[key] = number
        problems.extend(_row_rules(table, ref, sheet.name, record))
        records.append(record)
    if problems:
        raise InvalidInput(problems)
    return records


def _header_problems(sheet: Sheet, table: str) -> list[Problem]:
    columns = CONTRACTS[table]
    allowed = {c.name for c in columns}
    problems = []
    for name in sorted({h for h in sheet.header if sheet.header.count(h) > 1}):
        problems.append(Problem(sheet.name, 1, name, None, "appears twice in the header"))
    for name in sheet.header:
        if name and name not in allowed:
            problems.append(Problem(sheet.name, 1, name, None,
                                    f"is not a column of {table} (columns: "
                                    f"{', '.join(c.name for c in columns)})"))
    for column in columns:
        if column.required and column.name not in sheet.header:
            problems.append(Problem(sheet.name, 1, column.name, None,
                                    "is a required column and is missing from the header"))
    return problems


def _known(session: Session) -> Known:
    return Known(
        areas=set(session.scalars(select(Area.area_id))),
        teams=set(session.scalars(select(Team.team_id))),
        staff=set(session.scalars(select(Staff.staff_id))),
    )


def _row_rules(table: str, ref: ReferenceData, file: str, record: dict) -> Iterable[Problem]:
    """Rules that relate several cells of one row."""
    row = record["_row"]
    if table == "staff":
        level, towards = record.get("aimh_level"), record.get("working_towards_level")
        if level is not None and towards is not None and towards <= level:
            yield Problem(file, row, "working_towards_level", towards,
                          f"must be above the attained aimh_level ({level})")
        yield from _share_problems(file, record)
    if table == "trainees":
        both = set(record.get("preferences") or []) & set(record.get("excluded_teams") or [])
        if both:
            yield Problem(file, row, "excluded_teams", ";".join(sorted(both)),
                          "are also in preferences")
        cycle = record.get("cycle")
        if cycle and not record.get("cycle_starts_on") and ref.placement.cycle_start(cycle) is None:
            yield Problem(file, row, "cycle", cycle,
                          "does not start with a year (e.g. 2026-27): give cycle_starts_on")
    if table == "attainments":
        evidenced, due = record.get("evidenced_on"), record.get("review_due")
        if evidenced and due and due < evidenced:
            yield Problem(file, row, "review_due", due.isoformat(),
                          f"is before evidenced_on ({evidenced.isoformat()})")


def _share_problems(file: str, record: dict) -> Iterable[Problem]:
    """A shared post's shares include the person's own team and add up to their FTE."""
    if not record.get("team_shares") or record.get("fte") is None:
        return
    split = team_shares(record["team_shares"], record["team_id"], record["fte"])
    row = record["_row"]
    if record["team_id"] and record["team_id"] not in split:
        yield Problem(file, row, "team_shares", record["team_shares"],
                      f"does not include the person's team_id ({record['team_id']})")
    if abs(sum(split.values()) - record["fte"]) > 0.005:
        yield Problem(file, row, "team_shares", record["team_shares"],
                      f"adds up to {sum(split.values()):g} FTE, not the fte ({record['fte']:g})")


def _write(session: Session, ref: ReferenceData, table: str, records: list[dict]) -> dict[str, int]:
    model = MODELS[table]
    fields = [c.name for c in CONTRACTS[table] if c.name in model.model_fields]
    existing = _existing(session, table, records)
    if table == "trainees":
        _write_cycles(session, ref, records)
        choices_before = _replace_choices(session, records)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for record in records:
        values = {f: record[f] for f in fields}
        values.update(_derived(table, record))
        key = tuple(record[k] for k in KEYS[table])
        current = existing.get(key)
        if current is None:
            session.add(model(**values))
            counts["created"] += 1
        elif any(getattr(current, f) != v for f, v in values.items()) or (
                table == "trainees" and choices_before[record["trainee_id"]] != _choices(record)):
            for f, v in values.items():
                setattr(current, f, v)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    session.flush()
    if table == "trainees":
        _add_choices(session, records)
    if table == "attainments":
        refresh_summaries(session, [r["staff_id"] for r in records])
    return counts


def _derived(table: str, record: dict) -> dict[str, Any]:
    """Model fields that are not file columns as such."""
    if table == "teams":
        return {"organisation": record["organisation"] or "",
                "max_trainees": record["max_trainees"] or 0}
    if table == "staff":
        return {"supervisor": bool(record["supervisor"])}
    if table == "trainees":
        return {"cycle_id": record["cycle"], "year": record["year"] or 1}
    return {}


def _existing(session: Session, table: str, records: list[dict]) -> dict[tuple, Any]:
    model = MODELS[table]
    keys = KEYS[table]
    first = getattr(model, keys[0])
    wanted = sorted({r[keys[0]] for r in records})
    found: dict[tuple, Any] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start:start + CHUNK]
        for obj in session.scalars(select(model).where(first.in_(chunk))):
            found[tuple(getattr(obj, k) for k in keys)] = obj
    return found


def _write_cycles(session: Session, ref: ReferenceData, records: list[dict]) -> None:
    """Create the placement cycles the trainees name, with their start dates."""
    cycles = {c.cycle_id: c for c in session.scalars(select(PlacementCycle))}
    for r in records:
        starts_on = r["cycle_starts_on"] or ref.placement.cycle_start(r["cycle"])
        if r["cycle"] not in cycles:
            cycles[r["cycle"]] = PlacementCycle(cycle_id=r["cycle"], starts_on=starts_on)
            session.add(cycles[r["cycle"]])
        elif r["cycle_starts_on"]:
            cycles[r["cycle"]].starts_on = r["cycle_starts_on"]
    session.flush()


def _choices(record: dict) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(record["preferences"] or ()), tuple(sorted(record["excluded_teams"] or ()))


def _replace_choices(session: Session, records: list[dict]) -> dict[str, tuple]:
    """Delete the trainees' ranked preferences and exclusions, returning what they were."""
    ids = [r["trainee_id"] for r in records]
    prefs: dict[str, list] = {}
    excl: dict[str, list] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        for p in session.scalars(select(TraineePreference).where(
                TraineePreference.trainee_id.in_(chunk)).order_by(TraineePreference.rank)):
            prefs.setdefault(p.trainee_id, []).append(p.team_id)
        for e in session.scalars(select(TraineeExclusion).where(
                TraineeExclusion.trainee_id.in_(chunk))):
            excl.setdefault(e.trainee_id, []).append(e.team_id)
        session.execute(delete(TraineePreference).where(TraineePreference.trainee_id.in_(chunk)))
        session.execute(delete(TraineeExclusion).where(TraineeExclusion.trainee_id.in_(chunk)))
    return {i: (tuple(prefs.get(i, ())), tuple(sorted(excl.get(i, ())))) for i in ids}


def _add_choices(session: Session, records: list[dict]) -> None:
    for r in records:
        prefs, excl = _choices(r)
        session.add_all(TraineePreference(trainee_id=r["trainee_id"], team_id=t, rank=n)
                        for n, t in enumerate(prefs, start=1))
        session.add_all(TraineeExclusion(trainee_id=r["trainee_id"], team_id=t) for t in excl)
    session.flush()
