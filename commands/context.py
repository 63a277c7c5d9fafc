"""What every command shares: the database URL and the reference data overrides.

Loaded lazily, so `workforce --help` imports neither SQLModel nor OR-Tools.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import click


@dataclass
class App:
    db_url: str | None = None
    db_given: bool = False  # --db was on the command line (not only in WORKFORCE_DB)
    overrides: dict[str, str | None] = field(default_factory=dict)
    _reference: Any = None
    #: Whether the command opened the database with its current schema, so the files it
    #: writes can be recorded there.
    read_database: bool = False

    @property
    def url(self) -> str:
        from workforce.store.db import resolve_url

        return resolve_url(self.db_url)

    def engine(self, migrated: bool = True):
        """The database engine; by default refuse a database without the current schema."""
        from workforce.store.db import get_engine, require_current

        engine = get_engine(self.url)
        if migrated:
            require_current(engine)
            self.read_database = True
        return engine

    def reference(self):
        """Every reference data file, with the user's overrides, loaded once."""
        if self._reference is None:
            from workforce.reference import load_reference

            self._reference = load_reference(**self.overrides)
        return self._reference


pass_app = click.make_pass_decorator(App, ensure=True)
