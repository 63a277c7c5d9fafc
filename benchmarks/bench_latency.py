"""Everyday commands on a regional database, end to end as a user runs them, against
`sqlite-utils query` reading the same file in the same run.

Builds the sample region's database, then times each command as a separate process
(interpreter start, imports, schema check, query, rendering), best of N runs each, and
prints its ratio to `sqlite-utils query`, in wall time (the goal: 3x or less) and in CPU
time (steadier on a shared machine). sqlite-utils is a
development dependency (`pip install -e '.[dev]'`); the benchmark refuses to run without
it rather than time a stand-in.

Run: python benchmarks/bench_latency.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workforce.io.sample import load_sample  # noqa: E402
from workforce.reference import load_reference  # noqa: E402
from workforce.store.db import get_engine, migrate  # noqa: E402

GOAL = 3.0
COMMANDS = {
    "competencies gaps": ["competencies", "gaps"],
    "competencies audit --team T01": ["competencies", "audit", "--team", "T01"],
    "competencies progress S005": ["competencies", "progress", "S005"],
    "export staff": ["export", "staff"],
    "report bid --area A1": ["report", "bid", "--area", "A1"],
}
QUERY = "select team_id, count(*), sum(fte) from staff group by team_id"


def best_of(argv: list[str], runs: int) -> tuple[float, float]:
    """The best wall time and the best CPU time (user and system) of `runs` runs. CPU time
    moves less than wall time when other work shares the machine."""
    walls, cpus = [], []
    for _ in range(runs):
        before = _children_cpu()
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - before)
    return min(walls), min(cpus)


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def sqlite_utils() -> str:
    """The real `sqlite-utils` command: beside this interpreter, or on the PATH."""
    beside = Path(sys.executable).with_name("sqlite-utils")
    found = str(beside) if beside.exists() else shutil.which("sqlite-utils")
    if found is None:
        sys.exit("sqlite-utils is not installed: pip install -e '.[dev]' (or pip install "
                 "sqlite-utils) in this environment, then run the benchmark again")
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    baseline = sqlite_utils()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "region.sqlite"
        engine = get_engine(f"sqlite:///{path}")
        migrate(engine)
        load_sample(engine, load_reference())
        workforce = str(Path(sys.executable).with_name("workforce"))
        base, base_cpu = best_of([baseline, "query", str(path), QUERY], runs)
        print(f"sample region ({path.stat().st_size / 1e6:.1f} MB), best of {runs} runs each; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"  {'':<42} {'wall':>7} {'ratio':>6} {'CPU':>7} {'ratio':>6}")
        print(f"  {'sqlite-utils query':<42} {base:6.2f}s {'':>6} {base_cpu:6.2f}s")
        for label, args in COMMANDS.items():
            wall, cpu = best_of([workforce, "--db", f"sqlite:///{path}", *args], runs)
            print(f"  {'workforce ' + label:<42} {wall:6.2f}s {wall / base:5.1f}x "
                  f"{cpu:6.2f}s {cpu / base_cpu:5.1f}x  "
                  f"{'within' if wall / base <= GOAL else 'OVER'} the {GOAL:g}x goal")


if __name__ == "__main__":
    main()
