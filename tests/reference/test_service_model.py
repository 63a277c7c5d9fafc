"""The PAIR service model, as loaded from data/service_model.yaml."""
from __future__ import annotations

import pytest
import yaml

from workforce.errors import ReferenceDataError
from workforce.reference.files import data_dir, reference_path
from workforce.reference.service_model import load_service_model


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


def test_service_model_with_unknown_band_is_rejected(tmp_path):
    raw = yaml.safe_load(reference_path("service_model.yaml").read_text())
    raw["team_rules"]["lead_min_band"] = "8e"
    path = tmp_path / "service.yaml"
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(ReferenceDataError, match="team_rules.lead_min_band: '8e' is not a band"):
        load_service_model(path)
