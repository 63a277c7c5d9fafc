"""How published reports protect the people behind them (data/disclosure.yaml): which
figures are personal, and the cell key method's noise for counts and FTE."""

from __future__ import annotations

from collections.abc import Collection
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
    #: The team definition's rules that turn on a person's AiMH level.
    personal_rules: tuple[str, ...]
    counts: Noise
    fte: Noise
    path: Path


def load_disclosure_rules(path: PathLike = None,
                          rule_ids: Collection[str] | None = None) -> DisclosureRules:
    """The rules of `path`; `rule_ids`, the team definition's rules, checks personal_rules."""
    source = reference_path("disclosure.yaml", path)
    raw = load_yaml(source)
    check = Checker(source)
    personal_rules = tuple(check.get(raw, "personal_rules", list, "top level"))
    for i, rule in enumerate(personal_rules):
        if rule_ids is not None and rule not in rule_ids:
            raise check.fail(f"personal_rules[{i}]", f"{rule!r} is not a rule of the team "
                             f"definition ({', '.join(rule_ids)})")
    return DisclosureRules(
        date_text(check.get(raw, "as_of", object, "top level")),
        check.get(raw, "source", str, "top level"),
        tuple(check.get(raw, "personal", list, "top level")),
        tuple(check.get(raw, "organisational", list, "top level")), personal_rules,
        _noise(check, raw, "counts", int), _noise(check, raw, "fte", float), source)


def _noise(check: Checker, raw: dict, key: str, kind: type) -> Noise:
    """Offsets from `least` to `most` either way in steps of `step`: symmetric, so the
    noise has no bias, and never 0."""
    section = check.get(raw, key, dict, "top level")
    least, most, step, floor = (check.positive(section, name, kind, key)
                                for name in ("least", "most", "step", "floor"))
    if most < least:
        raise check.fail(f"{key}.most", f"expected at least `least` ({least}), got {most}")
    steps = round((most - least) / step)
    if abs(least + steps * step - most) > 1e-9:
        raise check.fail(f"{key}.step", f"{step} does not divide {most} - {least} evenly")
    sizes = [kind(round(least + i * step, 6)) for i in range(steps + 1)]
    return Noise((*(-s for s in reversed(sizes)), *sizes), floor)
