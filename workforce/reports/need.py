"""Need, coverage and teams needed, by the Parent-Infant Foundation's method.

Babies who would benefit = 0-2 population x benefit rate; coverage = families the area's
teams see a year / that need; teams needed by caseload = need / families a team sees a
year, and by population = population / the standard's 280,000. Every rate comes from
data/service_model.yaml and is printed beside the figure it makes.
"""

from __future__ import annotations

from dataclasses import dataclass

from workforce.errors import UserError
from workforce.models import Area
from workforce.reference import ReferenceData
from workforce.reports.metrics import Metric


@dataclass(frozen=True)
class Population:
    """An area's population as the bid uses it, and where it came from."""

    total: int
    under_2: int
    births: int | None
    given: bool  # from the command line rather than the area data
    derived: str | None = None  # "total" or "under_2": derived from the other at the 0-2 share

    def basis(self, figure: str, ref: ReferenceData) -> tuple[str, str]:
        """The assumption and source of the "total" or "under_2" figure."""
        need = ref.service.need
        if self.derived == figure == "total":
            return (f"0-2 population / {need.population_0_2_share:g}",
                    need.population_0_2_share_source)
        if self.derived == figure == "under_2":
            return (f"population x {need.population_0_2_share:g}",
                    need.population_0_2_share_source)
        return ("given on the command line" if self.given else "area data"), ""


def population_of(area: Area, ref: ReferenceData, population: int | None = None,
                  population_0_2: int | None = None) -> Population:
    """The area's figures, or the user's: a figure given on the command line replaces the
    area's, and one not given is then derived from it at England's 0-2 share, so the two
    never describe different places."""
    for value, option in ((population, "--population"), (population_0_2, "--population-0-2")):
        if value is not None and value <= 0:
            raise UserError(f"{option} must be a positive number of people, not {value}")
    given = bool(population or population_0_2)
    if given:
        total, under_2, births = population, population_0_2, None
    else:
        total, under_2, births = area.population, area.population_0_2, area.births_per_year
    if not total and not under_2:
        raise UserError(f"area {area.area_id} has no population: add population_0_2 (and "
                        f"population) to its row in your areas file and run `workforce import "
                        f"areas FILE`, or pass --population-0-2 N")
    share = ref.service.need.population_0_2_share
    if not under_2:
        return Population(total, round(total * share), births, given, "under_2")
    if not total:
        return Population(round(under_2 / share), under_2, births, given, "total")
    return Population(total, under_2, births, given)


def need_metrics(ref: ReferenceData, pop: Population) -> list[Metric]:
    need = ref.service.need
    births = ("area data" if pop.births is not None
              else "not known for a population given on the command line" if pop.given
              else "not in the area data")
    return [
        Metric("need", "population_0_2", "Babies aged 0-2", pop.under_2, "babies",
               *pop.basis("under_2", ref)),
        Metric("need", "births_per_year", "Births a year", pop.births, "births", births),
        Metric("need", "babies_benefiting", "Babies who would benefit from a PAIR team",
               round(pop.under_2 * need.benefit_rate), "babies",
               f"{need.benefit_rate:.0%} of the 0-2 population", need.benefit_source),
        Metric("need", "disorganised_attachment_low",
               "Babies at risk of disorganised attachment (low)",
               round(pop.under_2 * need.disorganised_low), "babies",
               f"{need.disorganised_low:.0%} of the 0-2 population", need.disorganised_source),
        Metric("need", "disorganised_attachment_high",
               "Babies at risk of disorganised attachment (high)",
               round(pop.under_2 * need.disorganised_high), "babies",
               f"{need.disorganised_high:.0%} of the 0-2 population", need.disorganised_source),
    ]


def coverage_metrics(ref: ReferenceData, pop: Population, families_seen: int | None,
                     teams_reporting: int, teams_now: int) -> list[Metric]:
    """Families the area's teams see a year against the babies who would benefit."""
    benefit = pop.under_2 * ref.service.need.benefit_rate
    reporting = f"sum of families_per_year of {teams_reporting} of {teams_now} teams"
    return [
        Metric("coverage", "families_seen_per_year", "Families seen a year by current teams",
               families_seen, "families", reporting),
        Metric("coverage", "coverage_pct", "Coverage of need",
               round(100 * families_seen / benefit, 1) if families_seen is not None else None,
               "%", "families seen a year / babies who would benefit"),
    ]


def teams_metrics(ref: ReferenceData, pop: Population, teams_now: int) -> list[Metric]:
    """Teams needed two ways: by caseload and by the population standard."""
    need, std = ref.service.need, ref.service
    population_teams = pop.total / std.standard_population
    return [
        Metric("teams", "teams_now", "PAIR teams now", teams_now, "teams", "area data"),
        Metric("teams", "teams_needed_caseload", "Teams needed by caseload",
               round(teams_by_caseload(ref, pop.under_2), 1), "teams",
               f"babies who would benefit / {need.families_per_team_per_year:g} families a "
               f"team a year", need.families_per_team_source),
        Metric("teams", "population", "Total population", pop.total, "people",
               *pop.basis("total", ref)),
        Metric("teams", "teams_needed_population", "Teams needed by population standard",
               round(population_teams, 1), "teams",
               f"population / {std.standard_population:,} per team", std.standard_source),
        Metric("teams", "fte_needed_population", "FTE needed by population standard",
               round(population_teams * std.standard_fte, 2), "FTE",
               f"{std.standard_fte:g} FTE per {std.standard_population:,} population",
               std.standard_source),
    ]


def teams_by_caseload(ref: ReferenceData, population_0_2: float) -> float:
    """PAIR teams needed to see every baby who would benefit, at a team's yearly caseload.

    With the default assumptions England's 1,120,000 babies give 56,000 and 400 teams."""
    need = ref.service.need
    return population_0_2 * need.benefit_rate / need.families_per_team_per_year
