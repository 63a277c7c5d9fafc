"""The funding-bid report for one or more areas: need, coverage, teams needed, staffing and
cost gap by band, level 2/3 shortfalls and the placement pipeline.

Aggregates only: no name or staff/trainee id ever enters the report, and counts of
people are suppressed below five unless the caller asks otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from workforce.competencies.gaps import AreaGap, gap_report
from workforce.errors import NotFound, UserError
from workforce.models import Area, Plan, PlanAssignment, Staff, Team
from workforce.placements.instance import supervisor_capacity
from workforce.reference import ReferenceData
from workforce.reports.figures import Metric, need_metrics

PAY_POINTS = ("min", "mid", "max")


@dataclass
class BandLine:
    band: str
    needed_fte: float
    in_post_fte: float
    gap_fte: float
    annual_cost: float  # of the gap, with on-costs


@dataclass
class AreaBid:
    area_id: str
    name: str
    metrics: list[Metric]
    bands: list[BandLine] = field(default_factory=list)


@dataclass
class BidReport:
    areas: list[AreaBid]
    plan: str | None
    pay_year: str
    pay_point: str
    on_cost_rate: float
    generated_on: dt.date

    def rows(self, suppress: bool = True) -> list[dict]:
        """One row per metric, the CSV and JSON body."""
        return [{"area_id": a.area_id, "area": a.name, "section": m.section, "metric": m.metric,
                 "label": m.label, "value": m.shown(suppress), "unit": m.unit,
                 "assumption": m.assumption, "source": m.source}
                for a in self.areas for m in a.metrics]

    def to_dict(self, suppress: bool = True) -> dict:
        return {"report": {"areas": [a.area_id for a in self.areas], "plan": self.plan,
                           "pay_year": self.pay_year, "pay_point": self.pay_point,
                           "on_cost_rate": self.on_cost_rate,
                           "generated_on": self.generated_on.isoformat(),
                           "small_numbers_suppressed": suppress},
                "metrics": self.rows(suppress)}


def bid_report(engine: Engine, ref: ReferenceData, areas: list[str] | None = None,
               plan: str | None = None, population: int | None = None,
               population_0_2: int | None = None, pay_point: str = "mid",
               today: dt.date | None = None) -> BidReport:
    """The bid report for `areas` (every area when None)."""
    if pay_point not in PAY_POINTS:
        raise UserError(f"pay point {pay_point!r}: choose min, mid or max")
    for given, name in ((population, "--population"), (population_0_2, "--population-0-2")):
        if given is not None and given <= 0:
            raise UserError(f"{name} must be a positive number of people, not {given}")
    with Session(engine) as session:
        known = {a.area_id: a for a in session.scalars(select(Area).order_by(Area.area_id))}
        chosen = areas or list(known)
        for area_id in chosen:
            if area_id not in known:
                raise NotFound(f"no area {area_id!r} (areas: {', '.join(known) or 'none'})")
        if (population or population_0_2) and len(chosen) != 1:
            raise UserError("--population and --population-0-2 apply to one area: "
                            "give a single --area")
        saved = None
        if plan is not None:
            saved = session.scalar(select(Plan).where(Plan.name == plan))
            if saved is None:
                raise NotFound(f"no saved plan {plan!r}: see `workforce placements list`")
        pipeline = _pipeline(session, ref, saved)
        families = dict(session.execute(select(Team.area_id, func.sum(Team.families_per_year))
                                        .group_by(Team.area_id)).all())
    gaps = {a.area_id: a for a in gap_report(engine, ref, today=today).areas}
    out = []
    for area_id in chosen:
        area = known[area_id]
        pop_0_2 = population_0_2 or area.population_0_2
        total = population or area.population
        if pop_0_2 is None and total is not None:
            pop_0_2 = round(total * ref.service.need.population_0_2_share)
        if pop_0_2 is None:
            raise UserError(f"area {area_id} has no population: add population_0_2 (and "
                            f"population) to its row in your areas file and run `workforce "
                            f"import areas FILE`, or pass --population-0-2 N")
        derived = total is None
        if derived:
            total = round(pop_0_2 / ref.service.need.population_0_2_share)
        gap = gaps.get(area_id)
        metrics = need_metrics(ref, pop_0_2, area.births_per_year, total, derived,
                               families.get(area_id), gap.teams if gap else 0)
        bands = _bands(ref, total, gap, pay_point)
        metrics += _staffing(ref, gap, bands, pay_point)
        metrics += _pipeline_metrics(ref, area_id, pipeline, gap, total, plan)
        out.append(AreaBid(area_id, area.name, metrics, bands))
    return BidReport(out, plan, ref.bands.pay_year, pay_point, ref.bands.on_cost_rate,
                     today or dt.date.today())


def _bands(ref: ReferenceData, population: int, gap: AreaGap | None,
           pay_point: str) -> list[BandLine]:
    needed = ref.service.standard_fte_by_band(population)
    in_post = gap.fte_by_band if gap else {}
    lines = []
    for band in sorted(set(needed) | set(in_post), key=lambda b: ref.bands.order[b]):
        short = max(0.0, needed.get(band, 0.0) - in_post.get(band, 0.0))
        cost = short * ref.bands.by_name[band].pay(pay_point) * (1 + ref.bands.on_cost_rate)
        lines.append(BandLine(band, round(needed.get(band, 0.0), 2),
                              round(in_post.get(band, 0.0), 2), round(short, 2), round(cost)))
    return lines


def _staffing(ref: ReferenceData, gap: AreaGap | None, bands: list[BandLine],
              pay_point: str) -> list[Metric]:
    pay = (f"Agenda for Change {ref.bands.pay_year} band {pay_point}point + "
           f"{ref.bands.on_cost_rate:.0%} employer on-costs")
    out = [Metric("staffing", "fte_in_post", "FTE in post", gap.fte if gap else 0, "FTE",
                  "staff in the area's teams"),
           Metric("staffing", "fte_gap", "FTE gap against the standard",
                  round(sum(b.gap_fte for b in bands), 2), "FTE",
                  "bands where the standard asks for more FTE than is in post",
                  ref.service.standard_source)]
    for b in bands:
        out.append(Metric("staffing", f"fte_gap_band_{b.band}", f"FTE gap, band {b.band}",
                          b.gap_fte, "FTE", f"standard {b.needed_fte:g} FTE, in post "
                                            f"{b.in_post_fte:g} FTE"))
    for b in bands:
        if b.gap_fte:
            out.append(Metric("cost", f"cost_band_{b.band}", f"Annual cost of the gap, band "
                              f"{b.band}", b.annual_cost, "GBP a year", pay,
                              ref.bands.source))
    out.append(Metric("cost", "cost_total", "Annual cost of the FTE gap",
                      round(sum(b.annual_cost for b in bands)), "GBP a year", pay,
                      ref.bands.source))
    if gap:
        out += [
            Metric("competencies", "clinical_staff_below_level_2",
                   "Clinical staff below AiMH level 2", gap.below_level_2, "people",
                   "gap report", people=True),
            Metric("competencies", "clinical_fte_below_level_2",
                   "Clinical FTE below AiMH level 2", gap.below_level_2_fte, "FTE",
                   "gap report"),
            Metric("competencies", "teams_without_level_3_lead",
                   "Teams without a level 3 lead at band 8b+", gap.teams_without_level_3_lead,
                   "teams", "gap report"),
            Metric("competencies", "clinical_staff_not_working_towards_level_3",
                   "Clinical staff not working towards level 3",
                   gap.not_working_towards_level_3, "people", "gap report", people=True),
            Metric("competencies", "level_3_fte", "Clinical FTE at AiMH level 3",
                   gap.level_3_fte, "FTE", "gap report"),
        ]
    return out


def _level_3_fte_needed(ref: ReferenceData, population: int) -> float:
    """The standard's clinical posts at or above the lead band, which need level 3."""
    minimum = ref.service.rules.lead_min_band
    return sum(p.fte for p in ref.service.posts if p.clinical
               and ref.bands.at_least(p.band, minimum)) * population \
        / ref.service.standard_population


