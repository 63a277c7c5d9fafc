"""Hostile input files: each is refused with its file, row and field, exit code 2 and
nothing written, never a traceback."""

from __future__ import annotations

import re
import zipfile

import pytest
from openpyxl import Workbook

from tests.io.test_importer import STAFF_HEADER, TRAINEE_HEADER, _fingerprint, _write

AREA_HEADER = "area_id,name,population,population_0_2,births_per_year\n"


def _refused(loaded, tmp_path, table: str, content: str, where: str, why: str) -> None:
    before = _fingerprint(loaded)
    result = loaded("import", table, str(_write(tmp_path, f"{table}.csv", content)))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert where in result.output and why in result.output, result.output
    assert _fingerprint(loaded) == before


@pytest.mark.parametrize("name", [
    "Eve\x1b[2J\x1b[31mred",  # a terminal escape: clears the screen
    "Eve\x1b]8;;https://evil.example\x07click\x1b]8;;\x07",  # OSC 8 hyperlink
    "Eve\x1b]52;c;ZXZpbA==\x07",  # OSC 52 writes the clipboard
    "Eve\x00Null",
    '"Eve\nNewline"',
    "Eve\u202etxt.exe",  # right-to-left override
], ids=["escape", "osc8", "osc52", "nul", "newline", "bidi"])
def test_a_name_with_a_control_character_is_refused(loaded, tmp_path, name):
    _refused(loaded, tmp_path, "staff",
             STAFF_HEADER + f"S9,{name},T1,midwife,clinician,6,1,2,,no,,\n",
             "staff.csv row 2, field 'name'", "contains a control character")


def test_an_assessor_with_a_control_character_is_refused(loaded, tmp_path):
    _refused(loaded, tmp_path, "attainments",
             "staff_id,competency_id,level,status,assessed_by\n"
             "S1,1.01,1,achieved,Dr \x1b]8;;https://evil.example\x07Who\n",
             "attainments.csv row 2, field 'assessed_by'", "contains a control character")
    before = _fingerprint(loaded)
    result = loaded("competencies", "record", "S1", "1.01", "--level", "1",
                    "--evidenced-on", "2025-01-01", "--assessor", "Dr \x1b[2JWho")
    assert result.exit_code == 2
    assert result.output == ("Error: --assessor contains a control character (U+001B): use "
                             "plain text on one line\n")
    assert _fingerprint(loaded) == before


@pytest.mark.parametrize("bad_id", ["../../etc/x", ".hidden", "a/b", "-rf", "two words",
                                    "T1\\x", "café"])
def test_an_id_outside_the_safe_set_is_refused(loaded, tmp_path, bad_id):
    _refused(loaded, tmp_path, "areas", AREA_HEADER + f'"{bad_id}",Somewhere,1000,20,10\n',
             "areas.csv row 2, field 'area_id'", "is not an id")


@pytest.mark.parametrize("value", ["9223372036854775808", "99999999999999999999999",
                                   "-9223372036854775809", "1e400"])
def test_a_whole_number_no_database_can_hold_is_refused(loaded, tmp_path, value):
    _refused(loaded, tmp_path, "teams",
             "team_id,name,area_id,lat,lon,max_trainees\n"
             f"T9,Far,A1,52,-1,{value}\n",
             "teams.csv row 2, field 'max_trainees'", "")


@pytest.mark.parametrize("row, field, why", [
    ("A9,Huge,3000000000,,", "population", "is more than the whole UK's"),
    ("A9,Odd,1000,2000,", "population_0_2", "is more than the area's whole population (1,000)"),
    ("A9,Odd,1000,,5000", "births_per_year", "is more than the area's whole population"),
    ("A9,Odd,,90000000,", "population_0_2", "is more than the whole UK's"),
])
def test_implausible_area_figures_are_refused(loaded, tmp_path, row, field, why):
    _refused(loaded, tmp_path, "areas", AREA_HEADER + row + "\n",
             f"areas.csv row 2, field '{field}'", why)


def test_an_establishment_with_more_fte_than_posts_is_refused(loaded, tmp_path):
    _refused(loaded, tmp_path, "establishment", "team_id,band,posts,fte\nT1,7,2,1e308\n",
             "establishment.csv row 2, field 'fte'", "is more than its 2 post(s) can hold")


@pytest.mark.parametrize("cycle, starts, field", [
    ("far", "9999-12-31", "cycle_starts_on"),
    ("9999-00", "", "cycle"),
])
def test_a_cycle_running_off_the_calendar_is_refused(loaded, tmp_path, cycle, starts, field):
    _refused(loaded, tmp_path, "trainees",
             TRAINEE_HEADER.replace("\n", ",cycle_starts_on\n")
             + f"R1,Robin,music_therapy,1,{cycle},52,-1,40,T1,,{starts}\n",
             f"trainees.csv row 2, field '{field}'", "beyond the last day a calendar holds")


def _workbook(path, declared: str | None = None, far_cell: bool = False) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["area_id", "name", "population"])
    sheet.append(["A9", "Somewhere", 1000])
    if far_cell:
        sheet["XFD1048576"] = "x"
    book.save(path)
    if declared:  # rewrite the sheet's declared extent, as a hostile file would
        with zipfile.ZipFile(path) as source:
            parts = {n: source.read(n) for n in source.namelist()}
        name = "xl/worksheets/sheet1.xml"
        parts[name] = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{declared}"'.encode(),
                             parts[name])
        with zipfile.ZipFile(path, "w") as target:
            for part, data in parts.items():
                target.writestr(part, data)


def test_an_xlsx_is_read_within_its_stored_cells_not_its_declared_extent(loaded, tmp_path):
    declared = tmp_path / "declared.xlsx"
    _workbook(declared, declared="A1:XFD1048576")
    result = loaded("import", "areas", str(declared))
    assert result.exit_code == 0, result.output
    assert "Imported 1 areas rows" in result.output
    far = tmp_path / "far.xlsx"
    _workbook(far, far_cell=True)
    assert far.stat().st_size < 10_000
    result = loaded("import", "areas", str(far))
    assert result.exit_code == 2
    assert "far.xlsx row 1048576: has more cells than the header has columns" in result.output
