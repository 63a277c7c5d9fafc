"""The competency audit: each person's attained and working-towards level, progress to the
next level by domain, lapsed and soon-due reviews; each team against the team standard.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from sqlalchemy.engine import Engine

from workforce.competencies.graph import Person, WorkforceGraph
from workforce.competencies.levels import ITEMISED
from workforce.competencies.rules import check_team
from workforce.reference import ReferenceData


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
    lapsed: list[dict]
    reviews_overdue: int
    reviews_due_soon: list[dict]


@dataclass
class TeamAudit:
    team_id: str
    name: str
    area_id: str
    meets_standard: bool
    rules: list[dict]
    people: list[PersonAudit]


@dataclass
class Audit:
    as_of: dt.date
    review_window_days: int
    teams: list[TeamAudit]

    def to_dict(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "review_window_days": self.review_window_days,
                "teams": [asdict(t) for t in self.teams]}


def audit_person(graph: WorkforceGraph, ref: ReferenceData, person: Person) -> PersonAudit:
    framework = ref.framework
    window_end = graph.today + dt.timedelta(days=ref.service.rules.review_window_days)
    rows = graph.attainments(person.staff_id)
    lapsed = [{"competency_id": cid, "level": level, "review_due": data["review_due"]}
              for cid, level, data in rows if data["kind"] == "achieved"
              and data["review_due"] is not None and data["review_due"] < graph.today]
    due_soon = [{"competency_id": cid, "level": level, "review_due": data["review_due"]}
                for cid, level, data in rows if data["kind"] == "achieved"
                and data["review_due"] is not None
                and graph.today <= data["review_due"] <= window_end]
    nxt = graph.next_level(person)
    domains, evidenced = [], None
    if nxt is not None and person.level_source == ITEMISED:
        held = {cid for cid, level, data in rows if level == nxt and graph.in_date(data)}
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
        domain_progress=domains, lapsed=lapsed, reviews_overdue=len(lapsed),
        reviews_due_soon=sorted(due_soon, key=lambda r: r["review_due"]))


def competency_audit(engine: Engine, ref: ReferenceData, team: str | None = None,
                     area: str | None = None, today: dt.date | None = None) -> Audit:
    """Audit every person of the chosen team or area (everyone by default)."""
    graph = WorkforceGraph.load(engine, ref, today, area=area, team=team)
    teams = graph.teams()
    graph.add_attainments(engine, [p.staff_id for t in teams for p in graph.members(t.team_id)])
    audits = []
    for t in teams:
        members = graph.members(t.team_id)
        results = check_team(members, ref)
        audits.append(TeamAudit(
            team_id=t.team_id, name=t.name, area_id=t.area_id,
            meets_standard=all(r.met for r in results),
            rules=[asdict(r) for r in results],
            people=[audit_person(graph, ref, p) for p in members]))
    return Audit(graph.today, ref.service.rules.review_window_days, audits)
