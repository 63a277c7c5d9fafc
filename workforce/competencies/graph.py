"""The graph of the workforce and the competency framework it is measured against.

Areas hold teams and teams hold staff ("member" links, each with the person's `fte` in
that team: a shared post is a member of each team it works in, with its share); staff link
to competencies at a level ("achieved" or "working_towards", with evidence date, review
date and assessor), loaded only for the people a question is about; and within a level, a
competency follows the competencies it requires.

The links are kept in plain dictionaries, so the gap report and the audit start without
importing networkx; only ordering competencies by their prerequisites (a person's
progression path) walks the framework as a networkx graph. The audit, the gap report and
progression paths all read this graph rather than re-deriving membership, levels or
prerequisite order in loops of their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

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
from workforce.reference.placement_rules import add_months
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
    #: Their own annual cost a full-time year, where their pay has no national scale and
    #: their row gives one (voluntary or council pay); None for everyone else.
    cost_per_fte: float | None = None


def induction_end(started_on: dt.date | None, months: int, today: dt.date) -> dt.date | None:
    """The last day of an induction of `months` from `started_on`, if it is not yet over."""
    if started_on is None or months <= 0:
        return None
    end = add_months(started_on, months) - dt.timedelta(days=1)
    return end if end >= today else None


class WorkforceGraph:
    """The framework plus areas, teams and staff (and, on request, their attainments)."""

    def __init__(self, framework: Framework, today: dt.date, lapse_overdue: bool = False):
        self.framework = framework
        self.today = today
        self.lapse_overdue = lapse_overdue
        self._areas: dict[str, Area] = {}
        self._teams: dict[str, Team] = {}
        self._funded: dict[str, dict[str, tuple[int, float]] | None] = {}
        self._area_teams: dict[str, list[str]] = {}
        self._people: dict[str, Person] = {}
        self._members: dict[str, dict[str, float]] = {}  # team -> staff -> FTE in it
        # staff -> (competency, level) -> the attainment: loading a person twice keeps one
        self._attained: dict[str, dict[tuple[str, int], dict]] = {}
        self._levels = set(framework.level_numbers)
        self._competencies = {c.id for c in framework.competencies}

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
                              Staff.team_shares, Staff.started_on, Staff.annual_cost)
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
             held, _, started_on, own_cost, overdue_level) in staff:
            evidenced = level_of.get(held)
            level = attained(recorded, evidenced, overdue_level)
            people.append(Person(sid, name, team_id, profession, role, band, fte,
                                 clinical[profession], recorded, level,
                                 ITEMISED if evidenced is not None and evidenced == level
                                 else RECORDED, towards, supervisor, evidenced,
                                 induction_end(started_on, months, built.today),
                                 own_cost / fte if own_cost is not None and fte else None))
        built._areas = {a.area_id: a for a in areas if area is None or a.area_id == area}
        for t in teams:
            built._teams[t.team_id] = t
            built._funded[t.team_id] = funded.get(t.team_id)
            built._area_teams.setdefault(t.area_id, []).append(t.team_id)
            built._members[t.team_id] = {}
        for p in people:
            built._people[p.staff_id] = p
            for t, fte in shares[p.staff_id].items():
                built._members[t][p.staff_id] = fte
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
        for staff_id, cid, level, status, evidenced, due, assessor in rows:
            if cid in self._competencies and level in self._levels:
                self._attained.setdefault(staff_id, {})[cid, level] = {
                    "kind": status, "evidenced_on": evidenced, "review_due": due,
                    "assessed_by": assessor}

    # --- questions --------------------------------------------------------------------

    def areas(self) -> list[Area]:
        return [self._areas[a] for a in sorted(self._areas)]

    def teams(self, area_id: str | None = None) -> list[Team]:
        ids = self._area_teams.get(area_id, []) if area_id is not None else self._teams
        return [self._teams[t] for t in sorted(ids)]

    def team(self, team_id: str) -> Team:
        return self._teams[team_id]

    def members(self, team_id: str) -> list[Person]:
        """The team's people, each with their FTE in this team (their share of a shared
        post)."""
        return [self._people[s]._replace(fte=fte)
                for s, fte in sorted(self._members[team_id].items())]

    def establishment(self, team_id: str) -> dict[str, tuple[int, float]] | None:
        """The team's funded posts and FTE by band; None when not recorded."""
        return self._funded[team_id]

    def person(self, staff_id: str) -> Person:
        if staff_id not in self._people:
            raise NotFound(f"no staff member {staff_id!r}: see `workforce export staff`")
        return self._people[staff_id]

    def next_level(self, person: Person) -> int | None:
        """The level a person works towards next; None at the top of the framework."""
        return (person.attained_level + 1 if person.attained_level < self.framework.top_level
                else None)

    def attainments(self, staff_id: str) -> list[tuple[str, int, dict]]:
        """(competency id, level, edge data) for each itemised attainment of a person."""
        return sorted(((cid, level, data) for (cid, level), data in self._held(staff_id)),
                      key=lambda item: (item[1], item[0]))

    def _held(self, staff_id: str):
        return self._attained.get(staff_id, {}).items()

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
        return {cid for (cid, held), data in self._held(staff_id)
                if held >= level and self.counts(data)}

    def holds(self, staff_id: str, cid: str, level: int) -> bool:
        """Does this person hold this competency at this level or above?

        Their attained level (recorded or evidenced) covers every competency; above it,
        itemised evidence at the level or a higher one does.
        """
        if self.person(staff_id).attained_level >= level:
            return True
        return any(held_cid == cid and held >= level and self.counts(data)
                   for (held_cid, held), data in self._held(staff_id))

    def prerequisite_order(self, cids: Iterable[str],
                           key: Callable[[str], Any] | None = None) -> list[str]:
        """These competencies, each after any of them it requires (ties by `key` of the
        competency id, or by id); a competency requires the same ones at every level."""
        import networkx as nx

        wanted = set(cids)
        graph = nx.DiGraph()
        graph.add_nodes_from(wanted)
        graph.add_edges_from((needed, comp.id) for comp in self.framework.competencies
                             if comp.id in wanted for needed in comp.requires
                             if needed in wanted)
        return list(nx.lexicographical_topological_sort(graph, key=key))
