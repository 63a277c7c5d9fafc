"""One networkx graph of the competency framework and the workforce it describes.

Nodes: ("level", n), ("domain", d), ("competency", id, level), ("area", id), ("team", id),
("staff", id). Edges, each with a `kind`:
- competency at level n-1 -> the same competency at level n ("next_level"), and a declared
  prerequisite -> the competency that needs it, at the same level ("requires");
- competency -> its domain and its level ("part_of");
- area -> team -> staff ("member");
- staff -> competency at a level ("achieved" or "working_towards"), carrying evidence date,
  review date and assessor; only loaded for the people a question is about.

The audit, the gap report and progression paths all read this graph rather than
re-deriving membership, levels or prerequisite order in loops of their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from workforce.competencies.levels import ITEMISED, RECORDED, level_summaries
from workforce.errors import NotFound
from workforce.framework import Framework
from workforce.models import Area, Attainment, Staff, Team
from workforce.reference import ReferenceData


@dataclass(frozen=True)
class Person:
    """A member of staff as the competency questions see them."""

    staff_id: str
    name: str
    team_id: str
    profession: str
    role: str
    band: str
    fte: float
    clinical: bool
    recorded_level: int
    attained_level: int
    level_source: str  # itemised | recorded
    working_towards_level: int | None
    supervisor: bool

    @property
    def next_level(self) -> int | None:
        return self.attained_level + 1 if self.attained_level < 3 else None


def competency_node(cid: str, level: int) -> tuple[str, str, int]:
    return ("competency", cid, level)


def framework_graph(framework: Framework) -> nx.DiGraph:
    """The framework alone: levels, domains, competencies at each level, prerequisites."""
    graph = nx.DiGraph()
    for level in framework.levels:
        graph.add_node(("level", level.level), name=level.name)
    for domain in framework.domains:
        graph.add_node(("domain", domain.id), name=domain.name)
    for comp in framework.competencies:
        for level in framework.level_numbers:
            node = competency_node(comp.id, level)
            graph.add_node(node, domain=comp.domain, topic=comp.topic)
            graph.add_edge(node, ("domain", comp.domain), kind="part_of")
            graph.add_edge(node, ("level", level), kind="part_of")
            if level > 1:
                graph.add_edge(competency_node(comp.id, level - 1), node, kind="next_level")
            for needed in comp.requires:
                graph.add_edge(competency_node(needed, level), node, kind="requires")
    return graph


class WorkforceGraph:
    """The framework plus areas, teams and staff (and, on request, their attainments)."""

    def __init__(self, framework: Framework, today: dt.date):
        self.framework = framework
        self.today = today
        self.graph = framework_graph(framework)

    # --- building ---------------------------------------------------------------------

    @classmethod
    def load(cls, engine: Engine, ref: ReferenceData, today: dt.date | None = None,
             area: str | None = None, team: str | None = None) -> WorkforceGraph:
        """Load areas, teams and staff in bulk (optionally one area or team)."""
        built = cls(ref.framework, today or dt.date.today())
        with Session(engine) as session:
            areas = session.scalars(select(Area)).all()
            teams_query = select(Team)
            if area is not None:
                if not any(a.area_id == area for a in areas):
                    raise NotFound(f"no area {area!r}: see `workforce export areas`")
                teams_query = teams_query.where(Team.area_id == area)
            if team is not None:
                teams_query = teams_query.where(Team.team_id == team)
            teams = session.scalars(teams_query).all()
            if team is not None and not teams:
                raise NotFound(f"no team {team!r}{' in area ' + area if area else ''}: "
                               "see `workforce export teams`")
            team_ids = [t.team_id for t in teams]
            columns = (Staff.staff_id, Staff.name, Staff.team_id, Staff.profession, Staff.role,
                       Staff.band, Staff.fte, Staff.aimh_level, Staff.working_towards_level,
                       Staff.supervisor)
            staff_query = select(*columns)  # plain rows: a national workforce is 50,000 people
            if area is not None or team is not None:
                staff_query = staff_query.where(Staff.team_id.in_(team_ids))
            staff = session.execute(staff_query).all()
            summaries = level_summaries(
                session, None if area is None and team is None else [s.staff_id for s in staff])
        for a in areas:
            if area is None or a.area_id == area:
                built.graph.add_node(("area", a.area_id), record=a)
        for t in teams:
            built.graph.add_node(("team", t.team_id), record=t)
            built.graph.add_edge(("area", t.area_id), ("team", t.team_id), kind="member")
        for s in staff:
            summary = summaries.get(s.staff_id)
            person = Person(
                staff_id=s.staff_id, name=s.name, team_id=s.team_id, profession=s.profession,
                role=s.role, band=s.band, fte=s.fte,
                clinical=ref.service.is_clinical(s.profession),
                recorded_level=s.aimh_level,
                attained_level=(summary.attained(ref.framework, built.today) if summary
                                else s.aimh_level),
                level_source=ITEMISED if summary else RECORDED,
                working_towards_level=s.working_towards_level, supervisor=s.supervisor)
            built.graph.add_node(("staff", s.staff_id), person=person)
            built.graph.add_edge(("team", s.team_id), ("staff", s.staff_id), kind="member")
        return built

    def add_attainments(self, engine: Engine, staff_ids: Iterable[str]) -> None:
        """Load the itemised attainments of these people as edges to competency nodes."""
        ids = sorted(set(staff_ids))
        columns = (Attainment.staff_id, Attainment.competency_id, Attainment.level,
                   Attainment.status, Attainment.evidenced_on, Attainment.review_due,
                   Attainment.assessed_by)
        edges = []
        with engine.connect() as connection:  # plain rows: no ORM objects for bulk reads
            for start in range(0, len(ids), 500):
                for staff_id, cid, level, status, evidenced, due, assessor in connection.execute(
                        select(*columns).where(Attainment.staff_id.in_(ids[start:start + 500]))):
                    node = competency_node(cid, level)
                    if node in self.graph:
                        edges.append((("staff", staff_id), node,
                                      {"kind": status, "evidenced_on": evidenced,
                                       "review_due": due, "assessed_by": assessor}))
        self.graph.add_edges_from(edges)

    # --- questions --------------------------------------------------------------------

    def areas(self) -> list[Area]:
        return sorted((d["record"] for n, d in self.graph.nodes(data=True) if n[0] == "area"),
                      key=lambda a: a.area_id)

    def teams(self, area_id: str | None = None) -> list[Team]:
        if area_id is not None:
            nodes = self.graph.successors(("area", area_id))
        else:
            nodes = (n for n in self.graph.nodes if n[0] == "team")
        return sorted((self.graph.nodes[n]["record"] for n in nodes), key=lambda t: t.team_id)

    def members(self, team_id: str) -> list[Person]:
        return sorted((self.graph.nodes[n]["person"] for n in
                       self.graph.successors(("team", team_id))), key=lambda p: p.staff_id)

    def person(self, staff_id: str) -> Person:
        node = ("staff", staff_id)
        if node not in self.graph:
            raise NotFound(f"no staff member {staff_id!r}: see `workforce export staff`")
        return self.graph.nodes[node]["person"]

    def attainments(self, staff_id: str) -> list[tuple[str, int, dict]]:
        """(competency id, level, edge data) for each itemised attainment of a person."""
        return sorted(((node[1], node[2], data) for _, node, data in
                       self.graph.out_edges(("staff", staff_id), data=True)),
                      key=lambda item: (item[1], item[0]))

    def in_date(self, data: dict) -> bool:
        due = data.get("review_due")
        return data.get("kind") == "achieved" and (due is None or due >= self.today)

    def holds(self, staff_id: str, cid: str, level: int) -> bool:
        """Has this person achieved this competency at this level, in date?

        People without itemised attainments hold whatever their recorded level covers.
        """
        person = self.person(staff_id)
        if person.level_source == RECORDED:
            return person.recorded_level >= level
        data = self.graph.get_edge_data(("staff", staff_id), competency_node(cid, level))
        return data is not None and self.in_date(data)

    def prerequisite_order(self, cids: Iterable[str], level: int) -> list[str]:
        """These competencies at `level`, each after any it requires (ties by id)."""
        wanted = {competency_node(c, level) for c in cids}
        sub = self.graph.subgraph(wanted).copy()
        sub.remove_edges_from([(u, v) for u, v, k in sub.edges(data="kind") if k != "requires"])
        return [node[1] for node in nx.lexicographical_topological_sort(sub, key=lambda n: n[1])]
