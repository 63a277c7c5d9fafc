"""The gap report: where teams and areas are short of AiMH level 2/3 staff, by FTE and band.

The report a workforce lead takes to a planning meeting. Teams are sorted worst first, by
the severity of the team definition's rules they fail (`team_definition` in
data/service_model.yaml): first teams that do not meet the definition (no level-3
clinical lead, or no multidisciplinary core), then teams short of level 2 staff, then teams
with staff not working towards level 3, then teams missing a service element; then teams
that meet the definition on what is known, those with unknown elements first. Ties: more
unmet rules, more clinical FTE below level 2, less level-3 FTE, team id.

A shared post counts in each team by its share, and once per person in an area's
figures. Each team's staffing is set against the Greater Manchester example team's
listed posts (an example, not a standard) scaled to the population the team serves: its
own `population_served`, or else an equal share of what its area's other teams leave.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from sqlalchemy.engine import Engine

from workforce.competencies.graph import Person, WorkforceGraph
from workforce.competencies.rules import (
    TeamView,
    below_floor,
    check_team,
    not_working_towards,
    qualifying_leads,
    verdict,
)
from workforce.reference import ReferenceData
from workforce.store.models import Area


@dataclass
class TeamGap:
    team_id: str
    name: str
    area_id: str
    staff: int
    clinical_staff: int
    clinical_fte: float
    below_level_2: list[dict]
    below_level_2_fte: float
    level_3_lead: str | None
    level_3_lead_band: str | None
    level_3_fte: float
    not_working_towards_level_3: list[str]
    meets_standard: bool
    unmet: list[str]
    fte: float
    fte_by_band: dict[str, float]
    standard_fte_by_band: dict[str, float] | None
    consultant_fte: float = 0.0  # clinical FTE at the bands that count as consultant level
    # Clinical FTE at level 3 and at or above the lead's band: who can fill the standard's
    # senior posts (the lead and the psychologist/psychotherapist).
    level_3_senior_fte: float = 0.0
    unknown: list[str] = field(default_factory=list)  # definition elements not recorded
    severity: int = 0  # of the most severe unmet rule (1: does not meet the definition)
    # Against the team's own funded establishment, band by band; None when not recorded.
    establishment: list[dict] | None = None
    vacant_posts: int = 0
    vacant_fte: float = 0.0
    population: float | None = None  # what the example team is scaled to
    population_basis: str = ""  # the team's own population_served, or a share of its area's
    #: Each unmet rule and the staff it fails on (empty where it fails on no one: a vacant
    #: lead post, or a service element).
    fails_on: dict[str, list[str]] = field(default_factory=dict)

    @property
    def short(self) -> bool:
        """Short of level 2/3 staff: the teams the placement planner prefers."""
        return self.below_level_2_fte > 0 or self.level_3_lead is None


@dataclass
class AreaGap:
    area_id: str
    name: str
    population: int | None
    teams: int
    clinical_staff: int
    clinical_fte: float
    below_level_2: int
    below_level_2_fte: float
    level_3_fte: float
    teams_without_level_3_lead: int
    teams_meeting_standard: int
    not_working_towards_level_3: int
    fte: float
    fte_by_band: dict[str, float]
    standard_fte_by_band: dict[str, float] | None = field(default=None)
    consultant_fte: float = 0.0
    level_3_senior_fte: float = 0.0
    vacant_posts: int = 0  # in the teams that record a funded establishment
    vacant_fte: float = 0.0
    #: How many people stand behind each FTE figure ("staff", "band_<b>", "level_3",
    #: "level_3_senior", "below_level_2").
    headcount: dict[str, int] = field(default_factory=dict)
    #: The staff ids behind each figure (headcount's names, and "not_working_towards_level_3"):
    #: what a published report's protection keys its noise on. Never in to_dict.
    records: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    #: band -> (the annual cost the staff rows give, the FTE it covers), for pay with no
    #: national scale; None where a published report withholds it (one person's pay).
    own_pay_by_band: dict[str, tuple[float, float]] | None = field(default_factory=dict)


@dataclass
class GapReport:
    teams: list[TeamGap]
    areas: list[AreaGap]
    as_of: dt.date

    def to_dict(self) -> dict:
        areas = [asdict(a) for a in self.areas]
        for area in areas:
            del area["records"]
        return {"as_of": self.as_of.isoformat(), "teams": [asdict(t) for t in self.teams],
                "areas": areas}


def area_population(area: Area, ref: ReferenceData) -> int | None:
    """Total population, or one derived from the 0-2 population; None when neither is known."""
    if area.population:
        return area.population
    if area.population_0_2:
        return round(area.population_0_2 / ref.service.need.population_0_2_share)
    return None


def _fte(people: list[Person]) -> float:
    return round(sum((p.fte for p in people), 0.0), 2)


def once_per_person(people: list[Person]) -> list[Person]:
    """Each person once, with the FTE of all their shares among `people` added up."""
    merged: dict[str, Person] = {}
    for p in people:
        seen = merged.get(p.staff_id)
        merged[p.staff_id] = p if seen is None else seen._replace(fte=seen.fte + p.fte)
    return list(merged.values())


def _standard(population: float | None, ref: ReferenceData) -> dict[str, float] | None:
    if population is None:
        return None
    return {band: round(fte, 2) for band, fte in
            sorted(ref.service.example_team.fte_by_band(population).items(),
                   key=lambda kv: ref.bands.order[kv[0]])}


def _by_band(people: list[Person], ref: ReferenceData) -> dict[str, float]:
    """FTE in post by band, in band order, with 0 for any band the standard asks for."""
    totals = dict.fromkeys((post.band for post in ref.service.example_team.posts), 0.0)
    for p in people:
        totals[p.band] = totals.get(p.band, 0.0) + p.fte
    return {band: round(totals[band], 2) for band in sorted(totals, key=ref.bands.order.get)}


def against_standard(fte_by_band: dict[str, float],
                     standard_fte_by_band: dict[str, float] | None) -> list[dict]:
    """Band by band: FTE in post, the FTE the standard asks for, and in post less standard
    (None where the population, and so the standard, is unknown)."""
    standard = standard_fte_by_band or {}
    return [{"band": band, "in_post": fte, "standard": standard.get(band),
             "difference": round(fte - standard.get(band, 0.0), 2)
             if standard_fte_by_band is not None else None}
            for band, fte in fte_by_band.items()]


def vacancies(people: list[Person], funded: dict[str, tuple[int, float]] | None,
              ref: ReferenceData) -> list[dict] | None:
    """Band by band: funded posts and FTE, people and FTE in post, and what is vacant (funded
    less in post, never below 0)."""
    if funded is None:
        return None
    rows = []
    for band in sorted(funded, key=ref.bands.order.get):
        posts, fte = funded[band]
        here = [p for p in people if p.band == band]
        rows.append({"band": band, "funded_posts": posts, "funded_fte": round(fte, 2),
                     "in_post": len(here), "in_post_fte": _fte(here),
                     "vacant_posts": max(0, posts - len(here)),
                     "vacant_fte": round(max(0.0, fte - _fte(here)), 2)})
    return rows


class _Figures:
    """What a team and an area both report about the people in them."""

    def __init__(self, people: list[Person], ref: ReferenceData):
        self.people = people
        self.clinical = [p for p in people if p.clinical]
        self.below = below_floor(people, ref)
        self.idle = not_working_towards(people, ref)
        consultant = set(ref.service.rules.consultant_bands)
        self.consultant_fte = _fte([p for p in self.clinical if p.band in consultant])
        self.level_3_fte = _fte([p for p in self.clinical if p.attained_level >= 3])
        rules = ref.service.rules
        senior = [p for p in self.clinical if p.attained_level >= rules.lead_level
                  and ref.bands.at_least(p.band, rules.lead_min_band)]
        self.level_3_senior_fte = _fte(senior)
        self.fte_by_band = _by_band(people, ref)
        level_3 = [p for p in self.clinical if p.attained_level >= 3]
        self.records = {name: tuple(p.staff_id for p in group) for name, group in (
            ("staff", people), ("below_level_2", self.below), ("level_3", level_3),
            ("level_3_senior", senior), ("not_working_towards_level_3", self.idle),
            *((f"band_{band}", [p for p in people if p.band == band])
              for band in self.fte_by_band))}
        self.headcount = {name: len(ids) for name, ids in self.records.items()
                          if name != "not_working_towards_level_3"}
        own: dict[str, tuple[float, float]] = {}
        for p in people:
            if p.cost_per_fte is not None:
                cost, fte = own.get(p.band, (0.0, 0.0))
                own[p.band] = (cost + p.cost_per_fte * p.fte, fte + p.fte)
        self.own_pay_by_band = {band: (round(cost, 2), round(fte, 2))
                                for band, (cost, fte) in own.items()}


def team_populations(teams: list, population: int | None) -> dict[str, tuple[float | None, str]]:
    """The population each team serves, and on what basis: its own `population_served`,
    or an equal share of what the area's other teams leave of its population."""
    own = {t.team_id: t.population_served for t in teams if t.population_served}
    others = [t.team_id for t in teams if t.team_id not in own]
    left = None if population is None else max(0.0, population - sum(own.values()))
    share = None if left is None or not others else left / len(others)
    basis = ("an equal share of its area's population" if not own else
             "an equal share of what its area's population less the teams that give their "
             "own leaves")
    return {**{t: (float(p), "its own population served") for t, p in own.items()},
            **{t: (share, basis) for t in others}}


