"""Placement rules, as loaded from data/placement_rules.yaml."""
from __future__ import annotations

import pytest
import yaml

from workforce.errors import ReferenceDataError
from workforce.reference.files import reference_path
from workforce.reference.placement_rules import load_placement_rules


def test_placement_rule_defaults():
    rules = load_placement_rules()
    cp = rules.programmes["clinical_psychology"]
    assert (cp.supervisor_professions, cp.min_band, cp.min_aimh_level, cp.min_years_qualified) == (
        ("clinical_psychologist",), "7", 3, 2)
    mt = rules.programmes["music_therapy"]
    assert (mt.min_band, mt.min_aimh_level) == ("6", 2)
    assert "health_visitor" in rules.programmes["cyp_iapt_0_5"].supervisor_professions
    assert rules.supervisees_for_fte(1.0) == 2 and rules.supervisees_for_fte(0.5) == 1
    assert str(rules.cycle_start("2026-27")) == "2026-09-01"


def test_placement_dates_default_by_programme_and_a_zero_length_is_refused(tmp_path):
    rules = load_placement_rules()
    assert {name: (p.placement_starts_after_months, p.placement_months)
            for name, p in rules.programmes.items()} == {
        "clinical_psychology": (0, 6), "child_psychotherapy": (0, 12), "music_therapy": (0, 12),
        "cyp_iapt_0_5": (0, 12)}
    raw = yaml.safe_load(reference_path("placement_rules.yaml").read_text())
    raw["programmes"]["music_therapy"]["placement_months"] = 0
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(ReferenceDataError,
                       match="programmes.music_therapy.placement_months: 0 must be at least 1"):
        load_placement_rules(path)


def test_each_programme_states_its_supervisor_requirements_with_sources():
    rules = load_placement_rules()
    for programme in [*rules.programmes.values(), *rules.not_offered.values()]:
        assert set(programme.requirements) == {"registration", "years_qualified",
                                               "supervisor_training"}
        for source in programme.requirements.values():
            assert source.startswith("ASSUMPTION") or "§" in source
    cp = rules.programmes["clinical_psychology"]
    assert "HCPC" in cp.requirements["registration"] and "§9.1" in cp.requirements["years_qualified"]
    assert "min_aimh_level" in cp.local_rules


def test_a_programme_no_source_describes_is_not_offered_by_default():
    rules = load_placement_rules()
    assert "infant_early_years" in rules.not_offered
    assert "infant_early_years" not in rules.programmes


def test_local_rules_can_be_switched_off_leaving_the_professions_own(tmp_path):
    raw = yaml.safe_load(reference_path("placement_rules.yaml").read_text())
    raw["apply_local_rules"] = False
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(raw))
    rules = load_placement_rules(path)
    cp = rules.programmes["clinical_psychology"]
    assert (cp.min_aimh_level, cp.min_band, cp.max_years_since_supervisor_training) == (0, "1",
                                                                                         None)
    assert cp.min_years_qualified == 2  # the profession's own rule stays
    assert cp.supervisor_professions == ("clinical_psychologist",)


def test_an_unknown_local_rule_is_refused(tmp_path):
    raw = yaml.safe_load(reference_path("placement_rules.yaml").read_text())
    raw["programmes"]["music_therapy"]["local_rules"] = ["min_band", "shoe_size"]
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(ReferenceDataError, match="music_therapy.local_rules: shoe_size: a "
                                                 "local rule is one of"):
        load_placement_rules(path)
