"""`workforce pipeline project` and `invest`: when an area will have the level-3 staff its
teams need, and what to fund to get there sooner."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from commands.context import App, pass_app
from commands.options import OnceGroup
from commands.render import View, emit, report_options, say, text

BAR, RANGE, NEED, WIDTH = "█", "░", "┃", 40
#: Funded FTE this far above the staff in post shows beside them, as posts left vacant.
VACANT = 0.1


@click.group(cls=OnceGroup)
def pipeline() -> None:
    """Projection of level 2/3 staff, and what to fund to close the level-3 gap."""


def _model_options(func):
    for option in reversed((
        click.option("--area", "areas", multiple=True,
                     help="Area id (repeat to project several areas together)."),
        click.option("--la", "councils", multiple=True, metavar="CODE_OR_NAME",
                     help="A UK council, by ONS code or name (repeatable): the areas of the "
                          "database with its code, else its bundled population alone."),
        click.option("--icb", "icbs", multiple=True, metavar="CODE_OR_NAME",
                     help="An English ICB, by code or name (repeatable), as --la."),
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


def _load(app: App, areas, councils, icbs, plan: str | None, rates_path: str | None):
    """The reference data, the rates and the stocks of every place asked for, summed."""
    from workforce.pipeline.rates import load_pipeline_rates
    from workforce.pipeline.stocks import combined, read_stocks

    if not areas and not councils and not icbs:
        raise click.UsageError("choose --area AREA, --la COUNCIL or --icb ICB (each "
                               "repeatable: the places are projected together)")
    ref = app.reference()
    rates = load_pipeline_rates(ref, rates_path)
    engine, ids = app.engine(), list(dict.fromkeys(areas))
    parts = [read_stocks(engine, ref, rates, i, plan) for i in ids]
    names = list(ids)
    if councils or icbs:
        for name, stocks in _places(engine, ref, rates, councils, icbs, plan, ids):
            names.append(name)
            parts.append(stocks)
    return ref, rates, combined(parts, "+".join(names))


def _places(engine, ref, rates, councils, icbs, plan, taken: list[str]):
    """Each council or ICB from the bundled figures, as (name, stocks): the database's areas
    with its ONS code or an ICB's councils' codes (their staff, posts and trainees), with
    the place's own need; a place with none of them, its need alone."""
    from sqlalchemy import select
    from sqlmodel import Session

    from workforce.economics.need import population_of
    from workforce.national.areas import filled
    from workforce.national.figures import load_uk
    from workforce.national.lookup import find
    from workforce.national.picture import members
    from workforce.pipeline.stocks import combined, need_of, place_stocks, read_stocks
    from workforce.store.models import Area

    uk = load_uk()
    places = [find(uk, q, "la") for q in councils] + [find(uk, q, "icb") for q in icbs]
    for place in places:
        codes = {place.code, *(code for code, _ in members(uk, place))}
        with Session(engine) as session:
            held = list(session.scalars(select(Area.area_id).where(Area.ons_code.in_(codes))
                                        .order_by(Area.area_id)))
        twice = [i for i in held if i in taken]
        if twice:
            raise click.UsageError(f"area {twice[0]} is in {place.label} too: give it once")
        taken += held
        area = Area(area_id=place.code, name=place.name, ons_code=place.code,
                    **filled({"ons_code": place.code}))
        if not held:
            yield place.code, place_stocks(ref, rates, area)
            continue
        stocks = combined([read_stocks(engine, ref, rates, i, plan) for i in held], place.code)
        note = (f"{place.label}: the database's areas {', '.join(held)} with the place's own "
                f"need")
        yield place.code, dataclasses.replace(
            stocks, need=need_of(ref, population_of(area, ref)), notes=(*stocks.notes, note))


@pipeline.command()
@_model_options
@click.option("--scenario", "scenario_path", type=click.Path(dir_okay=False, path_type=Path),
              help="YAML of what is funded by year: posts, supervisor_hours, training, "
                   "recruit_to_train, placements.")
@pass_app
def project(app: App, areas, councils, icbs, years, plan, draws, seed, rates_path,
            scenario_path, fmt, output, export) -> None:
    """Year by year: level-3 FTE against need with its range, FTE in post and funded by
    band, cost, the year the level-3 gap closes, and which assumption moves the last
    year's shortfall most."""
    from workforce.pipeline.project import project as run
    from workforce.pipeline.scenario import Scenario, load_scenario
    from workforce.pipeline.sensitivity import sensitivity

    ref, rates, stocks = _load(app, areas, councils, icbs, plan, rates_path)
    calendar = range(stocks.start_year + 1, stocks.start_year + years + 1)
    scenario = (load_scenario(scenario_path, ref, rates, calendar) if scenario_path
                else Scenario())
    result = run(ref, rates, stocks, scenario, years, draws, seed)
    swings = sensitivity(ref, rates, stocks, scenario, years)
    _show({**result.to_dict(), "sensitivity": swings.to_dict(), "notes": list(stocks.notes)},
          result, rates, "Projection", fmt, output, export, after=[_swings_view(swings)],
          notes=stocks.notes)


@pipeline.command()
@_model_options
@click.option("--budget", type=float, required=True, metavar="GBP_A_YEAR",
              help="What may be spent each year, in pounds.")
