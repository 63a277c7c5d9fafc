"""The workforce projection over a national instance: every area of England-sized PAIR
provision, 10 years, 1,000 Monte Carlo draws, timed against a single-draw (central only)
run of the same areas in the same process.

150 areas of 400,000-2,500,000 people, each with 5-60 FTE of staff spread over bands and
AiMH levels, a funded establishment with some vacant posts, and a few trainees. The stocks
are built in memory (reading them from the database is the gap report's work, benchmarked
in bench_competencies.py).

Run: python benchmarks/bench_pipeline.py [--quick]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workforce.economics.need import Population  # noqa: E402
from workforce.pipeline.flows import Layout  # noqa: E402
from workforce.pipeline.project import project  # noqa: E402
from workforce.pipeline.rates import PipelineRates, load_pipeline_rates  # noqa: E402
from workforce.pipeline.scenario import Scenario  # noqa: E402
from workforce.pipeline.stocks import Stocks, need_of  # noqa: E402
from workforce.reference import ReferenceData, load_reference  # noqa: E402

BANDS = ("3", "4", "5", "6", "7", "8a", "8b", "8c", "8d")


def national(ref: ReferenceData, rates: PipelineRates, areas: int = 150,
             seed: int = 5) -> list[Stocks]:
    """`areas` areas with random but plausible stocks, reproducibly."""
    rng = np.random.default_rng(seed)
    layout = Layout.of(ref)
    out = []
    for a in range(areas):
        staff = np.zeros(layout.shape())
        for _ in range(rng.integers(8, 60)):
            b = layout.bands.index(BANDS[rng.integers(len(BANDS))])
            staff[b, rng.integers(layout.levels)] += rng.choice([0.4, 0.6, 0.8, 1.0])
        vacant = rng.choice([0.0, 0.0, 0.6, 1.0], size=len(layout.bands))
        trainees = {name: tuple(float(rng.integers(0, 3)) for _ in range(p.years))
                    for name, p in rates.programmes.items()}
        total = int(rng.integers(400_000, 2_500_000))
        population = Population(total, round(total * ref.service.need.population_0_2_share),
                                None, given=True)
        out.append(Stocks(f"E{a:03d}", 2026, staff, trainees, need_of(ref, population),
                          establishment=staff.sum(axis=-1) + vacant))
    return out


def run(ref: ReferenceData, rates: PipelineRates, areas: list[Stocks], years: int,
        draws: int) -> tuple[float, int]:
    """Seconds to project every area, and how many areas close their gap centrally."""
    start = time.perf_counter()
    closed = sum(project(ref, rates, stocks, Scenario(), years, draws, seed=1)
                 .gap_closes["central"] is not None for stocks in areas)
    return time.perf_counter() - start, closed


def main(quick: bool = False) -> None:
    ref = load_reference()
    rates = load_pipeline_rates(ref)
    count, years, draws = (20, 10, 200) if quick else (150, 10, 1000)
    areas = national(ref, rates, count)
    single, closed_single = run(ref, rates, areas, years, 0)
    monte_carlo, closed = run(ref, rates, areas, years, draws)
    assert closed == closed_single  # the central path is draw 0 either way
    print(f"{count} areas x {years} years: single draw {single:.2f} s; "
          f"{draws:,} draws {monte_carlo:.2f} s ({monte_carlo / single:.0f}x the single draw, "
          f"{monte_carlo / count * 1000:.0f} ms an area); {closed} areas close the level-3 "
          f"gap within {years} years")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
