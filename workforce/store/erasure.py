"""Erase a person's personal data on request (UK GDPR article 17), as a leaver's record is.

Their row goes, with every row that belongs to them (evidence, preferences, placements of
a trainee); a saved plan keeps its placements but forgets an erased supervisor, and its
totals stay as they were saved. Elsewhere the person is found by structure, not by text
(see `matching`): a free-text value that is their name, and their name or id as a value in
the change log's parsed JSON, become "(erased)"; values that only resemble the name are
listed for the operator, never rewritten. Their rows' old values leave the change log, and
the log records that an erasure happened, without the name.

Afterwards no copy the tool controls keeps the old rows: an SQLite file is vacuumed with
secure_delete on, taken out of write-ahead-log mode meanwhile (an erasure is refused while
another program has such a database open); PostgreSQL re-analyses the tables, so the
planner's statistics forget the values, and checkpoints when allowed. Backups and exports
made before are listed: the tool cannot reach into them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import String, delete, func, or_, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session, SQLModel

from workforce.errors import CannotDo, NotFound, UserError
from workforce.store.changelog import dumps, log_change
from workforce.store.copies import Copy, copies
from workforce.store.db import session_scope
from workforce.store.matching import ERASED, Person, search_token
from workforce.store.models import ChangeLog, ChangeRow, Plan
from workforce.store.people import KINDS

#: The change log is scrubbed on its own terms, not as data.
LOG_TABLES = ("change_log", "change_row")
#: Exports that can hold each kind of person (the change log can hold anyone).
EXPORTS_HOLDING = {"staff": ("staff", "attainments", "training", "changes"),
                   "trainee": ("trainees", "changes")}


@dataclass(frozen=True)
class Erasure:
    kind: str
    person_id: str
    removed: dict[str, int]  # table -> rows deleted
    cleared: dict[str, int]  # table.column -> rows that changed
    log_rows_removed: int
    near: tuple[str, ...] = ()  # values that resemble the name, left as they are
    copies: tuple[Copy, ...] = ()  # backups and exports made before, which still hold them
    notes: tuple[str, ...] = ()  # what the database could not do


def erase(engine: Engine, kind: str, person_id: str) -> Erasure:
    """Erase one staff member or trainee in one transaction, then leave no old copy behind
    in the database's files or statistics."""
    must_own(engine)
    wal = _leave_wal(engine)
    try:
        erasure = _erase(engine, kind, person_id)
    finally:
        if wal:
            _back_to_wal(engine)
    return erasure


