"""The bid report's pipeline section: the central projection, the year the level-3 gap
closes with its range, and with a bid's scenario the year it closes with the bid, all as
`pipeline project` gives them."""

from __future__ import annotations

import datetime as dt
import json

from commands.cli import cli


def _json(runner, db, command, *args):
    result = runner.invoke(cli, ["--db", db, *command, *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_bid_report_shows_the_projection_and_the_year_the_gap_closes(runner, sample_copy,
                                                                         tmp_path):
    year = dt.date.today().year + 1
    scenario = tmp_path / "bid.yaml"
    scenario.write_text(f"posts: {{{year}: {{'8b': 2.0}}}}\n", encoding="utf-8")
    bid = _json(runner, sample_copy, ["report", "bid"], "--area", "A1", "--scenario",
                str(scenario), "--no-suppress")  # the owner's report: a protected one withholds
    rows = {m["metric"]: m for m in bid["metrics"] if m["section"] == "pipeline"}
    today = _json(runner, sample_copy, ["pipeline", "project"], "--area", "A1")
    funded = _json(runner, sample_copy, ["pipeline", "project"], "--area", "A1", "--scenario",
                   str(scenario))
    for y in today["years"]:
        row = rows[f"level_3_fte_projected_{y['year']}"]
        assert row["value"] == y["level_3_fte"] and row["unit"] == "FTE"
        assert f"range {y['level_3_fte_low']:g}-{y['level_3_fte_high']:g}" in row["assumption"]
    for suffix, projection in (("", today), ("_with_bid", funded)):
        closes = projection["gap_closes"]
        assert rows[f"level_3_gap_closes{suffix}"]["value"] == closes["central"]
        assert rows[f"level_3_gap_closes{suffix}_low"]["value"] == closes["low"]
        assert rows[f"level_3_gap_closes{suffix}_high"]["value"] == closes["high"]
        assert (rows[f"cumulative_level_3_shortfall{suffix}"]["value"]
                == projection["cumulative_level_3_shortfall"])
    assert rows["level_3_gap_closes_with_bid"]["assumption"].startswith(
        "with this bid, the level-3 gap closes ")
    assert bid["report"]["notes"][0].startswith("Wrenmoor: with this bid, the level-3 gap "
                                                "closes ")
    assert funded["cumulative_level_3_shortfall"] < today["cumulative_level_3_shortfall"]
    assert not any("years_to_close" in name for name in rows)


def test_the_bid_sentence_in_the_terminal_is_the_owners_alone(runner, sample_copy, tmp_path):
    scenario = tmp_path / "bid.yaml"
    scenario.write_text("placements: {}\n", encoding="utf-8")
    command = ["--db", sample_copy, "report", "bid", "--area", "A2", "--scenario",
               str(scenario)]
    owners = runner.invoke(cli, [*command, "--no-suppress"])
    assert owners.exit_code == 0, owners.output
    sentence = "Castle Fenwick: with this bid, the level-3 gap closes"
    assert sentence in " ".join(owners.output.split())
    protected = runner.invoke(cli, command)
    assert protected.exit_code == 0, protected.output
    assert sentence not in " ".join(protected.output.split())


def test_a_scenario_is_for_one_area(runner, sample_copy, tmp_path):
    scenario = tmp_path / "bid.yaml"
    scenario.write_text("placements: {}\n", encoding="utf-8")
    result = runner.invoke(cli, ["--db", sample_copy, "report", "bid", "--all", "--scenario",
                                 str(scenario)])
    assert result.exit_code == 2 and "--scenario funds one area" in result.output


def test_a_council_from_the_bundled_figures_has_no_projection_and_no_scenario(runner,
                                                                              sample_copy,
                                                                              tmp_path):
    bid = _json(runner, sample_copy, ["report", "bid"], "--la", "Manchester")
    assert bid["metrics"] and not any(m["metric"].startswith(("level_3_fte_projected",
                                                              "level_3_gap_closes"))
                                      for m in bid["metrics"])
    scenario = tmp_path / "bid.yaml"
    scenario.write_text("placements: {}\n", encoding="utf-8")
    result = runner.invoke(cli, ["--db", sample_copy, "report", "bid", "--la", "Manchester",
                                 "--scenario", str(scenario)])
    assert result.exit_code == 2 and "has none in the database" in result.output


def test_the_documents_draw_which_assumption_moves_the_shortfall_most(runner, sample_copy,
                                                                     tmp_path):
    import xml.etree.ElementTree as ET

    bid = _json(runner, sample_copy, ["report", "bid"], "--area", "A1", "--no-suppress")
    rows = {m["metric"]: m["value"] for m in bid["metrics"] if m["section"] == "pipeline"}
    swings = _json(runner, sample_copy, ["pipeline", "project"], "--area", "A1",
                   "--draws", "0")["sensitivity"]
    year = swings["year"]
    assert rows[f"level_3_shortfall_{year}_central"] == swings["shortfall_central"]
    for rate in swings["rates"]:
        low, high = (f"level_3_shortfall_{year}_{rate['rate']}_{end}" for end in ("low", "high"))
        if not rate["swing"]:  # named in the central row's assumption instead
            assert low not in rows and high not in rows
            continue
        assert rows[low] == rate["shortfall_at_low"] and rows[high] == rate["shortfall_at_high"]
    result = runner.invoke(cli, ["--db", sample_copy, "report", "bid", "--area", "A1",
                                 "--no-suppress", "--charts", str(tmp_path)])
    assert result.exit_code == 0, result.output
    svg = ET.parse(tmp_path / "A1-assumption-tornado.svg")
    texts = " ".join(t.text or "" for t in svg.iter() if t.tag.endswith("text"))
    moving = [r["rate"] for r in swings["rates"] if r["swing"] > 0]
    assert moving and all(rate in texts for rate in moving)
    assert str(swings["shortfall_central"]) in texts and "which assumption matters" in texts
