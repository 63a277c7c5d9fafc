"""`workforce report bid`: the evidence pages of a funding bid, in the terminal and as
files a bid writer attaches."""

from __future__ import annotations

from pathlib import Path

import click

from commands.context import App, pass_app
from commands.documents.export import SUFFIXES, figures_view, write_charts, write_export
from commands.documents.model import Sources, bid_document, figure
from commands.documents.terminal import extras
from commands.render import View, emit, report_options, say

TITLES = {"need": "Need", "coverage": "Coverage", "teams": "Teams needed",
          "staffing": "Staffing against the PAIR team standard",
          "cost": "Cost of the staffing gap", "competencies": "AiMH level 2/3 shortfalls",
          "pipeline": "Pipeline"}


@click.group()
def report() -> None:
    """Reports for funding bids: need, coverage, staffing and cost gap, pipeline."""


def _views(bid, suppress: bool, sources: Sources) -> list[View]:
    """Per area: a table per section, figures with their assumption and cited source,
    and the staffing gap as one table by band."""
    views = []
    for area in bid.areas:
        for section, title in TITLES.items():
            metrics = [m for m in area.metrics if m.section == section and m.band is None]
            if not metrics:
                continue
            rows = [[m.label, figure(m, suppress), m.unit, m.assumption, sources.cite(m.source)]
                    for m in metrics]
            views.append(View(f"{area.name} ({area.area_id}): {title}",
                              ["figure", "value", "unit", "assumption", "source"], rows,
                              caption=sources.caption([m.source for m in metrics]),
                              justify={"value": "right"}))
            if section == "staffing":
                views.append(_band_view(area, bid, sources))
    return views


def _band_view(area, bid, sources: Sources) -> View:
    banded = [m for m in area.metrics if m.band is not None]
    rows = [[f"band {b.band}", b.needed_fte, b.in_post_fte, b.gap_fte, f"£{b.annual_cost:,.0f}"]
            for b in area.bands]
    rows.append(["all bands", area.value("fte_needed_population"), area.value("fte_in_post"),
                 area.value("fte_gap"), f"£{area.value('cost_total'):,.0f}"])
    columns = ["band", "standard FTE", "in post FTE", "gap FTE", "annual cost of the gap"]
    return View(f"{area.name} ({area.area_id}): FTE by band, standard against in post",
                columns, rows, caption=f"Cost at {bid.pay_basis}. "
                + sources.caption([m.source for m in banded]),
                justify={c: "right" for c in columns[1:]})


@report.command()
@click.option("--area", "areas", multiple=True, help="Area id (repeat for several).")
@click.option("--all", "all_areas", is_flag=True, help="Every area.")
@click.option("--plan", help="Saved placement plan for the pipeline figures.")
@click.option("--population", type=int,
              help="Total population of the one area (replaces its data; the 0-2 population "
                   "is derived from it unless given too).")
@click.option("--population-0-2", "population_0_2", type=int,
              help="Babies aged 0-2 in the one area (replaces its data).")
@click.option("--pay-point", type=click.Choice(["min", "mid", "max"]), default="mid",
              show_default=True, help="Point of each pay band used for cost.")
@click.option("--no-suppress", is_flag=True,
              help="Show figures about fewer than 5 people instead of '<5'.")
@click.option("--charts", "charts_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Also write each chart as its own SVG file in DIR.")
@click.option("--split", is_flag=True,
              help="With several areas, export one file per area (FILE-AREA.docx, ...).")
@click.option("--svg-theme", type=click.Choice(["light", "terminal"]), default="light",
              show_default=True, help="Look of an --export .svg: light for print, or the "
                                      "terminal's dark one.")
@report_options
@pass_app
def bid(app: App, areas, all_areas, plan, population, population_0_2, pay_point, no_suppress,
        charts_dir, split, svg_theme, fmt, output, export) -> None:
    """Need, coverage, teams and FTE gap, cost and pipeline for AREA(s), for a funding bid.

    --export FILE writes a document to attach to a bid: .docx (Word tables and charts),
    .html (one self-contained page for print, charts inline), .svg (the terminal report,
    light), .md (its tables), or .csv and .json (the figures, one row per metric with unit,
    assumption and source). Several areas make one document with a summary table first,
    or with --split one file per area. Aggregates only: no names or ids; figures about
    fewer than 5 people appear as "<5".
    """
    from workforce.reports.bid import bid_report

    if not areas and not all_areas:
        raise click.UsageError("choose --area AREA (repeatable) or --all")
    if export is not None and export.suffix.lower() not in SUFFIXES:
        raise click.UsageError(f"--export {export}: use a .docx, .html, .svg, .md, .csv or "
                               f".json file")
    if split and export is None:
        raise click.UsageError("--split needs --export FILE: it names the files per area")
    result = bid_report(app.engine(), app.reference(), None if all_areas else list(areas),
                        plan, population, population_0_2, pay_point)
    suppress = not no_suppress
    payload = result.to_dict(suppress)
    doc = bid_document(result, suppress, _views)
    heading = f"{doc.title} (pay {result.pay_year}, band {pay_point}point)"
    emit(payload, [figures_view(payload)] if fmt == "csv" else doc.views, fmt, output, None,
         heading, extras=extras(doc))
    if export is not None:
        for path in write_export(result, export, suppress, _views, split, svg_theme):
            say(f"Wrote the bid report to {path}")
    if charts_dir is not None:
        for path in write_charts(doc, charts_dir):
            say(f"Wrote the chart {path}")


def demo(app: App, area_id: str, svg_path: Path, plan: str | None = None) -> None:
    """The bid report for one sample area, in the terminal and as an SVG."""
    click.get_current_context().invoke(
        bid, areas=(area_id,), all_areas=False, plan=plan, population=None,
        population_0_2=None, pay_point="mid", no_suppress=False, charts_dir=None,
        split=False, svg_theme="light", fmt="table", output=None, export=svg_path)


COMMANDS = [report]
