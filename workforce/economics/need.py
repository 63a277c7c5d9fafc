"""Need, coverage and teams needed, by the sources' own methods.

Babies who would benefit = 5% of the 0-2 population (the Parent-Infant Foundation's
planning basis). Babies at risk of disorganised attachment = 10% (Start for Life) to 15%
(van IJzendoorn 1999) of ONE year's babies: births a year, or the under-1 population
where births are not known. Teams needed is a range: the Greater Manchester example
team's density at the low end, scaled by babies under two (its 280,000 people at Greater
Manchester's babies per person), since an infant service's need follows babies; and the
Foundation's basis (the babies who would benefit at 140 a team, "up to 400" for England)
at the high end. Every rate comes from data/service_model.yaml and is printed beside the
figure it makes. The UK coverage reference is put on the area's own basis: families seen
over babies who would benefit.
"""

from __future__ import annotations

from dataclasses import dataclass

from workforce.disclosure.metrics import Metric
from workforce.errors import UserError
from workforce.reference import ReferenceData
from workforce.store.models import Area


@dataclass(frozen=True)
class Population:
    """An area's population as the bid uses it, and where it came from."""

    total: int
    under_2: int
    births: int | None
    given: bool  # from the command line rather than the area data
    derived: str | None = None  # "total" or "under_2": derived from the other at the 0-2 share
    source: str = ""  # where the area's own figures come from, when it says (ONS code areas)

    def basis(self, figure: str, ref: ReferenceData) -> tuple[str, str]:
        """The assumption and source of the "total" or "under_2" figure."""
        need = ref.service.need
        if self.derived == figure == "total":
            return (f"0-2 population / {need.population_0_2_share:g}",
                    need.population_0_2_share_source)
        if self.derived == figure == "under_2":
            return (f"population x {need.population_0_2_share:g}",
                    need.population_0_2_share_source)
        return ("given on the command line", "") if self.given else ("area data", self.source)

    def year_of_babies(self, ref: ReferenceData) -> tuple[int, str, str]:
        """One year's babies, the base of the disorganised-attachment rates: births a year,
        or the under-1 population estimated from the 0-2 population; with its basis."""
        if self.births is not None:
            return self.births, "births a year", ""
        share = ref.service.need.under_1_share
        return (round(self.under_2 * share), f"births not known: the under-1 population, "
                f"estimated as {share:g} x the 0-2 population",
                ref.service.need.under_1_share_source)


def population_of(area: Area, ref: ReferenceData, population: int | None = None,
                  population_0_2: int | None = None, births: int | None = None) -> Population:
    """The area's figures, or the user's. Figures given on the command line replace the
    area's together: one not given is derived from those that are (the total and the 0-2
    population from each other at England's 0-2 share), so they never describe different
    places. Births given alone keep the area's population."""
    for value, option in ((population, "--population"), (population_0_2, "--population-0-2"),
                          (births, "--births")):
        if value is not None and value <= 0:
            raise UserError(f"{option} must be a positive number, not {value}")
    given = bool(population or population_0_2)
    if given:
        total, under_2 = population, population_0_2
    else:
        total, under_2 = area.population, area.population_0_2
        births = births if births is not None else area.births_per_year
    if total and under_2 and under_2 > total:
        raise UserError(f"the 0-2 population ({under_2:,}) is larger than the total population "
                        f"({total:,}): check --population and --population-0-2")
    if under_2 and births and births > under_2:
        raise UserError(f"births a year ({births:,}) are more than the 0-2 population "
                        f"({under_2:,}), which holds two years of babies: check the figures")
    if not total and not under_2:
        raise UserError(f"area {area.area_id} has no population: add population_0_2 (and "
                        f"population) to its row in your areas file and run `workforce import "
                        f"areas FILE`, or pass --population-0-2 N")
    share = ref.service.need.population_0_2_share
    source = "" if given else area.population_source or ""
    if not under_2:
        return Population(total, round(total * share), births, given, "under_2", source)
    if not total:
        return Population(round(under_2 / share), under_2, births, given, "total", source)
    return Population(total, under_2, births, given, source=source)


def babies_benefiting(ref: ReferenceData, pop: Population) -> float:
    return pop.under_2 * ref.service.need.benefit_rate


def need_metrics(ref: ReferenceData, pop: Population) -> list[Metric]:
    need = ref.service.need
    babies, basis, basis_source = pop.year_of_babies(ref)
    births = ("area data" if pop.births is not None and not pop.given
              else "given on the command line" if pop.births is not None
              else "not known")
    metrics = [
        Metric("need", "population_0_2", "Babies under two (the 0-2 population)", pop.under_2,
               "babies", *pop.basis("under_2", ref)),
        Metric("need", "births_per_year", "Births a year", pop.births, "births", births,
               pop.source if births == "area data" else ""),
        Metric("need", "babies_benefiting", "Babies who would benefit from a parent-infant team",
               round(babies_benefiting(ref, pop)), "babies",
               f"{need.benefit_rate:.0%} of the 0-2 population", need.benefit_source),
    ]
    if pop.births is None:
        metrics.append(Metric("need", "babies_in_a_year", "One year's babies (estimated)",
                              babies, "babies", basis, basis_source))
    for end, rate, source in (("low", need.disorganised_low, need.disorganised_low_source),
                              ("high", need.disorganised_high, need.disorganised_high_source)):
        metrics.append(Metric(
            "need", f"disorganised_attachment_{end}",
            f"Babies a year at risk of disorganised attachment ({end}, {rate:.0%})",
            round(babies * rate), "babies", f"{rate:.0%} of {basis}", source))
    return metrics


