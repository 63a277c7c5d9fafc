"""Files the tool writes that may hold personal data: backups, exports and reports.

They are written readable by their owner only, like the database, never onto a database
file, and each backup or export is recorded, so that an erasure can list the copies made
before it that still hold the person (the tool cannot reach into them).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from workforce.errors import UserError
from workforce.store.db import is_locked
from workforce.store.models import CopyRecord

SQLITE_HEADER = b"SQLite format 3\x00"
#: Files beside an SQLite database that are part of it.
SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class Copy:
    at: dt.datetime
    kind: str
    what: str
    path: str


def is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def check_target(path: Path) -> None:
    """Refuse a file that cannot be written, or whose writing would destroy a database."""
    try:
        _check_target(path)
    except OSError as exc:  # e.g. a name too long for the file system
        raise UserError(f"cannot write {path}: {exc.strerror}") from None


def _check_target(path: Path) -> None:
    if path.is_dir():
        raise UserError(f"cannot write {path}: it is a folder")
    if not path.parent.is_dir():
        raise UserError(f"cannot write {path}: the folder {path.parent} does not exist")
    base = next((path.with_name(path.name.removesuffix(s)) for s in SIDE_FILES
                 if path.name.endswith(s)), None)
    if is_sqlite(path) or (base is not None and is_sqlite(base)):
        raise UserError(f"will not write over {path}: it is (part of) an SQLite database; "
                        "choose another file name")


def write_private(path: Path, data: str | bytes) -> None:
    """Write `data` to `path`, readable and writable by its owner only."""
    check_target(path)
    body = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror}") from None
    with os.fdopen(fd, "wb") as handle:
        os.fchmod(fd, 0o600)  # a file that was there before keeps no wider permissions
        handle.write(body)


def record_copy(engine: Engine, kind: str, what: str, path: Path) -> bool:
    """Remember that a backup or export of `what` was written to `path`; False when another
    user's write kept the database locked throughout, or the database role may not record
    it (the copy itself is made)."""
    from workforce.store.changelog import os_user

    try:
        with Session(engine) as session:
            session.add(CopyRecord(kind=kind, what=what, path=str(path.resolve()),
                                   os_user=os_user()))
            session.commit()
    except DBAPIError as exc:  # locked by another writer, or a role that may not record
        if not (is_locked(exc) or getattr(exc.orig, "sqlstate", None) == "42501"):
            raise
        return False
    return True


def copies(session: Session, holding: tuple[str, ...]) -> list[Copy]:
    """Every recorded backup and report, and the exports of the tables in `holding`,
    oldest first."""
    query = select(CopyRecord).order_by(CopyRecord.at, CopyRecord.id)
    return [Copy(c.at, c.kind, c.what, c.path) for c in session.scalars(query)
            if c.kind in ("backup", "report") or c.what in holding]
