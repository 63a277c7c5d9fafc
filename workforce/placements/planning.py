"""Plan a cycle from the database: gather the instance, solve, validate; and ask "what if".

Every plan returned here has passed the independent validator.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from workforce.errors import CannotDo, NotFound, UserError
from workforce.placements.instance import Instance, SideRules, Supervisor, load_instance
from workforce.placements.side_rules import check_names
from workforce.placements.solution import Progress, Solution
from workforce.placements.solve import solve
from workforce.placements.store import load_plan, pins_of
from workforce.placements.validate import violations
from workforce.reference import ReferenceData
from workforce.store.matching import ERASED


@dataclass(frozen=True)
class ExtraCapacity:
    """A hypothetical supervision place: N more trainees of a programme in a team."""

    team_id: str
    programme: str
    places: int

    @classmethod
    def parse(cls, text: str, ref: ReferenceData) -> ExtraCapacity:
        parts = text.split(":")
        if len(parts) != 3 or not parts[2].strip().isdigit() or int(parts[2]) < 1:
            raise UserError(f"--add-capacity {text!r}: use TEAM:PROGRAMME:N, e.g. "
                            "T01:music_therapy:1")
        if parts[1] not in ref.placement.programmes:
            raise UserError(f"--add-capacity {text!r}: {parts[1]!r} is not a programme "
                            f"({', '.join(ref.placement.programmes)})")
        return cls(parts[0], parts[1], int(parts[2]))


def short_teams(engine: Engine, ref: ReferenceData) -> set[str]:
    """Teams the gap report shows short of level 2/3 staff."""
    from workforce.competencies.gaps import gap_report

    return {t.team_id for t in gap_report(engine, ref).teams if t.short}


def with_extra_capacity(instance: Instance, extras: list[ExtraCapacity]) -> Instance:
    """Add N places for a programme in a team: a supervisor who takes N trainees of that
    programme and no other, with room for them beyond the team's own places (so a place
    added for music therapy never takes in a clinical psychology trainee)."""
    teams = {t.team_id for t in instance.teams}
    places: dict[tuple[str, str], int] = {}
    for extra in extras:
        if extra.team_id not in teams:
            raise NotFound(f"no team {extra.team_id!r}: see `workforce export teams`")
        key = (extra.team_id, extra.programme)
        places[key] = places.get(key, 0) + extra.places
    added = tuple(Supervisor(
        f"new:{team_id}:{programme}", team_id,
        instance.programmes[programme].supervisor_professions[0],
        max(instance.band_rank.values()), 3, dt.date(1900, 1, 1), n, added_for=programme)
        for (team_id, programme), n in sorted(places.items()))
    return instance.with_changes(supervisors=instance.supervisors + added)


def cycles_of(engine: Engine, side: SideRules) -> dict[str, str]:
    """The cycle of each trainee the side rules name, for those the database holds."""
    from sqlalchemy import select
    from sqlmodel import Session

    from workforce.store.models import Trainee

    named = sorted({t for pair in (*side.together, *side.apart) for t in pair})
    if not named:
        return {}
    with Session(engine) as session:
        return dict(session.execute(select(Trainee.trainee_id, Trainee.cycle_id)
                                    .where(Trainee.trainee_id.in_(named))).all())


def side_rules_of(settings: dict) -> SideRules:
    """The side rules a saved plan was made with, from its settings; a pair with a trainee
    erased since binds no one."""
    side = settings.get("side") or {}

    def pairs(rule: str) -> tuple[tuple[str, str], ...]:
        return tuple(tuple(p) for p in side.get(rule, ()) if ERASED not in p)

    return SideRules(side.get("max_per_programme_per_team"), pairs("together"),
                     pairs("apart"))


def solve_checked(instance: Instance, **options) -> Solution:
    solution = solve(instance, **options)
    problems = violations(instance, [(a.trainee_id, a.team_id, a.supervisor_id)
                                     for a in solution.assignments])
    if problems:
        raise CannotDo("the plan failed validation, so it is not shown: " + "; ".join(problems))
    return solution


def plan_cycle(engine: Engine, ref: ReferenceData, cycle: str, strict_preferences: bool = False,
               keep_pins_from: str | None = None, side: SideRules | None = None,
               extra_capacity: list[ExtraCapacity] = (), extra_supervisors: set[str] = frozenset(),
               seed: int = 0, workers: int = 1, time_limit: float | None = None,
               on_progress: Progress | None = None, stop: threading.Event | None = None,
               lottery_seed: int = 0, base: dict[str, str] | None = None
               ) -> tuple[Instance, Solution]:
    """Plan `cycle`; with `base` (trainee -> team), move as few trainees from it as
    possible once the most are placed."""
    pins = pins_of(load_plan(engine, keep_pins_from)) if keep_pins_from else {}
    instance = load_instance(engine, ref, cycle, short_teams(engine, ref), strict_preferences,
                             pins, side, extra_supervisors, lottery_seed)
    instance = instance.with_changes(base=dict(base or {}))
    check_names(instance, cycles_of(engine, instance.side))
    if extra_capacity:
        instance = with_extra_capacity(instance, list(extra_capacity))
    solution = solve_checked(instance, seed=seed, workers=workers, time_limit=time_limit,
                             on_progress=on_progress, stop=stop)
    solution.settings["keep_pins"] = keep_pins_from
    return instance, solution


def saved_instance(engine: Engine, ref: ReferenceData, name: str):
    """A saved plan and the instance it was made for, as it stands in the database now."""
    saved = load_plan(engine, name)
    settings = saved.settings
    instance = load_instance(engine, ref, saved.plan.cycle_id, short_teams(engine, ref),
                             bool(saved.plan.strict_preferences), pins_of(saved),
                             side_rules_of(settings), lottery_seed=saved.plan.lottery_seed)
    return saved, instance, settings


def pin_place(engine: Engine, ref: ReferenceData, plan_name: str, trainee_id: str,
              team_id: str) -> tuple[str, str]:
    """Where `pin PLAN TRAINEE --team TEAM` pins the trainee: the team, with the eligible
    supervisor there who has the most places free in the plan and room beside its other
    pins (ties by staff id). Refused, naming every rule, when the team cannot take them."""
    from collections import Counter

    from workforce.placements.feasibility import eligible_supervisors, why_not
    from workforce.placements.prepare import prepare

    saved, instance, _ = saved_instance(engine, ref, plan_name)
    applicant = next((a for a in instance.applicants if a.trainee_id == trainee_id), None)
    if applicant is None:
        raise NotFound(f"no trainee {trainee_id!r} in cycle {instance.cycle_id} of plan "
                       f"{plan_name!r}")
    team = next((t for t in instance.teams if t.team_id == team_id), None)
    if team is None:
        raise NotFound(f"no team {team_id!r}: see `workforce export teams`")
    reasons = why_not(instance, applicant, team)
    sups = eligible_supervisors(instance).get((team_id, applicant.programme), [])
    if reasons or not sups:
        raise CannotDo(f"cannot pin {trainee_id} in {team_id}: "
                       + "; ".join(reasons or ["no eligible supervisor there"]))
    load = Counter(a.supervisor_id for a in saved.assignments if a.trainee_id != trainee_id)
    pins = {t: p for t, p in instance.pins.items() if t != trainee_id}
    problem = ""
    for s in sorted(sups, key=lambda s: (load[s.staff_id] - s.capacity, s.staff_id)):
        try:
            prepare(instance.with_changes(pins={**pins, trainee_id: (team_id, s.staff_id)}))
        except CannotDo as e:  # full with the plan's other pins: try the next supervisor
            problem = str(e)
            continue
        return team_id, s.staff_id
    raise CannotDo(f"cannot pin {trainee_id} in {team_id} beside the plan's other pins: "
                   f"{problem}")


def still_blocked(instance: Instance, solution: Solution, extras: list[ExtraCapacity],
                  added: list[dict]) -> tuple[list[dict], list[str]]:
    """For a what-if that changed nothing: each unplaced trainee the extra capacity was
    meant to help (of its programme, or one an added supervisor may take, `added` as
    `added_supervisors` gives it), with the rules that still keep them out of that team;
    and why nothing changed where no such trainee is left (an added supervisor who brings
    nothing, or no unplaced trainee of the programmes)."""
    from workforce.placements.feasibility import why_not

    teams = {t.team_id: t for t in instance.teams}
    targets = [(e.team_id, e.programme) for e in extras]
    targets += [(s["team_id"], p) for s in added for p in s["programmes"]]
    unplaced = [a for a in instance.applicants if a.trainee_id in set(solution.unassigned)]
    out = []
    for team_id, programme in targets:
        for a in unplaced:
            if a.programme == programme:
                reasons = [r for r in why_not(instance, a, teams[team_id])  # its own room
                           if not r.startswith("team_capacity:")] or [
                    "eligible, but the plan's priorities give the place to others"]
                out.append({"trainee_id": a.trainee_id, "team_id": team_id,
                            "reasons": reasons})
    notes = [f"{s['staff_id']} adds no supervision place: " + (
        "already a supervisor" if s["already_supervisor"] else "eligible for no programme")
        for s in added if not s["programmes"]]
    helped = sorted({p for _, p in targets})
    if helped and not out:
        notes.append(f"no trainee of {', '.join(helped)} is left unplaced")
    return out, notes


def added_supervisors(engine: Engine, instance: Instance, staff_ids: set[str]) -> list[dict]:
    """What each member of staff `whatif --add-supervisor` names brings: the programmes
    they may now supervise, or why adding them changes nothing (already a supervisor, or
    eligible for no programme, each programme's failed rules named)."""
    from sqlalchemy import select
    from sqlmodel import Session

    from workforce.placements.feasibility import SUPERVISOR_RULES
    from workforce.store.models import Staff

    if not staff_ids:
        return []
    with Session(engine) as session:
        already = set(session.scalars(select(Staff.staff_id).where(
            Staff.staff_id.in_(sorted(staff_ids)), Staff.supervisor.is_(True))))
    out = []
    for s in sorted((s for s in instance.supervisors if s.staff_id in staff_ids),
                    key=lambda s: s.staff_id):
        failed = {p: [f"{name}: {msg}" for name, rule in SUPERVISOR_RULES.items()
                      if (msg := rule(instance, p, s))] for p in instance.programmes}
        programmes = [p for p, problems in failed.items() if not problems]
        if s.staff_id in already:
            note = "already a supervisor: their places are in the plan, so nothing is added"
        elif not programmes:
            note = "eligible for no programme: " + "; ".join(
                f"{p}: {', '.join(problems)}" for p, problems in failed.items())
        else:
            note = "may supervise " + ", ".join(programmes)
        out.append({"staff_id": s.staff_id, "team_id": s.team_id,
                    "already_supervisor": s.staff_id in already,
                    "programmes": [] if s.staff_id in already else programmes, "note": note})
    return out


@dataclass(frozen=True)
class Change:
    trainee_id: str
    before: str | None  # team, or None when unplaced
    after: str | None


def compare(before: dict[str, str], after: dict[str, str]) -> dict[str, list[Change]]:
    """Placements gained, lost and moved between two plans (trainee -> team)."""
    out: dict[str, list[Change]] = {"gained": [], "lost": [], "moved": []}
    for trainee in sorted(set(before) | set(after)):
        b, a = before.get(trainee), after.get(trainee)
        if b == a:
            continue
        kind = "gained" if b is None else "lost" if a is None else "moved"
        out[kind].append(Change(trainee, b, a))
    return out
