"""The database: where it is, the engine, sessions, and migrating the schema.

`--db URL` or WORKFORCE_DB chooses it; by default an SQLite file in the user's
data directory, created readable by its owner only (it holds staff records).
PostgreSQL (`postgresql+psycopg://...`) works the same.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlmodel import Session

from workforce.errors import CannotDo, UserError

APP_NAME = "workforce"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "workforce.sqlite"


def resolve_url(url: str | None) -> str:
    """The database URL to use: the one given, WORKFORCE_DB, or the default SQLite file."""
    chosen = url or os.environ.get("WORKFORCE_DB")
    if chosen:
        return chosen
    return sqlite_url(default_db_path())


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def create_sqlite_file(url: str) -> None:
    """Create the SQLite file behind `url`, readable by its owner only.

    Only the default location's folder is created; a folder the user named must exist,
    so that a mistyped path is refused rather than silently made.
    """
    path = sqlite_path(url)
    if path is None or path.exists():
        return
    if path.parent == default_db_path().parent:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    elif not path.parent.is_dir():
        raise UserError(f"cannot create the database {path}: the folder {path.parent} does "
                        "not exist (create it first, or check the path)")
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)


def require_existing(url: str) -> None:
    """Refuse an SQLite file that does not exist, rather than let SQLite create it empty."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise UserError(f"no database at {path}: run `workforce init` to create it, "
                        "or check --db / WORKFORCE_DB")


_engines: dict[str, Engine] = {}
_PASSWORD = re.compile(r"(://[^/@:]*:)[^@]*@")


def shown(url: str) -> str:
    """A database URL as it may be shown: never with its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return _PASSWORD.sub(r"\1***@", url)



def get_engine(url: str) -> Engine:
    """One engine per URL for the life of the process."""
    if url in _engines:
        return _engines[url]
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: e.g. a port that is not a number
        raise UserError(f"--db {shown(url)!r} is not a database URL (e.g. sqlite:///path/to/"
                        "file or postgresql+psycopg://user@host/db)") from None
    try:
        engine = create_engine(parsed)
    except Exception as exc:  # an unknown dialect or missing driver is the user's URL
        raise UserError(f"--db {shown(url)!r}: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    _engines[url] = engine
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")  # erased personal data is overwritten, not left
    cursor.close()


def _alembic_config(connection):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@contextmanager
def reachable(engine: Engine) -> Iterator[None]:
    """Turn a database that cannot be opened into a one-line error naming it."""
    try:
        yield
    except OperationalError as exc:
        cause = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        where = engine.url.render_as_string(hide_password=True)
        raise UserError(f"cannot open the database {where}: {cause}") from None


def migrate(engine: Engine, revision: str = "head") -> str:
    """Create or upgrade the schema to `revision` (the newest by default); return it."""
    from alembic import command

    create_sqlite_file(engine.url.render_as_string(hide_password=False))
    sqlite = engine.dialect.name == "sqlite"
    with reachable(engine), engine.connect() as connection:
        # SQLite alters a column by copying its table, which a table other tables point at
        # can only survive with foreign keys off; they are checked again before commit.
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                command.upgrade(_alembic_config(connection), revision)
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise UserError("the schema upgrade would break links between tables: "
                                    "nothing was changed")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()
    return current_revision(engine) or ""


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at, read with a plain query (Alembic is slow
    to import, and every command checks this)."""
    with reachable(engine), engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


_REVISION = re.compile(r"""^(down_revision|revision)\s*=\s*['"]?([\w]+|None)['"]?""", re.M)


@cache
def revisions() -> list[str]:
    """Every schema revision in upgrade order, read from the migration files themselves."""
    parent: dict[str, str | None] = {}
    for script in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION.findall(script.read_text(encoding="utf-8")))
        if "revision" in found:
            down = found.get("down_revision")
            parent[found["revision"]] = None if down in (None, "None") else down
    children = {down: rev for rev, down in parent.items()}
    order, current = [], children.get(None)
    while current is not None:
        order.append(current)
        current = children.get(current)
    return order


def head_revision() -> str:
    order = revisions()
    return order[-1] if order else ""


def require_current(engine: Engine) -> None:
    """Refuse to work on a database whose schema is missing or behind this version."""
    require_existing(engine.url.render_as_string(hide_password=False))
    current = current_revision(engine)
    if current is None:
        raise UserError("the database has no workforce schema yet: run `workforce init`")
    if current != head_revision():
        raise UserError("the database schema is older than this version of workforce: "
                        "run `workforce init` to upgrade it")


LOCKED = "another user is writing to the database"


def is_locked(exc: DBAPIError) -> bool:
    """SQLite's busy timeout ran out while another connection held the write lock."""
    return "database is locked" in str(exc.orig)


def database_error(exc: DBAPIError) -> UserError | CannotDo | None:
    """The one-line error for a database failure that is not a bug: a lock held past the
    wait, or a file that is not a database. (A role the server refuses is the command
    layer's to explain.)"""
    if is_locked(exc):
        return CannotDo(f"{LOCKED}; nothing was written: run the command again")
    if "file is not a database" in str(exc.orig):
        return UserError("the database file is not an SQLite database (check --db or "
                         "WORKFORCE_DB)")
    return None


#: PostgreSQL errors that mean another user wrote the same rows at the same moment.
CONFLICTS = {"23505": "someone else saved the same record at the same moment",
             "40001": "someone else changed the same records at the same moment",
             "40P01": "someone else was changing the same records (deadlock)"}


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session committed on success and rolled back on any error.

    Everything in it is one transaction, so a concurrent user sees all of it or none;
    a clash with a concurrent writer becomes a clear error, with nothing written.
    """
    with Session(engine) as session:
        try:
            yield session
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            conflict = CONFLICTS.get(getattr(exc.orig, "sqlstate", None) or "")
            if conflict is not None:
                raise CannotDo(f"{conflict}; nothing was written: run the command again"
                               ) from None
            known = database_error(exc)
            if known is None:
                raise
            raise known from None
        except BaseException:
            session.rollback()
            raise
