"""Erase a person's personal data on request (UK GDPR article 17), as a leaver's record is.

Their row goes, with every row that belongs to them (evidence, preferences, placements of
a trainee); a saved plan keeps its placements but forgets an erased supervisor, and its
totals stay as they were saved. Their name is replaced wherever else it was written (an
assessor's name, the change log's details), their rows' old values leave the change log,
and the log records that an erasure happened, without the name. On SQLite the file is
then vacuumed, with secure_delete on, so the bytes are gone from the file too.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import String, delete, func, or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from workforce.errors import NotFound
from workforce.store.changelog import log_change
from workforce.store.db import session_scope
from workforce.store.models import ChangeLog, ChangeRow
from workforce.store.people import KINDS

ERASED = "(erased)"
#: The change log is scrubbed on its own terms, not as data.
LOG_TABLES = ("change_log", "change_row")


@dataclass(frozen=True)
class Erasure:
    kind: str
    person_id: str
    removed: dict[str, int]  # table -> rows deleted
    cleared: dict[str, int]  # table.column -> rows where the person was replaced or set empty
    log_rows_removed: int


def erase(engine: Engine, kind: str, person_id: str) -> Erasure:
    """Erase one staff member or trainee in one transaction, then compact an SQLite file."""
    model = KINDS[kind]
    table = model.__table__
    key = table.primary_key.columns[0]
    with session_scope(engine) as session:
        person = session.get(model, person_id)
        if person is None:
            raise NotFound(f"no {kind} {person_id}")
        name = person.name
        session.expunge(person)
        removed: dict[str, int] = {}
        cleared: dict[str, int] = {}
        _references(session, table, person_id, removed, cleared)
        removed[table.name] = session.execute(delete(table).where(key == person_id)).rowcount
        _replace_name(session, name, cleared)
        log_rows = session.execute(delete(ChangeRow).where(
            or_(ChangeRow.staff_id == person_id, ChangeRow.trainee_id == person_id))).rowcount
        for column in (ChangeRow.changes, ChangeLog.detail):
            _replace(session, column, name, cleared)
        log_change(session, "erase", person_id,
                   {"kind": kind, "removed": removed, "cleared": cleared,
                    "change_log_rows_removed": log_rows})
    compact(engine)
    return Erasure(kind, person_id, removed, cleared, log_rows)


def _references(session: Session, target, person_id: str, removed: dict, cleared: dict) -> None:
    """Delete the rows that belong to the person; empty an optional reference to them."""
    for table in SQLModel.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table is not target:
                continue
            column = fk.parent
            if column.nullable:
                count = session.execute(update(table).where(column == person_id)
                                        .values({column.name: None})).rowcount
                if count:
                    cleared[f"{table.name}.{column.name}"] = count
            else:
                count = session.execute(delete(table).where(column == person_id)).rowcount
                if count:
                    removed[table.name] = removed.get(table.name, 0) + count


def _replace_name(session: Session, name: str, cleared: dict) -> None:
    """Replace the name in every free-text column (e.g. an attainment's assessor), but not
    in other people's own names."""
    for table in SQLModel.metadata.sorted_tables:
        if table.name in LOG_TABLES:
            continue
        for column in table.columns:
            if _is_text(column) and column.name != "name" and not column.primary_key \
                    and not column.foreign_keys:
                _replace(session, column, name, cleared)


def _is_text(column) -> bool:
    kind = column.type
    return isinstance(getattr(kind, "impl_instance", kind), String)


def _replace(session: Session, column, name: str, cleared: dict) -> None:
    pattern = "%" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    count = session.execute(update(column.table).where(column.like(pattern, escape="\\"))
                            .values({column.name: func.replace(column, name, ERASED)})).rowcount
    if count:
        where = f"{column.table.name}.{column.name}"
        cleared[where] = cleared.get(where, 0) + count


def compact(engine: Engine) -> None:
    """Rewrite an SQLite file so that deleted rows leave no bytes behind (PostgreSQL
    reclaims them with its own VACUUM, run by its administrator)."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM")

