"""The staffing gap: FTE the Greater Manchester example team asks for, band by band, at
both ends of the teams-needed range, against FTE in post; the FTE gap (need less in post,
as displayed, with the bands short of staff as detail); and the AiMH level 2/3 shortfalls
from the gap report. What the gap costs is in gap_cost.

Figures about people in post come from the gap report as given: a published report hands
in one whose figures carry cell key noise, and every gap and cost follows from those.
"""

from __future__ import annotations

from dataclasses import dataclass

from workforce.competencies.gaps import AreaGap
from workforce.disclosure.metrics import Metric, count
from workforce.economics.cost import Costing, annual_cost
from workforce.economics.need import TeamsRange
from workforce.reference import ReferenceData


@dataclass(frozen=True)
class End:
    """One end of the teams-needed range, and how its metrics are named: the GM example
    density (the low end, plain names) or the Parent-Infant Foundation's basis (`_high`)."""

    high: bool
    words: str

    @property
    def infix(self) -> str:  # fte_gap_<infix>band_7
        return "high_" if self.high else ""

    @property
    def suffix(self) -> str:  # fte_gap<suffix>
        return "_high" if self.high else ""

    def teams(self, teams: TeamsRange) -> float:
        return teams.caseload if self.high else teams.population


ENDS = (End(False, "at GM density"), End(True, "on the PIF basis"))


@dataclass(frozen=True)
class Establishment:
    """The example team's posts as this bid costs them: the itemised posts, plus the
    unitemised FTE of the source's total at a band the user names, if they name one."""

    ref: ReferenceData
    unitemised_band: str | None = None
    moved: tuple[tuple[str, str], ...] = ()  # (post, band) for a sensitivity

    @property
    def per_team_fte(self) -> float:
        team = self.ref.service.example_team
        return round(team.itemised_fte + (team.unitemised_fte if self.unitemised_band else 0), 2)

    @property
    def basis(self) -> str:
        team = self.ref.service.example_team
        if self.unitemised_band:
            return (f"its itemised posts plus the unitemised {team.unitemised_fte:g} FTE of its "
                    f"stated {team.stated_fte:g} at band {self.unitemised_band}, your assumption")
        return f"its itemised posts; the source states {team.stated_fte:g}"

    def fte_by_band(self, teams: float) -> dict[str, float]:
        team = self.ref.service.example_team
        return team.fte_by_band(teams * team.population, self.unitemised_band, dict(self.moved))

    def moving(self, post: str, band: str) -> Establishment:
        return Establishment(self.ref, self.unitemised_band, ((post, band),))


@dataclass(frozen=True)
class BandLine:
    band: str
    needed_fte: float  # at GM density
    needed_high_fte: float  # on the PIF basis
    in_post_fte: float
    people: int  # in post at this band
    gap_fte: float  # needed less in post where more is needed; never negative
    gap_high_fte: float
    annual_cost: float  # of the gap, as costed
    annual_cost_high: float
    #: For pay with no national scale: the annual cost the staff rows give and the FTE it
    #: covers (None: withheld in a published report).
    own_pay: tuple[float, float] | None = (0.0, 0.0)

    def at(self, end: End) -> tuple[float, float, float]:
        """Needed, gap and cost at one end of the range."""
        if end.high:
            return self.needed_high_fte, self.gap_high_fte, self.annual_cost_high
        return self.needed_fte, self.gap_fte, self.annual_cost


def band_lines(ref: ReferenceData, teams: TeamsRange, gap: AreaGap | None,
               establishment: Establishment, costing: Costing) -> list[BandLine]:
    """Every band the example team asks for or someone is in post at, in band order."""
    needed = establishment.fte_by_band(teams.population)
    needed_high = establishment.fte_by_band(teams.caseload)
    in_post = gap.fte_by_band if gap else {}
    heads = gap.headcount if gap else {}
    own = gap.own_pay_by_band if gap else {}
    lines = []
    for band in sorted(set(needed) | set(in_post), key=lambda b: ref.bands.order[b]):
        have = round(in_post.get(band, 0.0), 2)
        low = round(max(0.0, needed.get(band, 0.0) - have), 2)
        high = round(max(0.0, needed_high.get(band, 0.0) - have), 2)
        lines.append(BandLine(band, round(needed.get(band, 0.0), 2),
                              round(needed_high.get(band, 0.0), 2), have,
                              heads.get(f"band_{band}", 0), low, high,
                              round(annual_cost(ref, band, low, costing)),
                              round(annual_cost(ref, band, high, costing)),
                              None if own is None else own.get(band, (0.0, 0.0))))
    return lines


