"""Placement planner at national scale, against a bare OR-Tools min-cost flow of the same
network, measured in the same run (these machines are noisy, so compare ratios).

Run: python benchmarks/bench_placements.py [--quick]
Prints: the command a user runs, `workforce placements plan --format json -o FILE`, end to
end on a database holding the instance (start-up, database read, solve, validation, JSON
written) with its peak memory; the bare flow's time and the ratio; the planner's solve
alone; the same instance with side rules under CP-SAT; and, for a 2,000 x 200 instance
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
from workforce.placements.instance import SideRules, load_instance  # noqa: E402
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


def command(size: dict, url: str) -> dict:
    """`workforce placements plan` as a user runs it, in its own process."""
    out = Path(url.removeprefix("sqlite:///")).with_suffix(".json")
    started = time.perf_counter()
    subprocess.run([str(Path(sys.executable).with_name("workforce")), "--db", url, "placements",
                    "plan", "--cycle", "national", "--format", "json", "-o", str(out)],
                   check=True, capture_output=True)
    seconds = time.perf_counter() - started
    summary = json.loads(out.read_text())["summary"]
    return {"seconds": seconds, "placed": summary["placed"], "bound": summary["upper_bound"],
            "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def side_rules(size: dict) -> dict:
    """At most one trainee of a programme per team, and 500 pairs kept apart that the plain
    plan puts together (so CP-SAT has work to do)."""
    plain = national(**size)
    together: dict[str, list[str]] = {}
    for a in solve(plain).assignments:
        together.setdefault(a.team_id, []).append(a.trainee_id)
    pairs = tuple((ids[0], ids[1]) for ids in together.values() if len(ids) > 1)[:500]
    instance = plain.with_changes(side=SideRules(max_per_programme_per_team=1, apart=pairs))
    started = time.perf_counter()
    result = solve(instance, time_limit=30, workers=2)
    return {"seconds": time.perf_counter() - started, "placed": result.placed,
            "bound": result.upper_bound, "status": result.status, "solver": result.solver,
            "stages": result.settings["stages"], "bounds": result.settings["stage_bounds"],
            "gap_pct": round(100 * (result.upper_bound - result.placed)
                             / max(result.upper_bound, 1), 2)}


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


def child(kind: str, size: dict, url: str = "") -> dict:
    """Run one measurement in its own process, so peak memory is its own."""
    out = subprocess.run([sys.executable, __file__, "--child", kind, json.dumps(size), url],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    if "--child" in sys.argv:
        kind, size, url = sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
        runs = {"planner": planner, "side": side_rules}
        with_db = {"bare": bare_flow, "db": database, "command": command}
        print(json.dumps(runs[kind](size) if kind in runs else with_db[kind](size, url)))
        return
    quick = "--quick" in sys.argv
    size = ({"trainees": 1000, "teams": 200, "supervisors": 600} if quick else
            {"trainees": 10_000, "teams": 2_000, "supervisors": 6_000})
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/national.sqlite"
        child("db", size, url)
        bare = child("bare", size, url)
        cmd = child("command", size, url)
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
    side = child("side", size)
    print(f"with side rules (1 per programme per team, 500 pairs apart): "
          f"{side['seconds']:.1f} s, {side['solver']} {side['status']}, placed "
          f"{side['placed']:,} of flow bound {side['bound']:,} ({side['gap_pct']}% below); "
          f"stages: {side['stages']}; each stage's value, CP-SAT bound and gap: "
          f"{side['bounds']}")
    hr = hospital_resident()
    print(f"matching HospitalResident 2,000 x 200 (build + solve + stability): "
          f"{hr['seconds']:.2f} s, stable={hr['stable']}")


if __name__ == "__main__":
    main()
