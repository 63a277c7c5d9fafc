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
class PayZone:
    """A high cost area supplement: a share of basic pay, within a yearly minimum and maximum."""

    zone: str
    label: str
    rate: float
    min_amount: int
    max_amount: int

    def supplement(self, basic_pay: float) -> float:
        return min(max(basic_pay * self.rate, self.min_amount), self.max_amount)


@dataclass(frozen=True)
class Bands:
    pay_year: str
    source: str
    as_of: str
    on_cost_rate: float
    on_cost_note: str
    bands: tuple[Band, ...]
    path: Path
    pay_zones: dict[str, PayZone] = field(default_factory=dict, hash=False)
    pay_zone_source: str = ""

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
    hcas = raw.get("high_cost_area_supplements") or {}
    zones = {}
    for zone, item in check.get(hcas, "zones", dict, "high_cost_area_supplements").items() \
            if hcas else ():
        where = f"high_cost_area_supplements.zones.{zone}"
        zones[zone] = PayZone(zone, str(item.get("label", zone)),
                              check.fraction(item, "rate", where),
                              check.positive(item, "min", int, where),
                              check.positive(item, "max", int, where))
        if zones[zone].max_amount < zones[zone].min_amount:
            raise check.fail(where, "max is below min")
    return Bands(
        pay_year=str(check.get(raw, "pay_year", str, "top level")),
        source=check.get(raw, "source", str, "top level"),
        as_of=date_text(raw.get("as_of")),
        on_cost_rate=check.fraction(raw, "employer_on_cost_rate", "top level"),
        on_cost_note=str(raw.get("on_cost_note", "")),
        bands=tuple(bands),
        path=source,
        pay_zones=zones,
        pay_zone_source=str(hcas.get("source", "")) if hcas else "",
    )


# --- The PAIR service model ------------------------------------------------------------

@dataclass(frozen=True)
class Post:
    post: str
    label: str
    fte: float
    band: str
    clinical: bool
    band_basis: str = ""  # where the band comes from: the source, or an assumption
    band_range: tuple[str, ...] = ()  # other bands the source allows for the post


@dataclass(frozen=True)
class ExampleTeam:
    """The Greater Manchester example team (PIF 2025, Part three §3.1): an example, not a
    standard. Its stated total is more than the posts it itemises; costings use the posts."""

    name: str
    population: int
    stated_fte: float
    source: str
    posts: tuple[Post, ...]

    @property
    def itemised_fte(self) -> float:
        return round(sum(p.fte for p in self.posts), 2)

    @property
    def unitemised_fte(self) -> float:
        """FTE the source's total has beyond its itemised posts (1 FTE for the GM example)."""
        return round(max(0.0, self.stated_fte - self.itemised_fte), 2)

    def fte_by_band(self, population: float, unitemised_band: str | None = None,
                    bands: dict[str, str] | None = None) -> dict[str, float]:
        """FTE the example asks for, by band, scaled to `population`; `unitemised_band`
        adds the unitemised FTE at that band, and `bands` moves posts to other bands."""
        scale = population / self.population
        out: dict[str, float] = {}
        for post in self.posts:
            band = (bands or {}).get(post.post, post.band)
            out[band] = out.get(band, 0.0) + post.fte * scale
        if unitemised_band is not None and self.unitemised_fte:
            out[unitemised_band] = out.get(unitemised_band, 0.0) + self.unitemised_fte * scale
        return out


@dataclass(frozen=True)
class TeamRules:
    clinical_min_level: int
    clinical_working_towards_level: int
    lead_roles: tuple[str, ...]
    lead_min_band: str
    lead_level: int
    consultant_bands: tuple[str, ...]
    review_window_days: int
    overdue_reviews: str = "flag"  # flag | lapse
    floor_roles: tuple[str, ...] = ()
    floor_clinical_only: bool = True

    @property
    def lapse_overdue(self) -> bool:
        return self.overdue_reviews == "lapse"


