"""Shared fixtures: reference data, migrated databases (SQLite and a real PostgreSQL), the CLI."""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.postgres_server import start_server


@pytest.fixture(scope="session")
def ref():
    from workforce.reference import load_reference

    return load_reference()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'workforce.sqlite'}"


@pytest.fixture
def engine(sqlite_url: str):
    from workforce.store.db import get_engine, migrate

    engine = get_engine(sqlite_url)
    migrate(engine)
    return engine


@pytest.fixture(scope="session")
def sample_engine(tmp_path_factory, ref):
    """A database holding the bundled sample region; tests must not change it."""
    from workforce.io.sample import load_sample
    from workforce.store.db import get_engine, migrate

    path = tmp_path_factory.mktemp("sample") / "sample.sqlite"
    engine = get_engine(f"sqlite:///{path}")
    migrate(engine)
    load_sample(engine, ref)
    return engine


@pytest.fixture
def sample_copy(sample_engine, tmp_path) -> str:
    """The URL of a private copy of the sample region's database, for tests that write."""
    path = tmp_path / "sample-copy.sqlite"
    shutil.copy(sample_engine.url.database, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def postgres_server():
    try:
        server = start_server()
    except FileNotFoundError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(str(exc))
    yield server
    server.stop()


_names = itertools.count()


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """A fresh, empty PostgreSQL database for one test."""
    return postgres_server.create_database(f"workforce_test_{os.getpid()}_{next(_names)}")


@pytest.fixture
def runner(monkeypatch, tmp_path) -> CliRunner:
    """A CLI runner whose default database and data directory live in tmp_path."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("WORKFORCE_DB", raising=False)
    return CliRunner()
