"""Attained levels: a recorded level stands until itemised evidence completes a higher
one; levels are progressive; when overdue reviews lapse, a lapsed review withholds its level
and those above; recording says when evidence falls short of the recorded level."""

from __future__ import annotations

import datetime as dt

from commands.cli import cli
from tests.competencies.settings import lapsing
from workforce.competencies.audit import competency_audit
from workforce.competencies.gaps import gap_report
from workforce.competencies.record import record_attainment
from workforce.store.db import get_engine

AS_OF = dt.date(2026, 11, 23)


def _person(engine, ref, team, staff_id):
    audit = competency_audit(engine, ref, team=team, today=AS_OF)
    return next(p for t in audit.teams for p in t.people if p.staff_id == staff_id)


def test_a_lapsed_level_1_review_withholds_every_level_above_it(sample_copy, ref):
    ref = lapsing(ref)
    engine = get_engine(sample_copy)
    assert _person(engine, ref, "T01", "S001").attained_level == 3
    done = record_attainment(engine, ref, "S001", "3.05", 1, dt.date(2020, 1, 1),
                             dt.date(2026, 1, 1), today=AS_OF)
    assert (done.outcome, done.attained_level, done.level_source) == ("updated", 0, "itemised")
    s001 = _person(engine, ref, "T01", "S001")
    assert s001.attained_level == 0
    assert s001.lapsed == [{"competency_id": "3.05", "level": 1,
                            "review_due": dt.date(2026, 1, 1)}]
    t01 = next(t for t in gap_report(engine, ref, today=AS_OF).teams if t.team_id == "T01")
    assert t01.level_3_lead is None and "level_3_lead" in t01.unmet


def test_an_overdue_review_stays_counted_by_default(sample_copy, ref):
    engine = get_engine(sample_copy)
    record_attainment(engine, ref, "S001", "3.05", 1, dt.date(2020, 1, 1),
                      dt.date(2026, 1, 1), today=AS_OF)
    s001 = _person(engine, ref, "T01", "S001")
    assert s001.attained_level == 3 and s001.lapsed == []
    assert s001.overdue == [{"competency_id": "3.05", "level": 1,
                             "review_due": dt.date(2026, 1, 1)}]


def test_partial_evidence_never_lowers_a_recorded_level(runner, sample_copy, ref):
    engine = get_engine(sample_copy)
    assert _person(engine, ref, "T07", "S059").level_source == "recorded"
    result = runner.invoke(cli, ["--db", sample_copy, "competencies", "record", "S059", "6.05",
                                 "--level", "3", "--evidenced-on", "2026-11-01",
                                 "--working-towards"])
    assert result.exit_code == 0, result.output
    assert "Created: S059 6.05 at level 3" in result.output
    assert "S059's itemised attainments complete level 0, below their recorded level 2, " \
           "which stands" in " ".join(result.output.split())
    s059 = _person(engine, ref, "T07", "S059")
    assert (s059.attained_level, s059.level_source, s059.recorded_level,
            s059.itemised_level) == (2, "recorded", 2, 0)


def test_recording_evidence_dated_in_the_future_is_refused(runner, sample_copy):
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    result = runner.invoke(cli, ["--db", sample_copy, "competencies", "record", "S059", "1.01",
                                 "--level", "3", "--evidenced-on", future])
    assert result.exit_code == 2
    assert f"--evidenced-on {future} is in the future" in result.output


def test_recording_the_same_attainment_twice_changes_nothing(runner, sample_copy):
    args = ["--db", sample_copy, "competencies", "record", "S005", "1.01", "--level", "2",
            "--evidenced-on", "2026-11-01", "--review-due", "2029-11-01"]
    assert "Updated: S005" in runner.invoke(cli, args).output
    again = runner.invoke(cli, args)
    assert again.exit_code == 0 and "Unchanged: S005 1.01 at level 2" in again.output


def test_evidence_at_a_level_shows_every_level_below_it(sample_copy, ref, tmp_path):
    from workforce.io.importer import import_file

    engine = get_engine(sample_copy)
    rows = "".join(f"S059,{cid},3,achieved,2026-10-01,2029-10-01\n"
                   for cid in ref.framework.competency_ids())
    path = tmp_path / "attainments.csv"
    path.write_text("staff_id,competency_id,level,status,evidenced_on,review_due\n" + rows)
    import_file(engine, ref, "attainments", path)
    s059 = _person(engine, ref, "T07", "S059")
    assert (s059.attained_level, s059.level_source, s059.itemised_level) == (3, "itemised", 3)


def test_mentors_hold_the_competency_at_the_level_needed_in_date_by_the_same_rule(
        sample_engine, ref):
    from workforce.competencies.progress import progress

    def mentors(settings, cid):
        path = progress(sample_engine, settings, "S008", today=AS_OF)
        assert path.next_level == 2
        step = next(s for d in path.domains for s in d["steps"] if s.competency_id == cid)
        return step.mentors_in_team

    assert "S005" in mentors(ref, "2.08")  # review overdue: flagged, still a mentor
    assert "S005" not in mentors(lapsing(ref), "2.08")
    assert "S009" not in mentors(ref, "2.08")  # an administrator at level 0


def test_a_shared_post_is_listed_once_as_a_mentor(sample_engine, ref):
    from workforce.competencies.progress import progress

    path = progress(sample_engine, ref, "S008", today=AS_OF)
    step = path.domains[0]["steps"][0]
    assert step.mentors_in_team.count("S002") == 1 and "S002" not in step.mentors_in_area


def test_upgrading_makes_existing_summaries_progressive_and_downgrading_restores_them(tmp_path):
    from alembic import command
    from alembic.script import ScriptDirectory
    from sqlalchemy import text

    from workforce.store.db import MIGRATIONS, _alembic_config

    engine = get_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    before = ScriptDirectory(str(MIGRATIONS)).get_revision("0004").down_revision
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), before)
        connection.execute(text("INSERT INTO area (area_id, name) VALUES ('A', 'A')"))
        connection.execute(text("INSERT INTO team (team_id, name, area_id, organisation, lat, "
                                "lon, max_trainees) VALUES ('T', 'T', 'A', '', 0, 0, 0)"))
        connection.execute(text("INSERT INTO staff (staff_id, name, team_id, profession, role, "
                                "band, fte, aimh_level, supervisor) VALUES ('S', 'S', 'T', "
                                "'midwife', 'practitioner', '6', 1, 0, false)"))
        for cid in ("1.01", "1.02"):
            connection.execute(text(
                "INSERT INTO attainment (staff_id, competency_id, level, status, review_due) "
                f"VALUES ('S', '{cid}', 2, 'achieved', '2030-01-01')"))
    summary = "SELECT level, achieved FROM attainment_summary ORDER BY level"
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0004")
        assert connection.execute(text(summary)).all() == [(1, 2), (2, 2)]
        command.downgrade(_alembic_config(connection), before)
        assert connection.execute(text(summary)).all() == [(2, 2)]
