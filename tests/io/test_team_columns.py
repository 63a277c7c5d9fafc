"""The columns and files for what a team is and who works in it: service elements, shared
posts, intervention training, funded establishment. Old files without them still import."""

from __future__ import annotations

import json

import pytest

from tests.io.test_importer import STAFF_HEADER, TEAMS, _fingerprint, _write

SHARED = STAFF_HEADER.rstrip("\n") + ",team_shares\n"
TEAMS_WITH_ELEMENTS = ("team_id,name,area_id,lat,lon,ages_served,antenatal_referrals,"
                       "dyadic_work,diagnosis_required,indirect_work,"
                       "professionals_reached_per_year\n")


def _export(loaded, table):
    return json.loads(loaded("export", table, "--format", "json").output)


def test_old_files_without_the_new_columns_import_with_the_elements_unknown(loaded):
    teams = _export(loaded, "teams")
    assert [t["team_id"] for t in teams] == ["T1", "T2"] and TEAMS.startswith("team_id")
    assert {t["ages_served"] for t in teams} == {None}
    assert {t["dyadic_work"] for t in teams} == {None}
    assert {s["team_shares"] for s in _export(loaded, "staff")} == {None}


def test_service_elements_import_and_export_back(loaded, tmp_path):
    content = TEAMS_WITH_ELEMENTS + "T1,Little Wrens,A1,52.1,-1.2,0 - 3,yes,yes,no,yes,1200\n"
    result = loaded("import", "teams", str(_write(tmp_path, "teams.csv", content)))
    assert result.exit_code == 0, result.output
    t1 = next(t for t in _export(loaded, "teams") if t["team_id"] == "T1")
    assert (t1["ages_served"], t1["antenatal_referrals"], t1["diagnosis_required"],
            t1["professionals_reached_per_year"]) == ("0-3", True, False, 1200)


def test_a_shared_post_imports(loaded, tmp_path):
    content = SHARED + "S5,Sol Reed,T1,clinical_psychologist,lead,8c,0.6,3,,no,,,T1:0.4;T2:0.2\n"
    result = loaded("import", "staff", str(_write(tmp_path, "staff.csv", content)))
    assert result.exit_code == 0, result.output
    s5 = next(s for s in _export(loaded, "staff") if s["staff_id"] == "S5")
    assert s5["team_shares"] == "T1:0.4;T2:0.2"


def test_new_professions_import(loaded, tmp_path, ref):
    rows = "".join(f"N{i},New {i},T1,{name},practitioner,6,1,1,2,no,,\n"
                   for i, name in enumerate(("assistant_psychologist",
                                             "infant_early_years_practitioner",
                                             "perinatal_psychiatrist",
                                             "lived_experience_lead")))
    result = loaded("import", "staff", str(_write(tmp_path, "staff.csv", STAFF_HEADER + rows)))
    assert result.exit_code == 0, result.output
    assert not ref.service.is_clinical("lived_experience_lead")
    assert ref.service.is_clinical("assistant_psychologist")


BAD = [
    ("staff", SHARED + "S9,A,T1,midwife,practitioner,6,0.8,2,3,no,,,T1:0.5;T2:0.2\n",
     "row 2, field 'team_shares': 'T1:0.5;T2:0.2' adds up to 0.7 FTE, not the fte (0.8)"),
    ("staff", SHARED + "S9,A,T1,midwife,practitioner,6,0.8,2,3,no,,,T2:0.8\n",
     "does not include the person's team_id (T1)"),
    ("staff", SHARED + "S9,A,T1,midwife,practitioner,6,0.8,2,3,no,,,T1:0.4;T7:0.4\n",
     "names an unknown team 'T7'"),
    ("staff", SHARED + "S9,A,T1,midwife,practitioner,6,0.8,2,3,no,,,T1=0.8\n",
     "'T1=0.8' is not TEAM:FTE"),
    ("teams", TEAMS_WITH_ELEMENTS + "T1,Little Wrens,A1,52.1,-1.2,two,,,,,\n",
     "field 'ages_served': 'two' is not an age range"),
    ("teams", TEAMS_WITH_ELEMENTS + "T1,Little Wrens,A1,52.1,-1.2,0-2,,perhaps,,,\n",
     "field 'dyadic_work': 'perhaps' is not yes or no"),
    ("training", "staff_id,intervention,trained_on\nS1,hypnosis,2024-01-01\n",
     "field 'intervention': 'hypnosis' is not a known intervention"),
    ("establishment", "team_id,band,posts,fte\nT1,8e,1,1\n",
     "field 'band': '8e' is not an Agenda for Change band"),
]


@pytest.mark.parametrize("table, content, message", BAD,
                         ids=["shares-sum", "shares-own-team", "shares-unknown-team",
                              "shares-form", "ages", "dyadic", "intervention", "band"])
def test_bad_new_columns_are_reported_and_change_nothing(loaded, tmp_path, table, content,
                                                          message):
    before = _fingerprint(loaded)
    result = loaded("import", table, str(_write(tmp_path, f"{table}.csv", content)))
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())
    assert _fingerprint(loaded) == before


def test_training_and_establishment_import(loaded, tmp_path):
    training = "staff_id,intervention,trained_on\nS1,vig,2024-03-01\nS2,circle_of_security,\n"
    assert loaded("import", "training", str(_write(tmp_path, "t.csv", training))).exit_code == 0
    funded = "team_id,band,posts,fte\nT1,8b,1,1\nT1,7,2,1.8\n"
    assert loaded("import", "establishment", str(_write(tmp_path, "e.csv", funded))
                  ).exit_code == 0
    assert [r["intervention"] for r in _export(loaded, "training")] == ["vig",
                                                                        "circle_of_security"]
    assert _export(loaded, "establishment") == [
        {"team_id": "T1", "band": "7", "posts": 2, "fte": 1.8},
        {"team_id": "T1", "band": "8b", "posts": 1, "fte": 1.0}]
