"""The teams known from the 2023 survey: 43 teams mapped to real councils, and for every
mapping marked ambiguous, what the national report does with it."""

from __future__ import annotations

import csv
import shutil

import pytest

from workforce.errors import ReferenceDataError
from workforce.national.figures import load_uk
from workforce.national.picture import national_picture
from workforce.national.teams import known_teams_path, load_known_teams, shared_by_babies

#: Every ambiguous mapping: councils the report counts as served by the team, and
#: neighbouring councils the source might suggest but the report does not count.
AMBIGUOUS = {
    "Lothian PAIRS": (["S12000019", "S12000036"], ["S12000010", "S12000040"]),
    "PAIRS/CAMHS": (["E08000019"], []),
    "ABC PIP": (["N09000011", "N09000007", "N09000010"], ["N09000003"]),
    "Stockport Infant Parent Service": (["E08000007"], ["E08000006", "E08000009"]),
    "SEADS (Specialist Early Attachment and Development Service)": (
        ["E08000032", "E06000065"], []),
    "Perinatal and Infant Mental Health Team": (["S12000017"], ["S12000035"]),
    "PAIRS – Parent and Infant Relationship Service (change of name, was formerly known as "
    "Point One 0–4)": (["E07000148", "E07000244"], ["E07000245"]),
    "DorPIP": (["E06000059"], ["E06000058"]),
    "Essex Parent Infant Mental Health Service – Together With Baby": (
        ["E07000070", "E07000071", "E07000072"], ["E06000033", "E06000034"]),
    "Tameside and Glossop Early Attachment Service": (["E08000008", "E07000037"], []),
    "LSCFT SPCMHT Perinatal Mental Health Team": (
        ["E07000123", "E06000008", "E06000064"], ["E06000063"]),
    "Infant Mental Health Team Gloucestershire": (["E07000081", "E07000078"], ["E06000025"]),
}


@pytest.fixture(scope="module")
def uk():
    return load_uk()


@pytest.fixture(scope="module")
def teams(uk):
    return load_known_teams(uk)


@pytest.fixture(scope="module")
def by_council(ref, uk, teams):
    return {a.place.code: a for a in national_picture(ref, uk, teams, "la").areas}


def test_the_43_surveyed_teams_by_nation(teams):
    surveyed = [t for t in teams if t.surveyed]
    assert len(surveyed) == 43
    nations = [t.nation for t in surveyed]
    # the report's text says four in Scotland; its Annex 2 lists five Scottish teams
    assert {n: nations.count(n) for n in set(nations)} == {
        "England": 35, "Scotland": 5, "Wales": 2, "Northern Ireland": 1}


def test_every_ambiguous_mapping_is_listed_here(teams):
    assert {t.name for t in teams if t.ambiguous} == set(AMBIGUOUS)


@pytest.mark.parametrize("name", sorted(AMBIGUOUS))
def test_what_the_report_does_with_an_ambiguous_mapping(ref, uk, teams, by_council, name):
    team = next(t for t in teams if t.name == name)
    counted, not_counted = AMBIGUOUS[name]
    assert team.notes  # it says how it was read
    for code in counted:
        assert code in team.councils
        assert name in by_council[code].known_teams and by_council[code].unmet == 0
    for code in not_counted:
        assert name not in by_council[code].known_teams
    listed = national_picture(ref, uk, teams, "nation").ambiguous
    assert team in listed


def test_a_team_is_shared_among_its_councils_by_babies(uk, teams):
    shares = shared_by_babies(uk, teams, lambda t: 1.0)
    assert sum(shares.values()) == pytest.approx(len(teams))
    manchester = shares["E08000003"]
    assert manchester == pytest.approx(1.0)


def test_other_sources_name_teams_with_their_place_and_families(teams):
    others = {t.name: t for t in teams if not t.surveyed}
    brent = others["Brent Parent and Infant Relationship Service (PAIRS) in CAMHS"]
    assert brent.councils == ("E09000005",) and "slides" in brent.source
    leeds = next(t for t in teams if t.name == "Leeds Infant Mental Health Service")
    assert leeds.families_per_year == 130 and "Briefing for Commissioners" in leeds.families_source


def test_manchester_has_a_known_team_and_birmingham_none(by_council):
    assert by_council["E08000003"].known_teams == ("Manchester CAPS PAIRS",)
    assert by_council["E08000025"].known_teams == ()
    assert by_council["E08000025"].unmet == by_council["E08000025"].babies_benefiting


def _rewrite(tmp_path, change):
    path = tmp_path / "known_teams.csv"
    shutil.copy(known_teams_path(), path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_an_unknown_council_code_is_refused(tmp_path, uk):
    path = _rewrite(tmp_path, lambda rows: rows[1].update(ons_codes="E06999999"))
    with pytest.raises(ReferenceDataError, match=r"known_teams.csv row 3, field 'ons_codes': "
                                                 r"'E06999999' is not a council"):
        load_known_teams(uk, path)


def test_an_ambiguous_mapping_without_notes_is_refused(tmp_path, uk):
    path = _rewrite(tmp_path, lambda rows: rows[2].update(notes=""))
    with pytest.raises(ReferenceDataError, match="row 4, field 'notes': is empty"):
        load_known_teams(uk, path)
