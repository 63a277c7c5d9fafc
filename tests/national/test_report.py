"""`workforce report national`: rows, totals, formats, and the hex map with one shape per
area carrying its code and figures."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from commands.cli import cli
from commands.hexmap import SHADES

SVG = "{http://www.w3.org/2000/svg}"


def national(runner, tmp_path, *args):
    # no database is needed: point --db at a file that does not exist
    result = runner.invoke(cli, ["--db", f"sqlite:///{tmp_path / 'none.sqlite'}", "report",
                                 "national", *args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def by_council(tmp_path_factory):
    from click.testing import CliRunner

    tmp = tmp_path_factory.mktemp("national")
    return json.loads(national(CliRunner(), tmp, "--format", "json").output)


def test_manchester_row(by_council):
    row = next(a for a in by_council["areas"] if a["code"] == "E08000003")
    assert (row["population_0_2"], row["births_per_year"], row["babies_benefiting"],
            row["year"]) == (13_497, 6_771, 675, "2024")
    assert row["known_teams"] == 1 and row["babies_benefiting_no_known_team"] == 0
    assert row["teams_needed_low"] <= row["teams_needed_high"]


def test_one_row_per_council_sorted_by_unmet_need(by_council):
    areas = by_council["areas"]
    assert len(areas) == 361 and len({a["code"] for a in areas}) == 361
    unmet = [a["babies_benefiting_no_known_team"] for a in areas]
    assert unmet == sorted(unmet, reverse=True)


def test_totals_per_nation_and_a_uk_total_that_says_its_years_differ(by_council):
    totals = {t["name"]: t for t in by_council["totals"]}
    assert totals["England"]["population_0_2"] == 1_167_387
    uk = totals["UK (nations summed)"]
    assert uk["population_0_2"] == sum(
        t["population_0_2"] for n, t in totals.items() if n != uk["name"])
    assert uk["year"] == "2022-2024"
    assert any("different years" in note and "Scotland mid-2022" in note
               for note in by_council["report"]["notes"])
    assert by_council["report"]["known_teams"] == (
        "teams known from the 2023 survey (43 of the 46 then in the network; 49 by 2025) and "
        "1 more named by other sources")


def test_icb_rows_sum_to_england_within_rounding(runner, tmp_path):
    payload = json.loads(national(runner, tmp_path, "--by", "icb", "--format", "json").output)
    assert len(payload["areas"]) == 42
    total = sum(a["population_0_2"] for a in payload["areas"])
    assert abs(total - 1_167_387) <= 10
    assert any("share" in note for note in payload["report"]["notes"])


@pytest.mark.parametrize(("by", "rows"), [("region", 12), ("nation", 4)])
def test_regions_and_nations(runner, tmp_path, by, rows):
    payload = json.loads(national(runner, tmp_path, "--by", by, "--format", "json").output)
    assert len(payload["areas"]) == rows
    assert sum(a["population_0_2"] for a in payload["areas"]) == payload["totals"][-1][
        "population_0_2"]


def test_csv_is_one_row_of_numbers_per_area_and_total_then_the_teams_read_by_hand(runner,
                                                                                  tmp_path):
    rows = list(csv.DictReader(io.StringIO(national(runner, tmp_path, "--format",
                                                    "csv").output)))
    figures = [r for r in rows if r["table"] == "Figures"]
    assert len(figures) == 361 + 5
    assert figures[-1]["code"] == "K02000001"
    read = [r for r in rows if r["table"] == "known teams whose area had to be read"]
    assert read and all(r["team"] and r["how it was read"] for r in read)
    assert rows == figures + read


def test_the_table_names_the_survey_list_and_the_ambiguous_mappings(runner, tmp_path):
    output = national(runner, tmp_path, "--by", "nation").output
    flat = " ".join(output.split())
    assert "43 of the 46 then in the network; 49 by 2025" in flat
    assert "DorPIP" in flat and "not named: only Dorset council" in flat


def _shapes(path):
    root = ET.parse(path).getroot()
    return root, root.findall(f".//{SVG}polygon[@class='area']")


def test_the_council_map_has_one_shape_per_council_with_its_code(runner, tmp_path):
    path = tmp_path / "map.svg"
    national(runner, tmp_path, "--export", str(path))
    root, shapes = _shapes(path)
    assert len(shapes) == 361
    assert len({s.get("data-code") for s in shapes}) == 361
    manchester = next(s for s in shapes if s.get("data-code") == "E08000003")
    assert manchester.get("data-name") == "Manchester"
    assert manchester.get("data-population-0-2") == "13497"
    assert manchester.get("data-known-teams") == "1"
    title = root.find(f"{SVG}title").text
    assert title == ("Known teams per 10,000 babies under two, by council, mid-2022 and "
                     "mid-2024 figures")
    text = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "mid-2024" in text and "mid-2022" in text  # the data's years
    for nation in ("England", "Wales", "Scotland", "Northern Ireland"):
        assert nation in text
    assert "no known team" in text  # the legend


def test_the_icb_map_has_42_shapes_shaded_by_unmet_need(runner, tmp_path):
    path = tmp_path / "icb.svg"
    national(runner, tmp_path, "--by", "icb", "--map-measure", "unmet", "--export", str(path))
    root, shapes = _shapes(path)
    assert len(shapes) == 42
    assert {s.get("data-code") for s in shapes} >= {"E54000057"}
    unmet = {s.get("data-code"): int(s.get("data-babies-benefiting-no-known-team"))
             for s in shapes}
    shades = {s.get("data-code"): s.get("fill") for s in shapes}
    darkest = max(unmet, key=unmet.get)
    assert shades[darkest] == SHADES[-1]
    assert root.find(f"{SVG}title").text == (
        "Babies who would benefit in councils with no known team, by ICB, England mid-2024")


def test_map_shades_get_darker_in_greyscale_too():
    def grey(colour):
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        return 0.299 * r + 0.587 * g + 0.114 * b

    greys = [grey(c) for c in SHADES]
    assert greys == sorted(greys, reverse=True)
    assert min(a - b for a, b in zip(greys, greys[1:], strict=False)) > 25


def test_html_export_holds_the_tables_and_the_map(runner, tmp_path):
    path = tmp_path / "national.html"
    national(runner, tmp_path, "--by", "region", "--export", str(path))
    page = path.read_text(encoding="utf-8")
    assert "<svg" in page and page.count('class="area"') == 361 and "<table>" in page


def test_a_bad_export_name_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(cli, ["report", "national", "--export", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and "use a .svg, .html, .md, .csv or .json file" in result.output


@pytest.fixture
def own_teams(runner, tmp_path):
    """A database with a team in Manchester (140 families a year) and one across the
    Greater Manchester ICB (families not known)."""
    db = f"sqlite:///{tmp_path / 'own.sqlite'}"
    assert runner.invoke(cli, ["--db", db, "init"]).exit_code == 0
    (tmp_path / "areas.csv").write_text("area_id,name,ons_code\nMCR,Manchester,E08000003\n"
                                        "GM,Greater Manchester,E54000057\n", encoding="utf-8")
    (tmp_path / "teams.csv").write_text(
        "team_id,name,area_id,lat,lon,families_per_year\n"
        "T1,Our Manchester team,MCR,53.48,-2.24,140\nT2,Our GM team,GM,53.5,-2.3,\n",
        encoding="utf-8")
    for table in ("areas", "teams"):
        result = runner.invoke(cli, ["--db", db, "import", table, str(tmp_path / f"{table}.csv")])
        assert result.exit_code == 0, result.output
    return db


def _json(runner, db, *args):
    result = runner.invoke(cli, ["--db", db, "report", "national", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_own_teams_are_added_to_the_survey_and_give_coverage(runner, own_teams):
    payload = _json(runner, own_teams, "--teams", "both")
    assert "with your own 2 teams" in payload["report"]["known_teams"]
    manchester = next(a for a in payload["areas"] if a["code"] == "E08000003")
    assert manchester["known_teams"] == 3  # the survey's, ours, and our ICB-wide team
    assert manchester["families_seen_per_year"] == 140
    assert manchester["coverage_pct"] == round(100 * 140 / 675, 1)
    bolton = next(a for a in payload["areas"] if a["code"] == "E08000001")
    assert bolton["known_teams"] == 2 and bolton["coverage_pct"] is None


def test_own_teams_can_replace_the_survey(runner, own_teams):
    payload = _json(runner, own_teams, "--teams", "database", "--by", "nation")
    assert payload["report"]["known_teams"].startswith("your own 2 teams")
    assert "in place of the 2023 survey's" in payload["report"]["known_teams"]
    england = payload["totals"][0]
    assert england["known_teams"] == 2 and england["families_seen_per_year"] == 140
    assert payload["totals"][1]["known_teams"] == 0  # Wales: none of ours
