"""The other reference data: Agenda for Change bands and pay, the PAIR service model,
and the placement rules. Each is loaded from a dated YAML file, validated, and frozen.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from workforce.datafiles import load_yaml, reference_path
from workforce.framework import Framework, load_framework
from workforce.validation import Checker, date_text

PathLike = str | os.PathLike[str] | None


# --- Agenda for Change bands ---------------------------------------------------------

@dataclass(frozen=True)
class Band:
    band: str
    min_pay: int | None
    max_pay: int | None
    closed: bool

    def pay(self, point: str) -> float:
        """Annual full-time pay at `point` (min, mid or max) of the band."""
        if self.min_pay is None or self.max_pay is None:
            raise ValueError(f"band {self.band} has no pay range")
        return {"min": float(self.min_pay), "max": float(self.max_pay),
                "mid": (self.min_pay + self.max_pay) / 2}[point]


@dataclass(frozen=True)
class Bands:
    pay_year: str
    source: str
    as_of: str
    on_cost_rate: float
    on_cost_note: str
    bands: tuple[Band, ...]
    path: Path

    @cached_property
    def order(self) -> dict[str, int]:
        return {b.band: i for i, b in enumerate(self.bands)}

    @cached_property
    def by_name(self) -> dict[str, Band]:
        return {b.band: b for b in self.bands}

    def names(self) -> list[str]:
        return [b.band for b in self.bands]

    def normalise(self, text: str) -> str | None:
        """The band as listed ('8A ' -> '8a'), or None if it is not a band."""
        cleaned = str(text).strip().lower().removeprefix("band").strip()
        return cleaned if cleaned in self.order else None

    def at_least(self, band: str, minimum: str) -> bool:
        return self.order[band] >= self.order[minimum]

    def describe(self) -> str:
        """The bands as a user would list them: '1, 2, ..., 8a, ..., 9'."""
        return ", ".join(self.names())


def load_bands(path: PathLike = None) -> Bands:
    source = reference_path("nhs_bands.yaml", path)
    raw = load_yaml(source)
    check = Checker(source)
    bands = []
    for i, item in enumerate(check.get(raw, "bands", list, "top level")):
        where = f"bands[{i}]"
        name = str(check.get(item, "band", (str, int), where)).lower()
        closed = bool(item.get("closed", False))
        low, high = item.get("min"), item.get("max")
        if not closed:
            low = check.positive(item, "min", int, f"band {name}")
            high = check.positive(item, "max", int, f"band {name}")
            if high < low:
                raise check.fail(f"band {name}", f"max pay {high} is below min pay {low}")
        bands.append(Band(name, low, high, closed))
    names = [b.band for b in bands]
    if len(set(names)) != len(names):
        raise check.fail("bands", "a band is listed twice")
    return Bands(
        pay_year=str(check.get(raw, "pay_year", str, "top level")),
        source=check.get(raw, "source", str, "top level"),
        as_of=date_text(raw.get("as_of")),
        on_cost_rate=check.fraction(raw, "employer_on_cost_rate", "top level"),
        on_cost_note=str(raw.get("on_cost_note", "")),
        bands=tuple(bands),
        path=source,
    )


# --- The PAIR service model ------------------------------------------------------------

@dataclass(frozen=True)
class Post:
    post: str
    label: str
    fte: float
    band: str
    clinical: bool


@dataclass(frozen=True)
class TeamRules:
    clinical_min_level: int
    clinical_working_towards_level: int
    lead_roles: tuple[str, ...]
    lead_min_band: str
    lead_level: int
    consultant_bands: tuple[str, ...]
    review_window_days: int


@dataclass(frozen=True)
class Need:
    benefit_rate: float
    benefit_source: str
    disorganised_low: float
    disorganised_high: float
    disorganised_source: str
    families_per_team_per_year: float
    families_per_team_source: str
    population_0_2_share: float
    population_0_2_share_source: str
    level_3_fte_per_placement: float
    pipeline_source: str


@dataclass(frozen=True)
class Profession:
    name: str
    label: str
    clinical: bool


@dataclass(frozen=True)
class ServiceModel:
    as_of: str
    source: str
    standard_population: int
    standard_fte: float
    standard_source: str
    posts: tuple[Post, ...]
    rules: TeamRules
    need: Need
    professions: dict[str, Profession] = field(hash=False)
    roles: tuple[str, ...]
    path: Path

    def is_clinical(self, profession: str) -> bool:
        return self.professions[profession].clinical

    def clinical_professions(self) -> list[str]:
        return [p.name for p in self.professions.values() if p.clinical]

    def standard_fte_by_band(self, population: float) -> dict[str, float]:
        """FTE the team standard asks for, by band, scaled to `population`."""
        scale = population / self.standard_population
        out: dict[str, float] = {}
        for post in self.posts:
            out[post.band] = out.get(post.band, 0.0) + post.fte * scale
        return out


def load_service_model(path: PathLike = None, bands: Bands | None = None) -> ServiceModel:
    source = reference_path("service_model.yaml", path)
    raw = load_yaml(source)
    check = Checker(source)
    bands = bands or load_bands()
    std = check.get(raw, "team_standard", dict, "top level")
    posts = []
    for i, item in enumerate(check.get(std, "posts", list, "team_standard")):
        where = f"team_standard.posts[{i}]"
        band = bands.normalise(str(check.get(item, "band", (str, int), where)))
        if band is None:
            raise check.fail(where, f"band {item['band']!r} is not in {bands.path.name}")
        posts.append(Post(check.get(item, "post", str, where), str(item.get("label", "")),
                          check.positive(item, "fte", float, where), band,
                          check.get(item, "clinical", bool, where)))
    total = check.positive(std, "total_fte", float, "team_standard")
    if abs(sum(p.fte for p in posts) - total) > 0.01:
        raise check.fail("team_standard", f"posts add up to {sum(p.fte for p in posts):.2f} FTE, "
                         f"not the total_fte {total}")
    professions = {}
    for name, item in check.get(raw, "professions", dict, "top level").items():
        professions[name] = Profession(name, str(item.get("label", name)),
                                       check.get(item, "clinical", bool, f"professions.{name}"))
    r = check.get(raw, "team_rules", dict, "top level")
    rules = TeamRules(
        clinical_min_level=check.get(r, "clinical_min_level", int, "team_rules"),
        clinical_working_towards_level=check.get(r, "clinical_working_towards_level", int,
                                                 "team_rules"),
        lead_roles=tuple(check.get(r, "lead_roles", list, "team_rules")),
        lead_min_band=_band(check, bands, r, "lead_min_band", "team_rules"),
        lead_level=check.get(r, "lead_level", int, "team_rules"),
        consultant_bands=tuple(_band_list(check, bands, r, "consultant_bands", "team_rules")),
        review_window_days=check.positive(r, "review_window_days", int, "team_rules"),
    )
    n = check.get(raw, "need", dict, "top level")
    pipe = check.get(raw, "pipeline", dict, "top level")
    need = Need(
        benefit_rate=check.fraction(n, "benefit_rate", "need"),
        benefit_source=check.get(n, "benefit_source", str, "need"),
        disorganised_low=check.fraction(n, "disorganised_attachment_low", "need"),
        disorganised_high=check.fraction(n, "disorganised_attachment_high", "need"),
        disorganised_source=check.get(n, "disorganised_attachment_source", str, "need"),
        families_per_team_per_year=check.positive(n, "families_per_team_per_year", float, "need"),
        families_per_team_source=check.get(n, "families_per_team_source", str, "need"),
        population_0_2_share=check.fraction(n, "population_0_2_share", "need"),
        population_0_2_share_source=check.get(n, "population_0_2_share_source", str, "need"),
        level_3_fte_per_placement=check.positive(pipe, "level_3_fte_per_placement", float,
                                                 "pipeline"),
        pipeline_source=check.get(pipe, "source", str, "pipeline"),
    )
    if need.disorganised_low > need.disorganised_high:
        raise check.fail("need", "disorganised_attachment_low is above _high")
    return ServiceModel(
        as_of=date_text(raw.get("as_of")),
        source=check.get(raw, "source", str, "top level"),
        standard_population=check.positive(std, "population", int, "team_standard"),
        standard_fte=total,
        standard_source=check.get(std, "source", str, "team_standard"),
        posts=tuple(posts),
        rules=rules,
        need=need,
        professions=professions,
        roles=tuple(check.get(raw, "roles", list, "top level")),
        path=source,
    )


# --- Placement rules -------------------------------------------------------------------

@dataclass(frozen=True)
class Programme:
    name: str
    label: str
    supervisor_professions: tuple[str, ...]
    min_band: str
    min_aimh_level: int
    min_years_qualified: float
    supervision_hours: float = 1.0  # weekly supervision a trainee of the programme needs
    max_years_since_supervisor_training: float | None = None  # None: no refresh rule


@dataclass(frozen=True)
class Supervision:
    """Weekly supervision hours: what a supervisor can give, and the reflective supervision
    of their own team that comes off it first."""

    hours_per_fte: float
    reflective_hours_new: float  # a week, for staff qualified under `new_years`
    reflective_hours_experienced: float  # a week, for everyone else
    new_years: float


@dataclass(frozen=True)
class PlacementRules:
    as_of: str
    source: str
    cycle_start_month: int
    cycle_start_day: int
    default_supervisees: tuple[tuple[float, int], ...]
    gap_team_weight: int
    programmes: dict[str, Programme] = field(hash=False)
    path: Path
    supervision: Supervision = Supervision(4.0, 1.0, 0.5, 3.0)

    def supervisees_for_fte(self, fte: float) -> int:
        """Default number of trainees a supervisor with this FTE takes."""
        for min_fte, count in self.default_supervisees:
            if fte >= min_fte:
                return count
        return 0

    def cycle_start(self, cycle_id: str) -> dt.date | None:
        """Start date of a cycle named like '2026-27', or None if the name has no year."""
        head = cycle_id.strip()[:4]
        if not head.isdigit():
            return None
        return dt.date(int(head), self.cycle_start_month, self.cycle_start_day)


def load_placement_rules(path: PathLike = None, bands: Bands | None = None,
                         service: ServiceModel | None = None) -> PlacementRules:
    source = reference_path("placement_rules.yaml", path)
    raw = load_yaml(source)
    check = Checker(source)
    bands = bands or load_bands()
    service = service or load_service_model(bands=bands)
    start = check.get(raw, "cycle_start", dict, "top level")
    month, day = check.get(start, "month", int, "cycle_start"), check.get(start, "day", int,
                                                                          "cycle_start")
    try:
        dt.date(2000, month, day)
    except ValueError:
        raise check.fail("cycle_start", f"month {month} day {day} is not a date") from None
    defaults = []
    for i, row in enumerate(check.get(raw, "default_supervisees", list, "top level")):
        where = f"default_supervisees[{i}]"
        defaults.append((check.get(row, "min_fte", float, where),
                         check.get(row, "supervisees", int, where)))
    defaults.sort(reverse=True)
    programmes = {}
    for name, item in check.get(raw, "programmes", dict, "top level").items():
        where = f"programmes.{name}"
        profs = item.get("supervisor_professions")
        if profs == "clinical":
            profs = service.clinical_professions()
        if not isinstance(profs, list) or not profs:
            raise check.fail(where, "supervisor_professions must be a list or 'clinical'")
        unknown = [p for p in profs if p not in service.professions]
        if unknown:
            raise check.fail(where, f"unknown professions {', '.join(unknown)} "
                             f"(not in {service.path.name})")
        level = check.get(item, "min_aimh_level", int, where)
        programmes[name] = Programme(
            name=name,
            label=str(item.get("label", name)),
            supervisor_professions=tuple(profs),
            min_band=_band(check, bands, item, "min_band", where),
            min_aimh_level=level,
            min_years_qualified=check.get(item, "min_years_qualified", float, where),
            supervision_hours=_positive(check, item, "supervision_hours_per_week", where),
            max_years_since_supervisor_training=(
                None if item.get("max_years_since_supervisor_training") is None else
                _positive(check, item, "max_years_since_supervisor_training", where)),
        )
    return PlacementRules(
        as_of=date_text(raw.get("as_of")),
        source=check.get(raw, "source", str, "top level"),
        cycle_start_month=month,
        cycle_start_day=day,
        default_supervisees=tuple(defaults),
        gap_team_weight=check.get(raw, "gap_team_weight", int, "top level"),
        programmes=programmes,
        path=source,
        supervision=Supervision(**{
            key: _positive(check, check.get(raw, "supervision", dict, "top level"), name,
                           "supervision")
            for key, name in (("hours_per_fte", "hours_per_fte"),
                              ("reflective_hours_new", "reflective_hours_new_staff"),
                              ("reflective_hours_experienced", "reflective_hours_other_staff"),
                              ("new_years", "new_staff_years"))}),
    )


def _positive(check: Checker, mapping: dict, key: str, where: str) -> float:
    value = check.get(mapping, key, (int, float), where)
    if value < 0:
        raise check.fail(f"{where}.{key}", f"{value!r} must not be negative")
    return float(value)


def _band(check: Checker, bands: Bands, mapping: dict, key: str, where: str) -> str:
    value = check.get(mapping, key, (str, int), where)
    band = bands.normalise(str(value))
    if band is None:
        raise check.fail(f"{where}.{key}", f"{value!r} is not a band in {bands.path.name}")
    return band


def _band_list(check: Checker, bands: Bands, mapping: dict, key: str, where: str) -> list[str]:
    return [_band(check, bands, {key: v}, key, where)
            for v in check.get(mapping, key, list, where)]



# --- All of it together ----------------------------------------------------------------

@dataclass(frozen=True)
class ReferenceData:
    """Every reference file a command may need, loaded once with the user's overrides."""

    framework: Framework
    bands: Bands
    service: ServiceModel
    placement: PlacementRules


def load_reference(framework: PathLike = None, bands: PathLike = None,
                   service_model: PathLike = None,
                   placement_rules: PathLike = None) -> ReferenceData:
    loaded_bands = load_bands(bands)
    service = load_service_model(service_model, loaded_bands)
    return ReferenceData(
        framework=load_framework(framework),
        bands=loaded_bands,
        service=service,
        placement=load_placement_rules(placement_rules, loaded_bands, service),
    )
