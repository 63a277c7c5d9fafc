"""`workforce placements ...`: plan trainee placements under supervision capacity."""

from __future__ import annotations

import signal
import threading

import click

from commands.context import App, pass_app
from commands.render import View, emit, report_options, say, solving, warn

RIGHT = "right"


@click.group()
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


def _plan_payload(name, cycle, instance, solution, explanations) -> dict:
    from workforce.placements.explain import reason_lines

    return {
        "plan": {"name": name, "cycle": cycle, "status": solution.status,
                 "seed": solution.settings["seed"], "solver": solution.solver,
                 "solver_version": f"OR-Tools {solution.settings['ortools']}",
                 "workers": solution.settings["workers"],
                 "time_limit": solution.settings["time_limit"],
                 "seconds": round(solution.seconds, 3), "interrupted": solution.interrupted,
                 "strict_preferences": instance.strict_preferences,
                 "side_rules": solution.settings["side_rules"],
                 "stages": solution.settings["stages"]},
        "summary": {"trainees": len(instance.applicants), "placed": solution.placed,
                    "upper_bound": solution.upper_bound,
                    "preference_cost": solution.preference_cost},
        "assignments": _assignment_rows(solution.assignments),
        "unassigned": [{"trainee_id": e.trainee_id, "summary": e.summary,
                        "reasons": reason_lines(e)} for e in explanations if not e.placed],
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
             caption=f"{plan['status']} by {plan['solver']} ({plan['solver_version']}, seed "
                     f"{plan['seed']}) in {plan['seconds']:.2f}s",
             justify={"km": RIGHT}),
        View("Not placed", ["trainee", "why"],
             [[u["trainee_id"], u["summary"]] for u in payload["unassigned"]]),
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
@click.option("--save", metavar="NAME", help="Save the plan under NAME.")
@click.option("--replace", is_flag=True, help="With --save, overwrite a plan of that name.")
@report_options
@pass_app
def plan(app: App, cycle, time_limit, seed, workers, strict_preferences, keep_pins,
         max_per_programme, together, apart, save, replace, fmt, output, export) -> None:
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
                workers=workers, time_limit=time_limit, on_progress=update, stop=stop)
    finally:
        signal.signal(signal.SIGINT, previous)
    if solution.interrupted or stop.is_set():
        warn("Stopped by Ctrl-C: this is the best plan found so far, not proven optimal.")
    explanations = explain(instance, [Placed(a.trainee_id, a.team_id, a.supervisor_id)
                                      for a in solution.assignments])
    payload = _plan_payload(save, cycle, instance, solution, explanations)
    if save:
        save_plan(engine, save, cycle, solution, replace=replace)
    emit(payload, _plan_views(payload), fmt, output, export, heading=f"Placement plan {cycle}")
    if save and fmt == "table":
        say(f"Saved as plan {save!r}.")


def _current_cycle(engine) -> str:
    from sqlmodel import Session

    from workforce.errors import UserError
    from workforce.overview import current_cycle

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
                          rows, justify={"km": RIGHT}))
    return views


@placements.command("explain")
@click.argument("plan_name", metavar="PLAN")
@click.argument("trainee", required=False)
@report_options
@pass_app
def explain_(app: App, plan_name, trainee, fmt, output, export) -> None:
    """Why each trainee (or TRAINEE) was placed where they were, or not placed."""
    from dataclasses import asdict

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
    from dataclasses import asdict

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
               caption="Teams prefer trainees who ranked them higher, then later training "
                       "years, then by trainee id.")],
         fmt, output, export)


def _change_views(title: str, changes: dict) -> list[View]:
    rows = [[kind, c.trainee_id, c.before or "unplaced", c.after or "unplaced"]
            for kind in ("gained", "moved", "lost") for c in changes[kind]]
    return [View(title, ["change", "trainee", "before", "after"], rows)]


@placements.command()
@click.argument("plan_name", metavar="PLAN")
@click.option("--add-capacity", multiple=True, metavar="TEAM:PROGRAMME:N",
              help="N more supervision places for PROGRAMME in TEAM.")
