"""`workforce placements ...`: plan trainee placements under supervision capacity."""

from __future__ import annotations

import json
import signal
import threading
from dataclasses import asdict

import click

from commands.context import App, pass_app
from commands.options import OnceGroup
from commands.placement_views import (
    assignment_rows,
    change_views,
    explain_table,
    explain_views,
    options_of,
    options_text,
    plan_payload,
    plan_views,
    programme_view,
)
from commands.render import View, emit, report_options, say, solving, warn


@click.group(cls=OnceGroup)
def placements() -> None:
    """Place this cycle's trainees with supervisors who can take them, and explain why."""


def show(payload, views: list[View], fmt: str, output, export, heading: str = "",
         table: View | None = None, sheets: list[View] | None = None) -> None:
    """Emit a report; CSV as `table` (every row in one table) when given, and
    `--export FILE.xlsx` as a workbook of `sheets` (else every view), a sheet a table."""
    from pathlib import Path

    if export is not None and Path(export).suffix.lower() == ".xlsx":
        from commands.spreadsheet import write_xlsx

        write_xlsx(sheets or views, Path(export))
        export = None
    if fmt == "csv" and table is not None:
        views = [table]
    emit(payload, views, fmt, output, export, heading=heading)


def _pair(text: str) -> tuple[str, str]:
    parts = text.split(":")
    if len(parts) != 2 or not all(parts):
        raise click.BadParameter(f"{text!r}: use TRAINEE:TRAINEE, e.g. R01:R02")
    return parts[0], parts[1]


