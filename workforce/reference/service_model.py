"""The PAIR service model (data/service_model.yaml): the Greater Manchester example team,
the team rules the audit applies, need rates, the coverage reference and the professions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from workforce.reference.bands import Bands, band_field, band_list, load_bands
from workforce.reference.checks import Checker, date_text
from workforce.reference.files import PathLike, load_yaml, reference_path
from workforce.reference.team_definition import (
    Intervention,
    TeamDefinition,
    interventions,
    overdue_reviews,
    team_definition,
)


@dataclass(frozen=True)
class Post:
    post: str
    label: str
    fte: float
    band: str
    clinical: bool
    band_basis: str = ""  # where the band comes from: the source, or an assumption
    band_range: tuple[str, ...] = ()  # other bands the source allows for the post


@dataclass(frozen=True)
class ExamplePlace:
    """The place the example team was drawn from, whose babies per person scale it."""

    name: str
    councils: tuple[str, ...]
    population: int
    under_2: int
    year: str
    source: str


@dataclass(frozen=True)
class ExampleTeam:
    """The Greater Manchester example team (PIF 2025, Part three §3.1): an example, not a
    standard. Its stated total is more than the posts it itemises; costings use the posts."""

    name: str
    population: int
    stated_fte: float
    source: str
    posts: tuple[Post, ...]
    place: ExamplePlace
    unitemised_band: str  # the band the headline's high end costs the unitemised FTE at
    unitemised_band_basis: str

    @property
    def babies_per_team(self) -> float:
        """Babies under two one team serves: its population at its place's babies per person."""
        return self.population * self.place.under_2 / self.place.population

    @property
    def itemised_fte(self) -> float:
        return round(sum(p.fte for p in self.posts), 2)

    @property
    def unitemised_fte(self) -> float:
        """FTE the source's total has beyond its itemised posts (1 FTE for the GM example)."""
        return round(max(0.0, self.stated_fte - self.itemised_fte), 2)

    def fte_by_band(self, population: float, unitemised_band: str | None = None,
                    bands: dict[str, str] | None = None) -> dict[str, float]:
        """FTE the example asks for, by band, scaled to `population`; `unitemised_band`
        adds the unitemised FTE at that band, and `bands` moves posts to other bands."""
        scale = population / self.population
        out: dict[str, float] = {}
        for post in self.posts:
            band = (bands or {}).get(post.post, post.band)
            out[band] = out.get(band, 0.0) + post.fte * scale
        if unitemised_band is not None and self.unitemised_fte:
            out[unitemised_band] = out.get(unitemised_band, 0.0) + self.unitemised_fte * scale
        return out


@dataclass(frozen=True)
class TeamRules:
    clinical_min_level: int
    clinical_working_towards_level: int
    lead_roles: tuple[str, ...]
    lead_min_band: str
    lead_level: int
    consultant_bands: tuple[str, ...]
    review_window_days: int
    overdue_reviews: str = "flag"  # flag | lapse
    floor_roles: tuple[str, ...] = ()
    floor_clinical_only: bool = True
    induction_months: int = 0  # new staff wait this long before the level floors apply
    induction_source: str = ""
    support_roles: tuple[str, ...] = ()  # expected to hold support_min_level (a finding)
    support_min_level: int = 1

    @property
    def lapse_overdue(self) -> bool:
        return self.overdue_reviews == "lapse"


@dataclass(frozen=True)
class Need:
    benefit_rate: float
    benefit_source: str
    disorganised_low: float
    disorganised_low_source: str
    disorganised_high: float
    disorganised_high_source: str
    under_1_share: float  # of the 0-2 population, where births are not known
    under_1_share_source: str
    teams_needed_pif: int
    families_per_team_per_year: float
    families_per_team_source: str
    population_0_2_share: float
    population_0_2_share_source: str


