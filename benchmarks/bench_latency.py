"""Everyday commands on a regional database, end to end as a user runs them, against a bare
query tool on the same file.

Builds the sample region's database, then times `workforce competencies gaps`,
`workforce competencies audit --team T01` and `workforce export staff` as separate
processes (interpreter start, imports, schema check, query, rendering), best of N runs
each, against `sqlite-utils query` reading the same file (or, if sqlite-utils is not
installed, a `python -c` that opens the file with sqlite3), and prints each ratio.
The goal is within 3x the baseline.

Run: python benchmarks/bench_latency.py [--runs N]
"""

from __future__ import annotations

import argparse
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
    "export staff": ["export", "staff"],
}
QUERY = "select team_id, count(*), sum(fte) from staff group by team_id"


def best_of(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def baseline(path: Path) -> tuple[str, list[str]]:
    found = shutil.which("sqlite-utils") or (
        str(Path(sys.executable).with_name("sqlite-utils"))
        if Path(sys.executable).with_name("sqlite-utils").exists() else None)
    if found:
        return "sqlite-utils query", [found, "query", str(path), QUERY]
    return "python -c sqlite3 query", [sys.executable, "-c",
                                       f"import sqlite3; print(sqlite3.connect({str(path)!r})"
                                       f".execute({QUERY!r}).fetchall())"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "region.sqlite"
        engine = get_engine(f"sqlite:///{path}")
        migrate(engine)
        load_sample(engine, load_reference())
        workforce = str(Path(sys.executable).with_name("workforce"))
        name, argv = baseline(path)
        base = best_of(argv, runs)
        print(f"sample region ({path.stat().st_size / 1e6:.1f} MB), best of {runs} runs each")
        print(f"  {name + ':':<40} {base:5.2f} s")
        for label, args in COMMANDS.items():
            took = best_of([workforce, "--db", f"sqlite:///{path}", *args], runs)
            print(f"  {'workforce ' + label + ':':<40} {took:5.2f} s  {took / base:4.1f}x "
                  f"{'within' if took / base <= GOAL else 'OVER'} the {GOAL:g}x goal")


if __name__ == "__main__":
    main()
