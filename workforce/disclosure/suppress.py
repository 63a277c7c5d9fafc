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

from workforce.disclosure.metrics import Metric

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
    links = _Links(cells, identities, derived)
    withheld = {key for key, metric in cells.items() if metric.small}
    withheld |= _dependents(withheld, derived)
    while True:
        exposed = _solvable(withheld, links.index)
        if not exposed:
            return withheld
        withheld |= {_complement(key, cells, withheld, links) for key in exposed}
        withheld |= _dependents(withheld, derived)


class _Links:
    """How the figures are tied together, worked out once per report: the identities each
    appears in, its neighbours (through identities and derivations), the totals, and the
    figures never worth withholding as a complement."""

    def __init__(self, cells: dict[Key, Metric], identities: list[Identity],
                 derived: dict[Key, list[Key]]):
        self.derived = derived
        self.users = _users(derived)
        self.index = _index(identities)
        self.totals = {i.terms[0][0] for i in identities if i.terms[0][1] < 0}
        self.barred = {k for k, m in cells.items() if not m.value} | set(derived)
        self.neighbours: dict[Key, set[Key]] = {}
        for identity in identities:
            for key in identity.keys():
                self.neighbours.setdefault(key, set()).update(identity.keys())
        for key, sources in derived.items():
            for source in sources:
                self.neighbours.setdefault(key, set()).add(source)
                self.neighbours.setdefault(source, set()).add(key)


def _dependents(withheld: set[Key], derived: dict[Key, list[Key]],
                users: dict[Key, list[Key]] | None = None) -> set[Key]:
    """`withheld` with every figure derived, directly or not, from one of them."""
    users = _users(derived) if users is None else users
    out, frontier = set(withheld), list(withheld)
    while frontier:
        for key in users.get(frontier.pop(), ()):
            if key not in out:
                out.add(key)
                frontier.append(key)
    return out


def _users(derived: dict[Key, list[Key]]) -> dict[Key, list[Key]]:
    """The figures derived from each figure."""
    users: dict[Key, list[Key]] = {}
    for key, sources in derived.items():
        for source in sources:
            users.setdefault(source, []).append(key)
    return users


def _solvable(withheld: set[Key], index: dict[Key, list[Identity]]) -> set[Key]:
    """The withheld figures the identities determine when only withheld figures are
    unknown. The system falls apart into blocks of withheld figures linked by identities,
    and each block is solved on its own (a few figures each, not the whole report)."""
    out: set[Key] = set()
    seen: set[Key] = set()
    for key in sorted(withheld):
        if key not in seen:
            block, rows = _block(key, withheld, index)
            seen |= block
            out |= _determined(block, rows)
    return out


def _index(identities: list[Identity]) -> dict[Key, list[Identity]]:
    """The identities each figure appears in."""
    index: dict[Key, list[Identity]] = {}
    for identity in identities:
        for key in identity.keys():
            index.setdefault(key, []).append(identity)
    return index


def _block(start: Key, withheld: set[Key], index: dict[Key, list[Identity]]
           ) -> tuple[set[Key], list[Identity]]:
    """The withheld figures linked to `start` through identities, and those identities."""
    block, rows, frontier = {start}, {}, [start]
    while frontier:
        key = frontier.pop()
        for identity in index.get(key, ()):
            if id(identity) in rows:
                continue
            rows[id(identity)] = identity
            for other in identity.keys():
                if other in withheld and other not in block:
                    block.add(other)
                    frontier.append(other)
    return block, list(rows.values())


def _determined(block: set[Key], identities: list[Identity]) -> set[Key]:
    """Those of `block` whose unit vector lies in the row space of the identities'
    coefficients over the block, i.e. that every solution of the homogeneous system
    leaves at zero."""
    import numpy as np

    unknown = sorted(block)
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


def _exposes(key: Key, withheld: set[Key], index: dict[Key, list[Identity]]) -> bool:
    """Whether the identities determine withheld figure `key`: its block alone decides."""
    return key in _determined(*_block(key, withheld, index))


def _complement(exposed: Key, cells: dict[Key, Metric], withheld: set[Key],
                links: _Links) -> Key:
    """The figure to withhold beside `exposed`, searched outwards from it through the
    identities and through what figures are derived from: the first of the best few whose
    loss hides it. Totals are kept where a part will do; then the nearest, a figure about
    people (whose loss takes what is derived from it too), the smallest. Never a zero,
    which a reader can often tell anyway, nor a figure derived from others (withholding
    it alone hides nothing). The caller repeats until nothing is exposed."""
    totals, barred = links.totals, links.barred

    def part(k: Key) -> bool:
        return k not in withheld and k not in barred and k[0] != "total" and k not in totals

    distance, frontier, parts = {exposed: 0}, [exposed], 0
    while frontier and parts < TRIES:  # nearer parts always rank first: stop once enough
        step = []
        for key in frontier:
            for near in links.neighbours.get(key, ()):
                if near not in distance:
                    distance[near] = distance[key] + 1
                    step.append(near)
        parts += sum(1 for k in step if part(k))
        frontier = [k for k in step if k in withheld or k in barred or k in totals]
    candidates = sorted((k for k in distance if k not in withheld and k not in barred),
                        key=lambda k: (k[0] == "total", k in totals, distance[k],
                                       cells[k].people is None, abs(cells[k].value), k))
    if not candidates:
        raise AssertionError(f"{exposed} is fixed by the identities alone")  # not with real data
    for key in candidates[:TRIES]:  # the first that hides it on its own, if one near does
        hidden = withheld | _dependents({key}, links.derived, links.users)
        if not _exposes(exposed, hidden, links.index):
            return key
    return candidates[0]
