"""A consistent copy of the database while it is in use.

SQLite: the online backup API copies the database page by page under its own locks, so
the copy is a committed state even while others read or write. PostgreSQL has its own
tool for that, `pg_dump`; we say how to run it rather than imitate it.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
from pathlib import Path

from sqlalchemy.engine import Engine, make_url

from workforce.errors import CannotDo, UserError
from workforce.store.copies import record_copy
from workforce.store.db import sqlite_path


def pg_dump_command(url: str, target: Path) -> str:
    """The pg_dump command that backs up the PostgreSQL database at `url` to `target`."""
    # URL.set(password=None) keeps the password; the command must never show it
    parsed = make_url(url).set(drivername="postgresql")._replace(password=None)
    plain = parsed.render_as_string(hide_password=False)
    return f"pg_dump --format=custom --file {shlex.quote(str(target))} {shlex.quote(plain)}"


def backup(engine: Engine, target: Path) -> tuple[int, bool]:
    """Copy the SQLite database to `target` (a new file, owner-only) and record the copy, so
that an erasure can list it; return its page count and whether it was recorded."""
    url = engine.url.render_as_string(hide_password=False)
    source = sqlite_path(url)
    if source is None:
        if engine.dialect.name == "postgresql":
            raise CannotDo("backup copies SQLite databases; for PostgreSQL use pg_dump, e.g.: "
                           + pg_dump_command(url, target))
        raise UserError(f"cannot back up {engine.url.render_as_string()}: not a database file")
    if os.path.lexists(target):  # a dangling symlink too: never write through one
        raise UserError(f"{target} exists: choose a new file name for the backup")
    if not target.parent.is_dir():
        raise UserError(f"cannot write {target}: the folder {target.parent} does not exist")
    os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    with sqlite3.connect(source) as live, sqlite3.connect(target) as copy:
        live.backup(copy)
        pages = copy.execute("PRAGMA page_count").fetchone()[0]
    live.close()
    copy.close()
    return pages, record_copy(engine, "backup", "database", target)
