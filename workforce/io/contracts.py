"""The column contract of each import file: names, which are required, and how each is parsed.

A parser turns the cell's text into a value or raises `Invalid` with what is allowed.
The same contract drives the importer, the templates and the exporter, so an export
always imports back.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from workforce.io.cells import (  # noqa: F401  (Invalid: importers catch it from here)
    Invalid,
    cycle_id,
    identifier,
    integer,
    number,
    text,
)
from workforce.io.sources import name_variant
from workforce.reference import ReferenceData
from workforce.reference.bands import AGENDA_FOR_CHANGE
from workforce.store.models import age_range


@dataclass
class Known:
    """Ids already in the database or earlier in the same import, for reference checks."""

    areas: set[str] = field(default_factory=set)
    teams: set[str] = field(default_factory=set)
    staff: set[str] = field(default_factory=set)


Parser = Callable[[str, ReferenceData, Known], object]


@dataclass(frozen=True)
class Column:
    name: str
    parse: Parser
    required: bool = True  # the column must be present and the cell non-empty
    help: str = ""


def fte(value: str, ref: ReferenceData, known: Known) -> float:
    result = number()(value, ref, known)
    if not 0 < result <= 1:
        raise Invalid("is not an FTE: must be more than 0 and at most 1")
    return result


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def date(value: str, _ref: ReferenceData, _known: Known) -> dt.date:
    """A day as YYYY-MM-DD or the UK's DD/MM/YYYY, and nothing else (no times, week dates
    or run-together digits): the one place import dates are read."""
    cleaned = value.strip()
    try:
        if ISO_DATE.fullmatch(cleaned):
            return dt.date.fromisoformat(cleaned)
        uk = UK_DATE.fullmatch(cleaned)
        if uk:
            return dt.date(int(uk[3]), int(uk[2]), int(uk[1]))
    except ValueError:
        raise Invalid("is not a date: there is no such day") from None
    raise Invalid("is not a date: use YYYY-MM-DD or DD/MM/YYYY")


def enumerated(parse: Parser) -> Parser:
    """Mark a parser whose values are a fixed list, so the importer reports any spelling it
    normalised (e.g. 'Band 8A' read as '8a')."""
    parse.enumerated = True  # type: ignore[attr-defined]
    return parse


def canonical(value: object) -> str:
    """How an enumerated value is written in the database and in exports."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


@enumerated
def yes_no(value: str, _ref: ReferenceData, _known: Known) -> bool:
    cleaned = value.strip().lower()
    if cleaned in ("yes", "y", "true", "1"):
        return True
    if cleaned in ("no", "n", "false", "0"):
        return False
    raise Invalid("is not yes or no")


def open_bands(ref: ReferenceData) -> str:
    return ", ".join(b.band for b in ref.bands.bands
                     if not b.closed and b.system == AGENDA_FOR_CHANGE)


def other_pay(ref: ReferenceData) -> str:
    return ", ".join(b.band for b in ref.bands.bands if b.system != AGENDA_FOR_CHANGE)


def _open_band(value: str, ref: ReferenceData, what: str) -> str:
    result = ref.bands.normalise(value)
    if result is None:
        raise Invalid(f"is not {what}{did_you_mean(value, ref.bands.names())}")
    if ref.bands.by_name[result].closed:
        raise Invalid(f"is a band closed to new entrants in {ref.bands.path.name}: "
                      f"use one of {open_bands(ref)}")
    return result


@enumerated
def band(value: str, ref: ReferenceData, _known: Known) -> str:
    """An Agenda for Change band (a funded establishment is costed by band)."""
    result = _open_band(value, ref, f"an Agenda for Change band ({open_bands(ref)})")
    if ref.bands.system(result) != AGENDA_FOR_CHANGE:
        raise Invalid(f"is not an Agenda for Change band ({open_bands(ref)})")
    return result


@enumerated
def pay_band(value: str, ref: ReferenceData, _known: Known) -> str:
    """A person's pay: an Agenda for Change band, a medical pay scale, or non_nhs."""
    return _open_band(value, ref, f"a pay band: an Agenda for Change band ({open_bands(ref)}) "
                                  f"or {other_pay(ref)}")


def aimh_level(value: str, ref: ReferenceData, known: Known) -> int:
    result = integer()(value, ref, known)
    if result != 0 and result not in ref.framework.level_numbers:
        raise Invalid(f"is not an AiMH level (0 for none, or "
                      f"{', '.join(map(str, ref.framework.level_numbers))})")
    return result


def framework_level(value: str, ref: ReferenceData, known: Known) -> int:
    result = integer()(value, ref, known)
    if result not in ref.framework.level_numbers:
        raise Invalid(f"is not a level of the framework "
                      f"({', '.join(map(str, ref.framework.level_numbers))})")
    return result


def did_you_mean(value: str, allowed: list[str]) -> str:
    """': did you mean 'x'?' for the closest allowed spelling, or '' when none is close."""
    close = difflib.get_close_matches(name_variant(value), allowed, n=1, cutoff=0.75)
    return f": did you mean '{close[0]}'?" if close else ""


