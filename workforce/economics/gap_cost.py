"""What the gap costs a year, as it will be paid in the place.

One identity, exact as displayed: the cost of the gap is the cost of all the teams
needed less the cost of the staff in post at their bands, never below 0. Each figure is
rounded once, to the pound, and the gap is worked out from the rounded figures. The
cost of the bands short of staff stays beside it as detail.

The headline is a range: the low end costs the example team's itemised posts at band
midpoint at GM density; the high end costs the source's stated team size (the unitemised
FTE at a labelled band) on the PIF basis at the top of each band, with a labelled
non-pay share. Sensitivities come biggest first.
"""

from __future__ import annotations

from dataclasses import replace

from workforce.disclosure.metrics import Metric
from workforce.economics.cost import Costing, annual_cost, pay_basis
from workforce.economics.need import TeamsRange
from workforce.economics.staffing import ENDS, BandLine, Establishment
from workforce.reference import ReferenceData


def _teams_cost(ref: ReferenceData, establishment: Establishment, teams: float,
                costing: Costing) -> float:
    """A year's cost of `teams` whole teams of the establishment."""
    return sum(annual_cost(ref, band, fte, costing)
               for band, fte in establishment.fte_by_band(teams).items())


def costable(ref: ReferenceData, band: str) -> bool:
    found = ref.bands.by_name.get(band)
    return found is not None and found.min_pay is not None


def in_post_cost(ref: ReferenceData, lines: list[BandLine], costing: Costing) -> float:
    """The staff in post at their bands; on pay with no national scale, the annual cost
    their rows give, as given (no pay point, on-cost or non-pay added); anyone else is left
    out (and named where the figure is shown)."""
    return sum(annual_cost(ref, b.band, b.in_post_fte, costing) if costable(ref, b.band)
               else (b.own_pay or (0.0, 0.0))[0] for b in lines if b.in_post_fte)


def uncosted(ref: ReferenceData, lines: list[BandLine]) -> str:
    """Which staff in post the cost leaves out, for the figure's assumption column."""
    out = []
    for b in lines:
        if not b.in_post_fte or costable(ref, b.band):
            continue
        if b.own_pay is None:
            out.append(f"band {b.band} (pay with no national scale is one person's own, "
                       f"withheld from a published report)")
            continue
        cost, fte = b.own_pay
        if fte:
            out.append(f"band {b.band}: {fte:g} FTE at the annual cost their rows give")
        if b.in_post_fte - fte > 0.005:
            out.append(f"not costed: {b.in_post_fte - fte:g} FTE at band {b.band} (no pay "
                       f"range and no annual_cost in their rows)")
    return "; " + "; ".join(out) if out else ""


def headline_costing(ref: ReferenceData, costing: Costing) -> Costing:
    """The high end's costing: top of band, with the non-pay share unless the user gave
    their own overhead."""
    return replace(costing, pay_point="max",
                   overhead=costing.overhead or 100 * ref.bands.non_pay_share)


def cost_metrics(ref: ReferenceData, teams: TeamsRange, lines: list[BandLine],
                 establishment: Establishment, costing: Costing) -> list[Metric]:
    pay, source = pay_basis(ref, costing), ref.bands.source
    words = "pay cost" if not costing.overhead else "cost"
    in_post = round(in_post_cost(ref, lines, costing))
    out = [Metric("cost", "cost_in_post", f"Annual {words} of the staff in post", in_post,
                  "GBP a year", f"each at their band; {pay}" + uncosted(ref, lines), source)]
    for end in ENDS:
        needed = round(_teams_cost(ref, establishment, end.teams(teams), costing))
        out += [Metric("cost", f"cost_teams_needed{end.suffix}",
                       f"Annual {words} of all the teams needed {end.words}", needed,
                       "GBP a year", f"{establishment.per_team_fte:g} FTE a team; {pay}", source),
                Metric("cost", f"cost_total{end.suffix}",
                       f"Annual {words} of the gap {end.words}", max(0, needed - in_post),
                       "GBP a year", f"the teams needed {end.words} less the staff in post, "
                       f"never below 0", source),
                Metric("cost", f"cost_short_bands{end.suffix}",
                       f"Annual {words} of the FTE gap {end.words} in the bands short of staff",
                       round(sum(line.at(end)[2] for line in lines)), "GBP a year",
                       f"detail: each band's gap at its pay; {pay}", source)]
    for b in lines:
        out += [Metric("cost", f"cost_band_{b.band}", f"Annual {words} of the gap at GM "
                       f"density, band {b.band}", b.annual_cost, "GBP a year", pay, source,
                       band=b.band),
                Metric("cost", f"cost_high_band_{b.band}", f"Annual {words} of the gap on the "
                       f"PIF basis, band {b.band}", b.annual_cost_high, "GBP a year", pay,
                       source, band=b.band)]
    return [*out, *headline_metrics(ref, teams, lines, establishment, costing),
            *sensitivity_metrics(ref, teams, establishment, costing)]


