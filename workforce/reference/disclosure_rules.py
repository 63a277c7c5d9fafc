"""How published reports protect the people behind them (data/disclosure.yaml): which
figures are personal, and the cell key method's noise for counts and FTE."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workforce.reference.checks import Checker, date_text
from workforce.reference.files import PathLike, load_yaml, reference_path


@dataclass(frozen=True)
class Noise:
    """The offsets a cell key chooses among, and the least value a nonzero figure shows."""

    offsets: tuple[float, ...]
    floor: float

    @property
    def least(self) -> float:
        """The smallest noise: how far every published figure is from the true one."""
        return min(abs(o) for o in self.offsets)

    @property
    def most(self) -> float:
        return max(abs(o) for o in self.offsets)


@dataclass(frozen=True)
class DisclosureRules:
    as_of: str
    source: str
    personal: tuple[str, ...]
    organisational: tuple[str, ...]
    counts: Noise
    fte: Noise
    path: Path


def load_disclosure_rules(path: PathLike = None) -> DisclosureRules:
    source = reference_path("disclosure.yaml", path)
    raw = load_yaml(source)
    check = Checker(source)
    return DisclosureRules(
        date_text(check.get(raw, "as_of", object, "top level")),
        check.get(raw, "source", str, "top level"),
        tuple(check.get(raw, "personal", list, "top level")),
        tuple(check.get(raw, "organisational", list, "top level")),
        _noise(check, raw, "counts", int), _noise(check, raw, "fte", float), source)


def _noise(check: Checker, raw: dict, key: str, kind: type) -> Noise:
    section = check.get(raw, key, dict, "top level")
    offsets = check.get(section, "noise", list, key)
    for i, offset in enumerate(offsets):
        if isinstance(offset, bool) or not isinstance(offset, (int, float)) or (
                kind is int and not isinstance(offset, int)):
            expected = "a whole number" if kind is int else "a number"
            raise check.fail(f"{key}.noise[{i}]", f"expected {expected}, got {offset!r}")
        if offset == 0:
            raise check.fail(f"{key}.noise[{i}]", "0 would publish a figure as it is")
    if not offsets or abs(sum(offsets)) > 1e-9:
        raise check.fail(f"{key}.noise", "expected offsets that add up to 0, so the noise "
                                         "has no bias")
    floor = check.positive(section, "floor", kind, key)
    return Noise(tuple(kind(o) for o in offsets), floor)
