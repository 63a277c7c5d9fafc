"""`workforce placements ...`: plan trainee placements under supervision capacity."""

from __future__ import annotations

import json
import signal
import threading
from dataclasses import asdict

import click

from commands.context import App, pass_app
from commands.options import OnceGroup
from commands.render import View, emit, report_options, say, solving, warn

RIGHT = "right"


@click.group(cls=OnceGroup)
def placements() -> None:
    """Place this cycle's trainees with supervisors who can take them, and explain why."""


def _pair(text: str) -> tuple[str, str]:
    parts = text.split(":")
    if len(parts) != 2 or not all(parts):
        raise click.BadParameter(f"{text!r}: use TRAINEE:TRAINEE, e.g. R01:R02")
    return parts[0], parts[1]


def _assignment_rows(assignments) -> list[dict]:
    return [{"trainee_id": a.trainee_id, "team_id": a.team_id, "supervisor_id": a.supervisor_id,
             "preference_rank": a.preference_rank, "km": round(a.km, 1), "pinned": a.pinned}
            for a in assignments]


def options_of(settings: dict) -> dict:
    """The options and side rules a plan was made with, as given (saved with the plan)."""
    side = settings.get("side") or {}
    return {"strict_preferences": bool(settings.get("strict_preferences")),
            "keep_pins": settings.get("keep_pins"),
            "max_per_programme": side.get("max_per_programme_per_team"),
            "together": side.get("together", []), "apart": side.get("apart", []),
            "lottery_seed": settings.get("lottery_seed", 0), "seed": settings.get("seed", 0),
            "workers": settings.get("workers", 1), "time_limit": settings.get("time_limit")}


def options_text(options: dict) -> str:
    """The options in a line: 'at most 1 per programme per team; R01 with R02; ...'."""
    parts = ["only teams they listed"] if options["strict_preferences"] else []
    if options["keep_pins"]:
        parts.append(f"pins kept from plan {options['keep_pins']!r}")
    if options["max_per_programme"] is not None:
        parts.append(f"at most {options['max_per_programme']} per programme per team")
    parts += [f"{a} with {b}" for a, b in options["together"]]
    parts += [f"{a} apart from {b}" for a, b in options["apart"]]
    parts.append(f"lottery seed {options['lottery_seed']}")
    parts.append(f"solver seed {options['seed']}, {options['workers']} worker"
                 f"{'s' if options['workers'] != 1 else ''}, "
                 + (f"time limit {options['time_limit']:g} s" if options["time_limit"]
                    else "no time limit"))
    return "; ".join(parts)


def _programme_view(rows: list[dict]) -> View:
    return View("By programme", ["programme", "trainees", "placed", "no team", "teams full",
                                 "places left"],
                [[r["label"], r["trainees"], r["placed"], r["no_eligible_team"],
                  r["eligible_teams_full"], r["places_left"]] for r in rows],
                caption="Not placed because no team they can reach is eligible (no team) or "
                        "because every team they could go to is full (teams full). Places left: "
                        "more trainees of the programme that teams with room and a free "
                        "eligible supervisor could still take.",
                justify={c: RIGHT for c in ("trainees", "placed", "no team", "teams full",
                                            "places left")})