def team_gap(graph: WorkforceGraph, ref: ReferenceData, team_id: str,
             population_share: float | None, members: list[Person] | None = None,
             basis: str = "") -> TeamGap:
    team = graph.team(team_id)
    members = graph.members(team_id) if members is None else members
    f = _Figures(members, ref)
    results = check_team(TeamView(team, members), ref)
    judged = verdict(results, ref)
    leads = qualifying_leads(members, ref)
    lead_person = leads[0] if leads else None
    funded = vacancies(members, graph.establishment(team_id), ref)
    return TeamGap(
        team_id=team.team_id, name=team.name, area_id=team.area_id,
        staff=len(members), clinical_staff=len(f.clinical), clinical_fte=_fte(f.clinical),
        below_level_2=[{"staff_id": p.staff_id, "fte": p.fte} for p in f.below],
        below_level_2_fte=_fte(f.below),
        level_3_lead=lead_person.staff_id if lead_person else None,
        level_3_lead_band=lead_person.band if lead_person else None,
        level_3_fte=f.level_3_fte,
        not_working_towards_level_3=[p.staff_id for p in f.idle],
        meets_standard=judged.meets_standard,
        unmet=judged.unmet,
        fails_on={r.rule: r.staff for r in results if r.rule in judged.unmet},
        fte=_fte(members), fte_by_band=f.fte_by_band,
        standard_fte_by_band=_standard(population_share, ref),
        consultant_fte=f.consultant_fte,
        level_3_senior_fte=f.level_3_senior_fte,
        unknown=judged.unknown, severity=judged.severity, establishment=funded,
        vacant_posts=sum(b["vacant_posts"] for b in funded or []),
        vacant_fte=round(sum(b["vacant_fte"] for b in funded or []), 2),
        population=None if population_share is None else round(population_share),
        population_basis=basis,
    )


