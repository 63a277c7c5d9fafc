"""The national picture: for every council, ICB, region or nation, its babies, the need the
bid report's model gives, the known teams and the teams needed; sorted by the babies in
councils with no known team, with totals per nation and for the UK.

Need is computed by the bid report's own functions (workforce.economics.need), so the two
reports can never disagree about an area. `unmet` counts the babies who would benefit who
live in councils (or parts of councils) with no known team, and is named so: it is not
unmet need, since a known team may not reach every family where it works.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from workforce.disclosure.metrics import Metric
from workforce.economics.need import Population, need_metrics, teams_metrics
from workforce.national.figures import Place, UkFigures
from workforce.national.teams import KnownTeam, shared_by_babies, survey_label
from workforce.reference import ReferenceData

#: Per how many babies under two the map gives known teams.
PER_BABIES = 10_000
UK_CODE = "K02000001"


@dataclass(frozen=True)
class AreaNeed:
    place: Place
    babies_benefiting: int
    disorganised_low: int | None
    disorganised_high: int | None
    teams_needed_low: float
    teams_needed_high: float
    known_teams: tuple[str, ...]  # names of the known teams serving any part of the area
    team_share: float  # the area's share of those teams, by babies under two
    unmet: int  # babies who would benefit living where no known team serves
    families_seen: float | None = None  # a year, by teams that report it, shared by babies

    @property
    def coverage_pct(self) -> float | None:
        """Families seen a year / babies who would benefit, where families seen are known."""
        if self.families_seen is None or not self.babies_benefiting:
            return None
        return round(100 * self.families_seen / self.babies_benefiting, 1)

    @property
    def teams_per_10k(self) -> float:
        return round(self.team_share / self.place.under_2 * PER_BABIES, 3)

    def row(self) -> dict:
        """The JSON and CSV row."""
        p = self.place
        return {"code": p.code, "name": p.name, "level": p.level, "nation": p.nation,
                "year": p.year, "population": p.population, "population_0_2": p.under_2,
                "births_per_year": p.births, "births_period": p.births_period,
                "babies_benefiting": self.babies_benefiting,
                "disorganised_attachment_low": self.disorganised_low,
                "disorganised_attachment_high": self.disorganised_high,
                "known_teams": len(self.known_teams),
                "known_team_share": round(self.team_share, 3),
                "known_teams_per_10k_under_2": self.teams_per_10k,
                "teams_needed_low": self.teams_needed_low,
                "teams_needed_high": self.teams_needed_high,
                "babies_benefiting_no_known_team": self.unmet,
                "families_seen_per_year": None if self.families_seen is None
                else round(self.families_seen),
                "coverage_pct": self.coverage_pct}


@dataclass(frozen=True)
class NationalPicture:
    by: str
    areas: list[AreaNeed]  # sorted by unmet need, then need
    totals: list[AreaNeed]  # each nation, then the UK
    teams_label: str
    ambiguous: list[KnownTeam]
    notes: list[str]
    assumptions: dict[str, str]  # how each figure is made, by metric id, from the need model


def need_of(ref: ReferenceData, place: Place) -> list[Metric]:
    """The bid report's need metrics and its two teams-needed ends for one area."""
    pop = Population(place.population, place.under_2, place.births, given=False)
    # the FTE a team asks for only changes the FTE metrics, which this report leaves out
    teams = [m for m in teams_metrics(ref, pop, 0.0, "")
             if m.metric in ("teams_needed_population", "teams_needed_caseload")]
    return [*need_metrics(ref, pop), *teams]


def need_figures(ref: ReferenceData, place: Place) -> dict[str, float | int | None]:
    """The bid report's need and teams-needed figures for one area, by metric id."""
    return {m.metric: m.value for m in need_of(ref, place)}


