"""The projection's invariants, as properties over random stocks and scenarios."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.pipeline.builders import START, bundled, stocks, with_places, with_rates
from workforce.pipeline.project import project
from workforce.pipeline.scenario import Scenario

BANDS = ("4", "6", "7", "8a", "8b", "8c")
PROGRAMMES = ("clinical_psychology", "cyp_iapt_0_5", "music_therapy")
YEARS = 6
#: A level-3 supervisor, so that funded trainees have someone to supervise them.
SUPERVISOR = {("8a", 3): 1.0}

cells = st.dictionaries(st.tuples(st.sampled_from(BANDS), st.integers(0, 3)),
                        st.floats(0.1, 3.0), min_size=1, max_size=12)
vacant = st.dictionaries(st.sampled_from(BANDS), st.floats(0.0, 2.0), max_size=3)
trainees = st.dictionaries(st.integers(START + 1, START + YEARS),
                           st.dictionaries(st.sampled_from(PROGRAMMES), st.integers(0, 3),
                                           max_size=2), max_size=3)
posts = st.dictionaries(st.integers(START + 1, START + YEARS),
                        st.dictionaries(st.sampled_from(("7", "8a", "8b", "8c")),
                                        st.floats(0.1, 2.0), max_size=2), max_size=3)
settings_ = settings(max_examples=25, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def rates(ref):
    # Trainees limited only by the test's own choices, so any scenario is allowed.
    return with_places(bundled(ref), 1e6)


def scenario(funded: dict, new_posts: dict | None = None) -> Scenario:
    """Trainees split by kind, as a scenario file gives them."""
    hosted = {y: {p: n for p, n in by.items() if p != "cyp_iapt_0_5"} for y, by in funded.items()}
    employed = {y: {p: n for p, n in by.items() if p == "cyp_iapt_0_5"}
                for y, by in funded.items()}
    return Scenario(placements=hosted, recruit_to_train=employed, posts=new_posts or {})


@settings_
@given(cells=cells, vacant=vacant, funded=trainees, new_posts=posts)
def test_no_band_ever_holds_more_fte_than_its_funded_posts(ref, rates, cells, vacant, funded,
                                                           new_posts):
    start = stocks(ref, rates, {**cells, **SUPERVISOR}, vacant=vacant)
    for plan in (Scenario(), scenario(funded, new_posts)):
        result = project(ref, rates, start, plan, YEARS, draws=20, seed=3)
        for y in result.years:
            for band, fte in y.fte_by_band.items():
                assert fte <= y.funded_fte_by_band[band] + 0.011
            assert sum(y.fte_by_band.values()) <= sum(y.funded_fte_by_band.values()) + 0.05


@settings_
@given(cells=cells, vacant=vacant)
def test_with_nothing_funded_the_establishment_never_grows(ref, rates, cells, vacant):
    start = stocks(ref, rates, {**cells, **SUPERVISOR}, vacant=vacant)
    result = project(ref, rates, start, Scenario(), YEARS, draws=0)
    funded = {b: round(float(f), 2) for b, f in zip(ref.bands.names(), start.establishment,
                                                    strict=True) if round(float(f), 2)}
    for y in result.years:
        assert {b: f for b, f in y.funded_fte_by_band.items() if f} == funded


@settings_
@given(cells=cells, base=posts, extra=posts, hours=st.integers(0, 6))
def test_more_funded_senior_posts_and_hours_never_lower_level_3_fte(ref, rates, cells, base,
                                                                   extra, hours):
    more = {y: dict(p) for y, p in base.items()}
    for y, by in extra.items():
        for band, fte in by.items():
            more.setdefault(y, {})[band] = more.get(y, {}).get(band, 0) + fte
    start = stocks(ref, rates, {**cells, **SUPERVISOR})
    fewer = project(ref, rates, start, Scenario(posts=base), YEARS, draws=0)
    most = project(ref, rates, start, Scenario(posts=more, supervisor_hours={
        START + 1: float(hours)}), YEARS, draws=0)
    for a, b in zip(fewer.years, most.years, strict=True):
        assert b.level_3_fte >= a.level_3_fte - 1e-9


@settings_
@given(cells=cells)
def test_with_no_attrition_and_no_flows_the_stocks_stay_constant(ref, rates, cells):
    still = with_rates(rates, **{**dict.fromkeys(rates.rates, 0.0),
                                 "supervision_hours_per_supervisee": 1.0})
    start = stocks(ref, still, cells)
    result = project(ref, still, start, Scenario(), YEARS, draws=10, seed=1)
    senior = sum(fte for (band, level), fte in cells.items()
                 if level == 3 and band in ("8b", "8c"))
    by_band = {band: sum(f for (b, _), f in cells.items() if b == band) for band in BANDS}
    for y in result.years:
        assert y.level_3_fte == y.level_3_fte_low == y.level_3_fte_high == round(senior, 2)
        assert {b: f for b, f in y.fte_by_band.items() if f} == {
            b: round(f, 2) for b, f in by_band.items() if round(f, 2)}


@settings_
@given(cells=cells, funded=trainees, seed=st.integers(0, 2**16))
def test_the_range_contains_the_central_path(ref, rates, cells, funded, seed):
    result = project(ref, rates, stocks(ref, rates, {**cells, **SUPERVISOR}, vacant={"8b": 1}),
                     scenario(funded), YEARS, draws=40, seed=seed)
    for y in result.years:
        assert y.level_3_fte_low <= y.level_3_fte <= y.level_3_fte_high
    closes = result.gap_closes
    order = [closes["low"], closes["central"], closes["high"]]
    years = [y if y is not None else 10**6 for y in order]
    assert years == sorted(years)


def test_the_same_seed_gives_the_same_range_and_another_seed_another(ref, rates):
    start = stocks(ref, rates, {("8a", 2): 4.0, ("8b", 3): 1.0, ("8b", 2): 2.0})
    a, b, c = (project(ref, rates, start, Scenario(), YEARS, draws=200, seed=s)
               for s in (7, 7, 8))
    assert a.to_dict() == b.to_dict()
    assert [y.level_3_fte for y in a.years] == [y.level_3_fte for y in c.years]
    assert [y.level_3_fte_high for y in a.years] != [y.level_3_fte_high for y in c.years]


def test_the_gap_closes_when_level_3_fte_reaches_the_need(ref, rates):
    start = stocks(ref, rates, {("8b", 2): 6.0, ("8b", 3): 3.0}, need=4.0)
    result = project(ref, rates, start, Scenario(), YEARS, draws=0)
    first = next(y.year for y in result.years if y.level_3_fte >= 4.0)
    assert result.gap_closes == {"central": first, "low": first, "high": first}
    shortfall = sum(max(0.0, 4.0 - y.level_3_fte) for y in result.years)
    assert result.cumulative_level_3_shortfall == pytest.approx(shortfall, abs=0.05)


def test_a_vacant_lead_post_is_filled_by_promoting_level_3_staff_not_by_drift(ref, rates):
    """Promotion only into a vacancy: with no vacancy at 8b nobody moves up; a new 8b post
    takes a level-3 member of staff from 8a, whose 8a post is then refilled."""
    quiet = with_rates(rates, attrition=0.0, internal_promotion=1.0, vacancy_refill=1.0)
    start = stocks(ref, quiet, {("8a", 3): 2.0, ("8b", 3): 1.0, ("7", 2): 3.0}, need=2.0)
    nothing = project(ref, quiet, start, Scenario(), 3, draws=0)
    assert [y.fte_by_band["8b"] for y in nothing.years] == [1.0, 1.0, 1.0]
    funded = project(ref, quiet, start, Scenario(posts={START + 1: {"8b": 1.0}}), 3, draws=0)
    first = funded.years[0]
    assert first.fte_by_band["8b"] == first.funded_fte_by_band["8b"] == 2.0
    assert first.level_3_fte == 2.0 and first.fte_by_band["8a"] == 2.0


def test_backfilled_level_3_training_moves_the_staff_it_completes(ref, rates):
    quiet = with_rates(rates, **{**dict.fromkeys(rates.rates, 0.0),
                                 "supervision_hours_per_supervisee": 1.0,
                                 "training_completion": 0.5})
    start = stocks(ref, quiet, {("8b", 2): 2.0, ("8b", 3): 1.0}, need=3.0)
    trained = project(ref, quiet, start, Scenario(training={START + 1: {3: 1.0}}), 2, draws=0)
    assert [y.level_3_fte for y in trained.years] == [1.5, 1.5]


def test_a_hosted_trainee_qualifies_into_a_vacant_post_or_not_at_all(ref, rates):
    quiet = with_rates(rates, **{**dict.fromkeys(rates.rates, 0.0),
                                 "supervision_hours_per_supervisee": 1.0,
                                 "qualifier_recruitment": 1.0})
    hosted = Scenario(placements={START + 1: {"clinical_psychology": 2}})
    full = stocks(ref, quiet, {("7", 2): 3.0, ("8a", 3): 1.0})
    with_vacancy = stocks(ref, quiet, {("7", 2): 3.0, ("8a", 3): 1.0}, vacant={"7": 1.0})
    sevens = [[y.fte_by_band["7"] for y in project(ref, quiet, s, hosted, 2, draws=0).years]
              for s in (full, with_vacancy)]
    assert sevens == [[3.0, 3.0], [3.0, 4.0]]  # two qualify at the end of 2027; one post free