def one_of(choices: Callable[[ReferenceData], list[str]], what: str) -> Parser:
    @enumerated
    def parse(value: str, ref: ReferenceData, _known: Known) -> str:
        cleaned = name_variant(value)
        allowed = choices(ref)
        if cleaned not in allowed:
            raise Invalid(f"is not a known {what}"
                          + (did_you_mean(cleaned, allowed) or f" ({', '.join(allowed)})"))
        return cleaned
    return parse


@enumerated
def programme(value: str, ref: ReferenceData, known: Known) -> str:
    """A programme the placement rules offer; one they list but do not offer says how to
    switch it on, rather than calling it unknown."""
    held = ref.placement.not_offered.get(name_variant(value))
    if held is not None:
        raise Invalid(f"is not offered: no source describes who may supervise its "
                      f"trainees. Once the course says who may, copy {ref.placement.path.name}, "
                      f"set `offered: true` for it and give the copy with --placement-rules")
    return _offered(value, ref, known)


_offered = one_of(lambda r: list(r.placement.programmes), "programme")


def reference_to(kind: str) -> Parser:
    def parse(value: str, _ref: ReferenceData, known: Known) -> str:
        cleaned = value.strip()
        if cleaned not in getattr(known, kind):
            raise Invalid(f"is not a known {kind[:-1] if kind != 'staff' else 'staff member'}"
                          f"; import {kind} first")
        return cleaned
    return parse


def competency(value: str, ref: ReferenceData, _known: Known) -> str:
    cleaned = value.strip()
    if cleaned not in ref.framework.by_id:
        raise Invalid(f"is not a competency of {ref.framework.path.name} (e.g. 1.01)")
    return cleaned


def team_list(value: str, ref: ReferenceData, known: Known) -> list[str]:
    if "," in value and ";" not in value:
        raise Invalid("is a list with commas: use ; between teams (e.g. T01;T02)")
    teams = [t.strip() for t in value.split(";") if t.strip()]
    unknown = [t for t in teams if t not in known.teams]
    if unknown:
        raise Invalid(f"names unknown teams: {', '.join(unknown)}")
    if len(set(teams)) != len(teams):
        raise Invalid("lists a team twice")
    return teams


def shares(value: str, ref: ReferenceData, known: Known) -> str:
    """A shared post's FTE in each team, 'T01:0.5;T02:0.3', as a normalised text."""
    if "," in value and ";" not in value and value.count(":") > 1:
        raise Invalid("is a list with commas: use ; between teams (e.g. T01:0.5;T02:0.3)")
    found: dict[str, float] = {}
    for part in (p.strip() for p in value.split(";") if p.strip()):
        team, sep, share = part.partition(":")
        team = team.strip()
        if not sep:
            raise Invalid(f"{part!r} is not TEAM:FTE (e.g. T01:0.5;T02:0.3)")
        if team not in known.teams:
            raise Invalid(f"names an unknown team {team!r}; import teams first")
        if team in found:
            raise Invalid(f"lists team {team} twice")
        try:
            found[team] = fte(share, ref, known)
        except Invalid as exc:
            raise Invalid(f"share for {team} {exc}") from None
    if not found:
        raise Invalid("names no team (e.g. T01:0.5;T02:0.3)")
    return ";".join(f"{team}:{share:g}" for team, share in found.items())


def ages_served(value: str, _ref: ReferenceData, _known: Known) -> str:
    served = age_range(value)
    if served is None or served[0] > served[1]:
        raise Invalid("is not an age range in years, youngest-oldest (e.g. 0-2)")
    return f"{served[0]}-{served[1]}"


@enumerated
def status(value: str, _ref: ReferenceData, _known: Known) -> str:
    cleaned = name_variant(value)
    if cleaned not in ("achieved", "working_towards"):
        raise Invalid("is not achieved or working_towards")
    return cleaned


def known_team(value: str, _ref: ReferenceData, _known: Known) -> str:
    """The name of a team the sources name (loaded only when a file gives one)."""
    from workforce.national.figures import load_uk
    from workforce.national.teams import load_known_teams

    names = {t.name.casefold(): t.name for t in load_known_teams(load_uk())}
    if value.strip().casefold() not in names:
        raise Invalid("is not a team of data/known_teams.csv: give its name as listed there")
    return names[value.strip().casefold()]


def ons_code(value: str, _ref: ReferenceData, _known: Known) -> str:
    """A council or ICB code of the bundled UK figures (loaded only when a file has one)."""
    from workforce.errors import NotFound
    from workforce.national.areas import place_of

    try:
        return place_of(value).code
    except NotFound as exc:
        raise Invalid(str(exc)) from None