def members(uk: UkFigures, place: Place) -> list[tuple[str, float]]:
    """The councils making up `place`, with the share of each in it."""
    if place.level == "la":
        return [(place.code, 1.0)]
    if place.level == "icb":
        return list(place.parts)
    key = "region" if place.level == "region" else "nation"
    return [(c.code, 1.0) for c in uk.councils.values()
            if getattr(c, key) == (place.code if key == "region" else place.name)]


def national_picture(ref: ReferenceData, uk: UkFigures, teams: list[KnownTeam],
                     by: str = "la", teams_label: str | None = None) -> NationalPicture:
    """Every area at level `by` ("la", "icb", "region" or "nation") with its need and
    known `teams` (the survey's unless `teams_label` names another list), and the nation
    and UK totals."""
    serving: dict[str, list[str]] = {}
    for team in teams:
        for code in team.councils:
            serving.setdefault(code, []).append(team.name)
    shares = shared_by_babies(uk, teams, lambda t: 1.0)
    # Coverage from the user's own teams only: a source's figure for one team (no
    # families_source on the user's) would make a nation's coverage of that team alone.
    families = shared_by_babies(uk, [t for t in teams if t.families_per_year is not None
                                     and not t.families_source],
                                lambda t: t.families_per_year)
    label = teams_label or survey_label(teams, ref.national_context)

    def assess(place: Place, parts: list[tuple[str, float]]) -> AreaNeed:
        figures = need_figures(ref, place)
        named = sorted({n for c, _ in parts for n in serving.get(c, [])})
        uncovered = sum(uk.councils[c].under_2 * s for c, s in parts if c not in serving)
        unmet = need_figures(ref, _babies_only(place, round(uncovered)))["babies_benefiting"]
        seen = [families[c] * s for c, s in parts if c in families]
        return AreaNeed(place, int(figures["babies_benefiting"]),
                        figures["disorganised_attachment_low"],
                        figures["disorganised_attachment_high"],
                        float(figures["teams_needed_population"]),
                        float(figures["teams_needed_caseload"]), tuple(named),
                        sum(shares.get(c, 0.0) * s for c, s in parts), int(unmet or 0),
                        sum(seen) if seen else None)

    areas = [assess(p, members(uk, p)) for p in uk.level(by).values()]
    areas.sort(key=lambda a: (-a.unmet, -a.babies_benefiting, a.place.code))
    nations = [assess(p, members(uk, p)) for p in uk.nations.values()]
    uk_total = _uk_total(uk)
    totals = [*nations, assess(uk_total, [(c, 1.0) for c in uk.councils])]
    years = ", ".join(f"{n.name} mid-{n.year}" for n in uk.nations.values())
    notes = [f"The UK total adds the nations' latest figures, which come from different "
             f"years ({years}); births: {_births_years(uk)}.",
             f"Known teams are the {label}, not every team."]
    if by == "icb":
        notes.append("An ICB's figures sum its councils by the share of each it covers, so "
                     "ICB totals match England's to within rounding of the split councils.")
    assumptions = {m.metric: m.assumption for m in need_of(ref, uk_total)}
    return NationalPicture(by, areas, totals, label,
                           [t for t in teams if t.ambiguous], notes, assumptions)


def _babies_only(place: Place, under_2: int) -> Place:
    """An area of `under_2` babies, for the need of part of `place`."""
    return replace(place, under_2=under_2)


def _uk_total(uk: UkFigures) -> Place:
    nations = list(uk.nations.values())
    births = [n.births for n in nations]
    return Place(UK_CODE, "UK (nations summed)", "uk", "United Kingdom",
                 sum(n.population for n in nations), sum(n.under_2 for n in nations),
                 None if None in births else sum(b for b in births if b is not None),
                 f"{min(n.year for n in nations)}-{max(n.year for n in nations)}",
                 "various (see each nation)", "; ".join(sorted({n.source for n in nations})),
                 UK_CODE)


def _births_years(uk: UkFigures) -> str:
    return "; ".join(f"{n.name} {n.births_period}" for n in uk.nations.values())

