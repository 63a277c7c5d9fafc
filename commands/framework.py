"""`workforce framework show|validate`: the AiMH competency framework the tool is using."""

from __future__ import annotations

import click

from commands.context import App, pass_app
from commands.options import OnceGroup
from commands.render import View, emit, report_options, say


@click.group(cls=OnceGroup)
def framework() -> None:
    """The AiMH infant mental health competency framework (data/aimh_framework.yaml)."""


@framework.command()
@report_options
@click.option("--domain", type=int, help="Show one domain only.")
@pass_app
def show(app: App, fmt: str, output, export, domain: int | None) -> None:
    """List the levels, domains and competencies."""
    fw = app.reference().framework
    comps = [c for c in fw.competencies if domain is None or c.domain == domain]
    payload = {
        "framework": {"name": fw.name, "publisher": fw.publisher, "source": fw.source,
                      "as_of": fw.as_of, "file": str(fw.path)},
        "levels": [{"level": lv.level, "name": lv.name, "description": lv.description}
                   for lv in fw.levels],
        "domains": [{"id": d.id, "name": d.name} for d in fw.domains],
        "competencies": [{"id": c.id, "domain": c.domain, "topic": c.topic,
                          "requires": list(c.requires)} for c in comps],
    }
    views = [
        View("Levels", ["level", "name", "description"],
             [[lv.level, lv.name, lv.description] for lv in fw.levels]),
        View("Competencies", ["id", "domain", "topic", "requires"],
             [[c.id, fw.domain_name(c.domain), c.topic, list(c.requires)] for c in comps],
             caption=fw.note),
    ]
    emit(payload, views, fmt, output, export, heading=fw.name)


@framework.command()
@pass_app
def validate(app: App) -> None:
    """Check every reference data file; exit 2 naming the first problem."""
    ref = app.reference()
    fw = ref.framework
    say(f"{fw.path}: {len(fw.levels)} levels, {len(fw.domains)} domains, "
        f"{len(fw.competencies)} competencies, "
        f"{sum(len(c.requires) for c in fw.competencies)} prerequisites: valid")
    for loaded in (ref.bands, ref.bands.other, ref.service, ref.placement, ref.national_context,
                   ref.disclosure):
        say(f"{loaded.path}: valid (as of {loaded.as_of})")


COMMANDS = [framework]
