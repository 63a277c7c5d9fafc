"""The competency audit: each person's attained and working-towards level, progress to the
next level by domain, overdue and soon-due reviews; each team against the definition of a
PAIR team.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine

from workforce.competencies.graph import Person, WorkforceGraph
from workforce.competencies.rules import TeamView, check_team, findings, verdict
from workforce.reference import ReferenceData
from workforce.store.models import InterventionTraining


@dataclass
class PersonAudit:
    staff_id: str
    name: str
    team_id: str
    profession: str
    band: str
    fte: float
    clinical: bool
    attained_level: int
    level_source: str
    recorded_level: int
    working_towards_level: int | None
    next_level: int | None
    next_level_evidenced: int | None
    next_level_required: int | None
    domain_progress: list[dict]
    lapsed: list[dict]  # overdue achievements no longer counted (overdue_reviews: lapse)
    reviews_overdue: int
    reviews_due_soon: list[dict]
    overdue: list[dict]  # every achievement past its review date, flagged
    itemised_level: int | None  # what itemised evidence completes; None without any
    induction_until: dt.date | None = None  # the level floors wait until then


@dataclass
class TeamAudit:
    team_id: str
    name: str
    area_id: str
    meets_standard: bool  # meets the definition on what is known
    rules: list[dict]
    people: list[PersonAudit]
    unmet: list[str]  # rules known to fail
    unknown: list[str]  # service elements not recorded
    findings: list[dict]
    interventions: list[dict]  # what the team can offer: [{intervention, name, staff}]
    severity: int  # of the most severe unmet rule (1: does not meet the PAIR team definition)


@dataclass
class Audit:
    as_of: dt.date
    review_window_days: int
    teams: list[TeamAudit]
    overdue_reviews: str  # flag | lapse
    floor_roles: list[str]
    floor_clinical_only: bool
    induction_months: int = 0
    induction_source: str = ""

    def to_dict(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "review_window_days": self.review_window_days,
                "overdue_reviews": self.overdue_reviews, "floor_roles": self.floor_roles,
                "floor_clinical_only": self.floor_clinical_only,
                "induction_months": self.induction_months,
                "teams": [asdict(t) for t in self.teams]}


def audit_person(graph: WorkforceGraph, ref: ReferenceData, person: Person) -> PersonAudit:
    framework = ref.framework
    window_end = graph.today + dt.timedelta(days=ref.service.rules.review_window_days)
    rows = graph.attainments(person.staff_id)
    overdue = [{"competency_id": cid, "level": level, "review_due": data["review_due"]}
               for cid, level, data in rows if graph.overdue(data)]
    due_soon = [{"competency_id": cid, "level": level, "review_due": data["review_due"]}
                for cid, level, data in rows if data["kind"] == "achieved"
                and data["review_due"] is not None
                and graph.today <= data["review_due"] <= window_end]
    nxt = graph.next_level(person)
    domains, evidenced = [], None
    if nxt is not None and person.itemised_level is not None:
        held = graph.achieved(person.staff_id, nxt)
        evidenced = len(held)
        for domain in framework.domains:
            ids = [c.id for c in framework.competencies if c.domain == domain.id]
            domains.append({"domain": domain.id, "name": domain.name,
                            "achieved": sum(1 for c in ids if c in held), "required": len(ids)})
    return PersonAudit(
        staff_id=person.staff_id, name=person.name, team_id=person.team_id,
        profession=person.profession, band=person.band, fte=person.fte,
        clinical=person.clinical, attained_level=person.attained_level,
        level_source=person.level_source, recorded_level=person.recorded_level,
        working_towards_level=person.working_towards_level, next_level=nxt,
        next_level_evidenced=evidenced,
        next_level_required=len(framework.competencies) if nxt is not None else None,
        domain_progress=domains, lapsed=overdue if graph.lapse_overdue else [],
        reviews_overdue=len(overdue),
        reviews_due_soon=sorted(due_soon, key=lambda r: r["review_due"]),
        overdue=overdue, itemised_level=person.itemised_level,
        induction_until=person.induction_until)


def trained(engine: Engine, staff_ids: list[str]) -> dict[str, list[tuple[str, dt.date | None]]]:
    """Each person's intervention training: (intervention, trained on)."""
    out: dict[str, list[tuple[str, dt.date | None]]] = {}
    ids = sorted(set(staff_ids))
    with engine.connect() as connection:
        for start in range(0, len(ids), 500):
            for sid, name, on in connection.execute(select(
                    InterventionTraining.staff_id, InterventionTraining.intervention,
                    InterventionTraining.trained_on).where(
                    InterventionTraining.staff_id.in_(ids[start:start + 500]))):
                out.setdefault(sid, []).append((name, on))
    return out


def team_interventions(members: list, training: dict, ref: ReferenceData) -> list[dict]:
    """The interventions the team can offer, in the order of the data file, and who in the
    team is trained to deliver each."""
    offered = []
    for name, item in ref.service.interventions.items():
        staff = [{"staff_id": p.staff_id, "trained_on": on} for p in members
                 for done, on in training.get(p.staff_id, []) if done == name]
        if staff:
            offered.append({"intervention": name, "name": item.label, "staff": staff})
    return offered


def competency_audit(engine: Engine, ref: ReferenceData, team: str | None = None,
                     area: str | None = None, today: dt.date | None = None) -> Audit:
    """Audit every person of the chosen team or area (everyone by default)."""
    graph = WorkforceGraph.load(engine, ref, today, area=area, team=team)
    teams = graph.teams()
    graph.add_attainments(engine, [p.staff_id for t in teams for p in graph.members(t.team_id)])
    training = trained(engine, [p.staff_id for t in teams for p in graph.members(t.team_id)])
    audits = []
    for t in teams:
        view = TeamView(t, graph.members(t.team_id))
        results = check_team(view, ref)
        judged = verdict(results, ref)
        audits.append(TeamAudit(
            team_id=t.team_id, name=t.name, area_id=t.area_id,
            meets_standard=judged.meets_standard,
            rules=[{**asdict(r), "met": r.met} for r in results],
            people=[audit_person(graph, ref, p) for p in view.members],
            unmet=judged.unmet, unknown=judged.unknown, findings=findings(view, ref),
            interventions=team_interventions(view.members, training, ref),
            severity=judged.severity))
    rules = ref.service.rules
    return Audit(graph.today, rules.review_window_days, audits, rules.overdue_reviews,
                 list(rules.floor_roles), rules.floor_clinical_only, rules.induction_months,
                 rules.induction_source)
