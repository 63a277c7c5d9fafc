"""The database: where it is, the engine, sessions, and migrating the schema.

`--db URL` or WORKFORCE_DB chooses it; by default an SQLite file in the user's
data directory, created readable by its owner only (it holds staff records).
PostgreSQL (`postgresql+psycopg://...`) works the same.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlmodel import Session, create_engine

from workforce.errors import UserError

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


def _prepare_sqlite_file(path: Path) -> None:
    """Create the SQLite file and its directory readable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


_engines: dict[str, Engine] = {}


def get_engine(url: str) -> Engine:
    """One engine per URL for the life of the process."""
    if url in _engines:
        return _engines[url]
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UserError(f"--db {url!r} is not a database URL (e.g. sqlite:///path/to/file "
                        "or postgresql+psycopg://user@host/db)") from None
    path = sqlite_path(url)
    if path is not None:
        _prepare_sqlite_file(path)
    try:
        engine = create_engine(parsed)
    except Exception as exc:  # an unknown dialect or missing driver is the user's URL
        raise UserError(f"--db {url!r}: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    _engines[url] = engine
    return engine


def remove_sqlite_file(url: str) -> None:
    """Delete the SQLite file behind `url` (if any), closing our connections to it first."""
    path = sqlite_path(url)
    if path is None:
        return
    engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()
    path.unlink(missing_ok=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _alembic_config(connection) -> Config:
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


def migrate(engine: Engine) -> str:
    """Create or upgrade the schema to the newest migration; return its revision."""
    with reachable(engine), engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")
    return current_revision(engine) or ""


def current_revision(engine: Engine) -> str | None:
    with reachable(engine), engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    return ScriptDirectory(str(MIGRATIONS)).get_current_head() or ""


def require_current(engine: Engine) -> None:
    """Refuse to work on a database whose schema is missing or behind this version."""
    current = current_revision(engine)
    if current is None:
        raise UserError("the database has no workforce schema yet: run `workforce init`")
    if current != head_revision():
        raise UserError("the database schema is older than this version of workforce: "
                        "run `workforce init` to upgrade it")


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session committed on success and rolled back on any error."""
    with Session(engine) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
