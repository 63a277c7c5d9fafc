"""Placement rules (data/placement_rules.yaml): the programmes trainees come from, who may
supervise them, default placement dates, and the supervision hours a supervisor can give."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from workforce.errors import UserError
from workforce.reference.bands import Bands, band_field, load_bands
from workforce.reference.checks import Checker, date_text
from workforce.reference.files import PathLike, load_yaml, reference_path
from workforce.reference.service_model import ServiceModel, load_service_model


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
    #: Who may supervise as the profession sets it: registration, years qualified and
    #: supervisor training, each with its source (or ASSUMPTION).
    requirements: dict[str, str] = field(default_factory=dict, hash=False)
    #: The thresholds that are this tool's own choice, not the profession's.
    local_rules: tuple[str, ...] = ()

    def placement_dates(self, cycle_start: dt.date, starts_on: dt.date | None,
                        ends_on: dt.date | None) -> tuple[dt.date, dt.date]:
        """A trainee's placement as [first day, day after the last): their own dates, the
        missing one placement_months from the other, else the programme's defaults."""
        try:
            return self._dates(cycle_start, starts_on, ends_on)
        except (ValueError, OverflowError):  # past 9999-12-31 or before year 1
            raise UserError(f"a {self.name} placement in the cycle starting {cycle_start} "
                            f"(own dates {starts_on or 'none'} to {ends_on or 'none'}) runs "
                            "beyond the calendar: correct the cycle's or the trainee's dates"
                            ) from None

    def _dates(self, cycle_start: dt.date, starts_on: dt.date | None,
               ends_on: dt.date | None) -> tuple[dt.date, dt.date]:
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
    #: Programmes no source describes the supervisors of: not offered unless switched on.
    not_offered: dict[str, Programme] = field(default_factory=dict, hash=False)
    apply_local_rules: bool = True

    def supervisees_for_fte(self, fte: float) -> int:
        """Default number of trainees a supervisor with this FTE takes."""
        for min_fte, count in self.default_supervisees:
            if fte >= min_fte:
                return count
        return 0

    def cycle_start(self, cycle_id: str) -> dt.date | None:
        """Start date of a cycle named like '2026-27', or None if the name has no year."""
        head = cycle_id.strip()[:4]
        if not head.isdigit() or int(head) < dt.MINYEAR:
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
    programmes, not_offered = {}, {}
    apply_local = check.get(raw, "apply_local_rules", bool, "top level")
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
        programme = Programme(
            name=name,
            label=str(item.get("label", name)),
            supervisor_professions=tuple(profs),
            min_band=band_field(check, bands, item, "min_band", where),
            min_aimh_level=level,
            min_years_qualified=check.get(item, "min_years_qualified", float, where),
            supervision_hours=_positive(check, item, "supervision_hours_per_week", where),
            max_years_since_supervisor_training=(
                None if item.get("max_years_since_supervisor_training") is None else
                _positive(check, item, "max_years_since_supervisor_training", where)),
            placement_starts_after_months=_months(check, item, "placement_starts_after_months",
                                                  where, 0, 0),
            placement_months=_months(check, item, "placement_months", where, 12, 1),
            requirements=_requirements(check, item, where),
            local_rules=_local_rules(check, item, where),
        )
        if not apply_local:
            programme = replace(programme, **{rule: LOCAL_OFF[rule] if rule != "min_band"
                                              else bands.names()[0]
                                              for rule in programme.local_rules})
        (programmes if check.get(item, "offered", bool, where) else not_offered)[name] = programme
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
        not_offered=not_offered,
        apply_local_rules=apply_local,
    )


#: The thresholds a programme may mark as local, and their value with local rules off
#: (min_band: the lowest band).
LOCAL_OFF = {"min_band": None, "min_aimh_level": 0, "min_years_qualified": 0.0,
             "max_years_since_supervisor_training": None}
REQUIREMENTS = ("registration", "years_qualified", "supervisor_training")


def _requirements(check: Checker, item: dict, where: str) -> dict[str, str]:
    given = check.get(item, "requirements", dict, where)
    return {key: check.get(given, key, str, f"{where}.requirements") for key in REQUIREMENTS}


def _local_rules(check: Checker, item: dict, where: str) -> tuple[str, ...]:
    rules = tuple(check.get(item, "local_rules", list, where))
    unknown = [r for r in rules if r not in LOCAL_OFF]
    if unknown:
        raise check.fail(f"{where}.local_rules", f"{', '.join(map(str, unknown))}: a local "
                         f"rule is one of {', '.join(LOCAL_OFF)}")
    return rules


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