@dataclass(frozen=True)
class CoverageReference:
    """What today's UK teams reach (PIF 2025, Part two §4.4), beside an area's coverage:
    the source's own shares, and the families over the babies it says would benefit."""

    families_seen_low: int
    families_seen_high: int
    share_low: float
    share_high: float
    source: str
    babies_benefiting: int
    babies_benefiting_source: str
    teams_reporting: int
    teams_reporting_source: str

    def share(self, families: int) -> float:
        """Families seen over the babies who would benefit: the report's own basis."""
        return families / self.babies_benefiting


@dataclass(frozen=True)
class Profession:
    name: str
    label: str
    clinical: bool
    source: str = ""  # where the tool takes the profession and its clinical mark from


@dataclass(frozen=True)
class ServiceModel:
    as_of: str
    source: str
    example_team: ExampleTeam
    rules: TeamRules
    need: Need
    coverage: CoverageReference
    professions: dict[str, Profession] = field(hash=False)
    roles: tuple[str, ...]
    path: Path
    definition: TeamDefinition | None = None
    interventions: dict[str, Intervention] = field(default_factory=dict, hash=False)

    def is_clinical(self, profession: str) -> bool:
        return self.professions[profession].clinical

    def clinical_professions(self) -> list[str]:
        return [p.name for p in self.professions.values() if p.clinical]



def load_service_model(path: PathLike = None, bands: Bands | None = None) -> ServiceModel:
    source = reference_path("service_model.yaml", path)
    raw = load_yaml(source)
    check = Checker(source)
    bands = bands or load_bands()
    example = example_team(check, bands, check.get(raw, "example_team", dict, "top level"))
    professions = {}
    for name, item in check.get(raw, "professions", dict, "top level").items():
        where = f"professions.{name}"
        professions[name] = Profession(name, str(item.get("label", name)),
                                       check.get(item, "clinical", bool, where),
                                       check.get(item, "source", str, where))
    r = check.get(raw, "team_rules", dict, "top level")
    rules = TeamRules(
        clinical_min_level=check.get(r, "clinical_min_level", int, "team_rules"),
        clinical_working_towards_level=check.get(r, "clinical_working_towards_level", int,
                                                 "team_rules"),
        lead_roles=tuple(check.get(r, "lead_roles", list, "team_rules")),
        lead_min_band=band_field(check, bands, r, "lead_min_band", "team_rules"),
        lead_level=check.get(r, "lead_level", int, "team_rules"),
        consultant_bands=tuple(band_list(check, bands, r, "consultant_bands", "team_rules")),
        induction_months=check.get(r, "induction_months", int, "team_rules"),
        induction_source=check.get(r, "induction_source", str, "team_rules"),
        support_roles=tuple(check.get(r, "support_roles", list, "team_rules")),
        support_min_level=check.get(r, "support_min_level", int, "team_rules"),
        review_window_days=check.positive(r, "review_window_days", int, "team_rules"),
        overdue_reviews=overdue_reviews(check, r),
        floor_roles=tuple(check.get(r, "floor_roles", list, "team_rules")),
        floor_clinical_only=check.get(r, "floor_clinical_only", bool, "team_rules"),
    )
    roles = tuple(check.get(raw, "roles", list, "top level"))
    if rules.induction_months < 0:
        raise check.fail("team_rules.induction_months", "expected 0 or more months")
    unknown_roles = [r for r in (*rules.floor_roles, *rules.lead_roles, *rules.support_roles)
                     if r not in roles]
    if unknown_roles:
        raise check.fail("team_rules", f"roles {', '.join(unknown_roles)} are not in `roles`")
    n = check.get(raw, "need", dict, "top level")
    need = Need(
        benefit_rate=check.fraction(n, "benefit_rate", "need"),
        benefit_source=check.get(n, "benefit_source", str, "need"),
        disorganised_low=check.fraction(n, "disorganised_attachment_low", "need"),
        disorganised_low_source=check.get(n, "disorganised_attachment_low_source", str, "need"),
        disorganised_high=check.fraction(n, "disorganised_attachment_high", "need"),
        disorganised_high_source=check.get(n, "disorganised_attachment_high_source", str,
                                           "need"),
        under_1_share=check.fraction(n, "under_1_share_of_0_2", "need"),
        under_1_share_source=check.get(n, "under_1_share_source", str, "need"),
        teams_needed_pif=check.positive(n, "teams_needed_pif", int, "need"),
        families_per_team_per_year=check.positive(n, "families_per_team_per_year", float, "need"),
        families_per_team_source=check.get(n, "families_per_team_source", str, "need"),
        population_0_2_share=check.fraction(n, "population_0_2_share", "need"),
        population_0_2_share_source=check.get(n, "population_0_2_share_source", str, "need"),
    )
    if need.disorganised_low > need.disorganised_high:
        raise check.fail("need", "disorganised_attachment_low is above _high")
    c = check.get(raw, "coverage_reference", dict, "top level")
    coverage = CoverageReference(
        families_seen_low=check.positive(c, "families_seen_low", int, "coverage_reference"),
        families_seen_high=check.positive(c, "families_seen_high", int, "coverage_reference"),
        share_low=check.fraction(c, "share_of_need_low", "coverage_reference"),
        share_high=check.fraction(c, "share_of_need_high", "coverage_reference"),
        source=check.get(c, "source", str, "coverage_reference"),
        babies_benefiting=check.positive(c, "babies_benefiting", int, "coverage_reference"),
        babies_benefiting_source=check.get(c, "babies_benefiting_source", str,
                                           "coverage_reference"),
        teams_reporting=check.positive(c, "teams_reporting", int, "coverage_reference"),
        teams_reporting_source=check.get(c, "teams_reporting_source", str,
                                         "coverage_reference"),
    )
    return ServiceModel(
        as_of=date_text(raw.get("as_of")),
        source=check.get(raw, "source", str, "top level"),
        example_team=example,
        rules=rules,
        need=need,
        coverage=coverage,
        professions=professions,
        roles=roles,
        path=source,
        definition=team_definition(check, raw, professions),
        interventions=interventions(check, raw),
    )


