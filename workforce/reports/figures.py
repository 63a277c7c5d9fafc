"""The figures of a funding bid, each with its unit, assumption and source.

Need, coverage and teams needed follow the Parent-Infant Foundation's method: babies who
would benefit = 0-2 population x benefit rate; teams needed by caseload = that need /
families a team sees a year; by population = population / the standard's 280,000.
Every rate comes from data/service_model.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass

from workforce.reference import ReferenceData

SUPPRESSED = "<5"
#: Counts of people below this are shown as "<5" (small-number suppression).
SMALL_NUMBER = 5


@dataclass(frozen=True)
class Metric:
    section: str
    metric: str
    label: str
    value: float | int | None
    unit: str
    assumption: str = ""
    source: str = ""
    people: bool = False  # a count of people: subject to small-number suppression

    def shown(self, suppress: bool) -> float | int | str | None:
        if suppress and self.people and self.value is not None and self.value < SMALL_NUMBER:
            return SUPPRESSED
        return self.value


def need_metrics(ref: ReferenceData, population_0_2: int, births: int | None,
                 population: int, population_derived: bool, families_seen: int | None,
                 teams_now: int) -> list[Metric]:
    need = ref.service.need
    std = ref.service
    benefit = population_0_2 * need.benefit_rate
    caseload_teams = benefit / need.families_per_team_per_year
    population_teams = population / std.standard_population
    out = [
        Metric("need", "population_0_2", "Babies aged 0-2", population_0_2, "babies",
               "area data"),
        Metric("need", "births_per_year", "Births a year", births, "births", "area data"),
        Metric("need", "babies_benefiting", "Babies who would benefit from a PAIR team",
               round(benefit), "babies", f"{need.benefit_rate:.0%} of the 0-2 population",
               need.benefit_source),
        Metric("need", "disorganised_attachment_low",
               "Babies at risk of disorganised attachment (low)",
               round(population_0_2 * need.disorganised_low), "babies",
               f"{need.disorganised_low:.0%} of the 0-2 population", need.disorganised_source),
        Metric("need", "disorganised_attachment_high",
               "Babies at risk of disorganised attachment (high)",
               round(population_0_2 * need.disorganised_high), "babies",
               f"{need.disorganised_high:.0%} of the 0-2 population", need.disorganised_source),
        Metric("coverage", "families_seen_per_year", "Families seen a year by current teams",
               families_seen, "families", "sum of the teams' families_per_year"),
        Metric("coverage", "coverage_pct", "Coverage of need",
               round(100 * families_seen / benefit, 1) if families_seen is not None and benefit
               else None, "%", "families seen / babies who would benefit"),
        Metric("teams", "teams_now", "PAIR teams now", teams_now, "teams", "area data"),
        Metric("teams", "teams_needed_caseload", "Teams needed by caseload",
               round(caseload_teams, 1), "teams",
               f"need / {need.families_per_team_per_year:g} families a team a year",
               need.families_per_team_source),
        Metric("teams", "population", "Total population", population, "people",
               f"derived: 0-2 population / {need.population_0_2_share}"
               if population_derived else "area data",
               need.population_0_2_share_source if population_derived else ""),
        Metric("teams", "teams_needed_population", "Teams needed by population standard",
               round(population_teams, 1), "teams",
               f"population / {std.standard_population:,} per team", std.standard_source),
        Metric("teams", "fte_needed_population", "FTE needed by population standard",
               round(population_teams * std.standard_fte, 1), "FTE",
               f"{std.standard_fte:g} FTE per {std.standard_population:,} population",
               std.standard_source),
    ]
    return out


def england_check(ref: ReferenceData, population_0_2: int = 1_120_000) -> dict[str, float]:
    """Need and teams for a 0-2 population, as the Parent-Infant Foundation states them."""
    need = ref.service.need
    benefit = population_0_2 * need.benefit_rate
    return {"babies_benefiting": benefit,
            "teams_needed_caseload": benefit / need.families_per_team_per_year}
