"""One year of the pipeline's flows, defined once for the projection and the optimiser.

The staff stock is an array of FTE by Agenda for Change band and AiMH level (the last two
axes), held to the area's funded establishment: FTE by band, today's posts plus any new
funded ones. Nobody drifts up a band: a member of staff moves up only by appointment to a
vacant funded post, and qualifiers and recruits join only into vacant funded posts, so no
band ever holds more FTE than it has funded posts.

`year` moves the stock one year on. It is plain array arithmetic, so the same code runs on
float arrays (the projection: a leading axis of Monte Carlo draws) and on arrays of
OR-Tools linear expressions (the investment model: no leading axis). Its two non-linear
steps go through the backend: `least` (the smaller of two amounts: exact in both) and
`fill` (who of a stock a limited capacity reaches, most senior band first: exact for the
projection; for the optimiser, "at most either", which it fills because a higher AiMH
level never hurts).

Order within a year: trainees who finished their last year qualify; leavers go, opening
vacancies; vacancies in the senior bands are filled in part by promoting eligible staff
from the band below (top step first, so a promotion opens a vacancy the step below can
fill); qualifiers who apply take vacant posts at their band; a share of what is still
vacant is recruited, at the AiMH levels the post's band recruits; funded training moves
staff up a level; AiMH progression, level 2 to 3 limited by reflective supervision from
level-3 staff (counted at the start of the year) and funded supervision hours.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from workforce.pipeline.rates import PipelineRates
from workforce.reference import ReferenceData


@dataclass(frozen=True)
class Layout:
    """The axes of the staff stock and where the senior posts start."""

    bands: tuple[str, ...]
    levels: int  # 0 (below level 1) to the framework's top level
    senior_from: int  # index of the first band whose level-3 FTE fills the senior posts

    @classmethod
    def of(cls, ref: ReferenceData) -> Layout:
        bands = tuple(ref.bands.names())
        return cls(bands, ref.framework.top_level + 1,
                   bands.index(ref.service.rules.lead_min_band))

    @property
    def top(self) -> int:
        return self.levels - 1

    def shape(self) -> tuple[int, int]:
        return (len(self.bands), self.levels)


@dataclass(frozen=True)
class YearLevers:
    """What a scenario funds in one year, as the flows take it."""

    trainees: Mapping[str, Any] = field(default_factory=dict)  # starting, by programme
    hours: Any = 0  # bought reflective supervision, hours a week
    training: Mapping[int, Any] = field(default_factory=dict)  # FTE trained, by level


class Backend(Protocol):
    def least(self, a: Any, b: Any) -> Any:
        """The smaller of `a` and `b`."""

    def fill(self, stock: Any, capacity: Any) -> Any:
        """How much of `stock` (by band, the last axis) `capacity` reaches, the most
        senior band first."""

    def settle(self, stock: Any) -> Any:
        """The stock after a year, ready to be the next year's start."""


def cell(x: Any) -> Any:
    """A rate (a number, or one per draw) shaped to multiply a (..., band, level) stock."""
    return np.asarray(x)[..., None, None]


def senior_level_3(stock: Any, layout: Layout) -> Any:
    """Level-3 FTE at the senior posts' bands: who can fill the posts that need level 3."""
    return stock[..., layout.senior_from:, layout.top].sum(axis=-1)


def level_3_total(stock: Any, layout: Layout) -> Any:
    return stock[..., layout.top].sum(axis=-1)


def placement_places(rates: PipelineRates, stock: Any, layout: Layout) -> Any:
    """Trainees the level-3 staff at the start of a year can supervise on placement."""
    return rates.levers.placements_per_level_3_fte * level_3_total(stock, layout)