def must_own(engine: Engine) -> None:
    """On PostgreSQL only the tables' owner may erase: no other role may take a person's old
    values out of the change log, nor re-analyse the tables' statistics."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect() as connection:
        me, owner, owns = connection.execute(text(
            "SELECT current_user, pg_get_userbyid(relowner), "
            "pg_has_role(current_user, relowner, 'MEMBER') "
            "FROM pg_class WHERE oid = 'change_log'::regclass")).one()
    if not owns:
        raise UserError(f"only the owner of the workforce tables ({owner!r}, the workforce "
                        f"lead's role that ran `workforce init`) may erase, and {me!r} is not: "
                        f"erasing takes the person's old values out of the change log, which "
                        f"no other role may change")


def _erase(engine: Engine, kind: str, person_id: str) -> Erasure:
    model = KINDS[kind]
    table = model.__table__
    key = table.primary_key.columns[0]
    with session_scope(engine) as session:
        person = session.get(model, person_id)
        if person is None:
            raise NotFound(f"no {kind} {person_id}")
        who = Person(person.name, person_id, key.name)
        session.expunge(person)
        removed: dict[str, int] = {}
        cleared: dict[str, int] = {}
        _references(session, table, person_id, removed, cleared)
        removed[table.name] = session.execute(delete(table).where(key == person_id)).rowcount
        _free_text(session, who, cleared)
        log_rows = session.execute(delete(ChangeRow).where(
            or_(ChangeRow.staff_id == person_id, ChangeRow.trainee_id == person_id))).rowcount
        _change_log(session, who, cleared)
        _plan_settings(session, who, cleared)
        made = tuple(copies(session, EXPORTS_HOLDING[kind]))
        log_change(session, "erase", person_id, table.name,
                   {"kind": kind, "removed": removed, "cleared": cleared,
                    "change_log_rows_removed": log_rows, "near_matches": len(who.near),
                    "copies_made_before": len(made)})
    notes = _leave_no_copy(engine, {*removed, *(c.split(".")[0] for c in cleared),
                                    *LOG_TABLES})
    return Erasure(kind, person_id, removed, cleared, log_rows, tuple(who.near), made, notes)


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


def _count(cleared: dict, where: str) -> None:
    cleared[where] = cleared.get(where, 0) + 1


def _candidates(column, who: Person):
    """Rows worth reading: those holding the name's longest plain word or the person's id
    (every row when the name has no plain word)."""
    token = search_token(who.name)
    if token is None:
        return column.is_not(None)
    escaped = who.person_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return or_(func.lower(column).contains(token, autoescape=True),
               column.like(f"%{escaped}%", escape="\\"))


def _free_text(session: Session, who: Person, cleared: dict) -> None:
    """A free-text column (e.g. an attainment's assessor) whose whole value is the name;
    never another person's or team's own name."""
    for table in SQLModel.metadata.sorted_tables:
        if table.name in LOG_TABLES:
            continue
        keys = list(table.primary_key.columns)
        for column in table.columns:
            if not _is_text(column) or column.name == "name" or column.primary_key \
                    or column.foreign_keys:
                continue
            where = f"{table.name}.{column.name}"
            for row in session.execute(select(*keys, column).where(_candidates(column, who))):
                *key, value = row
                if who.text(value, f"{where} {'/'.join(map(str, key))}") == ERASED:
                    session.execute(update(table).where(*(k == v for k, v in zip(
                        keys, key, strict=True))).values({column.name: ERASED}))
                    _count(cleared, where)


def _is_text(column) -> bool:
    kind = column.type
    return isinstance(getattr(kind, "impl_instance", kind), String)


def _change_log(session: Session, who: Person, cleared: dict) -> None:
    """The person's name and id as values in the log's JSON, and as an entry's subject."""
    entries = select(ChangeLog).where(or_(_candidates(ChangeLog.detail, who),
                                          ChangeLog.subject == who.person_id))
    for entry in session.scalars(entries):
        detail = dumps(who.scrub(json.loads(entry.detail or "{}"), f"change_log {entry.id}"))
        if detail != entry.detail:
            entry.detail = detail
            _count(cleared, "change_log.detail")
        if entry.subject == who.person_id:
            entry.subject = ERASED
            _count(cleared, "change_log.subject")
    for row in session.scalars(select(ChangeRow).where(_candidates(ChangeRow.changes, who))):
        changes = dumps(who.scrub_changes(json.loads(row.changes or "{}"),
                                          f"change_row {row.id}"))
        if changes != row.changes:
            row.changes = changes
            _count(cleared, "change_row.changes")
    session.flush()


def _plan_settings(session: Session, who: Person, cleared: dict) -> None:
    """A saved plan's settings (a trainee pinned into a chosen team, side-rule pairs) name
    trainees by id: the person's pin goes, and a pair keeps (erased) in their place."""
    for plan in session.scalars(select(Plan).where(_candidates(Plan.settings, who))):
        settings = dumps(who.scrub(json.loads(plan.settings or "{}"), f"plan {plan.name}"))
        if settings != plan.settings:
            plan.settings = settings
            _count(cleared, "plan.settings")
    session.flush()


def _leave_no_copy(engine: Engine, tables: set[str]) -> tuple[str, ...]:
    if engine.dialect.name == "sqlite":
        compact(engine)
        return ()
    if engine.dialect.name == "postgresql":
        return _reanalyse(engine, sorted(tables))
    return ()


def compact(engine: Engine) -> None:
    """Rewrite an SQLite file so that deleted rows leave no bytes behind."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM")


def _leave_wal(engine: Engine) -> bool:
    """Take an SQLite database out of write-ahead-log mode for the erasure, so that no -wal
    file keeps the erased rows; return whether it was in that mode. SQLite allows this only
    when no other program has the database open, and that refuses the erasure."""
    if engine.dialect.name != "sqlite":
        return False
    engine.dispose()  # our own idle connections count as other programs
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if connection.exec_driver_sql("PRAGMA journal_mode").scalar() != "wal":
            return False
        try:
            mode = connection.exec_driver_sql("PRAGMA journal_mode=DELETE").scalar()
        except OperationalError:
            mode = "wal"
    if mode != "delete":
        raise CannotDo("another program has the database open, and its write-ahead log (the "
                       "-wal file) would keep the erased data: close it and erase again; "
                       "nothing was erased")
    return True


def _back_to_wal(engine: Engine) -> None:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")


def _reanalyse(engine: Engine, tables: list[str]) -> tuple[str, ...]:
    """Recompute PostgreSQL's statistics (pg_stats keeps sample values, names among them),
    and checkpoint so the write-ahead log can be recycled, where the role may."""
    notes = []
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in tables:
            connection.exec_driver_sql(f'ANALYZE "{table}"')
        try:
            connection.exec_driver_sql("CHECKPOINT")
        except DBAPIError:
            notes.append("PostgreSQL's write-ahead log keeps the old rows until the server "
                         "recycles it (a superuser's CHECKPOINT hastens that); archived WAL "
                         "and base backups keep them too")
    return tuple(notes)