@placements.command()
@click.option("--cycle", help="Placement cycle, e.g. 2026-27 [default: the current one].")
@click.option("--time-limit", type=click.FloatRange(min=0.1),
              help="Seconds for CP-SAT or the mixed-integer programme.")
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
    payload = plan_payload(save, cycle, instance, solution, explanations)
    for error in payload["data_errors"]:
        warn(f"Data error: {error}")
    if save:
        save_plan(engine, save, cycle, solution, replace=replace)
    if programmes_only:
        show({k: payload[k] for k in ("plan", "summary", "by_programme")},
             [programme_view(payload["by_programme"])], fmt, output, export,
             heading=f"Placement plan {cycle} by programme")
    else:
        show(payload, plan_views(payload), fmt, output, export,
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
    table = explain_table(explanations)
    show({"plan": plan_name, "explanations": [asdict(e) for e in explanations]},
         explain_views(explanations), fmt, output, export,
         heading=f"Plan {plan_name}: explanations", table=table, sheets=[table])


@placements.command()
@click.argument("plan_name", metavar="PLAN")
@report_options
@pass_app
def stability(app: App, plan_name, fmt, output, export) -> None:
    """Blocking pairs: trainees and teams who would both rather be matched to each other."""

    from workforce.placements.explain import Placed
    from workforce.placements.planning import saved_instance
    from workforce.placements.stability import LEFT_OUT, stability

    saved, instance, _ = saved_instance(app.engine(), app.reference(), plan_name)
    found = stability(instance, [Placed(a.trainee_id, a.team_id, a.supervisor_id)
                                 for a in saved.assignments])
    pairs = found.pairs
    left_out = [{"rule": rule, "pairs": n, "why": LEFT_OUT[rule]}
                for rule, n in sorted(found.left_out.items())]
    views = [View(f"Blocking pairs left out, as the hard rules forbid them: "
                  f"{sum(r['pairs'] for r in left_out)}", ["rule", "pairs", "why"],
                  [[r["rule"], r["pairs"], r["why"]] for r in left_out])] if left_out else []
    show({"plan": plan_name, "stable": not pairs, "blocking_pairs": [asdict(p) for p in pairs],
          "left_out": left_out},
         [View(f"Blocking pairs in {plan_name}: {len(pairs) or 'none, the plan is stable'}",
               ["trainee", "would rather", "their rank", "now in", "team would let go"],
               [[p.trainee_id, p.team_id, p.trainee_rank or "unlisted",
                 p.current_team or "unplaced", p.displaces or "(free place)"] for p in pairs],
               empty="no trainee and team would both rather be matched to each other",
               caption="Teams prefer trainees who ranked them higher, then later training "
                       "years, then those whose course requires the placement, then the "
                       f"plan's lottery (seed {saved.plan.lottery_seed}). Pairs the hard "
                       "rules forbid are left out"
                       + (", and counted below." if left_out else " (none here)."),
               ), *views],
         fmt, output, export)


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
        added_supervisors,
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
    added = added_supervisors(engine, instance, set(add_supervisor))
    blocked, notes = (([], []) if any(changes.values()) else
                      still_blocked(instance, solution, extras, added))
    options = options_of({**saved.settings, "lottery_seed": saved.plan.lottery_seed})
    payload = {"plan": plan_name, "options": options, "keep_placed": keep_placed,
               "placed_before": saved.plan.placed, "placed_after": solution.placed,
               "upper_bound": solution.upper_bound,
               "moved_from_base": len(changes["moved"]) + len(changes["lost"]),
               **{k: [asdict(c) for c in v] for k, v in changes.items()},
               "added_supervisors": added, "unchanged_because": blocked,
               "nothing_changed_because": notes,
               "assignments": assignment_rows(solution.assignments, {
                   a.trainee_id: a.programme for a in instance.applicants})}
    views = change_views(f"What if: {saved.plan.placed} -> {solution.placed} placed",
                         changes)
    views[0].caption = f"Kept from {plan_name}: {options_text(options)}."
    if added:
        views.append(View("Supervisors added", ["staff", "team", "what they bring"],
                          [[s["staff_id"], s["team_id"], s["note"]] for s in added]))
    if blocked:
        views.append(View("Nothing changed: what still blocks each trainee it was meant to "
                          "help", ["trainee", "team", "why not"],
                          [[b["trainee_id"], b["team_id"], "; ".join(b["reasons"])]
                           for b in blocked]))
    if notes:
        views.append(View("Nothing changed because", ["why"], [[n] for n in notes]))
    show(payload, views, fmt, output, export)


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
    show({"from": plan_a, "to": plan_b, **{k: [asdict(c) for c in v]
                                           for k, v in changes.items()}},
         change_views(f"{plan_a} -> {plan_b}", changes), fmt, output, export)


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
    show({"plans": rows}, [View("Saved plans", ["name", "cycle", "status", "placed", "bound",
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
@click.option("--team", "team_id", metavar="TEAM",
              help="Pin TRAINEE into TEAM (placed there or not), with an eligible supervisor.")
@click.option("--unpin", is_flag=True, help="Release the pin instead.")
@pass_app
def pin_(app: App, plan_name, trainee, team_id, unpin) -> None:
    """Pin TRAINEE where PLAN placed them, or into --team TEAM, so `plan --keep-pins PLAN`
    keeps them there and places the others around them."""
    from workforce.placements.planning import pin_place
    from workforce.placements.store import pin
    from workforce.store.people import person_name

    if team_id and unpin:
        raise click.UsageError("give --team TEAM or --unpin, not both")
    engine = app.engine()
    person_name(engine, "trainee", trainee)  # refuse an unknown trainee by name
    to = pin_place(engine, app.reference(), plan_name, trainee, team_id) if team_id else None
    team, supervisor = pin(engine, plan_name, trainee, unpin, to)
    say(f"{'Unpinned' if unpin else 'Pinned'} {trainee} -> {team} "
        f"(supervisor {supervisor or 'erased on request'}) in plan {plan_name!r}."
        + ("" if unpin else f" Re-plan with `workforce placements plan --keep-pins "
                            f"{plan_name}`."))


def demo(app: App) -> None:
    """Plan the sample region's current cycle, save it as 'demo', explain one unplaced."""
    from workforce.placements.explain import Placed, explain
    from workforce.placements.planning import plan_cycle
    from workforce.placements.store import save_plan

    engine, ref = app.engine(), app.reference()
    cycle = _current_cycle(engine)
    instance, solution = plan_cycle(engine, ref, cycle)
    save_plan(engine, "demo", cycle, solution, replace=True)
    payload = plan_payload("demo", cycle, instance, solution, None)
    emit(payload, plan_views(payload), heading=f"Placement plan {cycle} (saved as 'demo')")
    if solution.unassigned:
        emit({}, explain_views(explain(instance, [
            Placed(a.trainee_id, a.team_id, a.supervisor_id) for a in solution.assignments],
            solution.unassigned[0])))


COMMANDS = [placements]
