"""Imports are all-or-nothing: every kind of bad input is reported and changes nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from commands.cli import cli

AREAS = "area_id,name,population,population_0_2,births_per_year\nA1,Wrenmoor,500000,9800,4900\n"
TEAMS = ("team_id,name,area_id,organisation,lat,lon,max_trainees,families_per_year\n"
         "T1,Little Wrens,A1,Wrenmoor Trust,52.1,-1.2,2,90\n"
         "T2,Owl Lane,A1,Wrenmoor Trust,52.2,-1.1,1,60\n")
STAFF_HEADER = ("staff_id,name,team_id,profession,role,band,fte,aimh_level,working_towards_level,"
                "supervisor,max_supervisees,qualified_on\n")
STAFF = STAFF_HEADER + (
    "S1,Avery Quill,T1,clinical_psychologist,lead,8b,1,3,,yes,2,2010-05-01\n"
    "S2,Morgan Thistle,T1,health_visitor,practitioner,7,0.8,2,3,no,,2015-09-01\n")
TRAINEE_HEADER = ("trainee_id,name,programme,year,cycle,lat,lon,max_travel_km,preferences,"
                  "excluded_teams\n")


@pytest.fixture
def loaded(runner, tmp_path):
    """A database with one area, two teams and two staff; returns an invoke helper."""
    db = f"sqlite:///{tmp_path / 'w.sqlite'}"

    def invoke(*args: str):
        return runner.invoke(cli, ["--db", db, *args])

    assert invoke("init").exit_code == 0
    for table, text in (("areas", AREAS), ("teams", TEAMS), ("staff", STAFF)):
        path = tmp_path / f"{table}.csv"
        path.write_text(text)
        result = invoke("import", table, str(path))
        assert result.exit_code == 0, result.output
    invoke.db_file = tmp_path / "w.sqlite"
    return invoke


def _fingerprint(invoke) -> str:
    dump = []
    for table in ("areas", "teams", "staff", "attainments", "trainees", "changes"):
        dump.append(invoke("export", table, "--format", "json").output)
    return hashlib.sha256("".join(dump).encode()).hexdigest()


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


BAD_INPUTS = [
    ("staff", "staff.csv", STAFF_HEADER.replace("band,", "") + "S9,A,T1,midwife,clinician,6,1,2,,no,,\n",
     "field 'band': is a required column and is missing"),
    ("staff", "staff.csv", STAFF_HEADER.replace("qualified_on", "qualifed_on") + "S9,A,T1,midwife,clinician,6,1,2,,no,,2020-01-01\n",
     "staff.csv row 1, field 'qualifed_on': is not a column of staff: did you mean 'qualified_on'?"),
    ("staff", "staff.csv", "", "the file is empty"),
    ("staff", "staff.csv", STAFF_HEADER, "has a header but no data rows"),
    ("staff", "staff.csv", STAFF_HEADER + "S9,A,T1,midwife,clinician,6,lots,2,,no,,\n",
     "row 2, field 'fte': 'lots' is not a number"),
    ("staff", "staff.csv", STAFF_HEADER + "S9,A,T1,midwife,clinician,6,1,2,,maybe,,\n",
     "row 2, field 'supervisor': 'maybe' is not yes or no"),
    ("staff", "staff.csv", STAFF_HEADER + "S9,A,T9,midwife,clinician,6,1,2,,no,,\n",
     "row 2, field 'team_id': 'T9' is not a known team"),
    ("teams", "teams.csv", TEAMS.splitlines()[0] + "\nT9,New,A9,Org,52,-1,1,50\n",
     "row 2, field 'area_id': 'A9' is not a known area"),
    ("staff", "staff.csv", STAFF_HEADER + "S9,A,T1,midwife,clinician,8e,1,2,,no,,\n",
     "row 2, field 'band': '8e' is not a pay band: an Agenda for Change band (2, 3, 4, 5, 6, 7, "
     "8a, 8b, 8c, 8d, 9) or consultant, specialty_doctor, non_nhs"),
    ("staff", "staff.csv", STAFF_HEADER + "S9,A,T1,midwife,clinician,Band 1,1,2,,no,,\n",
     "row 2, field 'band': 'Band 1' is a band closed to new entrants in nhs_bands.yaml: use one of "
     "2, 3, 4, 5, 6, 7, 8a, 8b, 8c, 8d, 9"),
    ("staff", "staff.csv", STAFF_HEADER + "S9,A,T1,midwife,clinician,6,1.2,2,,no,,\n",
     "row 2, field 'fte': '1.2' is not an FTE"),
    ("staff", "staff.csv", STAFF_HEADER + "S9,A,T1,midwife,clinician,6,0,2,,no,,\n",
     "row 2, field 'fte': '0' is not an FTE"),
    ("staff", "staff.csv", STAFF_HEADER + "S9,A,T1,midwife,clinician,6,1,4,,no,,\n",
     "row 2, field 'aimh_level': '4' is not an AiMH level"),
    ("staff", "staff.csv", STAFF_HEADER + "S9,A,T1,midwife,clinician,6,1,2,,no,,31/02/2020\n",
     "row 2, field 'qualified_on': '31/02/2020' is not a date"),
    ("staff", "staff.csv", STAFF_HEADER + "S9,A,T1,midwife,clinician,6,1,2,,no,,\n"
     "S9,B,T1,midwife,clinician,6,1,2,,no,,\n", "row 3, field 'staff_id': 'S9' is a duplicate of row 2"),
    ("attainments", "attainments.csv",
     "staff_id,competency_id,level,status,evidenced_on,review_due,assessed_by\n"
     "S1,9.99,2,achieved,2024-01-01,,Dr Wren\n",
     "row 2, field 'competency_id': '9.99' is not a competency"),
    ("attainments", "attainments.csv",
     "staff_id,competency_id,level,status,evidenced_on,review_due,assessed_by\n"
     "S1,1.01,4,achieved,2024-01-01,,Dr Wren\n",
     "row 2, field 'level': '4' is not a level of the framework"),
    ("trainees", "trainees.csv", TRAINEE_HEADER + "R1,Robin,music_therapy,1,2026-27,52,-1,40,T1;T7,\n",
     "row 2, field 'preferences': 'T1;T7' names unknown teams: T7"),
    ("trainees", "trainees.csv", TRAINEE_HEADER + "R1,Robin,music_therapy,1,2026-27,52,-1,40,T1,T8\n",
     "row 2, field 'excluded_teams': 'T8' names unknown teams: T8"),
    ("staff", "staff.csv", (STAFF_HEADER + "S9,Zo\u00eb,T1,midwife,clinician,6,1,2,,no,,\n"
                            ).encode("latin-1"),
     "row 2: is not UTF-8 text"),
    ("trainees", "trainees.csv", TRAINEE_HEADER + "R1,Robin,music_therapy,1,2026/27,52,-1,40,T1,\n",
     "row 2, field 'cycle': '2026/27' is not a cycle name: use YYYY-YY (e.g. 2026-27), or name "
     "it with letters, digits, '-', '_' and '.' and give cycle_starts_on"),
    ("trainees", "trainees.csv", TRAINEE_HEADER + "R1,Robin,music_therapy,1,2026-28,52,-1,40,T1,\n",
     "row 2, field 'cycle': '2026-28' is not a cycle name: the years must be consecutive (e.g. 2026-27)"),
    ("trainees", "trainees.csv", TRAINEE_HEADER.replace("\n", ",cycle_starts_on\n")
     + "R1,Robin,music_therapy,1,2026-27,52,-1,40,T1,,\nR2,Ash,music_therapy,1,2026_27,52,-1,40,T1,,2026-09-01\n",
     "row 3, field 'cycle': '2026_27' differs only in punctuation from the cycle of row 2, '2026-27': use one name"),
]


@pytest.mark.parametrize("table, name, content, message", BAD_INPUTS,
                         ids=["missing-column", "misspelt-column", "empty-file", "no-rows",
                              "wrong-type", "not-yes-no", "unknown-team", "unknown-area",
                              "band-not-listed", "band-1-closed", "fte-above-1", "fte-zero", "level-outside",
                              "not-a-date", "duplicate-id", "unknown-competency",
                              "attainment-level-outside", "prefers-unknown-team",
                              "excludes-unknown-team", "undecodable-bytes",
                                  "cycle-slash", "cycle-years-not-consecutive", "cycle-twice-in-file"])
def test_bad_input_is_reported_and_changes_nothing(loaded, tmp_path, table, name, content,
                                                   message):
    before = _fingerprint(loaded)
    result = loaded("import", table, str(_write(tmp_path, name, content)))
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "nothing was written" in result.output
    assert "Traceback" not in result.output
    assert _fingerprint(loaded) == before


def test_every_problem_in_the_file_is_listed(loaded, tmp_path):
    content = STAFF_HEADER + ("S9,A,T1,midwife,clinician,8e,1,2,,no,,\n"
                              "S10,B,T1,dentist,clinician,6,2,2,,no,,\n")
    result = loaded("import", "staff", str(_write(tmp_path, "staff.csv", content)))
    assert result.exit_code == 2
    assert "3 problem(s)" in result.output
    for field in ("row 2, field 'band'", "row 3, field 'profession'", "row 3, field 'fte'"):
        assert field in result.output


def test_one_bad_row_among_good_ones_writes_nothing(loaded, tmp_path):
    before = _fingerprint(loaded)
    content = STAFF_HEADER + ("S20,Good One,T1,midwife,clinician,6,1,2,3,no,,2019-01-01\n"
                              "S21,Bad One,T1,midwife,clinician,6,1,2,3,no,,never\n")
    result = loaded("import", "staff", str(_write(tmp_path, "staff.csv", content)))
    assert result.exit_code == 2
    assert _fingerprint(loaded) == before


def test_reimporting_the_same_file_is_idempotent(loaded, tmp_path):
    path = _write(tmp_path, "staff.csv", STAFF)
    result = loaded("import", "staff", str(path))
    assert result.exit_code == 0
    assert "0 new, 0 updated, 2 unchanged" in result.output


def test_dry_run_reports_and_writes_nothing(loaded, tmp_path):
    before = _fingerprint(loaded)
    content = STAFF_HEADER + "S30,New Person,T2,midwife,clinician,6,1,2,3,no,,2019-01-01\n"
    result = loaded("import", "staff", str(_write(tmp_path, "staff.csv", content)), "--dry-run")
    assert result.exit_code == 0
    assert "Would import 1 staff rows" in result.output and "1 new" in result.output
    assert _fingerprint(loaded) == before


def test_bom_and_xlsx_are_read(loaded, tmp_path):
    bom = _write(tmp_path, "staff.csv", "\ufeff" + STAFF_HEADER
                 + "S40,Bom Person,T2,midwife,clinician,6,1,2,3,no,,2019-01-01\n")
    assert loaded("import", "staff", str(bom)).exit_code == 0
    book = Workbook()
    sheet = book.active
    for line in (STAFF_HEADER + "S41,Xl Person,T2,midwife,clinician,6,0.5,2,3,no,,2019-01-01\n"
                 ).splitlines():
        sheet.append(line.split(","))
    book.save(tmp_path / "staff.xlsx")
    result = loaded("import", "staff", str(tmp_path / "staff.xlsx"))
    assert result.exit_code == 0, result.output
    exported = loaded("export", "staff").output
    assert "S40,Bom Person" in exported and "S41,Xl Person" in exported


def test_imports_are_written_to_the_change_log(loaded):
    log = loaded("export", "changes", "--format", "json").output
    assert log.count('"action": "import"') == 3
    assert '"subject": "staff"' in log


def test_template_prints_the_columns(runner):
    result = runner.invoke(cli, ["import", "staff", "--template"])
    assert result.output == STAFF_HEADER.rstrip("\n") + (
        ",team_shares,supervisor_trained_on,supervision_hours,started_on,annual_cost\n")


def test_a_cycle_differing_only_in_punctuation_from_an_existing_one_is_refused(loaded, tmp_path):
    good = _write(tmp_path, "trainees.csv", TRAINEE_HEADER + "R1,Robin,music_therapy,1,2026-27,52,-1,40,T1,\n")
    assert loaded("import", "trainees", str(good)).exit_code == 0
    before = _fingerprint(loaded)
    typo = _write(tmp_path, "more.csv", TRAINEE_HEADER.replace("\n", ",cycle_starts_on\n")
                  + "R2,Ash,music_therapy,1,2026.27,52,-1,40,T1,,2026-09-01\n")
    result = loaded("import", "trainees", str(typo))
    assert result.exit_code == 2
    assert ("more.csv row 2, field 'cycle': '2026.27' differs only in punctuation from an "
            "existing cycle, '2026-27': use one name") in result.output
    assert _fingerprint(loaded) == before


def test_normalised_values_are_reported_with_their_rows(loaded, tmp_path):
    path = _write(tmp_path, "staff.csv", STAFF_HEADER
                  + "S3,Ash Reed,T1,Health Visitor,Practitioner,Band 7,1,2,3,Y,,\n"
                  + "S4,Rue Fenn,T1,health-visitor,practitioner,7,1,2,3,no,,\n")
    result = loaded("import", "staff", str(path))
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())  # as one line, whatever the terminal's width
    for note in ("Note: staff.csv, field 'profession': read 2 values in another spelling "
                 "('Health Visitor' as 'health_visitor', 'health-visitor' as 'health_visitor'; "
                 "first at row 2)",
                 "Note: staff.csv, field 'role': read 1 value in another spelling "
                 "('Practitioner' as 'practitioner'; first at row 2)",
                 "Note: staff.csv, field 'band': read 1 value in another spelling ('Band 7' as "
                 "'7'; first at row 2)",
                 "Note: staff.csv, field 'supervisor': read 1 value in another spelling ('Y' as "
                 "'yes'; first at row 2)"):
        assert note in output
    assert "'7' as" not in output and "'no' as" not in output


def test_an_extra_column_is_ignored_with_a_note(loaded, tmp_path):
    path = _write(tmp_path, "staff.csv", STAFF_HEADER.replace("\n", ",notes\n")
                  + "S3,Ash Reed,T1,health_visitor,practitioner,7,1,2,3,no,,,back from leave in May\n")
    result = loaded("import", "staff", str(path))
    assert result.exit_code == 0, result.output
    assert ("Note: staff.csv: ignored 1 column not in staff: notes"
            in " ".join(result.output.split()))
    exported = loaded("export", "staff").output
    assert "S3,Ash Reed" in exported and "leave" not in exported


def test_a_column_the_file_leaves_out_keeps_its_stored_values(loaded, tmp_path):
    path = _write(tmp_path, "staff.csv", "staff_id,name,team_id,profession,role,band,fte,aimh_level\n"
                  "S1,Avery Quill,T1,clinical_psychologist,lead,8c,1,3\n")
    assert loaded("import", "staff", str(path)).exit_code == 0
    exported = loaded("export", "staff").output
    assert "S1,Avery Quill,T1,clinical_psychologist,lead,8c,1.0,3,,yes,2,2010-05-01" in exported


def test_a_trainees_file_without_preferences_keeps_the_stored_ones(loaded, tmp_path):
    first = _write(tmp_path, "trainees.csv", TRAINEE_HEADER + "R1,Robin,music_therapy,1,2026-27,52,-1,40,T2;T1,\n")
    assert loaded("import", "trainees", str(first)).exit_code == 0
    moved = _write(tmp_path, "moved.csv", "trainee_id,name,programme,cycle,lat,lon,max_travel_km\n"
                   "R1,Robin,music_therapy,2026-27,52.5,-1,40\n")
    result = loaded("import", "trainees", str(moved))
    assert result.exit_code == 0, result.output
    assert "1 updated" in result.output
    assert "R1,Robin,music_therapy,1,2026-27,52.5,-1.0,40.0,T2;T1," in loaded("export", "trainees").output


def test_headers_match_ignoring_case_spaces_and_underscores(loaded, tmp_path):
    header = ("Staff ID,Name,Team-ID,PROFESSION,Role,Band,FTE,AiMH Level,Started On\n")
    path = _write(tmp_path, "staff.csv", header
                  + "S3,Ash Reed,T1,counselling psychologist,clinician,8a,1,3,01/09/2026\n")
    result = loaded("import", "staff", str(path))
    assert result.exit_code == 0, result.output
    exported = loaded("export", "staff", "--format", "json").output
    row = next(r for r in json.loads(exported) if r["staff_id"] == "S3")
    assert row["profession"] == "counselling_psychologist" and row["started_on"] == "2026-09-01"


@pytest.mark.parametrize("value", ["2025-02-28Tgarbage", "20250101", "2025-W01-1", "2025-1-1",
                                   "1/1/25", "2025-02-28T00:00:00"])
def test_dates_are_iso_or_uk_and_nothing_else(loaded, tmp_path, value):
    before = _fingerprint(loaded)
    path = _write(tmp_path, "staff.csv", STAFF_HEADER
                  + f"S3,Ash Reed,T1,health_visitor,practitioner,7,1,2,3,no,,{value}\n")
    result = loaded("import", "staff", str(path))
    assert result.exit_code == 2
    assert (f"staff.csv row 2, field 'qualified_on': '{value}' is not a date: use YYYY-MM-DD or "
            "DD/MM/YYYY") in " ".join(result.output.split())
    assert _fingerprint(loaded) == before


@pytest.mark.parametrize("value, expected", [("2025-02-28", "2025-02-28"),
                                             ("28/02/2025", "2025-02-28"),
                                             ("1/9/2024", "2024-09-01")])
def test_uk_and_iso_dates_read_as_the_same_day(loaded, tmp_path, value, expected):
    path = _write(tmp_path, "staff.csv", STAFF_HEADER
                  + f"S3,Ash Reed,T1,health_visitor,practitioner,7,1,2,3,no,,{value}\n")
    assert loaded("import", "staff", str(path)).exit_code == 0
    rows = json.loads(loaded("export", "staff", "--format", "json").output)
    assert next(r for r in rows if r["staff_id"] == "S3")["qualified_on"] == expected


def test_a_value_close_to_a_known_one_gets_a_did_you_mean(loaded, tmp_path):
    path = _write(tmp_path, "staff.csv", STAFF_HEADER
                  + "S3,Ash Reed,T1,clinical psycologist,practitioner,7,1,2,3,no,,\n")
    result = loaded("import", "staff", str(path))
    assert result.exit_code == 2
    assert ("row 2, field 'profession': 'clinical psycologist' is not a known profession: did "
            "you mean 'clinical_psychologist'?") in " ".join(result.output.split())


@pytest.mark.parametrize("band", ["consultant", "Specialty Doctor", "non-NHS"])
def test_medical_and_voluntary_sector_pay_are_bands_staff_can_have(loaded, tmp_path, band):
    path = _write(tmp_path, "staff.csv", STAFF_HEADER
                  + f"S3,Ash Reed,T1,child_psychiatrist,clinician,{band},1,2,3,no,,\n")
    result = loaded("import", "staff", str(path))
    assert result.exit_code == 0, result.output
    rows = json.loads(loaded("export", "staff", "--format", "json").output)
    stored = next(r for r in rows if r["staff_id"] == "S3")["band"]
    assert stored == {"consultant": "consultant", "Specialty Doctor": "specialty_doctor",
                      "non-NHS": "non_nhs"}[band]


@pytest.mark.parametrize("profession", ["counselling_psychologist", "nursery_nurse",
                                        "speech_and_language_therapist", "paediatrician",
                                        "clinical_associate_psychologist"])
def test_the_professions_real_teams_employ_can_be_imported(loaded, tmp_path, profession):
    path = _write(tmp_path, "staff.csv", STAFF_HEADER
                  + f"S3,Ash Reed,T1,{profession},practitioner,7,1,2,3,no,,\n")
    assert loaded("import", "staff", str(path)).exit_code == 0


def test_a_programme_the_rules_do_not_offer_says_why_and_how_to_switch_it_on(loaded, tmp_path):
    path = _write(tmp_path, "trainees.csv", TRAINEE_HEADER
                  + "R1,Robin,infant_early_years,1,2026-27,52,-1,40,,\n")
    result = loaded("import", "trainees", str(path))
    said = " ".join(result.output.split())
    assert result.exit_code == 2 and "not a known programme" not in said
    assert "row 2, field 'programme': 'infant_early_years' is not offered: no source" in said
    assert "offered: true" in said and "--placement-rules" in said


def test_a_team_list_written_with_commas_is_told_to_use_semicolons(loaded, tmp_path):
    path = _write(tmp_path, "trainees.csv", TRAINEE_HEADER
                  + 'R1,Robin,music_therapy,1,2026-27,52,-1,40,"T1, T2",\n')
    result = loaded("import", "trainees", str(path))
    assert result.exit_code == 2
    assert ("row 2, field 'preferences': 'T1, T2' is a list with commas: use ; between teams "
            "(e.g. T01;T02)") in " ".join(result.output.split())


def test_an_annual_cost_is_only_for_pay_with_no_national_scale(loaded, tmp_path):
    header = STAFF_HEADER.replace("\n", ",annual_cost\n")
    path = _write(tmp_path, "staff.csv", header
                  + "S3,Ash Reed,T1,health_visitor,practitioner,7,1,2,3,no,,,41000\n"
                  + "S4,Rue Fenn,T1,health_visitor,practitioner,non_nhs,1,2,3,no,,,39000\n")
    result = loaded("import", "staff", str(path))
    assert result.exit_code == 2
    assert ("row 2, field 'annual_cost': '41000' is only for pay with no national scale "
            "(non_nhs): band 7 is costed from its pay scale") in " ".join(result.output.split())
    assert "row 3" not in result.output
