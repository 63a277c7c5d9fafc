"""A team's training plan: who to train first so the team meets the definition of a PAIR
team soonest, and the competencies and domains the team lacks most, in prerequisite order.

Who comes first follows the definition's severities: a lead short of the lead level (the
team does not meet the definition without one), then members below the level 2 floor, then
members not working towards level 3; members still in their induction period come after
those the floor already holds, and within each, whoever needs fewest competencies for their
next level comes first, since they reach it soonest. What the team lacks is counted over
those people at the level each works to next.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass

from sqlalchemy.engine import Engine

from workforce.competencies.graph import Person, WorkforceGraph
from workforce.competencies.rules import (
    below_floor,
    floor_role,
    lead_post,
    not_working_towards,
    qualifying_leads,
)
from workforce.reference import ReferenceData


@dataclass
class Candidate:
    staff_id: str
    name: str
    role: str
    profession: str
    attained_level: int
    goal_level: int  # what the team definition asks of them
    next_level: int  # the level they train for now (one at a time: levels are progressive)
    needed: int  # competencies still needed for next_level
    rule: str  # the definition rule their training meets
    induction_until: dt.date | None
    order: list[str]  # what they need, each after what it requires


@dataclass
class Lack:
    competency_id: str
    level: int
    domain: int
    topic: str
    staff: list[str]  # the candidates who lack it at the level they work to
    requires: list[str]  # prerequisites that are also lacking, which come first


@dataclass
class TeamPlan:
    team_id: str
    name: str
    as_of: dt.date
    lead_vacant: bool
    people: list[Candidate]
    competencies: list[Lack]
    domains: list[dict]  # [{domain, name, lacking}], most lacking first

    def to_dict(self) -> dict:
        return asdict(self)


def _goals(members: list[Person], ref: ReferenceData) -> list[tuple[Person, int, str, int]]:
    """(person, goal level, rule, priority) for everyone the definition asks more of."""
    rules = ref.service.rules
    goals: dict[str, tuple[Person, int, str, int]] = {}
    if not qualifying_leads(members, ref):
        for p in lead_post(members, ref):
            if p.clinical:
                goals[p.staff_id] = (p, rules.lead_level, "level_3_lead", 0)
    for p in below_floor(members, ref):
        goals.setdefault(p.staff_id, (p, rules.clinical_min_level, "clinical_staff_at_level_2", 1))
    target = rules.clinical_working_towards_level
    for p in not_working_towards(members, ref):
        goals.setdefault(p.staff_id, (p, target, "clinical_staff_working_towards_level_3", 2))
    for p in members:  # the floor waits for new recruits, but they still train towards it
        if floor_role(p, ref) and p.induction_until is not None and p.attained_level < target:
            goal = rules.clinical_min_level if p.attained_level < rules.clinical_min_level \
                else target
            goals.setdefault(p.staff_id, (p, goal, "induction", 3))
    return list(goals.values())


def team_plan(engine: Engine, ref: ReferenceData, team: str,
              today: dt.date | None = None) -> TeamPlan:
    """The training plan for `team`, from the database."""
    graph = WorkforceGraph.load(engine, ref, today, team=team)
    record = graph.teams()[0]
    members = graph.members(team)
    graph.add_attainments(engine, [p.staff_id for p in members])
    candidates = []
    for person, goal, rule, priority in _goals(members, ref):
        level = person.attained_level + 1
        needed = [c.id for c in ref.framework.competencies
                  if not graph.holds(person.staff_id, c.id, level)]
        candidates.append((priority, Candidate(
            person.staff_id, person.name, person.role, person.profession, person.attained_level,
            goal, level, len(needed), rule, person.induction_until,
            graph.prerequisite_order(needed))))
    candidates.sort(key=lambda c: (c[0], c[1].needed, c[1].staff_id))
    people = [c for _, c in candidates]
    lacks = lacking(graph, ref, people)
    by_domain = Counter()
    for lack in lacks:
        by_domain[lack.domain] += len(lack.staff)
    domains = [{"domain": d, "name": ref.framework.domain_name(d), "lacking": n}
               for d, n in sorted(by_domain.items(), key=lambda kv: (-kv[1], kv[0]))]
    return TeamPlan(record.team_id, record.name, graph.today,
                    not lead_post(members, ref), people, lacks, domains)


def lacking(graph: WorkforceGraph, ref: ReferenceData, people: list[Candidate]) -> list[Lack]:
    """Each competency someone must gain at the level they work to, level by level; within
    a level, what most people lack first, but never before what it requires."""
    who: dict[tuple[str, int], list[str]] = {}
    for c in people:
        for cid in c.order:
            who.setdefault((cid, c.next_level), []).append(c.staff_id)
    out = []
    for level in sorted({lv for _, lv in who}):
        here = [cid for cid, lv in who if lv == level]
        for cid in graph.prerequisite_order(here,
                                            key=lambda c, lv=level: (-len(who[(c, lv)]), c)):
            comp = ref.framework.by_id[cid]
            out.append(Lack(cid, level, comp.domain, comp.topic, who[(cid, level)],
                            [r for r in comp.requires if (r, level) in who]))
    return out
