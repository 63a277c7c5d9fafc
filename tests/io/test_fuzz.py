"""Whatever file an import is given, it ends in success or a clear error, never a traceback,
and a refused file leaves the database exactly as it was."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import sqlite3

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from commands.cli import cli
from tests.io.test_importer import AREAS, STAFF, TEAMS
from workforce.io.contracts import CONTRACTS

TABLES = sorted(CONTRACTS)
FUZZ = settings(max_examples=30, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """A small database (one area, two teams, two staff) shared by every example."""
    folder = tmp_path_factory.mktemp("fuzz")
    url = f"sqlite:///{folder / 'fuzz.sqlite'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", url, "init"]).exit_code == 0
    for table, text in (("areas", AREAS), ("teams", TEAMS), ("staff", STAFF)):
        (folder / f"{table}.csv").write_text(text)
        assert runner.invoke(cli, ["--db", url, "import", table,
                                   str(folder / f"{table}.csv")]).exit_code == 0
    return folder, url


def _fingerprint(url: str) -> str:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


def _import(db, table: str, name: str, content: bytes) -> None:
    folder, url = db
    path = folder / name
    path.write_bytes(content)
    before = _fingerprint(url)
    result = CliRunner().invoke(cli, ["--db", url, "import", table, str(path)])
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert result.output.startswith("Error: ")
        assert _fingerprint(url) == before


@FUZZ
@given(table=st.sampled_from(TABLES), content=st.binary(max_size=300),
       suffix=st.sampled_from([".csv", ".xlsx"]))
def test_random_bytes_never_crash_an_import(db, table, content, suffix):
    _import(db, table, f"random{suffix}", content)


CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "T1", "T2", "S1", "A1", "1.01", "8a", "Band 7", "yes", "NO", "2026-27",
                     "2026/27", "achieved", "Working Towards", "1", "0", "-1", "1e9", "nan",
                     "2024-02-30", "=1+1", "'=cmd", "T1;T1", "T1;T9", "clinical_psychology"]),
    st.integers(-10**12, 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


def _header(table: str):
    names = [c.name for c in CONTRACTS[table]]
    return st.lists(st.one_of(st.sampled_from(names), st.sampled_from(["notes", "", "NAME",
                                                                       "qualifed_on"])),
                    min_size=1, max_size=len(names) + 2).map(
        lambda extra: names[:len(names) - len(extra) // 2] + extra)


@FUZZ
@given(data=st.data(), table=st.sampled_from(TABLES))
def test_random_csv_files_never_crash_an_import(db, data, table):
    header = data.draw(_header(table))
    rows = data.draw(st.lists(st.lists(CELL, min_size=0, max_size=len(header) + 1),
                              max_size=4))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    _import(db, table, "random.csv", out.getvalue().encode("utf-8"))


XLSX_CELL = st.one_of(
    st.none(), st.booleans(), st.integers(-10**15, 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
    CELL,
)


@FUZZ
@given(data=st.data(), table=st.sampled_from(TABLES))
def test_random_xlsx_cells_never_crash_an_import(db, data, table):
    header = data.draw(_header(table))
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in data.draw(st.lists(st.lists(XLSX_CELL, max_size=len(header) + 1), max_size=4)):
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in row])
    out = io.BytesIO()
    book.save(out)
    _import(db, table, "random.xlsx", out.getvalue())

