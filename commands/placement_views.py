"""What the placement commands show: each plan, explanation and what-if as JSON and as
tables (`View`s), and the one-table shapes CSV and spreadsheets take."""

from __future__ import annotations

from dataclasses import asdict

from commands.render import View

RIGHT = "right"

def assignment_rows(assignments, programme_of: dict[str, str]) -> list[dict]:
    return [{"trainee_id": a.trainee_id, "programme": programme_of[a.trainee_id],
             "team_id": a.team_id, "supervisor_id": a.supervisor_id,
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


def programme_view(rows: list[dict]) -> View:
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


def plan_payload(name, cycle, instance, solution, explanations) -> dict:
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
        "assignments": assignment_rows(solution.assignments, programme),
        "unassigned": [{"trainee_id": t, "programme": programme[t],
                        "summary": unplaced_summary(solution.open_to[t]),
                        **({"reasons": reasons[t]} if explanations is not None else {})}
                       for t in solution.unassigned],
    }


def plan_views(payload: dict) -> list[View]:
    summary = payload["summary"]
    plan = payload["plan"]
    return [
        View(f"Placements: {summary['placed']} of {summary['trainees']} placed "
             f"(at most {summary['upper_bound']} possible), preference cost "
             f"{summary['preference_cost']}",
             ["trainee", "programme", "team", "supervisor", "choice", "km", "pinned"],
             [[a["trainee_id"], a["programme"], a["team_id"], a["supervisor_id"],
               a["preference_rank"] or "unlisted", a["km"], a["pinned"] or ""]
              for a in payload["assignments"]],
             caption=f"{plan['status']} by {plan['solver']} ({plan['solver_version']}) in "
                     f"{plan['seconds']:.2f}s. Options: {options_text(plan['options'])}.",
             justify={"km": RIGHT}, name="placements"),
        View("Not placed", ["trainee", "programme", "why"],
             [[u["trainee_id"], u["programme"], u["summary"]] for u in payload["unassigned"]],
             empty="every trainee in the cycle is placed"),
        programme_view(payload["by_programme"]),
    ]


def explain_views(explanations) -> list[View]:
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


def change_views(title: str, changes: dict) -> list[View]:
    rows = [[kind, c.trainee_id, c.before or "unplaced", c.after or "unplaced"]
            for kind in ("gained", "moved", "lost") for c in changes[kind]]
    return [View(title, ["change", "trainee", "before", "after"], rows,
                 empty="no trainee gained, lost or changed a placement")]


def explain_table(explanations) -> View:
    """Every explanation in one table, a row per trainee and team considered (one row
    for a trainee placed at their first choice, who has no other team to explain)."""
    from workforce.placements.explain import holder_text

    rows = []
    for e in explanations:
        rows += [[e.trainee_id, e.programme, e.summary, r.team_id, r.rank or "", r.km,
                  "yes" if r.eligible else "no", "; ".join(r.reasons),
                  ", ".join(holder_text(h) for h in r.held_by)] for r in e.teams] or [
            [e.trainee_id, e.programme, e.summary, "", "", "", "", "", ""]]
    return View("Explanations", ["trainee_id", "programme", "summary", "team", "their rank",
                                 "km", "eligible", "why not", "places held by"], rows)
