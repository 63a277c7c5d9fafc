"""One networkx graph of the competency framework and the workforce it describes.

Nodes: ("level", n), ("domain", d), ("competency", id, level), ("area", id), ("team", id),
("staff", id). Edges, each with a `kind`:
- competency at level n-1 -> the same competency at level n ("next_level"), and a declared
  prerequisite -> the competency that needs it, at the same level ("requires");
- competency -> its domain and its level ("part_of");
- area -> team -> staff ("member", with the person's `fte` in that team: a shared post
  is a member of each team it works in, with its share);
- staff -> competency at a level ("achieved" or "working_towards"), carrying evidence date,
  review date and assessor; only loaded for the people a question is about.

The audit, the gap report and progression paths all read this graph rather than
re-deriving membership, levels or prerequisite order in loops of their own.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

import networkx as nx
from sqlalchemy import literal, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from workforce.competencies.levels import (
    ITEMISED,
    RECORDED,
    attained,
    evidenced_level,
    held_levels,
    lowest_overdue,
)
from workforce.errors import NotFound, UserError
from workforce.reference import ReferenceData
from workforce.reference.framework import Framework
from workforce.store.models import Area, Attainment, Establishment, Staff, Team, team_shares


class Person(NamedTuple):
    """A member of staff as the competency questions see them (a light tuple: a national
    workforce is 50,000 of them)."""

    staff_id: str
    name: str
    team_id: str
    profession: str
    role: str
    band: str
    fte: float
    clinical: bool
    recorded_level: int
    attained_level: int  # the recorded level, or a higher one itemised evidence completes
    level_source: str  # itemised | recorded: which of the two decides attained_level
    working_towards_level: int | None
    supervisor: bool
    itemised_level: int | None = None  # what itemised evidence completes; None without any
    #: The last day of their induction period when they are still in it (the level floors
    #: wait until then); None for everyone else.
    induction_until: dt.date | None = None


def induction_end(started_on: dt.date | None, months: int, today: dt.date) -> dt.date | None:
    """The last day of an induction of `months` from `started_on`, if it is not yet over."""
    if started_on is None or months <= 0:
        return None
    month = started_on.month - 1 + months
    year, month = started_on.year + month // 12, month % 12 + 1
    day = min(started_on.day, calendar.monthrange(year, month)[1])
    end = dt.date(year, month, day) - dt.timedelta(days=1)
    return end if end >= today else None


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

    def __init__(self, framework: Framework, today: dt.date, lapse_overdue: bool = False):
        self.framework = framework
        self.today = today
        self.lapse_overdue = lapse_overdue
        self.graph = framework_graph(framework)

    # --- building ---------------------------------------------------------------------

    @classmethod
    def load(cls, engine: Engine, ref: ReferenceData, today: dt.date | None = None,
             area: str | None = None, team: str | None = None,
             names: bool = True) -> WorkforceGraph:
        """Load areas, teams and staff in bulk (optionally one area or team).

        Staff come as plain rows with their levels from the attainment summary, in one
        query however large the workforce. Without `names`, no one's name is read (the
        gap report needs none, and a reporting role may not read them).
        """
        built = cls(ref.framework, today or dt.date.today(), ref.service.rules.lapse_overdue)
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
            funded_query = select(Establishment)
            if area is not None or team is not None:
                funded_query = funded_query.where(
                    Establishment.team_id.in_([t.team_id for t in teams]))
            funded: dict[str, dict[str, tuple[int, float]]] = {}
            for row in session.scalars(funded_query):
                funded.setdefault(row.team_id, {})[row.band] = (row.posts, row.fte)
        if team is not None and not teams:
            raise NotFound(f"no team {team!r}{' in area ' + area if area else ''}: "
                           "see `workforce export teams`")
        levels = held_levels(ref.framework, built.today, built.lapse_overdue)
        name = Staff.name if names else literal("").label("name")
        staff_query = (select(Staff.staff_id, name, Staff.team_id, Staff.profession,
                              Staff.role, Staff.band, Staff.fte, Staff.aimh_level,
                              Staff.working_towards_level, Staff.supervisor, levels.c.held,
                              Staff.team_shares, Staff.started_on)
                       .outerjoin(levels, levels.c.staff_id == Staff.staff_id))
        if built.lapse_overdue:
            overdue = lowest_overdue(built.today)
            staff_query = (staff_query.add_columns(overdue.c.overdue_level)
                           .outerjoin(overdue, overdue.c.staff_id == Staff.staff_id))
        else:
            staff_query = staff_query.add_columns(literal(None).label("overdue_level"))
        team_ids = {t.team_id for t in teams}
        if area is not None or team is not None:  # and anyone sharing a post into them
            staff_query = staff_query.where(Staff.team_id.in_(team_ids)
                                            | Staff.team_shares.is_not(None))
        with engine.connect() as connection:
            staff = connection.execute(staff_query).all()
        shares = {row.staff_id: {t: fte for t, fte in
                                 team_shares(row.team_shares, row.team_id, row.fte).items()
                                 if t in team_ids} for row in staff}
        staff = [row for row in staff if shares[row.staff_id]]
        clinical = {p.name: p.clinical for p in ref.service.professions.values()}
        unknown = sorted({row.profession for row in staff} - clinical.keys())
        if unknown:
            raise UserError(f"staff have professions {ref.service.path.name} does not list: "
                            f"{', '.join(unknown)}")
        level_of = {row.held: evidenced_level(row.held, ref.framework) for row in staff
                    if row.held is not None}
        people = []
        months = ref.service.rules.induction_months
        for (sid, name, team_id, profession, role, band, fte, recorded, towards, supervisor,
             held, _, started_on, overdue_level) in staff:
            evidenced = level_of.get(held)
            level = attained(recorded, evidenced, overdue_level)
            people.append(Person(sid, name, team_id, profession, role, band, fte,
                                 clinical[profession], recorded, level,
                                 ITEMISED if evidenced is not None and evidenced == level
                                 else RECORDED, towards, supervisor, evidenced,
                                 induction_end(started_on, months, built.today)))
        graph = built.graph
        graph.add_nodes_from((("area", a.area_id), {"record": a}) for a in areas
                             if area is None or a.area_id == area)
        graph.add_nodes_from((("team", t.team_id), {"record": t,
                                                     "establishment": funded.get(t.team_id)})
                             for t in teams)
        graph.add_edges_from((("area", t.area_id), ("team", t.team_id), {"kind": "member"})
                             for t in teams)
        graph.add_nodes_from((("staff", p.staff_id), {"person": p}) for p in people)
        graph.add_edges_from((("team", t), ("staff", p.staff_id), {"kind": "member", "fte": fte})
                             for p in people for t, fte in shares[p.staff_id].items())
        return built

    def add_attainments(self, engine: Engine, staff_ids: Iterable[str]) -> None:
        """Load the itemised attainments of these people as edges to competency nodes."""
        ids = sorted(set(staff_ids))
        columns = (Attainment.staff_id, Attainment.competency_id, Attainment.level,
                   Attainment.status, Attainment.evidenced_on, Attainment.review_due,
                   Attainment.assessed_by)
        rows = []
        with engine.connect() as connection:  # plain rows: no ORM objects for bulk reads
            for start in range(0, len(ids), 500):
                rows.extend(connection.execute(select(*columns).where(
                    Attainment.staff_id.in_(ids[start:start + 500]))).all())
        nodes = self.graph.nodes
        edges = [(("staff", staff_id), competency_node(cid, level),
                  {"kind": status, "evidenced_on": evidenced, "review_due": due,
                   "assessed_by": assessor})
                 for staff_id, cid, level, status, evidenced, due, assessor in rows
                 if ("competency", cid, level) in nodes]
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
        """The team's people, each with their FTE in this team (their share of a shared
        post)."""
        node = ("team", team_id)
        return sorted((self.graph.nodes[n]["person"]._replace(fte=self.graph.edges[node, n]["fte"])
                       for n in self.graph.successors(node)), key=lambda p: p.staff_id)

    def establishment(self, team_id: str) -> dict[str, tuple[int, float]] | None:
        """The team's funded posts and FTE by band; None when not recorded."""
        return self.graph.nodes[("team", team_id)]["establishment"]

    def person(self, staff_id: str) -> Person:
        node = ("staff", staff_id)
        if node not in self.graph:
            raise NotFound(f"no staff member {staff_id!r}: see `workforce export staff`")
        return self.graph.nodes[node]["person"]

    def next_level(self, person: Person) -> int | None:
        """The level a person works towards next; None at the top of the framework."""
        return (person.attained_level + 1 if person.attained_level < self.framework.top_level
                else None)

    def attainments(self, staff_id: str) -> list[tuple[str, int, dict]]:
        """(competency id, level, edge data) for each itemised attainment of a person."""
        return sorted(((node[1], node[2], data) for _, node, data in
                       self.graph.out_edges(("staff", staff_id), data=True)),
                      key=lambda item: (item[1], item[0]))

    def overdue(self, data: dict) -> bool:
        """An achievement whose review date has passed."""
        due = data.get("review_due")
        return data.get("kind") == "achieved" and due is not None and due < self.today

    def counts(self, data: dict) -> bool:
        """An achievement that counts: overdue reviews count unless they lapse."""
        return data.get("kind") == "achieved" and not (self.lapse_overdue and self.overdue(data))

    def achieved(self, staff_id: str, level: int) -> set[str]:
        """Competencies this person's itemised evidence shows at `level`: achieved at that
        level or above (levels are progressive), counted as `counts` says."""
        return {node[1] for _, node, data in self.graph.out_edges(("staff", staff_id), data=True)
                if node[2] >= level and self.counts(data)}

    def holds(self, staff_id: str, cid: str, level: int) -> bool:
        """Does this person hold this competency at this level or above?

        Their attained level (recorded or evidenced) covers every competency; above it,
        itemised evidence at the level or a higher one does.
        """
        if self.person(staff_id).attained_level >= level:
            return True
        return any(node[1] == cid and node[2] >= level and self.counts(data)
                   for _, node, data in self.graph.out_edges(("staff", staff_id), data=True))

    def prerequisite_order(self, cids: Iterable[str], level: int,
                           key: Callable[[str], Any] | None = None) -> list[str]:
        """These competencies at `level`, each after any it requires (ties by `key` of the
        competency id, or by id)."""
        wanted = {competency_node(c, level) for c in cids}
        sub = self.graph.subgraph(wanted).copy()
        sub.remove_edges_from([(u, v) for u, v, k in sub.edges(data="kind") if k != "requires"])
        tie = key or (lambda cid: cid)
        return [node[1] for node in
                nx.lexicographical_topological_sort(sub, key=lambda n: tie(n[1]))]
