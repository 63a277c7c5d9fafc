"""The staffing gap: FTE the PAIR team standard asks for, band by band, against FTE in
post, what the gap costs, and the AiMH level 2/3 shortfalls from the gap report."""

from __future__ import annotations

from dataclasses import dataclass

from workforce.competencies.gaps import AreaGap
from workforce.reference import ReferenceData
from workforce.reports.cost import annual_cost, pay_basis
from workforce.reports.metrics import Metric, count


@dataclass(frozen=True)
class BandLine:
    band: str
    needed_fte: float
    in_post_fte: float
    gap_fte: float  # where the standard asks for more than is in post; never negative
    annual_cost: float  # of the gap, with on-costs


def band_lines(ref: ReferenceData, population: int, gap: AreaGap | None,
               pay_point: str) -> list[BandLine]:
    """Every band the standard asks for or someone is in post at, in band order."""
    needed = ref.service.standard_fte_by_band(population)
    in_post = gap.fte_by_band if gap else {}
    lines = []
    for band in sorted(set(needed) | set(in_post), key=lambda b: ref.bands.order[b]):
        short = round(max(0.0, needed.get(band, 0.0) - in_post.get(band, 0.0)), 2)
        lines.append(BandLine(band, round(needed.get(band, 0.0), 2),
                              round(in_post.get(band, 0.0), 2), short,
                              round(annual_cost(ref, band, short, pay_point))))
    return lines


def staffing_metrics(ref: ReferenceData, gap: AreaGap | None,
                     lines: list[BandLine]) -> list[Metric]:
    std = ref.service
    scaled = f"the standard ({std.standard_fte:g} FTE per {std.standard_population:,}) " \
             f"scaled to the population"
    out = [Metric("staffing", "fte_in_post", "FTE in post", gap.fte if gap else 0.0, "FTE",
                  "staff in the area's teams"),
           Metric("staffing", "fte_gap", "FTE gap against the standard",
                  round(sum(b.gap_fte for b in lines), 2), "FTE",
                  f"{scaled}, less FTE in post, in bands short of it", std.standard_source)]
    for b in lines:
        out += [Metric("staffing", f"fte_needed_band_{b.band}", f"FTE needed, band {b.band}",
                       b.needed_fte, "FTE", scaled, std.standard_source, band=b.band),
                Metric("staffing", f"fte_in_post_band_{b.band}", f"FTE in post, band {b.band}",
                       b.in_post_fte, "FTE", "staff in the area's teams", band=b.band),
                Metric("staffing", f"fte_gap_band_{b.band}", f"FTE gap, band {b.band}",
                       b.gap_fte, "FTE", "needed less in post, if more is needed",
                       std.standard_source, band=b.band)]
    return out


def cost_metrics(ref: ReferenceData, lines: list[BandLine], pay_point: str) -> list[Metric]:
    pay, source = pay_basis(ref, pay_point), ref.bands.source
    out = [Metric("cost", f"cost_band_{b.band}", f"Annual cost of the gap, band {b.band}",
                  b.annual_cost, "GBP a year", pay, source, band=b.band)
           for b in lines if b.gap_fte]
    out.append(Metric("cost", "cost_total", "Annual cost of the FTE gap",
                      round(sum(b.annual_cost for b in lines)), "GBP a year", pay, source))
    return out


def shortfall_metrics(ref: ReferenceData, gap: AreaGap | None) -> list[Metric]:
    """Level 2/3 shortfalls; the FTE below level 2 is suppressed with the count it reveals."""
    if gap is None:
        return []
    lead = f"Teams without a level 3 lead at band {ref.service.rules.lead_min_band} or above"
    return [
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
               gap.level_3_fte, "FTE", "gap report"),
        Metric("competencies", "level_3_senior_fte",
               f"Clinical FTE at AiMH level 3 and band {ref.service.rules.lead_min_band} or above",
               gap.level_3_senior_fte, "FTE", "gap report: who can fill the standard's senior "
               "posts"),
    ]
