"""Bands and pay, the PAIR service model and the placement rules, as loaded from data/."""

from __future__ import annotations

import pytest
import yaml

from workforce.datafiles import data_dir, reference_path
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


def test_the_gm_example_team_lists_6_33_fte_of_its_stated_7_33_for_280000_people():
    team = load_service_model().example_team
    assert team.name == "Greater Manchester example team"
    assert (team.population, team.stated_fte) == (280_000, 7.33)
    assert team.itemised_fte == pytest.approx(6.33) and team.unitemised_fte == pytest.approx(1)
    by_band = team.fte_by_band(560_000)
    assert by_band == pytest.approx({"8c": 0.66, "8b": 2.0, "7": 8.0, "4": 2.0})
    assert "8a" not in by_band
    assert team.fte_by_band(560_000, unitemised_band="8a")["8a"] == pytest.approx(2.0)
    manager = next(p for p in team.posts if p.post == "manager_admin")
    assert manager.band_range == ("6", "7", "8a") and manager.band in manager.band_range
    peer = next(p for p in team.posts if p.post == "peer_family_support")
    assert peer.band_basis.startswith("ASSUMPTION")


def test_every_need_rate_names_its_original_source():
    need = load_service_model().need
    assert "Start for Life" in need.disorganised_low_source
    assert "van IJzendoorn" in need.disorganised_high_source
    assert "§4.2" in need.benefit_source and "§4.2" in need.families_per_team_source
    assert need.families_per_team_per_year * need.teams_needed_pif == 56_000


def test_an_example_team_listing_more_than_its_total_is_refused(tmp_path):
    text = (data_dir() / "service_model.yaml").read_text().replace("stated_fte: 7.33",
                                                                   "stated_fte: 5")
    (tmp_path / "model.yaml").write_text(text)
    with pytest.raises(ReferenceDataError, match="posts add up to 6.33 FTE, more than"):
        load_service_model(tmp_path / "model.yaml")


def test_clinical_professions():
    model = load_service_model()
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


def test_placement_dates_default_by_programme_and_a_zero_length_is_refused(tmp_path):
    rules = load_placement_rules()
    assert {name: (p.placement_starts_after_months, p.placement_months)
            for name, p in rules.programmes.items()} == {
        "clinical_psychology": (0, 6), "child_psychotherapy": (0, 12), "music_therapy": (0, 12),
        "cyp_iapt_0_5": (0, 12), "infant_early_years": (0, 12)}
    raw = yaml.safe_load(reference_path("placement_rules.yaml").read_text())
    raw["programmes"]["music_therapy"]["placement_months"] = 0
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(ReferenceDataError,
                       match="programmes.music_therapy.placement_months: 0 must be at least 1"):
        load_placement_rules(path)
