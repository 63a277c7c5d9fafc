"""The pipeline model's rates, programmes and lever costs, from data/pipeline.yaml,
validated and frozen.

Every yearly rate has a low, central and high value and a source; the projection draws
between low and high for its range, the sensitivity table moves one at a time to each
end, and the investment planner uses the central values.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from workforce.reference import ReferenceData
from workforce.reference.bands import band_field
from workforce.reference.checks import Checker, date_text
from workforce.reference.files import load_yaml, reference_path

#: The flow rates every file gives, in the order the Monte Carlo draws them (the recruits'
#: level shares by band class follow them).
FLOWS = ("attrition", "vacancy_refill", "internal_promotion", "qualifier_recruitment",
         "aimh_level_0_to_1", "aimh_level_1_to_2", "aimh_level_2_to_3",
         "supervision_hours_per_level_3_fte", "supervision_hours_per_supervisee",
         "training_completion")
#: Rates that are hours a week; the others are shares (at most 1).
HOURS = ("supervision_hours_per_level_3_fte", "supervision_hours_per_supervisee")
KINDS = ("placement", "recruit_to_train")
ASSUMPTION = "ASSUMPTION"


@dataclass(frozen=True)
class Rate:
    name: str
    low: float
    central: float
    high: float
    source: str

    @property
    def assumed(self) -> bool:
        return self.source.startswith(ASSUMPTION)


@dataclass(frozen=True)
class TrainingProgramme:
    name: str
    label: str  # as placement_rules.yaml names it
    kind: str  # placement (the area hosts) or recruit_to_train (the area employs)
    supervision_hours: float  # formal supervision a week, on placement: placement_rules.yaml
    placement_months: int  # a hosted placement's length: placement_rules.yaml
    years: int
    band: str  # the band it qualifies into
    salaried_band: str | None  # recruit-to-train: the band the area pays the trainee at
    source: str
    hosted_year: int = 1  # placement: the training year a hosted trainee is in


@dataclass(frozen=True)
class Step:
    """Promotion from one band to the next, into vacant posts only."""

    low: str
    high: str
    min_level: int  # the post's person specification
    source: str


@dataclass(frozen=True)
class Training:
    backfill_band: str
    working_days: float
    fee: dict[int, float]  # by the AiMH level the course leads to
    days: dict[int, float]


@dataclass(frozen=True)
class Levers:
    supervisor_band: str
    hours_per_fte_week: float
    placement_other_contact_hours: float
    placements_per_level_3_fte: float
    training: Training


@dataclass(frozen=True)
class PipelineRates:
    as_of: str
    source: str
    programmes: dict[str, TrainingProgramme] = field(hash=False)
    qualifier_level: int = 2
    rates: dict[str, Rate] = field(default_factory=dict, hash=False)
    steps: tuple[Step, ...] = ()
    recruit_class: dict[str, str] = field(default_factory=dict, hash=False)  # band -> class
    levers: Levers | None = None
    path: Path | None = None

    def assumptions(self) -> list[str]:
        """The rates no source gives, by name: printed beside every projection."""
        return [name for name, rate in self.rates.items() if rate.assumed]

    def of_kind(self, kind: str) -> list[str]:
        return [name for name, p in self.programmes.items() if p.kind == kind]


def load_pipeline_rates(ref: ReferenceData,
                        path: str | os.PathLike[str] | None = None) -> PipelineRates:
    source = reference_path("pipeline.yaml", path)
    raw = load_yaml(source)
    check = Checker(source)
    # A programme placement_rules.yaml does not offer (no source describes its
    # supervisors) is not a lever either, until it is offered there.
    programmes = {name: _programme(check, ref, name, item) for name, item in
                  check.get(raw, "programmes", dict, "top level").items()
                  if name not in ref.placement.not_offered}
    rates_raw = check.get(raw, "rates", dict, "top level")
    rates = {name: _rate(check, rates_raw, name, "rates") for name in FLOWS}
    unknown = sorted(set(rates_raw) - set(FLOWS))
    if unknown:
        raise check.fail("rates", f"unknown rates {', '.join(unknown)} "
                         f"(known: {', '.join(FLOWS)})")
    recruit_class, recruit_rates = _recruits(check, ref, raw)
    rates.update(recruit_rates)
    level = check.get(raw, "qualifier_level", int, "top level")
    if level not in ref.framework.level_numbers:
        raise check.fail("qualifier_level", f"{level} is not a level of the framework")
    return PipelineRates(as_of=date_text(raw.get("as_of")),
                         source=check.get(raw, "source", str, "top level"),
                         programmes=programmes, qualifier_level=level, rates=rates,
                         steps=_steps(check, ref, raw), recruit_class=recruit_class,
                         levers=_levers(check, ref, check.get(raw, "levers", dict,
                                                              "top level")),
                         path=source)


def _programme(check: Checker, ref: ReferenceData, name: str, item: dict) -> TrainingProgramme:
    where = f"programmes.{name}"
    placement = ref.placement.programmes.get(name)
    if placement is None:
        raise check.fail(where, f"not a programme of {ref.placement.path.name} "
                         f"({', '.join(ref.placement.programmes)})")
    kind = check.get(item, "kind", str, where)
    if kind not in KINDS:
        raise check.fail(f"{where}.kind", f"{kind!r} is not one of {', '.join(KINDS)}")
    years = check.positive(item, "years", int, where)
    hosted_year, salaried = 1, None
    if kind == "placement":
        hosted_year = check.positive(item, "hosted_year", int, where)
        if hosted_year > years:
            raise check.fail(f"{where}.hosted_year", f"{hosted_year} is beyond the "
                             f"programme's {years} years")
        if placement.supervision_hours <= 0:
            raise check.fail(where, f"a hosted placement would cost nothing: give "
                             f"supervision hours in {ref.placement.path.name}")
    else:
        salaried = band_field(check, ref.bands, item, "salaried_band", where)
    return TrainingProgramme(
        name=name, label=placement.label, kind=kind,
        supervision_hours=placement.supervision_hours,
        placement_months=placement.placement_months, years=years,
        band=band_field(check, ref.bands, item, "band", where), salaried_band=salaried,
        source=check.get(item, "band_source", str, where), hosted_year=hosted_year)


def _rate(check: Checker, rates: dict, name: str, where: str, label: str | None = None) -> Rate:
    item = check.get(rates, name, dict, where)
    where = f"{where}.{name}"
    low, central, high = (check.get(item, key, float, where) for key in
                          ("low", "central", "high"))
    if not 0 <= low <= central <= high:
        raise check.fail(where, f"expected 0 <= low <= central <= high, got {low:g}, "
                         f"{central:g}, {high:g}")
    if name not in HOURS and high > 1:
        raise check.fail(where, f"a share of at most 1, got high {high:g}")
    if name == "supervision_hours_per_supervisee" and low <= 0:
        raise check.fail(where, "hours a supervisee needs must be above 0")
    return Rate(label or name, low, central, high, check.get(item, "source", str, where))


def _recruits(check: Checker, ref: ReferenceData, raw: dict) -> tuple[dict[str, str],
                                                                        dict[str, Rate]]:
    """Each band's recruit class, and the classes' level shares as rates."""
    classes = check.get(raw, "recruits", dict, "top level")
    of_band: dict[str, str] = {}
    rates: dict[str, Rate] = {}
    for name, item in classes.items():
        where = f"recruits.{name}"
        for value in check.get(item, "bands", list, where):
            band = band_field(check, ref.bands, {"band": value}, "band", where)
            if band in of_band:
                raise check.fail(where, f"band {band} is also in {of_band[band]}")
            of_band[band] = name
        shares = [_rate(check, item, f"level_{level}", where,
                        f"recruit_level_{level}_share_{name}") for level in (3, 2)]
        rates.update((rate.name, rate) for rate in shares)
    missing = [b for b in ref.bands.names() if b not in of_band]
    if missing:
        raise check.fail("recruits", f"bands {', '.join(missing)} are in no class")
    return of_band, rates


def _steps(check: Checker, ref: ReferenceData, raw: dict) -> tuple[Step, ...]:
    steps = []
    names = ref.bands.names()
    for i, item in enumerate(check.get(raw, "promotion", list, "top level")):
        where = f"promotion[{i}]"
        low = band_field(check, ref.bands, item, "from", where)
        high = band_field(check, ref.bands, item, "to", where)
        if names.index(high) != names.index(low) + 1:
            raise check.fail(where, f"band {high} is not the band above {low}")
        level = check.get(item, "min_level", int, where)
        if level not in ref.framework.level_numbers:
            raise check.fail(f"{where}.min_level", f"{level} is not a level of the framework")
        steps.append(Step(low, high, level, check.get(item, "source", str, where)))
    # Top step first: a promotion out of a band opens a vacancy the step below can fill.
    return tuple(sorted(steps, key=lambda s: -names.index(s.high)))


def _levers(check: Checker, ref: ReferenceData, c: dict) -> Levers:
    t = check.get(c, "training", dict, "levers")
    where = "levers.training"
    fee, days = {}, {}
    for level in (2, 3):
        item = check.get(t, f"level_{level}", dict, where)
        fee[level] = check.get(item, "fee", float, f"{where}.level_{level}")
        days[level] = check.get(item, "days", float, f"{where}.level_{level}")
        check.get(item, "source", str, f"{where}.level_{level}")
        if fee[level] < 0 or days[level] < 0 or fee[level] + days[level] == 0:
            raise check.fail(f"{where}.level_{level}", "training would cost nothing, or less")
    other = check.get(c, "placement_other_contact_hours", float, "levers")
    if other < 0:
        raise check.fail("levers.placement_other_contact_hours", "must not be negative")
    return Levers(
        supervisor_band=band_field(check, ref.bands, c, "supervisor_band", "levers"),
        hours_per_fte_week=check.positive(c, "hours_per_fte_week", float, "levers"),
        placement_other_contact_hours=other,
        placements_per_level_3_fte=check.positive(c, "placements_per_level_3_fte", float,
                                                  "levers"),
        training=Training(band_field(check, ref.bands, t, "backfill_band", where),
                          check.positive(t, "working_days_per_year", float, where),
                          fee, days))
