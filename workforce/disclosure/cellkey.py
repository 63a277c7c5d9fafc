"""The cell key method (ONS, Census 2021): noise that survives differencing.

Every person's record has a secret key: 64 random-looking bits from a keyed hash of the
record's id under a secret held in the database and never published. A figure about a set
of people has the sum of their keys (mod 2**64) as its cell key, and the cell key chooses
the noise added to the figure. So the same people always give the same figure (asking
again, at another pay point, in another format or another set of areas gives nothing
new), while one person more or fewer gives an unrelated key and noise: a difference of
two figures is a difference of two noisy ones. No search and no solving: each figure is
protected on its own, in time linear in the report.

Figures worked out from protected ones (a band's gap and its cost, totals over bands and
areas) are worked out from the protected values, never from the true ones.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

from workforce.reference.disclosure_rules import DisclosureRules, Noise

BITS = 64
#: Which half of a cell key chooses the noise of a count, and which the noise of an FTE,
#: so that the two figures about the same people have unrelated noise.
COUNT, FTE = 0, 1


class CellKeys:
    """Record keys under one database's secret, and the noise they give figures."""

    def __init__(self, secret: bytes, rules: DisclosureRules):
        self.secret, self.rules = secret, rules

    def record(self, kind: str, record_id: str) -> int:
        """The record key of staff member or trainee `record_id` (`kind` "staff" or
        "trainee")."""
        digest = hmac.new(self.secret, f"{kind}:{record_id}".encode(), hashlib.sha256)
        return int.from_bytes(digest.digest()[:BITS // 8], "big")

    def cell(self, kind: str, record_ids: Iterable[str]) -> int:
        """The cell key of a figure about these records."""
        return sum(self.record(kind, r) for r in set(record_ids)) % 2 ** BITS

    def count(self, value: int, kind: str, record_ids: Iterable[str]) -> int:
        return int(perturb(value, self.cell(kind, record_ids), self.rules.counts, COUNT))

    def fte(self, value: float, kind: str, record_ids: Iterable[str]) -> float:
        return round(perturb(value, self.cell(kind, record_ids), self.rules.fte, FTE), 2)


def perturb(value: float, key: int, noise: Noise, half: int) -> float:
    """`value` with the noise its cell key chooses. A zero (no one) stays zero; a result
    below the floor takes the noise's other sign, so a nonzero figure never shows as 0 and
    is never shown as it is."""
    if not value:
        return value
    draw = (key >> (32 * (1 - half))) & 0xFFFFFFFF  # one 32-bit half of the key
    offset = noise.offsets[draw * len(noise.offsets) >> 32]
    shown = value + offset
    return shown if shown >= noise.floor else value + abs(offset)
