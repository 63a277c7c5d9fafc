"""`workforce competencies ...`: audit AiMH levels, gap reports and progression paths."""

from __future__ import annotations

import datetime as dt

import click

from commands.context import App, pass_app
from commands.render import View, emit, report_options, say, warn

RIGHT = "right"


@click.group()
def competencies() -> None:
    """Audit AiMH competencies: who holds which level, where teams fall short, what is next."""


def scope_options(func):
    func = click.option("--area", help="Only this area's teams.")(func)
    func = click.option("--team", help="Only this team.")(func)
    func = click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]),
                        help="Judge review dates on this day (default today).")(func)
    return func


def _day(as_of: dt.datetime | None) -> dt.date | None:
    return as_of.date() if as_of else None


@competencies.command()
@scope_options
@report_options
@pass_app
def audit(app: App, team, area, as_of, fmt, output, export) -> None:
    """Each person's attained and working-towards level, progress and reviews; each team
    against the PAIR team standard."""
    from workforce.competencies.audit import competency_audit

    result = competency_audit(app.engine(), app.reference(), team=team, area=area,
                              today=_day(as_of))
    views = [audit_view(t, result.review_window_days) for t in result.teams]
    emit(result.to_dict(), views, fmt, output, export,
         heading=f"Competency audit as of {result.as_of}")


def audit_view(team, window_days: int) -> View:
    """One team's people; lapsed competencies and unmet rules spelled out beneath."""
    lapsed = [f"{p.staff_id} " + ", ".join(f"{r['competency_id']} (L{r['level']})"
                                           for r in p.lapsed)
              for p in team.people if p.lapsed]
    notes = ["Meets the PAIR team standard." if team.meets_standard else
             "Does not meet the standard: " + "; ".join(
                 f"{r['rule']} ({r['detail']})" for r in team.rules if not r["met"]) + "."]
    if lapsed:
        notes.append("Lapsed (review past due, so not attained): " + "; ".join(lapsed) + ".")
    notes.append(f"* recorded level: no itemised attainments. next: competencies evidenced "
                 f"of those the next level needs. due: reviews due within {window_days} days.")
    return View(
        f"{team.team_id} {team.name}",
        ["staff", "name", "band", "FTE", "level", "towards", "next", "lapsed", "due"],
        [[p.staff_id, p.name, p.band, p.fte,
          f"{p.attained_level}{'' if p.level_source == 'itemised' else '*'}",
          p.working_towards_level,
          f"{p.next_level_evidenced}/{p.next_level_required} L{p.next_level}"
          if p.next_level_evidenced is not None else "",
          len(p.lapsed) or "", len(p.reviews_due_soon) or ""] for p in team.people],
        caption="\n".join(notes),
        justify={c: RIGHT for c in ("FTE", "level", "towards", "next", "lapsed", "due")})


#: Short labels for the team rules, to keep the gap table narrow.
RULE_LABELS = {
    "clinical_staff_at_level_2": "L2 floor",
    "clinical_staff_working_towards_level_3": "towards L3",
    "level_3_lead": "L3 lead",
}


def gap_views(report, ref, team: str | None = None) -> list[View]:
    """The teams worst first and the area totals; then FTE by band against the standard, for
    the one team asked about or for each area."""
    from workforce.competencies.gaps import against_standard

    rules = ref.service.rules
    teams = [t for t in report.teams if team is None or t.team_id == team]
    views = [View(
        "Teams, worst first",
        ["team", "area", "clin FTE", "<L2 FTE", "L3 lead", "L3 FTE", "not →L3",
         "unmet rules"],
        [[t.team_id, t.area_id, t.clinical_fte, t.below_level_2_fte,
          f"{t.level_3_lead} {t.level_3_lead_band}" if t.level_3_lead else "NONE",
          t.level_3_fte, len(t.not_working_towards_level_3),
          "; ".join(RULE_LABELS.get(r, r) for r in t.unmet) or "meets all"]
         for t in teams],
        caption=f"<L2: clinical staff under AiMH level {rules.clinical_min_level}. "
                f"L3 lead: a {'/'.join(rules.lead_roles)} at band {rules.lead_min_band} or "
                f"above holding level {rules.lead_level}. not →L3: clinical staff neither "
                f"holding nor working towards level {rules.clinical_working_towards_level}.",
        justify={c: RIGHT for c in ("clin FTE", "<L2 FTE", "L3 FTE", "not →L3")})]
    if team is None:
        views.append(View(
            "Areas",
            ["area", "teams", "meet std", "no L3 lead", "clin FTE", "<L2 FTE", "L3 FTE",
             "not →L3"],
            [[a.area_id, a.teams, a.teams_meeting_standard,
              a.teams_without_level_3_lead, a.clinical_fte, a.below_level_2_fte, a.level_3_fte,
              a.not_working_towards_level_3] for a in report.areas],
            justify={c: RIGHT for c in ("teams", "meet std", "no L3 lead", "clin FTE",
                                        "<L2 FTE", "L3 FTE", "not →L3")}))
    scopes = ([(f"{t.team_id} {t.name}", "its share of its area's population", t)
               for t in teams] if team is not None else
              [(f"{a.area_id} {a.name}", f"{a.population:,} population" if a.population
                else "an unknown population", a) for a in report.areas])
    for title, scaled, scope in scopes:
        views.append(View(
            f"{title}: FTE in post against the Greater Manchester example team for {scaled}",
            ["band", "in post", "example team", "difference"],
            [[b["band"], b["in_post"], b["standard"], b["difference"]]
             for b in against_standard(scope.fte_by_band, scope.standard_fte_by_band)],
            justify={c: RIGHT for c in ("in post", "example team", "difference")}))
    return views


