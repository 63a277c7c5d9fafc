"""Each element of the team definition, looked up by name in the registry, with a team that
breaks it and one that meets it; service elements left blank are unknown, never a pass."""

from __future__ import annotations

import pytest

from workforce.competencies.graph import Person
from workforce.competencies.rules import (
    MET,
    RULES,
    UNKNOWN,
    UNMET,
    TeamView,
    check_team,
    findings,
    verdict,
)
from workforce.store.models import Team

KNOWN = {"ages_served": "0-2", "dyadic_work": True, "diagnosis_required": False,
         "indirect_work": True, "antenatal_referrals": True}


def person(staff_id, profession="health_visitor", role="practitioner", band="7", level=2,
           towards=3, fte=1.0, induction_until=None) -> Person:
    clinical = profession not in ("administrator", "peer_support_worker", "team_manager",
                                  "nursery_nurse")
    return Person(staff_id, staff_id, "T1", profession, role, band, fte, clinical, level, level,
                  "recorded", towards, False, None, induction_until)


def team(*members: Person, **elements) -> TeamView:
    record = Team(team_id="T1", name="Test team", area_id="A1", lat=0, lon=0,
                  **{**KNOWN, **elements})
    return TeamView(record, list(members))


LEAD = person("lead", "clinical_psychologist", "lead", "8b", 3, None)
HV = person("a")

CASES = {
    "level_3_lead": (
        team(person("lead", "clinical_psychologist", "lead", "8b", 2, 3), HV),
        team(LEAD, HV)),
    "multidisciplinary": (
        team(LEAD, person("b", "clinical_psychologist")),
        team(LEAD, HV)),
    "clinical_staff_at_level_2": (
        team(LEAD, person("a", level=1, towards=2)),
        team(LEAD, HV, person("admin", "administrator", "admin", "4", 0, None))),
    "clinical_staff_working_towards_level_3": (
        team(LEAD, person("a", level=2, towards=None)),
        team(LEAD, HV)),
    "ages_0_to_2": (team(LEAD, HV, ages_served="1-4"), team(LEAD, HV, ages_served="0-5")),
    "dyadic_work": (team(LEAD, HV, dyadic_work=False), team(LEAD, HV)),
    "no_diagnosis_needed": (team(LEAD, HV, diagnosis_required=True), team(LEAD, HV)),
    "indirect_work": (team(LEAD, HV, indirect_work=False), team(LEAD, HV)),
}
ELEMENTS = ("ages_0_to_2", "dyadic_work", "no_diagnosis_needed", "indirect_work")


def test_every_registered_rule_has_cases():
    assert set(CASES) == set(RULES)


def test_every_rule_has_a_plain_english_name_and_a_source_in_the_data(ref):
    rules = ref.service.definition.rules
    assert set(rules) == set(RULES)
    for rule_id, item in rules.items():
        assert item.name and "_" not in item.name and item.source, rule_id


@pytest.mark.parametrize("name", sorted(RULES))
def test_rule_flags_a_team_that_breaks_it(ref, name):
    breaking, _ = CASES[name]
    result = RULES[name](breaking, ref)
    assert result.rule == name and result.status == UNMET and not result.met


@pytest.mark.parametrize("name", sorted(RULES))
def test_rule_passes_a_team_that_meets_it(ref, name):
    _, meeting = CASES[name]
    assert RULES[name](meeting, ref).status == MET


def test_multidisciplinary_needs_a_psychologist_or_psychotherapist(ref):
    result = RULES["multidisciplinary"](
        team(person("lead", "health_visitor", "lead", "8b", 3, None),
             person("b", "midwife")), ref)
    assert result.status == UNMET
    assert result.detail == "no psychologist or psychotherapist (health visitor: lead; midwife: b)"
    assert result.staff == ["lead", "b"]


@pytest.mark.parametrize("core", ["counselling_psychologist", "family_therapist", "art_therapist",
                                  "parent_infant_psychotherapist", "child_psychotherapist"])
def test_any_psychologist_or_psychotherapist_makes_the_team_multidisciplinary(ref, core):
    lead = person("lead", core, "lead", "8b", 3, None)
    assert RULES["multidisciplinary"](team(lead, HV), ref).status == MET
    assert verdict(check_team(team(lead, HV), ref), ref).meets_standard


def test_a_clinical_associate_psychologist_is_not_the_teams_psychologist(ref):
    lead = person("lead", "clinical_associate_psychologist", "lead", "8a", 3, None)
    assert RULES["multidisciplinary"](team(lead, HV), ref).status == UNMET


@pytest.mark.parametrize("band", ["7", "non_nhs", "specialty_doctor"])
def test_the_leads_band_is_a_finding_never_a_failure(ref, band):
    lead = person("lead", "clinical_psychologist", "lead", band, 3, None)
    view = team(lead, HV)
    assert verdict(check_team(view, ref), ref).meets_standard
    shown = {f["finding"]: f["value"] for f in findings(view, ref)}["lead_band"]
    assert shown == {"7": "lead: band 7, below 8b",
                     "non_nhs": "lead: no NHS band (voluntary-sector or council pay (no nhs "
                                "band))",
                     "specialty_doctor": "lead: specialty doctor (medical, 2021 contract)"}[band]


def test_a_medical_consultant_lead_is_consultant_level(ref):
    lead = person("lead", "child_psychiatrist", "lead", "consultant", 3, None)
    found = {f["finding"]: f["value"] for f in findings(team(lead, HV, LEAD), ref)}
    assert found["consultant_lead"] is True and found["lead_band"] == (
        "lead: consultant (medical, 2003 contract)")