@dataclass(frozen=True)
class Need:
    benefit_rate: float
    benefit_source: str
    disorganised_low: float
    disorganised_low_source: str
    disorganised_high: float
    disorganised_high_source: str
    under_1_share: float  # of the 0-2 population, where births are not known
    under_1_share_source: str
    teams_needed_pif: int
    families_per_team_per_year: float
    families_per_team_source: str
    population_0_2_share: float
    population_0_2_share_source: str


@dataclass(frozen=True)
class CoverageReference:
    """What today's UK teams reach (PIF 2025, Part two §4.4), beside an area's coverage."""

    families_seen_low: int
    families_seen_high: int
    share_low: float
    share_high: float
    source: str


@dataclass(frozen=True)
class Profession:
    name: str
    label: str
    clinical: bool


@dataclass(frozen=True)
class ServiceModel:
    as_of: str
    source: str
    example_team: ExampleTeam
    rules: TeamRules
    need: Need
    coverage: CoverageReference
    professions: dict[str, Profession] = field(hash=False)
    roles: tuple[str, ...]
    path: Path
    definition: TeamDefinition | None = None
    interventions: dict[str, Intervention] = field(default_factory=dict, hash=False)

    def is_clinical(self, profession: str) -> bool:
        return self.professions[profession].clinical

    def clinical_professions(self) -> list[str]:
        return [p.name for p in self.professions.values() if p.clinical]



def load_service_model(path: PathLike = None, bands: Bands | None = None) -> ServiceModel:
    source = reference_path("service_model.yaml", path)
    raw = load_yaml(source)
    check = Checker(source)
    bands = bands or load_bands()
    example = _example_team(check, bands, check.get(raw, "example_team", dict, "top level"))
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
        overdue_reviews=_overdue_reviews(check, r),
        floor_roles=tuple(check.get(r, "floor_roles", list, "team_rules")),
        floor_clinical_only=check.get(r, "floor_clinical_only", bool, "team_rules"),
    )
    roles = tuple(check.get(raw, "roles", list, "top level"))
    unknown_roles = [r for r in (*rules.floor_roles, *rules.lead_roles) if r not in roles]
    if unknown_roles:
        raise check.fail("team_rules", f"roles {', '.join(unknown_roles)} are not in `roles`")
    n = check.get(raw, "need", dict, "top level")
    need = Need(
        benefit_rate=check.fraction(n, "benefit_rate", "need"),
        benefit_source=check.get(n, "benefit_source", str, "need"),
        disorganised_low=check.fraction(n, "disorganised_attachment_low", "need"),
        disorganised_low_source=check.get(n, "disorganised_attachment_low_source", str, "need"),
        disorganised_high=check.fraction(n, "disorganised_attachment_high", "need"),
        disorganised_high_source=check.get(n, "disorganised_attachment_high_source", str,
                                           "need"),
        under_1_share=check.fraction(n, "under_1_share_of_0_2", "need"),
        under_1_share_source=check.get(n, "under_1_share_source", str, "need"),
        teams_needed_pif=check.positive(n, "teams_needed_pif", int, "need"),
        families_per_team_per_year=check.positive(n, "families_per_team_per_year", float, "need"),
        families_per_team_source=check.get(n, "families_per_team_source", str, "need"),
        population_0_2_share=check.fraction(n, "population_0_2_share", "need"),
        population_0_2_share_source=check.get(n, "population_0_2_share_source", str, "need"),
    )
    if need.disorganised_low > need.disorganised_high:
        raise check.fail("need", "disorganised_attachment_low is above _high")
    c = check.get(raw, "coverage_reference", dict, "top level")
    coverage = CoverageReference(
        families_seen_low=check.positive(c, "families_seen_low", int, "coverage_reference"),
        families_seen_high=check.positive(c, "families_seen_high", int, "coverage_reference"),
        share_low=check.fraction(c, "share_of_need_low", "coverage_reference"),
        share_high=check.fraction(c, "share_of_need_high", "coverage_reference"),
        source=check.get(c, "source", str, "coverage_reference"),
    )
    return ServiceModel(
        as_of=date_text(raw.get("as_of")),
        source=check.get(raw, "source", str, "top level"),
        example_team=example,
        rules=rules,
        need=need,
        coverage=coverage,
        professions=professions,
        roles=roles,
        path=source,
        definition=_team_definition(check, raw, professions),
        interventions=_interventions(check, raw),
    )


