"""`workforce init` and `workforce demo`: create the database, and show the tool end to end."""

from __future__ import annotations

from pathlib import Path

import click

from commands import competencies, placements, report
from commands.context import App, pass_app
from commands.options import OnceCommand
from commands.render import View, emit, say


@click.command(cls=OnceCommand)
@pass_app
def init(app: App) -> None:
    """Create the database, or upgrade its schema to this version."""
    from workforce.store.db import get_engine, migrate

    revision = migrate(get_engine(app.url))
    say(f"Database ready at {_where(app.url)} (schema {revision}).")


def _where(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


#: The sample area whose bid report ends the demo.
DEMO_AREA = "A1"


@click.command(cls=OnceCommand)
@click.option("--keep", is_flag=True,
              help="Keep an existing demo database instead of starting afresh.")
@pass_app
def demo(app: App, keep: bool) -> None:
    """Load the fictional sample region into its own demo database and show the main jobs.

    Always uses its own demo database (demo.sqlite beside your real one), never the one
    WORKFORCE_DB names. With --db it uses that database instead, but only if it is empty
    or holds nothing but an earlier demo. Re-running rebuilds the demo database and
    drops the plans saved in it.
    """
    from workforce.errors import UserError
    from workforce.io.sample import clear, load_sample, not_demo_data
    from workforce.store.db import default_db_path, get_engine, migrate, sqlite_path, sqlite_url

    if not app.db_given:
        app.db_url = sqlite_url(default_db_path().with_name("demo.sqlite"))
    engine = get_engine(app.url)
    path = sqlite_path(app.url)
    if path is None or path.exists():
        reason = not_demo_data(engine)
        if reason:
            raise UserError(f"the demo will not use {_where(app.url)}: {reason}. Give --db "
                            "a new or empty database, or leave --db out to use the demo's own")
        if not keep:
            say(f"Rebuilding the demo database {_where(app.url)}: its saved plans are dropped.")
            clear(engine)
    migrate(engine)
    ref = app.reference()
    for result in load_sample(engine, ref):
        say(f"Imported {result.rows:>5} {result.table:<11} from sample/{result.file}")
    say(f"Demo database: {_where(app.url)}\n")
    show_overview(app)
    competencies.demo(app)
    placements.demo(app)
    report.demo(app, DEMO_AREA, (path.parent if path else Path.cwd()) / f"bid-{DEMO_AREA}.svg",
                plan="demo")


def show_overview(app: App) -> None:
    from workforce.store.overview import overview

    ref = app.reference()
    data = overview(app.engine(), ref)
    levels = [0, *ref.framework.level_numbers]
    views = [
        View("Teams by area", ["area", "name", "teams"],
             [[t["area_id"], t["name"], t["teams"]] for t in data.teams],
             justify={"teams": "right"},
             empty="no areas yet: `workforce import areas FILE`, then teams"),
        View(f"Staff by band and recorded AiMH level ({data.staff} people, {data.staff_fte:g} FTE)",
             ["band", *[f"level {lv}" if lv else "none" for lv in levels], "total"],
             [[band, *[counts.get(lv, 0) for lv in levels], sum(counts.values())]
              for band, counts in data.by_band_level.items()],
             justify={c: "right" for c in ["none", "total", *[f"level {lv}" for lv in levels]]},
             empty="no staff yet: `workforce import staff FILE`"),
        View(f"Trainees in cycle {data.cycle or '(none)'}", ["programme", "trainees"],
             [[p, n] for p, n in data.trainees_by_programme.items()],
             justify={"trainees": "right"},
             empty="no trainees in this cycle: `workforce import trainees FILE`"),
    ]
    emit({}, views)


COMMANDS = [init, demo]
