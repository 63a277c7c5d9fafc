"""A scenario: what a bid funds, year by year, as a YAML file a user can write and edit.

    posts: {2028: {"8b": 1.0}}                     # new funded posts from that year, FTE by band
    supervisor_hours: {2027: 4}                    # bought supervision hours a week, that year
    training: {2027: {level_2: 2, level_3: 0.5}}   # FTE in post given backfilled training
    recruit_to_train: {2027: {cyp_iapt_0_5: 1}}    # trainee posts the area employs, starting then
    placements: {2027: {clinical_psychology: 2}}   # placements the area's teams host that year

Every part is optional. A bad file is rejected whole, with every problem named by line
and field, like a bad import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from workforce.errors import InvalidInput, Problem
from workforce.pipeline.rates import PipelineRates
from workforce.reference import ReferenceData

PARTS = ("posts", "supervisor_hours", "training", "recruit_to_train", "placements")
LEVELS = {"level_2": 2, "level_3": 3}


@dataclass(frozen=True)
class Scenario:
    placements: dict[int, dict[str, int]] = field(default_factory=dict)
    supervisor_hours: dict[int, float] = field(default_factory=dict)
    posts: dict[int, dict[str, float]] = field(default_factory=dict)
    training: dict[int, dict[int, float]] = field(default_factory=dict)
    recruit_to_train: dict[int, dict[str, int]] = field(default_factory=dict)

    def intake(self, year: int) -> dict[str, int]:
        """Trainees the scenario adds that year: hosted placements and recruit-to-train
        posts, by programme."""
        return {**self.placements.get(year, {}), **self.recruit_to_train.get(year, {})}

    def trained(self, year: int) -> dict[int, float]:
        return self.training.get(year, {})

    def hours(self, year: int) -> float:
        return self.supervisor_hours.get(year, 0.0)

    def new_posts(self, year: int) -> dict[str, float]:
        return self.posts.get(year, {})

    def to_dict(self) -> dict[str, Any]:
        """The scenario as saved and as printed in JSON: only what it funds."""
        return {"posts": {y: dict(p) for y, p in sorted(self.posts.items()) if p},
                "supervisor_hours": {y: h for y, h in sorted(self.supervisor_hours.items())
                                     if h},
                "training": {y: {f"level_{n}": f for n, f in sorted(p.items())}
                             for y, p in sorted(self.training.items()) if p},
                "recruit_to_train": {y: dict(p) for y, p in
                                     sorted(self.recruit_to_train.items()) if p},
                "placements": {y: dict(p) for y, p in sorted(self.placements.items()) if p}}


def save_scenario(scenario: Scenario, path: Path) -> None:
    """Save the scenario as YAML, never over a database and never as a traceback."""
    from workforce.store.copies import write_private

    write_private(path, yaml.safe_dump(scenario.to_dict(), sort_keys=False))


def load_scenario(path: Path, ref: ReferenceData, rates: PipelineRates,
                  years: range) -> Scenario:
    """Read and check a scenario for a projection over `years`."""
    name = path.name
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput([Problem(name, None, None, None, f"cannot read: {exc}")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InvalidInput([Problem(name, mark.line + 1 if mark else None, None, None,
                                    "is not valid YAML")]) from None
    checker = _Checker(name, ref, rates, years)
    parts = checker.mapping(root, "") if root is not None else {}
    for key in parts:
        if key not in PARTS:
            checker.problem(parts[key][0], key, key, f"is not a part of a scenario "
                            f"({', '.join(PARTS)})")
    read = {"posts": checker.bands, "supervisor_hours": checker.hours,
            "training": checker.levels, "recruit_to_train": checker.kind("recruit_to_train"),
            "placements": checker.kind("placement")}
    found = {part: checker.by_year(parts.get(part), part, read[part]) for part in PARTS}
    if checker.problems:
        raise InvalidInput(checker.problems)
    return Scenario(**found)


class _Checker:
    """Walks the YAML nodes, so every problem can name its line."""

    def __init__(self, name: str, ref: ReferenceData, rates: PipelineRates, years: range):
        self.name, self.ref, self.rates, self.years = name, ref, rates, years
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node, field_: str, value: object, message: str) -> None:
        self.problems.append(Problem(self.name, node.start_mark.line + 1, field_, value,
                                     message))

    def mapping(self, node: yaml.Node | None, where: str) -> dict[str, tuple[yaml.Node, Any]]:
        """key -> (key node, value node); {} (with a problem) when not a mapping."""
        if node is None:
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, where or "scenario", None, "should be a mapping")
            return {}
        return {k.value: (k, v) for k, v in node.value}

    def by_year(self, entry: tuple[yaml.Node, yaml.Node] | None, part: str, read) -> dict:
        if entry is None or (isinstance(entry[1], yaml.ScalarNode) and entry[1].value in
                             ("", "null", "~")):
            return {}
        out = {}
        first, last = self.years[0], self.years[-1]
        for key, (key_node, value) in self.mapping(entry[1], part).items():
            where = f"{part}.{key}"
            if not key.isdigit():
                self.problem(key_node, where, key, "is not a year")
                continue
            if int(key) not in self.years:
                self.problem(key_node, where, key, f"is outside the projection ({first}-{last})")
                continue
            out[int(key)] = read(value, where)
        return out

    def number(self, node: yaml.Node, where: str, whole: bool) -> float | int | None:
        text = node.value if isinstance(node, yaml.ScalarNode) else None
        try:
            number = int(text) if whole else float(text)
        except (TypeError, ValueError):
            number = None
        if number is None or number < 0 or number != number:
            kind = "a whole number of 0 or more" if whole else "a number of 0 or more"
            self.problem(node, where, text, f"should be {kind}")
            return None
        return number

    def kind(self, kind: str):
        """A reader of trainees by programme, for the programmes of `kind`."""
        known = self.rates.of_kind(kind)

        def programmes(node: yaml.Node, where: str) -> dict[str, int]:
            return self.amounts(node, where, lambda key: key if key in known else None,
                                f"is not a {kind.replace('_', '-')} programme of "
                                f"{self.rates.path.name} ({', '.join(known)})", whole=True)
        return programmes

    def levels(self, node: yaml.Node, where: str) -> dict[int, float]:
        return self.amounts(node, where, LEVELS.get,
                            f"is not a training level ({', '.join(LEVELS)})", whole=False)

    def hours(self, node: yaml.Node, where: str) -> float:
        return self.number(node, where, whole=False) or 0.0

    def bands(self, node: yaml.Node, where: str) -> dict[str, float]:
        bands = self.ref.bands
        open_bands = [b.band for b in bands.bands if b.costed]  # a post must be costed
        return self.amounts(node, where,
                            lambda key: bands.normalise(key) if bands.normalise(key)
                            in open_bands else None,
                            f"is not an open band ({', '.join(open_bands)})", whole=False)

    def amounts(self, node: yaml.Node, where: str, resolve, unknown: str,
                whole: bool) -> dict:
        """A mapping of names (checked and normalised by `resolve`) to amounts; zeros
        are left out."""
        out = {}
        for key, (key_node, value) in self.mapping(node, where).items():
            name = resolve(key)
            if name is None:
                self.problem(key_node, f"{where}.{key}", key, unknown)
                continue
            amount = self.number(value, f"{where}.{key}", whole=whole)
            if amount:
                out[name] = amount
        return out
