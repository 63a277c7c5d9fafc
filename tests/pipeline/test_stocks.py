"""An area's stocks from the database: staff FTE by group, band and attained level as the
gap report counts them, and trainees from a saved plan."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest
from sqlmodel import Session, create_engine

from commands.cli import cli
from workforce.competencies.gaps import gap_report
from workforce.economics.staffing import level_3_fte_needed
from workforce.pipeline.flows import Layout, senior_level_3
from workforce.pipeline.rates import load_pipeline_rates
from workforce.pipeline.stocks import read_stocks
from workforce.store.models import Area

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize("area", ["A1", "A2", "A3"])
def test_staff_stocks_match_the_gap_report(ref, sample_engine, area):
    rates = load_pipeline_rates(ref)
    stocks = read_stocks(sample_engine, ref, rates, area, today=TODAY)
    gap = next(a for a in gap_report(sample_engine, ref, area=area, today=TODAY).areas)
    layout = Layout.of(ref)
    assert stocks.staff.sum() == pytest.approx(gap.fte)
    assert senior_level_3(stocks.staff, layout) == pytest.approx(gap.level_3_senior_fte)
    by_band = stocks.staff.sum(axis=-1)
    assert {b: round(f, 2) for b, f in zip(layout.bands, by_band, strict=True) if f} == {
        b: f for b, f in gap.fte_by_band.items() if f}
    with Session(sample_engine) as session:  # need follows babies, as in the bid report
        babies = session.get(Area, area).population_0_2
    teams = babies / ref.service.example_team.babies_per_team
    assert stocks.need.level_3_fte == pytest.approx(level_3_fte_needed(ref, teams))
    assert stocks.start_year == 2026 and sum(map(sum, stocks.trainees.values())) == 0


def test_trainees_come_from_the_saved_plan_by_programme_and_year(ref, runner, sample_copy):
    saved = runner.invoke(cli, ["--db", sample_copy, "placements", "plan", "--save", "cycle",
                                "--format", "json"])
    assert saved.exit_code == 0, saved.output
    placed = json.loads(saved.output)["assignments"]
    engine = create_engine(sample_copy)
    rates = load_pipeline_rates(ref)
    stocks = read_stocks(engine, ref, rates, "A1", plan="cycle", today=TODAY)
    teams = {t for t, in engine.connect().exec_driver_sql(
        "SELECT team_id FROM team WHERE area_id = 'A1'")}
    # A trainee past the programme's length counts in its last year.
    who = {trainee: f"{programme}:{min(year, rates.programmes[programme].years)}"
           for trainee, programme, year in engine.connect().exec_driver_sql(
               "SELECT trainee_id, programme, year FROM trainee")}
    expected = Counter(who[a["trainee_id"]] for a in placed if a["team_id"] in teams)
    counted = Counter({f"{p}:{y + 1}": n for p, counts in stocks.trainees.items()
                       for y, n in enumerate(counts) if n})
    assert counted == expected and sum(expected.values()) > 0


def test_a_post_shared_between_areas_counts_by_its_share_in_each(ref, sample_copy):
    """S002 (1 FTE, band 8b, level 3) works in T01 and T04 of A1; moving T04's share to a
    team of A2 moves 0.4 FTE of level-3 senior staff from A1's stocks to A2's."""
    engine = create_engine(sample_copy)
    rates = load_pipeline_rates(ref)
    layout = Layout.of(ref)

    def senior(area):
        return senior_level_3(read_stocks(engine, ref, rates, area, today=TODAY).staff, layout)

    before = {area: senior(area) for area in ("A1", "A2")}
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE staff SET team_shares = 'T01:0.6;T06:0.4' WHERE staff_id = 'S002'")
    after = {area: senior(area) for area in ("A1", "A2")}
    assert after["A1"] == pytest.approx(before["A1"] - 0.4)
    assert after["A2"] == pytest.approx(before["A2"] + 0.4)


def test_the_establishment_is_the_recorded_posts_else_the_staff_in_post(ref, sample_copy):
    """T01 records 4.6 FTE at band 7; a team that records nothing is funded to its staff."""
    engine = create_engine(sample_copy)
    rates = load_pipeline_rates(ref)
    layout = Layout.of(ref)
    before = read_stocks(engine, ref, rates, "A1", today=TODAY)
    assert (before.establishment >= before.staff.sum(axis=-1) - 1e-9).all()
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE establishment SET fte = fte + 2 "
                                   "WHERE team_id = 'T01' AND band = '7'")
    after = read_stocks(engine, ref, rates, "A1", today=TODAY)
    seven = layout.bands.index("7")
    assert after.establishment[seven] == pytest.approx(before.establishment[seven] + 2)
    assert after.staff.sum() == pytest.approx(before.staff.sum())
