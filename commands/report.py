"""`workforce report bid`: the evidence pages of a funding bid, in the terminal and as
files a bid writer attaches."""

from __future__ import annotations

from pathlib import Path

import click

from commands.context import App, pass_app
from commands.documents.export import SUFFIXES, figures_view, write_charts, write_export
from commands.documents.model import bid_document
from commands.documents.terminal import extras
from commands.options import OnceGroup
from commands.render import View, emit, report_options, say


@click.group(cls=OnceGroup)
def report() -> None:
    """Reports for funding bids: need, coverage, staffing and cost gap, pipeline."""


def _percent(name: str, what: str):
    return click.option(f"--{name}", type=click.FloatRange(0, 100), default=0.0,
                        metavar="PCT", show_default=True, help=what)


def _bid_options(func):
    """The options that decide a bid report's figures, shared by `bid` and `publish`."""
    options = [
        click.option("--area", "areas", multiple=True, help="Area id (repeat for several)."),
        click.option("--all", "all_areas", is_flag=True, help="Every area, and their total."),
        click.option("--la", "councils", multiple=True, metavar="CODE_OR_NAME",
                     help="Any UK council, by ONS code or name, from the bundled figures: no "
                          "import needed (repeatable)."),
        click.option("--icb", "icbs", multiple=True, metavar="CODE_OR_NAME",
                     help="Any English ICB, by code or name: its councils summed by share "
                          "(repeatable)."),
        click.option("--plan", help="Saved placement plan for the pipeline figures."),
        click.option("--population", type=click.IntRange(min=1),
                     help="Total population of the one area. Replaces its data; the 0-2 "
                          "population is derived from it unless --population-0-2 is given "
                          "too."),
        click.option("--population-0-2", "population_0_2", type=click.IntRange(min=1),
                     help="Babies under two in the one area. Replaces its data; the total is "
                          "derived from it unless --population is given too."),
        click.option("--births", type=click.IntRange(min=1),
                     help="Births a year in the one area (the base of the "
                          "disorganised-attachment range)."),
        click.option("--pay-point", type=click.Choice(["min", "mid", "max"]), default="mid",
                     show_default=True, help="Point of each pay band used for cost."),
        _percent("pay-uplift", "Raise pay by PCT% for a later pay year than the bands file's."),
        _percent("overhead", "Add PCT% non-pay costs (accommodation, travel, IT) to every "
                             "cost."),
        click.option("--cost-unitemised-at", "unitemised_band", metavar="BAND",
                     help="Cost the 1 FTE the example team's stated total has beyond its "
                          "listed posts at this band (default: not costed)."),
        click.option("--scenario", type=click.Path(dir_okay=False, path_type=Path),
                     help="The bid's funded scenario (YAML, as `pipeline invest "
                          "--save-scenario` writes): the one area's level-3 outlook with it "
                          "funded."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _computed(app: App, protect: bool, areas=(), all_areas=False, councils=(), icbs=(),
              plan=None, population=None, population_0_2=None, births=None, pay_point="mid",
              pay_uplift=0.0, overhead=0.0, unitemised_band=None, scenario=None):
    """The bid report the options ask for, worked out from the database (and the bundled
    figures for --la and --icb)."""
    from workforce.economics.cost import Costing
    from workforce.reports.bid import bid_report

    if not areas and not all_areas and not councils and not icbs:
        raise click.UsageError("choose --area AREA (repeatable) or --all, or a council or ICB "
                               "with --la or --icb")
    if areas and all_areas:
        raise click.UsageError("choose --area AREA or --all, not both")
    ref = app.reference()
    if unitemised_band is not None:
        unitemised_band = ref.bands.normalise(unitemised_band) or unitemised_band
    if councils or icbs:
        from commands.national import bundled_areas

        engine, ids, extra = bundled_areas(app, councils, icbs)
        areas = (*areas, *ids)
    else:
        engine, extra = app.engine(), []
    result = bid_report(engine, ref, None if all_areas else list(areas), plan,
                        population, population_0_2, births,
                        Costing(pay_point, pay_uplift, overhead), unitemised_band,
                        protect, extra_areas=extra, scenario=scenario)
    return result


@report.command()
@_bid_options
@click.option("--release", metavar="NAME",
              help="Show the report published as NAME (`workforce report publish`) instead "
                   "of working one out: what a reporter's database role can read.")
@click.option("--no-suppress", is_flag=True,
              help="Unprotected: the true figures about people, without noise, and the "
                   "level-3 projection. For the database's owner; never publish them.")
@click.option("--charts", "charts_dir", metavar="DIR",
              type=click.Path(file_okay=False, path_type=Path),
              help="Also write each chart as its own SVG file in DIR.")
@click.option("--split", is_flag=True,
              help="With several areas, export one file per area (FILE-AREA.docx, ...).")
@click.option("--svg-theme", type=click.Choice(["light", "terminal"]), default="light",
              show_default=True, help="Look of an --export .svg: light for print, or the "
                                      "terminal's dark one.")
@report_options
@pass_app
def bid(app: App, release, no_suppress, charts_dir, split, svg_theme, fmt, output, export,
        **options) -> None:
    """Need, coverage, teams and FTE gap, cost and pipeline for AREA(s), for a funding bid.

    --pay-uplift PCT raises pay for a later pay year and --overhead PCT adds non-pay costs;
    both are your assumptions, off by default and named beside every cost.

    --export FILE writes a document to attach to a bid: .docx (Word tables and charts),
    .html (one self-contained page for print, charts inline), .svg (the terminal report,
    light), .md (its tables), or .csv and .json (the figures, one row per metric with unit,
    assumption and source). Several areas make one document with a summary table first,
    or with --split one file per area. Aggregates only: no names or ids; figures about
    people carry cell key noise, and the level-3 projection (worked out person by person)
    shows as [c].
    """
    if export is not None and export.suffix.lower() not in SUFFIXES:
        raise click.UsageError(f"--export {export}: use a .docx, .html, .svg, .md, .csv or "
                               f".json file")
    if export is not None and not export.parent.is_dir():
        raise click.UsageError(f"--export {export}: no folder {export.parent}")
    if split and export is None:
        raise click.UsageError("--split needs --export FILE: it names the files per area")
    if release is not None:
        result = _published(app, release, no_suppress, options)
    else:
        result = _computed(app, not no_suppress, **options)
    payload = result.to_dict()
    doc = bid_document(result)
    emit(payload, [figures_view(payload)] if fmt == "csv" else doc.views, fmt, output, None,
         f"{doc.title} (pay {result.pay_year}, band {result.pay_point}point)",
         extras=extras(doc))
    if export is not None:
        for path in write_export(result, export, split, svg_theme):
            say(f"Wrote the bid report to {path}")
    if charts_dir is not None:
        for path in write_charts(doc, charts_dir):
            say(f"Wrote the chart {path}")


def _published(app: App, name: str, no_suppress: bool, options: dict):
    """A published report, as it was published: options that would change it are refused."""
    from workforce.reports.bid import BidReport
    from workforce.store.release import read_release

    given = [f"--{k.replace('_', '-')}" for k, v in options.items()
             if v not in (None, (), False, 0.0, "mid")]
    if given or no_suppress:
        raise click.UsageError(f"--release shows a published report as it is: drop "
                               f"{', '.join(given + ['--no-suppress'] * no_suppress)}")
    return BidReport.from_dict(read_release(app.engine(), name).payload)


@report.command()
@click.argument("name")
@_bid_options
@pass_app
def publish(app: App, name: str, **options) -> None:
    """Publish the protected bid report as NAME, for reporters to read.

    Works the report out as `report bid` does with the same options, protected (figures
    about people with cell key noise, the level-3 projection withheld), and stores it in
    the database under NAME, once. A reporter's role (`workforce grant reporter ROLE`)
    reads only published reports: `workforce report bid --release NAME`.
    """
    from workforce.reports.bid import TOTAL
    from workforce.store.release import publish as store

    result = _computed(app, True, **options)
    release = store(app.engine(), name, "bid", result.to_dict())
    areas = ", ".join(a.area_id for a in result.areas if a.area_id != TOTAL)
    say(f"Published the bid report for {areas} as {release.name!r} ({release.published_at} "
        f"by {release.published_by})")


@report.command()
@report_options
@pass_app
def published(app: App, fmt, output, export) -> None:
    """The reports published so far: what a reporter can read."""
    from workforce.store.release import releases

    found = releases(app.engine())
    rows = [{"name": r.name, "kind": r.kind, "published_at": r.published_at,
             "published_by": r.published_by, "areas": r.payload["report"]["areas"]}
            for r in found]
    view = View("Published reports", ["name", "kind", "published_at", "published_by", "areas"],
                [[r["name"], r["kind"], r["published_at"], r["published_by"],
                  ", ".join(r["areas"])] for r in rows],
                empty="nothing published yet: `workforce report publish NAME --all` "
                      "publishes every area's protected report")
    emit({"published": rows}, [view], fmt, output, export, "Published reports")


def demo(app: App, area_id: str, svg_path: Path, plan: str | None = None) -> None:
    """The bid report for one sample area, in the terminal and as an SVG."""
    click.get_current_context().invoke(
        bid, areas=(area_id,), all_areas=False, plan=plan, population=None,
        population_0_2=None, births=None, pay_point="mid", pay_uplift=0.0, overhead=0.0,
        unitemised_band=None, release=None, no_suppress=False, charts_dir=None, split=False,
        svg_theme="light", fmt="table", output=None, export=svg_path)


def _add_national() -> None:
    from commands.national import national

    report.add_command(national)


_add_national()

COMMANDS = [report]