def recruit_mix(rates: PipelineRates, r: Mapping[str, Any], layout: Layout) -> np.ndarray:
    """The share of a recruit's FTE at each AiMH level, by the band of the post: shape
    (..., bands, levels). The level-2 rate is a share of those not at level 3."""
    rows = []
    for band in layout.bands:
        name = rates.recruit_class[band]
        level_3 = np.asarray(r[f"recruit_level_3_share_{name}"])
        level_2 = (1 - level_3) * np.asarray(r[f"recruit_level_2_share_{name}"])
        shares = [0 * level_2] * layout.levels
        shares[layout.top], shares[layout.top - 1] = level_3, level_2
        shares[1] = 1 - level_3 - level_2
        rows.append(np.stack(np.broadcast_arrays(*shares), axis=-1))
    return np.stack(rows, axis=-2)


def year(backend: Backend, layout: Layout, rates: PipelineRates, stock: Any,
         establishment: Any, cohorts: dict[str, list[Any]], r: Mapping[str, Any],
         levers: YearLevers, baseline: Mapping[str, Any], mix: Any
         ) -> tuple[Any, dict[str, list[Any]]]:
    """One year on. `r` holds each rate (a number, or one per draw); `establishment` the
    funded FTE by band this year; `cohorts` funded trainees by programme and training
    year; `baseline` today's final-year trainees, who qualify again every year; `mix` the
    recruits' levels, `recruit_mix` of the same rates."""
    top, bands = layout.top, layout.bands
    capacity = (r["supervision_hours_per_level_3_fte"] * level_3_total(stock, layout)
                + levers.hours) * (1.0 / r["supervision_hours_per_supervisee"])
    qualified: dict[str, Any] = {}
    moved = {}
    for name, programme in rates.programmes.items():
        qualified[programme.band] = (qualified.get(programme.band, 0) + baseline.get(name, 0)
                                     + cohorts[name][-1])
        moved[name] = [0, *cohorts[name][:-1]]
        start = programme.hosted_year - 1 if programme.kind == "placement" else 0
        moved[name][start] = moved[name][start] + levers.trainees.get(name, 0)
    stock = stock - stock * cell(r["attrition"])
    for step in rates.steps:
        low, high = bands.index(step.low), bands.index(step.high)
        left = r["internal_promotion"] * (establishment[high] - stock[..., high, :].sum(axis=-1))
        for level in range(top, step.min_level - 1, -1):
            taken = backend.least(left, stock[..., low, level])
            stock[..., low, level] -= taken
            stock[..., high, level] += taken
            left = left - taken
    for band, count in qualified.items():
        b = bands.index(band)
        joining = backend.least(r["qualifier_recruitment"] * count,
                                establishment[b] - stock[..., b, :].sum(axis=-1))
        stock[..., b, rates.qualifier_level] += joining
    vacant = establishment - stock.sum(axis=-1)
    stock = stock + (vacant * np.asarray(r["vacancy_refill"])[..., None])[..., None] \
        * mix
    for level in (top - 1, top):
        trained = backend.fill(stock[..., level - 1], r["training_completion"]
                               * levers.training.get(level, 0))
        stock[..., level - 1] -= trained
        stock[..., level] += trained
    supervised = backend.fill(stock[..., top - 1], capacity)
    ups = [stock[..., level] * np.asarray(r[f"aimh_level_{level}_to_{level + 1}"])[..., None]
           for level in range(top - 1)]
    ups.append(supervised * np.asarray(r[f"aimh_level_{top - 1}_to_{top}"])[..., None])
    for level, up in enumerate(ups):
        stock[..., level] -= up
        stock[..., level + 1] += up
    return backend.settle(stock), moved


class Draws:
    """The projection's backend: float arrays with a leading axis of draws."""

    def least(self, a: Any, b: Any) -> Any:
        return np.minimum(a, b)

    def fill(self, stock: np.ndarray, capacity: Any) -> np.ndarray:
        above = np.cumsum(stock[..., ::-1], axis=-1)[..., ::-1] - stock
        return np.clip(np.asarray(capacity)[..., None] - above, 0.0, stock)

    def settle(self, stock: np.ndarray) -> np.ndarray:
        return stock
