"""The team definition on an area the sample does not contain, imported as a user would:
a lone occupational therapist does not meet the PAIR team definition; teams without a level-3 lead lead the gap
report; overdue reviews and partial evidence beneath a recorded level fail nobody; a shared
post counts by its share in each team and once in the area."""

from __future__ import annotations

import json

import pytest

from commands.cli import cli

AS_OF = "2026-11-23"
AREAS = "area_id,name,population\nH,Hidden Vale,300000\n"
TEAMS = ("team_id,name,area_id,lat,lon,ages_served,dyadic_work,diagnosis_required,"
         "indirect_work\n"
         "H1,Lone Practice,H,52.0,-1.0,0-2,yes,no,yes\n"
         "H2,No Lead Yet,H,52.0,-1.0,0-2,yes,no,yes\n"
         "H3,Vale Parent-Infant Team,H,52.0,-1.0,0-2,yes,no,yes\n"
         "H4,Vale Little Steps,H,52.0,-1.0,,,,\n")
STAFF = ("staff_id,name,team_id,profession,role,band,fte,aimh_level,working_towards_level,"
         "team_shares\n"
         "OT1,Orla Tarn,H1,occupational_therapist,lead,8b,0.4,3,,\n"
         "L2,Lowen Ash,H2,clinical_psychologist,lead,8a,1,2,3,\n"
         "V2,Vida Moss,H2,health_visitor,practitioner,7,1,2,3,\n"
         "L3,Lark Fell,H3,child_psychotherapist,lead,8c,0.66,3,,H3:0.33;H4:0.33\n"
         "HV,Hana Beck,H3,health_visitor,practitioner,7,1,2,3,\n"
         "MW,Mira Dale,H3,midwife,practitioner,7,0.8,2,3,\n"
         "L4,Lior Crag,H4,clinical_psychologist,lead,8b,1,3,,\n"
         "N4,Nell Brook,H4,mental_health_nurse,practitioner,6,1,1,2,\n")


@pytest.fixture(scope="module")
def hidden(tmp_path_factory, ref):
    """A database holding only the hidden area; returns an invoke helper."""
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("hidden")
    db = f"sqlite:///{folder / 'hidden.sqlite'}"
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, ["--db", db, *args])

    # HV: every competency at level 2, three of them past review. MW: recorded level 2 and
    # just three itemised level-2 attainments.
    overdue = set(ref.framework.competency_ids()[:3])
    rows = [f"HV,{cid},2,achieved,2024-05-01,{'2026-05-01' if cid in overdue else '2029-05-01'}"
            for cid in ref.framework.competency_ids()]
    rows += [f"MW,{cid},2,achieved,2026-01-10,2029-01-10"
             for cid in ref.framework.competency_ids()[:3]]
    attainments = "staff_id,competency_id,level,status,evidenced_on,review_due\n" + "\n".join(
        rows) + "\n"
    assert invoke("init").exit_code == 0
    for table, content in (("areas", AREAS), ("teams", TEAMS), ("staff", STAFF),
                           ("attainments", attainments)):
        path = folder / f"{table}.csv"
        path.write_text(content)
        result = invoke("import", table, str(path))
        assert result.exit_code == 0, result.output
    return invoke


def _json(invoke, *args):
    result = invoke(*args, "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_single_occupational_therapist_holding_level_3_is_not_a_pair_team(hidden):
    team = _json(hidden, "competencies", "audit", "--team", "H1")["teams"][0]
    assert team["meets_standard"] is False
    assert team["unmet"] == ["multidisciplinary"]
    assert team["severity"] == 1


def test_teams_without_a_level_3_lead_lead_the_gap_report(hidden):
    teams = _json(hidden, "competencies", "gaps")["teams"]
    assert [t["team_id"] for t in teams][:2] == ["H2", "H1"]
    assert teams[0]["unmet"] == ["level_3_lead"] and teams[0]["level_3_lead"] is None
    short = next(t for t in teams if t["team_id"] == "H4")
    assert short["unmet"] == ["clinical_staff_at_level_2",
                              "clinical_staff_working_towards_level_3"]
    assert [t["team_id"] for t in teams].index("H4") > 1


def test_overdue_reviews_and_partial_evidence_still_meet_the_definition(hidden):
    team = _json(hidden, "competencies", "audit", "--team", "H3")["teams"][0]
    assert team["meets_standard"] is True and team["unmet"] == [] and team["unknown"] == []
    people = {p["staff_id"]: p for p in team["people"]}
    hv, mw = people["HV"], people["MW"]
    assert (hv["attained_level"], hv["level_source"], hv["reviews_overdue"]) == (
        2, "itemised", 3)
    assert [r["review_due"] for r in hv["overdue"]] == ["2026-05-01"] * 3
    assert (mw["attained_level"], mw["level_source"], mw["itemised_level"]) == (
        2, "recorded", 0)
    assert mw["next_level"] == 3


def test_a_team_with_elements_not_recorded_meets_on_what_is_known(hidden):
    team = _json(hidden, "competencies", "audit", "--team", "H4")["teams"][0]
    assert team["unknown"] == ["ages_0_to_2", "dyadic_work", "no_diagnosis_needed",
                               "indirect_work"]
    assert team["unmet"] == ["clinical_staff_at_level_2",
                             "clinical_staff_working_towards_level_3"]
    assert team["meets_standard"] is False


def test_a_shared_post_counts_by_its_share_in_each_team_and_once_in_the_area(hidden):
    report = _json(hidden, "competencies", "gaps")
    teams = {t["team_id"]: t for t in report["teams"]}
    assert teams["H3"]["fte_by_band"]["8c"] == pytest.approx(0.33)
    assert teams["H4"]["fte_by_band"]["8c"] == pytest.approx(0.33)
    area = report["areas"][0]
    assert area["fte_by_band"]["8c"] == pytest.approx(0.66)
    assert area["clinical_staff"] == 8  # eight people, L3 counted once
    assert area["fte"] == pytest.approx(0.4 + 2 + 0.66 + 1.8 + 2)
    assert sum(t["staff"] for t in teams.values()) == 9  # L3 is a member of two teams


def test_the_audit_shows_a_shared_post_with_its_share(hidden):
    audit = _json(hidden, "competencies", "audit")
    shares = {t["team_id"]: p["fte"] for t in audit["teams"] for p in t["people"]
              if p["staff_id"] == "L3"}
    assert shares == {"H3": 0.33, "H4": 0.33}


def test_before_the_review_dates_nothing_is_overdue(hidden):
    result = hidden("competencies", "audit", "--team", "H3", "--as-of", "2026-04-01",
                    "--format", "json")
    people = {p["staff_id"]: p for p in json.loads(result.output)["teams"][0]["people"]}
    assert people["HV"]["overdue"] == [] and people["HV"]["attained_level"] == 2
