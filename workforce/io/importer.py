"""Import a CSV or XLSX file into one table: validate every row, then write all or nothing.

Every problem in the file is collected (file, row, field, value, what is allowed)
before anything is written; one bad row and the database is left as it was.
Re-importing the same file changes nothing: rows are upserted by their id.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from workforce.competencies.levels import refresh_summaries
from workforce.errors import InvalidInput, Problem, UserError
from workforce.io import cycles
from workforce.io.contracts import CONTRACTS, KEYS, Invalid, Known, canonical
from workforce.io.sources import Sheet, read_sheet
from workforce.reference import ReferenceData
from workforce.store.changelog import RowChange, field_changes, log_change
from workforce.store.db import session_scope
from workforce.store.models import (
    Area,
    Attainment,
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
    notes: tuple[str, ...] = ()  # columns ignored, values normalised


def import_file(engine: Engine, ref: ReferenceData, table: str, path: Path,
                dry_run: bool = False) -> ImportResult:
    """Validate `path` as `table` and, unless `dry_run`, upsert it in one transaction."""
    if table not in CONTRACTS:
        raise UserError(f"cannot import {table!r}: choose one of {', '.join(IMPORT_ORDER)}")
    sheet = read_sheet(path)
    with session_scope(engine) as session:
        records, notes = validate(session, ref, table, sheet)
        counts, changed = _write(session, ref, table, records)
        if dry_run:
            session.rollback()
        else:
            log_change(session, "import", table, MODELS[table].__tablename__, {
                "file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "rows": len(records), **counts}, changed)
    return ImportResult(table, path.name, len(records), dry_run=dry_run, notes=tuple(notes),
                        **counts)


def validate(session: Session, ref: ReferenceData, table: str,
             sheet: Sheet) -> tuple[list[dict], list[str]]:
    """Parse every row of `sheet`; raise InvalidInput listing every problem, or return the
    records and notes on what was read leniently (ignored columns, normalised values)."""
    columns = CONTRACTS[table]
    problems = _header_problems(sheet, table)
    if problems:
        raise InvalidInput(problems)
    ignored = [name for name in sheet.header if name and name not in {c.name for c in columns}]
    notes = [f"{sheet.name}: ignored {len(ignored)} column{'s' if len(ignored) > 1 else ''} "
             f"not in {table}: {', '.join(ignored)}"] if ignored else []
    normalised: dict[tuple[str, str, str], list[int]] = {}
    absent = {c.name for c in columns} - set(sheet.header)
    known = _known(session)
    index = {name: i for i, name in enumerate(sheet.header)}
    records = []
    seen: dict[tuple, int] = {}
    if not sheet.rows:
        raise InvalidInput([Problem(sheet.name, None, None, None,
                                    "has a header but no data rows")])
    for number, cells in sheet.rows:
        record: dict[str, Any] = {"_row": number, "_absent": absent}
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
                written = canonical(record[column.name])
                if getattr(column.parse, "enumerated", False) and written != raw.strip():
                    normalised.setdefault((column.name, raw.strip(), written), []).append(number)
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
    if table == "trainees":
        problems.extend(_cycle_problems(session, sheet.name, records))
    if problems:
        raise InvalidInput(problems)
    notes.extend(_normalised_notes(sheet.name, normalised))
    return records, notes


def _normalised_notes(file: str, normalised: dict[tuple[str, str, str], list[int]]) -> list[str]:
    """One line a field: how many cells were read in another spelling, with examples."""
    by_field: dict[str, list[tuple[str, str, list[int]]]] = {}
    for (name, raw, written), rows in normalised.items():
        by_field.setdefault(name, []).append((raw, written, rows))
    notes = []
    for name, spellings in by_field.items():
        count = sum(len(rows) for _, _, rows in spellings)
        examples = ", ".join(f"{raw!r} as {written!r}" for raw, written, _ in spellings[:3])
        extra = len(spellings) - 3
        more = f" and {extra} more spelling{'s' if extra > 1 else ''}" if extra > 0 else ""
        first = min(row for _, _, rows in spellings for row in rows)
        notes.append(f"{file}, field '{name}': read {count} value{'s' if count > 1 else ''} "
                     f"in another spelling ({examples}{more}; first at row {first})")
    return notes


def _cycle_problems(session: Session, file: str, records: list[dict]) -> Iterable[Problem]:
    """Refuse a new cycle not named YYYY-YY (unless cycle_starts_on is given), and one whose
    name differs only in punctuation from another cycle."""
    existing = list(session.scalars(select(PlacementCycle.cycle_id)))
    first_row: dict[str, int] = {}
    misnamed = set()
    for r in records:
        cycle = r.get("cycle")
        if not cycle:
            continue
        first_row.setdefault(cycle, r["_row"])
        wrong = cycle not in existing and not r.get("cycle_starts_on") and cycles.name_problem(
            cycle)
        if wrong:
            misnamed.add(cycle)
            yield Problem(file, r["_row"], "cycle", cycle, wrong)
    named = {c: row for c, row in first_row.items() if c not in misnamed}
    for name, other in cycles.near_duplicates(named, existing).items():
        where = "an existing cycle" if other in existing else f"the cycle of row {named[other]}"
        yield Problem(file, named[name], "cycle", name,
                      f"differs only in punctuation from {where}, {other!r}: use one name")


def _header_problems(sheet: Sheet, table: str) -> list[Problem]:
    columns = CONTRACTS[table]
    allowed = {c.name for c in columns}
    problems = []
    for name in sorted({h for h in sheet.header if sheet.header.count(h) > 1}):
        problems.append(Problem(sheet.name, 1, name, None, "appears twice in the header"))
    for name in sheet.header:
        likely = difflib.get_close_matches(name, allowed - set(sheet.header), n=1, cutoff=0.8)
        if name and name not in allowed and likely:
            problems.append(Problem(sheet.name, 1, name, None,
                                    f"is not a column of {table}: did you mean '{likely[0]}'?"))
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
        pay = record.get("band")
        if record.get("annual_cost") is not None and pay and ref.bands.by_name[pay].costed:
            yield Problem(file, row, "annual_cost", f"{record['annual_cost']:g}",
                          f"is only for pay with no national scale (non_nhs): band {pay} is "
                          "costed from its pay scale")
        yield from _share_problems(file, record)
    if table == "trainees":
        both = set(record.get("preferences") or []) & set(record.get("excluded_teams") or [])
        if both:
            yield Problem(file, row, "excluded_teams", ";".join(sorted(both)),
                          "are also in preferences")
        starts, ends = record.get("starts_on"), record.get("ends_on")
        if starts and ends and ends <= starts:
            yield Problem(file, row, "ends_on", ends.isoformat(),
                          f"must be after starts_on ({starts.isoformat()})")
        yield from _calendar_problems(ref, file, record)
    if table == "areas":
        yield from _area_problems(file, record)
    if table == "establishment" and record.get("posts") is not None \
            and record.get("fte") is not None and record["fte"] > record["posts"]:
        yield Problem(file, row, "fte", record["fte"],
                      f"is more than its {record['posts']} post(s) can hold (a post is at "
                      "most 1 FTE)")
    if table == "attainments":
        evidenced, due = record.get("evidenced_on"), record.get("review_due")
        if evidenced and due and due < evidenced:
            yield Problem(file, row, "review_due", due.isoformat(),
                          f"is before evidenced_on ({evidenced.isoformat()})")


def _calendar_problems(ref: ReferenceData, file: str, record: dict) -> Iterable[Problem]:
    """A placement whose dates, or the defaults from its cycle, run off the calendar."""
    programme = ref.placement.programmes.get(record.get("programme") or "")
    start = record.get("cycle_starts_on") or (
        ref.placement.cycle_start(record["cycle"]) if record.get("cycle") else None)
    if programme is None or start is None:
        return
    try:
        programme.placement_dates(start, record.get("starts_on"), record.get("ends_on"))
    except UserError:
        name = next((f for f in ("ends_on", "starts_on", "cycle_starts_on") if record.get(f)),
                    "cycle")
        value = record[name]
        yield Problem(file, record["_row"], name, getattr(value, "isoformat", lambda: value)(),
                      "puts the placement beyond the last day a calendar holds (9999-12-31)")


def _area_problems(file: str, record: dict) -> Iterable[Problem]:
    """An area's figures are parts of its population, and no area is bigger than the UK."""
    people = record.get("population")
    row = record["_row"]
    if people is not None:
        for part in ("population_0_2", "births_per_year"):
            if record.get(part) is not None and record[part] > people:
                yield Problem(file, row, part, record[part],
                              f"is more than the area's whole population ({people:,})")
    for name, most, where in _uk_ceilings():
        if record.get(name) is not None and record[name] > most:
            yield Problem(file, row, name, record[name],
                          f"is more than the whole UK's ({most:,}, {where}): check the figure")