def test_a_vacant_lead_post_says_so_and_no_finding_says_not_recorded(ref):
    view = team(person("cp", "clinical_psychologist", "clinician", "8a", 3, None), HV)
    result = RULES["level_3_lead"](view, ref)
    assert result.status == UNMET
    assert result.detail == "the lead post is vacant: no one in the role lead"
    found = {f["finding"]: f["value"] for f in findings(view, ref)}
    assert found["lead_band"] == found["lead_profession"] == "lead post vacant"
    assert found["consultant_lead"] == "lead post vacant"


def test_a_lead_short_of_level_3_is_named_with_their_level(ref):
    view = team(person("L1", "clinical_psychologist", "lead", "8c", 2, 3), HV)
    result = RULES["level_3_lead"](view, ref)
    assert result.detail == "lead L1 L1 (level 2, not 3)" and result.staff == ["L1"]
    found = {f["finding"]: f["value"] for f in findings(view, ref)}
    assert found["lead_profession"] == "L1: Clinical psychologist"


def test_failing_floor_rules_name_the_people_they_fail_on(ref):
    view = team(LEAD, HV, person("x", level=1, towards=None), person("y", level=0, towards=1))
    short = RULES["clinical_staff_at_level_2"](view, ref)
    assert short.detail == "below level 2: x x (level 1), y y (level 0)"
    assert short.staff == ["x", "y"]
    idle = RULES["clinical_staff_working_towards_level_3"](view, ref)
    assert idle.detail == ("not working towards level 3: x x (level 1, towards none), "
                           "y y (level 0, towards 1)")


def test_new_recruits_in_induction_are_not_held_to_the_floors(ref):
    import datetime as dt

    until = dt.date(2027, 3, 31)
    view = team(LEAD, HV, person("new", level=0, towards=None, induction_until=until))
    results = {r.rule: r for r in check_team(view, ref)}
    assert results["clinical_staff_at_level_2"].met
    assert results["clinical_staff_working_towards_level_3"].met
    assert "in induction, so not yet held to it: new new (level 0, until 2027-03-31)" in (
        results["clinical_staff_at_level_2"].detail)
    assert verdict(list(results.values()), ref).meets_standard


def test_support_staff_below_level_1_is_a_finding(ref):
    view = team(LEAD, HV, person("sw", "peer_support_worker", "support", "4", 0, None))
    assert verdict(check_team(view, ref), ref).meets_standard
    found = {f["finding"]: f["value"] for f in findings(view, ref)}
    assert found["support_staff_at_level_1"] == "below level 1: sw sw (level 0)"


def test_blank_service_elements_are_unknown_and_the_team_meets_on_what_is_known(ref):
    blank = team(LEAD, HV, **dict.fromkeys(KNOWN))
    results = check_team(blank, ref)
    assert {r.rule for r in results if r.status == UNKNOWN} == set(ELEMENTS)
    judged = verdict(results, ref)
    assert judged.meets_standard and judged.unmet == [] and judged.unknown == list(ELEMENTS)


def test_a_single_occupational_therapist_at_level_3_is_not_a_pair_team(ref):
    alone = team(person("ot", "occupational_therapist", "lead", "8b", 3, None, fte=0.4))
    judged = verdict(check_team(alone, ref), ref)
    assert not judged.meets_standard
    assert judged.unmet == ["multidisciplinary"]
    assert judged.severity == 1


def test_lead_consultant_level_and_profession_are_findings_not_failures(ref):
    lead = person("lead", "child_psychotherapist", "lead", "8c", 3, None)
    view = team(lead, HV)
    assert verdict(check_team(view, ref), ref).meets_standard
    found = {f["finding"]: f["value"] for f in findings(view, ref)}
    assert found["consultant_lead"] is True
    assert found["lead_profession"] == "lead: Child and adolescent psychotherapist"
    assert found["antenatal_referrals"] is True
    assert {f["finding"]: f["value"] for f in findings(team(LEAD, HV), ref)}[
        "consultant_lead"] is False


def test_antenatal_referrals_are_a_finding_not_a_requirement(ref):
    view = team(LEAD, HV, antenatal_referrals=False)
    assert verdict(check_team(view, ref), ref).meets_standard


def test_the_floor_covers_the_roles_the_data_names(ref):
    import dataclasses

    support = person("s", "family_support_worker", "support", "4", 0, None)
    assert RULES["clinical_staff_at_level_2"](team(LEAD, HV, support), ref).met
    everyone = dataclasses.replace(
        ref, service=dataclasses.replace(ref.service, rules=dataclasses.replace(
            ref.service.rules, floor_roles=(*ref.service.rules.floor_roles, "support"),
            floor_clinical_only=False)))
    result = RULES["clinical_staff_at_level_2"](team(LEAD, HV, support), everyone)
    assert not result.met and result.staff == ["s"]


@pytest.mark.parametrize("edit, message", [
    (("overdue_reviews: flag", "overdue_reviews: expire"), "'expire' is not flag or lapse"),
    (("floor_roles: [lead, clinician, practitioner]", "floor_roles: [lead, nurse]"),
     "roles nurse are not in `roles`"),
    (("      severity: 4\n", "      severity: 7\n"), "no name for severity 7"),
])
def test_a_bad_team_definition_setting_is_refused_on_load(tmp_path, edit, message):
    from workforce.errors import ReferenceDataError
    from workforce.reference.files import reference_path
    from workforce.reference.service_model import load_service_model

    text = reference_path("service_model.yaml").read_text().replace(*edit)
    path = tmp_path / "service_model.yaml"
    path.write_text(text)
    with pytest.raises(ReferenceDataError, match=message):
        load_service_model(path)