# --- The team definition ----------------------------------------------------------------

@dataclass(frozen=True)
class DefinitionRule:
    rule: str
    name: str
    severity: int
    source: str


@dataclass(frozen=True)
class TeamDefinition:
    """What a PAIR team is: named, sourced rules, the multidisciplinary core, and the
    findings that are reported but never fail a team."""

    source: str
    rules: dict[str, DefinitionRule] = field(hash=False)
    min_clinical_professions: int
    core_professions: tuple[str, ...]
    findings: dict[str, str] = field(hash=False)
    severities: dict[int, str] = field(hash=False)

    def name(self, rule: str) -> str:
        return self.rules[rule].name if rule in self.rules else self.findings.get(rule, rule)


@dataclass(frozen=True)
class Intervention:
    name: str
    label: str
    teams: int  # teams offering it in the source's survey


def _interventions(check: Checker, raw: dict) -> dict[str, Intervention]:
    return {name: Intervention(name, check.get(item, "label", str, f"interventions.{name}"),
                               check.get(item, "teams", int, f"interventions.{name}"))
            for name, item in check.get(raw, "interventions", dict, "top level").items()}


OVERDUE_REVIEWS = ("flag", "lapse")


def _overdue_reviews(check: Checker, rules: dict) -> str:
    value = check.get(rules, "overdue_reviews", str, "team_rules")
    if value not in OVERDUE_REVIEWS:
        raise check.fail("team_rules.overdue_reviews", f"{value!r} is not flag or lapse")
    return value


def _team_definition(check: Checker, raw: dict, professions: dict) -> TeamDefinition:
    d = check.get(raw, "team_definition", dict, "top level")
    rules = {}
    for rule_id, item in check.get(d, "rules", dict, "team_definition").items():
        where = f"team_definition.rules.{rule_id}"
        rules[rule_id] = DefinitionRule(rule_id, check.get(item, "name", str, where),
                                        check.positive(item, "severity", int, where),
                                        check.get(item, "source", str, where))
    severities = {int(k): str(v) for k, v in
                  check.get(d, "severities", dict, "team_definition").items()}
    missing = sorted({r.severity for r in rules.values()} - severities.keys())
    if missing:
        raise check.fail("team_definition.severities",
                         f"no name for severity {', '.join(map(str, missing))}")
    core = tuple(check.get(d, "core_professions", list, "team_definition"))
    unknown = [p for p in core if p not in professions]
    if unknown:
        raise check.fail("team_definition.core_professions",
                         f"unknown professions {', '.join(unknown)}")
    return TeamDefinition(
        source=check.get(d, "source", str, "team_definition"), rules=rules,
        min_clinical_professions=check.positive(d, "min_clinical_professions", int,
                                                "team_definition"),
        core_professions=core,
        findings={k: str(v) for k, v in check.get(d, "findings", dict,
                                                  "team_definition").items()},
        severities=severities)