def _plan_payload(name, cycle, instance, solution, explanations) -> dict:
    """The plan as JSON; `explanations` (unplaced trainees' team-by-team reasons) only
    when asked for, as nationally they cost more than the solve."""
    from workforce.placements.explain import reason_lines, unplaced_summary
    from workforce.placements.summary import by_programme, employment_errors

    reasons = {e.trainee_id: reason_lines(e) for e in explanations or ()}
    programme = {a.trainee_id: a.programme for a in instance.applicants}

    return {
        "plan": {"name": name, "cycle": cycle, "status": solution.status,
                 "seed": solution.settings["seed"], "solver": solution.solver,
                 "lottery_seed": solution.settings["lottery_seed"],
                 "solver_version": f"OR-Tools {solution.settings['ortools']}",
                 "workers": solution.settings["workers"],
                 "time_limit": solution.settings["time_limit"],
                 "seconds": round(solution.seconds, 3), "interrupted": solution.interrupted,
                 "strict_preferences": instance.strict_preferences,
                 "side_rules": solution.settings["side_rules"],
                 "stages": solution.settings["stages"],
                 "stage_bounds": solution.settings["stage_bounds"],
                 "options": options_of(solution.settings)},
        "summary": {"trainees": len(instance.applicants), "placed": solution.placed,
                    "upper_bound": solution.upper_bound,
                    "preference_cost": solution.preference_cost},
        "by_programme": [asdict(row) for row in by_programme(instance, solution)],
        "data_errors": employment_errors(instance, solution),
        "assignments": _assignment_rows(solution.assignments),
        "unassigned": [{"trainee_id": t, "programme": programme[t],
                        "summary": unplaced_summary(solution.open_to[t]),
                        **({"reasons": reasons[t]} if explanations is not None else {})}
                       for t in solution.unassigned],
    }


def _plan_views(payload: dict) -> list[View]:
    summary = payload["summary"]
    plan = payload["plan"]
    return [
        View(f"Placements: {summary['placed']} of {summary['trainees']} placed "
             f"(at most {summary['upper_bound']} possible), preference cost "
             f"{summary['preference_cost']}",
             ["trainee", "team", "supervisor", "choice", "km", "pinned"],
             [[a["trainee_id"], a["team_id"], a["supervisor_id"],
               a["preference_rank"] or "unlisted", a["km"], a["pinned"] or ""]
              for a in payload["assignments"]],
             caption=f"{plan['status']} by {plan['solver']} ({plan['solver_version']}) in "
                     f"{plan['seconds']:.2f}s. Options: {options_text(plan['options'])}.",
             justify={"km": RIGHT}),
        View("Not placed", ["trainee", "programme", "why"],
             [[u["trainee_id"], u["programme"], u["summary"]] for u in payload["unassigned"]],
             empty="every trainee in the cycle is placed"),
        _programme_view(payload["by_programme"]),
    ]


