"""A real team imported as a manager keeps it: a voluntary-sector lead with no NHS band, a
family psychotherapist, a consultant psychiatrist, a new recruit in induction, and a team
that is one of two in its city. The audit, the gap report and the training plan read it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from commands.cli import cli
from workforce.competencies.audit import competency_audit
from workforce.competencies.gaps import gap_report
from workforce.competencies.plan import team_plan
from workforce.economics.cost import Costing, annual_cost

TODAY = dt.date(2026, 11, 23)
AREAS = "Area ID,Name,Population\nC1,Riverton,600000\n"
TEAMS = ("Team ID,Name,Area ID,Lat,Lon,Ages served,Dyadic work,Diagnosis required,"
         "Indirect work,Population served\n"
         "RT1,Riverton Little Minds,C1,52.1,-1.2,0-2,yes,no,yes,200000\n"
         "RT2,Riverton North,C1,,,0-2,yes,no,yes,\n")
STAFF = ("Staff ID,Name,Team ID,Profession,Role,Band,FTE,AiMH level,Working towards level,"
         "Started on,Annual cost\n"
         "P1,Lee Ash,RT1,Family therapist,Lead,non_nhs,1,3,,01/04/2019,61000\n"
         "P2,Kit Oak,RT1,Health Visitor,Practitioner,7,1,2,3,2020-01-06,\n"
         "P3,Rue Elm,RT1,Child psychiatrist,Clinician,Consultant,0.2,2,3,2018-09-01,\n"
         "P4,Mo Yew,RT1,Midwife,Practitioner,6,1,0,,01/09/2026,\n"
         "P5,Jo Fir,RT1,Nursery nurse,Support,4,1,0,,2024-05-01,\n"
         "P6,Al Bay,RT2,Clinical psychologist,Clinician,8a,1,2,3,2021-01-01,\n")
TRAINEES = ("trainee_id,name,programme,year,cycle,lat,lon,max_travel_km\n"
            "R1,Robin,clinical_psychology,1,2026-27,52.1,-1.2,40\n")


@pytest.fixture(scope="module")
def team_db(tmp_path_factory):
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("real")
    db = f"sqlite:///{folder / 'w.sqlite'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", db, "init"]).exit_code == 0
    for table, text in (("areas", AREAS), ("teams", TEAMS), ("staff", STAFF),
                        ("trainees", TRAINEES)):
        path = folder / f"{table}.csv"
        path.write_text(text, encoding="utf-8")
        result = runner.invoke(cli, ["--db", db, "import", table, str(path)])
        assert result.exit_code == 0, result.output
    from workforce.store.db import get_engine

    return db, get_engine(db)


def test_a_voluntary_sector_lead_family_psychotherapist_meets_the_definition(team_db, ref):
    audit = competency_audit(team_db[1], ref, team="RT1", today=TODAY)
    team = audit.teams[0]
    assert team.meets_standard, team.rules
    found = {f["finding"]: f["value"] for f in team.findings}
    assert found["lead_band"] == "P1: no NHS band (voluntary-sector or council pay (no nhs band))"
    assert found["lead_profession"] == "P1: Family and systemic psychotherapist"
    assert found["support_staff_at_level_1"] == "below level 1: P5 Jo Fir (level 0)"


def test_a_new_recruit_is_in_induction_until_a_year_after_starting(team_db, ref):
    audit = competency_audit(team_db[1], ref, team="RT1", today=TODAY)
    people = {p.staff_id: p for p in audit.teams[0].people}
    assert people["P4"].induction_until == dt.date(2027, 8, 31)
    assert people["P2"].induction_until is None
    level_2 = next(r for r in audit.teams[0].rules if r["rule"] == "clinical_staff_at_level_2")
    assert level_2["met"] and "P4 Mo Yew (level 0, until 2027-08-31)" in level_2["detail"]
    after = competency_audit(team_db[1], ref, team="RT1", today=dt.date(2027, 9, 1))
    assert after.teams[0].unmet == ["clinical_staff_at_level_2",
                                    "clinical_staff_working_towards_level_3"]


def test_the_audit_table_says_who_is_in_induction(team_db):
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["--db", team_db[0], "competencies", "audit", "--team",
                                      "RT1", "--as-of", "2026-11-23", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "in induction until 2027-08-31" in result.output


def test_a_team_is_set_against_its_own_population_and_the_rest_share_what_is_left(team_db,
                                                                                   ref):
    report = gap_report(team_db[1], ref, today=TODAY)
    teams = {t.team_id: t for t in report.teams}
    assert teams["RT1"].population == 200000
    assert teams["RT1"].population_basis == "its own population served"
    assert teams["RT2"].population == 400000
    scale = 200000 / ref.service.example_team.population
    assert teams["RT1"].standard_fte_by_band["8b"] == round(1.0 * scale, 2)


def test_a_failing_team_names_who_it_fails_on(team_db, ref):
    report = gap_report(team_db[1], ref, today=TODAY)
    rt2 = next(t for t in report.teams if t.team_id == "RT2")
    assert rt2.unmet[:2] == ["level_3_lead", "multidisciplinary"]
    assert rt2.fails_on["multidisciplinary"] == ["P6"]


def test_medical_staff_are_costed_on_medical_pay_and_voluntary_pay_is_not_costed(ref):
    consultant = annual_cost(ref, "consultant", 1.0, Costing())
    assert consultant == pytest.approx((109725 + 145478) / 2 * 1.28)
    with pytest.raises(Exception, match="band non_nhs .* cannot be costed"):
        annual_cost(ref, "non_nhs", 1.0, Costing())


def test_the_training_plan_puts_the_floor_first_and_new_recruits_after(team_db, ref):
    plan = team_plan(team_db[1], ref, "RT1", today=dt.date(2027, 9, 1))
    assert [(c.staff_id, c.rule) for c in plan.people] == [
        ("P4", "clinical_staff_at_level_2")]
    assert plan.people[0].next_level == 1 and plan.people[0].goal_level == 2
    early = team_plan(team_db[1], ref, "RT1", today=TODAY)
    assert [(c.staff_id, c.rule) for c in early.people] == [("P4", "induction")]


def test_the_plan_for_a_team_without_a_qualified_lead_trains_the_lead_first(team_db, ref):
    plan = team_plan(team_db[1], ref, "RT2", today=TODAY)
    assert plan.lead_vacant
    assert plan.people == []  # P6 holds level 2 and works towards 3: the lead must be appointed


def test_the_plan_orders_what_to_train_after_what_it_requires(team_db, ref):
    plan = team_plan(team_db[1], ref, "RT1", today=dt.date(2027, 9, 1))
    seen: set[tuple[str, int]] = set()
    for lack in plan.competencies:
        assert all((r, lack.level) in seen for r in lack.requires), lack
        seen.add((lack.competency_id, lack.level))
    assert len(plan.competencies) == len(ref.framework.competencies)
    assert sum(d["lacking"] for d in plan.domains) == len(ref.framework.competencies)


def test_the_plan_command_prints_json(team_db):
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["--db", team_db[0], "competencies", "plan", "--team",
                                      "RT2", "--as-of", "2026-11-23", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["lead_vacant"] is True


def test_a_team_without_a_location_is_audited_but_placements_ask_for_it(team_db):
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["--db", team_db[0], "placements", "plan", "--cycle",
                                      "2026-27"])
    assert result.exit_code == 2
    assert ("teams RT2 have no lat/lon: placements measure travel to every team, so add them "
            "to the teams file and import it") in " ".join(result.output.split())


def _in_post_cost(db: str, *options: str) -> dict:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["--db", db, "report", "bid", "--area", "C1", *options,
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    return next(m for m in report["metrics"]
                if m["metric"] == "cost_in_post" and m["area_id"] == "C1")


def test_voluntary_pay_is_costed_at_the_annual_cost_its_row_gives_for_the_owner_only(team_db,
                                                                                    ref):
    owner = _in_post_cost(team_db[0], "--no-suppress")
    banded = sum(annual_cost(ref, band, fte, Costing()) for band, fte in
                 (("7", 1.0), ("consultant", 0.2), ("6", 1.0), ("4", 1.0), ("8a", 1.0)))
    assert owner["value"] == round(banded + 61000)
    assert "band non_nhs: 1 FTE at the annual cost their rows give" in owner["assumption"]
    # A published report would give one person's pay away: it leaves them uncosted.
    published = _in_post_cost(team_db[0])
    assert "withheld from a published report" in published["assumption"]
