"""The gap report on the sample region, and the property that progress never widens a gap."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commands.cli import cli
from workforce.competencies.gaps import gap_report
from workforce.competencies.levels import refresh_summaries
from workforce.store.db import get_engine
from workforce.store.models import Attainment, Staff

AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def report(sample_engine, ref):
    return gap_report(sample_engine, ref, today=AS_OF)


def test_sample_team_without_a_level_3_lead_is_t07(report):
    assert [t.team_id for t in report.teams if t.level_3_lead is None] == ["T07"]
    t07 = next(t for t in report.teams if t.team_id == "T07")
    assert t07.unmet == ["level_3_lead"]


def test_sample_teams_short_of_level_2_match_the_sample_readme(report):
    below = {t.team_id: sorted(b["staff_id"] for b in t.below_level_2)
             for t in report.teams if t.below_level_2}
    assert below == {"T03": ["S026", "S027"], "T05": ["S041", "S042"],
                     "T08": ["S069", "S070"], "T11": ["S096", "S097"]}
    assert {t.team_id for t in report.teams if t.meets_standard} == {
        "T01", "T02", "T04", "T06", "T09", "T10", "T12"}


def test_teams_are_sorted_worst_first(report):
    severities = [t.severity for t in report.teams]
    assert severities == sorted(severities)
    assert report.teams[0].team_id == "T07" and report.teams[0].severity == 1
    assert report.teams[-1].meets_standard and not report.teams[-1].unknown


def test_area_totals_add_up_their_teams(report):
    for area in report.areas:
        teams = [t for t in report.teams if t.area_id == area.area_id]
        assert area.teams == len(teams)
        assert area.below_level_2_fte == pytest.approx(sum(t.below_level_2_fte for t in teams))
        assert area.teams_without_level_3_lead == sum(t.level_3_lead is None for t in teams)
        # The example team's listed posts: 6.33 FTE per 280,000 people.
        assert sum(area.standard_fte_by_band.values()) == pytest.approx(
            6.33 * area.population / 280_000, abs=0.05)


def test_fte_by_band_runs_in_band_order_and_covers_the_standard(report, ref):
    standard_bands = {post.band for post in ref.service.example_team.posts}
    for scope in [*report.teams, *report.areas]:
        bands = list(scope.fte_by_band)
        assert bands == sorted(bands, key=ref.bands.order.get)
        assert standard_bands <= set(bands)
    a2 = next(a for a in report.areas if a.area_id == "A2")
    assert a2.fte_by_band["8c"] == 0 and a2.standard_fte_by_band["8c"] > 0


def test_consultant_fte_counts_clinical_staff_at_the_consultant_bands(report, ref):
    assert set(ref.service.rules.consultant_bands) == {"8c", "8d", "consultant"}
    assert {t.team_id: t.consultant_fte for t in report.teams if t.consultant_fte} == {
        "T01": 0.6, "T02": 0.6, "T06": 0.6, "T10": 0.6}
    assert {a.area_id: a.consultant_fte for a in report.areas} == {"A1": 1.2, "A2": 0.6,
                                                                   "A3": 0.6}


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_gaps_for_one_team_shows_its_staffing_against_the_example_team(runner, sample_engine, fmt):
    result = runner.invoke(cli, ["--db", str(sample_engine.url), "competencies", "gaps",
                                 "--team", "T03", "--as-of", "2026-11-23", "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        assert result.output.splitlines()[1].startswith(
            '"Teams, worst first",T03,A1,short of level 2 staff,5.8,1.6,S024 8b,')
    else:
        assert "T03 Wrenmoor North Baby Team: FTE in post against the Greater Manchester example team" in \
            " ".join(result.output.split())


def test_gaps_json_has_the_documented_shape(runner, sample_engine):
    url = str(sample_engine.url)
    result = runner.invoke(cli, ["--db", url, "competencies", "gaps", "--format", "json",
                                 "--as-of", "2026-11-23", "--area", "A2"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    team_keys = {"team_id", "name", "area_id", "clinical_fte", "below_level_2",
                 "below_level_2_fte", "level_3_lead", "level_3_fte",
                 "not_working_towards_level_3", "meets_standard", "unmet"}
    assert team_keys <= set(data["teams"][0])
    assert {"area_id", "clinical_fte", "below_level_2_fte", "teams_without_level_3_lead"} <= set(
        data["areas"][0])
    t07 = next(t for t in data["teams"] if t["team_id"] == "T07")
    assert isinstance(t07["below_level_2_fte"], float) and isinstance(t07["consultant_fte"], float)
    assert {t["area_id"] for t in data["teams"]} == {"A2"}


def test_unknown_area_is_exit_2(runner, sample_engine):
    result = runner.invoke(cli, ["--db", str(sample_engine.url), "competencies", "gaps",
                                 "--area", "NOWHERE"])
    assert result.exit_code == 2
    assert "no area 'NOWHERE'" in result.output


FIGURES = ("below_level_2_fte", "not_working_towards_level_3", "unmet", "below_level_2")


def _figures(report) -> dict:
    out = {}
    for t in report.teams:
        out[t.team_id] = (t.below_level_2_fte, len(t.below_level_2),
                          len(t.not_working_towards_level_3), len(t.unmet),
                          t.level_3_lead is None)
    for a in report.areas:
        out[a.area_id] = (a.below_level_2_fte, a.below_level_2, a.not_working_towards_level_3,
                          a.teams_without_level_3_lead, -a.level_3_fte)
    return out


@pytest.fixture(scope="module")
def sample_file(sample_engine):
    return sample_engine.url.database


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pick=st.integers(min_value=0, max_value=10_000), itemise=st.booleans())
def test_attaining_level_2_never_widens_a_gap(ref, sample_file, tmp_path_factory, pick,
                                              itemise):
    from sqlmodel import Session, select

    path = tmp_path_factory.mktemp("prop") / "copy.sqlite"
    shutil.copy(sample_file, path)
    engine = get_engine(f"sqlite:///{path}")
    before = gap_report(engine, ref, today=AS_OF)
    below = [b["staff_id"] for t in before.teams for b in t.below_level_2]
    chosen = below[pick % len(below)]
    with Session(engine) as session:
        if itemise:
            session.add_all(Attainment(staff_id=chosen, competency_id=c.id, level=level,
                                       status="achieved", evidenced_on=AS_OF)
                            for c in ref.framework.competencies for level in (1, 2)
                            if session.exec(select(Attainment).where(
                                Attainment.staff_id == chosen, Attainment.competency_id == c.id,
                                Attainment.level == level)).first() is None)
            for row in session.exec(select(Attainment).where(Attainment.staff_id == chosen,
                                                             Attainment.level <= 2)):
                row.status, row.review_due = "achieved", None
        else:
            person = session.get(Staff, chosen)
            if not session.exec(select(Attainment).where(Attainment.staff_id == chosen)).first():
                person.aimh_level = 2
                if person.working_towards_level is not None and person.working_towards_level <= 2:
                    person.working_towards_level = None
        session.flush()
        refresh_summaries(session, [chosen])
        session.commit()
    after = gap_report(engine, ref, today=AS_OF)
    old, new = _figures(before), _figures(after)
    for key in old:
        assert all(n <= o for n, o in zip(new[key], old[key], strict=True)), (key, chosen)


def test_the_demo_hook_shows_the_team_and_area_tables(sample_engine, capsys):
    from commands.competencies import demo
    from commands.context import App

    demo(App(db_url=str(sample_engine.url)))
    shown = capsys.readouterr().out
    assert "AiMH level 2/3 gap report as of" in shown
    assert "Teams, worst first" in shown and "Areas" in shown
    assert "T07" in shown and "does" in shown and "S059" in shown


def test_vacancies_against_a_teams_own_funded_establishment(report):
    t07 = next(t for t in report.teams if t.team_id == "T07")
    vacant = {b["band"]: (b["vacant_posts"], b["vacant_fte"]) for b in t07.establishment}
    assert vacant == {"3": (0, 0.0), "6": (0, 0.0), "7": (1, 1.0), "8a": (0, 0.0),
                      "8b": (1, 1.0)}
    assert (t07.vacant_posts, t07.vacant_fte) == (2, 2.0)
    assert next(t for t in report.teams if t.team_id == "T02").establishment is None
    assert {a.area_id: a.vacant_fte for a in report.areas} == {"A1": 1.0, "A2": 2.0, "A3": 0.0}


def test_the_sample_shared_post_counts_by_share_in_each_team_and_once_in_its_area(report):
    teams = {t.team_id: t for t in report.teams}
    assert teams["T01"].fte_by_band["8b"] == pytest.approx(0.6)
    assert teams["T04"].fte_by_band["8b"] == pytest.approx(0.6 + 0.4)  # S033 and S002's share
    a1 = next(a for a in report.areas if a.area_id == "A1")
    assert a1.clinical_staff == sum(t.clinical_staff for t in teams.values()
                                    if t.area_id == "A1") - 1
    assert a1.fte == pytest.approx(sum(t.fte for t in teams.values() if t.area_id == "A1"))


def test_the_sample_teams_with_elements_not_recorded_match_the_sample_readme(report):
    unknown = {t.team_id: t.unknown for t in report.teams if t.unknown}
    assert unknown == {"T05": ["ages_0_to_2", "dyadic_work", "no_diagnosis_needed",
                               "indirect_work"],
                       "T09": ["ages_0_to_2", "no_diagnosis_needed", "indirect_work"]}
    t09 = next(t for t in report.teams if t.team_id == "T09")
    assert t09.meets_standard and t09.severity > max(t.severity for t in report.teams
                                                     if not t.meets_standard)
