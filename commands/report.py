"""`workforce report bid`: the evidence pages of a funding bid, in the terminal and as
files a bid writer attaches."""

from __future__ import annotations

from pathlib import Path

import click

from commands.context import App, pass_app
from commands.render import View, emit, report_options, say, text, to_csv, to_json, to_markdown

EXPORT_SUFFIXES = (".svg", ".html", ".md", ".csv", ".json")
TITLES = {"need": "Need", "coverage": "Coverage", "teams": "Teams needed (a range)",
          "staffing": "Staffing against the Greater Manchester example team",
          "cost": "Cost of the staffing gap", "competencies": "AiMH level 2/3 shortfalls",
          "pipeline": "Pipeline"}
CSV_COLUMNS = ["area_id", "area", "section", "metric", "label", "value", "unit", "assumption",
               "source", "suppressed"]


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


def _value(metric):
    shown = metric.shown()
    if metric.unit.startswith("GBP") and isinstance(shown, int | float):
        return f"£{shown:,.0f}"
    return shown


def _views(bid) -> list[View]:
    """The national context; then per area a table per section, figures with their
    assumption and cited source, and the staffing gap as one table by band."""
    sources = _Sources()
    views = [View("National context", ["figure", "value", "unit", "note", "source"],
                  [[m.label, m.value, m.unit, m.assumption, sources.cite(m.source)]
                   for m in bid.context],
                  caption=sources.caption([m.source for m in bid.context]),
                  justify={"value": "right"})]
    for area in bid.areas:
        for section, title in TITLES.items():
            metrics = [m for m in area.metrics if m.section == section and m.band is None]
            if not metrics:
                continue
            rows = [[m.label, _value(m), m.unit, m.assumption, sources.cite(m.source)]
                    for m in metrics]
            views.append(View(f"{area.name} ({area.area_id}): {title}",
                              ["figure", "value", "unit", "assumption", "source"], rows,
                              caption=sources.caption([m.source for m in metrics]),
                              justify={"value": "right"}))
            if section == "staffing":
                views.append(_band_view(area, sources))
    views.append(View("Notes", ["", "note"], [[i, n] for i, n in enumerate(bid.notes, 1)]))
    return views


BAND_COLUMNS = (("need GM", "fte_needed_band_"), ("need PIF", "fte_needed_high_band_"),
                ("in post", "fte_in_post_band_"), ("gap GM", "fte_gap_band_"),
                ("gap PIF", "fte_gap_high_band_"), ("cost GM", "cost_band_"),
                ("cost PIF", "cost_high_band_"))
BAND_TOTALS = ("fte_needed_population", "fte_needed_caseload", "fte_in_post", "fte_gap",
               "fte_gap_high", "cost_total", "cost_total_high")


def _band_view(area, sources: _Sources) -> View:
    """FTE by band at both ends of the range, in post, the gaps and their cost; the last
    row the totals. Every band anyone is in post at is shown, whether the example team
    has a post there or not."""
    banded = [m for m in area.metrics if m.band is not None]
    bands = list(dict.fromkeys(m.band for m in banded))
    by_name = {m.metric: m for m in area.metrics}
    rows = [[f"band {band}", *(_value(by_name[f"{prefix}{band}"]) for _, prefix in BAND_COLUMNS)]
            for band in bands]
    rows.append(["all bands", *(_value(by_name[name]) for name in BAND_TOTALS)])
    columns = ["band", *(label for label, _ in BAND_COLUMNS)]
    return View(f"{area.name} ({area.area_id}): FTE by band, the example team against in post",
                columns, rows, caption="FTE needed, in post and short, and the yearly cost of "
                f"the gap, at GM density (GM) and on the PIF basis (PIF); cost at "
                f"{area.pay_basis}. "
                + sources.caption([m.source for m in banded]),
                justify={c: "right" for c in columns[1:]})


def _bar(label: str, metric) -> tuple:
    """A bar as published: a withheld figure is drawn empty and labelled [c]."""
    shown = metric.shown()
    return (label, shown if isinstance(shown, int | float) else 0, text(shown))


