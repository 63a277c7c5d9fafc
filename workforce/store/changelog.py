"""The change log: who changed what, and when.

Every import, recorded attainment, saved plan, pin and erasure adds one entry with the
operating-system user and the database user, and one row per database row it changed,
holding each changed field's value before and after.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, or_, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from workforce.store.models import ChangeLog, ChangeRow


@dataclass(frozen=True)
class RowChange:
    """One changed row: `changes` maps each changed field to [before, after]."""

    table: str
    key: str
    changes: dict[str, list[Any]]
    staff_id: str | None = None
    trainee_id: str | None = None
    team_id: str | None = None


@dataclass(frozen=True)
class Entry:
    id: int
    at: dt.datetime
    actor: str
    os_user: str
    db_user: str
    action: str
    subject: str
    about: str  # the table the entry is about
    detail: dict
    rows_changed: int
    rows: list[dict] = field(default_factory=list)


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def actor() -> str:
    """Who is making a change: WORKFORCE_USER if set (a shared service account can name the
    person), else the operating-system user."""
    return os.environ.get("WORKFORCE_USER") or os_user()


def db_user(session: Session) -> str:
    """The database role making the change; SQLite has no users."""
    if session.get_bind().dialect.name == "sqlite":
        return ""
    return session.execute(text("SELECT current_user")).scalar() or ""


def plain(value: Any) -> Any:
    """A value as the change log stores it in JSON."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def field_changes(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, list]:
    """The fields whose value differs, as {field: [before, after]}; all of them for a new row."""
    before = before or {}
    return {f: [plain(before.get(f)), plain(v)] for f, v in after.items()
            if before.get(f) != v and (before or v is not None)}


def dumps(value: Any) -> str:
    # Names are stored as written (not \\u-escaped), so that erasure can find them.
    return json.dumps(value, default=plain, ensure_ascii=False)


def log_change(session: Session, action: str, subject: str, about: str, detail: dict,
               rows: Iterable[RowChange] = ()) -> ChangeLog:
    """Add an entry about the table `about` (whose person or thing `subject` names) and its
    changed rows to the session's transaction."""
    entry = ChangeLog(actor=actor(), os_user=os_user(), db_user=db_user(session),
                      action=action, subject=subject, about=about, detail=dumps(detail))
    session.add(entry)
    session.flush()
    values = [{"change_id": entry.id, "table_name": r.table, "row_key": r.key,
               "staff_id": r.staff_id, "trainee_id": r.trainee_id, "team_id": r.team_id,
               "changes": dumps(r.changes)} for r in rows]
    if values:
        session.execute(insert(ChangeRow), values)
    return entry


def read_log(engine: Engine, staff: str | None = None, team: str | None = None,
             since: dt.date | None = None) -> list[Entry]:
    """The change log, oldest first; with `staff` or `team`, only the entries that changed
    their rows, each with those rows."""
    with Session(engine) as session:
        query = select(ChangeLog).order_by(ChangeLog.id)
        if since is not None:
            query = query.where(ChangeLog.at >= dt.datetime.combine(since, dt.time(),
                                                                    dt.UTC))
        rows_query = select(ChangeRow).order_by(ChangeRow.id)
        filtered = staff is not None or team is not None
        if staff is not None:
            rows_query = rows_query.where(ChangeRow.staff_id == staff)
        if team is not None:
            rows_query = rows_query.where(ChangeRow.team_id == team)
        rows: dict[int, list[dict]] = {}
        if filtered:
            for r in session.scalars(rows_query):
                rows.setdefault(r.change_id, []).append(
                    {"table": r.table_name, "key": r.row_key, "staff_id": r.staff_id,
                     "trainee_id": r.trainee_id, "team_id": r.team_id,
                     "changes": json.loads(r.changes)})
            subjects = [s for s in (staff, team) if s is not None]
            query = query.where(or_(ChangeLog.id.in_(list(rows)),
                                    ChangeLog.subject.in_(subjects)))
        counts = dict(session.execute(text(
            "SELECT change_id, count(*) FROM change_row GROUP BY change_id")).all())
        return [Entry(e.id, e.at, e.actor, e.os_user, e.db_user, e.action, e.subject, e.about,
                      json.loads(e.detail or "{}"), counts.get(e.id, 0), rows.get(e.id, []))
                for e in session.scalars(query)]


def hidden_entries(engine: Engine) -> int:
    """How many entries the database role may not read: on PostgreSQL a role reads only the
    entries about tables it may read; the server's own count says how many there are."""
    if engine.dialect.name != "postgresql":
        return 0
    with engine.connect() as connection:
        return connection.execute(text(
            "SELECT workforce_log_entries() - (SELECT count(*) FROM change_log)")).scalar()
