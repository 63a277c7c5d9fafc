"""`workforce report national`: every UK council's (or ICB's, region's, nation's) babies,
need, known teams and teams needed, from the bundled official figures, and the hex map."""

from __future__ import annotations

from pathlib import Path

import click

from commands.context import App, pass_app
from commands.options import OnceCommand
from commands.render import View, csv_of, emit, report_options, say, to_json, to_markdown

LEVEL_NAMES = {"la": "council", "icb": "ICB", "region": "region", "nation": "nation"}
MEASURES = {"teams": "known teams per 10,000 babies under two",
            "unmet": "babies who would benefit in councils with no known team"}
EXPORT_SUFFIXES = (".svg", ".html", ".md", ".csv", ".json")
COLUMNS = ["code", "area", "under 2", "births", "benefit", "at risk", "known", "needed",
           "no known team"]


def _short(name: str) -> str:
    """An ICB's name without the words every ICB's name has."""
    return name.removeprefix("NHS ").removesuffix(" Integrated Care Board")


def _cells(area, coverage: bool) -> list:
    low, high = area.disorganised_low, area.disorganised_high
    cells = [area.place.code, _short(area.place.name), area.place.under_2, area.place.births,
             area.babies_benefiting,
             f"{low:,}–{high:,}" if low is not None and high is not None else "",
             len(area.known_teams), f"{area.teams_needed_low:g}–{area.teams_needed_high:g}",
             area.unmet]
    return [*cells, area.coverage_pct] if coverage else cells


def _views(picture) -> list[View]:
    assumptions = picture.assumptions
    coverage = any(a.coverage_pct is not None for a in picture.totals)
    columns = [*COLUMNS, "coverage %"] if coverage else COLUMNS
    right = {c: "right" for c in columns[2:]}
    caption = (f"Under 2: babies under two at mid-year. Births: a year's births. Benefit: "
               f"babies who would benefit, {assumptions['babies_benefiting']}. At risk: babies "
               f"at risk of disorganised attachment, "
               f"{assumptions['disorganised_attachment_low']} to "
               f"{assumptions['disorganised_attachment_high']}. Known: known teams working in "
               f"the area. Needed: teams needed, "
               f"{assumptions['teams_needed_population']} to "
               f"{assumptions['teams_needed_caseload']}. No known team: babies who would "
               f"benefit living in councils (or the parts of them) where none of the known teams "
               f"works; not a measure of unmet need, since a known team may not reach them all. "
               + ("Coverage: families seen a year by the teams that report it / babies who "
                  "would benefit. " if coverage else "") + " ".join(picture.notes[1:]))
    level = LEVEL_NAMES[picture.by]
    views = [View(f"Every {level}, most babies without a known team first", columns,
                  [_cells(a, coverage) for a in picture.areas], caption=caption,
                  justify=right)]
    if picture.by == "nation":
        views = []
    views.append(View("Totals by nation and for the UK", columns[1:],
                      [_cells(a, coverage)[1:] for a in picture.totals],
                      caption=picture.notes[0] if views else caption + " " + picture.notes[0],
                      justify=right))
    views.append(View(
        "Known teams whose area had to be read, and how they are counted",
        ["team", "area served (survey)", "how it was read"],
        [[t.name, t.areas_served, t.notes] for t in picture.ambiguous],
        name="known teams whose area had to be read",
        empty="every known team's area could be read as given"))
    return views


def _figures(picture) -> View:
    """Every area and total as one row of numbers, for CSV."""
    rows = [a.row() for a in (*picture.areas, *picture.totals)]
    return View("Figures", list(rows[0]), [list(r.values()) for r in rows])


def _payload(picture) -> dict:
    return {"report": {"by": picture.by, "known_teams": picture.teams_label,
                       "notes": picture.notes},
            "areas": [a.row() for a in picture.areas],
            "totals": [a.row() for a in picture.totals],
            "ambiguous_team_mappings": [
                {"team": t.name, "areas_served": t.areas_served, "councils": list(t.councils),
                 "notes": t.notes} for t in picture.ambiguous]}