@placements.command()
@click.option("--cycle", help="Placement cycle, e.g. 2026-27 [default: the current one].")
@click.option("--time-limit", type=click.FloatRange(min=0.1), help="Seconds for CP-SAT.")
@click.option("--seed", type=int, default=0, show_default=True, help="CP-SAT random seed.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="CP-SAT search workers (1 is reproducible).")
@click.option("--strict-preferences", is_flag=True,
              help="Only place trainees in teams they listed.")
@click.option("--keep-pins", "keep_pins", metavar="PLAN",
              help="Keep the placements pinned in this saved plan.")
@click.option("--max-per-programme", type=click.IntRange(min=0),
              help="At most N trainees of one programme in a team.")
@click.option("--together", multiple=True, metavar="A:B", help="Place A and B in one team.")
@click.option("--apart", multiple=True, metavar="A:B", help="Never place A and B together.")
@click.option("--lottery-seed", type=int, default=0, show_default=True,
              help="Seed of the lottery that settles full ties between trainees.")
@click.option("--save", metavar="NAME", help="Save the plan under NAME.")
@click.option("--replace", is_flag=True, help="With --save, overwrite a plan of that name.")
@click.option("--reasons", is_flag=True,
              help="Give each unplaced trainee's reasons team by team (slower nationally).")
@click.option("--by-programme", "programmes_only", is_flag=True,
              help="Show only the summary by programme, for course leads (CSV included).")
@report_options
@pass_app
def plan(app: App, cycle, time_limit, seed, workers, strict_preferences, keep_pins,
         max_per_programme, together, apart, lottery_seed, save, replace, reasons,
         programmes_only, fmt, output, export) -> None:
    """Plan the cycle's placements: most trainees placed, then best preferences, then teams
    short of level 2/3 staff. Ctrl-C keeps the best plan found so far."""
    from workforce.placements.explain import Placed, explain
    from workforce.placements.instance import SideRules
    from workforce.placements.planning import plan_cycle
    from workforce.placements.store import save_plan

    engine, ref = app.engine(), app.reference()
    cycle = cycle or _current_cycle(engine)
    side = SideRules(max_per_programme, tuple(_pair(t) for t in together),
                     tuple(_pair(t) for t in apart))
    stop = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        with solving(f"Planning {cycle}") as update:
            instance, solution = plan_cycle(
                engine, ref, cycle, strict_preferences, keep_pins, side, seed=seed,
                workers=workers, time_limit=time_limit, on_progress=update, stop=stop,
                lottery_seed=lottery_seed)
    finally:
        signal.signal(signal.SIGINT, previous)
    if solution.interrupted or stop.is_set():
        warn("Stopped by Ctrl-C: this is the best plan found so far, not proven optimal.")
    explanations = explain(instance, [Placed(a.trainee_id, a.team_id, a.supervisor_id)
                                      for a in solution.assignments],
                           only=set(solution.unassigned)) if reasons else None
    payload = _plan_payload(save, cycle, instance, solution, explanations)
    for error in payload["data_errors"]:
        warn(f"Data error: {error}")
    if save:
        save_plan(engine, save, cycle, solution, replace=replace)
    if programmes_only:
        emit({k: payload[k] for k in ("plan", "summary", "by_programme")},
             [_programme_view(payload["by_programme"])], fmt, output, export,
             heading=f"Placement plan {cycle} by programme")
    else:
        emit(payload, _plan_views(payload), fmt, output, export,
             heading=f"Placement plan {cycle}")
    if save and fmt == "table":
        say(f"Saved as plan {save!r}.")


def _current_cycle(engine) -> str:
    from sqlmodel import Session

    from workforce.errors import UserError
    from workforce.store.overview import current_cycle

    with Session(engine) as session:
        cycle = current_cycle(session)
    if cycle is None:
        raise UserError("no placement cycle contains today or starts later: give --cycle, "
                        "or import this cycle's trainees first")
    return cycle


def _explain_views(explanations) -> list[View]:
    from workforce.placements.explain import holder_text

    views = []
    for e in explanations:
        rows = [[r.team_id, r.rank or "", r.km, "yes" if r.eligible else "no",
                 "; ".join(r.reasons),
                 ", ".join(holder_text(h) for h in r.held_by)] for r in e.teams]
        views.append(View(f"{e.trainee_id} ({e.programme}): {e.summary}",
                          ["team", "their rank", "km", "eligible", "why not", "places held by"],
                          rows, justify={"km": RIGHT}, scope={"trainee": e.trainee_id},
                          name="teams considered", empty=_nothing_to_compare(e)))
    return views


def _nothing_to_compare(e) -> str:
    """Why a trainee's explanation lists no team."""
    if e.placed and e.rank == 1:
        return f"placed at their first choice, {e.team_id}: no team they ranked higher"
    if e.placed:
        return f"placed at {e.team_id}: no team they ranked above it"
    return ("no team to consider: they list no preferences and no team is within their "
            "travel limit; add preferences with `workforce import trainees FILE`")


@placements.command("explain")
@click.argument("plan_name", metavar="PLAN")
@click.argument("trainee", required=False)
@report_options
@pass_app
def explain_(app: App, plan_name, trainee, fmt, output, export) -> None:
    """Why each trainee (or TRAINEE) was placed where they were, or not placed."""

    from workforce.placements.explain import Placed, explain
    from workforce.placements.planning import saved_instance

    saved, instance, _ = saved_instance(app.engine(), app.reference(), plan_name)
    explanations = explain(instance, [Placed(a.trainee_id, a.team_id, a.supervisor_id)
                                      for a in saved.assignments], trainee)
    emit({"plan": plan_name, "explanations": [asdict(e) for e in explanations]},
         _explain_views(explanations), fmt, output, export,
         heading=f"Plan {plan_name}: explanations")


@placements.command()
@click.argument("plan_name", metavar="PLAN")
@report_options
@pass_app
def stability(app: App, plan_name, fmt, output, export) -> None:
    """Blocking pairs: trainees and teams who would both rather be matched to each other."""

    from workforce.placements.explain import Placed
    from workforce.placements.planning import saved_instance
    from workforce.placements.stability import blocking_pairs

    saved, instance, _ = saved_instance(app.engine(), app.reference(), plan_name)
    pairs = blocking_pairs(instance, [Placed(a.trainee_id, a.team_id, a.supervisor_id)
                                      for a in saved.assignments])
    emit({"plan": plan_name, "stable": not pairs, "blocking_pairs": [asdict(p) for p in pairs]},
         [View(f"Blocking pairs in {plan_name}: {len(pairs) or 'none, the plan is stable'}",
               ["trainee", "would rather", "their rank", "now in", "team would let go"],
               [[p.trainee_id, p.team_id, p.trainee_rank or "unlisted",
                 p.current_team or "unplaced", p.displaces or "(free place)"] for p in pairs],
               empty="no trainee and team would both rather be matched to each other",
               caption="Teams prefer trainees who ranked them higher, then later training "
                       "years, then those whose course requires the placement, then the "
                       f"plan's lottery (seed {saved.plan.lottery_seed}).")],
         fmt, output, export)


def _change_views(title: str, changes: dict) -> list[View]:
    rows = [[kind, c.trainee_id, c.before or "unplaced", c.after or "unplaced"]
            for kind in ("gained", "moved", "lost") for c in changes[kind]]
    return [View(title, ["change", "trainee", "before", "after"], rows,
                 empty="no trainee gained, lost or changed a placement")]


@placements.command()
@click.argument("plan_name", metavar="PLAN")
@click.option("--add-capacity", multiple=True, metavar="TEAM:PROGRAMME:N",
              help="N more supervision places for PROGRAMME in TEAM.")
@click.option("--add-supervisor", multiple=True, metavar="STAFF_ID",
              help="Let this member of staff supervise.")
@click.option("--keep-placed", is_flag=True,
              help="Move as few of PLAN's placements as possible (once the most are placed).")
@report_options
@pass_app
def whatif(app: App, plan_name, add_capacity, add_supervisor, keep_placed, fmt, output,
           export) -> None:
    """Re-plan PLAN's cycle with extra capacity and show the placements gained and changed.
    PLAN's pins, side rules and options are kept."""
    from workforce.placements.planning import (
        ExtraCapacity,
        compare,
        plan_cycle,
        side_rules_of,
        still_blocked,
    )
    from workforce.placements.store import load_plan

    if not add_capacity and not add_supervisor:
        raise click.UsageError("give --add-capacity TEAM:PROGRAMME:N or --add-supervisor ID")
    engine, ref = app.engine(), app.reference()
    saved = load_plan(engine, plan_name)
    extras = [ExtraCapacity.parse(t, ref) for t in add_capacity]
    before = {a.trainee_id: a.team_id for a in saved.assignments}
    instance, solution = plan_cycle(
        engine, ref, saved.plan.cycle_id, bool(saved.plan.strict_preferences),
        keep_pins_from=plan_name, side=side_rules_of(saved.settings), extra_capacity=extras,
        extra_supervisors=set(add_supervisor), seed=saved.plan.seed, workers=saved.plan.workers,
        time_limit=saved.plan.time_limit, lottery_seed=saved.plan.lottery_seed,
        base=before if keep_placed else None)
    changes = compare(before, {a.trainee_id: a.team_id for a in solution.assignments})
    blocked = ([] if any(changes.values()) else
               still_blocked(instance, solution, extras, set(add_supervisor)))
    options = options_of({**saved.settings, "lottery_seed": saved.plan.lottery_seed})
    payload = {"plan": plan_name, "options": options, "keep_placed": keep_placed,
               "placed_before": saved.plan.placed, "placed_after": solution.placed,
               "upper_bound": solution.upper_bound,
               "moved_from_base": len(changes["moved"]) + len(changes["lost"]),
               **{k: [asdict(c) for c in v] for k, v in changes.items()},
               "unchanged_because": blocked,
               "assignments": _assignment_rows(solution.assignments)}
    views = _change_views(f"What if: {saved.plan.placed} -> {solution.placed} placed",
                          changes)
    views[0].caption = f"Kept from {plan_name}: {options_text(options)}."
    if blocked:
        views.append(View("Nothing changed: what still blocks each trainee it was meant to "
                          "help", ["trainee", "team", "why not"],
                          [[b["trainee_id"], b["team_id"], "; ".join(b["reasons"])]
                           for b in blocked]))
    emit(payload, views, fmt, output, export)


@placements.command()
@click.argument("plan_a")
@click.argument("plan_b")
@report_options
@pass_app
def diff(app: App, plan_a, plan_b, fmt, output, export) -> None:
    """Placements that differ between two saved plans."""

    from workforce.placements.planning import compare
    from workforce.placements.store import load_plan

    a, b = load_plan(app.engine(), plan_a), load_plan(app.engine(), plan_b)
    changes = compare({x.trainee_id: x.team_id for x in a.assignments},
                      {x.trainee_id: x.team_id for x in b.assignments})
    emit({"from": plan_a, "to": plan_b, **{k: [asdict(c) for c in v]
                                           for k, v in changes.items()}},
         _change_views(f"{plan_a} -> {plan_b}", changes), fmt, output, export)


@placements.command("list")
@report_options
@pass_app
def list_(app: App, fmt, output, export) -> None:
    """Saved plans, with the settings that reproduce each."""
    from workforce.placements.store import list_plans

    plans = list_plans(app.engine())
    rows = [{"name": p.name, "cycle": p.cycle_id, "created_at": p.created_at, "status": p.status,
             "placed": p.placed, "upper_bound": p.upper_bound,
             "preference_cost": p.preference_cost, "solver": p.solver,
             "solver_version": p.solver_version, "seed": p.seed, "workers": p.workers,
             "time_limit": p.time_limit, "lottery_seed": p.lottery_seed,
             "options": options_of({**json.loads(p.settings or "{}"),
                                    "lottery_seed": p.lottery_seed})} for p in plans]
    emit({"plans": rows}, [View("Saved plans", ["name", "cycle", "status", "placed", "bound",
                                                "cost", "solver", "options"],
                                [[r["name"], r["cycle"], r["status"], r["placed"],
                                  r["upper_bound"], r["preference_cost"], r["solver"],
                                  options_text(r["options"])] for r in rows],
                                empty="no saved plans yet: `workforce placements plan --cycle "
                                      "C --save NAME`")],
         fmt, output, export)


@placements.command("pin")
@click.argument("plan_name", metavar="PLAN")
@click.argument("trainee")
@click.option("--unpin", is_flag=True, help="Release the pin instead.")
@pass_app
def pin_(app: App, plan_name, trainee, unpin) -> None:
    """Pin TRAINEE's placement in PLAN, so `plan --keep-pins PLAN` keeps it."""
    from workforce.placements.store import pin
    from workforce.store.people import person_name

    person_name(app.engine(), "trainee", trainee)  # refuse an unknown trainee by name
    row = pin(app.engine(), plan_name, trainee, unpin)
    say(f"{'Unpinned' if unpin else 'Pinned'} {trainee} -> {row.team_id} "
        f"(supervisor {row.supervisor_id or 'erased on request'}) in plan {plan_name!r}.")


def demo(app: App) -> None:
    """Plan the sample region's current cycle, save it as 'demo', explain one unplaced."""
    from workforce.placements.explain import Placed, explain
    from workforce.placements.planning import plan_cycle
    from workforce.placements.store import save_plan

    engine, ref = app.engine(), app.reference()
    cycle = _current_cycle(engine)
    instance, solution = plan_cycle(engine, ref, cycle)
    save_plan(engine, "demo", cycle, solution, replace=True)
    payload = _plan_payload("demo", cycle, instance, solution, None)
    emit(payload, _plan_views(payload), heading=f"Placement plan {cycle} (saved as 'demo')")
    if solution.unassigned:
        emit({}, _explain_views(explain(instance, [
            Placed(a.trainee_id, a.team_id, a.supervisor_id) for a in solution.assignments],
            solution.unassigned[0])))


COMMANDS = [placements]
