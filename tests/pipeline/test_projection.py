"""The projection's invariants, as properties over random stocks and scenarios."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.pipeline.builders import START, bundled, stocks, with_places, with_rates
from workforce.pipeline.project import project
from workforce.pipeline.rates import RATES
from workforce.pipeline.scenario import Scenario

GROUPS = ("psychology_psychotherapy", "other_clinical", "support_admin")
BANDS = ("4", "6", "7", "8a", "8b", "8c")
PROGRAMMES = ("clinical_psychology", "cyp_iapt_0_5", "music_therapy")
YEARS = 6
#: A level-3 supervisor, so that funded placements have someone to supervise them.
SUPERVISOR = {("psychology_psychotherapy", "8a", 3): 1.0}

cells = st.dictionaries(st.tuples(st.sampled_from(GROUPS), st.sampled_from(BANDS),
                                  st.integers(0, 3)),
                        st.floats(0.1, 3.0), min_size=1, max_size=12)
funded = st.dictionaries(st.integers(START + 1, START + YEARS),
                         st.dictionaries(st.sampled_from(PROGRAMMES), st.integers(0, 3),
                                         max_size=2), max_size=3)
settings_ = settings(max_examples=25, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def rates(ref):
    # Placements limited only by the test's own choices, so any scenario is allowed.
    return with_places(bundled(ref), 1e6)


@settings_
@given(cells=cells, base=funded, extra=funded)
def test_more_funded_placements_never_lower_level_3_fte_in_any_year(ref, rates, cells, base,
                                                                   extra):
    more = {y: dict(p) for y, p in base.items()}
    for y, by in extra.items():
        for p, n in by.items():
            more.setdefault(y, {})[p] = more.get(y, {}).get(p, 0) + n
    start = stocks(ref, rates, {**cells, **SUPERVISOR})
    fewer = project(ref, rates, start, Scenario(placements=base), YEARS, draws=20, seed=3)
    most = project(ref, rates, start, Scenario(placements=more), YEARS, draws=20, seed=3)
    for a, b in zip(fewer.years, most.years, strict=True):
        assert b.level_3_fte >= a.level_3_fte
        assert b.level_3_fte_low >= a.level_3_fte_low
        assert b.level_3_fte_high >= a.level_3_fte_high


@settings_
@given(cells=cells)
def test_with_no_attrition_and_no_flows_the_stocks_stay_constant(ref, rates, cells):
    still = with_rates(rates, **{**dict.fromkeys(RATES, 0.0),
                                 "supervision_hours_per_supervisee": 1.0})
    start = stocks(ref, still, cells)
    result = project(ref, still, start, Scenario(), YEARS, draws=10, seed=1)
    senior = sum(fte for (_, band, level), fte in cells.items()
                 if level == 3 and band in ("8b", "8c"))
    by_band = {band: sum(f for (_, b, _), f in cells.items() if b == band) for band in BANDS}
    for y in result.years:
        assert y.level_3_fte == y.level_3_fte_low == y.level_3_fte_high == round(senior, 2)
        assert {b: f for b, f in y.fte_by_band.items() if f} == {
            b: round(f, 2) for b, f in by_band.items() if round(f, 2)}


@settings_
@given(cells=cells, placements=funded, seed=st.integers(0, 2**16))
def test_the_range_contains_the_central_path(ref, rates, cells, placements, seed):
    result = project(ref, rates, stocks(ref, rates, {**cells, **SUPERVISOR}),
                     Scenario(placements=placements),
                     YEARS, draws=40, seed=seed)
    for y in result.years:
        assert y.level_3_fte_low <= y.level_3_fte <= y.level_3_fte_high
    closes = result.gap_closes
    order = [closes["low"], closes["central"], closes["high"]]
    years = [y if y is not None else 10**6 for y in order]
    assert years == sorted(years)


def test_the_same_seed_gives_the_same_range_and_another_seed_another(ref, rates):
    start = stocks(ref, rates, {("psychology_psychotherapy", "8a", 2): 4.0,
                                ("psychology_psychotherapy", "8b", 3): 1.0})
    a, b, c = (project(ref, rates, start, Scenario(), YEARS, draws=200, seed=s)
               for s in (7, 7, 8))
    assert a.to_dict() == b.to_dict()
    assert [y.level_3_fte for y in a.years] == [y.level_3_fte for y in c.years]
    assert [y.level_3_fte_high for y in a.years] != [y.level_3_fte_high for y in c.years]


def test_the_gap_closes_when_level_3_fte_reaches_the_need(ref, rates):
    start = stocks(ref, rates, {("psychology_psychotherapy", "8b", 2): 6.0,
                                ("psychology_psychotherapy", "8b", 3): 3.0}, need=4.0)
    result = project(ref, rates, start, Scenario(), YEARS, draws=0)
    first = next(y.year for y in result.years if y.level_3_fte >= 4.0)
    assert result.gap_closes == {"central": first, "low": first, "high": first}
    shortfall = sum(max(0.0, 4.0 - y.level_3_fte) for y in result.years)
    assert result.cumulative_level_3_shortfall == pytest.approx(shortfall, abs=0.05)
