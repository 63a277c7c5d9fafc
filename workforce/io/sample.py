"""The bundled fictional sample region, the data behind `workforce demo`, and the checks that
keep the demo away from real data."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from workforce.io.importer import IMPORT_ORDER, ImportResult, import_file
from workforce.reference import ReferenceData
from workforce.reference.files import sample_dir

#: The name the demo saves its plan under.
DEMO_PLAN = "demo"
#: Tables holding people, places or plans; the change log is judged separately.
DATA_TABLES = ("area", "team", "staff", "attainment", "placement_cycle", "trainee", "plan")


def load_sample(engine: Engine, ref: ReferenceData) -> list[ImportResult]:
    """Import every file of the sample region, in dependency order."""
    folder = sample_dir()
    return [import_file(engine, ref, table, folder / f"{table}.csv") for table in IMPORT_ORDER
            if (folder / f"{table}.csv").exists()]


def _sample_hashes() -> set[str]:
    return {hashlib.sha256(p.read_bytes()).hexdigest() for p in sample_dir().glob("*.csv")}


def not_demo_data(engine: Engine) -> str | None:
    """Why the database holds something other than the demo's own data, or None if it holds
    nothing else (empty, or only the sample region's imports and the demo's plan).

    Judged from the change log: every change must be an import of a bundled sample file
    or the demo's saved plan. Read with plain queries, before any migration, so that a
    real database is never touched.
    """
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        counts = {t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                  for t in DATA_TABLES if t in tables}
        if not any(counts.values()):
            return None
        if "change_log" not in tables:
            return "it holds data that no demo import wrote"
        changes = connection.execute(
            text("SELECT action, subject, detail FROM change_log ORDER BY id")).all()
    if not changes:
        return "it holds data that no demo import wrote"
    hashes = _sample_hashes()
    for action, subject, detail in changes:
        try:
            sha = json.loads(detail or "{}").get("sha256")
        except (ValueError, AttributeError):
            sha = None
        if action == "import" and sha in hashes:
            continue
        if action == "save_plan" and subject == DEMO_PLAN:
            continue
        return f"its change log shows a change the demo did not make ({action} {subject})"
    return None


def clear(engine: Engine) -> None:
    """Delete every row of every table (keeping the schema), children before parents."""
    from sqlmodel import SQLModel

    import workforce.store.models  # noqa: F401  (registers the tables)

    with engine.begin() as connection:
        present = set(inspect(connection).get_table_names())
        for table in reversed(SQLModel.metadata.sorted_tables):
            if table.name in present:
                connection.execute(table.delete())