def _charts(bid) -> list:
    from commands.charts import bar_chart

    charts = []
    for area in bid.areas:
        charts.append(bar_chart(
            f"{area.name}: need against coverage (a year)",
            [_bar("babies who would benefit", area.metric("babies_benefiting")),
             _bar("families seen by current teams", area.metric("families_seen_per_year"))]))
        bars = []
        for band in dict.fromkeys(m.band for m in area.metrics if m.band is not None):
            needed, in_post = (area.metric(f"fte_needed_band_{band}"),
                               area.metric(f"fte_in_post_band_{band}"))
            if needed.value or in_post.value:
                bars += [_bar(f"band {band} needed", needed), _bar(f"band {band} in post", in_post)]
        charts.append(bar_chart(f"{area.name}: FTE by band at GM density, the example team "
                                f"against in post", bars, "FTE"))
    return charts


def _percent(name: str, what: str):
    return click.option(f"--{name}", type=click.FloatRange(0, 100), default=0.0,
                        metavar="PCT", show_default=True, help=what)


@report.command()
@click.option("--area", "areas", multiple=True, help="Area id (repeat for several).")
@click.option("--all", "all_areas", is_flag=True, help="Every area, and their total.")
@click.option("--plan", help="Saved placement plan for the pipeline figures.")
@click.option("--population", type=click.IntRange(min=1),
              help="Total population of the one area. Replaces its data; the 0-2 population "
                   "is derived from it unless --population-0-2 is given too.")
@click.option("--population-0-2", "population_0_2", type=click.IntRange(min=1),
              help="Babies under two in the one area. Replaces its data; the total is derived "
                   "from it unless --population is given too.")
@click.option("--births", type=click.IntRange(min=1),
              help="Births a year in the one area (the base of the disorganised-attachment "
                   "range).")
@click.option("--pay-point", type=click.Choice(["min", "mid", "max"]), default="mid",
              show_default=True, help="Point of each pay band used for cost.")
@_percent("pay-uplift", "Raise pay by PCT% for a later pay year than the bands file's.")
@_percent("overhead", "Add PCT% non-pay costs (accommodation, travel, IT) to every cost.")
@click.option("--cost-unitemised-at", "unitemised_band", metavar="BAND",
              help="Cost the 1 FTE the example team's stated total has beyond its listed "
                   "posts at this band (default: not costed).")
@click.option("--no-suppress", is_flag=True,
              help="Show figures about 1 to 4 people instead of withholding them.")
@report_options
@pass_app
def bid(app: App, areas, all_areas, plan, population, population_0_2, births, pay_point,
        pay_uplift, overhead, unitemised_band, no_suppress, fmt, output, export) -> None:
    """Need, coverage, teams and FTE gap, cost and pipeline for AREA(s), for a funding bid.

    --pay-uplift PCT raises pay for a later pay year and --overhead PCT adds non-pay costs;
    both are your assumptions, off by default and named beside every cost. --export FILE
    writes FILE.svg or .html (the terminal report), .md (its tables), .csv or .json (the
    figures, one row per metric with unit, assumption and source). Aggregates only: no
    names or ids; figures about 1 to 4 people, or that would give one away, show as [c].
    """
    from workforce.reports.bid import bid_report
    from workforce.reports.cost import Costing

    if not areas and not all_areas:
        raise click.UsageError("choose --area AREA (repeatable) or --all")
    if areas and all_areas:
        raise click.UsageError("choose --area AREA or --all, not both")
    if export is not None and export.suffix.lower() not in EXPORT_SUFFIXES:
        raise click.UsageError(f"--export {export}: use a .svg, .html, .md, .csv or .json file")
    ref = app.reference()
    if unitemised_band is not None:
        unitemised_band = ref.bands.normalise(unitemised_band) or unitemised_band
    result = bid_report(app.engine(), ref, None if all_areas else list(areas), plan,
                        population, population_0_2, births,
                        Costing(pay_point, pay_uplift, overhead), unitemised_band,
                        not no_suppress)
    payload = result.to_dict()
    views = _views(result)
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
        population_0_2=None, births=None, pay_point="mid", pay_uplift=0.0, overhead=0.0,
        unitemised_band=None, no_suppress=False, fmt="table", output=None, export=svg_path)


COMMANDS = [report]
