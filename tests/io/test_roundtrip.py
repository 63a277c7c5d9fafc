"""Export imports back unchanged, on SQLite and on a real PostgreSQL; exports are formula-safe."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from workforce.errors import InvalidInput
from workforce.io.exporter import export_rows, export_table, neutralise
from workforce.io.importer import IMPORT_ORDER, import_file
from workforce.io.sample import load_sample
from workforce.io.sources import unquote
from workforce.store.db import get_engine, migrate

TABLES = IMPORT_ORDER


def _round_trip(source_engine, target_engine, ref, tmp_path, fmt: str) -> None:
    """Export every table from source as `fmt`, import into target, and compare."""
    for table in TABLES:
        path = tmp_path / f"{table}.{fmt}"
        if fmt == "xlsx":
            export_table(source_engine, table, "xlsx", path)
        else:
            export_table(source_engine, table, "csv", path)
        result = import_file(target_engine, ref, table, path)
        assert result.created == result.rows > 0
    for table in TABLES:
        assert export_rows(target_engine, table) == export_rows(source_engine, table), table


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_sample_region_round_trips_on_sqlite(sample_copy, engine, ref, tmp_path, fmt):
    from workforce.store.db import get_engine

    _round_trip(get_engine(sample_copy), engine, ref, tmp_path, fmt)  # exports are recorded


def test_sample_region_round_trips_on_postgresql(postgres_server, ref, tmp_path):
    source = get_engine(postgres_server.create_database("roundtrip_source"))
    target = get_engine(postgres_server.create_database("roundtrip_target"))
    for pg in (source, target):
        migrate(pg)
    assert {r.table for r in load_sample(source, ref)} == set(TABLES)
    _round_trip(source, target, ref, tmp_path, "xlsx")
    again = load_sample(source, ref)
    assert all(r.created == 0 and r.updated == 0 for r in again)


def test_json_export_is_typed(sample_engine):
    rows = json.loads(export_table(sample_engine, "staff", "json", None))
    assert isinstance(rows[0]["fte"], float) and isinstance(rows[0]["supervisor"], bool)


def test_formula_cells_are_neutralised_and_import_back(engine, ref, tmp_path):
    (tmp_path / "areas.csv").write_text(
        "area_id,name,population_0_2\n"
        "A1,=HYPERLINK(\"http://x\"),1000\n"
        "A2,+SUM(A1),1000\n"
        "A3,-2+3,1000\n"
        "A4,@cmd,1000\n")
    import_file(engine, ref, "areas", tmp_path / "areas.csv")
    text = export_table(engine, "areas", "csv", None)
    names = [row["name"] for row in csv.DictReader(io.StringIO(text))]
    assert names == ["'=HYPERLINK(\"http://x\")", "'+SUM(A1)", "'-2+3", "'@cmd"]
    export_table(engine, "areas", "xlsx", tmp_path / "areas.xlsx")
    sheet = load_workbook(tmp_path / "areas.xlsx").active
    assert [c.value for c in sheet["B"]][1:] == names
    assert all(c.data_type == "s" for c in sheet["B"])
    reimported = import_file(engine, ref, "areas", tmp_path / "areas.xlsx")
    assert reimported.unchanged == 4


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+1", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_trigger_is_neutralised(text):
    assert neutralise(text) == "'" + text
    assert unquote(neutralise(text)) == text


def test_negative_numbers_stay_numbers(sample_copy, tmp_path):
    from workforce.store.db import get_engine

    export_table(get_engine(sample_copy), "teams", "xlsx", tmp_path / "teams.xlsx")
    sheet = load_workbook(tmp_path / "teams.xlsx").active
    lon = [c.value for c in sheet["F"]][1:]
    assert all(isinstance(v, float) for v in lon) and any(v < 0 for v in lon)


def test_xlsx_export_needs_a_file(runner, sqlite_url):
    from commands.cli import cli

    assert runner.invoke(cli, ["--db", sqlite_url, "init"]).exit_code == 0
    result = runner.invoke(cli, ["--db", sqlite_url, "export", "staff", "--format", "xlsx"])
    assert result.exit_code == 2
    assert "an XLSX export needs a file: add -o FILE.xlsx" in result.output


def test_a_carriage_return_stored_in_a_cell_keeps_its_row_whole_and_is_refused_back(
        engine, ref, tmp_path):
    # Imports refuse control characters in names; an older database may still hold one.
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO area (area_id, name, population_0_2) VALUES "
                                   "('A1', 'North\rSide', 1000), ('A2', 'South', 2000)")
    text = export_table(engine, "areas", "csv", None)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [(r["area_id"], r["name"]) for r in rows] == [("A1", "North\rSide"), ("A2", "South")]
    export_table(engine, "areas", "csv", tmp_path / "again.csv")
    with pytest.raises(InvalidInput, match=r"again.csv row 2, field 'name': .* contains a "
                                           r"control character \(U\+000D\)"):
        import_file(engine, ref, "areas", tmp_path / "again.csv")
