"""Bands and pay, the PAIR service model and the placement rules, as loaded from data/."""

from __future__ import annotations

import pytest
import yaml

from workforce.datafiles import reference_path
from workforce.errors import ReferenceDataError
from workforce.reference import load_bands, load_placement_rules, load_service_model


def test_bands_carry_2025_26_pay_in_order():
    bands = load_bands()
    assert bands.pay_year == "2025/26"
    assert bands.names() == ["1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9"]
    assert bands.by_name["1"].closed
    assert (bands.by_name["7"].min_pay, bands.by_name["7"].max_pay) == (47810, 54710)
    assert bands.by_name["8c"].pay("mid") == (76965 + 88682) / 2
    assert bands.at_least("8b", "7") and not bands.at_least("6", "7")
    assert bands.normalise(" Band 8A ") == "8a" and bands.normalise("8e") is None
    assert 0.25 <= bands.on_cost_rate <= 0.30


def test_team_standard_is_7_33_fte_per_280000():
    model = load_service_model()
    assert model.standard_population == 280_000
    assert sum(p.fte for p in model.posts) == pytest.approx(7.33)
    by_band = model.standard_fte_by_band(560_000)
    assert by_band["8c"] == pytest.approx(0.66) and by_band["8b"] == pytest.approx(2.0)
    assert model.is_clinical("clinical_psychologist") and not model.is_clinical("administrator")


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


def test_service_model_with_unknown_band_is_rejected(tmp_path):
    raw = yaml.safe_load(reference_path("service_model.yaml").read_text())
    raw["team_rules"]["lead_min_band"] = "8e"
    path = tmp_path / "service.yaml"
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(ReferenceDataError, match="team_rules.lead_min_band: '8e' is not a band"):
        load_service_model(path)


def test_unreadable_yaml_names_the_file_and_line(tmp_path):
    path = tmp_path / "bands.yaml"
    path.write_text("bands: [\n  - band: 1\n")
    with pytest.raises(ReferenceDataError, match="bands.yaml line"):
        load_bands(path)
