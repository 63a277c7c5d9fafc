"""A person's path to their next AiMH level: what they still need, in prerequisite order,
and who nearby already holds each competency at that level or above, by the same rule as
the audit (a recorded level, or itemised evidence; overdue reviews count unless they lapse),
and could supervise or mentor it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from workforce.competencies.graph import WorkforceGraph
from workforce.errors import NotFound
from workforce.reference import ReferenceData
from workforce.store.models import Staff, Team


@dataclass
class Step:
    competency_id: str
    topic: str
    domain: int
    status: str  # not_started | working_towards | lapsed
    requires: list[str]
    mentors_in_team: list[str]
    mentors_in_area: list[str]


@dataclass
class Progress:
    staff_id: str
    name: str
    team_id: str
    attained_level: int
    level_source: str
    next_level: int | None
    needed: int
    order: list[str]  # every competency needed, each after those it requires
    domains: list[dict]  # [{"domain", "name", "steps": [Step...]}], by first step in order

    def to_dict(self) -> dict:
        return asdict(self)


def progress(engine: Engine, ref: ReferenceData, staff_id: str,
             today: dt.date | None = None) -> Progress:
    """What `staff_id` still needs for their next level, ordered so prerequisites come first."""
    with Session(engine) as session:
        row = session.get(Staff, staff_id)
        if row is None:
            raise NotFound(f"no staff member {staff_id!r}: see `workforce export staff`")
        area_id = session.scalar(select(Team.area_id).where(Team.team_id == row.team_id))
    graph = WorkforceGraph.load(engine, ref, today, area=area_id)
    person = graph.person(staff_id)
    area_people = list({p.staff_id: p for t in graph.teams(area_id)
                        for p in graph.members(t.team_id)}.values())  # a shared post once
    in_team = {p.staff_id for p in graph.members(person.team_id)}
    graph.add_attainments(engine, [p.staff_id for p in area_people])
    level = graph.next_level(person)
    if level is None:
        return Progress(staff_id, person.name, person.team_id, person.attained_level,
                        person.level_source, None, 0, [], [])
    framework = ref.framework
    status = {cid: data for cid, lv, data in graph.attainments(staff_id) if lv == level}
    needed = [c.id for c in framework.competencies
              if not graph.holds(staff_id, c.id, level)]
    order = graph.prerequisite_order(needed)
    steps_by_domain: dict[int, list[Step]] = {}
    for cid in order:
        comp = framework.by_id[cid]
        data = status.get(cid)
        state = ("lapsed" if data and data["kind"] == "achieved" else
                 "working_towards" if data else "not_started")
        holders = [p for p in area_people if p.staff_id != staff_id
                   and graph.holds(p.staff_id, cid, level)]
        steps_by_domain.setdefault(comp.domain, []).append(Step(
            competency_id=cid, topic=comp.topic, domain=comp.domain, status=state,
            requires=[r for r in comp.requires if r in needed],
            mentors_in_team=[p.staff_id for p in holders if p.staff_id in in_team],
            mentors_in_area=[p.staff_id for p in holders if p.staff_id not in in_team]))
    domains = [{"domain": d, "name": framework.domain_name(d), "steps": steps}
               for d, steps in steps_by_domain.items()]
    return Progress(staff_id, person.name, person.team_id, person.attained_level,
                    person.level_source, level, len(order), order, domains)