def example_place(check: Checker, raw: dict) -> ExamplePlace:
    where = "example_team.place"
    place = ExamplePlace(check.get(raw, "name", str, where),
                         tuple(str(c) for c in check.get(raw, "councils", list, where)),
                         check.positive(raw, "population", int, where),
                         check.positive(raw, "under_2", int, where),
                         str(check.get(raw, "year", str, where)),
                         check.get(raw, "source", str, where))
    if place.under_2 >= place.population:
        raise check.fail(where, "under_2 is not below the population")
    return place


def example_team(check: Checker, bands: Bands, raw: dict) -> ExampleTeam:
    posts = []
    for i, item in enumerate(check.get(raw, "posts", list, "example_team")):
        where = f"example_team.posts[{i}]"
        band = band_field(check, bands, item, "band", where)
        allowed = tuple(band_list(check, bands, item, "band_range", where)
                        if "band_range" in item else ())
        if allowed and band not in allowed:
            raise check.fail(where, f"band {band} is outside its band_range {list(allowed)}")
        posts.append(Post(check.get(item, "post", str, where), str(item.get("label", "")),
                          check.positive(item, "fte", float, where), band,
                          check.get(item, "clinical", bool, where),
                          check.get(item, "band_basis", str, where), allowed))
    if len({p.post for p in posts}) != len(posts):
        raise check.fail("example_team.posts", "a post is listed twice")
    team = ExampleTeam(check.get(raw, "name", str, "example_team"),
                       check.positive(raw, "population", int, "example_team"),
                       check.positive(raw, "stated_fte", float, "example_team"),
                       check.get(raw, "source", str, "example_team"), tuple(posts),
                       example_place(check, check.get(raw, "place", dict, "example_team")),
                       band_field(check, bands, raw, "unitemised_band", "example_team"),
                       check.get(raw, "unitemised_band_basis", str, "example_team"))
    if team.itemised_fte > team.stated_fte + 0.005:
        raise check.fail("example_team", f"posts add up to {team.itemised_fte:g} FTE, more "
                         f"than the stated_fte {team.stated_fte:g}")
    return team


