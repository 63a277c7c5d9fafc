"""Placement cycle names: `YYYY-YY` with consecutive years, and no two that differ only in
punctuation, so that a mistyped `2026/27` is refused instead of becoming a new cycle."""

from __future__ import annotations

import re
from collections.abc import Iterable

CYCLE_NAME = re.compile(r"(\d{4})-(\d{2})")


def name_problem(cycle: str) -> str | None:
    """What is wrong with `cycle` as a cycle name with no cycle_starts_on, or None."""
    match = CYCLE_NAME.fullmatch(cycle)
    if match is None:
        return ("is not a cycle name: use YYYY-YY (e.g. 2026-27), or give cycle_starts_on "
                "for a cycle named otherwise")
    first, second = int(match[1]), int(match[2])
    if first == 0:
        return "is not a cycle name: the calendar has no year 0 (e.g. 2026-27)"
    if (first + 1) % 100 != second:
        return (f"is not a cycle name: the years must be consecutive "
                f"(e.g. {first}-{(first + 1) % 100:02d})")
    return None


def _key(cycle: str) -> str:
    return re.sub(r"[\W_]", "", cycle.lower())


def near_duplicates(names: Iterable[str], existing: Iterable[str]) -> dict[str, str]:
    """Each new name that differs only in case or punctuation from another cycle (one in
    `existing`, or an earlier one in `names`), mapped to that cycle."""
    known = {_key(c): c for c in existing}
    clashes = {}
    for name in names:
        other = known.setdefault(_key(name), name)
        if other != name:
            clashes[name] = other
    return clashes
