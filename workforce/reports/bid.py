"""The funding-bid report for one or more areas: national context, need, coverage, teams
needed, staffing and cost gap by band, level 2/3 shortfalls and the placement pipeline.

Aggregates only: no name or staff/trainee id ever enters the report. Unless the caller
asks otherwise the report is protected (workforce.reports.protect): figures about people
carry cell key noise and everything is worked out from them. With several areas the
report adds their total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from workforce.competencies.gaps import gap_report
from workforce.competencies.rules import verdict_text
from workforce.disclosure.metrics import SUPPRESSION_NOTE, Metric, perturbation_note
from workforce.economics.cost import Costing, pay_basis, pay_zone
from workforce.economics.gap_cost import cost_metrics
from workforce.economics.need import (
    Population,
    babies_benefiting,
    coverage_metrics,
    need_metrics,
    population_of,
    teams_metrics,
    teams_range,
)
from workforce.economics.staffing import (
    Establishment,
    band_lines,
    shortfall_metrics,
    staffing_metrics,
)
from workforce.economics.teams_now import (
    TeamsNow,
    Verdict,
    coverage_estimate_metrics,
    teams_now_metrics,
)
from workforce.errors import CannotDo, NotFound, UserError
from workforce.pipeline.outlook import outlook
from workforce.reference import ReferenceData
from workforce.reports.pipeline import outlook_metrics, pipeline_metrics, read_pipeline
from workforce.reports.place import place_facts
from workforce.reports.protect import (
    as_published,
    cell_keys,
    protect_gap,
    protect_pipeline,
    service_verdict,
)
from workforce.store.models import Area, Team

SECTIONS = ("context", "need", "coverage", "teams", "staffing", "cost", "competencies",
            "pipeline")
TOTAL = "total"
#: Units whose figures add up across areas; the rest (percentages) are worked out again.
ADDITIVE_UNITS = {"babies", "births", "people", "families", "teams", "FTE", "GBP a year",
                  "places"}


@dataclass
class AreaBid:
    """One area's figures, as published: every renderer reads these rows and nothing
    else, so a withheld figure cannot reach any format."""

    area_id: str
    name: str
    metrics: list[Metric]
    pay_basis: str = ""
    #: The year of the data each figure stands on: "population", "births", "pay".
    years: dict[str, str] = field(default_factory=dict)
    #: The teams the sources name here that the database does not hold.
    known_teams: list[dict] = field(default_factory=list)


@dataclass
class BidReport:
    areas: list[AreaBid]  # with their total last when there are several
    context: list[Metric]
    plan: str | None
    cycle: str | None
    pay_year: str
    pay_point: str
    on_cost_rate: float
    pay_basis: str  # the costing assumption, in words
    generated_on: dt.date
    protected: bool  # figures about people carry cell key noise; the projection is withheld
    notes: list[str] = field(default_factory=list)

    def rows(self) -> list[dict]:
        """One row per metric: the body of the CSV and JSON."""
        return [*({"area_id": "national", "area": "National context", **m.row()}
                  for m in self.context),
                *({"area_id": a.area_id, "area": a.name, **m.row()}
                  for a in self.areas for m in a.metrics)]

    def to_dict(self) -> dict:
        return {"report": {"areas": [a.area_id for a in self.areas],
                           "places": [{"area_id": a.area_id, "name": a.name, "years": a.years,
                                       "known_teams": a.known_teams} for a in self.areas],
                           "plan": self.plan,
                           "cycle": self.cycle, "pay_year": self.pay_year,
                           "pay_point": self.pay_point, "on_cost_rate": self.on_cost_rate,
                           "pay_basis": self.pay_basis,
                           "area_pay_basis": {a.area_id: a.pay_basis for a in self.areas},
                           "generated_on": self.generated_on.isoformat(),
                           "protected": self.protected, "notes": self.notes},
                "metrics": self.rows()}

    @classmethod
    def from_dict(cls, payload: dict) -> BidReport:
        """A report back from its JSON, as published: only what was published."""
        head = payload["report"]
        by_area: dict[str, tuple[str, list[Metric]]] = {}
        for row in payload["metrics"]:
            metric = Metric(row["section"], row["metric"], row["label"],
                            None if row["suppressed"] else row["value"], row["unit"],
                            row["assumption"], row["source"], band=row.get("band"),
                            suppressed=row["suppressed"], perturbed=row["perturbed"])
            by_area.setdefault(row["area_id"], (row["area"], []))[1].append(metric)
        context = by_area.pop("national", ("", []))[1]
        places = {p["area_id"]: p for p in head.get("places", [])}
        return cls([AreaBid(a, name, metrics, head["area_pay_basis"][a],
                            places.get(a, {}).get("years", {}),
                            places.get(a, {}).get("known_teams", []))
                    for a, (name, metrics) in by_area.items()], context, head["plan"],
                   head["cycle"], head["pay_year"], head["pay_point"], head["on_cost_rate"],
                   head["pay_basis"], dt.date.fromisoformat(head["generated_on"]),
                   head["protected"], head["notes"])


def bid_report(engine: Engine, ref: ReferenceData, areas: list[str] | None = None,
               plan: str | None = None, population: int | None = None,
               population_0_2: int | None = None, births: int | None = None,
               costing: Costing | None = None, unitemised_band: str | None = None,
               protect: bool = True, today: dt.date | None = None,
               extra_areas: Sequence[Area] = (), scenario: Path | None = None) -> BidReport:
    """The bid report for `areas` (every area when None), with the pipeline of the saved
    placement plan `plan`; `population`, `population_0_2` and `births` replace one area's
    figures; `unitemised_band` costs the example team's unitemised FTE at that band.
    `extra_areas` are areas not held in the database (councils from the bundled figures).
    `scenario` is the one area's funded bid, projected beside today's rates."""
    costing = costing or Costing()
    if unitemised_band is not None and unitemised_band not in ref.bands.order:
        raise UserError(f"--cost-unitemised-at {unitemised_band!r} is not an Agenda for Change "
                        f"band ({ref.bands.describe()})")
    establishment = Establishment(ref, unitemised_band)
    with Session(engine) as session:
        known = {a.area_id: a for a in session.scalars(select(Area).order_by(Area.area_id))}
        known.update({a.area_id: a for a in extra_areas if a.area_id not in known})
        chosen = list(dict.fromkeys(areas)) if areas else list(known)
        if not chosen:
            raise CannotDo("no areas yet, so no bid to report: `workforce import areas FILE` "
                           "(or report on a council or ICB with --la CODE or --icb CODE)")
        for area_id in chosen:
            if area_id not in known:
                raise NotFound(f"no area {area_id!r} (areas: {', '.join(known) or 'none'})")
        if any(v is not None for v in (population, population_0_2, births)) and len(chosen) != 1:
            raise UserError("--population, --population-0-2 and --births apply to one area: "
                            "give a single --area")
        if scenario is not None and len(chosen) != 1:
            raise UserError("--scenario funds one area: give a single --area")
        populations = {a: population_of(known[a], ref, population, population_0_2, births)
                       for a in chosen}
        pipeline = read_pipeline(session, ref, plan)
        families = {area: (seen, reporting) for area, seen, reporting in session.execute(
            select(Team.area_id, func.sum(Team.families_per_year),
                   func.count(Team.families_per_year)).group_by(Team.area_id))}
        team_names: dict[str, set[str]] = {}
        for area_id, name, known_as in session.execute(
                select(Team.area_id, Team.name, Team.known_team)):
            team_names.setdefault(area_id, set()).add(known_as or name)
    held = [a for a in chosen if a not in {e.area_id for e in extra_areas}]
    only = held[0] if len(held) == 1 else None
    audit = gap_report(engine, ref, area=only, today=today) if held else None
    gaps = {a.area_id: a for a in audit.areas} if audit else {}
    verdicts: dict[str, list[Verdict]] = {}
    for t in audit.teams if audit else []:  # a protected report's name no one's level
        verdicts.setdefault(t.area_id, []).append(Verdict(t.name, *(
            service_verdict(t, ref) if protect else
            (t.meets_standard, verdict_text(t.meets_standard, t.severity, t.unknown, ref)))))
    if scenario is not None and not held:
        raise UserError(f"--scenario projects an area's workforce, and {chosen[0]} has none in "
                        f"the database")
    if protect:  # the one place protection applies: to the figures about people
        keys = cell_keys(engine, ref)
        gaps = {a: protect_gap(g, keys) for a, g in gaps.items()}
        pipeline = protect_pipeline(pipeline, keys)
    out, with_bid, place_notes = [], [], []
    for area_id in chosen:
        pop, gap = populations[area_id], gaps.get(area_id)
        facts = place_facts(ref, known[area_id], team_names.get(area_id, set()))
        if population is not None or population_0_2 is not None:
            facts.years["population"] = "given on the command line"
        place_notes += facts.notes
        area_costing = costing.in_zone(pay_zone(ref, facts.pay_zone))
        teams = teams_range(ref, pop)
        now = TeamsNow(len(team_names.get(area_id, ())), facts.known,
                       tuple(verdicts.get(area_id, ())))
        seen, reporting = families.get(area_id, (None, 0))
        lines = band_lines(ref, teams, gap, establishment, area_costing)
        # An area the database does not hold has no workforce to project.
        projected = (outlook(engine, ref, area_id, plan, scenario, pop, today)
                     if area_id in held else None)
        if projected is not None and projected.with_bid is not None and not protect:
            with_bid.append(f"{known[area_id].name}: with this bid, the level-3 gap closes "
                            f"{projected.with_bid.gap_closes_text()}; at today's rates it "
                            f"closes {projected.today.gap_closes_text()}.")
        metrics = [*need_metrics(ref, pop),
                   *coverage_metrics(ref, pop, seen, reporting, now.in_database),
                   *coverage_estimate_metrics(ref, now, seen, babies_benefiting(ref, pop)),
                   *teams_now_metrics(now),
                   *teams_metrics(ref, pop, establishment.per_team_fte, establishment.basis),
                   *staffing_metrics(ref, gap, lines, establishment, teams,
                                     now.staffing_unknown),
                   *cost_metrics(ref, teams, lines, establishment, area_costing),
                   *shortfall_metrics(ref, gap, teams),
                   *pipeline_metrics(ref, area_id, pipeline),
                   *(outlook_metrics(projected, withheld=protect) if projected else [])]
        out.append(AreaBid(area_id, known[area_id].name,
                           as_published(metrics) if protect else metrics,
                           pay_basis(ref, area_costing), facts.years,
                           [_known_row(t) for t in facts.known]))
    if len(out) > 1:
        out.append(_total(ref, out, [populations[a] for a in chosen]))
    return BidReport(out, _context(ref), plan, pipeline.cycle, ref.bands.pay_year,
                     costing.pay_point, ref.bands.on_cost_rate, pay_basis(ref, costing),
                     today or dt.date.today(), protect,
                     with_bid + place_notes + _notes(ref, establishment, out, populations,
                                                     protect, today or dt.date.today()))


def _known_row(team) -> dict:
    return {"team": team.name, "serves": team.serves, "note": team.note,
            "families_per_year": team.families_per_year,
            "families_source": team.families_source, "source": team.source}


def _context(ref: ReferenceData) -> list[Metric]:
    return [Metric("context", f.metric, f.label, f.value, f.unit, f.note, f.source)
            for f in ref.national_context.figures]


def _total(ref: ReferenceData, areas: list[AreaBid], pops: list[Population]) -> AreaBid:
    """The areas added together: counts, FTE and costs summed, percentages worked out
    again from the sums. Band by band figures stay with their areas: summed, they would
    give small areas' bands away through one another far more often than they add."""
    names: dict[str, Metric] = {}
    for area in areas:
        for m in area.metrics:
            names.setdefault(m.metric, m)
    metrics = []
    for name, first in names.items():
        found = [next((m for m in a.metrics if m.metric == name), None) for a in areas]
        if first.unit not in ADDITIVE_UNITS or first.band is not None or None in found:
            continue
        values = [m.value for m in found]
        withheld = any(m.suppressed for m in found)
        value = None if None in values or withheld else round(sum(values), 2)
        if isinstance(value, float) and all(isinstance(v, int) for v in values):
            value = int(value)
        people = [m.people for m in found if m.people is not None]
        metrics.append(replace(first, value=value, assumption=f"sum of {len(areas)} areas"
                               + (f"; {first.assumption}" if first.assumption else ""),
                               people=sum(people) if people else None,
                               suppressed=withheld))
    seen = next((m.value for m in metrics if m.metric == "families_seen_per_year"), None)
    benefit = sum(babies_benefiting(ref, p) for p in pops)
    at = next(i for i, m in enumerate(metrics) if m.section == "coverage") + 1
    metrics.insert(at, Metric("coverage", "coverage_pct", "Coverage of need",
                              round(100 * seen / benefit, 1) if seen is not None else None, "%",
                              "families seen a year / babies who would benefit"))
    return AreaBid(TOTAL, f"All {len(areas)} areas", metrics, areas[0].pay_basis)