def _uk_ceilings() -> list[tuple[str, int, str]]:
    """The UK's population and babies under two, from the bundled ONS estimates."""
    from workforce.national.figures import load_uk

    nations = load_uk().nations.values()
    years = "/".join(sorted({n.year for n in nations}))
    where = f"ONS mid-{years} estimates in data/uk/la_under2.csv"
    return [("population", sum(n.population for n in nations), where),
            ("population_0_2", sum(n.under_2 for n in nations), where)]


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


def _write(session: Session, ref: ReferenceData, table: str,
           records: list[dict]) -> tuple[dict[str, int], list[RowChange]]:
    """Upsert the records; return the counts and every row changed, for the change log."""
    model = MODELS[table]
    fields = [c.name for c in CONTRACTS[table] if c.name in model.model_fields]
    existing = _existing(session, table, records)
    if table == "trainees":
        _write_cycles(session, ref, records)
        choices_before = _replace_choices(session, records)
        for r in records:  # choices the file leaves out are kept, like any other column
            kept = dict(zip(("preferences", "excluded_teams"), choices_before[r["trainee_id"]],
                            strict=True))
            r.update({c: list(v) for c, v in kept.items() if c in r["_absent"] and v})
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    teams = _teams_of_staff(session, records) if table == "attainments" else {}
    changed = []
    for record in records:
        values = {f: record[f] for f in fields}
        values.update(_derived(table, record))
        key = tuple(record[k] for k in KEYS[table])
        current = existing.get(key)
        if current is not None:  # a column the file leaves out keeps its stored values
            values = {f: v for f, v in values.items() if f not in record["_absent"]}
        before = None if current is None else {f: getattr(current, f) for f in values}
        after = dict(values)
        if table == "trainees":
            after["preferences"], after["excluded_teams"] = _choices(record)
            if current is not None:
                before["preferences"], before["excluded_teams"] = choices_before[
                    record["trainee_id"]]
        if current is None:
            session.add(model(**values))
            counts["created"] += 1
        elif before != after:
            for f, v in values.items():
                setattr(current, f, v)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
            continue
        staff_id = record.get("staff_id")
        changed.append(RowChange(
            MODELS[table].__tablename__, "/".join(map(str, key)), field_changes(before, after),
            staff_id=staff_id, trainee_id=record.get("trainee_id"),
            team_id=record.get("team_id") or teams.get(staff_id)))
    session.flush()
    if table == "trainees":
        _add_choices(session, records)
    if table == "attainments":
        refresh_summaries(session, [r["staff_id"] for r in records])
    return counts, changed


def _teams_of_staff(session: Session, records: list[dict]) -> dict[str, str]:
    wanted = sorted({r["staff_id"] for r in records})
    teams: dict[str, str] = {}
    for start in range(0, len(wanted), CHUNK):
        teams.update(session.execute(select(Staff.staff_id, Staff.team_id).where(
            Staff.staff_id.in_(wanted[start:start + CHUNK]))).all())
    return teams


def _derived(table: str, record: dict) -> dict[str, Any]:
    """Model fields that are not file columns as such."""
    if table == "teams":
        return {"organisation": record["organisation"] or "",
                "max_trainees": record["max_trainees"] or 0}
    if table == "staff":
        return {"supervisor": bool(record["supervisor"])}
    if table == "trainees":
        return {"cycle_id": record["cycle"], "year": record["year"] or 1}
    if table == "areas" and record.get("ons_code"):
        from workforce.national.areas import filled

        return filled(record)
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