@competencies.command()
@scope_options
@report_options
@pass_app
def gaps(app: App, team, area, as_of, fmt, output, export) -> None:
    """Teams and areas short of AiMH level 2/3 staff, by FTE and band, worst first."""
    from workforce.competencies.gaps import gap_report

    report = gap_report(app.engine(), app.reference(), area=area, today=_day(as_of))
    if team is not None and not any(t.team_id == team for t in report.teams):
        raise click.BadParameter(f"no team {team!r}{' in area ' + area if area else ''}",
                                 param_hint="--team")
    payload = report.to_dict()
    if team is not None:
        payload["teams"] = [t for t in payload["teams"] if t["team_id"] == team]
    emit(payload, gap_views(report, app.reference(), team), fmt, output, export,
         heading=f"AiMH level 2/3 gap report as of {report.as_of}")


@competencies.command()
@click.argument("person")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]),
              help="Judge review dates on this day (default today).")
@report_options
@pass_app
def progress(app: App, person: str, as_of, fmt, output, export) -> None:
    """What PERSON (a staff id) still needs for their next level, prerequisites first, and
    who in their team or area already holds each competency."""
    from workforce.competencies.progress import progress as path

    result = path(app.engine(), app.reference(), person, today=_day(as_of))
    if result.next_level is None:
        say(f"{result.staff_id} {result.name} holds level {result.attained_level}, the top "
            "level of the framework: nothing further to attain.")
        if fmt == "json":
            emit(result.to_dict(), [], fmt, output)
        return
    views = [View(f"Domain {d['domain']}: {d['name']}",
                  ["competency", "topic", "status", "after", "mentors in team",
                   "others in area"],
                  [[s.competency_id, s.topic, s.status.replace("_", " "), s.requires,
                    s.mentors_in_team, len(s.mentors_in_area)] for s in d["steps"]])
             for d in result.domains]
    emit(result.to_dict(), views, fmt, output, export,
         heading=f"{result.staff_id} {result.name}: {result.needed} competencies to level "
                 f"{result.next_level} (now level {result.attained_level}, "
                 f"{result.level_source})")


@competencies.command()
@click.argument("person")
@click.argument("competency")
@click.option("--level", type=int, required=True, help="The framework level (1-3).")
@click.option("--evidenced-on", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="Date of the evidence (YYYY-MM-DD).")
@click.option("--review-due", type=click.DateTime(["%Y-%m-%d"]),
              help="When the evidence is due for review (YYYY-MM-DD).")
@click.option("--assessor", help="Who assessed the evidence.")
@click.option("--working-towards", is_flag=True,
              help="Record the competency as working towards, not achieved.")
@pass_app
def record(app: App, person, competency, level, evidenced_on, review_due, assessor,
           working_towards) -> None:
    """Record that PERSON has achieved (or is working towards) COMPETENCY at a level."""
    from workforce.competencies.record import record_attainment

    done = record_attainment(
        app.engine(), app.reference(), person, competency, level, evidenced_on.date(),
        review_due.date() if review_due else None, assessor,
        "working_towards" if working_towards else "achieved")
    say(f"{done.outcome.capitalize()}: {person} {competency} at level {level}.")
    if done.level_source == "itemised" and done.attained_level < done.recorded_level:
        warn(f"{person} now holds level {done.attained_level} on their itemised attainments, "
             f"below their recorded level {done.recorded_level}: once a person has any, "
             f"their itemised attainments decide their level (see `workforce competencies "
             f"progress {person}`).")


def demo(app: App) -> None:
    """The gap report for the demo: the part of the audit a workforce lead reads first."""
    from workforce.competencies.gaps import gap_report

    ref = app.reference()
    report = gap_report(app.engine(), ref)
    emit({}, gap_views(report, ref)[:2], heading=f"AiMH level 2/3 gap report as of {report.as_of}")


COMMANDS = [competencies]
