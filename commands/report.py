"""`workforce report bid`: the evidence pages of a funding bid, in the terminal and as
files a bid writer attaches."""

from __future__ import annotations

from pathlib import Path

import click

from commands.context import App, pass_app
from commands.render import View, emit, report_options, say, text, to_csv, to_json, to_markdown

EXPORT_SUFFIXES = (".svg", ".html", ".md", ".csv", ".json")
TITLES = {"need": "Need", "coverage": "Coverage", "teams": "Teams needed",
          "staffing": "Staffing against the PAIR team standard",
          "cost": "Cost of the staffing gap", "competencies": "AiMH level 2/3 shortfalls",
          "pipeline": "Pipeline"}
CSV_COLUMNS = ["area_id", "area", "section", "metric", "label", "value", "unit", "assumption",
               "source"]


@click.group()
def report() -> None:
    """Reports for funding bids: need, coverage, staffing and cost gap, pipeline."""


class _Sources:
    """Numbers each source once across the report, so every figure can cite it beside it."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def cite(self, source: str) -> str:
        if not source:
            return ""
        return f"[{self.numbers.setdefault(source, len(self.numbers) + 1)}]"

    def caption(self, sources: list[str]) -> str:
        """The sources of one table, by number: "Sources: [1] ...; [2] ..."."""
        cited = sorted({self.cite(s): s for s in sources if s}.items(),
                       key=lambda item: int(item[0][1:-1]))
        return "Sources: " + "; ".join(f"{n} {s}" for n, s in cited) if cited else ""


def _value(metric, suppress: bool):
    shown = metric.shown(suppress)
    if metric.unit.startswith("GBP") and isinstance(shown, int | float):
        return f"£{shown:,.0f}"
    return shown


def _views(bid, suppress: bool) -> list[View]:
    """Per area: a table per section, figures with their assumption and cited source,
    and the staffing gap as one table by band."""
    sources = _Sources()
    views = []
    for area in bid.areas:
        for section, title in TITLES.items():
            metrics = [m for m in area.metrics if m.section == section and m.band is None]
            if not metrics:
                continue
            rows = [[m.label, _value(m, suppress), m.unit, m.assumption, sources.cite(m.source)]
                    for m in metrics]
            views.append(View(f"{area.name} ({area.area_id}): {title}",
                              ["figure", "value", "unit", "assumption", "source"], rows,
                              caption=sources.caption([m.source for m in metrics]),
                              justify={"value": "right"}))
            if section == "staffing":
                views.append(_band_view(area, bid, sources))
    return views


def _band_view(area, bid, sources: _Sources) -> View:
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


def _charts(bid) -> list:
    from commands.charts import bar_chart

    charts = []
    for area in bid.areas:
        need, seen = area.value("babies_benefiting"), area.value("families_seen_per_year")
        charts.append(bar_chart(
            f"{area.name}: need against coverage (a year)",
            [("babies who would benefit", need or 0, text(need)),
             ("families seen by current teams", seen or 0, text(seen))]))
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
@click.option("--la", "councils", multiple=True, metavar="CODE_OR_NAME",
              help="Any UK council, by ONS code or name, from the bundled figures: no import "
                   "needed (repeatable).")
@click.option("--icb", "icbs", multiple=True, metavar="CODE_OR_NAME",
              help="Any English ICB, by code or name: its councils summed by share "
                   "(repeatable).")
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
@report_options
@pass_app
def bid(app: App, areas, all_areas, plan, population, population_0_2, pay_point, no_suppress,
        fmt, output, export, councils=(), icbs=()) -> None:
    """Need, coverage, teams and FTE gap, cost and pipeline for AREA(s), for a funding bid.

    --export FILE writes FILE.svg or .html (the terminal report), .md (its tables), .csv or
    .json (the figures, one row per metric with unit, assumption and source). Aggregates
    only: no names or ids; figures about fewer than 5 people appear as "<5".
    """
    from workforce.reports.bid import bid_report

    if not areas and not all_areas and not councils and not icbs:
        raise click.UsageError("choose --area AREA (repeatable) or --all, or a council or ICB "
                               "with --la or --icb")
    if export is not None and export.suffix.lower() not in EXPORT_SUFFIXES:
        raise click.UsageError(f"--export {export}: use a .svg, .html, .md, .csv or .json file")
    if councils or icbs:
        from commands.national import bundled_areas

        engine, ids, extra = bundled_areas(app, councils, icbs)
        areas = (*areas, *ids)
    else:
        engine, extra = app.engine(), []
    result = bid_report(engine, app.reference(), None if all_areas else list(areas),
                        plan, population, population_0_2, pay_point, extra_areas=extra)
    suppress = not no_suppress
    payload = result.to_dict(suppress)
    views = _views(result, suppress)
    heading = (f"Funding-bid evidence: {', '.join(a.name for a in result.areas)} "
               f"(pay {result.pay_year}, band {pay_point}point)")
    figures = View("Figures", CSV_COLUMNS, [[r[c] for c in CSV_COLUMNS]
                                            for r in payload["metrics"]])
    suffix = export.suffix.lower() if export is not None else ""
    graphic = export if suffix in (".svg", ".html") else None
    emit(payload, [figures] if fmt == "csv" else views, fmt, output, graphic, heading,
         extras=_charts(result))
    if suffix in (".json", ".csv", ".md"):
        body = {".json": lambda: to_json(payload), ".csv": lambda: to_csv(figures),
                ".md": lambda: to_markdown(views, heading)}[suffix]()
        export.write_text(body, encoding="utf-8")
    if export is not None:
        say(f"Wrote the bid report to {export}")


def demo(app: App, area_id: str, svg_path: Path, plan: str | None = None) -> None:
    """The bid report for one sample area, in the terminal and as an SVG."""
    click.get_current_context().invoke(
        bid, areas=(area_id,), all_areas=False, plan=plan, population=None,
        population_0_2=None, pay_point="mid", no_suppress=False, fmt="table", output=None,
        export=svg_path)


def _add_national() -> None:
    from commands.national import national

    report.add_command(national)


_add_national()

COMMANDS = [report]