def _example_team(check: Checker, bands: Bands, raw: dict) -> ExampleTeam:
    posts = []
    for i, item in enumerate(check.get(raw, "posts", list, "example_team")):
        where = f"example_team.posts[{i}]"
        band = _band(check, bands, item, "band", where)
        allowed = tuple(_band_list(check, bands, item, "band_range", where)
                        if "band_range" in item else ())
        if allowed and band not in allowed:
            raise check.fail(where, f"band {band} is outside its band_range {list(allowed)}")
        posts.append(Post(check.get(item, "post", str, where), str(item.get("label", "")),
                          check.positive(item, "fte", float, where), band,
                          check.get(item, "clinical", bool, where),
                          check.get(item, "band_basis", str, where), allowed))
    if len({p.post for p in posts}) != len(posts):
        raise check.fail("example_team.posts", "a post is listed twice")
    team = ExampleTeam(check.get(raw, "name", str, "example_team"),
                       check.positive(raw, "population", int, "example_team"),
                       check.positive(raw, "stated_fte", float, "example_team"),
                       check.get(raw, "source", str, "example_team"), tuple(posts))
    if team.itemised_fte > team.stated_fte + 0.005:
        raise check.fail("example_team", f"posts add up to {team.itemised_fte:g} FTE, more "
                         f"than the stated_fte {team.stated_fte:g}")
    return team


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
    placement_starts_after_months: int = 0  # default placement start, from the cycle's start
    placement_months: int = 12  # default placement length

    def placement_dates(self, cycle_start: dt.date, starts_on: dt.date | None,
                        ends_on: dt.date | None) -> tuple[dt.date, dt.date]:
        """A trainee's placement as [first day, day after the last): their own dates, the
        missing one placement_months from the other, else the programme's defaults."""
        if starts_on is None and ends_on is None:
            starts_on = add_months(cycle_start, self.placement_starts_after_months)
        if ends_on is None:
            return starts_on, add_months(starts_on, self.placement_months)
        end = ends_on + dt.timedelta(days=1)
        return starts_on or add_months(end, -self.placement_months), end


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (earlier if negative), the month's last if it is short."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    last = (dt.date(year + month // 11, (month + 1) % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month + 1, min(day.day, last))


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
            placement_starts_after_months=_months(check, item, "placement_starts_after_months",
                                                  where, 0, 0),
            placement_months=_months(check, item, "placement_months", where, 12, 1),
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


def _months(check: Checker, mapping: dict, key: str, where: str, default: int,
            least: int) -> int:
    """A whole number of months, at least `least`; `default` when the key is absent."""
    if mapping.get(key) is None:
        return default
    value = check.get(mapping, key, int, where)
    if value < least:
        raise check.fail(f"{where}.{key}", f"{value!r} must be at least {least}")
    return value


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



# --- National context for bids --------------------------------------------------------

@dataclass(frozen=True)
class NationalFigure:
    metric: str
    label: str
    value: int | float | str
    unit: str
    note: str
    source: str


@dataclass(frozen=True)
class NationalContext:
    """Headline national figures a bid quotes, each cited (data/national_context.yaml)."""

    as_of: str
    figures: tuple[NationalFigure, ...]
    path: Path


def load_national_context(path: PathLike = None) -> NationalContext:
    source = reference_path("national_context.yaml", path)
    raw = load_yaml(source)
    check = Checker(source)
    figures = []
    for i, item in enumerate(check.get(raw, "figures", list, "top level")):
        where = f"figures[{i}]"
        figures.append(NationalFigure(
            check.get(item, "metric", str, where), check.get(item, "label", str, where),
            check.get(item, "value", (int, float, str), where), check.get(item, "unit", str, where),
            str(item.get("note", "")), check.get(item, "source", str, where)))
    if len({f.metric for f in figures}) != len(figures):
        raise check.fail("figures", "a metric is listed twice")
    return NationalContext(date_text(raw.get("as_of")), tuple(figures), source)


# --- All of it together ----------------------------------------------------------------

@dataclass(frozen=True)
class ReferenceData:
    """Every reference file a command may need, loaded once with the user's overrides."""

    framework: Framework
    bands: Bands
    service: ServiceModel
    placement: PlacementRules
    national_context_path: PathLike = None

    @cached_property
    def national_context(self) -> NationalContext:
        """Loaded only by the reports that quote it."""
        return load_national_context(self.national_context_path)


def load_reference(framework: PathLike = None, bands: PathLike = None,
                   service_model: PathLike = None, placement_rules: PathLike = None,
                   national_context: PathLike = None) -> ReferenceData:
    loaded_bands = load_bands(bands)
    service = load_service_model(service_model, loaded_bands)
    return ReferenceData(
        framework=load_framework(framework),
        bands=loaded_bands,
        service=service,
        placement=load_placement_rules(placement_rules, loaded_bands, service),
        national_context_path=national_context,
    )