def _notes(ref: ReferenceData, establishment: Establishment, areas: list[AreaBid],
           populations: dict[str, Population], protected: bool, today: dt.date) -> list[str]:
    """What a reader must know to read the figures, in plain words."""
    example, need = ref.service.example_team, ref.service.need
    per_gm_team = example.babies_per_team * need.benefit_rate
    notes = [
        f"The {example.name} is an example, not a standard: there are no national standards "
        f"for parent-infant teams ({example.source}). The source states {example.stated_fte:g} "
        f"FTE for {example.population:,} people, but the posts it lists add up to "
        f"{example.itemised_fte:g} FTE; this report costs "
        + (f"those posts plus the unitemised {example.unitemised_fte:g} FTE at band "
           f"{establishment.unitemised_band}, your assumption."
           if establishment.unitemised_band else
           f"the listed posts (--cost-unitemised-at BAND costs the rest), and the high end of "
           f"the headline cost the stated {example.stated_fte:g} FTE."),
        f"Teams needed is a range. The low end is one team like the {example.name} per "
        f"{example.babies_per_team:,.0f} babies under two (its {example.population:,} people at "
        f"{example.place.name}'s {example.place.year} babies per person): an infant service's "
        f"need follows babies, not total population. The high end is the Parent-Infant "
        f"Foundation's basis, a service for {need.benefit_rate:.0%} of babies under two at "
        f"about {need.families_per_team_per_year:g} a team a year (up to "
        f"{need.teams_needed_pif} teams for England). They differ because a team at GM density "
        f"would serve about {per_gm_team:,.0f} babies who would benefit, not "
        f"{need.families_per_team_per_year:g}. FTE and cost are given for each end.",
        "The cost of the gap is the cost of all the teams needed less the cost of the staff "
        "in post at their bands, never below 0; the cost of the bands short of staff is "
        "detail beside it.",
    ]
    unknown = [a.name for a in areas if a.known_teams]
    if unknown:
        notes.append(f"Teams the sources name work in {', '.join(unknown)}, but their staff "
                     f"are not in the database: FTE in post is unknown, so the FTE gap and its "
                     f"cost are upper bounds. Import their staff to close them.")
    tiny = [a.name for a in areas
            if next((m.value for m in a.metrics if m.metric == "teams_needed_caseload"), 1) < 1]
    if tiny:
        notes.append(f"The need of {', '.join(tiny)} is a fraction of one team even on the "
                     f"Parent-Infant Foundation's basis: a team would serve it jointly with a "
                     f"neighbouring area.")
    report_year = today.year if today.month >= 4 else today.year - 1
    pay_from = int(ref.bands.pay_year[:4]) if ref.bands.pay_year[:4].isdigit() else report_year
    if pay_from < report_year:
        notes.append(f"Pay is the {ref.bands.pay_year} scale, older than this report's year "
                     f"({report_year}/{(report_year + 1) % 100:02d}): later pay awards are not "
                     f"in it (--pay-uplift PCT adds them).")
    estimated = [a.name for a in areas if a.area_id in populations
                 and populations[a.area_id].births is None]
    if estimated:
        notes.append(f"Births a year are not known for {', '.join(estimated)}: the "
                     f"disorganised-attachment range uses the under-1 population, estimated as "
                     f"{need.under_1_share:g} x the 0-2 population ({need.under_1_share_source}).")
    if protected and any(m.perturbed for a in areas for m in a.metrics):
        rules = ref.disclosure
        notes.append(perturbation_note(rules.counts.most, rules.fte.most, rules.fte.least))
    if protected and any(m.suppressed for a in areas for m in a.metrics):
        notes.append(SUPPRESSION_NOTE)
    return notes
