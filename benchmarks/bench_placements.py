"""Placement planner at national scale, against a bare OR-Tools min-cost flow of the same
network, measured in the same run (these machines are noisy, so compare ratios).

Run: python benchmarks/bench_placements.py [--quick]
Prints: the command a user runs, `workforce placements plan --format json -o FILE`, end to
end on a database holding the instance (start-up, database read, solve, validation, JSON
written) with its peak memory; the bare flow's time and the ratio; the planner's solve
alone; the same command with side rules the plain plan breaks (500 `--apart` pairs, 500
`--together` pairs, and `--max-per-programme 1` with the apart pairs), each with its
solver, status and the preference cost's proven bound; and, for a 2,000 x 200 instance
with capacities only, the `matching` library's HospitalResident (build + solve +
stability).
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.national_instance import national, write_database  # noqa: E402
from workforce.placements.flow import build_network  # noqa: E402
from workforce.placements.instance import load_instance  # noqa: E402
from workforce.placements.prepare import prepare  # noqa: E402
from workforce.placements.solve import solve  # noqa: E402
from workforce.reference import load_reference  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def planner(size: dict) -> dict:
    """The planner end to end on a fresh instance: candidates, network, solve, supervisors."""
    instance = national(**size)
    started = time.perf_counter()
    result = solve(instance)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "placed": result.placed, "bound": result.upper_bound,
            "status": result.status, "peak_mb": peak_mb()}


def bare_flow(size: dict, url: str) -> dict:
    """Only OR-Tools: load the arcs the command builds from the database (the same
    candidate pairs and costs) and solve max-flow with min cost."""
    from workforce.placements.planning import short_teams
    from workforce.store.db import get_engine

    ref = load_reference()
    engine = get_engine(url)
    instance = load_instance(engine, ref, "national", short_teams(engine, ref))
    net = build_network(instance, prepare(instance))
    started = time.perf_counter()
    flows = net.solve()
    seconds = time.perf_counter() - started
    placed = int(flows[net.choices].sum())
    return {"seconds": seconds, "placed": placed, "arcs": len(net.tails), "peak_mb": peak_mb()}


def database(size: dict, url: str) -> dict:
    write_database(national(**size), Path(url.removeprefix("sqlite:///")))
    return {}


def command(size: dict, url: str, options: tuple[str, ...] = ()) -> dict:
    """`workforce placements plan` as a user runs it, in its own process."""
    out = Path(url.removeprefix("sqlite:///")).with_suffix(".json")
    started = time.perf_counter()
    subprocess.run([str(Path(sys.executable).with_name("workforce")), "--db", url, "placements",
                    "plan", "--cycle", "national", "--format", "json", "-o", str(out),
                    *options], check=True, capture_output=True)
    seconds = time.perf_counter() - started
    data = json.loads(out.read_text())
    summary, plan = data["summary"], data["plan"]
    return {"seconds": seconds, "placed": summary["placed"], "bound": summary["upper_bound"],
            "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "solver": plan["solver"], "status": plan["status"],
            "preference": (plan["stage_bounds"] or {}).get("preference_cost"),
            "assignments": {a["trainee_id"]: a["team_id"] for a in data["assignments"]}}


def side_rule_options(size: dict, plain: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """Side rules the plain plan breaks: 500 pairs it put in one team kept apart, and 500
    pairs it put in different teams that could share one kept together."""
    instance = national(**size)
    teams_of = prepare(instance).table.teams_of(sorted(plain))
    could_go: dict[str, list[str]] = {}
    for trainee_id in sorted(plain):
        for team_id in teams_of[trainee_id]:
            could_go.setdefault(team_id, []).append(trainee_id)
    by_team: dict[str, list[str]] = {}
    for trainee_id, team_id in sorted(plain.items()):
        by_team.setdefault(team_id, []).append(trainee_id)
    apart = [ids[:2] for ids in by_team.values() if len(ids) > 1][:500]
    together: list[tuple[str, str]] = []
    used: set[str] = set()
    for a in sorted(plain):
        partner = next((b for team_id in teams_of[a] for b in could_go[team_id]
                        if b not in used and a not in used and plain[b] != plain[a]), None)
        if partner is not None and len(together) < 500:
            together.append((a, partner))
            used |= {a, partner}
    pairs = {"--apart": apart, "--together": together}
    return {"500 --apart pairs": tuple(o for p in apart for o in ("--apart", ":".join(p))),
            "500 --together pairs": tuple(o for p in together
                                          for o in ("--together", ":".join(p))),
            "--max-per-programme 1 and the 500 --apart pairs":
                ("--max-per-programme", "1",
                 *(o for p in pairs["--apart"] for o in ("--apart", ":".join(p))))}


def hospital_resident(residents: int = 2000, hospitals: int = 200) -> dict:
    from matching.games import HospitalResident

    sys.setrecursionlimit(100_000)  # the library deep-copies its linked players
    rng = random.Random(3)
    started = time.perf_counter()
    resident_prefs = {f"r{i}": rng.sample([f"h{j}" for j in range(hospitals)], 10)
                      for i in range(residents)}
    hospital_prefs = {f"h{j}": [] for j in range(hospitals)}
    for r, prefs in resident_prefs.items():
        for h in prefs:
            hospital_prefs[h].append(r)
    for h in hospital_prefs:
        rng.shuffle(hospital_prefs[h])
    capacities = {h: rng.randint(5, 15) for h in hospital_prefs}
    game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
    game.solve(optimal="resident")
    stable = game.check_stability()
    return {"seconds": time.perf_counter() - started, "stable": stable}


def child(kind: str, size: dict, url: str = "", options: tuple[str, ...] = ()) -> dict:
    """Run one measurement in its own process, so peak memory is its own."""
    out = subprocess.run([sys.executable, __file__, "--child", kind, json.dumps(size), url,
                          json.dumps(options)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    if "--child" in sys.argv:
        kind, size, url = sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
        options = tuple(json.loads(sys.argv[5]))
        if kind == "planner":
            print(json.dumps(planner(size)))
        elif kind == "command":
            print(json.dumps(command(size, url, options)))
        else:
            print(json.dumps({"bare": bare_flow, "db": database}[kind](size, url)))
        return
    quick = "--quick" in sys.argv
    size = ({"trainees": 1000, "teams": 200, "supervisors": 600} if quick else
            {"trainees": 10_000, "teams": 2_000, "supervisors": 6_000})
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/national.sqlite"
        child("db", size, url)
        bare = child("bare", size, url)
        cmd = child("command", size, url)
        sides = {name: child("command", size, url, options) for name, options
                 in side_rule_options(size, cmd["assignments"]).items()}
    plan = child("planner", size)
    print(f"instance: {size['trainees']:,} trainees, {size['teams']:,} teams, "
          f"{size['supervisors']:,} supervisors, {bare['arcs']:,} arcs")
    print(f"bare OR-Tools min-cost flow: {bare['seconds']:.2f} s (placed {bare['placed']:,})")
    print(f"`workforce placements plan --format json -o FILE`, end to end: "
          f"{cmd['seconds']:.2f} s (placed {cmd['placed']:,} of bound {cmd['bound']:,}), "
          f"peak {cmd['peak_mb']:.0f} MB")
    print(f"ratio command / bare flow:   {cmd['seconds'] / bare['seconds']:.1f}x")
    print(f"planner's solve alone:       {plan['seconds']:.2f} s (placed {plan['placed']:,} "
          f"of bound {plan['bound']:,}, {plan['status']}), peak {plan['peak_mb']:.0f} MB")
    for name, side in sides.items():
        pref = side["preference"] or {}
        print(f"with {name}, end to end: {side['seconds']:.1f} s "
              f"({side['seconds'] / bare['seconds']:.1f}x the bare flow), peak "
              f"{side['peak_mb']:.0f} MB; {side['solver']} {side['status']}, placed "
              f"{side['placed']:,} of bound {side['bound']:,}; preference cost "
              f"{pref.get('value')} against a proven bound of {pref.get('bound')} "
              f"(gap {pref.get('gap_pct')}%)")
    hr = hospital_resident()
    print(f"matching HospitalResident 2,000 x 200 (build + solve + stability): "
          f"{hr['seconds']:.2f} s, stable={hr['stable']}")


if __name__ == "__main__":
    main()
