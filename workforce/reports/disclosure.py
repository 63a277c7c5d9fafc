"""Small-number suppression for the bid report, with secondary suppression.

A figure about 1 to 4 people is withheld (primary suppression). So is any figure from
which a withheld one could be worked out: a figure computed from it (the gap in a band
and its cost give away FTE in post), and enough others in every identity the report
publishes (the bands sum to the area's total, the areas to the report's total) that no
withheld figure can be solved for. The test is exact linear algebra: a withheld figure
is safe when no combination of the published identities isolates it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from workforce.reports.metrics import Metric

Key = tuple[str, str]  # (area id, metric name)
#: How many of the best candidates to try as a complement before taking the best.
TRIES = 6


@dataclass(frozen=True)
class Identity:
    """A linear identity among published figures: sum of coefficient x figure is known
    (from figures that are not about people, such as FTE needed)."""

    terms: tuple[tuple[Key, float], ...]

    def keys(self) -> list[Key]:
        return [key for key, _ in self.terms]


def sum_identity(total: Key, parts: Iterable[Key]) -> Identity:
    return Identity(((total, -1.0), *((part, 1.0) for part in parts)))


def suppress(cells: dict[Key, Metric], identities: list[Identity],
             derived: dict[Key, list[Key]]) -> set[Key]:
    """The figures to withhold: those about 1-4 people, those `derived` from a withheld
    one, and complements chosen until no withheld figure can be solved for."""
    identities = [i for i in identities if all(key in cells for key in i.keys())]
    withheld = {key for key, metric in cells.items() if metric.small}
    withheld |= _dependents(withheld, derived)
    while True:
        exposed = _solvable(withheld, identities)
        if not exposed:
            return withheld
        withheld |= {_complement(key, cells, withheld, identities, derived) for key in exposed}
        withheld |= _dependents(withheld, derived)


def _dependents(withheld: set[Key], derived: dict[Key, list[Key]]) -> set[Key]:
    out = set(withheld)
    changed = True
    while changed:
        changed = False
        for key, sources in derived.items():
            if key not in out and any(s in out for s in sources):
                out.add(key)
                changed = True
    return out


def _solvable(withheld: set[Key], identities: list[Identity]) -> set[Key]:
    """The withheld figures the identities determine when only withheld figures are
    unknown: those whose unit vector lies in the row space of the identities'
    coefficients, i.e. that every solution of the homogeneous system leaves at zero."""
    import numpy as np

    unknown = sorted(withheld)
    column = {k: i for i, k in enumerate(unknown)}
    rows = []
    for identity in identities:
        row = np.zeros(len(unknown))
        for k, coefficient in identity.terms:
            if k in column:
                row[column[k]] += coefficient
        if row.any():
            rows.append(row / np.abs(row).max())
    if not rows:
        return set()
    matrix = np.array(rows)
    if len(rows) < len(unknown):  # square it, so the decomposition gives the whole null space
        matrix = np.vstack([matrix, np.zeros((len(unknown) - len(rows), len(unknown)))])
    _, singular, vt = np.linalg.svd(matrix, full_matrices=False)
    rank = int((singular > 1e-9 * singular[0]).sum())
    null_space = vt[rank:]  # rows spanning the solutions of the homogeneous system
    free = np.abs(null_space).max(axis=0) > 1e-9 if len(null_space) else np.zeros(len(unknown))
    return {key for key, i in column.items() if not free[i]}


def _complement(exposed: Key, cells: dict[Key, Metric], withheld: set[Key],
                identities: list[Identity], derived: dict[Key, list[Key]]) -> Key:
    """The figure to withhold beside `exposed`, searched outwards from it through the
    identities and through what figures are derived from: the first of the best few whose
    loss hides it. Totals are kept where a part will do; then the nearest, a figure about
    people (whose loss takes what is derived from it too), the smallest. Never a zero, which a reader can often tell anyway, nor a
    figure derived from others (withholding it alone hides nothing). The caller repeats
    until nothing is exposed."""
    totals = {i.terms[0][0] for i in identities if i.terms[0][1] < 0}
    barred = {k for k, m in cells.items() if not m.value} | set(derived)
    neighbours: dict[Key, set[Key]] = {}
    for identity in identities:
        for key in identity.keys():
            neighbours.setdefault(key, set()).update(identity.keys())
    for key, sources in derived.items():
        for source in sources:
            neighbours.setdefault(key, set()).add(source)
            neighbours.setdefault(source, set()).add(key)
    distance, frontier = {exposed: 0}, [exposed]
    while frontier:
        step = []
        for key in frontier:
            for near in neighbours.get(key, ()):
                if near not in distance:
                    distance[near] = distance[key] + 1
                    step.append(near)
        frontier = [k for k in step if k in withheld or k in barred or k in totals]
    candidates = sorted((k for k in distance if k not in withheld and k not in barred),
                        key=lambda k: (k[0] == "total", k in totals, distance[k],
                                       cells[k].people is None, abs(cells[k].value), k))
    if not candidates:
        raise AssertionError(f"{exposed} is fixed by the identities alone")  # not with real data
    for key in candidates[:TRIES]:  # the first that hides it on its own, if one near does
        hidden = withheld | {key} | _dependents({key}, derived)
        if exposed not in _solvable(hidden, identities):
            return key
    return candidates[0]
