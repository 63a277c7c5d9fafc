"""Importing areas with an ONS code: blank population figures come from the bundled UK
figures and the area says where from; given figures stay; a bad code changes nothing;
old files without the column still import."""

from __future__ import annotations

import json

import pytest

from commands.cli import cli


@pytest.fixture
def invoke(runner, tmp_path):
    db = f"sqlite:///{tmp_path / 'w.sqlite'}"

    def run(*args: str):
        return runner.invoke(cli, ["--db", db, *args])

    assert run("init").exit_code == 0
    return run


def _areas(invoke) -> dict[str, dict]:
    result = invoke("export", "areas", "--format", "json")
    assert result.exit_code == 0, result.output
    return {a["area_id"]: a for a in json.loads(result.output)}


def test_blank_figures_come_from_the_bundled_data_and_say_so(invoke, tmp_path):
    path = tmp_path / "areas.csv"
    path.write_text("area_id,name,population,population_0_2,births_per_year,ons_code\n"
                    "MCR,Manchester,,,,E08000003\n"
                    "GM,Greater Manchester ICB,,,,E54000057\n"
                    "OWN,Own figures for Bolton,300000,,,E08000001\n", encoding="utf-8")
    result = invoke("import", "areas", str(path))
    assert result.exit_code == 0, result.output
    areas = _areas(invoke)
    manchester = areas["MCR"]
    assert (manchester["population"], manchester["population_0_2"],
            manchester["births_per_year"], manchester["ons_code"]) == (
        589_670, 13_497, 6_771, "E08000003")
    source = manchester["population_source"]
    assert source.startswith("population, population_0_2: Manchester (E08000003) mid-2024")
    assert "Manchester (E08000003) mid-2024, ONS mid-2024 MYE" in source
    assert "births 1 July 2022 to 30 June 2023" in source
    assert areas["GM"]["population_0_2"] == 66_561  # the ICB's councils summed
    own = areas["OWN"]
    assert own["population"] == 300_000  # given, so kept
    assert (own["population_0_2"], own["births_per_year"]) == (7_279, 3_461)  # from the data
    assert own["population_source"].startswith("population_0_2: Bolton (E08000001) mid-2024")


def test_export_of_filled_areas_imports_back_unchanged(invoke, tmp_path):
    path = tmp_path / "areas.csv"
    path.write_text("area_id,name,ons_code\nMCR,Manchester,e08000003\n", encoding="utf-8")
    assert invoke("import", "areas", str(path)).exit_code == 0
    exported = tmp_path / "export.csv"
    assert invoke("export", "areas", "--format", "csv", "-o", str(exported)).exit_code == 0
    again = invoke("import", "areas", str(exported))
    assert again.exit_code == 0, again.output
    assert "1 unchanged" in again.output


def test_a_bad_code_is_one_line_naming_the_row_and_changes_nothing(invoke, tmp_path):
    path = tmp_path / "areas.csv"
    path.write_text("area_id,name,ons_code\nMCR,Manchester,E08000003\nX,Typo,Manchester\n",
                    encoding="utf-8")
    result = invoke("import", "areas", str(path))
    assert result.exit_code == 2
    assert ("areas.csv row 3, field 'ons_code': 'Manchester' is not an ONS code: did you mean "
            "E08000003 (Manchester)?") in result.output
    assert _areas(invoke) == {}


def test_an_old_areas_file_without_the_column_still_imports(invoke, tmp_path):
    path = tmp_path / "areas.csv"
    path.write_text("area_id,name,population\nA1,Somewhere,100000\n", encoding="utf-8")
    assert invoke("import", "areas", str(path)).exit_code == 0
    area = _areas(invoke)["A1"]
    assert area["ons_code"] is None and area["population_source"] is None