@click.option("--save-scenario", type=click.Path(dir_okay=False, path_type=Path),
              help="Save the chosen scenario as YAML for `pipeline project --scenario`.")
@pass_app
def invest(app: App, areas, councils, icbs, years, plan, draws, seed, rates_path, budget,
           save_scenario, fmt, output, export) -> None:
    """Choose what to fund within BUDGET a year (new posts by band, supervision hours,
    backfilled AiMH training, recruit-to-train posts, hosted placements) that closes the
    level-3 gap soonest (least cumulative shortfall), then at least cost."""
    from commands.render import solving
    from workforce.pipeline.invest import invest as run
    from workforce.pipeline.scenario import save_scenario as save

    ref, rates, stocks = _load(app, areas, councils, icbs, plan, rates_path)
    with solving("Choosing what to fund"):
        result = run(ref, rates, stocks, budget, years, draws, seed)
    views = [_funded_view(result, rates)]
    _show({**result.to_dict(), "notes": list(stocks.notes)}, result.projection, rates,
          "Invest", fmt, output, export, views, notes=stocks.notes)
    if save_scenario is not None:
        save(result.scenario, save_scenario)
        if fmt == "table":
            say(f"Saved the scenario to {save_scenario}")


def _show(payload, result, rates, title, fmt, output, export, before=(), after=(),
          notes=()) -> None:
    columns = ["year", "level-3 FTE", "low (10th)", "high (90th)", "needed", "FTE",
               "funded", "cost £"]
    years = [View(f"{result.area_id}: level-3 FTE against need, by year", columns,
                  [[str(y.year), y.level_3_fte, y.level_3_fte_low, y.level_3_fte_high,
                    y.level_3_fte_needed, round(sum(y.fte_by_band.values()), 2),
                    round(sum(y.funded_fte_by_band.values()), 2), y.cost]
                   for y in result.years],
                  caption=_caption(result, rates, notes),
                  justify=dict.fromkeys(columns[1:], "right"))]
    bands = _bands(result)
    years.append(View(f"{result.area_id}: FTE in post by band (funded FTE in brackets "
                      f"where {VACANT:g} FTE or more is vacant)", ["year", *bands],
                      [[str(y.year), *(_in_post(y, b) for b in bands)]
                       for y in result.years], justify=dict.fromkeys(bands, "right")))
    emit(payload, [*before, *years, *after], fmt, output, export,
         f"Workforce pipeline: {result.area_id} ({title.lower()})", extras=[_chart(result)])


def _in_post(y, band: str) -> str:
    fte, funded = y.fte_by_band.get(band, 0.0), y.funded_fte_by_band.get(band, 0.0)
    return text(fte) if funded - fte < VACANT else f"{text(fte)} ({text(funded)})"


def _swings_view(swings) -> View:
    columns = ["rate", "low", "high", "short at low", "short at high", "swing"]
    return View(f"Which assumption matters: level-3 shortfall in {swings.year} with each "
                f"rate at its low and high, the others central",
                columns, [[s.rate + ("" if s.assumed else " (sourced)"), s.low_value,
                           s.high_value, s.shortfall_at_low, s.shortfall_at_high, s.swing]
                          for s in swings.swings],
                caption=f"Shortfall in {swings.year} with every rate central: "
                        f"{text(swings.central)} FTE. Largest swing first.",
                justify=dict.fromkeys(columns[1:], "right"))


def _bands(result) -> list[str]:
    """Every band any year lists, in band order (the order the projection lists them)."""
    seen: list[str] = []
    for y in result.years:
        seen += [b for b in y.fte_by_band if b not in seen]
    return seen


def _caption(result, rates, notes=()) -> str:
    assumed = ", ".join(rates.assumptions())
    said = "".join(f" Note: {n}." for n in notes)
    return (f"Level-3 FTE: AiMH level 3 at the senior posts' bands. Staff move up a band "
            f"only into a vacant funded post; funded FTE is the establishment (recorded, "
            f"else staff in post) plus new posts. The level-3 gap closes "
            f"{result.gap_closes_text()}. Cumulative shortfall "
            f"{text(result.cumulative_level_3_shortfall)} FTE-years. Range: {result.draws:,} "
            f"draws, seed {result.seed}. ASSUMPTION (no published figure): {assumed}.{said}")


def _funded_view(result, rates) -> View:
    rows = []
    scenario = result.scenario
    for when, cost in result.cost_by_year.items():
        items = [f"{text(fte)} FTE new post, band {b}"
                 for b, fte in scenario.new_posts(when).items()]
        if scenario.hours(when):
            items.append(f"{text(scenario.hours(when))} supervision hours a week")
        items += [f"level {level} training for {text(fte)} FTE"
                  for level, fte in scenario.trained(when).items()]
        items += [f"{n} recruit-to-train post{'s' if n > 1 else ''}, "
                  f"{rates.programmes[p].label}"
                  for p, n in scenario.recruit_to_train.get(when, {}).items()]
        items += [f"host {n} {rates.programmes[p].label} placement{'s' if n > 1 else ''}"
                  for p, n in scenario.placements.get(when, {}).items()]
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
