"""The charts of a bid report, as data: what each chart shows, taken from the report's
metric rows (so a withheld figure stays "[c]" in the chart too), not from the database.

Each chart is built by one function in `CHARTS`. A new chart joins by adding its builder
there: every export then draws it. The level-3 projection is a `kind="lines"` chart:
categories are the years, one series the central path with its `low`/`high` range, one
the FTE needed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from commands.render import text


@dataclass(frozen=True)
class Series:
    label: str
    #: The figures as the report's rows give them: a number, None, or the suppression mark.
    values: tuple[float | int | str | None, ...]
    #: The range around a line's values (e.g. the 10th and 90th percentiles), if it has one.
    low: tuple[float, ...] | None = None
    high: tuple[float, ...] | None = None


@dataclass(frozen=True)
class Chart:
    name: str  # the file stem for --charts DIR, e.g. "A1-fte-by-band"
    title: str
    axis: str  # the value axis label, with its unit
    unit: str  # beside each figure in the terminal's bars ("" when the bars differ)
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    kind: str = "bars"  # or "lines", for figures over time; or "tornado" (low, high, centre)

    def bars(self) -> list[tuple[str, float, str]]:
        """(label, height, shown text) of every bar; a withheld figure has no height."""
        many = len(self.series) > 1
        return [(f"{category} {s.label}" if many else category, height(value), shown(value))
                for i, category in enumerate(self.categories)
                for s in self.series for value in [s.values[i]]]


def height(value) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def shown(value) -> str:
    """A figure as every format prints it: the mark itself when it is suppressed."""
    return text(value) if value is not None else "n/a"


def need_coverage(area, dated: str) -> Chart | None:
    rows = _rows(area)
    if "babies_benefiting" not in rows or "families_seen_per_year" not in rows:
        return None
    coverage = rows.get("coverage_pct")
    covered = ("" if coverage is None else ", coverage n/a (no families recorded)"
               if coverage.shown() is None else f", coverage {shown(coverage.shown())}%")
    return Chart(f"{area.area_id}-need-coverage",
                 f"{area.name}: need against coverage, a year{covered} ({dated})",
                 "babies or families a year", "",
                 ("babies who would benefit", "families seen by current teams"),
                 (Series("a year", (rows["babies_benefiting"].shown(),
                                    rows["families_seen_per_year"].shown())),))


#: The series of FTE by band: (label, metric prefix); the PIF end of the range when given.
BAND_SERIES = (("needed at GM density", "fte_needed_band_"),
               ("needed on the PIF basis", "fte_needed_high_band_"),
               ("in post", "fte_in_post_band_"))


def fte_by_band(area, dated: str) -> Chart | None:
    """FTE needed at each end of the range against FTE in post, for every band anyone
    needs or holds."""
    rows = _rows(area)
    series = [(label, prefix) for label, prefix in BAND_SERIES
              if any(m.startswith(prefix) for m in rows)]
    bands = [b for b in dict.fromkeys(m.band for m in area.metrics if m.band is not None)
             if any(rows.get(f"{prefix}{b}") and rows[f"{prefix}{b}"].value
                    for _, prefix in series)]
    if not bands or len(series) < 2:
        return None
    return Chart(f"{area.area_id}-fte-by-band",
                 f"{area.name}: FTE by band, needed against in post ({dated})",
                 "FTE (full-time equivalent)", "FTE", tuple(f"band {b}" for b in bands),
                 tuple(Series(label, tuple(rows[f"{prefix}{b}"].shown() for b in bands))
                       for label, prefix in series))


def level_3_projection(area, dated: str) -> Chart | None:
    """Level-3 FTE projected year by year, its range, against the level-3 FTE the example
    team's senior posts need (at GM density): the pipeline model's central path."""
    rows = _rows(area)
    years = [m.removeprefix("level_3_fte_projected_") for m in rows
             if re.fullmatch(r"level_3_fte_projected_\d{4}", m)]
    if not years or "level_3_fte_needed" not in rows:
        return None
    central = tuple(rows[f"level_3_fte_projected_{y}"].shown() for y in years)
    if not any(isinstance(v, int | float) for v in central):
        return None  # withheld: level 3 FTE in post is about too few people to show
    low, high = ([height(rows[f"level_3_fte_projected_{end}_{y}"].shown()) for y in years]
                 for end in ("low", "high"))
    needed = rows["level_3_fte_needed"].shown()
    return Chart(f"{area.area_id}-level-3-projection",
                 f"{area.name}: level 3 FTE projected, shaded 10th-90th percentile, "
                 f"against need ({dated})",
                 "FTE at AiMH level 3, band 8b or above", "FTE", tuple(years),
                 (Series("projected", central, tuple(low), tuple(high)),
                  Series("needed", tuple(needed for _ in years))),
                 kind="lines")


def assumption_tornado(area, dated: str) -> Chart | None:
    """Which assumption matters: the last projected year's level-3 shortfall with each
    rate at its low and its high, the others central, largest swing on top; rates that
    move nothing are left out."""
    rows = _rows(area)
    central = next((m for m in rows if re.fullmatch(r"level_3_shortfall_\d{4}_central", m)),
                   None)
    if central is None or not isinstance(rows[central].shown(), int | float):
        return None
    prefix = central.removesuffix("central")
    rates = [m.removeprefix(prefix).removesuffix("_low") for m in rows
             if m.startswith(prefix) and m.endswith("_low")]
    ends = {rate: tuple(rows[f"{prefix}{rate}_{end}"].shown() for end in ("low", "high"))
            for rate in rates}
    moving = [rate for rate in rates if abs(height(ends[rate][0]) - height(ends[rate][1]))
              >= 0.005]
    if not moving:
        return None
    year = prefix.removeprefix("level_3_shortfall_").strip("_")
    return Chart(f"{area.area_id}-assumption-tornado",
                 f"{area.name}: which assumption matters ({dated})\nlevel 3 shortfall in "
                 f"{year}, each rate at its low and its high, the others central",
                 "FTE short of the need", "FTE", tuple(moving),
                 (Series("rate at its low value", tuple(ends[r][0] for r in moving)),
                  Series("rate at its high value", tuple(ends[r][1] for r in moving)),
                  Series("every rate central", tuple(rows[central].shown() for _ in moving))),
                 kind="tornado")


def _rows(area) -> dict:
    return {m.metric: m for m in area.metrics}


#: Every chart of an area, in the order the documents show them.
CHARTS: tuple[Callable[..., Chart | None], ...] = (need_coverage, fte_by_band,
                                                   level_3_projection, assumption_tornado)


def area_charts(area, dated: str) -> list[Chart]:
    return [c for build in CHARTS if (c := build(area, dated)) is not None]
