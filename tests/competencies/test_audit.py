"""The audit: overdue reviews are flagged (or lapse, if set); reviews due soon are listed;
recording; each team's definition, findings and interventions."""

from __future__ import annotations

import datetime as dt
import json

from commands.cli import cli
from tests.competencies.settings import lapsing
from workforce.competencies.audit import competency_audit
from workforce.competencies.progress import progress
from workforce.reference.framework import load_framework


def _people(audit):
    return {p.staff_id: p for t in audit.teams for p in t.people}


def test_overdue_reviews_are_flagged_and_the_team_still_meets_the_definition(sample_engine,
                                                                               ref):
    audit = competency_audit(sample_engine, ref, team="T01", today=dt.date(2026, 11, 23))
    s005 = _people(audit)["S005"]
    assert (s005.attained_level, s005.level_source, s005.recorded_level) == (2, "itemised", 2)
    assert sorted(r["competency_id"] for r in s005.overdue) == ["1.01", "2.05", "2.08"]
    assert s005.reviews_overdue == 3 and s005.lapsed == []
    assert audit.teams[0].meets_standard and audit.overdue_reviews == "flag"


def test_overdue_reviews_lapse_when_the_setting_says_so(sample_engine, ref):
    audit = competency_audit(sample_engine, lapsing(ref), team="T01",
                             today=dt.date(2026, 11, 23))
    s005 = _people(audit)["S005"]
    assert s005.attained_level == 1
    assert sorted(r["competency_id"] for r in s005.lapsed) == ["1.01", "2.05", "2.08"]
    assert audit.teams[0].unmet == ["clinical_staff_at_level_2"]
    before = _people(competency_audit(sample_engine, lapsing(ref), team="T01",
                                      today=dt.date(2026, 4, 1)))
    assert before["S005"].attained_level == 2 and before["S005"].lapsed == []


def test_reviews_due_within_the_window_are_listed(sample_engine, ref):
    people = _people(competency_audit(sample_engine, ref, team="T01", today=dt.date(2026, 11, 23)))
    assert sorted(r["competency_id"] for r in people["S001"].reviews_due_soon) == ["2.09", "3.04"]
    assert people["S007"].reviews_due_soon == []


def test_people_without_itemised_attainments_use_their_recorded_level(sample_engine, ref):
    people = _people(competency_audit(sample_engine, ref, team="T07"))
    assert {p.level_source for p in people.values()} == {"recorded"}
    assert people["S059"].attained_level == 2


def test_progress_lists_needs_in_prerequisite_order(sample_engine, ref):
    path = progress(sample_engine, ref, "S026", today=dt.date(2026, 11, 23))
    assert path.next_level == 2 and path.needed == len(path.order) > 0
    position = {cid: i for i, cid in enumerate(path.order)}
    framework = load_framework()
    for cid in path.order:
        for needed in framework.by_id[cid].requires:
            if needed in position:
                assert position[needed] < position[cid]
    steps = [s for d in path.domains for s in d["steps"]]
    assert all(set(s.mentors_in_team) <= {"S024", "S025", "S028", "S029", "S030", "S031",
                                          "S032", "S026", "S027"} for s in steps)
    assert any(s.mentors_in_team for s in steps)


def test_record_writes_the_attainment_and_the_change_log(runner, sample_copy):
    db = sample_copy
    result = runner.invoke(cli, ["--db", db, "competencies", "record", "S059", "1.01",
                                 "--level", "3", "--evidenced-on", "2026-11-01",
                                 "--review-due", "2029-11-01", "--assessor", "Dr Wren"])
    assert result.exit_code == 0, result.output
    assert "Created: S059 1.01 at level 3" in result.output
    log = json.loads(runner.invoke(cli, ["--db", db, "export", "changes", "--format",
                                         "json"]).output)
    assert log[-1]["action"] == "record_attainment" and log[-1]["subject"] == "S059"
    bad = runner.invoke(cli, ["--db", db, "competencies", "record", "S059", "9.99", "--level",
                              "3", "--evidenced-on", "2026-11-01"])
    assert bad.exit_code == 2 and "'9.99' is not a competency" in bad.output
    nobody = runner.invoke(cli, ["--db", db, "competencies", "record", "S999", "1.01",
                                 "--level", "3", "--evidenced-on", "2026-11-01"])
    assert nobody.exit_code == 2 and "no staff member 'S999'" in nobody.output


def test_audit_cli_json(runner, sample_engine):
    result = runner.invoke(cli, ["--db", str(sample_engine.url), "competencies", "audit",
                                 "--team", "T07", "--format", "json"])
    assert result.exit_code == 0, result.output
    team = json.loads(result.output)["teams"][0]
    assert team["meets_standard"] is False
    assert [r["rule"] for r in team["rules"] if not r["met"]] == ["level_3_lead"]
    assert team["unmet"] == ["level_3_lead"] and team["unknown"] == []
    assert team["rules"][0]["name"] == "Led by a senior or consultant-level clinician holding AiMH level 3"


def test_audit_shows_the_interventions_a_team_can_offer_and_who(sample_engine, ref):
    team = competency_audit(sample_engine, ref, team="T01").teams[0]
    offered = {i["intervention"]: [s["staff_id"] for s in i["staff"]]
               for i in team.interventions}
    assert offered == {"vig": ["S005"], "parent_infant_psychotherapy": ["S001", "S007"],
                       "circle_of_security": ["S006"], "watch_me_play": ["S012"],
                       "nbo_nbas": ["S011"]}
    assert competency_audit(sample_engine, ref, team="T07").teams[0].interventions == []


def test_audit_table_uses_plain_english_and_shows_the_floor_setting(runner, sample_engine):
    result = runner.invoke(cli, ["--db", str(sample_engine.url), "competencies", "audit",
                                 "--team", "T05", "--as-of", "2026-11-23", "--format",
                                 "markdown"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "## T05 Ashby Lane Baby Steps: short of level 2 staff" in out
    assert "| Every clinical member holds AiMH level 2 | unmet |" in out
    assert "| Accepts referrals for children aged two and under | not recorded |" in out
    assert "The competency floor covers clinical members in the roles lead, clinician, " \
           "practitioner, from the end of an induction period of 12 months" in out
    for jargon in ("L2 floor", "clinical_staff_at_level_2", "level_3_lead"):
        assert jargon not in out
