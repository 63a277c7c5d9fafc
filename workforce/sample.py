"""Load the bundled fictional sample region, the data behind `workforce demo`."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from workforce.datafiles import sample_dir
from workforce.io.importer import IMPORT_ORDER, ImportResult, import_file
from workforce.reference import ReferenceData


def load_sample(engine: Engine, ref: ReferenceData) -> list[ImportResult]:
    """Import every file of the sample region, in dependency order."""
    folder = sample_dir()
    return [import_file(engine, ref, table, folder / f"{table}.csv") for table in IMPORT_ORDER
            if (folder / f"{table}.csv").exists()]
