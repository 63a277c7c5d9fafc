"""`workforce competencies ...`: audit AiMH levels, gap reports and progression paths."""

from __future__ import annotations

import datetime as dt

import click

from commands.context import App, pass_app
from commands.options import OnceGroup
from commands.render import View, emit, report_options, say, text, warn

RIGHT = "right"
PARAPHRASES = ("Topics are this tool's paraphrases, not AiMH UK's wording (the official "
               "competency statements are AiMH UK's); the prerequisites ('after') are this "
               "tool's ASSUMPTION, not the framework's.")


@click.group(cls=OnceGroup)
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
    against the definition of a PAIR team, and the interventions it can offer."""
    from workforce.competencies.audit import competency_audit

    ref = app.reference()
    result = competency_audit(app.engine(), ref, team=team, area=area, today=_day(as_of))
    views = [view for t in result.teams for view in audit_views(t, result, ref)]
    emit(result.to_dict(), views, fmt, output, export,
         heading=f"Competency audit as of {result.as_of}",
         empty=f"no teams in area {area}: check the area id (`workforce export areas`)"
         if area else "no teams yet: `workforce import teams FILE`, then staff and attainments")


def floor_text(result) -> str:
    who = "clinical members" if result.floor_clinical_only else "members"
    return (f"The competency floor covers {who} in the roles {', '.join(result.floor_roles)}, "
            f"from the end of an induction period of {result.induction_months} months "
            f"({result.induction_source}).")


def _status(value) -> str:
    return "not recorded" if value is None else text(value)


def audit_views(team, result, ref) -> list[View]:
    """One team's people, then the team against each element of the definition, with the
    findings and interventions beneath."""
    from workforce.competencies.rules import verdict_text

    lapse = result.overdue_reviews == "lapse"
    overdue = [f"{p.staff_id} " + ", ".join(f"{r['competency_id']} level {r['level']} "
                                            f"(due {r['review_due']})" for r in p.overdue)
               for p in team.people if p.overdue]
    notes = []
    if overdue:
        notes.append(("Review overdue, so no longer counted: " if lapse else
                      "Review overdue (still counted: AiMH self-assessment has no expiry): ")
                     + "; ".join(overdue) + ".")
    notes.append(f"* recorded level: itemised evidence does not complete a higher one. "
                 f"next: competencies evidenced of those the next level needs. due: reviews "
                 f"due within {result.review_window_days} days.")
    verdict = verdict_text(team.meets_standard, team.severity, team.unknown, ref, team.unmet)
    people = View(
        f"{team.team_id} {team.name}: {verdict}",
        ["staff", "name", "band", "FTE here", "level", "towards", "next", "overdue", "due",
         "note"],
        [[p.staff_id, p.name, p.band, p.fte,
          f"{p.attained_level}{'' if p.level_source == 'itemised' else '*'}",
          p.working_towards_level,
          f"{p.next_level_evidenced}/{p.next_level_required} level {p.next_level}"
          if p.next_level_evidenced is not None else "",
          p.reviews_overdue or "", len(p.reviews_due_soon) or "",
          f"in induction until {p.induction_until}" if p.induction_until else ""]
         for p in team.people],
        caption="\n".join(notes),
        justify={c: RIGHT for c in ("FTE here", "level", "towards", "next", "overdue", "due")},
        scope={"team": team.team_id}, name="people",
        empty=f"no staff recorded in {team.team_id}: `workforce import staff FILE`")
    offered = "; ".join(f"{i['name']} ({', '.join(s['staff_id'] for s in i['staff'])})"
                        for i in team.interventions) or "none recorded"
    found = "; ".join(f"{f['name']}: {_status(f['value'])}" for f in team.findings)
    definition = View(
        f"{team.team_id} {team.name}: the definition of a PAIR team",
        ["element", "status", "detail"],
        [[r["name"], r["status"].replace("unknown", "not recorded"), r["detail"]]
         for r in team.rules],
        caption=f"Findings, never failures: {found}.\nInterventions the team can offer "
                f"(who is trained): {offered}.\n{floor_text(result)}",
        scope={"team": team.team_id}, name="definition of a PAIR team")
    return [people, definition]


def gap_views(report, ref, team: str | None = None, area: str | None = None) -> list[View]:
    """The teams worst first and the area totals; then FTE by band against the standard, for
    the one team asked about or for each area; then vacancies against each team's funded
    establishment."""
    from workforce.competencies.gaps import against_standard
    from workforce.competencies.rules import verdict_text

    rules = ref.service.rules
    names = ref.service.definition.name
    short = ref.service.definition.rules
    teams = [t for t in report.teams if team is None or t.team_id == team]
    details = [f"{t.team_id}: " + "; ".join(
        part for part in ("fails: " + ", ".join(names(r) for r in t.unmet) if t.unmet else "",
                          "not recorded: " + ", ".join(names(r) for r in t.unknown)
                          if t.unknown else "") if part)
        for t in teams if t.unmet or t.unknown]
    views = [View(
        "Teams, worst first",
        ["team", "area", "verdict", "clinical FTE", "below level 2 FTE", "level 3 lead",
         "level 3 FTE", "not working to level 3", "fails on"],
        [[t.team_id, t.area_id, verdict_text(t.meets_standard, t.severity, t.unknown, ref),
          t.clinical_fte, t.below_level_2_fte,
          f"{t.level_3_lead} {t.level_3_lead_band}" if t.level_3_lead else "none",
          t.level_3_fte, len(t.not_working_towards_level_3),
          "; ".join(f"{short[r].short}: {', '.join(ids)}" for r, ids in t.fails_on.items()
                    if ids)]
         for t in teams],
        caption="\n".join([*details,
                 f"Worst first: teams that do not meet the PAIR team definition (no clinical "
                 f"lead holding level {rules.lead_level}, or not multidisciplinary), then "
                 f"short of level 2 staff, then staff not working towards level 3, then a "
                 f"service element missing; then teams meeting the definition, those with "
                 f"elements not recorded first. Level 3 lead: a clinical "
                 f"{'/'.join(rules.lead_roles)} holding level {rules.lead_level}, with the "
                 f"band shown (most leads are {rules.lead_min_band} or above: a finding, "
                 f"not the test). The competency floor (level "
                 f"{rules.clinical_min_level}, working to level "
                 f"{rules.clinical_working_towards_level}) covers "
                 f"{'clinical members' if rules.floor_clinical_only else 'members'} in the "
                 f"roles {', '.join(rules.floor_roles)}, after an induction period of "
                 f"{rules.induction_months} months ({rules.induction_source}). A shared "
                 f"post counts by its share."]),
        justify={c: RIGHT for c in ("clinical FTE", "below level 2 FTE", "level 3 FTE",
                                    "not working to level 3")},
        empty=f"no teams in area {area}: check the area id (`workforce export areas`), or "
              f"`workforce import teams FILE`" if area else
              "no teams yet: `workforce import teams FILE`, then staff and attainments")]
    if team is None:
        views.append(View(
            "Areas",
            ["area", "teams", "meeting", "no level 3 lead",
             "clinical FTE", "FTE below level 2", "level 3 FTE", "not working to level 3",
             "vacant FTE"],
            [[a.area_id, a.teams, a.teams_meeting_standard,
              a.teams_without_level_3_lead, a.clinical_fte, a.below_level_2_fte, a.level_3_fte,
              a.not_working_towards_level_3, a.vacant_fte] for a in report.areas],
            caption="meeting: teams meeting the definition on what is known. Each person "
                    "counts once in an area, with all their shares in it. Vacant FTE: in teams "
                    "that record a funded establishment.",
            justify={c: RIGHT for c in ("teams", "meeting", "no level 3 lead", "clinical FTE",
                                        "FTE below level 2", "level 3 FTE",
                                        "not working to level 3", "vacant FTE")},
            empty="no areas with teams yet: `workforce import areas FILE` and `workforce "
                  "import teams FILE`"))
    scopes = ([(f"{t.team_id} {t.name}", f"{t.population:,} population, {t.population_basis}"
                if t.population is not None else "an unknown population", t, "team",
                t.team_id) for t in teams] if team is not None else
              [(f"{a.area_id} {a.name}", f"{a.population:,} population" if a.population
                else "an unknown population", a, "area", a.area_id) for a in report.areas])
    for title, scaled, scope, kind, key in scopes:
        views.append(View(
            f"{title}: FTE in post against the Greater Manchester example team for {scaled}",
            ["band", "in post", "example team", "difference"],
            [[b["band"], b["in_post"], 0.0 if b["standard"] is None and
              scope.standard_fte_by_band is not None else b["standard"], b["difference"]]
             for b in against_standard(scope.fte_by_band, scope.standard_fte_by_band)],
            justify={c: RIGHT for c in ("in post", "example team", "difference")},
            scope={kind: key}, name="FTE in post against the example team",
            na="the area's population is not recorded, so the example team cannot be scaled "
               "to it (`workforce import areas FILE` with a population)"))
    views.extend(vacancy_views(teams))
    return views


def vacancy_views(teams) -> list[View]:
    """Each team with a funded establishment: funded, in post and vacant, band by band."""
    columns = ["band", "funded posts", "funded FTE", "in post", "in post FTE", "vacant posts",
               "vacant FTE"]
    return [View(f"{t.team_id} {t.name}: vacancies against its funded establishment",
                 columns,
                 [[b["band"], b["funded_posts"], b["funded_fte"], b["in_post"],
                   b["in_post_fte"], b["vacant_posts"], b["vacant_fte"]]
                  for b in t.establishment],
                 justify={c: RIGHT for c in columns[1:]}, scope={"team": t.team_id},
                 name="vacancies against the funded establishment")
            for t in teams if t.establishment is not None]


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
    emit(payload, gap_views(report, app.reference(), team, area), fmt, output, export,
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
                    s.mentors_in_team, len(s.mentors_in_area)] for s in d["steps"]],
                  scope={"staff": result.staff_id, "domain": d["domain"]}, name="steps")
             for d in result.domains]
    if views:
        views[-1].caption = PARAPHRASES
    emit(result.to_dict(), views, fmt, output, export,
         heading=f"{result.staff_id} {result.name}: {result.needed} competencies to level "
                 f"{result.next_level} (now level {result.attained_level}, "
                 f"{result.level_source})")


@competencies.command()
@click.option("--team", required=True, help="The team to plan for.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]),
              help="Judge induction periods and reviews on this day (default today).")
@report_options
@pass_app
def plan(app: App, team, as_of, fmt, output, export) -> None:
    """The team's training plan: who to train first so the team meets the definition of a
    PAIR team soonest, and the competencies and domains it lacks most, prerequisites first."""
    from workforce.competencies.plan import team_plan

    ref = app.reference()
    result = team_plan(app.engine(), ref, team, today=_day(as_of))
    emit(result.to_dict(), plan_views(result, ref), fmt, output, export,
         heading=f"{result.team_id} {result.name}: training plan as of {result.as_of}")


def plan_views(result, ref) -> list[View]:
    """Who first, then what the team lacks by domain and by competency."""
    definition = ref.service.definition
    why = {**{r: d.short for r, d in definition.rules.items()},
           "induction": "in induction: towards the floor"}
    nothing = ("no one in the team falls short of what the definition asks of them"
               + ("; but the lead post is vacant: appoint a lead holding level 3"
                  if result.lead_vacant else ""))
    scope = {"team": result.team_id}
    people = View(
        "Who to train first",
        ["order", "staff", "name", "profession", "level", "train for", "needs", "rule met",
         "note"],
        [[n, c.staff_id, c.name, ref.service.professions[c.profession].label, c.attained_level,
          f"level {c.next_level}" + (f" (then {c.goal_level})" if c.goal_level > c.next_level
                                     else ""),
          c.needed, why[c.rule],
          f"in induction until {c.induction_until}" if c.induction_until else ""]
         for n, c in enumerate(result.people, start=1)],
        caption="Order: the lead first, then those below level 2, then those not working "
                "towards level 3, then new recruits; within each, whoever needs fewest "
                "competencies reaches their next level soonest. needs: competencies still to "
                "evidence." if result.people else "",
        justify={c: RIGHT for c in ("order", "level", "needs")}, scope=scope, empty=nothing)
    domains = View(
        "Domains the team lacks most",
        ["domain", "name", "competencies lacking"],
        [[d["domain"], d["name"], d["lacking"]] for d in result.domains],
        caption="competencies lacking: added up over the people to train, at the level each "
                "works to next." if result.domains else "",
        justify={"competencies lacking": RIGHT}, scope=scope, empty=nothing)
    competencies_view = View(
        "What to train, in order",
        ["level", "competency", "topic", "domain", "lacked by", "after"],
        [[lack.level, lack.competency_id, lack.topic, lack.domain, ", ".join(lack.staff),
          ", ".join(lack.requires)] for lack in result.competencies],
        caption="Most lacked first, but never before what it requires. " + PARAPHRASES
        if result.competencies else "",
        justify={"level": RIGHT}, scope=scope, empty=nothing)
    return [people, domains, competencies_view]


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
    if done.itemised_level is not None and done.itemised_level < done.recorded_level:
        warn(f"{person}'s itemised attainments complete level {done.itemised_level}, below "
             f"their recorded level {done.recorded_level}, which stands until itemised "
             f"evidence completes a higher level (see `workforce competencies progress "
             f"{person}`).")


def demo(app: App) -> None:
    """The gap report for the demo: the part of the audit a workforce lead reads first."""
    from workforce.competencies.gaps import gap_report

    ref = app.reference()
    report = gap_report(app.engine(), ref)
    emit({}, gap_views(report, ref)[:2], heading=f"AiMH level 2/3 gap report as of {report.as_of}")


COMMANDS = [competencies]
