"""`workforce report bid`: the evidence pages of a funding bid, in the terminal and as
files a bid writer attaches."""

from __future__ import annotations

from pathlib import Path

import click

from commands.context import App, pass_app
from commands.render import View, emit, report_options, say, text, to_csv, to_json, to_markdown

EXPORT_SUFFIXES = (".svg", ".html", ".md", ".csv", ".json")
SECTIONS = (("need", "Need"), ("coverage", "Coverage"), ("teams", "Teams needed"),
            ("staffing", "Staffing against the PAIR team standard"),
            ("cost", "Cost of the staffing gap"),
            ("competencies", "AiMH level 2/3 shortfalls"), ("pipeline", "Pipeline"))


@click.group()
def report() -> None:
    """Reports for funding bids: need, coverage, staffing and cost gap, pipeline."""


def _views(bid, suppress: bool) -> list[View]:
    views = []
    for area in bid.areas:
        for section, title in SECTIONS:
            metrics = [m for m in area.metrics if m.section == section
                       and not m.metric.startswith("fte_gap_band_")]
            if not metrics:
                continue
            sources = sorted({m.source for m in metrics if m.source})
            views.append(View(
                f"{area.name} ({area.area_id}): {title}",
                ["figure", "value", "unit", "assumption"],
                [[m.label, _money(m.shown(suppress)) if m.unit.startswith("GBP")
                  else m.shown(suppress), m.unit, m.assumption] for m in metrics],
                caption="Sources: " + "; ".join(sources) if sources else "",
                justify={"value": "right"}))
    return views


def _money(value) -> str:
    return f"£{value:,.0f}" if isinstance(value, int | float) else text(value)


def _charts(bid) -> list:
    from commands.charts import bar_chart

    charts = []
    for area in bid.areas:
        value = {m.metric: m.value for m in area.metrics}
        charts.append(bar_chart(
            f"{area.name}: need against coverage (a year)",
            [("babies who would benefit", value["babies_benefiting"] or 0,
              text(value["babies_benefiting"])),
             ("families seen by current teams", value["families_seen_per_year"] or 0,
              text(value["families_seen_per_year"]))]))
        bars = []
        for line in area.bands:
            if line.needed_fte or line.in_post_fte:
                bars.append((f"band {line.band} needed", line.needed_fte, text(line.needed_fte)))
                bars.append((f"band {line.band} in post", line.in_post_fte,
                             text(line.in_post_fte)))
        charts.append(bar_chart(f"{area.name}: FTE by band, standard against in post", bars,
                                "FTE"))
    return charts


@report.command()
@click.option("--area", "areas", multiple=True, help="Area id (repeat for several).")
@click.option("--all", "all_areas", is_flag=True, help="Every area.")
@click.option("--plan", help="Saved placement plan for the pipeline figures.")
@click.option("--population", type=int, help="Total population of the area (overrides data).")
@click.option("--population-0-2", "population_0_2", type=int,
              help="Babies aged 0-2 in the area (overrides data).")
@click.option("--pay-point", type=click.Choice(["min", "mid", "max"]), default="mid",
              show_default=True, help="Point of each pay band used for cost.")
@click.option("--no-suppress", is_flag=True,
              help="Show counts of people under 5 instead of '<5'.")
@report_options
@pass_app
def bid(app: App, areas, all_areas, plan, population, population_0_2, pay_point, no_suppress,
        fmt, output, export) -> None:
    """Need, coverage, teams and FTE gap, cost and pipeline for AREA(s), for a funding bid.

    --export FILE writes FILE.svg or .html (the terminal report), .md, .csv or .json
    (the figures, one row per metric with unit, assumption and source). Aggregates only:
    no names or ids; counts of people under 5 appear as "<5".
    """
    from workforce.reports.bid import bid_report

    if not areas and not all_areas:
        raise click.UsageError("choose --area AREA (repeatable) or --all")
    if export is not None and export.suffix.lower() not in EXPORT_SUFFIXES:
        raise click.UsageError(f"--export {export}: use a .svg, .html, .md, .csv or .json file")
    result = bid_report(app.engine(), app.reference(), list(areas) or None, plan, population,
                        population_0_2, pay_point)
    suppress = not no_suppress
    payload = result.to_dict(suppress)
    views = _views(result, suppress)
    heading = (f"Funding-bid evidence: {', '.join(a.name for a in result.areas)} "
               f"(pay {result.pay_year}, band {pay_point}point)")
    metrics_view = View("Figures", ["area_id", "section", "metric", "label", "value", "unit",
                                    "assumption", "source"],
                        [list(r.values())[:1] + list(r.values())[2:] for r in payload["metrics"]])
    graphic = export if export is not None and export.suffix.lower() in (".svg", ".html") \
        else None
    emit(payload, views if fmt != "csv" else [metrics_view], fmt, output, graphic, heading,
         extras=_charts(result))
    if export is not None and graphic is None:
        suffix = export.suffix.lower()
        body = {".json": lambda: to_json(payload), ".csv": lambda: to_csv(metrics_view),
                ".md": lambda: to_markdown(views, heading)}[suffix]()
        export.write_text(body, encoding="utf-8")
    if export is not None:
        say(f"Wrote the report to {export}")


def demo(app: App, area_id: str, svg_path: Path, plan: str | None = None) -> None:
    """The bid report for one sample area, in the terminal and as an SVG."""
    ctx = click.get_current_context()
    ctx.invoke(bid, areas=(area_id,), all_areas=False, plan=plan, population=None,
               population_0_2=None, pay_point="mid", no_suppress=False, fmt="table",
               output=None, export=svg_path)


COMMANDS = [report]