def _worst_first(gap: TeamGap) -> tuple:
    return (gap.severity, -len(gap.unmet), -len(gap.unknown), -gap.below_level_2_fte,
            gap.level_3_fte, gap.team_id)


def gaps_from_graph(graph: WorkforceGraph, ref: ReferenceData) -> GapReport:
    teams: list[TeamGap] = []
    areas: list[AreaGap] = []
    for area in graph.areas():
        members = {t.team_id: graph.members(t.team_id) for t in graph.teams(area.area_id)}
        if not members:
            continue
        population = area_population(area, ref)
        served = team_populations(graph.teams(area.area_id), population)
        gaps = [team_gap(graph, ref, team_id, served[team_id][0], people, served[team_id][1])
                for team_id, people in members.items()]
        teams.extend(gaps)
        f = _Figures(once_per_person([p for people in members.values() for p in people]), ref)
        areas.append(AreaGap(
            area_id=area.area_id, name=area.name, population=population, teams=len(gaps),
            clinical_staff=len(f.clinical), clinical_fte=_fte(f.clinical),
            below_level_2=len(f.below), below_level_2_fte=_fte(f.below),
            level_3_fte=f.level_3_fte,
            teams_without_level_3_lead=sum(1 for g in gaps if g.level_3_lead is None),
            teams_meeting_standard=sum(1 for g in gaps if g.meets_standard),
            not_working_towards_level_3=len(f.idle),
            fte=_fte(f.people), fte_by_band=f.fte_by_band,
            standard_fte_by_band=_standard(population, ref),
            consultant_fte=f.consultant_fte,
            level_3_senior_fte=f.level_3_senior_fte,
            vacant_posts=sum(g.vacant_posts for g in gaps),
            vacant_fte=round(sum(g.vacant_fte for g in gaps), 2),
            headcount=f.headcount, records=f.records, own_pay_by_band=f.own_pay_by_band,
        ))
    return GapReport(sorted(teams, key=_worst_first), areas, graph.today)


def gap_report(engine: Engine, ref: ReferenceData, area: str | None = None,
               today: dt.date | None = None) -> GapReport:
    """The gap report for every team (or one area's), from the database."""
    return gaps_from_graph(WorkforceGraph.load(engine, ref, today, area=area, names=False), ref)
