"""Agenda for Change bands and pay, as loaded from data/nhs_bands.yaml."""
from __future__ import annotations

import pytest

from workforce.errors import ReferenceDataError
from workforce.reference.bands import load_bands


def test_bands_carry_2025_26_pay_in_order():
    bands = load_bands()
    assert bands.pay_year == "2025/26"
    assert bands.names() == ["1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9",
                             "consultant", "specialty_doctor", "non_nhs"]
    assert bands.by_name["1"].closed
    assert (bands.by_name["7"].min_pay, bands.by_name["7"].max_pay) == (47810, 54710)
    assert bands.by_name["8c"].pay("mid") == (76965 + 88682) / 2
    assert bands.at_least("8b", "7") and not bands.at_least("6", "7")
    assert bands.normalise(" Band 8A ") == "8a" and bands.normalise("8e") is None
    assert 0.25 <= bands.on_cost_rate <= 0.30


def test_unreadable_yaml_names_the_file_and_line(tmp_path):
    path = tmp_path / "bands.yaml"
    path.write_text("bands: [\n  - band: 1\n")
    with pytest.raises(ReferenceDataError, match="bands.yaml line"):
        load_bands(path)
