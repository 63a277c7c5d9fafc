"""`report bid --la/--icb`: any UK council or English ICB from the bundled figures, with no
import; ambiguous and unknown names; an imported area with the same ONS code is used."""

from __future__ import annotations

import json

import pytest

from commands.cli import cli


def bid(runner, db, *args):
    return runner.invoke(cli, ["--db", db, "report", "bid", *args])


def metrics(result) -> dict[str, dict]:
    assert result.exit_code == 0, result.output
    return {m["metric"]: m for m in json.loads(result.stdout)["metrics"]}


@pytest.fixture
def no_db(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'none.sqlite'}"


def test_manchester_from_the_bundled_figures_without_any_import(runner, no_db):
    figures = metrics(bid(runner, no_db, "--la", "Manchester", "--format", "json"))
    assert figures["population_0_2"]["value"] == 13_497
    assert figures["births_per_year"]["value"] == 6_771
    assert figures["babies_benefiting"]["value"] == 675
    assert figures["population"]["value"] == 589_670
    assert figures["population_0_2"]["area_id"] == "E08000003"
    assert "Manchester (E08000003) mid-2024, ONS mid-2024 MYE" in figures["population_0_2"][
        "source"]


def test_manchester_disorganised_attachment_is_10_to_15_percent_of_its_6771_births(runner,
                                                                                  no_db):
    figures = metrics(bid(runner, no_db, "--la", "E08000003", "--format", "json"))
    low, high = figures["disorganised_attachment_low"], figures["disorganised_attachment_high"]
    assert (low["value"], high["value"]) == (677, 1_016)
    assert low["assumption"] == "10% of births a year"


def test_a_known_team_counts_in_teams_now_and_is_named_in_the_report(runner, no_db):
    result = bid(runner, no_db, "--la", "Manchester", "--la", "Birmingham", "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""
    payload = json.loads(result.stdout)
    rows = {(m["area_id"], m["metric"]): m for m in payload["metrics"]}
    manchester = ("E08000003",)
    assert rows[(*manchester, "teams_now")]["value"] == 1
    assert rows[(*manchester, "teams_known")]["value"] == 1
    assert rows[(*manchester, "teams_in_database")]["value"] == 0
    assert rows[(*manchester, "known_team_1")]["label"] == "Known team: Manchester CAPS PAIRS"
    assert rows[("E08000025", "teams_now")]["value"] == 0
    places = {p["area_id"]: p for p in payload["report"]["places"]}
    assert [t["team"] for t in places["E08000003"]["known_teams"]] == ["Manchester CAPS PAIRS"]
    assert places["E08000003"]["years"]["population"] == "mid-2024"


def test_a_known_teams_staffing_makes_the_gap_an_upper_bound(runner, no_db):
    figures = metrics(bid(runner, no_db, "--la", "Manchester", "--format", "json"))
    assert "upper bound" in figures["fte_gap"]["assumption"]
    low, high = (figures[f"coverage_estimate_{end}_pct"] for end in ("low", "high"))
    assert low["assumption"].startswith("ESTIMATE") and low["value"] < high["value"]


def test_an_icb_sums_its_councils(runner, no_db):
    figures = metrics(bid(runner, no_db, "--icb", "QOP", "--format", "json"))
    assert figures["population_0_2"]["area"] == "NHS Greater Manchester Integrated Care Board"
    assert figures["population_0_2"]["value"] == 66_561


def test_several_councils_and_an_icb_together(runner, no_db):
    result = bid(runner, no_db, "--la", "E08000003", "--la", "Bolton", "--icb", "Essex",
                 "--format", "json")
    assert result.exit_code == 2
    assert "'Essex' matches 3 ICBs" in result.output
    result = bid(runner, no_db, "--la", "E08000003", "--la", "Bolton", "--format", "json")
    assert json.loads(result.stdout)["report"]["areas"] == ["E08000003", "E08000001", "total"]


def test_an_ambiguous_name_lists_the_candidates(runner, no_db):
    result = bid(runner, no_db, "--la", "Newcastle")
    assert result.exit_code == 2
    assert result.output.strip() == (
        "Error: 'Newcastle' matches 2 councils: Newcastle upon Tyne (E08000021); "
        "Newcastle-under-Lyme (E07000195). Give the code or the full name")


def test_an_unknown_name_exits_2_naming_the_closest(runner, no_db):
    result = bid(runner, no_db, "--la", "Manchestr")
    assert result.exit_code == 2
    assert "no council 'Manchestr' in the bundled UK figures (closest: Manchester " \
           "(E08000003)" in result.output
    assert "Traceback" not in result.output


def test_an_imported_area_with_that_code_is_used_with_its_teams(runner, tmp_path):
    db = f"sqlite:///{tmp_path / 'own.sqlite'}"
    assert runner.invoke(cli, ["--db", db, "init"]).exit_code == 0
    (tmp_path / "areas.csv").write_text("area_id,name,population_0_2,ons_code\n"
                                        "MCR,Our Manchester,13000,E08000003\n",
                                        encoding="utf-8")
    (tmp_path / "teams.csv").write_text("team_id,name,area_id,lat,lon,families_per_year\n"
                                        "T1,Our team,MCR,53.48,-2.24,120\n", encoding="utf-8")
    for table in ("areas", "teams"):
        assert runner.invoke(cli, ["--db", db, "import", table,
                                   str(tmp_path / f"{table}.csv")]).exit_code == 0
    figures = metrics(bid(runner, db, "--la", "Manchester", "--format", "json"))
    assert figures["population_0_2"]["area_id"] == "MCR"
    assert figures["population_0_2"]["value"] == 13_000  # the user's own figure
    assert figures["births_per_year"]["value"] == 6_771  # filled from the bundled data
    assert figures["families_seen_per_year"]["value"] == 120