def headline_metrics(ref: ReferenceData, teams: TeamsRange, lines: list[BandLine],
                     establishment: Establishment, costing: Costing) -> list[Metric]:
    """The high end of the headline range, its parts, and the cost of one team both ways."""
    example = ref.service.example_team
    full = Establishment(ref, establishment.unitemised_band or example.unitemised_band)
    top = headline_costing(ref, costing)
    source = ref.bands.source
    whose = "your assumption" if costing.overhead else ref.bands.non_pay_note
    top_basis = pay_basis(ref, top, whose)
    why = ("your --cost-unitemised-at" if establishment.unitemised_band
           else example.unitemised_band_basis)
    basis = (f"{full.per_team_fte:g} FTE a team (the stated size; the unitemised "
             f"{example.unitemised_fte:g} FTE at band {full.unitemised_band}: {why}); "
             f"{top_basis}")
    needed = round(_teams_cost(ref, full, teams.caseload, top))
    in_post = round(in_post_cost(ref, lines, top))
    return [
        Metric("cost", "cost_teams_needed_headline_high",
               "Annual cost of all the teams needed, high end (pay and non-pay)", needed,
               "GBP a year", f"on the PIF basis; {basis}", source),
        Metric("cost", "cost_in_post_headline_high",
               "Annual cost of the staff in post, high end (pay and non-pay)", in_post,
               "GBP a year", f"each at their band; {top_basis}", source),
        Metric("cost", "cost_headline_high", "Annual cost of the gap, high end (pay and "
               "non-pay)", max(0, needed - in_post), "GBP a year",
               "the teams needed on the PIF basis at the stated team size less the staff in "
               "post, both at the top of band with non-pay, never below 0", source),
        Metric("cost", "cost_one_team", f"Annual {'pay ' if not costing.overhead else ''}cost "
               f"of one team like the {example.name}",
               round(_teams_cost(ref, establishment, 1.0, costing)), "GBP a year",
               f"{establishment.per_team_fte:g} FTE; {pay_basis(ref, costing)}", source),
        Metric("cost", "cost_one_team_headline_high",
               "Annual cost of one team, high end (pay and non-pay)",
               round(_teams_cost(ref, full, 1.0, top)), "GBP a year", basis, source),
    ]


def sensitivity_metrics(ref: ReferenceData, teams: TeamsRange, establishment: Establishment,
                        costing: Costing) -> list[Metric]:
    """The cost of all the teams needed with each post at the other bands its source
    allows, the one that moves the total most first."""
    pay, source = pay_basis(ref, costing), ref.bands.source
    words = "pay cost" if not costing.overhead else "cost"
    moves = []
    for post in ref.service.example_team.posts:
        for band in post.band_range:
            if band == post.band:
                continue
            moved = establishment.moving(post.post, band)
            for end in ENDS:
                base = _teams_cost(ref, establishment, end.teams(teams), costing)
                value = _teams_cost(ref, moved, end.teams(teams), costing)
                moves.append((abs(value - base), Metric(
                    "cost", f"cost_teams_needed{end.suffix}_{post.post}_band_{band}",
                    f"Sensitivity: annual {words} of all the teams needed {end.words} with the "
                    f"{post.label.lower()} at band {band}", round(value), "GBP a year",
                    f"{pay}; {round(value - base):+,} on the default, band {post.band}: "
                    f"{post.band_basis}",
                    source)))
    return [m for _, m in sorted(moves, key=lambda item: -item[0])]
