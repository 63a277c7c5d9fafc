"""The bid report for every area, end to end as a user runs it, protected and not, in one
run: the issue's case of many small areas (one team of 1 to 4 staff each), where nearly
every figure about people is about very few of them.

Protection (the cell key method, workforce.disclosure.cellkey) keys each figure's noise on
its records and searches nothing, so the protected command must take at most 3 times the
unprotected one (--no-suppress). The script exits 1 if it does not.

Run: python benchmarks/bench_bid.py [--quick]
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

#: Protected may take at most this many times as long as unprotected.
LIMIT = 3.0


def timed(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "workforce", *args], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def compare(areas: int) -> tuple[float, float]:
    """Seconds for `report bid --all --format json` on `areas` one-team areas of 1 to 4
    staff: unprotected, then protected."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "region.sqlite"
        generate(path, staff=areas * 5 // 2, teams=areas, areas=areas)
        summarise(path)
        db = ["--db", f"sqlite:///{path}", "report", "bid", "--all", "--format", "json",
              "-o", str(Path(tmp) / "bid.json")]
        return timed(*db, "--no-suppress"), timed(*db)


def main() -> int:
    areas = 30 if "--quick" in sys.argv else 150
    print(f"report bid --all --format json, {areas} areas of one team of 2-3 staff, "
          f"end to end (a new process each run)")
    plain, protected = compare(areas)
    ratio = protected / plain
    print(f"  {plain:6.1f} s unprotected, {protected:6.1f} s protected: {ratio:4.2f}x "
          f"(limit {LIMIT:g}x)")
    return 0 if ratio <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