def staffing_metrics(ref: ReferenceData, gap: AreaGap | None, lines: list[BandLine],
                     establishment: Establishment, teams: TeamsRange,
                     staffing_unknown: bool = False) -> list[Metric]:
    """FTE in post, and at each end the FTE gap: what is needed less what is in post, as
    displayed; the gap in the bands short of staff follows as detail."""
    example = ref.service.example_team
    scaled = f"the {example.name} ({establishment.basis}), scaled"
    fte_in_post = gap.fte if gap else 0.0
    staff = gap.headcount.get("staff", 0) if gap else 0
    unknown = ("; the known teams' staff are not in the database, so FTE in post is "
               "unknown and the gap is an upper bound" if staffing_unknown else "")
    out = [Metric("staffing", "fte_in_post", "FTE in post", fte_in_post, "FTE",
                  "staff in the area's teams in the database, every band" + unknown,
                  people=staff)]
    for end in ENDS:
        needed = round(end.teams(teams) * establishment.per_team_fte, 2)
        out += [Metric("staffing", f"fte_gap{end.suffix}", f"FTE gap {end.words}",
                       round(max(0.0, needed - fte_in_post), 2), "FTE",
                       f"FTE needed {end.words} ({needed:g}) less FTE in post, never below "
                       f"0{unknown}", example.source),
                Metric("staffing", f"fte_gap_net{end.suffix}",
                       f"Net FTE gap {end.words} (all bands)", round(needed - fte_in_post, 2),
                       "FTE", f"FTE needed {end.words} less all FTE in post; negative is more "
                       f"in post than needed", example.source),
                Metric("staffing", f"fte_gap_short_bands{end.suffix}",
                       f"FTE gap {end.words}, summed over the bands short of staff",
                       round(sum(line.at(end)[1] for line in lines), 2), "FTE",
                       f"{scaled} {end.words}, less FTE in post, in each band short of it "
                       f"(detail: posts at other bands do not fill it)", example.source)]
    for b in lines:
        out += [Metric("staffing", f"fte_needed_band_{b.band}",
                       f"FTE needed at GM density, band {b.band}", b.needed_fte, "FTE",
                       f"{scaled} at GM density", example.source, band=b.band),
                Metric("staffing", f"fte_needed_high_band_{b.band}",
                       f"FTE needed on the PIF basis, band {b.band}", b.needed_high_fte, "FTE",
                       f"{scaled} on the PIF basis", example.source, band=b.band),
                Metric("staffing", f"fte_in_post_band_{b.band}", f"FTE in post, band {b.band}",
                       b.in_post_fte, "FTE", "staff in the area's teams", people=b.people,
                       band=b.band),
                Metric("staffing", f"fte_gap_band_{b.band}", f"FTE gap at GM density, band "
                       f"{b.band}", b.gap_fte, "FTE", "needed less in post, if more is needed",
                       example.source, band=b.band),
                Metric("staffing", f"fte_gap_high_band_{b.band}", f"FTE gap on the PIF basis, "
                       f"band {b.band}", b.gap_high_fte, "FTE",
                       "needed less in post, if more is needed", example.source, band=b.band)]
    return out


def shortfall_metrics(ref: ReferenceData, gap: AreaGap | None,
                      teams: TeamsRange) -> list[Metric]:
    """Level 2/3 shortfalls, and the level-3 FTE the example team's senior posts need."""
    if gap is None:
        return []
    rules = ref.service.rules
    heads = gap.headcount
    lead = "Teams without a clinical lead holding AiMH level 3"
    senior = f"the {ref.service.example_team.name}'s clinical posts at band " \
             f"{rules.lead_min_band} or above"
    out = [
        count("competencies", "clinical_staff_below_level_2",
              "Clinical staff below AiMH level 2", gap.below_level_2, "people", "gap report"),
        Metric("competencies", "clinical_fte_below_level_2", "Clinical FTE below AiMH level 2",
               gap.below_level_2_fte, "FTE", "gap report", people=gap.below_level_2),
        Metric("competencies", "teams_without_level_3_lead", lead,
               gap.teams_without_level_3_lead, "teams", "gap report"),
        count("competencies", "clinical_staff_not_working_towards_level_3",
              "Clinical staff not working towards level 3", gap.not_working_towards_level_3,
              "people", "gap report"),
        Metric("competencies", "level_3_fte", "Clinical FTE at AiMH level 3",
               gap.level_3_fte, "FTE", "gap report", people=heads.get("level_3", 0)),
        Metric("competencies", "level_3_senior_fte",
               f"Clinical FTE at AiMH level 3 and band {rules.lead_min_band} or above",
               gap.level_3_senior_fte, "FTE", "gap report: who can fill the senior posts",
               people=heads.get("level_3_senior", 0)),
    ]
    for end in ENDS:
        needed = level_3_fte_needed(ref, end.teams(teams))
        out += [Metric("competencies", f"level_3_fte_needed{end.suffix}",
                       f"Level 3 clinical FTE needed {end.words}", round(needed, 2), "FTE",
                       senior, ref.service.example_team.source),
                Metric("competencies", f"level_3_fte_gap{end.suffix}",
                       f"Level 3 FTE gap {end.words}",
                       round(max(0.0, needed - gap.level_3_senior_fte), 2), "FTE",
                       f"needed less clinical FTE in post at level 3 and band "
                       f"{rules.lead_min_band} or above")]
    return out


def level_3_fte_needed(ref: ReferenceData, teams: float) -> float:
    """FTE of the example team's clinical posts at or above the lead's band, which need
    AiMH level 3, for `teams` teams."""
    minimum = ref.service.rules.lead_min_band
    return teams * sum(p.fte for p in ref.service.example_team.posts
                       if p.clinical and ref.bands.at_least(p.band, minimum))
