"""The bid report for every area, end to end as a user runs it, with and without
small-number suppression, on regions of many small areas (where most band figures are
about 1 to 4 people, so suppression has the most to do).

The baseline is the same command with --no-suppress, measured in the same run: the ratio
is what withholding figures safely costs.

Run: python benchmarks/bench_bid.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_competencies import generate, summarise  # noqa: E402

#: (staff, teams): the generator makes one area per 50 teams.
REGIONS = ((120, 500), (400, 1_000), (400, 2_000))


def timed(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "workforce", *args], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    print("report bid --all --format json, end to end (a new process each run)")
    for staff, teams in REGIONS:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "region.sqlite"
            generate(path, staff, teams)
            summarise(path)
            db = ["--db", f"sqlite:///{path}", "report", "bid", "--all", "--format", "json",
                  "-o", str(Path(tmp) / "bid.json")]
            plain = timed(*db, "--no-suppress")
            withheld = timed(*db)
        print(f"  {teams // 50:>3} areas, {staff:>4} staff: {withheld:6.1f} s with suppression, "
              f"{plain:5.1f} s without, {withheld / plain:5.1f}x")


if __name__ == "__main__":
    main()