CONTRACTS: dict[str, list[Column]] = {
    "areas": [
        Column("area_id", identifier),
        Column("name", text),
        Column("population", integer(1), required=False, help="total population"),
        Column("population_0_2", integer(1), required=False, help="babies under two"),
        Column("births_per_year", integer(0), required=False),
        Column("pay_zone", one_of(lambda r: list(r.bands.pay_zones), "high cost area zone"),
               required=False, help="high cost area supplement zone, blank for none"),
        Column("ons_code", ons_code, required=False,
               help="ONS code of the council or ICB; blank figures come from the bundled data"),
        Column("population_source", text, required=False,
               help="where the figures come from (set when filled from the bundled data)"),
    ],
    "teams": [
        Column("team_id", identifier),
        Column("name", text),
        Column("area_id", reference_to("areas")),
        Column("organisation", text, required=False),
        Column("lat", number(-90, 90), required=False,
               help="the team's location, needed only to plan placements (travel distances)"),
        Column("lon", number(-180, 180), required=False,
               help="with lat; blank when the team is not in placement planning"),
        Column("max_trainees", integer(0), required=False),
        Column("families_per_year", integer(0), required=False),
        Column("ages_served", ages_served, required=False,
               help="ages referred, in years, youngest-oldest (0-2); blank: unknown"),
        Column("antenatal_referrals", yes_no, required=False, help="blank: unknown"),
        Column("dyadic_work", yes_no, required=False, help="blank: unknown"),
        Column("diagnosis_required", yes_no, required=False, help="blank: unknown"),
        Column("indirect_work", yes_no, required=False, help="blank: unknown"),
        Column("professionals_reached_per_year", integer(0), required=False),
        Column("population_served", integer(1), required=False,
               help="the team's own population; blank: an equal share of its area's"),
        Column("known_team", known_team, required=False,
               help="the team of data/known_teams.csv this team is, so a bid counts it once"),
    ],
    "staff": [
        Column("staff_id", identifier),
        Column("name", text),
        Column("team_id", reference_to("teams")),
        Column("profession", one_of(lambda r: list(r.service.professions), "profession")),
        Column("role", one_of(lambda r: list(r.service.roles), "role")),
        Column("band", pay_band, help="Agenda for Change band, consultant, specialty_doctor "
               "or non_nhs (voluntary or council pay)"),
        Column("fte", fte),
        Column("aimh_level", aimh_level),
        Column("working_towards_level", framework_level, required=False),
        Column("supervisor", yes_no, required=False),
        Column("max_supervisees", integer(0, 20), required=False),
        Column("qualified_on", date, required=False),
        Column("team_shares", shares, required=False,
               help="a shared post's FTE in each team, T01:0.5;T02:0.3, adding up to fte"),
        Column("supervisor_trained_on", date, required=False,
               help="when they last attended supervisor training"),
        Column("supervision_hours", number(0, 60), required=False,
               help="weekly hours they can give to supervision (blank: from FTE)"),
        Column("started_on", date, required=False,
               help="first day in the team: within the induction period the level floors "
                    "wait"),
        Column("annual_cost", number(0), required=False,
               help="a year's cost of the post, for pay with no national scale (non_nhs)"),
    ],
    "trainees": [
        Column("trainee_id", identifier),
        Column("name", text),
        Column("programme", programme),
        Column("year", integer(1, 10), required=False),
        Column("cycle", cycle_id),
        Column("lat", number(-90, 90)),
        Column("lon", number(-180, 180)),
        Column("max_travel_km", number(0)),
        Column("preferences", team_list, required=False, help="team ids in rank order, ';'"),
        Column("excluded_teams", team_list, required=False, help="team ids, ';'"),
        Column("cycle_starts_on", date, required=False,
               help="first day of the placement cycle, if its name has no year"),
        Column("course_requires_placement", yes_no, required=False,
               help="yes when the course needs this placement to qualify"),
        Column("employing_team", reference_to("teams"), required=False,
               help="the team that employs the trainee (Recruit-to-Train, IEYP)"),
        Column("starts_on", date, required=False,
               help="first day of the placement (blank: the programme's default)"),
        Column("ends_on", date, required=False,
               help="last day of the placement, after starts_on (blank: the default)"),
    ],
    "attainments": [
        Column("staff_id", reference_to("staff")),
        Column("competency_id", competency),
        Column("level", framework_level),
        Column("status", status),
        Column("evidenced_on", date, required=False),
        Column("review_due", date, required=False),
        Column("assessed_by", text, required=False),
    ],
    "training": [
        Column("staff_id", reference_to("staff")),
        Column("intervention", one_of(lambda r: list(r.service.interventions), "intervention")),
        Column("trained_on", date, required=False),
    ],
    "establishment": [
        Column("team_id", reference_to("teams")),
        Column("band", band),
        Column("posts", integer(0)),
        Column("fte", number(0)),
    ],
}

#: The columns that identify a row, for upserts and duplicate checks.
KEYS: dict[str, tuple[str, ...]] = {
    "areas": ("area_id",),
    "teams": ("team_id",),
    "staff": ("staff_id",),
    "trainees": ("trainee_id",),
    "attainments": ("staff_id", "competency_id", "level"),
    "training": ("staff_id", "intervention"),
    "establishment": ("team_id", "band"),
}


def template(table: str) -> str:
    """A CSV header line for `table`, the start of a file a user fills in."""
    return ",".join(c.name for c in CONTRACTS[table]) + "\n"
