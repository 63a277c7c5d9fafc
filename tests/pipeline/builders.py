"""Small pipeline instances built in memory: stocks, and rates changed from the bundled ones."""

from __future__ import annotations

import dataclasses

import numpy as np

from workforce.pipeline.flows import Layout
from workforce.pipeline.rates import PipelineRates, Rate, load_pipeline_rates
from workforce.pipeline.stocks import Need, Stocks

START = 2026


def bundled(ref) -> PipelineRates:
    return load_pipeline_rates(ref)


def with_rates(rates: PipelineRates, **values: float) -> PipelineRates:
    """The rates with some fixed at one value (low = central = high)."""
    changed = dict(rates.rates)
    for name, value in values.items():
        changed[name] = Rate(name, value, value, value, "test")
    return dataclasses.replace(rates, rates=changed)


def with_places(rates: PipelineRates, per_level_3_fte: float) -> PipelineRates:
    return dataclasses.replace(rates, levers=dataclasses.replace(
        rates.levers, placements_per_level_3_fte=per_level_3_fte))


def stocks(ref, rates: PipelineRates, cells: dict[tuple[str, int], float],
           need: float = 5.0, trainees: dict[str, tuple[float, ...]] | None = None,
           vacant: dict[str, float] | None = None) -> Stocks:
    """Stocks with FTE in (band, level) cells, funded to the staff in post plus `vacant`
    FTE by band, and no trainees unless given."""
    layout = Layout.of(ref)
    staff = np.zeros(layout.shape())
    for (band, level), fte in cells.items():
        staff[layout.bands.index(band), level] += fte
    establishment = staff.sum(axis=-1)
    for band, fte in (vacant or {}).items():
        establishment[layout.bands.index(band)] += fte
    counts = {name: tuple(0.0 for _ in range(p.years)) for name, p in rates.programmes.items()}
    counts.update(trainees or {})
    return Stocks("X", START, staff, counts, Need(need, {"8b": need, "7": 3.0}),
                  establishment=establishment)