@dataclass
class _Pipeline:
    placed: dict[str, int]  # area -> trainees placed in the plan
    supervision_left: dict[str, int]
    team_places_left: dict[str, int]


def _pipeline(session: Session, ref: ReferenceData, plan: Plan | None) -> _Pipeline:
    area_of = dict(session.execute(select(Team.team_id, Team.area_id)).all())
    team_cap: dict[str, int] = {}
    for team_id, cap in session.execute(select(Team.team_id, Team.max_trainees)):
        team_cap[area_of[team_id]] = team_cap.get(area_of[team_id], 0) + cap
    sup_cap: dict[str, int] = {}
    for staff in session.scalars(select(Staff).where(Staff.supervisor.is_(True))):
        area = area_of[staff.team_id]
        sup_cap[area] = sup_cap.get(area, 0) + supervisor_capacity(staff, ref.placement)
    placed: dict[str, int] = {}
    if plan is not None:
        for (team_id,) in session.execute(select(PlanAssignment.team_id).where(
                PlanAssignment.plan_id == plan.id)):
            placed[area_of[team_id]] = placed.get(area_of[team_id], 0) + 1
    return _Pipeline(placed,
                     {a: sup_cap.get(a, 0) - placed.get(a, 0) for a in set(area_of.values())},
                     {a: team_cap.get(a, 0) - placed.get(a, 0) for a in set(area_of.values())})


def _pipeline_metrics(ref: ReferenceData, area_id: str, pipeline: _Pipeline,
                      gap: AreaGap | None, population: int, plan: str | None) -> list[Metric]:
    needed = _level_3_fte_needed(ref, population)
    have = gap.level_3_fte if gap else 0.0
    short = max(0.0, needed - have)
    placed = pipeline.placed.get(area_id, 0)
    per_year = placed * ref.service.need.level_3_fte_per_placement
    years = round(short / per_year, 1) if per_year and short else (0 if not short else None)
    source = f"saved plan {plan!r}" if plan else "no plan given (--plan PLAN)"
    return [
        Metric("pipeline", "level_3_fte_needed", "Level 3 clinical FTE the standard needs",
               round(needed, 2), "FTE", f"standard posts at band "
               f"{ref.service.rules.lead_min_band}+", ref.service.standard_source),
        Metric("pipeline", "level_3_fte_gap", "Level 3 FTE gap", round(short, 2), "FTE",
               "needed minus level 3 clinical FTE in post"),
        Metric("pipeline", "trainees_placed", "Trainees placed this cycle", placed if plan
               else None, "people", source, people=True),
        Metric("pipeline", "supervision_places_left", "Supervision places left",
               pipeline.supervision_left.get(area_id, 0), "places",
               "supervisors' capacity minus placements in the plan"),
        Metric("pipeline", "team_places_left", "Team trainee places left",
               pipeline.team_places_left.get(area_id, 0), "places",
               "teams' max_trainees minus placements in the plan"),
        Metric("pipeline", "years_to_close_level_3_gap",
               "Years to close the level 3 gap at this placement rate", years, "years",
               f"one cycle a year; each placement adds "
               f"{ref.service.need.level_3_fte_per_placement:g} level 3 FTE",
               ref.service.need.pipeline_source),
    ]