def coverage_metrics(ref: ReferenceData, pop: Population, families_seen: int | None,
                     teams_reporting: int, teams_in_database: int) -> list[Metric]:
    """Families the area's teams see a year against the babies who would benefit, beside
    what UK teams reach as a whole, on the same basis."""
    benefit = babies_benefiting(ref, pop)
    return [
        Metric("coverage", "families_seen_per_year", "Families seen a year by current teams",
               families_seen, "families",
               f"sum of families_per_year of {teams_reporting} of {teams_in_database} teams in "
               f"the database" if families_seen is not None else
               "n/a: no team in the database records the families it sees a year"),
        Metric("coverage", "coverage_pct", "Coverage of need",
               round(100 * families_seen / benefit, 1) if families_seen is not None else None,
               "%", "families seen a year / babies who would benefit"
               if families_seen is not None else "n/a: no families seen are recorded"),
        *uk_coverage_metrics(ref),
    ]


def uk_coverage_metrics(ref: ReferenceData) -> list[Metric]:
    """UK teams' families a year over the babies the source says would benefit: the area's
    own basis. The source's stated share implies another base, and the note says so."""
    c = ref.service.coverage
    implied = round(c.families_seen_low / c.share_low, -3)
    note = (f"{{families:,}} families a year (UK) / {c.babies_benefiting:,} babies who would "
            f"benefit (England, Part two §4.2), the basis of this report's coverage. The source "
            f"calls this 'around {c.share_low:.0%}-{c.share_high:.0%}' (Part two §4.4), which "
            f"implies about {implied:,.0f} babies, not its own {c.babies_benefiting:,}; and the "
            f"families are the UK's while the babies are England's")
    return [Metric("coverage", f"coverage_uk_{end}_pct",
                   f"UK reference: coverage of need ({end})",
                   round(100 * c.share(families), 1), "%", note.format(families=families),
                   c.source)
            for end, families in (("low", c.families_seen_low), ("high", c.families_seen_high))]


@dataclass(frozen=True)
class TeamsRange:
    """Teams needed at the two ends: the GM example's density and the PIF basis."""

    population: float  # teams at the example's babies under two a team (the GM density)
    caseload: float  # teams for the babies who would benefit, at a team's yearly caseload


def teams_range(ref: ReferenceData, pop: Population) -> TeamsRange:
    """The low end scales the example team by babies under two, since an infant service's
    need follows babies: England (1,120,000 babies under two) needs about 181 teams at GM
    density, and up to 400 on the PIF basis."""
    return TeamsRange(pop.under_2 / ref.service.example_team.babies_per_team,
                      babies_benefiting(ref, pop) / ref.service.need.families_per_team_per_year)


def teams_metrics(ref: ReferenceData, pop: Population, per_team_fte: float,
                  per_team_basis: str) -> list[Metric]:
    """Teams needed both ways, and the FTE each end asks for."""
    need, example = ref.service.need, ref.service.example_team
    teams = teams_range(ref, pop)
    place = example.place
    density = (f"babies under two / {example.babies_per_team:,.0f} a team: the example's "
               f"{example.population:,} people hold {example.babies_per_team:,.0f} babies under "
               f"two at {place.name}'s {place.year} density ({place.under_2:,} of "
               f"{place.population:,}); an infant service's need follows babies")
    return [
        Metric("teams", "population", "Total population", pop.total, "people",
               *pop.basis("total", ref)),
        Metric("teams", "teams_needed_population",
               f"Teams needed at the {example.name}'s density", round(teams.population, 1),
               "teams", density, f"{example.source}; {place.source}"),
        Metric("teams", "teams_needed_caseload",
               "Teams needed on the Parent-Infant Foundation's basis (up to)",
               round(teams.caseload, 1), "teams",
               f"babies who would benefit / {need.families_per_team_per_year:g} a team a year",
               need.families_per_team_source),
        Metric("teams", "fte_needed_population",
               f"FTE needed at the {example.name}'s density",
               round(teams.population * per_team_fte, 2), "FTE",
               f"{per_team_fte:g} FTE a team ({per_team_basis})", example.source),
        Metric("teams", "fte_needed_caseload",
               "FTE needed on the Parent-Infant Foundation's basis",
               round(teams.caseload * per_team_fte, 2), "FTE",
               f"{per_team_fte:g} FTE a team ({per_team_basis})", example.source),
    ]
