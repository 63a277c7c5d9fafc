"""What a bid knows of its place beyond the database: the teams the sources name there, the
pay zone and scale it is costed at, and the years of the data it stands on."""

from __future__ import annotations

from dataclasses import dataclass, field

from workforce.economics.teams_now import KnownHere
from workforce.reference import ReferenceData
from workforce.store.models import Area


@dataclass(frozen=True)
class PlaceFacts:
    known: tuple[KnownHere, ...] = ()  # named by the sources, not in the database
    pay_zone: str | None = None
    notes: tuple[str, ...] = ()
    #: The year of each kind of data: "population", "births", "pay".
    years: dict[str, str] = field(default_factory=dict)


def place_facts(ref: ReferenceData, area: Area, database_teams: set[str]) -> PlaceFacts:
    """The facts of `area`: from the bundled UK figures and known teams when it has an ONS
    code, else only what the database says. A known team that a team of the area in the
    database names as itself (its known_team, else its name: `database_teams`, any case)
    is that team, and is counted once."""
    years = {"population": area.population_source or "as imported",
             "births": "as imported" if area.births_per_year else "not known",
             "pay": ref.bands.pay_year}
    if not area.ons_code:
        return PlaceFacts(pay_zone=area.pay_zone, years=years)
    from workforce.national.figures import load_uk
    from workforce.national.pay import place_pay
    from workforce.national.picture import members
    from workforce.national.teams import load_known_teams, teams_in

    uk = load_uk()
    place = uk.icbs.get(area.ons_code) or uk.councils[area.ons_code]
    held = {name.casefold() for name in database_teams}
    inside = dict(members(uk, place))

    def share(team) -> float:
        """The share of the team's babies under two that live in the place."""
        babies = {c: uk.councils[c].under_2 for c in team.councils}
        return sum(b * inside.get(c, 0.0) for c, b in babies.items()) / sum(babies.values())

    known = tuple(
        KnownHere(t.name, t.areas_served, t.source, t.notes if t.ambiguous else "",
                  t.families_per_year, t.families_source, share(t))
        for t in teams_in(load_known_teams(uk), set(inside))
        if t.name.casefold() not in held)
    pay = place_pay(ref, uk, place)
    if not area.population_source or place.code in area.population_source:
        years.update(population=f"mid-{place.year}",
                     births=place.births_period or "not known")
    return PlaceFacts(known, area.pay_zone or pay.zone, pay.notes, years)
