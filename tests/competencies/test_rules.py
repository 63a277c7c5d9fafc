"""Each team rule, looked up by name in the registry, with a team that breaks it and one that
meets it."""

from __future__ import annotations

import pytest

from workforce.competencies.graph import Person
from workforce.competencies.rules import RULES


def person(staff_id, profession="health_visitor", role="practitioner", band="7", level=2,
           towards=3) -> Person:
    clinical = profession not in ("administrator", "peer_support_worker")
    return Person(staff_id, staff_id, "T1", profession, role, band, 1.0, clinical, level, level,
                  "recorded", towards, False)


LEAD = person("lead", "clinical_psychologist", "lead", "8b", 3, None)

CASES = {
    "clinical_staff_at_level_2": (
        [LEAD, person("a", level=1, towards=2)],
        [LEAD, person("a", level=2), person("admin", "administrator", "admin", "4", 0, None)]),
    "clinical_staff_working_towards_level_3": (
        [LEAD, person("a", level=2, towards=None)],
        [LEAD, person("a", level=2, towards=3)]),
    "level_3_lead": (
        [person("lead", "clinical_psychologist", "lead", "8a", 3, None), person("a")],
        [LEAD, person("a")]),
}


def test_every_registered_rule_has_cases():
    assert set(CASES) == set(RULES)


@pytest.mark.parametrize("name", sorted(RULES))
def test_rule_flags_a_team_that_breaks_it(ref, name):
    breaking, _ = CASES[name]
    result = RULES[name](breaking, ref)
    assert result.rule == name and not result.met


@pytest.mark.parametrize("name", sorted(RULES))
def test_rule_passes_a_team_that_meets_it(ref, name):
    _, meeting = CASES[name]
    assert RULES[name](meeting, ref).met
