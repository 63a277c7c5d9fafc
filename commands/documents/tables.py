"""The bid report's tables, the same in every format: the national context, then per area
a table per section (each figure with its assumption and cited source) and the staffing
gap as one table by band."""

from __future__ import annotations

import re

from commands.documents.sources import Sources, figure
from commands.render import View

#: A figure a year: level 3 FTE projected, central or at a percentile ("_low", "_high").
YEARLY = re.compile(r"level_3_fte_projected(_low|_high)?_(\d{4})")

TITLES = {"need": "Need", "coverage": "Coverage", "teams": "Teams needed (a range)",
          "staffing": "Staffing against the Greater Manchester example team",
          "cost": "Cost of the staffing gap", "competencies": "AiMH level 2/3 shortfalls",
          "pipeline": "Pipeline"}


def context_view(bid, sources: Sources) -> View:
    return View("National context", ["figure", "value", "unit", "note", "source"],
                [[m.label, m.value, m.unit, m.assumption, sources.cite(m.source)]
                 for m in bid.context],
                caption=sources.caption([m.source for m in bid.context]),
                justify={"value": "right"})


def area_views(area, sources: Sources) -> list[View]:
    views = []
    for section, title in TITLES.items():
        metrics = [m for m in area.metrics if m.section == section and m.band is None
                   and not YEARLY.fullmatch(m.metric)]
        if not metrics:
            continue
        rows = [[m.label, _shown(m), m.unit, m.assumption, sources.cite(m.source)]
                for m in metrics]
        views.append(View(f"{area.name} ({area.area_id}): {title}",
                          ["figure", "value", "unit", "assumption", "source"], rows,
                          caption=sources.caption([m.source for m in metrics]),
                          justify={"value": "right"}))
        if section == "staffing":
            views.append(band_view(area, sources))
        if section == "pipeline":
            views += yearly_view(area, sources)
    return views


def _shown(metric):
    """A figure, or n/a where it has no value (its assumption says why)."""
    shown = figure(metric)
    return "n/a" if shown is None else shown


def yearly_view(area, sources: Sources) -> list[View]:
    """The projection as one row a year, central and percentiles side by side."""
    years: dict[str, dict[str, object]] = {}
    cited = []
    for m in area.metrics:
        found = YEARLY.fullmatch(m.metric)
        if found:
            years.setdefault(found[2], {})[found[1] or ""] = _shown(m)
            cited.append(m.source)
    if not years:
        return []
    columns = ["year", "central", "10th percentile", "90th percentile"]
    return [View(f"{area.name} ({area.area_id}): level 3 FTE projected, a row a year",
                 columns, [[y, v.get(""), v.get("_low"), v.get("_high")]
                           for y, v in years.items()],
                 caption="FTE at AiMH level 3, band 8b or above, on the pipeline model's "
                         "central rates and the 10th and 90th percentiles of its draws. "
                         + sources.caption(cited),
                 justify={c: "right" for c in columns[1:]})]


def notes_view(bid) -> View:
    return View("Notes", ["", "note"], [[i, n] for i, n in enumerate(bid.notes, 1)])


BAND_COLUMNS = (("need GM", "fte_needed_band_"), ("need PIF", "fte_needed_high_band_"),
                ("in post", "fte_in_post_band_"), ("gap GM", "fte_gap_band_"),
                ("gap PIF", "fte_gap_high_band_"), ("cost GM", "cost_band_"),
                ("cost PIF", "cost_high_band_"))
BAND_TOTALS = ("fte_needed_population", "fte_needed_caseload", "fte_in_post",
               "fte_gap_short_bands", "fte_gap_short_bands_high", "cost_short_bands",
               "cost_short_bands_high")


def band_view(area, sources: Sources) -> View:
    """FTE by band at both ends of the range, in post, the gaps and their cost; the last
    row the totals. Every band anyone is in post at is shown, whether the example team
    has a post there or not."""
    banded = [m for m in area.metrics if m.band is not None]
    bands = list(dict.fromkeys(m.band for m in banded))
    by_name = {m.metric: m for m in area.metrics}
    rows = [[f"band {band}", *(figure(by_name[f"{prefix}{band}"]) for _, prefix in BAND_COLUMNS)]
            for band in bands]
    rows.append(["all bands", *(figure(by_name[name]) for name in BAND_TOTALS)])
    columns = ["band", *(label for label, _ in BAND_COLUMNS)]
    return View(f"{area.name} ({area.area_id}): FTE by band, the example team against in post",
                columns, rows, caption="FTE needed, in post and short, and the yearly cost of "
                f"the gap, at GM density (GM) and on the PIF basis (PIF); cost at "
                f"{area.pay_basis}. "
                + sources.caption([m.source for m in banded]),
                justify={c: "right" for c in columns[1:]})
