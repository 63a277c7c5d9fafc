"""`workforce pipeline project` and `invest`: when an area will have the level-3 staff its
teams need, and what to fund to get there sooner."""

from __future__ import annotations

from pathlib import Path

import click

from commands.context import App, pass_app
from commands.options import OnceGroup
from commands.render import View, emit, report_options, say, text

BAR, RANGE, NEED, WIDTH = "█", "░", "┃", 40


@click.group(cls=OnceGroup)
def pipeline() -> None:
    """Projection of level 2/3 staff, and what to fund to close the level-3 gap."""


def _model_options(func):
    for option in reversed((
        click.option("--area", required=True, help="Area id."),
        click.option("--years", type=click.IntRange(1, 50), default=10, show_default=True,
                     help="Years to project."),
        click.option("--plan", help="Saved placement plan whose trainees in the area are "
                                    "today's trainees (none without it)."),
        click.option("--draws", type=click.IntRange(0, 100_000), default=1000,
                     show_default=True, help="Monte Carlo draws for the range (0: central only)."),
        click.option("--seed", type=int, default=0, show_default=True,
                     help="Seed of the Monte Carlo draws."),
        click.option("--pipeline-rates", "rates_path", envvar="WORKFORCE_PIPELINE_RATES",
                     metavar="PATH", type=click.Path(dir_okay=False),
                     help="Use this pipeline rates YAML instead of the bundled one "
                          "[env: WORKFORCE_PIPELINE_RATES]."),
    )):
        func = option(func)
    return report_options(func)


def _load(app: App, area: str, plan: str | None, rates_path: str | None):
    from workforce.pipeline.rates import load_pipeline_rates
    from workforce.pipeline.stocks import read_stocks

    ref = app.reference()
    rates = load_pipeline_rates(ref, rates_path)
    return ref, rates, read_stocks(app.engine(), ref, rates, area, plan)


@pipeline.command()
@_model_options
@click.option("--scenario", "scenario_path", type=click.Path(dir_okay=False, path_type=Path),
              help="YAML of what is funded: placements, supervisor_hours, posts by year.")
@pass_app
def project(app: App, area, years, plan, draws, seed, rates_path, scenario_path, fmt, output,
            export) -> None:
    """Year by year: level-3 FTE against need with its range, FTE by band and cost, and the
    year the level-3 gap closes."""
    from workforce.pipeline.project import project as run
    from workforce.pipeline.scenario import Scenario, load_scenario

    ref, rates, stocks = _load(app, area, plan, rates_path)
    calendar = range(stocks.start_year + 1, stocks.start_year + years + 1)
    scenario = (load_scenario(scenario_path, ref, rates, calendar) if scenario_path
                else Scenario())
    result = run(ref, rates, stocks, scenario, years, draws, seed)
    _show(result.to_dict(), result, rates, "Projection", fmt, output, export)


@pipeline.command()
@_model_options
@click.option("--budget", type=float, required=True, metavar="GBP_A_YEAR",
              help="What may be spent each year, in pounds.")
@click.option("--save-scenario", type=click.Path(dir_okay=False, path_type=Path),
              help="Save the chosen scenario as YAML for `pipeline project --scenario`.")
@pass_app
def invest(app: App, area, years, plan, draws, seed, rates_path, budget, save_scenario, fmt,
           output, export) -> None:
    """Choose the placements, supervision hours and posts within BUDGET a year that close
    the level-3 gap soonest (least cumulative shortfall), then at least cost."""
    from commands.render import solving
    from workforce.pipeline.invest import invest as run
    from workforce.pipeline.scenario import save_scenario as save

    ref, rates, stocks = _load(app, area, plan, rates_path)
    with solving("Choosing what to fund"):
        result = run(ref, rates, stocks, budget, years, draws, seed)
    views = [_funded_view(result, rates)]
    _show(result.to_dict(), result.projection, rates, "Invest", fmt, output, export, views)
    if save_scenario is not None:
        save(result.scenario, save_scenario)
        if fmt == "table":
            say(f"Saved the scenario to {save_scenario}")


def _show(payload, result, rates, title, fmt, output, export, before=()) -> None:
    columns = ["year", "level-3 FTE", "low (10th)", "high (90th)", "needed", "FTE", "cost £"]
    years = [View(f"{result.area_id}: level-3 FTE against need, by year", columns,
                  [[str(y.year), y.level_3_fte, y.level_3_fte_low, y.level_3_fte_high,
                    y.level_3_fte_needed, round(sum(y.fte_by_band.values()), 2), y.cost]
                   for y in result.years],
                  caption=_caption(result, rates), justify=dict.fromkeys(columns[1:], "right"))]
    bands = _bands(result)
    years.append(View(f"{result.area_id}: FTE by band", ["year", *bands],
                      [[str(y.year), *(y.fte_by_band.get(b, 0.0) for b in bands)]
                       for y in result.years], justify=dict.fromkeys(bands, "right")))
    emit(payload, [*before, *years], fmt, output, export,
         f"Workforce pipeline: {result.area_id} ({title.lower()})", extras=[_chart(result)])


def _bands(result) -> list[str]:
    """Every band any year lists, in band order (the order the projection lists them)."""
    seen: list[str] = []
    for y in result.years:
        seen += [b for b in y.fte_by_band if b not in seen]
    return seen


def _caption(result, rates) -> str:
    assumed = ", ".join(rates.assumptions())
    return (f"Level-3 FTE: AiMH level 3 at the senior posts' bands. The level-3 gap closes "
            f"{result.gap_closes_text()}. Cumulative shortfall "
            f"{text(result.cumulative_level_3_shortfall)} FTE-years. Range: {result.draws:,} "
            f"draws, seed {result.seed}. ASSUMPTION (no published figure): {assumed}.")


def _funded_view(result, rates) -> View:
    rows = []
    scenario = result.scenario
    for when, cost in result.cost_by_year.items():
        items = [f"{n} {rates.programmes[p].label}" for p, n in scenario.intake(when).items()]
        if scenario.hours(when):
            items.append(f"{text(scenario.hours(when))} supervision hours a week")
        items += [f"{text(fte)} FTE new post, band {b}"
                  for b, fte in scenario.new_posts(when).items()]
        rows.append([str(when), "; ".join(items) or "nothing", f"£{cost:,.0f}"])
    return View(f"What to fund (budget £{result.budget:,.0f} a year)",
                ["year", "fund", "spend"], rows, justify={"spend": "right"})


def _chart(result):
    """Level-3 FTE by year: the central path as a bar, the range beyond it, the need."""
    from rich import box
    from rich.table import Table

    top = max(max(y.level_3_fte_high for y in result.years),
              result.years[0].level_3_fte_needed) or 1
    scale = WIDTH / top
    table = Table(title=f"{result.area_id}: level-3 FTE ({BAR} central, {RANGE} range up to "
                        f"the 90th percentile, {NEED} need)", box=box.SIMPLE,
                  show_header=False, title_justify="left")
    table.add_column("year")
    table.add_column("bar", no_wrap=True)
    table.add_column("FTE", justify="right")
    for y in result.years:
        cells = [" "] * (WIDTH + 1)
        central, high = round(y.level_3_fte * scale), round(y.level_3_fte_high * scale)
        for i in range(central):
            cells[i] = BAR
        for i in range(central, high):
            cells[i] = RANGE
        cells[min(WIDTH, round(y.level_3_fte_needed * scale))] = NEED
        table.add_row(str(y.year), "".join(cells).rstrip(), text(y.level_3_fte))
    return table


COMMANDS = [pipeline]
