"""`workforce pipeline project`: its JSON shape, and bad scenario files."""

from __future__ import annotations

import json

import pytest

from commands.cli import cli

KEYS = {"area_id", "years", "gap_closes", "cumulative_level_3_shortfall", "sensitivity",
        "notes"}
YEAR_KEYS = {"year", "level_3_fte", "level_3_fte_low", "level_3_fte_high",
             "level_3_fte_needed", "fte_by_band", "funded_fte_by_band", "cost"}


def run(runner, db, *args):
    return runner.invoke(cli, ["--db", db, "pipeline", *args])


def test_project_json_has_the_documented_shape(runner, sample_copy):
    result = run(runner, sample_copy, "project", "--area", "A2", "--years", "4", "--draws",
                 "30", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert set(payload) == KEYS and payload["area_id"] == "A2"
    assert [set(y) for y in payload["years"]] == [YEAR_KEYS] * 4
    assert set(payload["gap_closes"]) == {"central", "low", "high"}
    first = payload["years"][0]
    assert first["level_3_fte_low"] <= first["level_3_fte"] <= first["level_3_fte_high"]


def test_project_table_shows_the_gap_the_range_and_a_chart(runner, sample_copy):
    result = run(runner, sample_copy, "project", "--area", "A1", "--years", "3", "--draws",
                 "20")
    assert result.exit_code == 0, result.output
    words = " ".join(result.output.split())
    assert "The level-3 gap closes after 2" in words and "█" in result.output
    assert "ASSUMPTION (no published figure): attrition" in words


@pytest.mark.parametrize(("body", "message"), [
    ("placements:\n  2099: {{clinical_psychology: 1}}\n",
     "row 2, field 'placements.2099': '2099' is outside the projection"),
    ("placements:\n  {year}:\n    brain_surgery: 2\n",
     "row 3, field 'placements.{year}.brain_surgery': 'brain_surgery' is not a placement "
     "programme"),
    ("recruit_to_train:\n  {year}: {{clinical_psychology: 1}}\n",
     "row 2, field 'recruit_to_train.{year}.clinical_psychology': 'clinical_psychology' is "
     "not a recruit-to-train programme"),
    ("training:\n  {year}: {{level_4: 1}}\n",
     "row 2, field 'training.{year}.level_4': 'level_4' is not a training level"),
    ("posts:\n  {year}: {{'8e': 1}}\n", "row 2, field 'posts.{year}.8e': '8e' is not an open band (2, 3"),
    ("supervisor_hours:\n  {year}: lots\n",
     "row 2, field 'supervisor_hours.{year}': 'lots' should be a number"),
    ("budget: 3\n", "row 1, field 'budget': 'budget' is not a part of a scenario"),
])
def test_a_bad_scenario_names_file_row_and_field_and_exits_2(runner, sample_copy, tmp_path,
                                                           body, message):
    import datetime as dt

    year = dt.date.today().year + 1
    path = tmp_path / "bad.yaml"
    path.write_text(body.format(year=year), encoding="utf-8")
    result = run(runner, sample_copy, "project", "--area", "A1", "--years", "3", "--draws",
                 "0", "--scenario", str(path))
    assert result.exit_code == 2
    assert f"bad.yaml {message.format(year=year)}" in result.output
    assert "Traceback" not in result.output


def test_an_empty_placements_part_funds_nothing(runner, sample_copy, tmp_path):
    path = tmp_path / "none.yaml"
    path.write_text("placements: {}\n", encoding="utf-8")
    args = ["project", "--area", "A1", "--years", "3", "--draws", "10", "--format", "json"]
    with_file = run(runner, sample_copy, *args, "--scenario", str(path))
    without = run(runner, sample_copy, *args)
    assert with_file.exit_code == 0, with_file.output
    assert json.loads(with_file.output) == json.loads(without.output)


def test_an_unknown_area_is_a_one_line_error(runner, sample_copy):
    result = run(runner, sample_copy, "project", "--area", "NOPE")
    assert result.exit_code == 2 and "no area 'NOPE'" in result.output


def test_a_scenario_funding_more_placements_than_the_area_can_host_is_refused(runner,
                                                                              sample_copy,
                                                                              tmp_path):
    import datetime as dt

    path = tmp_path / "many.yaml"
    path.write_text(f"placements: {{{dt.date.today().year + 1}: {{clinical_psychology: 50}}}}\n",
                    encoding="utf-8")
    result = run(runner, sample_copy, "project", "--area", "A3", "--years", "3", "--draws",
                 "0", "--scenario", str(path))
    assert result.exit_code == 2
    assert "50 funded trainees in" in result.output
    assert "can host and its level-3 staff supervise only" in result.output


def test_with_nothing_funded_no_band_outgrows_its_posts_in_the_sample(runner, sample_copy):
    result = run(runner, sample_copy, "project", "--area", "A1", "--draws", "0", "--format",
                 "json")
    assert result.exit_code == 0, result.output
    years = json.loads(result.output)["years"]
    first = years[0]["funded_fte_by_band"]
    for y in years:
        assert y["funded_fte_by_band"] == first
        assert all(y["fte_by_band"][b] <= y["funded_fte_by_band"][b] for b in first)
    assert years[-1]["fte_by_band"]["8b"] <= first["8b"]
    assert abs(years[-1]["cost"] - years[0]["cost"]) < 0.02 * years[0]["cost"]


def test_the_sensitivity_table_moves_each_rate_to_each_end(runner, sample_copy):
    result = run(runner, sample_copy, "project", "--area", "A1", "--draws", "0", "--format",
                 "json")
    swings = json.loads(result.output)["sensitivity"]
    assert swings["year"] == json.loads(result.output)["years"][-1]["year"]
    rows = swings["rates"]
    assert [r["swing"] for r in rows] == sorted((r["swing"] for r in rows), reverse=True)
    assert {"attrition", "vacancy_refill", "internal_promotion"} <= {r["rate"] for r in rows}
    table = run(runner, sample_copy, "project", "--area", "A1", "--draws", "0")
    assert "Which assumption matters" in " ".join(table.output.split())


def test_areas_given_together_are_projected_as_one_place(runner, sample_copy):
    def payload(*areas):
        args = [a for area in areas for a in ("--area", area)]
        result = run(runner, sample_copy, "project", *args, "--years", "2", "--draws", "0",
                     "--format", "json")
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    one, two, both = payload("A1"), payload("A2"), payload("A1", "A2")
    assert both["area_id"] == "A1+A2"
    first = [p["years"][0] for p in (one, two, both)]
    assert first[2]["level_3_fte_needed"] == pytest.approx(
        first[0]["level_3_fte_needed"] + first[1]["level_3_fte_needed"], abs=0.011)
    assert sum(first[2]["funded_fte_by_band"].values()) == pytest.approx(
        sum(first[0]["funded_fte_by_band"].values())
        + sum(first[1]["funded_fte_by_band"].values()), abs=0.05)


def test_a_council_with_no_teams_in_the_database_has_need_but_no_staff(runner, sample_copy):
    result = run(runner, sample_copy, "project", "--la", "Manchester", "--years", "2",
                 "--draws", "0", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["years"][0]["level_3_fte"] == 0 and payload["years"][0]["level_3_fte_needed"] > 0
    assert "no teams in the database" in payload["notes"][0]


def test_no_place_is_a_usage_error(runner, sample_copy):
    result = run(runner, sample_copy, "project")
    assert result.exit_code == 2 and "choose --area AREA, --la COUNCIL or --icb ICB" in result.output


def test_an_icb_takes_the_staff_of_its_councils_areas_and_its_own_need(runner, sample_copy):
    from sqlmodel import create_engine

    with create_engine(sample_copy).begin() as connection:
        connection.exec_driver_sql("UPDATE area SET ons_code = 'E08000003' WHERE area_id = 'A1'")
    args = ["project", "--years", "1", "--draws", "0", "--format", "json"]
    icb = json.loads(run(runner, sample_copy, *args, "--icb", "Greater Manchester").output)
    council = json.loads(run(runner, sample_copy, *args, "--la", "E08000003").output)
    area = json.loads(run(runner, sample_copy, *args, "--area", "A1").output)
    assert icb["years"][0]["funded_fte_by_band"] == area["years"][0]["funded_fte_by_band"]
    assert (icb["years"][0]["level_3_fte_needed"] > council["years"][0]["level_3_fte_needed"]
            > 0)
    assert "A1 with the place's own need" in icb["notes"][-1]
    twice = run(runner, sample_copy, *args, "--area", "A1", "--la", "E08000003")
    assert twice.exit_code == 2 and "area A1 is in Manchester (E08000003) too" in twice.output
