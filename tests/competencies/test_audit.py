"""The audit: lapsed reviews lower attained level; reviews due soon are listed; recording."""

from __future__ import annotations

import datetime as dt
import json

from commands.cli import cli
from workforce.competencies.audit import competency_audit
from workforce.competencies.progress import progress
from workforce.framework import load_framework


def _people(audit):
    return {p.staff_id: p for t in audit.teams for p in t.people}


def test_lapsed_reviews_lower_the_attained_level(sample_engine, ref):
    people = _people(competency_audit(sample_engine, ref, team="T01", today=dt.date(2026, 11, 23)))
    s005 = people["S005"]
    assert (s005.attained_level, s005.level_source, s005.recorded_level) == (1, "itemised", 2)
    assert sorted(r["competency_id"] for r in s005.lapsed) == ["1.01", "2.05", "2.08"]
    before = _people(competency_audit(sample_engine, ref, team="T01", today=dt.date(2026, 4, 1)))
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