@click.option("--add-supervisor", multiple=True, metavar="STAFF_ID",
              help="Let this member of staff supervise.")
@report_options
@pass_app
def whatif(app: App, plan_name, add_capacity, add_supervisor, fmt, output, export) -> None:
    """Re-plan PLAN's cycle with extra capacity and show the placements gained and changed."""
    from dataclasses import asdict

    from workforce.placements.planning import ExtraCapacity, compare, plan_cycle
    from workforce.placements.store import load_plan

    if not add_capacity and not add_supervisor:
        raise click.UsageError("give --add-capacity TEAM:PROGRAMME:N or --add-supervisor ID")
    engine, ref = app.engine(), app.reference()
    saved = load_plan(engine, plan_name)
    extras = [ExtraCapacity.parse(t, ref) for t in add_capacity]
    _, solution = plan_cycle(engine, ref, saved.plan.cycle_id,
                             bool(saved.plan.strict_preferences), keep_pins_from=plan_name,
                             extra_capacity=extras, extra_supervisors=set(add_supervisor),
                             seed=saved.plan.seed, workers=saved.plan.workers,
                             time_limit=saved.plan.time_limit)
    changes = compare({a.trainee_id: a.team_id for a in saved.assignments},
                      {a.trainee_id: a.team_id for a in solution.assignments})
    payload = {"plan": plan_name, "placed_before": saved.plan.placed,
               "placed_after": solution.placed, "upper_bound": solution.upper_bound,
               **{k: [asdict(c) for c in v] for k, v in changes.items()},
               "assignments": _assignment_rows(solution.assignments)}
    emit(payload, _change_views(f"What if: {saved.plan.placed} -> {solution.placed} placed",
                                changes), fmt, output, export)


@placements.command()
@click.argument("plan_a")
@click.argument("plan_b")
@report_options
@pass_app
def diff(app: App, plan_a, plan_b, fmt, output, export) -> None:
    """Placements that differ between two saved plans."""
    from dataclasses import asdict

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
             "time_limit": p.time_limit} for p in plans]
    emit({"plans": rows}, [View("Saved plans", ["name", "cycle", "status", "placed", "bound",
                                                "cost", "solver", "seed"],
                                [[r["name"], r["cycle"], r["status"], r["placed"],
                                  r["upper_bound"], r["preference_cost"], r["solver"], r["seed"]]
                                 for r in rows])], fmt, output, export)


@placements.command("pin")
@click.argument("plan_name", metavar="PLAN")
@click.argument("trainee")
@click.option("--unpin", is_flag=True, help="Release the pin instead.")
@pass_app
def pin_(app: App, plan_name, trainee, unpin) -> None:
    """Pin TRAINEE's placement in PLAN, so `plan --keep-pins PLAN` keeps it."""
    from workforce.people import person_name
    from workforce.placements.store import pin

    person_name(app.engine(), "trainee", trainee)  # refuse an unknown trainee by name
    row = pin(app.engine(), plan_name, trainee, unpin)
    say(f"{'Unpinned' if unpin else 'Pinned'} {trainee} -> {row.team_id} "
        f"(supervisor {row.supervisor_id}) in plan {plan_name!r}.")


def demo(app: App) -> None:
    """Plan the sample region's current cycle, save it as 'demo', explain one unplaced."""
    from workforce.placements.explain import Placed, explain
    from workforce.placements.planning import plan_cycle
    from workforce.placements.store import save_plan

    engine, ref = app.engine(), app.reference()
    cycle = _current_cycle(engine)
    instance, solution = plan_cycle(engine, ref, cycle)
    save_plan(engine, "demo", cycle, solution, replace=True)
    explanations = explain(instance, [Placed(a.trainee_id, a.team_id, a.supervisor_id)
                                      for a in solution.assignments])
    payload = _plan_payload("demo", cycle, instance, solution, explanations)
    emit(payload, _plan_views(payload), heading=f"Placement plan {cycle} (saved as 'demo')")
    unplaced = [e for e in explanations if not e.placed]
    if unplaced:
        emit({}, _explain_views(unplaced[:1]))


COMMANDS = [placements]
