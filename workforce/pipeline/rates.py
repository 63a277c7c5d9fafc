"""The pipeline model's rates and programmes, from data/pipeline.yaml, validated and frozen.

Every yearly rate has a low, central and high value and a source; the projection draws
between low and high for its range and the investment planner uses the central values.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from workforce.reference import ReferenceData
from workforce.reference.checks import Checker, date_text
from workforce.reference.files import load_yaml, reference_path

#: The rates the flows read, in the order the Monte Carlo draws them.
RATES = ("attrition", "vacancy_refill", "recruit_level_3_share", "recruit_level_2_share",
         "qualifier_recruitment", "band_7_to_8a", "band_8a_to_8b", "aimh_level_0_to_1",
         "aimh_level_1_to_2", "aimh_level_2_to_3", "supervision_hours_per_level_3_fte",
         "supervision_hours_per_supervisee")
#: Rates that are shares of something (at most 1); the others are hours a week.
HOURS = ("supervision_hours_per_level_3_fte", "supervision_hours_per_supervisee")
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
    supervision_hours: float  # a week, on placement: placement_rules.yaml's figure
    years: int
    band: str  # the band it qualifies into
    group: str  # the profession group it qualifies into
    salaried_band: str | None  # the band a funded trainee is paid at, if the area pays
    source: str


@dataclass(frozen=True)
class Costs:
    supervisor_band: str
    hours_per_fte_week: float
    placements_per_level_3_fte: float
    post_group: str


@dataclass(frozen=True)
class PipelineRates:
    as_of: str
    source: str
    groups: tuple[str, ...]
    group_of: dict[str, str] = field(hash=False)  # profession -> group
    programmes: dict[str, TrainingProgramme] = field(hash=False)
    qualifier_level: int = 2
    rates: dict[str, Rate] = field(default_factory=dict, hash=False)
    costs: Costs | None = None
    path: Path | None = None

    def assumptions(self) -> list[str]:
        """The rates no source gives, by name: printed beside every projection."""
        return [name for name, rate in self.rates.items() if rate.assumed]


def load_pipeline_rates(ref: ReferenceData,
                        path: str | os.PathLike[str] | None = None) -> PipelineRates:
    source = reference_path("pipeline.yaml", path)
    raw = load_yaml(source)
    check = Checker(source)
    group_of: dict[str, str] = {}
    groups = check.get(raw, "profession_groups", dict, "top level")
    for group in groups:
        for profession in check.get(groups, group, list, "profession_groups"):
            if profession not in ref.service.professions:
                raise check.fail(f"profession_groups.{group}", f"{profession!r} is not a "
                                 f"profession of {ref.service.path.name}")
            if profession in group_of:
                raise check.fail(f"profession_groups.{group}", f"{profession!r} is also in "
                                 f"{group_of[profession]}")
            group_of[profession] = group
    unlisted = {True: _group(check, groups, raw, "unlisted_clinical", "top level"),
                False: _group(check, groups, raw, "unlisted_other", "top level")}
    for name, profession in ref.service.professions.items():
        group_of.setdefault(name, unlisted[profession.clinical])
    programmes = {}
    for name, item in check.get(raw, "programmes", dict, "top level").items():
        where = f"programmes.{name}"
        salaried = item.get("salaried_band") if isinstance(item, dict) else None
        placement = ref.placement.programmes.get(name)
        if placement is None:
            raise check.fail(where, f"not a programme of {ref.placement.path.name} "
                             f"({', '.join(ref.placement.programmes)})")
        if placement.supervision_hours <= 0 and salaried is None:
            raise check.fail(where, f"a funded placement would cost nothing: give a "
                             f"salaried_band or supervision hours in {ref.placement.path.name}")
        programmes[name] = TrainingProgramme(
            name=name, label=placement.label, supervision_hours=placement.supervision_hours,
            years=check.positive(item, "years", int, where),
            band=_band(check, ref, item, "band", where),
            group=_group(check, groups, item, "group", where),
            salaried_band=None if salaried is None else _band(check, ref, item,
                                                              "salaried_band", where),
            source=check.get(item, "band_source", str, where))
    rates_raw = check.get(raw, "rates", dict, "top level")
    rates = {name: _rate(check, rates_raw, name) for name in RATES}
    unknown = sorted(set(rates_raw) - set(RATES))
    if unknown:
        raise check.fail("rates", f"unknown rates {', '.join(unknown)} "
                         f"(known: {', '.join(RATES)})")
    shares = rates["recruit_level_3_share"].high + rates["recruit_level_2_share"].high
    if shares > 1:
        raise check.fail("rates", "recruit_level_3_share and recruit_level_2_share add up to "
                         f"more than 1 at their high values ({shares:g})")
    level = check.get(raw, "qualifier_level", int, "top level")
    if level not in ref.framework.level_numbers:
        raise check.fail("qualifier_level", f"{level} is not a level of the framework")
    c = check.get(raw, "costs", dict, "top level")
    costs = Costs(supervisor_band=_band(check, ref, c, "supervisor_band", "costs"),
                  hours_per_fte_week=check.positive(c, "hours_per_fte_week", float, "costs"),
                  placements_per_level_3_fte=check.positive(c, "placements_per_level_3_fte",
                                                            float, "costs"),
                  post_group=_group(check, groups, c, "post_group", "costs"))
    return PipelineRates(as_of=date_text(raw.get("as_of")),
                         source=check.get(raw, "source", str, "top level"),
                         groups=tuple(groups), group_of=group_of, programmes=programmes,
                         qualifier_level=level, rates=rates, costs=costs, path=source)


def _rate(check: Checker, rates: dict, name: str) -> Rate:
    item = check.get(rates, name, dict, "rates")
    where = f"rates.{name}"
    low, central, high = (check.get(item, key, float, where) for key in
                          ("low", "central", "high"))
    if not 0 <= low <= central <= high:
        raise check.fail(where, f"expected 0 <= low <= central <= high, got {low:g}, "
                         f"{central:g}, {high:g}")
    if name not in HOURS and high > 1:
        raise check.fail(where, f"a share of at most 1, got high {high:g}")
    if name == "supervision_hours_per_supervisee" and low <= 0:
        raise check.fail(where, "hours a supervisee needs must be above 0")
    return Rate(name, low, central, high, check.get(item, "source", str, where))


def _band(check: Checker, ref: ReferenceData, item: dict, key: str, where: str) -> str:
    value = check.get(item, key, (str, int), where)
    band = ref.bands.normalise(str(value))
    if band is None:
        raise check.fail(f"{where}.{key}", f"{value!r} is not a band in {ref.bands.path.name}")
    return band


def _group(check: Checker, groups: dict, item: dict, key: str, where: str) -> str:
    value = check.get(item, key, str, where)
    if value not in groups:
        raise check.fail(f"{where}.{key}", f"{value!r} is not a profession group")
    return value
