"""One year of the pipeline's flows, defined once for the projection and the optimiser.

The staff stock is an array of FTE by profession group, band and AiMH level (the last
three axes); trainees are counts by programme and training year. `year` moves them one
year on. It is written in plain array arithmetic so the same code runs on float arrays
(the projection: a leading axis of Monte Carlo draws) and on arrays of OR-Tools linear
expressions (the investment model: no leading axis). The only step that is not linear,
how many FTE at level 2 can be in reflective supervision, goes through the backend's
`fill`, so each side states it in its own terms.

Order within a year: trainees who finished their last year join the staff; leavers go and
part of their FTE is refilled; band progression; AiMH progression (level 2 to 3 limited
by reflective supervision from level-3 staff, counted at the start of the year); funded
posts are filled.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from workforce.pipeline.rates import PipelineRates
from workforce.reference import ReferenceData

#: Band progression the model follows: from band, to band, the rate that moves FTE.
BAND_STEPS = (("7", "8a", "band_7_to_8a"), ("8a", "8b", "band_8a_to_8b"))


@dataclass(frozen=True)
class Layout:
    """The axes of the staff stock and where the senior posts start."""

    groups: tuple[str, ...]
    bands: tuple[str, ...]
    levels: int  # 0 (below level 1) to the framework's top level
    senior_from: int  # index of the first band whose level-3 FTE fills the senior posts

    @classmethod
    def of(cls, ref: ReferenceData, rates: PipelineRates) -> Layout:
        bands = tuple(ref.bands.names())
        return cls(rates.groups, bands, ref.framework.top_level + 1,
                   bands.index(ref.service.rules.lead_min_band))

    @property
    def top(self) -> int:
        return self.levels - 1

    def shape(self) -> tuple[int, int, int]:
        return (len(self.groups), len(self.bands), self.levels)


class Backend(Protocol):
    def fill(self, level_2: Any, capacity: Any, layout: Layout) -> Any:
        """FTE at level 2 (by group and band) that reflective supervision of `capacity`
        FTE can take: the most senior bands first."""

    def settle(self, stock: Any) -> Any:
        """The stock after a year, ready to be the next year's start."""


def total(x: Any) -> Any:
    """Sum over group and band (the last two axes), keeping them as size 1."""
    return x.sum(axis=(-2, -1), keepdims=True)


def senior_level_3(stock: Any, layout: Layout) -> Any:
    """Level-3 FTE at the senior posts' bands: who can fill the posts that need level 3."""
    return stock[..., :, layout.senior_from:, layout.top].sum(axis=(-2, -1))


def on_placement(rates: PipelineRates, placements: Mapping[int, Mapping[str, Any]],
                 when: int) -> dict[str, Any]:
    """Funded trainees in training in year `when`, by programme: every cohort funded to
    start in the programme's last `years` years."""
    return {name: sum((placements.get(start, {}).get(name, 0)
                       for start in range(when - programme.years + 1, when + 1)), 0)
            for name, programme in rates.programmes.items()}


def placement_places(rates: PipelineRates, stock: Any, layout: Layout) -> Any:
    """Trainees the level-3 staff at the start of a year can supervise on placement."""
    return rates.costs.placements_per_level_3_fte * total(stock[..., layout.top])


def recruit_mix(r: Mapping[str, Any], layout: Layout) -> Any:
    """The share of a recruit's FTE at each AiMH level: the scarce level 2/3, the rest at 1."""
    level_3, level_2 = r["recruit_level_3_share"], r["recruit_level_2_share"]
    shares = [0 * level_2] * layout.levels
    shares[layout.top], shares[layout.top - 1] = level_3, level_2
    shares[1] = 1 - level_3 - level_2
    return np.stack(shares, axis=-1)  # (..., 1, 1, levels)


def year(backend: Backend, layout: Layout, rates: PipelineRates, stock: Any,
         cohorts: dict[str, list[Any]], r: Mapping[str, Any], intake: Mapping[str, Any],
         posts: Mapping[str, Any], hours: Any) -> tuple[Any, dict[str, list[Any]]]:
    """One year on: `r` holds each rate (shape (..., 1, 1)); `intake` trainees starting
    each programme, `posts` funded FTE by band and `hours` funded supervision hours a week,
    all for this year."""
    top = layout.top
    capacity = (1.0 / r["supervision_hours_per_supervisee"]) * (
        r["supervision_hours_per_level_3_fte"] * total(stock[..., top]) + hours)
    stock = stock.copy()
    moved = {}
    for name, programme in rates.programmes.items():
        qualified = cohorts[name][-1]
        moved[name] = [intake.get(name, 0), *cohorts[name][:-1]]
        g, b = layout.groups.index(programme.group), layout.bands.index(programme.band)
        stock[..., g, b, rates.qualifier_level] += (r["qualifier_recruitment"] * qualified)[
            ..., 0, 0]
    mix = recruit_mix(r, layout)
    leavers = stock * r["attrition"][..., None]
    refilled = leavers.sum(axis=-1) * r["vacancy_refill"]
    stock = stock - leavers + refilled[..., None] * mix
    for low, high, rate in BAND_STEPS:
        b_low, b_high = layout.bands.index(low), layout.bands.index(high)
        step = stock[..., :, b_low, :] * r[rate]
        stock[..., :, b_low, :] -= step
        stock[..., :, b_high, :] += step
    supervised = backend.fill(stock[..., top - 1], capacity, layout)
    ups = [stock[..., level] * r[f"aimh_level_{level}_to_{level + 1}"]
           for level in range(top - 1)]
    ups.append(supervised * r[f"aimh_level_{top - 1}_to_{top}"])
    for level, up in enumerate(ups):
        stock[..., level] -= up
        stock[..., level + 1] += up
    g = layout.groups.index(rates.costs.post_group)
    for band, fte in posts.items():
        stock[..., g, layout.bands.index(band), :] += (mix * fte)[..., 0, 0, :]
    return backend.settle(stock), moved


class Draws:
    """The projection's backend: float arrays with a leading axis of draws."""

    def fill(self, level_2: np.ndarray, capacity: np.ndarray, layout: Layout) -> np.ndarray:
        by_band = level_2.sum(axis=-2)  # (draws, bands)
        above = np.cumsum(by_band[..., ::-1], axis=-1)[..., ::-1] - by_band
        taken = np.clip(capacity[..., 0] - above, 0.0, by_band)
        share = np.divide(level_2, by_band[..., None, :], out=np.zeros_like(level_2),
                          where=by_band[..., None, :] > 0)
        return share * taken[..., None, :]

    def settle(self, stock: np.ndarray) -> np.ndarray:
        return stock
