"""The pipeline rates file: every rate sourced or labelled an assumption, and a bad file
refused with its file and key named."""

from __future__ import annotations

import pytest

from commands.cli import cli
from workforce.errors import ReferenceDataError
from workforce.pipeline.rates import ASSUMPTION, FLOWS, load_pipeline_rates
from workforce.reference.files import data_dir


def test_every_rate_has_a_range_and_a_source_or_the_assumption_label(ref):
    rates = load_pipeline_rates(ref)
    assert set(FLOWS) <= set(rates.rates)
    assert {"recruit_level_3_share_lead", "recruit_level_2_share_practitioner"} <= set(rates.rates)
    for rate in rates.rates.values():
        assert rate.low <= rate.central <= rate.high
        assert rate.source.startswith(ASSUMPTION) or "§" in rate.source or "Briefing" in rate.source
    assert rates.programmes["clinical_psychology"].years == 3
    assert rates.programmes["child_psychotherapy"].band == "7"
    assert "§3.2" in rates.programmes["clinical_psychology"].source


def test_recruits_level_mix_depends_on_the_band_of_the_post(ref):
    rates = load_pipeline_rates(ref)
    assert rates.recruit_class["8b"] == rates.recruit_class["8c"] == "lead"
    assert rates.recruit_class["5"] == "practitioner" and rates.recruit_class["7"] == "senior"
    lead, practitioner = (rates.rates[f"recruit_level_3_share_{c}"] for c in
                          ("lead", "practitioner"))
    assert lead.central == 1.0 and practitioner.high == 0.0
    assert rates.rates["recruit_level_2_share_practitioner"].central < 0.1


def test_doctorate_places_are_not_for_sale_only_hosted_placements(ref):
    rates = load_pipeline_rates(ref)
    assert rates.programmes["clinical_psychology"].kind == "placement"
    # infant_early_years is not offered: no source describes its supervisors.
    assert set(rates.of_kind("recruit_to_train")) == {"cyp_iapt_0_5"}
    assert [(s.low, s.high, s.min_level) for s in rates.steps] == [("8a", "8b", 3),
                                                                   ("7", "8a", 2)]


def _edited(tmp_path, old: str, new: str):
    text = (data_dir() / "pipeline.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rates.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("old", "new", "message"), [
    ("{low: 0.07, central: 0.10, high: 0.13,", "{low: 0.2, central: 0.10, high: 0.13,",
     "rates.attrition: expected 0 <= low <= central <= high"),
    ('bands: ["4", "5", "6"]', 'bands: ["4", "5"]', "recruits: bands 6 are in no class"),
    ("kind: placement\n    years: 3", "kind: doctorate\n    years: 3",
     "programmes.clinical_psychology.kind: 'doctorate' is not one of placement, "
     "recruit_to_train"),
    ("    years: 3\n", "    years: 0\n",
     "programmes.clinical_psychology.years: expected a positive number"),
])
def test_a_bad_rates_file_names_the_file_and_key(ref, tmp_path, old, new, message):
    path = _edited(tmp_path, old, new)
    with pytest.raises(ReferenceDataError, match="rates.yaml: " + message.replace(".", r"\.")):
        load_pipeline_rates(ref, path)


def test_the_command_takes_other_rates_and_refuses_bad_ones(runner, sample_copy, tmp_path):
    path = _edited(tmp_path, "{low: 0.07, central: 0.10, high: 0.13,",
                   "{low: 0.07, central: 0.10, high: 1.3,")
    result = runner.invoke(cli, ["--db", sample_copy, "pipeline", "project", "--area", "A1",
                                 "--pipeline-rates", str(path)])
    assert result.exit_code == 2
    assert "rates.yaml: rates.attrition: a share of at most 1, got high 1.3" in result.output


def test_a_placement_that_would_cost_nothing_is_refused(ref):
    import dataclasses

    programmes = dict(ref.placement.programmes)
    programmes["music_therapy"] = dataclasses.replace(programmes["music_therapy"],
                                                      supervision_hours=0.0)
    free = dataclasses.replace(ref, placement=dataclasses.replace(ref.placement,
                                                                  programmes=programmes))
    with pytest.raises(ReferenceDataError, match="programmes.music_therapy: a hosted placement "
                                                 "would cost nothing"):
        load_pipeline_rates(free)