def map_svg(picture, uk, measure: str) -> str:
    """The hex map of a picture by council or by ICB."""
    from commands.hexmap import Hex, Legend, hex_map

    icb = picture.by == "icb"
    positions = uk.icb_hexes if icb else uk.council_hexes
    hexes = []
    for area in picture.areas:
        value = area.teams_per_10k if measure == "teams" else area.unmet
        column, row = positions[area.place.code]
        attributes = {k: v for k, v in area.row().items() if k not in ("code", "name", "nation")}
        hexes.append(Hex(area.place.code, area.place.name, area.place.nation, column, row,
                         value, attributes, uk.icb_short_names[area.place.code] if icb else ""))
    nations = [n for n in picture.totals[:-1] if not icb or n.place.nation == "England"]
    years = "; ".join(f"{n.place.name} mid-{n.place.year}" for n in nations)
    what = "ICB" if icb else "council"
    mid_years = " and ".join(f"mid-{y}" for y in sorted({n.place.year for n in nations}))
    title = (f"{MEASURES[measure].capitalize()}, by {what}, "
             + (f"England {mid_years}" if icb else f"{mid_years} figures"))
    subtitle = (f"Babies under two: ONS/NRS/NISRA mid-year estimates ({years}). Known teams: "
                f"{picture.teams_label}.")
    legend = Legend(MEASURES[measure], "no known team" if measure == "teams"
                    else "none (a known team works here)",
                    "{:,.2f}" if measure == "teams" else "{:,.0f}")
    notes = ["Hex layouts: Open Innovations (MIT).",
             "Contains public sector information licensed",
             "under the Open Government Licence v3.0."]
    return hex_map(hexes, title, subtitle, legend, notes, size=24.0 if icb else 9.0)


@click.command(cls=OnceCommand)
@click.option("--by", "by", type=click.Choice(list(LEVEL_NAMES)), default="la",
              show_default=True, help="One row per council (la), ICB, region or nation.")
@click.option("--map-measure", type=click.Choice(list(MEASURES)), default="teams",
              show_default=True,
              help="What the map shades: known teams per 10,000 babies under two, or "
                   "babies who would benefit in councils with no known team (unmet).")
@click.option("--teams", "which_teams", type=click.Choice(["survey", "database", "both"]),
              default="survey", show_default=True,
              help="Known teams: the 2023 survey's, your own (teams in the database whose "
                   "area has an ons_code) in their place, or both.")
@report_options
@pass_app
def national(app: App, by, map_measure, which_teams, fmt, output, export) -> None:
    """Every UK area's babies under two, births, need, known teams and teams needed.

    From the bundled ONS, NRS and NISRA figures; no database needed. Areas are sorted by
    babies who would benefit in councils where no known team works, with totals per
    nation and for the UK. Coverage is shown where your own teams report the families
    they see a year. --export FILE writes FILE.svg (the hex map: councils, or ICBs
    with --by icb), .html (tables and map), .md, .csv or .json.
    """
    from workforce.national.figures import load_uk
    from workforce.national.picture import national_picture
    from workforce.national.teams import combine, database_teams, load_known_teams

    if export is not None and export.suffix.lower() not in EXPORT_SUFFIXES:
        raise click.UsageError(f"--export {export}: use a .svg, .html, .md, .csv or .json file")
    ref, uk = app.reference(), load_uk()
    own = database_teams(app.engine(), uk) if which_teams != "survey" else []
    teams, label = combine(load_known_teams(uk), own, which_teams, ref.national_context)
    picture = national_picture(ref, uk, teams, by, label)
    views = _views(picture)
    payload = _payload(picture)
    heading = f"The national picture by {LEVEL_NAMES[by]}"
    tables = [_figures(picture), views[-1]]  # for CSV: every figure, and how teams were read
    emit(payload, tables if fmt == "csv" else views, fmt, output, None, heading)
    if export is None:
        return
    # a region or nation picture is mapped by council
    mapped = picture if by in ("la", "icb") else national_picture(ref, uk, teams, "la", label)
    suffix = export.suffix.lower()
    body = {".json": lambda: to_json(payload), ".csv": lambda: csv_of(tables),
            ".md": lambda: to_markdown(views, heading),
            ".svg": lambda: map_svg(mapped, uk, map_measure),
            ".html": lambda: _html(views, heading, map_svg(mapped, uk, map_measure))}[suffix]()
    from commands.written import write_report

    write_report(Path(export), body)
    say(f"Wrote the national picture to {export}")


def bundled_areas(app: App, councils: tuple[str, ...], icbs: tuple[str, ...]):
    """For `report bid --la/--icb`: the database to report from (the user's, or an empty
    one when there is none yet), the area ids, and the areas it does not hold."""
    from workforce.national.areas import bid_areas
    from workforce.national.figures import load_uk
    from workforce.national.lookup import find
    from workforce.store.db import current_revision, default_db_path, get_engine, migrate

    uk = load_uk()
    places = [find(uk, q, "la") for q in councils] + [find(uk, q, "icb") for q in icbs]
    if app.db_url is None and not default_db_path().exists():
        engine = None  # nothing imported yet: the bundled figures alone
    else:
        engine = app.engine(migrated=False)
        engine = app.engine() if current_revision(engine) is not None else None
    if engine is None:
        engine = get_engine("sqlite://")
        migrate(engine)
    return (engine, *bid_areas(engine, places))


def _html(views, heading: str, svg: str) -> str:
    from commands.render import to_html

    page = to_html(views, heading)
    return page.replace("</h1>", "</h1>\n" + svg, 1) if "</h1>" in page else page
